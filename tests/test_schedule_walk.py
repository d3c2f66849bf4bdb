"""Issue 27: every surface that shows a window agrees with the product's schedule.

Per product (each of its uses where the label differs), this walks the stage pages, the
overview and its picture, "My dates" (the dated plan), the calendar file, the daily log,
its print-out, its CSV, the blank sheet and the packet, in English and Spanish, and checks
each window against the schedule rows (seeds/schedules.yaml) and, where FACTS.md fixes the
number, against FACTS.md.
"""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone, translation
from icalendar import Calendar

from journeys.content.durations import how_long
from journeys.content.schedules import (
    chemo_for,
    count_for,
    first_infusion_day,
    rows_for,
    second_infusion,
)
from journeys.models import CITED_GROUPS, CareCenter, Product, ProductSchedule, Source

from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

DAY = datetime.timedelta(days=1)
SLUGS = ["kymriah", "yescarta", "tecartus", "breyanzi", "abecma", "carvykti", "aucatzyl"]

#: FACTS.md's fixed numbers: chemotherapy days (first, last) relative to day 0, days near
#: the center, days without driving, days of daily checks, (first, second) infusion day.
FACTS = {
    "yescarta": {"chemo": (-5, -3), "stay": 14, "drive": 14, "daily": 7, "infusions": (0, None)},
    "abecma": {"chemo": (-5, -3), "stay": 14, "drive": 14, "daily": 7, "infusions": (0, None)},
    "kymriah": {"stay": 14, "drive": 14, "daily": 7, "infusions": (0, None)},
    "carvykti": {"stay": 14, "drive": 14, "daily": 7, "infusions": (0, None)},
    "breyanzi": {"stay": 14, "drive": 14, "daily": 7, "infusions": (0, None)},
    "tecartus": {"stay": 14, "drive": 14, "daily": 7, "infusions": (0, None)},
    "aucatzyl": {"chemo": None, "stay": 28, "drive": 56, "daily": None, "infusions": (1, 10)},
}
#: Per use, FACTS.md's gap and chemotherapy days: (days, gap min, gap max).
FACTS_USES = {
    ("kymriah", "all"): (4, 2, 14),
    ("kymriah", "lbcl"): (3, 2, 11),
    ("kymriah", "fl"): (3, 2, 6),
    ("tecartus", "mcl"): (3, 2, 2),
    ("tecartus", "all"): (3, 1, 1),
    ("breyanzi", "all-uses"): (3, 2, 7),
    ("abecma", "all-uses"): (3, 2, 2),
    ("carvykti", "all-uses"): (3, 2, 4),
    ("yescarta", "all-uses"): (3, 2, 2),
}


