"""Sources that hold up (issue 13): none from the deny-list, none left uncited, and
glossary terms cite pages that support them.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps

from journeys.models import GlossaryTerm, Source

pytestmark = pytest.mark.django_db

# REMS program sites (gone since June 2025), staging hosts, medical-tourism pages,
# unofficial label copies, and a prescriber page that still gives the old 4/8-week rules.
DENIED_HOSTS = [
    re.compile(r"rems\.com$"),
    re.compile(r"^(stage|staging)\."),
    re.compile(r"medtour"),
    re.compile(r"(^|\.)120ty\.net$"),
]
DENIED_URLS = {"https://www.yescartahcp.com/treatment-process/"}


def test_no_source_is_on_the_deny_list(seeded_db):
    denied = []
    for source in Source.objects.all():
        host = (urlsplit(source.url).hostname or "").lower()
        if source.url in DENIED_URLS or any(p.search(host) for p in DENIED_HOSTS):
            denied.append(f"{source.slug} {source.url}")
    assert denied == []


def _cited_source_ids():
    cited = set()
    for model in apps.get_app_config("journeys").get_models():
        for field in model._meta.many_to_many:
            if field.related_model is Source:
                cited |= set(field.remote_field.through.objects.values_list("source_id", flat=True))
    return cited


def test_every_source_is_cited_by_some_item(seeded_db):
    unused = Source.objects.exclude(pk__in=_cited_source_ids())
    assert list(unused.values_list("slug", flat=True)) == []


@pytest.mark.parametrize("slug", ["cytokine", "t-cell", "antigen", "bone-marrow"])
def test_glossary_terms_do_not_cite_the_nci_tecartus_page(seeded_db, slug):
    term = GlossaryTerm.objects.get(slug=slug)
    assert term.sources.exists()
    assert not term.sources.filter(slug="ref-74").exists()


def test_only_terms_the_nci_tecartus_page_speaks_to_cite_it(seeded_db):
    # NCI's Tecartus page names the product, its approved uses and their approval.
    citing = GlossaryTerm.objects.filter(sources__slug="ref-74").values_list("slug", flat=True)
    allowed = {"brexucabtagene-autoleucel", "accelerated-approval", "relapsed", "refractory"}
    assert set(citing) <= allowed


def test_the_new_safety_sources_are_present(seeded_db):
    slugs = set(Source.objects.values_list("slug", flat=True))
    assert {"ref-75", "ref-76", "ref-77", "ref-78", "ref-79", "ref-81"} <= slugs
