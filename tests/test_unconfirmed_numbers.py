"""Per-indication and unconfirmed numbers (issue 13, item 5).

Where a product's number is not confirmed, a page and the dated timeline say that the
care team will tell you, instead of showing another number (the center's default) as
the product's. The caregiver period follows the same "stricter of label and center"
rule as the other day counts. A chemotherapy schedule that differs by indication or is
not confirmed gets no dates.
"""

import datetime
import re

import pytest

from journeys.content.numbers import effective_numbers, number_origin
from journeys.content.text import fill_html, prerender
from journeys.journey.timeline import build_timeline, undated_notes
from journeys.models import CareCenter, Product

D = datetime.date


def center(**kw):
    defaults = dict(
        name="C",
        phone_day="1",
        phone_after_hours="2",
        stay_near_days=14,
        no_driving_days=14,
        caregiver_days=14,
        daily_monitoring_days=7,
        follow_up_days=[30],
    )
    return CareCenter(**(defaults | kw))


def test_caregiver_days_are_the_stricter_of_label_and_center():
    longer_label = Product(caregiver_days=21)
    assert effective_numbers(center=center(), product=longer_label)["caregiver_days"] == 21
    shorter_label = Product(caregiver_days=7)
    assert effective_numbers(center=center(), product=shorter_label)["caregiver_days"] == 14
    # No label number: the center's rule applies, and it is said to be the center's.
    no_label = Product(caregiver_days=None)
    assert effective_numbers(center=center(), product=no_label)["caregiver_days"] == 14
    assert number_origin(center=center(), product=no_label, name="caregiver_days") == "center"
    assert number_origin(center=center(), product=longer_label, name="caregiver_days") == "label"


def test_an_unconfirmed_product_number_is_unknown_not_the_centers():
    product = Product(
        daily_monitoring_days=None,
        stay_near_days=28,
        unconfirmed_numbers=["daily_monitoring_days", "caregiver_days"],
    )
    numbers = effective_numbers(center=center(), product=product)
    assert numbers["daily_monitoring_days"] is None
    assert numbers["caregiver_days"] is None
    assert numbers["stay_near_days"] == 28
    assert number_origin(center=center(), product=product, name="daily_monitoring_days") == (
        "unknown"
    )
    # "Not sure yet" has no label: the center's numbers apply.
    assert effective_numbers(center=center(), product=None)["daily_monitoring_days"] == 7


def test_only_day_counts_may_be_marked_unconfirmed():
    from django.core.exceptions import ValidationError

    product = Product(unconfirmed_numbers=["phone_day"])
    with pytest.raises(ValidationError):
        product.clean_fields(
            exclude=[f.name for f in Product._meta.fields if f.name != "unconfirmed_numbers"]
        )


def fill(text, numbers):
    return fill_html(prerender(text)[0], numbers)


def test_a_sentence_with_an_unknown_number_becomes_a_care_team_sentence():
    text = (
        "Welcome. For at least {daily_monitoring_days} days, your care team checks on you "
        "every day. Plan to stay near for at least {stay_near_days} days."
    )
    html = fill(text, {"daily_monitoring_days": None, "stay_near_days": 28})
    assert html == (
        "<p>Welcome. Your care team will tell you how many days they will check on you "
        "every day. Plan to stay near for at least 28 days.</p>"
    )


def test_unknown_numbers_in_lists_and_bold_keep_the_html_whole():
    text = "- **Caregiver:** be with the patient for {caregiver_days} days.\n- Rest a lot."
    html = fill(text, {"caregiver_days": None})
    assert "{caregiver_days}" not in html
    assert html.count("<li>") == html.count("</li>") == 2
    assert html.count("<strong>") == html.count("</strong>")
    assert "Your care team will tell you how long a caregiver needs to stay with you." in html


def test_a_known_number_fills_as_before():
    assert fill("Stay {stay_near_days} days.", {"stay_near_days": 14}) == "<p>Stay 14 days.</p>"


# --- The shipped seeds ---------------------------------------------------------------


