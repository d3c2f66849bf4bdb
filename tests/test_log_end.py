"""Issue 30, finding 2: after the log's last day, today's readings were saved under an old
day. The log now says it has ended, and an entry is only ever stored on the day it was
taken: the server refuses an entry after the log has ended, for a day that has not come,
from a page opened on an earlier day, or for a day whose date moved since the page was
opened. Each refusal keeps what was typed (plain form and htmx)."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from journeys.content.dates import local_date
from journeys.log.models import LogDay, LogEntry
from journeys.models import Journey

from . import factories as f
from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
HX = {"HTTP_HX_REQUEST": "true"}
BOTH = pytest.mark.parametrize("extra", [{}, HX], ids=["plain", "htmx"])
LOG = "/my-journey/log/"


@pytest.fixture
def content(db):
    center = f.care_center(phone_day="555-0111", phone_after_hours="555-0122")
    sign = f.warning_sign(slug="fever-or-chills", name="Fever or chills", order=1)
    return {"center": center, "sign": sign}


def start(client, days_ago=3):
    infusion = timezone.localdate() - datetime.timedelta(days=days_ago)
    response = client.post("/my-journey/", {"infusion_date": infusion.isoformat()})
    assert response.status_code == 302
    return Journey.objects.get(pk=client.session["journey"])


def now_hm():
    return timezone.localtime().strftime("%H:%M")


def add(client, day, time=None, temperature="", unit="F", **extra):
    data = {"day": str(day), "time": time or now_hm(), "temperature": temperature, "unit": unit}
    data["key"] = f"{LogEntry.objects.count() + 100:032x}"
    return client.post(LOG, data, **extra)


def section(html, day):
    """The day's <section> as the page (or an htmx answer) shows it."""
    match = re.search(rf'<section id="day-{day}".*?</section>', html, re.S)
    assert match, f"no section for day {day}"
    return match.group(0)


def form_fields(html):
    """What the add form would send: its hidden fields and the time it shows."""
    form = re.search(r'<form method="post" class="log-form".*?</form>', html, re.S).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields["time"] = re.search(r'name="time"[^>]*value="([^"]*)"', form).group(1)
    return fields


def png():
    buffer = io.BytesIO()
    image = Image.new("L", (300, 100), 255)
    for x in range(200):
        image.putpixel((x, 50), 0)
    image.save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, day, **extra):
    file = SimpleUploadedFile("hw.png", png(), content_type="image/png")
    return client.post(f"{LOG}handwriting/", {"day": str(day), "image": file}, **extra)


# --------------------------------------------------------------------------- #
# The log says it has ended
# --------------------------------------------------------------------------- #


def test_after_the_last_day_the_log_says_it_has_ended_and_offers_the_print_out_and_csv(
    client, content
):
    journey = start(client, days_ago=40)
    html = client.get(LOG).content.decode()
    ended = re.search(r'<section class="log-ended".*?</section>', html, re.S)
    assert ended, "the page does not say the log has ended"
    ended = ended.group(0)
    assert "The log period has ended" in ended
    last = journey.infusion_date + datetime.timedelta(days=28)
    assert "day 28" in ended and local_date(last, "weekday") in ended
    assert "care team" in ended and "555-0111" in ended  # what to do, and whom to call
    # The print-out and the CSV are offered first, as buttons, not as small links below.
    assert re.search(r'class="button[^"]*" href="/my-journey/log/print/"', ended)
    assert re.search(r'class="button[^"]*" href="/my-journey/log/entries.csv"', ended)
    # No form offers a reading (or a handwriting sample) under an old day.
    assert 'name="temperature"' not in html and 'name="image"' not in html
    assert "Save this entry" not in html
    # Every day is still there to read, none of them open.
    assert re.findall(r'<section id="day-(\d+)"', html)[0] == "28"
    assert "(today)" not in html


def test_the_ended_log_says_so_in_spanish(client, content):
    start(client, days_ago=40)
    html = client.get("/es" + LOG).content.decode()
    ended = re.search(r'<section class="log-ended".*?</section>', html, re.S).group(0)
    assert "Terminó el período del registro" in ended
    assert "equipo médico" in ended and "555-0111" in ended
    assert "The log period has ended" not in html


@BOTH
def test_opening_a_day_of_an_ended_log_offers_corrections_but_no_new_entry(
    client, content, extra, time_machine
):
    start(client, days_ago=28)
    assert add(client, day=28, time="08:00", temperature="99.1").status_code == 302
    entry = LogEntry.objects.get()
    time_machine.shift(datetime.timedelta(days=2))  # the log ended yesterday
    html = client.get(f"{LOG}?day=28", **extra).content.decode()
    day = section(html, 28)
    assert "99.1" in day and f"?edit={entry.pk}" in day  # the entry can still be corrected
    assert 'name="temperature"' not in day and 'name="image"' not in day


# --------------------------------------------------------------------------- #
# The server refuses what would be stored on another day
# --------------------------------------------------------------------------- #


@BOTH
def test_after_the_last_day_an_entry_is_refused_and_what_was_typed_is_kept(client, content, extra):
    """The walk: infusion 40 days ago, 38.4 °C typed today was stored under day 28."""
    start(client, days_ago=40)
    response = add(client, day=28, temperature="38.4", unit="C", **extra)
    html = response.content.decode()
    assert response.status_code == 422, html
    assert "The log ended on day 28" in html
    assert 'value="38.4"' in html  # nothing typed is lost
    refusal = re.search(r'<div class="errorlist".*?</div>', html, re.S).group(0)
    assert "555-0111" in refusal  # and whom to call is right there
    assert LogEntry.objects.count() == 0


