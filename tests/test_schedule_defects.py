"""Issue 27: the window and date defects a clinical review found, one test each.

Each test was run on the code before the product schedules existed (it failed there) and
passes now. The pages read each product's schedule (seeds/schedules.yaml,
journeys/content/schedules.py); the numbers below are FACTS.md's.
"""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone
from icalendar import Calendar
from PIL import Image

from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

DAY = datetime.timedelta(days=1)


def choose(client, slug):
    assert client.post("/", {"product": slug, "role": "patient"}).status_code == 302


def set_infusion(client, date):
    assert client.post("/my-journey/", {"infusion_date": date.isoformat()}).status_code == 302


def words(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def timing(client, slug):
    """The "Timing:" line of a stage page."""
    html = client.get(f"/journey/{slug}/").content.decode()
    return words(re.search(r'<p class="timing">(.*?)</p>', html, re.S)[1])


def overview_item(client, name):
    """A stage's line on /journey/ (the list under the picture)."""
    html = client.get("/journey/").content.decode()
    items = re.findall(r'<li class="timeline-stage">(.*?)</li>', html, re.S)
    return next(words(i) for i in items if name in i)


def picture_words(client, url="/journey/"):
    html = client.get(url).content.decode()
    return words(
        re.search(r'<div class="visually-hidden" id="tl-words">(.*?)</div>', html, re.S)[1]
    )


# --- High: Aucatzyl's monitoring and going-home windows ------------------------------


def test_aucatzyl_monitoring_and_going_home_windows_are_its_own(seeded_db, client):
    choose(client, "aucatzyl")
    monitoring = timing(client, "monitoring")
    assert "Day 0 to day 14" not in monitoring, monitoring
    assert "At least 4 weeks" in monitoring and "lasts at least 28 days" in monitoring, monitoring
    recovery = overview_item(client, "Going home")
    assert "day 14 to day 90" not in recovery.lower(), recovery
    assert "Day 29 to day 90" in recovery, recovery
    picture = picture_words(client)
    assert "Stay near your treatment center: at least 4 weeks after the infusion" in picture
    assert "No driving: at least 8 weeks after the infusion" in picture


# --- One chemotherapy window for every product ---------------------------------------


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("yescarta", ["3 days of chemotherapy. Day -5 to day -3."]),
        ("abecma", ["3 days of chemotherapy. Day -5 to day -3."]),
        ("breyanzi", ["Day -10 to day -3 (your care team sets the exact days)."]),
        ("carvykti", ["Day -7 to day -3 (your care team sets the exact days)."]),
        (
            "kymriah",
            [
                "Kymriah for leukemia (ALL): day -18 to day -3",
                "Kymriah for lymphoma (large B-cell): day -14 to day -3",
                "Kymriah for lymphoma (follicular): day -9 to day -3",
            ],
        ),
        (
            "tecartus",
            [
                "Tecartus for lymphoma (mantle cell): day -5 to day -3.",
                "Tecartus for leukemia (ALL): day -4 to day -2.",
            ],
        ),
    ],
)
def test_each_product_shows_its_own_chemotherapy_window(seeded_db, client, slug, expected):
    choose(client, slug)
    shown = timing(client, "lymphodepletion")
    for phrase in expected:
        assert phrase in shown, shown
    if slug not in ("yescarta", "abecma"):
        assert "Usually 2 to 4 days" not in shown and "Day -5 to day -3." not in shown, shown


# --- The dated plan and the calendar file put chemotherapy a day late ------------------


def ics_events(client):
    calendar = Calendar.from_ical(client.get("/my-journey/calendar.ics").content)
    events = {}
    for event in calendar.walk("VEVENT"):
        key = re.sub(r"-[0-9a-f]{16}@.*$", "", str(event["uid"]))
        events[key] = (event["dtstart"].dt, event["dtend"].dt - DAY)  # inclusive last day
    return events


@pytest.mark.parametrize(
    ("slug", "first", "last"),
    [("abecma", -5, -3), ("yescarta", -5, -3), ("carvykti", -7, -3), ("breyanzi", -10, -3)],
)
def test_the_dated_plan_and_calendar_start_chemotherapy_when_the_label_says(
    seeded_db, client, slug, first, last
):
    infusion = timezone.localdate() + 30 * DAY
    choose(client, slug)
    set_infusion(client, infusion)
    html = client.get("/my-journey/").content.decode()
    item = re.search(r"<li[^>]*milestone-lymphodepletion[^>]*>(.*?)</li>", html, re.S)[1]
    from journeys.content.dates import local_date

    assert words(item).startswith(local_date(infusion + first * DAY, "day_short_year")), item
    assert local_date(infusion + last * DAY, "day_short_year") in words(item), words(item)
    events = ics_events(client)
    assert events.get("lymphodepletion") == (infusion + first * DAY, infusion + last * DAY), events


