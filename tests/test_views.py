"""Patient pages: whole page, htmx fragment, history restore; drafts hidden; friendly 404s."""

import re

import pytest
from django.urls import reverse

from journeys.models import GlossaryTerm, Stage, Status, Step

from . import factories as f

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
HX_RESTORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}


@pytest.fixture
def walk(db):
    f.care_center(phone_day="555-0100", phone_after_hours="555-0199", stay_near_days=21)
    first = f.stage(slug="collection", order=1, name="Cell collection")
    second = f.stage(slug="infusion", order=2, name="Infusion day")
    for n in range(1, 4):
        f.step(first, key=f"s{n}", order=n, title=f"Collection step {n}", body=f"Body {n}.")
    f.step(second, key="arrive", order=1, title="Arrive", body="Come early.")
    f.guidance(first, kind="do", text="Eat breakfast.")
    f.guidance(first, kind="dont", text="Do not drive yourself home.")
    f.checklist_item(first, text="Pack a phone charger.")
    f.question(first, text="How long will it take?")
    return first, second


PAGES = [
    ("journeys:start", []),
    ("journeys:journey", []),
    ("journeys:stage_detail", ["collection"]),
    ("journeys:product_list", []),
    ("journeys:urgent", []),
    ("journeys:glossary", []),
    ("journeys:about", []),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_page_has_help_link_notice_and_sources(client, walk, name, args):
    html = client.get(reverse(name, args=args)).content.decode()
    assert 'href="/urgent/"' in html and "Get help now" in html
    assert "does not give advice about your own care" in html
    assert "555-0199" in html


def test_stage_plain_get_is_the_whole_page(client, walk):
    response = client.get("/journey/collection/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and 'id="stage-main"' in html and 'id="step-panel"' in html
    assert "Step 1 of 3" in html and "Collection step 1" in html
    assert "Eat breakfast." in html and "Do not drive yourself home." in html
    assert "Pack a phone charger." in html and "How long will it take?" in html


def test_step_fragment_for_htmx(client, walk):
    response = client.get("/journey/collection/?step=2", HTTP_HX_TARGET="step-panel", **HX)
    html = response.content.decode()
    assert "<html" not in html and "site-header" not in html
    assert html.strip().startswith('<section id="step-panel"')
    assert "Step 2 of 3" in html and "Collection step 2" in html
    assert "Eat breakfast." not in html  # only the panel, not the rest of the stage
    assert "HX-Request" in response["Vary"]


def test_next_stage_fragment_is_the_stage_main(client, walk):
    html = client.get("/journey/infusion/", HTTP_HX_TARGET="stage-main", **HX).content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<div id="stage-main"')
    assert "Infusion day" in html and "Step 1 of 1" in html


def test_history_restore_gets_the_whole_page(client, walk):
    html = client.get("/journey/collection/?step=2", HTTP_HX_TARGET="step-panel", **HX_RESTORE)
    html = html.content.decode()
    assert "<html" in html and "site-header" in html and "Step 2 of 3" in html


def test_last_step_links_to_next_stage_and_first_to_previous(client, walk):
    last = client.get("/journey/collection/?step=3").content.decode()
    assert 'href="/journey/infusion/"' in last and "Next stage: Infusion day" in last
    first_of_next = client.get("/journey/infusion/").content.decode()
    assert "Back to: Cell collection" in first_of_next


@pytest.mark.parametrize("step", ["0", "4", "abc", "-1", "1.5", "9" * 30, ""])
def test_impossible_step_is_a_friendly_404(client, walk, step):
    response = client.get(f"/journey/collection/?step={step}")
    assert response.status_code == 404


def test_unknown_slugs_are_friendly_404s(client, walk, settings):
    settings.DEBUG = False
    for url in ["/journey/nope/", "/products/nope/", "/glossary/nope/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "We could not find that page" in response.content.decode()


def test_drafts_and_items_in_review_are_never_shown(client, walk):
    first, _ = walk
    f.step(first, key="secret", order=9, title="Draft step", status=Status.DRAFT)
    f.guidance(first, text="Draft advice.", status=Status.IN_REVIEW)
    f.stage(slug="hidden", order=9, name="Hidden stage", status=Status.DRAFT)
    f.product(slug="hidden-product", brand_name="Hiddenbrand", status=Status.DRAFT)
    f.glossary_term(slug="hidden-term", term="Hiddenterm", status=Status.DRAFT)
    f.product(slug="shown-product", brand_name="Shownbrand")
    f.glossary_term(slug="shown-term", term="Shownterm")
    shown = {
        "/journey/": "Cell collection",
        "/journey/collection/": "Collection step 1",
        "/products/": "Shownbrand",
        "/glossary/": "Shownterm",
    }
    for url, published in shown.items():
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200 and published in html, url  # the page is there
        for secret in ["Draft step", "Draft advice.", "Hidden stage", "Hiddenbrand", "Hiddenterm"]:
            assert secret not in html, (url, secret)
    assert "Step 1 of 3" in client.get("/journey/collection/").content.decode()
    for url in ["/journey/hidden/", "/products/hidden-product/", "/glossary/hidden-term/"]:
        assert client.get(url).status_code == 404


def test_choosing_a_product_changes_what_is_shown(client, walk):
    first, _ = walk
    product = f.product(slug="aucatzyl", brand_name="Aucatzyl", stay_near_days=28)
    other = f.product(slug="kymriah", brand_name="Kymriah")
    f.step(first, key="only-auca", order=4, title="Aucatzyl-only step", product=product)
    f.step(first, key="only-kym", order=5, title="Kymriah-only step", product=other)
    from journeys.models import ProductStageNote

    note = ProductStageNote.objects.create(
        product=product,
        stage=first,
        text="Stay close for {stay_near_days} days.",
        status="published",
    )
    note.sources.set([f.source()])

    general = client.get("/journey/collection/").content.decode()
    assert "Step 1 of 3" in general and "Stay close" not in general

    response = client.post("/", {"role": "patient", "product": "aucatzyl"})
    assert response.status_code == 302 and response["Location"] == "/journey/collection/"
    html = client.get("/journey/collection/").content.decode()
    assert "Step 1 of 4" in html
    assert "Stay close for 28 days." in html  # the product's number beats the center's 21
    html4 = client.get("/journey/collection/?step=4").content.decode()
    assert "Aucatzyl-only step" in html4 and "Kymriah-only step" not in html4
    assert client.get("/journey/collection/?step=5").status_code == 404  # Kymriah's own step

    response = client.post("/choose-product/", {"product": "", "next": "/journey/collection/"})
    assert response["Location"] == "/journey/collection/"
    assert "Step 1 of 3" in client.get("/journey/collection/").content.decode()


def test_choose_product_rejects_unknown_products_and_offsite_redirects(client, walk):
    assert client.post("/choose-product/", {"product": "nope"}).status_code == 400
    assert client.post("/", {"product": "nope"}).status_code == 400
    assert client.post("/", {"role": "admin"}).status_code == 400
    response = client.post("/choose-product/", {"product": "", "next": "https://evil.example/"})
    assert (
        response.status_code == 302 and response["Location"] == "/"
    )  # nowhere to go back to (issue 29)
    assert client.get("/choose-product/").status_code == 405


def test_center_numbers_fill_placeholders(client, walk):
    first, _ = walk
    Step.objects.filter(stage=first, key="s1").update(body="Stay near for {stay_near_days} days.")
    html = client.get("/journey/collection/").content.decode()
    assert "Stay near for 21 days." in html and "{stay_near_days}" not in html


def test_glossary_terms_become_links_with_htmx_fragment(client, walk):
    first, _ = walk
    f.glossary_term(slug="apheresis", term="Apheresis", definition="A machine collects cells.")
    Step.objects.filter(stage=first, key="s1").update(body="You will have apheresis today.")
    html = client.get("/journey/collection/").content.decode()
    assert 'href="/glossary/apheresis/"' in html and 'hx-get="/glossary/apheresis/"' in html

    fragment = client.get("/glossary/apheresis/", **HX).content.decode()
    assert "<html" not in fragment and "A machine collects cells." in fragment
    assert fragment.strip().startswith('<span class="term-def"')
    whole = client.get("/glossary/apheresis/").content.decode()
    assert "<html" in whole and "A machine collects cells." in whole
    restore = client.get("/glossary/apheresis/", **HX_RESTORE).content.decode()
    assert "<html" in restore


def test_urgent_page_lists_signs_by_whom_to_call(client, walk):
    f.warning_sign(name="Trouble breathing", action="call_emergency")
    f.warning_sign(name="Fever", action="call_care_team")
    html = client.get("/urgent/").content.decode()
    assert html.index("Trouble breathing") < html.index("Call your care team right away")
    assert html.index("Fever") > html.index("Call your care team right away")
    # The page's own call buttons: every page's footer has the same numbers.
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert '<a class="button danger" href="tel:911">Call 911</a>' in main
    # The center named no 24-hour line: each number is called what it is (issue 27).
    assert '<a class="button" href="tel:5550100">Daytime: 555-0100</a>' in main
    assert '<a class="button secondary" href="tel:5550199">After hours: 555-0199</a>' in main


def test_product_page_shows_label_facts(client, walk):
    f.product(
        slug="aucatzyl",
        brand_name="Aucatzyl",
        stay_near_days=28,
        no_driving_days=56,
        second_infusion_day=10,
        second_infusion_window_days=2,
    )
    html = client.get("/products/aucatzyl/").content.decode()
    assert "At least 28 days" in html and "at least 56 days" in html
    assert "day 1 and day 10" in html


def test_glossary_linker_skips_existing_links_and_links_each_term_once():
    from journeys.content.glossary import GlossaryLinker

    terms = [GlossaryTerm(slug="crs", term="Cytokine release syndrome", abbreviation="CRS")]
    html = GlossaryLinker(terms).link('<p>CRS is common. <a href="/x">CRS</a> again CRS.</p>')
    assert html.count('class="term"') == 1
    assert '<a href="/x">CRS</a>' in html


def test_stage_page_query_count_does_not_grow_with_content(
    client, seeded_db, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count("/journey/infusion/")
    stage = Stage.objects.get(slug="infusion")
    for n in range(40):
        f.step(stage, key=f"extra-{n}", order=100 + n)
    assert count("/journey/infusion/") == before


def test_about_says_what_is_stored_where_for_how_long_and_how_to_erase_it(client, settings):
    settings.JOURNEY_IDLE_DAYS = 45
    f.care_center()
    html = client.get("/about/").content.decode()
    assert "only remembers which product you picked" not in html
    assert "your product, your dates and your ticks" in html  # what, on the server
    assert "anyone who has the link can see" in html  # who else, when shared
    assert "A journey nobody opens for 45 days is erased on its own." in html  # how long
    assert 'href="/my-journey/forget/">Forget me</a>' in html  # how to erase it


@pytest.mark.parametrize("slug", ["evaluation", "infusion", "monitoring"])
def test_a_caregiver_reads_a_page_written_for_them(client, seeded_db, slug):
    patient = client.get(f"/journey/{slug}/").content.decode()  # no role yet: read as a patient
    client.post("/", {"role": "caregiver", "product": ""})
    caregiver = client.get(f"/journey/{slug}/").content.decode()
    assert caregiver != patient
    # The caregiver's own checklist comes first and speaks to them.
    assert caregiver.index("checklist-caregiver") < caregiver.index("checklist-patient")
    assert patient.index("checklist-patient") < patient.index("checklist-caregiver")
    assert "For you, the caregiver" in caregiver

    # No "bring your caregiver" to the caregiver; their own wording instead.
    def dos_and_donts(html):
        section = html.split('id="dos-donts-heading"')[1].split("</section>")[0]
        return re.sub(r"<[^>]+>", "", section)

    assert "your caregiver" not in dos_and_donts(caregiver)
    assert "your caregiver" in dos_and_donts(patient)
    assert "the patient" in dos_and_donts(caregiver)


def test_the_about_page_names_every_thing_this_site_keeps(client, seeded_db):
    from django.conf import settings

    html = " ".join(client.get("/about/").content.decode().split())
    assert f"remembers that choice for up to {settings.LANGUAGE_COOKIE_AGE // 86400} days" in html
    assert "your temperatures, the warning signs you tick and your handwriting" in html
    spanish = " ".join(client.get("/es/about/").content.decode().split())
    assert "otra cookie guarda esa elección" in spanish and "su letra" in spanish
