"""Sources of the kinds a medical reviewer keeps (issue 27 item 7): every source is a
label, a regulator's page, NCI or NIH, a peer-reviewed journal, the center's own page,
or (for practical matters only) a manufacturer's patient page or a support programme's
own page; every product cites the section of its FDA label a fact comes from.
"""

import pytest
from django.test import override_settings

from journeys.content import source_kinds
from journeys.content.source_kinds import source_kind
from journeys.models import Indication, Product, Source, WarningSign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=x", "label"),
        ("https://www.accessdata.fda.gov/spl/data/x/x.xml", "label"),
        ("https://www.fda.gov/news-events/press-announcements/x", "regulator"),
        ("https://www.cancer.gov/about-cancer/treatment/drugs/x", "nih"),
        ("https://pubmed.ncbi.nlm.nih.gov/34927686/", "nih"),
        ("https://ashpublications.org/bloodadvances/article/8/20/5346/x", "journal"),
        ("https://www.yescarta.com/support", "manufacturer"),
        ("https://www.yescartahcp.com/treatment-process/", None),
        ("https://www.hcp.novartis.com/products/kymriah/", None),
        ("https://en.wikipedia.org/wiki/Lisocabtagene_maraleucel", None),
        ("https://www.drugs.com/dosage/aucatzyl.html", None),
        ("https://mashupmd.com/x", None),
        ("https://www.pipelineevidence.com/drugs/yescarta.html", None),
        ("https://epocrates.com/online/article/x", None),
        ("https://docslib.org/doc/1/x", None),
        ("https://au.advfn.com/stock-market/NYSE/JNJ/x", None),
        ("https://www.medicinecontact.com/blog/tecartus-dosage", None),
        ("https://fda.einnews.com/pr_news/1/x", None),
        ("https://notfda.gov.example.com/x", None),
    ],
)
def test_source_kind_reads_the_host(url, kind):
    assert source_kind(url) == kind


@override_settings(JOURNEYS_CENTER_HOSTS=["cancer.example.org"])
def test_the_centers_own_pages_are_a_kept_kind():
    assert source_kind("https://www.cancer.example.org/car-t/") == "center"


def test_every_source_is_of_a_kept_kind(seeded_db):
    refused = [f"{s.slug} {s.url}" for s in Source.objects.all() if source_kind(s.url) is None]
    assert refused == []


def test_every_product_cites_its_label_by_section(seeded_db):
    missing = []
    for product in Product.objects.prefetch_related("sources"):
        label_sections = [
            s.title
            for s in product.sources.all()
            if source_kind(s.url) == source_kinds.LABEL
            and source_kinds.names_label_section(s.title)
        ]
        if not label_sections:
            missing.append(product.slug)
    assert missing == []


def test_label_sources_name_the_section_they_cite(seeded_db):
    unnamed = [
        s.slug
        for s in Source.objects.all()
        if s.slug.startswith("label-") and not source_kinds.names_label_section(s.title)
    ]
    assert unnamed == []


@pytest.mark.parametrize("model", [Product, Indication, WarningSign])
def test_product_facts_and_warning_signs_never_rest_on_a_manufacturer_page(seeded_db, model):
    practical_only = {source_kinds.MANUFACTURER, source_kinds.SUPPORT}
    through = model.sources.through
    rows = through.objects.select_related("source")
    leaning = sorted({r.source.slug for r in rows if source_kind(r.source.url) in practical_only})
    assert leaning == []


@pytest.mark.parametrize(
    ("prefix", "says"),
    [
        ("", ["FDA drug label or its Medication Guide", "We do not use blogs"]),
        ("/es", ["etiqueta de la FDA o de su Guía del Medicamento", "No usamos blogs"]),
    ],
)
def test_about_says_exactly_what_the_sources_are(client, seeded_db, prefix, says):
    html = client.get(f"{prefix}/about/").content.decode()
    for words in says:
        assert words in html, words
    # Sources are listed under their kind, labels first, each label by its section.
    labels = html.index('id="sources-label"')
    assert labels < html.index('id="sources-nih"') < html.index('id="sources-journal"')
    assert "Prescribing Information, Section 2 Dosage and Administration" in html
    assert 'id="sources-other"' not in html
    assert html.count('rel="noopener noreferrer"') >= Source.objects.count()
