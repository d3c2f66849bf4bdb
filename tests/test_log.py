"""The daily check log: entries, what it says back, bad input, sharing, forgetting, print, CSV."""

import csv
import datetime
import functools
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from journeys.log.models import LogDay, LogEntry
from journeys.log.selectors import log_days
from journeys.log.services import handwriting_check, log_taken_at
from journeys.log.temperature import (
    fever_threshold,
    is_fever,
    parse_temperature,
    to_celsius,
    to_fahrenheit,
)
from journeys.models import Journey, Status

from . import factories as f
from .cachestore import forget_all
from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(params=[False, True], ids=["fresh", "kept"])
def content_memo(request, settings):
    """Built afresh on every request, or kept in the process as production runs (the log's
    days and pieces of HTML, `journeys/log/selectors.py`)."""
    settings.CONTENT_CACHE = request.param
    forget_all()
    yield
    forget_all()


@pytest.fixture
def client(client, content_memo):
    """Every test that sends requests runs twice, fresh and kept: what is kept must never
    show a page other than the fresh one. Tests of plain functions run once."""
    return client


@pytest.fixture
def content(db):
    center = f.care_center(phone_day="555-0111", phone_after_hours="555-0122")
    signs = {
        "fever": f.warning_sign(slug="fever-or-chills", name="Fever or chills", order=1),
        "confusion": f.warning_sign(
            slug="confusion-or-trouble-with-words",
            name="Confusion or trouble with words",
            category="icans",
            order=2,
        ),
        "breathing": f.warning_sign(
            slug="trouble-breathing", name="Trouble breathing", action="call_emergency", order=3
        ),
        "draft": f.warning_sign(slug="draft-sign", name="Draft sign", status=Status.DRAFT),
    }
    return {"center": center, "signs": signs}


def start(client, days_ago=3):
    """A patient's device with a journey whose infusion was `days_ago` days ago."""
    infusion = timezone.localdate() - datetime.timedelta(days=days_ago)
    response = client.post("/my-journey/", {"infusion_date": infusion.isoformat()})
    assert response.status_code == 302
    return Journey.objects.get(pk=client.session["journey"])


def now_hm():
    return timezone.localtime().strftime("%H:%M")


def key(n=1):
    return f"{n:032x}"


def add(client, day=3, time=None, temperature="", unit="F", signs=(), k=None, **extra):
    data = {"day": str(day), "time": time or now_hm(), "temperature": temperature, "unit": unit}
    data["signs"] = [str(s.pk) for s in signs]
    data["key"] = k if k is not None else key(LogEntry.objects.count() + 100)
    return client.post("/my-journey/log/", data, **extra)


# --------------------------------------------------------------------------- #
# Temperatures
# --------------------------------------------------------------------------- #


def test_conversion_both_ways():
    assert to_fahrenheit(Decimal("38.0")) == Decimal("100.4")
    assert to_celsius(Decimal("100.4")) == Decimal("38.0")
    assert to_fahrenheit(Decimal("37.0")) == Decimal("98.6")
    assert to_celsius(Decimal("98.6")) == Decimal("37.0")
    assert to_celsius(Decimal("102.2")) == Decimal("39.0")


def _fevers(center, readings):
    """{(temperature, unit): fever} as the log's pages read them (`selectors.log_days`,
    which every log page, the print-out and the CSV build on)."""
    journey = Journey.objects.create(infusion_date=timezone.localdate())
    for n, (value, unit) in enumerate(readings):
        LogEntry.objects.create(
            journey=journey,
            day=0,
            taken_at=log_taken_at(journey=journey, day=0, time=datetime.time(8, n)),
            temperature=Decimal(value),
            unit=unit,
            key=key(n),
        )
    days = log_days(journey=journey, center=center, signs=[])
    return {(str(v.entry.temperature), v.entry.unit): v.fever for v in days[0].entries}


def test_the_log_reads_each_temperature_as_the_orm_does(content):
    """The log's read takes the temperature as text (selectors._ENTRY_ROWS): every value
    the log accepts, in both units, whole or not, comes back the Decimal the model holds,
    with its one decimal ("38.0", never "38")."""
    journey = Journey.objects.create(infusion_date=timezone.localdate())
    values = [(f"{tenths / 10:.1f}", "C") for tenths in range(300, 451)]
    values += [(f"{tenths / 10:.1f}", "F") for tenths in range(860, 1131)]
    LogEntry.objects.bulk_create(
        LogEntry(
            journey=journey,
            day=n % 20,
            taken_at=log_taken_at(journey=journey, day=n % 20, time=datetime.time(n % 24, n % 60)),
            temperature=Decimal(value),
            unit=unit,
            key=key(n),
        )
        for n, (value, unit) in enumerate(values)
    )
    read = {
        view.entry.pk: view.entry.temperature
        for day in log_days(journey=journey, center=content["center"], signs=[])
        for view in day.entries
    }
    stored = dict(LogEntry.objects.filter(journey=journey).values_list("pk", "temperature"))
    assert len(read) == len(values) == len(stored)
    assert {pk: str(value) for pk, value in read.items()} == {
        pk: str(value) for pk, value in stored.items()
    }
    assert {str(value) for value in read.values()} == {value for value, _unit in values}


