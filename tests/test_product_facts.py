"""Product facts a page shows as facts are facts (issue 13, items 4 and the Medication Guide).

A date FACTS.md gives only to the month is shown to the month; an approval type FACTS.md
marks UNCONFIRMED is not shown; every product page links its Medication Guide.
"""

import datetime
import re

import pytest

from journeys.models import Indication, Product

from . import factories

pytestmark = pytest.mark.django_db


def _page(client, product):
    response = client.get(f"/products/{product.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def _approved_line(html):
    match = re.search(r"First approved in the US</dt><dd>([^<]*)</dd>", html)
    assert match, "the product page has no first-approval row"
    return match[1].strip()


def test_a_date_known_to_the_day_shows_the_day(client):
    product = factories.product(first_approval=datetime.date(2017, 8, 30))
    assert _approved_line(_page(client, product)) == "August 30, 2017"


def test_a_date_known_to_the_month_shows_month_and_year_only(client):
    product = factories.product(
        first_approval=datetime.date(2021, 2, 1), first_approval_precision="month"
    )
    assert _approved_line(_page(client, product)) == "February 2021"


def test_the_seeds_mark_breyanzi_and_abecma_dates_as_month_only(seeded_db, client):
    for slug, shown in [("breyanzi", "February 2021"), ("abecma", "March 2021")]:
        product = Product.objects.get(slug=slug)
        assert product.first_approval_precision == "month", slug
        assert _approved_line(_page(client, product)) == shown
    kymriah = Product.objects.get(slug="kymriah")
    assert _approved_line(_page(client, kymriah)) == "August 30, 2017"


def test_admin_shows_the_date_to_its_precision(seeded_db, staff_client):
    html = staff_client.get("/admin/journeys/product/").content.decode()
    assert "February 2021" in html
    assert "Feb. 1, 2021" not in html and "2021-02-01" not in html


# FACTS.md: "do not show approval type for Breyanzi FL or CLL"; Tecartus MCL's current
# status is UNCONFIRMED (it was accelerated in 2020).
UNCONFIRMED_APPROVAL_TYPE = [
    ("breyanzi", "fl-third-line"),
    ("breyanzi", "cll-sll"),
    ("tecartus", "mcl"),
]


def test_unconfirmed_approval_types_are_stored_as_unknown(seeded_db):
    for slug, key in UNCONFIRMED_APPROVAL_TYPE:
        indication = Indication.objects.get(product__slug=slug, key=key)
        assert indication.accelerated is None, (slug, key)


def test_an_unknown_approval_type_is_not_shown(seeded_db, client):
    for slug in ["breyanzi", "tecartus"]:
        html = _page(client, Product.objects.get(slug=slug))
        assert "accelerated approval" not in html, slug
    # A confirmed accelerated approval is still shown (Kymriah FL [73]).
    assert "accelerated approval" in _page(client, Product.objects.get(slug="kymriah"))


def test_abecma_is_made_by_bristol_myers_squibb_only(seeded_db, client):
    abecma = Product.objects.get(slug="abecma")
    assert abecma.manufacturer == "Bristol Myers Squibb"
    page = _page(client, abecma)
    assert "<dt>Made by</dt><dd>Bristol Myers Squibb</dd>" in page and "2seventy" not in page


def test_every_product_page_links_its_medication_guide(seeded_db, client):
    for product in Product.objects.published():
        html = _page(client, product)
        link = re.search(
            r'<a [^>]*href="([^"]+)"[^>]*>\s*Read your product(?:&#x27;|’|\')s Medication Guide',
            html,
        )
        assert link, f"{product.slug}: no Medication Guide link"
        url = link[1].replace("&amp;", "&")
        assert url.startswith("https://dailymed.nlm.nih.gov/dailymed/"), (product.slug, url)
        assert url == product.medication_guide_link, product.slug


def test_carvykti_links_the_dailymed_medication_guide_facts_gives(seeded_db):
    carvykti = Product.objects.get(slug="carvykti")
    assert carvykti.medication_guide_link == (
        "https://dailymed.nlm.nih.gov/dailymed/medguide.cfm?"
        "setid=7d040b91-3fb8-41db-ba7f-60a36f06e2c2"
    )


def test_without_a_stored_url_the_link_searches_dailymed_for_the_generic_name():
    product = Product(generic_name="obecabtagene autoleucel")
    assert product.medication_guide_link == (
        "https://dailymed.nlm.nih.gov/dailymed/search.cfm?labeltype=all"
        "&query=obecabtagene+autoleucel"
    )


def test_aucatzyl_says_chemo_is_part_of_the_plan(seeded_db):
    how_given = Product.objects.get(slug="aucatzyl").how_given
    assert "may get chemotherapy" not in how_given
    assert re.search(
        r"chemotherapy \(chemo\)[^.]*\. [^.]*part of (your|the) (treatment )?plan", how_given
    )


def test_aucatzyls_longer_times_are_dated_to_the_patient_information(seeded_db):
    how_given = Product.objects.get(slug="aucatzyl").how_given
    sentence = next(s for s in re.split(r"(?<=\.)\s+", how_given) if "longer" in s)
    assert re.search(r"\bAs of [A-Z][a-z]+ 20\d\d\b", sentence), sentence
    assert "patient information" in sentence, sentence