@BOTH
def test_after_the_last_day_handwriting_is_refused(client, content, extra):
    start(client, days_ago=29)
    response = upload(client, day=28, **extra)
    assert response.status_code == 422
    assert "The log ended on day 28" in response.content.decode()
    assert LogDay.objects.count() == 0


@pytest.mark.parametrize("day", ["29", "40"])
def test_a_day_after_the_last_day_is_refused(client, content, day):
    start(client, days_ago=40)
    response = add(client, day=day)
    assert 400 <= response.status_code < 500 and LogEntry.objects.count() == 0


@BOTH
def test_a_day_that_has_not_come_is_refused_even_just_before_midnight(
    client, content, extra, time_machine
):
    start(client, days_ago=3)
    today = timezone.localdate()
    late = datetime.datetime.combine(
        today, datetime.time(23, 30), tzinfo=timezone.get_current_timezone()
    )
    time_machine.move_to(late, tick=True)
    response = add(client, day=4, time="00:10", **extra)  # 40 minutes ahead, but tomorrow
    assert 400 <= response.status_code < 500
    assert LogEntry.objects.count() == 0
    response = upload(client, day=4, **extra)
    assert 400 <= response.status_code < 500
    assert LogDay.objects.count() == 0


@BOTH
def test_a_page_opened_on_an_earlier_day_does_not_put_todays_reading_under_that_day(
    client, content, extra, time_machine
):
    """A phone keeps yesterday's tab: its open day is yesterday, its time yesterday's."""
    journey = start(client, days_ago=3)
    fields = form_fields(section(client.get(LOG).content.decode(), 3))
    assert fields["day"] == "3" and fields["time"]
    time_machine.shift(datetime.timedelta(days=1))
    sent = fields | {"temperature": "101.2", "unit": "F"}
    response = client.post(LOG, sent, **extra)
    html = response.content.decode()
    assert response.status_code == 422, html
    opened = local_date(journey.infusion_date + datetime.timedelta(days=3), "weekday")
    assert f"This page was opened on {opened}" in html
    assert 'value="101.2"' in html
    assert LogEntry.objects.count() == 0
    # Sent again from the form that came back, it is a reading of that day, on purpose.
    again = form_fields(section(html, 3)) | {"temperature": "101.2", "unit": "F"}
    assert again["time"] == fields["time"]
    assert client.post(LOG, again, **extra).status_code in (200, 302)
    entry = LogEntry.objects.get()
    assert entry.day == 3 and timezone.localtime(
        entry.taken_at
    ).date() == journey.infusion_date + datetime.timedelta(days=3)


@BOTH
def test_a_form_whose_day_moved_to_another_date_is_refused(client, content, extra):
    """The infusion date was corrected (on another phone) after the page was opened: day 3
    is now another date, and the reading must not land on it unseen."""
    start(client, days_ago=3)
    fields = form_fields(section(client.get(LOG).content.decode(), 3))
    earlier = timezone.localdate() - datetime.timedelta(days=4)
    assert client.post("/my-journey/", {"infusion_date": earlier.isoformat()}).status_code == 302
    response = client.post(LOG, fields | {"temperature": "99.5", "unit": "F"}, **extra)
    html = response.content.decode()
    assert response.status_code == 422, html
    assert "The dates changed since this page was opened" in html
    assert LogEntry.objects.count() == 0


# --------------------------------------------------------------------------- #
# A past day's form asks for the time the reading was taken
# --------------------------------------------------------------------------- #


@BOTH
def test_a_past_days_form_asks_for_the_time_it_was_taken_instead_of_offering_now(
    client, content, extra
):
    journey = start(client, days_ago=3)
    today = form_fields(section(client.get(LOG).content.decode(), 3))
    assert re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", today["time"])  # today's form offers now
    html = client.get(f"{LOG}?day=1", **extra).content.decode()
    day = section(html, 1)
    assert form_fields(day)["time"] == ""
    date = local_date(journey.infusion_date + datetime.timedelta(days=1), "weekday")
    assert f"Add a reading you took on {date}" in day
    # Its handwriting is a picture of that day's writing (the paper sheet), never the pad.
    assert "data-pad" not in day and 'name="image"' in day


# --------------------------------------------------------------------------- #
# Days are the site's days, whatever the server's clock zone
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("zone", ["America/New_York", "Pacific/Pago_Pago", "Pacific/Kiritimati"])
def test_an_entry_late_in_the_evening_is_stored_on_its_own_day(
    client, content, settings, time_machine, zone
):
    """11:50 pm in Pago Pago is already tomorrow in UTC (and in Kiritimati, 11:50 pm is
    still this morning in UTC): the log's days are the site's days."""
    settings.TIME_ZONE = zone
    tz = timezone.get_default_timezone()
    moment = datetime.datetime.combine(datetime.date(2026, 3, 14), datetime.time(23, 50), tzinfo=tz)
    time_machine.move_to(moment, tick=True)
    assert timezone.localdate() == datetime.date(2026, 3, 14)
    journey = start(client, days_ago=3)
    for time in ("23:45", "00:05"):
        assert add(client, day=3, time=time, temperature="99.0").status_code == 302
    taken = [timezone.localtime(e.taken_at) for e in LogEntry.objects.order_by("taken_at")]
    assert [t.strftime("%Y-%m-%d %H:%M") for t in taken] == ["2026-03-14 00:05", "2026-03-14 23:45"]
    assert all(e.day == 3 for e in LogEntry.objects.all())
    assert journey.infusion_date == datetime.date(2026, 3, 11)
    # And a minute past midnight the next day is a new day, open first.
    time_machine.move_to(moment + datetime.timedelta(minutes=11), tick=True)
    html = client.get(LOG).content.decode()
    assert re.findall(r'<section id="day-(\d+)"', html)[0] == "4"
    assert add(client, day=4, time="00:01").status_code == 302