# --- Aucatzyl's days numbered two ways ------------------------------------------------


def test_aucatzyl_days_have_one_numbering_on_every_page_and_in_the_csv(seeded_db, client):
    choose(client, "aucatzyl")
    first_infusion = timezone.localdate() - DAY  # yesterday was day 1: today is day 2
    set_infusion(client, first_infusion)
    assert "First infusion date (day 1)" in client.get("/my-journey/").content.decode()
    log = words(client.get("/my-journey/log/").content.decode())
    assert "Day 2 · " in log and re.search(r"Day 2 · \w+, \w+ \d+ \(today\)", log), log[:2000]
    assert not re.search(r"Day 1 · \w+, \w+ \d+ \(today\)", log)
    # A closed day's link names the day as its heading does (the section id is the offset).
    html = client.get("/my-journey/log/").content.decode()
    closed = re.search(r'<section id="day-0".*?</section>', html, re.S)[0]
    assert "Day 1 · " in closed and "Open day 1 to add, correct or remove entries" in closed
    data = {"day": "1", "time": "08:00", "temperature": "98.6", "unit": "F", "key": "a" * 32}
    assert client.post("/my-journey/log/", data).status_code == 302
    rows = list(csv.reader(io.StringIO(client.get("/my-journey/log/entries.csv").content.decode())))
    assert rows[1][0] == "2" and rows[1][1] == timezone.localdate().isoformat(), rows
    printed = client.get("/my-journey/log/print/").content.decode()
    rows = re.findall(r"<th[^>]*>\s*(Day -?\d+)", printed)
    assert rows and rows[0] == "Day 2", rows  # the one day with an entry, numbered as above


# --- "Not sure yet" says 14 days with no caveat --------------------------------------


def test_not_sure_yet_pages_say_which_product_needs_longer(seeded_db, client):
    choose(client, "")
    page = words(client.get("/journey/monitoring/").content.decode())
    assert "Aucatzyl: at least 4 weeks." in page, page[:3000]
    assert "Aucatzyl: at least 8 weeks." in page, page[:3000]
    monitoring = timing(client, "monitoring")
    assert "At least 2 to 4 weeks, depending on the product." in monitoring, monitoring
    set_infusion(client, timezone.localdate() + 10 * DAY)
    plan = words(client.get("/my-journey/").content.decode())
    assert "No driving, with some products: Aucatzyl: at least 8 weeks." in plan
    assert (
        "Stay near your treatment center, with some products: Aucatzyl: at least 4 weeks." in plan
    )


# --- The picture drops "at least"; Aucatzyl has no caregiver window --------------------


def test_the_picture_keeps_at_least(seeded_db, client):
    choose(client, "yescarta")
    picture = picture_words(client)
    assert "Stay near your treatment center: at least 2 weeks after the infusion." in picture
    assert "day 1 to day 14" not in picture


def test_aucatzyl_picture_shows_a_caregiver_window(seeded_db, client):
    choose(client, "aucatzyl")
    picture = picture_words(client)
    assert "A caregiver stays with you: your care team will tell you how long." in picture


# --- Item 5: the handwriting check has a baseline and an action ----------------------


def png():
    buffer = io.BytesIO()
    image = Image.new("L", (600, 200), 255)
    for x in range(300):
        image.putpixel((x, 100), 0)
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_the_log_starts_before_chemotherapy_for_a_handwriting_baseline(seeded_db, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    choose(client, "yescarta")
    set_infusion(client, timezone.localdate() + 5 * DAY)  # chemotherapy starts today
    html = client.get("/my-journey/log/").content.decode()
    page = words(html)
    assert re.search(r"Day -5 · \w+, \w+ \d+ \(today\)", page), page[:2000]
    assert "Write the first sample before the chemotherapy starts" in page
    assert "If today's writing looks different from the first one, call your care team now." in page
    assert "555-0100" in page or "(555) 010-0100" in page
    image = SimpleUploadedFile("hw.png", png(), content_type="image/png")
    response = client.post("/my-journey/log/handwriting/", {"day": "-5", "image": image})
    assert response.status_code == 302
    assert client.get("/my-journey/log/handwriting/-5.png").status_code == 200