@pytest.mark.django_db
def test_aucatzyl_daily_checks_and_caregiver_days_are_unconfirmed(seeded_db):
    aucatzyl = Product.objects.get(slug="aucatzyl")
    assert set(aucatzyl.unconfirmed_numbers) == {"daily_monitoring_days", "caregiver_days"}
    numbers = effective_numbers(center=CareCenter.load(), product=aucatzyl)
    assert numbers["daily_monitoring_days"] is None and numbers["caregiver_days"] is None
    assert (numbers["stay_near_days"], numbers["no_driving_days"]) == (28, 56)


@pytest.mark.django_db
def test_no_label_sets_a_caregiver_period(seeded_db):
    assert not Product.objects.exclude(caregiver_days=None).exists()


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_aucatzyl_pages_never_show_the_centers_days_as_its_own(seeded_db, client):
    client.post("/", {"product": "aucatzyl", "role": "patient"})
    for path in ["/products/aucatzyl/", "/journey/monitoring/", "/journey/infusion/"]:
        text = _text(client.get(path).content.decode())
        assert not re.search(r"every day for at least \d+ days", text), path
        assert not re.search(r"at least \d+ days, your care team (checks|sees)", text), path
        assert not re.search(r"caregiver should be with you[^.]*\d+ days", text), path
    product_page = _text(client.get("/products/aucatzyl/").content.decode())
    assert "Daily checks" in product_page
    assert "Your care team will tell you how many days" in product_page
    monitoring = _text(client.get("/journey/monitoring/").content.decode())
    assert "Your care team will tell you how many days they will check on you" in monitoring


@pytest.mark.django_db
def test_a_product_page_says_when_the_caregiver_period_is_the_centers(seeded_db, client):
    text = _text(client.get("/products/yescarta/").content.decode())
    assert re.search(r"A caregiver with you .{0,40}14 days.{0,80}center", text), text[-3000:]


@pytest.mark.django_db
def test_tecartus_chemo_dates_cover_both_uses_and_say_the_team_sets_them(seeded_db):
    """Issue 27: each use has its own schedule (MCL days -5 to -3, ALL days -4 to -2); a
    journey that does not say which use gets the days either may fall in, never MCL's
    days alone as though they were an ALL patient's."""
    tecartus = Product.objects.get(slug="tecartus")
    milestones = build_timeline(infusion_date=D(2026, 3, 2), center=center(), product=tecartus)
    chemo = next(m for m in milestones if m.key == "lymphodepletion")
    assert (chemo.start, chemo.end) == (D(2026, 2, 25), D(2026, 2, 28))
    assert "your team sets the exact days" in chemo.title
    assert undated_notes(center=center(), product=tecartus) == []


@pytest.mark.django_db
def test_aucatzyl_timeline_says_the_care_team_will_tell_you(seeded_db):
    aucatzyl = Product.objects.get(slug="aucatzyl")
    milestones = build_timeline(infusion_date=D(2026, 3, 2), center=center(), product=aucatzyl)
    keys = {m.key for m in milestones}
    assert "daily-monitoring" not in keys and "caregiver" not in keys
    assert {"stay-near", "no-driving", "may-drive", "second-infusion"} <= keys
    notes = " ".join(undated_notes(center=center(), product=aucatzyl))
    assert "daily checks" in notes and "caregiver" in notes and "chemotherapy" in notes


@pytest.mark.django_db
def test_yescarta_timeline_needs_no_notes(seeded_db):
    yescarta = Product.objects.get(slug="yescarta")
    assert undated_notes(center=center(), product=yescarta) == []


@pytest.mark.django_db
def test_my_journey_shows_the_care_team_notes_for_tecartus(seeded_db, client):
    client.post("/", {"product": "tecartus", "role": "patient"})
    response = client.post("/my-journey/", {"infusion_date": "2026-03-02"})
    assert response.status_code == 302
    html = client.get("/my-journey/").content.decode()
    assert "milestone-lymphodepletion" in html
    assert "The chemotherapy falls somewhere in these days." in html