def test_threshold_edge_counts_exactly_the_center_number(content):
    center = content["center"]
    readings = [("100.4", "F"), ("38.0", "C"), ("100.3", "F"), ("37.9", "C"), ("38.3", "C")]
    readings += [("38.2", "C"), ("100.9", "F"), ("100.8", "F")]
    assert _fevers(center, readings) == {
        ("100.4", "F"): True,
        ("38.0", "C"): True,
        ("100.3", "F"): False,
        ("37.9", "C"): False,
        ("38.3", "C"): True,
        ("38.2", "C"): True,
        ("100.9", "F"): True,
        ("100.8", "F"): True,
    }
    center.fever_celsius = 38.3  # 100.9 °F
    assert _fevers(center, readings) == {
        ("100.4", "F"): False,
        ("38.0", "C"): False,
        ("100.3", "F"): False,
        ("37.9", "C"): False,
        ("38.3", "C"): True,
        ("38.2", "C"): False,
        ("100.9", "F"): True,
        ("100.8", "F"): False,
    }


def test_the_fever_check_compares_in_the_unit_typed(content):
    """The one check the log makes (`is_fever`), against the center's number in each unit."""
    center = content["center"]
    assert fever_threshold(center, "F") == Decimal("100.4")
    assert fever_threshold(center, "C") == Decimal("38.0")
    assert is_fever(Decimal("100.4"), fever_threshold(center, "F"))
    assert not is_fever(Decimal("100.3"), fever_threshold(center, "F"))
    assert not is_fever(None, fever_threshold(center, "C"))  # signs only, no temperature


@pytest.mark.parametrize(
    "raw,unit,value",
    [("38,5", "C", "38.5"), ("38.5", "C", "38.5"), (" 100.4 ", "F", "100.4"), ("99", "F", "99")],
)
def test_parse_accepts_point_and_comma_decimals(raw, unit, value):
    assert parse_temperature(raw, unit) == Decimal(value)


@pytest.mark.parametrize(
    "raw,unit",
    [
        ("３８.５", "C"),  # full-width digits
        ("٣٨", "C"),  # Arabic-Indic digits
        ("38.²", "C"),
        ("thirty", "C"),
        ("38.55", "C"),
        ("-38", "C"),
        ("1e2", "F"),
        ("29.9", "C"),
        ("45.1", "C"),
        ("85.9", "F"),
        ("113.1", "F"),
        ("100.4", "C"),  # a °F value with °C picked
    ],
)
def test_parse_rejects_what_is_not_a_temperature(raw, unit):
    with pytest.raises(ValidationError):
        parse_temperature(raw, unit)


def test_a_fahrenheit_value_typed_as_celsius_says_which_unit_it_looks_like():
    with pytest.raises(ValidationError) as error:
        parse_temperature("100.4", "C")
    assert "Did you mean °F?" in error.value.messages[0]


def test_the_log_stores_nothing_identifying():
    """No free text: a time, a temperature, a unit, sign ids, a form key and one image a day."""
    assert {f.name for f in LogEntry._meta.get_fields()} == {
        "id",
        "journey",
        "day",
        "taken_at",
        "temperature",
        "unit",
        "signs",
        "key",
        "created_at",
        "removed_at",
    }
    assert LogEntry._meta.get_field("unit").max_length == 1
    assert LogEntry._meta.get_field("key").max_length == 32
    assert {f.name for f in LogDay._meta.get_fields()} == {
        "id",
        "journey",
        "day",
        "handwriting",
        "handwriting_at",
        "handwriting_saves",
    }


# --------------------------------------------------------------------------- #
# The log page
# --------------------------------------------------------------------------- #


def test_no_dates_no_log(client, content):
    html = client.get("/my-journey/log/").content.decode()
    assert "Enter your infusion date first" in html
    response = add(client)
    assert response.status_code == 400 and LogEntry.objects.count() == 0
    assert Journey.objects.count() == 0  # the log never makes a journey by itself


def test_log_shows_days_from_zero_to_today_with_today_open_first(client, content):
    start(client, days_ago=3)
    html = client.get("/my-journey/log/").content.decode()
    ids = re.findall(r'<section id="day-(\d+)"', html)
    assert ids == ["3", "2", "1", "0"]
    assert "(today)" in html and html.count("Save this entry") == 1
    assert "Your center counts 100.4 °F (38.0 °C) or higher as a fever." in html


def test_add_an_entry_without_javascript(client, content):
    journey = start(client)
    response = add(client, temperature="98,6", unit="F", k=key(1))
    entry = LogEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/my-journey/log/?day=3#entry-{entry.pk}"
    assert entry.journey == journey and entry.day == 3 and entry.temperature == Decimal("98.6")
    html = client.get(response["Location"]).content.decode()
    assert "98.6 °F (37.0 °C)" in html
    # Below the threshold with no sign the log only records: no instruction, no reassurance.
    assert "log-calls" not in html and "fine" not in html.lower() and "normal" not in html.lower()