def words(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def timing(client, slug, lang=""):
    html = get(client, f"{lang}/journey/{slug}/")
    return words(re.search(r'<p class="timing">(.*?)</p>', html, re.S)[1])


def picture_words(html):
    return words(
        re.search(r'<div class="visually-hidden" id="tl-words">(.*?)</div>', html, re.S)[1]
    )


def ics_events(client):
    calendar = Calendar.from_ical(client.get("/my-journey/calendar.ics").content)
    return {
        re.sub(r"-[0-9a-f]{16}@.*$", "", str(e["uid"])): (e["dtstart"].dt, e["dtend"].dt - DAY)
        for e in calendar.walk("VEVENT")
    }


def product_of(slug):
    return next(p for p in Product.objects.published() if p.slug == slug)


# --- the data itself -------------------------------------------------------------------


def test_every_product_has_a_schedule_and_every_number_cites_a_label_section(seeded_db):
    for product in Product.objects.published():
        rows = list(ProductSchedule.objects.published().filter(product=product))
        assert rows, product
        for row in rows:
            row.full_clean()
            cited = {s.slug for s in row.sources.all()}
            for group, fields in CITED_GROUPS.items():
                values = [getattr(row, f) for f in fields if f != "first_infusion_day"]
                if any(v not in (None, 0) for v in values):
                    cite = row.citations.get(group)
                    assert cite and cite["section"].strip(), (row, group)
                    assert cite["source"] in cited, (row, group, cite)
                    assert Source.objects.filter(slug=cite["source"]).exists()


def test_the_schedules_hold_facts_numbers(seeded_db):
    for (slug, key), (days, gap_min, gap_max) in FACTS_USES.items():
        row = ProductSchedule.objects.get(product__slug=slug, key=key)
        assert (row.chemo_days_max, row.chemo_gap_min_days, row.chemo_gap_max_days) == (
            days,
            gap_min,
            gap_max,
        ), (slug, key)
    center = CareCenter.load()
    for slug, fact in FACTS.items():
        product = product_of(slug)
        assert count_for(product, "stay_near_days", center) == fact["stay"], slug
        assert count_for(product, "no_driving_days", center) == fact["drive"], slug
        assert count_for(product, "daily_monitoring_days", center) == fact["daily"], slug
        first, second = fact["infusions"]
        assert first_infusion_day(product) == first
        assert (second_infusion(product) or (None,))[0] == second
        if "chemo" in fact:
            chemo = chemo_for(product)
            assert (None if chemo is None else (chemo.first, chemo.last)) == fact["chemo"], slug


# --- every page, per product ---------------------------------------------------------


def window_phrase(count):
    if count:
        return f"at least {how_long(count)} after the infusion"
    return "your care team will tell you how long"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_surface_shows_the_products_own_windows(seeded_db, client, slug):
    product = product_of(slug)
    center = CareCenter.load()
    chemo = chemo_for(product)
    n = first_infusion_day(product)
    stay = count_for(product, "stay_near_days", center)
    counts = {
        "Daily checks by your care team": count_for(product, "daily_monitoring_days", center),
        "Stay near your treatment center": stay,
        "A caregiver stays with you": count_for(product, "caregiver_days", center),
        "No driving": count_for(product, "no_driving_days", center),
    }
    assert client.post("/", {"product": slug, "role": "patient"}).status_code == 302

    # Stage pages and the overview (its list and its picture in words).
    chemo_line = timing(client, "lymphodepletion")
    overview = get(client, "/journey/")
    items = [words(i) for i in re.findall(r'<li class="timeline-stage">(.*?)</li>', overview, re.S)]
    if chemo is None:
        assert "Your care team will tell you the days of your chemotherapy." in chemo_line
        assert not re.search(r"Day -\d", chemo_line), chemo_line
    else:
        shown = f"Day {chemo.first + n} to day {chemo.last + n}"
        assert shown in chemo_line, chemo_line
        assert any(shown in i for i in items), items
        if len(rows_for(product)) > 1:  # each use named with its own days
            for row in rows_for(product):
                assert row.get_use_display() in chemo_line, chemo_line
    monitoring = timing(client, "monitoring")
    assert (
        f"At least {how_long(stay)}." in monitoring and f"Day {n} to day {n + stay}." in monitoring
    )
    assert any(f"Day {n} to day {n + stay}." in i for i in items)
    picture = picture_words(overview)
    for name, count in counts.items():
        assert f"{name}: {window_phrase(count)}" in picture, (name, picture)

    # The same in Spanish.
    es = timing(client, "monitoring", lang="/es")
    with translation.override("es"):
        assert f"Al menos {how_long(stay)}." in es and f"Del día {n} al día {n + stay}." in es, es

    # Dated plan and calendar file: the infusion in 30 days.
    infusion = timezone.localdate() + 30 * DAY
    assert client.post("/my-journey/", {"infusion_date": infusion.isoformat()}).status_code == 302
    plan = get(client, "/my-journey/")
    events = ics_events(client)
    if chemo is None:
        assert "lymphodepletion" not in events and "milestone-lymphodepletion" not in plan
    else:
        assert events["lymphodepletion"] == (
            infusion + chemo.first * DAY,
            infusion + chemo.last * DAY,
        )
    assert events["stay-near"] == (infusion + DAY, infusion + stay * DAY)
    drive = counts["No driving"]
    assert events["no-driving"] == (infusion + DAY, infusion + drive * DAY)
    assert events["may-drive"][0] == infusion + (drive + 1) * DAY
    for key, name in (
        ("daily-monitoring", "Daily checks by your care team"),
        ("caregiver", "A caregiver stays with you"),
    ):
        if counts[name]:
            assert events[key] == (infusion + DAY, infusion + counts[name] * DAY)
        else:
            assert key not in events
    second = second_infusion(product)
    if second:
        assert events["second-infusion"][0] == infusion + (second[0] - n) * DAY
    plan_picture = picture_words(plan)
    for name, count in counts.items():
        assert f"{name}: {window_phrase(count)}" in plan_picture, name

    # The packet's log table and the blank sheet start on the infusion's own day number.
    packet = get(client, f"/print/?part=log&product={slug}")
    assert re.findall(r'<th scope="row">Day (-?\d+)', packet)[0] == str(n)
    blank = get(client, "/my-journey/log/blank/")
    assert re.findall(r"Day (-?\d+)", words(blank.split("<table", 1)[1]))[0] == str(n)

    # The log, its print-out and its CSV: the infusion was yesterday.
    yesterday = timezone.localdate() - DAY
    assert client.post("/my-journey/", {"infusion_date": yesterday.isoformat()}).status_code == 302
    log = words(get(client, "/my-journey/log/"))
    assert re.search(rf"Day {1 + n} · \w+, \w+ \d+ \(today\)", log), log[:1500]
    data = {"day": "1", "time": "08:00", "temperature": "98.6", "unit": "F", "key": "b" * 32}
    assert client.post("/my-journey/log/", data).status_code == 302
    rows = list(csv.reader(io.StringIO(get(client, "/my-journey/log/entries.csv"))))
    assert rows[1][:2] == [str(1 + n), timezone.localdate().isoformat()], rows
    printed = get(client, "/my-journey/log/print/")
    assert f"Day {1 + n}" in words(printed)
    if chemo is not None:  # the log starts before the chemotherapy (the baseline)
        assert f"Day {chemo.first + n} ·" in log, log[:1500]


def test_not_sure_yet_shows_the_range_and_names_the_product_that_changes_it(seeded_db, client):
    assert client.post("/", {"product": "", "role": "patient"}).status_code == 302
    center = CareCenter.load()
    products = list(Product.objects.published())
    stays = {p.brand_name: count_for(p, "stay_near_days", center) for p in products}
    low, high = min(stays.values()), max(stays.values())
    monitoring = timing(client, "monitoring")
    assert f"At least {how_long(low, high)}, depending on the product." in monitoring
    longer = [b for b, v in stays.items() if v != low]
    assert longer and all(f"{b}: at least {how_long(stays[b])}." in monitoring for b in longer)
    chemos = [chemo_for(p) for p in products]
    first = min(c.first for c in chemos if c)
    last = max(c.last for c in chemos if c)
    chemo_line = timing(client, "lymphodepletion")
    assert f"Day {first} to day {last}, depending on the product." in chemo_line, chemo_line
    unknown = [p.brand_name for p, c in zip(products, chemos, strict=True) if c is None]
    assert all(f"{b}: your care team will tell you." in chemo_line for b in unknown), chemo_line
    picture = picture_words(get(client, "/journey/"))
    assert "No driving: at least 2 weeks after the infusion. Aucatzyl: at least 8 weeks." in picture