def test_add_an_entry_with_htmx_returns_the_day_with_a_fresh_key(client, content):
    start(client)
    response = add(client, temperature="37.2", unit="C", k=key(1), **HX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section id="day-3"')
    assert "37.2 °C (99.0 °F)" in html and "<html" not in html
    assert f'value="{key(1)}"' not in html  # the next entry gets its own key
    assert re.search(r'name="key" value="[0-9a-f]{32}"', html)
    assert response["Vary"].count("HX-Request")


def test_fever_entry_repeats_the_fever_signs_instruction_with_the_centers_numbers(client, content):
    start(client)
    html = add(client, temperature="38.2", unit="C", **HX).content.decode()
    assert "This temperature is 100.4 °F (38.0 °C) or higher" in html
    assert "Call your care team now." in html
    assert 'href="tel:5550122"' in html and 'href="tel:5550111"' in html
    assert '<strong class="crossing">at or above your center\'s fever number</strong>' in html


@pytest.mark.parametrize("value,unit", [("100.4", "F"), ("38.0", "C"), ("38", "C")])
def test_exactly_the_threshold_shows_the_instruction(client, content, value, unit):
    start(client)
    html = add(client, temperature=value, unit=unit, **HX).content.decode()
    assert "This temperature is 100.4 °F (38.0 °C) or higher" in html


@pytest.mark.parametrize(
    "value,unit,shown",
    [("100.3", "F", "100.3 °F (37.9 °C)"), ("37.9", "C", "37.9 °C (100.2 °F)")],
    ids=["100.3-F", "37.9-C"],
)
def test_just_below_the_threshold_only_records(client, content, value, unit, shown):
    start(client)
    response = add(client, temperature=value, unit=unit, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section id="day-3"')
    entry = LogEntry.objects.get()
    assert (entry.day, entry.temperature, entry.unit) == (3, Decimal(value), unit)
    # Saved and shown on its day, not marked as a fever, and nothing more said.
    assert f'<li id="entry-{entry.pk}" class="log-entry">' in html and shown in html
    assert "This temperature is" not in html and "log-calls" not in html


def test_a_sign_repeats_its_own_instruction(client, content):
    start(client)
    signs = content["signs"]
    html = add(client, signs=[signs["confusion"]], **HX).content.decode()
    assert "Confusion or trouble with words:" in html and "Call your care team now." in html
    html = add(client, signs=[signs["breathing"]], **HX).content.decode()
    assert "Trouble breathing:" in html and "Call emergency services now:" in html
    assert 'href="tel:911"' in html


def test_the_unit_picked_is_remembered(client, content):
    start(client)
    add(client, temperature="37.0", unit="C")
    html = client.get("/my-journey/log/").content.decode()
    assert re.search(r'value="C"[^>]*checked', html)


def test_a_double_tap_or_resent_form_makes_one_entry(client, content):
    start(client)
    first = add(client, temperature="99.1", k=key(7))
    again = add(client, temperature="99.1", k=key(7))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert LogEntry.objects.count() == 1
    add(client, temperature="99.1", k=key(8))
    assert LogEntry.objects.count() == 2


def test_correct_remove_and_undo(client, content):
    start(client)
    add(client, temperature="99.0", k=key(1))
    entry = LogEntry.objects.get()
    form = client.get(f"/my-journey/log/?edit={entry.pk}").content.decode()
    assert "Correct the" in form and 'value="99.0"' in form
    response = client.post(
        f"/my-journey/log/entry/{entry.pk}/",
        {
            "action": "save",
            f"e{entry.pk}-time": "00:01",
            f"e{entry.pk}-temperature": "38,4",
            f"e{entry.pk}-unit": "C",
            f"e{entry.pk}-signs": [str(content["signs"]["confusion"].pk)],
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.temperature == Decimal("38.4") and entry.unit == "C"
    assert list(entry.signs.all()) == [content["signs"]["confusion"]]
    html = client.post(
        f"/my-journey/log/entry/{entry.pk}/", {"action": "remove"}, **HX
    ).content.decode()
    assert "entry was removed" in html and "Undo" in html
    entry.refresh_from_db()
    assert entry.removed_at is not None
    assert "38.4 °C" not in client.get("/my-journey/log/print/").content.decode()
    html = client.post(
        f"/my-journey/log/entry/{entry.pk}/", {"action": "undo"}, **HX
    ).content.decode()
    assert "38.4 °C" in html
    entry.refresh_from_db()
    assert entry.removed_at is None


def test_removed_entries_are_erased_after_the_undo_window(client, content):
    start(client)
    add(client, temperature="99.0", k=key(1))
    add(client, temperature="99.2", k=key(2))
    old, new = LogEntry.objects.order_by("pk")
    LogEntry.objects.filter(pk=old.pk).update(
        removed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.post(f"/my-journey/log/entry/{new.pk}/", {"action": "remove"})
    assert list(LogEntry.objects.values_list("pk", flat=True)) == [new.pk]


# --------------------------------------------------------------------------- #
# Bad input: the form back, a 4xx, nothing stored or lost
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "change,message",
    [
        ({"temperature": "46", "unit": "C"}, "between 30 and 45"),
        ({"temperature": "85", "unit": "F"}, "between 86 and 113"),
        ({"temperature": "abc"}, "digits 0 to 9"),
        ({"temperature": "３８.５", "unit": "C"}, "digits 0 to 9"),
        ({"temperature": "38.5", "unit": "K"}, "Choose °F or °C."),
        ({"time": "25:00"}, "hours and minutes"),
        ({"time": ""}, "Enter the time"),
    ],
)
def test_bad_entries_get_the_form_back(client, content, change, message):
    start(client)
    data = {"day": "3", "time": now_hm(), "temperature": "99", "unit": "F", "key": key(1)}
    data.update(change)
    for extra in ({}, HX):
        response = client.post("/my-journey/log/", data, **extra)
        html = response.content.decode()
        assert response.status_code == 422, html
        assert message in html and 'aria-invalid="true"' in html
        assert "Nothing was saved yet" in html
        if change.get("temperature"):
            assert f'value="{change["temperature"]}"' in html  # what was typed is kept
    assert LogEntry.objects.count() == 0


def test_a_time_more_than_an_hour_ahead_is_refused(client, content):
    start(client, days_ago=0)
    ahead = timezone.localtime() + datetime.timedelta(minutes=70)  # noon: still today
    response = add(client, day=0, time=ahead.strftime("%H:%M"))
    assert response.status_code == 422 and "more than an hour from now" in response.content.decode()
    # The next day (a future day) is refused too, even at a past time of day (a 400 page:
    # no page offers a day that has not come; tests/test_log_end.py).
    response = add(client, day=1, time="00:00")
    assert response.status_code == 400 and "has not come yet" in response.content.decode()
    assert LogEntry.objects.count() == 0


@pytest.mark.parametrize("day", ["29", "-1", "x", "٣", "", "1000"])
def test_a_day_outside_the_log_is_refused(client, content, day):
    start(client)
    response = add(client, day=day)
    assert 400 <= response.status_code < 500 and LogEntry.objects.count() == 0


def test_unknown_or_unpublished_signs_are_refused(client, content):
    start(client)
    for pk in [str(content["signs"]["draft"].pk), "999999", "abc"]:
        response = client.post(
            "/my-journey/log/",
            {"day": "3", "time": now_hm(), "unit": "F", "signs": [pk], "key": key(1)},
        )
        assert response.status_code == 422
        assert "not on the list" in response.content.decode()
    assert LogEntry.objects.count() == 0


def test_another_journeys_entry_is_not_found(client, content):
    start(client)
    add(client, temperature="99")
    entry = LogEntry.objects.get()
    other = Client()
    start(other)
    response = other.post(f"/my-journey/log/entry/{entry.pk}/", {"action": "remove"})
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.removed_at is None
    assert other.get(f"/my-journey/log/?edit={entry.pk}").status_code == 404


# --------------------------------------------------------------------------- #
# Handwriting
# --------------------------------------------------------------------------- #


def png(size=(600, 200), fmt="PNG"):
    buffer = io.BytesIO()
    image = Image.new("L", size, 255)
    for x in range(min(300, size[0])):
        image.putpixel((x, size[1] // 2), 0)
    image.save(buffer, fmt)
    return buffer.getvalue()


def same_pixels(a, b):
    with Image.open(io.BytesIO(a)) as one, Image.open(io.BytesIO(b)) as other:
        return one.size == other.size and one.tobytes() == other.tobytes()


def upload(client, data, day=3, name="hw.png", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, data, content_type="image/png")
    return client.post("/my-journey/log/handwriting/", {"day": str(day), "image": file}, **extra)


def test_handwriting_is_kept_one_a_day_and_compared_with_day_0(client, content):
    start(client)
    assert upload(client, png(), day=0).status_code == 302
    assert upload(client, png(), day=2).status_code == 302
    first = png((300, 100))
    assert upload(client, first, day=3).status_code == 302
    second = png((400, 100))
    assert upload(client, second, day=3).status_code == 302
    assert LogDay.objects.count() == 3
    assert same_pixels(bytes(LogDay.objects.get(day=3).handwriting), second)
    html = client.get("/my-journey/log/").content.decode()
    assert re.findall(r"handwriting/(\d+)\.png", html) == ["0", "2", "3"]
    image = client.get("/my-journey/log/handwriting/3.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert same_pixels(image.content, second)  # re-encoded (issue 29): the same pixels
    assert Client().get("/my-journey/log/handwriting/3.png").status_code == 404


def big_noise_png():
    import random

    rng = random.Random(1)
    image = Image.frombytes("L", (1200, 400), bytes(rng.getrandbits(8) for _ in range(480000)))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda: b"", "Write the sentence first"),
        (lambda: png(fmt="GIF"), "must be a PNG"),
        (lambda: png(fmt="JPEG"), "must be a PNG"),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"junk" * 100, "could not be read"),
        (lambda: png()[:-40], "could not be read"),
        (lambda: png((1201, 100)), "1200 × 400"),
        (lambda: png((600, 401)), "1200 × 400"),
        (big_noise_png, "100 KB"),
    ],
)
def test_bad_images_are_refused(client, content, make, message):
    start(client)
    data = make()
    with pytest.raises(ValidationError):
        handwriting_check(data)
    response = upload(client, data)
    assert response.status_code == 422 and message in response.content.decode()
    assert LogDay.objects.count() == 0


# --------------------------------------------------------------------------- #
# Shared and safe
# --------------------------------------------------------------------------- #


def share(client):
    client.post("/my-journey/share/", {"sharing": "on"})
    return Journey.objects.get(pk=client.session["journey"]).token


def follow(caregiver, token):
    return caregiver.post(f"/j/{token}/")


def test_patient_and_caregiver_share_one_log(client, content):
    start(client)
    token = share(client)
    caregiver = Client()
    follow(caregiver, token)
    add(client, temperature="99.1", k=key(1))
    add(caregiver, temperature="99.3", k=key(2))
    for device in (client, caregiver):
        html = device.get("/my-journey/log/").content.decode()
        assert "99.1 °F" in html and "99.3 °F" in html
    assert LogEntry.objects.count() == 2


def test_turning_sharing_off_stops_the_caregiver_at_once(client, content):
    start(client)
    token = share(client)
    caregiver = Client()
    follow(caregiver, token)
    add(client, temperature="99.1")
    client.post("/my-journey/share/", {"sharing": "off", "confirm": "yes"})
    html = caregiver.get("/my-journey/log/").content.decode()
    assert "99.1" not in html and "This link was turned off" in html
    response = add(caregiver, temperature="99.5")
    assert response.status_code == 409
    response = add(caregiver, temperature="99.5", **HX)
    assert response.status_code == 409 and response["HX-Redirect"] == "/my-journey/log/"
    assert LogEntry.objects.count() == 1
    assert caregiver.get("/my-journey/log/handwriting/3.png").status_code == 404
    assert caregiver.get("/my-journey/log/entries.csv").status_code == 404


def test_forget_me_erases_the_log(client, content):
    start(client)
    add(client, temperature="99.1", signs=[content["signs"]["confusion"]])
    upload(client, png())
    client.post("/my-journey/forget/")
    assert LogEntry.objects.count() == 0 and LogDay.objects.count() == 0
    assert LogEntry.signs.through.objects.count() == 0


def test_purge_removes_the_log_with_the_journey(client, content):
    start(client)
    add(client, temperature="99.1", signs=[content["signs"]["confusion"]])
    upload(client, png())
    start(Client())  # a second journey, still in use
    Journey.objects.filter(pk=LogEntry.objects.get().journey_id).update(
        last_seen_at=timezone.now() - datetime.timedelta(days=100)
    )
    call_command("purge_journeys", "--idle-days", "90")
    assert Journey.objects.count() == 1
    assert LogEntry.objects.count() == 0 and LogDay.objects.count() == 0


# --------------------------------------------------------------------------- #
# Print and CSV
# --------------------------------------------------------------------------- #


def test_print_page_marks_crossings_and_lists_thumbnails(client, content):
    start(client)
    add(client, day=1, time="08:00", temperature="38.2", unit="C")
    add(client, day=1, time="12:00", temperature="99.0", unit="F")
    upload(client, png(), day=1)
    html = client.get("/my-journey/log/print/").content.decode()
    assert "100.8 °F (38.2 °C) <strong>▲</strong>" in html and "99.0 °F (37.2 °C)" in html
    assert "99.0 °F (37.2 °C) <strong>▲" not in html
    assert "handwriting/1.png" in html
    assert "<form" not in html.split("<main", 1)[1].split("</main>")[0]


def test_blank_sheet_has_a_row_a_day_and_a_column_per_check(client, content):
    start(client)
    html = client.get("/my-journey/log/blank/?through=14").content.decode()
    assert html.count('<tr><th scope="row">') == 15
    assert "Checks: time and temperature" in html
    assert len(re.findall(r'<th scope="col">Check \d</th>', html)) == 4
    html = client.get("/my-journey/log/blank/").content.decode()
    assert html.count('<tr><th scope="row">') == 29
    # Paper works without a journey.
    assert Client().get("/my-journey/log/blank/").status_code == 200


def test_csv_has_both_units_and_the_crossings(client, content):
    start(client)
    add(client, day=1, time="08:00", temperature="38,2", unit="C")
    add(
        client,
        day=1,
        time="09:00",
        temperature="100.4",
        unit="F",
        signs=[content["signs"]["confusion"]],
    )
    add(client, day=2, time="10:00")
    response = client.get("/my-journey/log/entries.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "day" and len(rows) == 4
    assert rows[1][2:6] == ["08:00", "100.8", "38.2", "yes"]
    assert rows[2][2:7] == ["09:00", "100.4", "38.0", "yes", "Confusion or trouble with words"]
    assert rows[3][3:6] == ["", "", ""]


def test_csv_cannot_start_a_formula(client, content):
    start(client)
    content["signs"]["confusion"].name = "=HYPERLINK(1)"
    content["signs"]["confusion"].save()
    forget_all()
    add(client, signs=[content["signs"]["confusion"]])
    rows = list(
        csv.reader(
            io.StringIO(client.get("/my-journey/log/entries.csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[1][6] == "'=HYPERLINK(1)"


@pytest.mark.parametrize(
    "method,path,data",
    [
        ("get", "/my-journey/log/?edit=99999999999999999999999", {}),
        ("get", "/my-journey/log/?edit=٣", {}),
        ("get", "/my-journey/log/?day=99999999999999999999", {}),
        ("get", "/my-journey/log/handwriting/99999999999999999999.png", {}),
        ("post", "/my-journey/log/entry/99999999999999999999999/", {"action": "remove"}),
        ("post", "/my-journey/log/entry/1/", {"action": "explode"}),
        ("post", "/my-journey/log/", {"day": "3", "time": "08:00", "unit": "F", "key": "x" * 32}),
        ("post", "/my-journey/log/handwriting/", {"day": "3"}),
    ],
)
def test_hostile_log_requests_are_4xx_never_500(client, content, method, path, data):
    start(client)
    add(client, temperature="99", k=key(1))
    response = getattr(client, method)(path, data)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    assert LogEntry.objects.count() == 1


def test_closed_days_show_their_readings_in_one_line_escaped(client, content):
    start(client)
    sign = content["signs"]["confusion"]
    sign.name = "<b>Confusion</b>"
    sign.save()
    forget_all()
    add(client, day=1, time="08:00", temperature="38.2", unit="C", signs=[sign])
    add(client, day=1, time="09:00", temperature="99.0", unit="F")
    html = client.get("/my-journey/log/").content.decode()
    day1 = html.split('<section id="day-1"', 1)[1].split("</section>", 1)[0]
    assert "08:00 38.2 °C <strong>▲</strong>" in day1 and "09:00 99.0 °F;" not in day1
    assert "; 09:00 99.0 °F</p>" in day1
    assert "&lt;b&gt;Confusion&lt;/b&gt;" in day1 and "<b>Confusion" not in day1
    assert "<form" not in day1 and 'href="/my-journey/log/?day=1#day-1"' in day1
    # Opening the day (htmx) gives its full section, with the forms.
    opened = client.get("/my-journey/log/?day=1", **HX).content.decode()
    assert opened.lstrip().startswith('<section id="day-1"') and "Save this entry" in opened


def test_the_open_day_built_in_python_escapes_every_value(client, content):
    """Issue 26: the open day's entries, entry form and handwriting check are built in
    Python (templatetags/log_day.py). A sign's name and the center's words with markup in
    them come out as text wherever they show, never as markup."""
    center = content["center"]
    center.handwriting_sentence = 'I <i>write</i> "this"'
    center.emergency_number = "<911>"
    center.save()
    sign = content["signs"]["confusion"]
    sign.name = "<b>Confusion</b>"
    sign.save()
    forget_all()
    start(client)
    add(client, time="08:00", temperature="38.4", unit="C", signs=[sign])
    html = client.get("/my-journey/log/").content.decode()
    day = _day_section(html, 3)
    assert "<b>" not in day and "<i>" not in day and "<911>" not in day
    # the entry line, its call, and the sign's checkbox in the form
    assert day.count("&lt;b&gt;Confusion&lt;/b&gt;") == 3
    assert "I &lt;i&gt;write&lt;/i&gt; &quot;this&quot;" in day
    assert '<a href="tel:911">&lt;911&gt;</a>' in day  # the call shown when a box is ticked
    assert "38.4 °C (101.1 °F)" in day and 'class="log-entry fever"' in day


@pytest.mark.parametrize(
    "sent",
    [None, "", key(7), 'x" onclick="<b>&', "  spaced  "],
    ids=["unbound", "empty", "a-key", "markup", "spaces"],
)
def test_the_hidden_key_is_written_as_django_writes_it(content, sent):
    """log_day.hidden_input writes the entry form's hidden key without the form renderer:
    byte for byte what `as_hidden()` writes, for a fresh form and for what was sent back
    (a key with markup in it is refused, and still written as text)."""
    from journeys.log.forms import EntryForm
    from journeys.templatetags.log_day import hidden_input

    journey = Journey.objects.create(infusion_date=timezone.localdate())
    form_of = functools.partial(EntryForm, journey=journey, day=2, signs=[])
    if sent is None:
        form = form_of(initial={"key": key(3)})
    else:
        form = form_of({"day": "2", "time": "08:00", "unit": "F", "key": sent})
        form.is_valid()
    field = form["key"]
    assert hidden_input(field) == field.as_hidden()
    assert str(hidden_input(field)).startswith('<input type="hidden" name="key"')


def test_each_entry_of_the_open_day_posts_to_its_own_address(client, content):
    """The open day's entries share one reversed address (log_day.entry_url), filled with
    each entry's own number, in each language."""
    start(client)
    for n, time in enumerate(("08:00", "12:00", "16:00"), start=1):
        add(client, time=time, temperature=f"99.{n}", k=key(n))
    pks = list(LogEntry.objects.order_by("pk").values_list("pk", flat=True))
    for prefix in ("", "/es"):
        day = _day_section(client.get(f"{prefix}/my-journey/log/").content.decode(), 3)
        for pk in pks:
            url = reverse("journeys:log_entry", args=[pk])
            assert url.startswith(f"{prefix}/")
            entry = day.split(f'<li id="entry-{pk}"', 1)[1].split("</li>", 1)[0]
            assert entry.count(f'action="{url}" hx-post="{url}"') == 1
        assert day.count('hx-post="') == len(pks) + 2  # each Remove, the add form, handwriting


def _day_section(html, n):
    return html.split(f'<section id="day-{n}"', 1)[1].split("</section>", 1)[0]


def test_kept_days_follow_every_correction_removal_and_language(client, content):
    """Closed days and printed rows are kept per process by what they show: a correction,
    a removal or another language must never get yesterday's HTML."""
    start(client)
    add(client, day=1, time="08:00", temperature="99.1", unit="F", k=key(1))
    entry = LogEntry.objects.get()
    assert "08:00 99.1 °F" in _day_section(client.get("/my-journey/log/").content.decode(), 1)
    assert "08:00 99.1 °F" in client.get("/my-journey/log/print/").content.decode()
    client.post(
        f"/my-journey/log/entry/{entry.pk}/",
        {
            "action": "save",
            f"e{entry.pk}-time": "08:30",
            f"e{entry.pk}-temperature": "38,4",
            f"e{entry.pk}-unit": "C",
            f"e{entry.pk}-signs": [str(content["signs"]["confusion"].pk)],
        },
    )
    day1 = _day_section(client.get("/my-journey/log/").content.decode(), 1)
    assert "08:30 38.4 °C <strong>▲</strong>" in day1 and "99.1" not in day1
    assert "Confusion or trouble with words" in day1
    printed = client.get("/my-journey/log/print/").content.decode()
    assert "08:30 101.1 °F (38.4 °C)" in printed and "99.1" not in printed
    assert 'class="has-fever"' in printed and "08:30: Confusion or trouble with words" in printed
    spanish = _day_section(client.get("/es/my-journey/log/").content.decode(), 1)
    assert "Día 1" in spanish and 'href="/es/my-journey/log/?day=1#day-1"' in spanish
    client.post(f"/my-journey/log/entry/{entry.pk}/", {"action": "remove"})
    day1 = _day_section(client.get("/my-journey/log/").content.decode(), 1)
    assert "38.4" not in day1 and "No entries for this day yet." in day1
    assert "38.4" not in client.get("/my-journey/log/print/").content.decode()


def content_memo_is_on():
    from django.conf import settings

    return getattr(settings, "CONTENT_CACHE", True)


# --------------------------------------------------------------------------- #
# What a process keeps of a log (journeys/log/selectors.py): never stale
# --------------------------------------------------------------------------- #


def test_every_log_write_moves_the_journeys_log_revision(client, content):
    journey = start(client)

    def revision():
        return Journey.objects.values_list("log_revision", flat=True).get(pk=journey.pk)

    seen = [revision()]

    def moved():
        seen.append(revision())
        return seen[-1] > seen[-2]

    add(client, temperature="99.0", k=key(1))
    assert moved()
    add(client, temperature="99.0", k=key(1))  # the same key again: nothing written
    assert not moved()
    entry = LogEntry.objects.get()
    client.post(
        f"/my-journey/log/entry/{entry.pk}/",
        {"action": "save", f"e{entry.pk}-time": "08:00", f"e{entry.pk}-unit": "F"},
    )
    assert moved()
    client.post(f"/my-journey/log/entry/{entry.pk}/", {"action": "remove"})
    assert moved()
    client.post(f"/my-journey/log/entry/{entry.pk}/", {"action": "undo"})
    assert moved()
    client.post("/my-journey/log/handwriting/", {"day": "3", "image": png_upload()})
    assert moved()
    LogEntry.objects.filter(pk=entry.pk).update(
        removed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    from journeys.log.services import log_entries_expire

    log_entries_expire(journey=journey)  # the expired entry is erased for good
    assert moved() and not LogEntry.objects.exists()


def png_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(buffer, format="PNG")
    return SimpleUploadedFile("day.png", buffer.getvalue(), content_type="image/png")


def test_a_write_on_another_device_shows_on_the_next_reload(client, content):
    """The patient's page is kept between reloads; the caregiver's entry (another device,
    maybe another process) must show at once, on the open day and on the print-out."""
    start(client)
    caregiver = Client()
    follow(caregiver, share(client))
    add(client, day=3, temperature="99.1", k=key(1))
    add(client, day=1, temperature="99.2", k=key(2))
    for path in ("/my-journey/log/", "/my-journey/log/print/", "/my-journey/log/?day=1"):
        client.get(path)
    add(caregiver, day=3, temperature="99.7", k=key(3))
    add(caregiver, day=1, temperature="99.8", k=key(4))
    page = client.get("/my-journey/log/").content.decode()
    assert "99.1 °F" in _day_section(page, 3) and "99.7 °F" in _day_section(page, 3)
    assert "99.8 °F" in _day_section(page, 1)
    assert "99.8 °F" in client.get("/my-journey/log/?day=1", **HX).content.decode()
    assert "99.7 °F" in client.get("/my-journey/log/print/").content.decode()


def test_a_reload_reads_the_log_from_the_database_every_time(client, content):
    """Nothing of a log is kept in a process: each reload reads it (two small queries: the
    entries with their signs' ids, and the days with handwriting)."""
    start(client)
    for n in range(4):
        add(client, day=n, temperature="99.1", k=key(n + 1))
    client.get("/my-journey/log/")
    assert len(_log_reads_on_reload(client)) == 2
    assert len(_log_reads_on_reload(client)) == 2


def test_the_one_read_of_entries_and_signs_shows_each_entry_once_with_all_its_signs(
    client, content
):
    """The entries and their signs' ids come in one read, a row per sign: an entry with
    two signs is still one entry, and one without signs is not left out."""
    start(client)
    signs = content["signs"]
    both = [signs["confusion"], signs["breathing"]]
    add(client, day=1, time="08:00", temperature="99.1", signs=both, k=key(1))
    add(client, day=1, time="12:00", temperature="99.2", k=key(2))
    add(client, day=1, time="16:00", temperature="99.3", signs=both[:1], k=key(3))
    summary = _day_section(client.get("/my-journey/log/").content.decode(), 1)
    assert summary.count("99.1 °F") == summary.count("99.2 °F") == summary.count("99.3 °F") == 1
    first = summary.split("99.1 °F", 1)[1].split(";", 1)[0]
    assert signs["confusion"].name in first and signs["breathing"].name in first
    assert "· " not in summary.split("99.2 °F", 1)[1].split(";", 1)[0]


def test_each_view_of_the_open_day_gets_its_own_key_token_and_time(client, content):
    start(client)
    add(client, temperature="99.1", k=key(1))
    pages = [client.get("/my-journey/log/").content.decode() for _ in range(2)]
    pages.append(client.get("/my-journey/log/?day=3", **HX).content.decode())
    keys = [re.findall(r'name="key" value="([^"]*)"', page) for page in pages]
    assert all(len(k) == 1 and re.fullmatch(r"[0-9a-f]{32}", k[0]) for k in keys)
    assert len({k[0] for k in keys}) == 3  # a double tap is one entry; a new view is not
    for page in pages:
        assert "\x1e" not in page
        assert re.search(r'name="time" id="[^"]+" value="[0-2][0-9]:[0-5][0-9]"', page)
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
        assert len(tokens) == 1 and all(len(t) == 64 for t in tokens)
    # The form posts once per key.
    sent = keys[0][0]
    assert add(client, temperature="99.4", k=sent).status_code == 302
    assert add(client, temperature="99.4", k=sent).status_code == 302
    assert LogEntry.objects.filter(key=sent).count() == 1


def test_a_removed_entrys_undo_goes_when_its_window_ends(client, content, time_machine):
    start(client)
    add(client, temperature="99.1", k=key(1))
    entry = LogEntry.objects.get()
    client.post(f"/my-journey/log/entry/{entry.pk}/", {"action": "remove"})
    assert "entry was removed" in client.get("/my-journey/log/").content.decode()
    time_machine.shift(datetime.timedelta(minutes=14))
    assert "entry was removed" in client.get("/my-journey/log/").content.decode()
    time_machine.shift(datetime.timedelta(minutes=2))  # the 15-minute undo window has ended
    page = client.get("/my-journey/log/").content.decode()
    assert "entry was removed" not in page and "No entries for this day yet." in page


def _log_reads_on_reload(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as reload:
        assert client.get("/my-journey/log/").status_code == 200
    return [q["sql"] for q in reload.captured_queries if "journeys_log" in q["sql"]]


JOURNEY_PAGES = [
    "/",
    "/journey/",
    "/my-journey/",
    "/my-journey/log/",
    "/my-journey/log/?day=1",
    "/my-journey/log/print/",
    "/my-journey/log/blank/",
    "/my-journey/log/entries.csv",
    "/my-journey/calendar.ics",
    "/my-journey/wallet-card/",
    "/checklists/",
    "/checklists/print/",
    "/print/",
]


#: The only functools caches in journeys/: functions of constants in code, not of content.
CONSTANT_CACHES = {"_static_exists"}


def test_nothing_of_a_journey_stays_in_the_process_after_its_pages(client, content):
    """A journey's dates, log readings, timeline and calendar live in the database only:
    once its pages are served, no row of it and no word of it is left in this process
    (journeys/caching/: its per-process layer and Django's caches; no other store in
    journeys/ keeps anything between requests), whatever was kept before (issue 26)."""
    import gc

    from django.core.cache import caches

    from journeys.caching.content import process_layer
    from journeys.caching.statements import Statement
    from journeys.log.models import LogDay

    from .cachestore import reachable, stored_values

    start(client, days_ago=2)
    add(client, day=1, temperature="100.7", k=key(1))
    infusion = Journey.objects.get().infusion_date
    for path in JOURNEY_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        del response
    for path in JOURNEY_PAGES[:4]:
        assert client.get(f"/es{path}").status_code == 200, path
    gc.collect()
    alive = [o for o in gc.get_objects() if isinstance(o, Journey | LogEntry | LogDay)]
    assert not alive, alive[:3]
    if content_memo_is_on():
        assert process_layer.values()  # the content these pages read is held, as in production
    kept = repr(process_layer.values())
    held = reachable([process_layer.values(), *(stored_values(s) for s in caches.all())])
    assert infusion not in [o for o in held if isinstance(o, datetime.date)]
    kept += "\x1f".join(o for o in held if isinstance(o, str))
    # No functools cache in journeys/ holds anything of it either (a date label once did).
    for held in gc.get_objects():
        if isinstance(held, functools._lru_cache_wrapper) and held.__module__.startswith(
            "journeys"
        ):
            assert held.__qualname__ in CONSTANT_CACHES, held.__qualname__
    for store in caches.all():
        kept += repr(stored_values(store))  # locmem here, Redis in CI's second leg
    # The queries built once per shape (caching/statements.py) hold SQL and constants only.
    statements = [o for o in gc.get_objects() if isinstance(o, Statement)]
    assert any(s.held() for s in statements)
    kept += repr([s.held() for s in statements])
    assert "100.7" not in kept and "38.2" not in kept  # the reading, in °F and in °C
    assert repr(infusion) not in kept and infusion.isoformat() not in kept


def test_a_journey_erased_on_another_device_during_a_write_is_a_410_not_a_500(
    client, content, monkeypatch
):
    import importlib

    views = importlib.import_module("journeys.views.log")
    journey = start(client)
    real = views.log_entry_add

    def add_then_erased_elsewhere(**kwargs):
        result = real(**kwargs)
        Journey.objects.filter(pk=journey.pk).delete()  # "forget me" on the other device
        return result

    monkeypatch.setattr(views, "log_entry_add", add_then_erased_elsewhere)
    response = add(client, temperature="99.1", k=key(1), **HX)
    assert response.status_code == 410
    assert "This journey was erased, and its log with it." in response.content.decode()
    assert not LogEntry.objects.exists()
