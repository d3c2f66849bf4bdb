"""Issue 30, finding 2 and "What to build" 2: an entry is never stored on a day other than
the one it was taken, and nothing a family typed is lost or silently moved.

The defect: the log stored each entry by its day number (days from the infusion date). When
the infusion date was changed on /my-journey/ after readings existed, every reading silently
moved to another date on the log page, the print-out and the CSV (a 38.4 °C reading taken on
December 1 showed under December 3). Now a change of the infusion date renumbers the log's
days from each reading's real date in the same transaction; a change that would put readings
outside the log's days asks first; the form says what a change does before it is sent.
"""

import csv
import datetime
import html as html_lib
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
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


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def start(client, days_ago):
    response = client.post("/my-journey/", {"infusion_date": ago(days_ago).isoformat()})
    assert response.status_code == 302
    return Journey.objects.get(pk=client.session["journey"])


def add(client, day, time, temperature="", unit="F", **extra):
    data = {"day": str(day), "time": time, "temperature": temperature, "unit": unit}
    data["key"] = f"{LogEntry.objects.count() + 100:032x}"
    response = client.post(LOG, data, **extra)
    assert response.status_code in (200, 302), response.content.decode()
    return response


def png(shade=0):
    buffer = io.BytesIO()
    image = Image.new("L", (300, 100), 255)
    for x in range(200):
        image.putpixel((x, 50), shade)
    image.save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, day, shade=0, **extra):
    file = SimpleUploadedFile("hw.png", png(shade), content_type="image/png")
    return client.post(f"{LOG}handwriting/", {"day": str(day), "image": file}, **extra)


def change(client, infusion, **data):
    return client.post("/my-journey/", {"infusion_date": infusion.isoformat(), **data})


def section(html, day):
    match = re.search(rf'<section id="day-{day}".*?</section>', html, re.S)
    assert match, f"no section for day {day}"
    return match.group(0)


def csv_rows(client):
    body = client.get(f"{LOG}entries.csv").content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))[1:]


def print_rows(client):
    html = client.get(f"{LOG}print/").content.decode()
    return re.findall(r"<tr[^>]*><th scope=\"row\">(.*?)</tr>", html, re.S)


# --------------------------------------------------------------------------- #
# The defect, reproduced: a reading keeps the date it was taken
# --------------------------------------------------------------------------- #


def test_a_reading_keeps_its_date_when_the_infusion_date_is_changed(client, content):
    """38.4 °C taken 5 days ago (day 5); the infusion date is then corrected to 2 days
    later. The reading was taken on the same day as before: it is now day 3, on the log
    page, the print-out and the CSV, never 2 days later."""
    start(client, days_ago=10)
    add(client, day=5, time="08:00", temperature="38.4", unit="C")
    taken = LogEntry.objects.get().taken_at
    assert change(client, ago(8)).status_code == 302

    entry = LogEntry.objects.get()
    assert entry.taken_at == taken  # the moment it was taken never changes
    assert entry.day == 3
    shown = local_date(ago(5), "weekday")

    html = client.get(f"{LOG}?day=3").content.decode()
    day = section(html, 3)
    assert shown in day and "38.4" in day
    assert "38.4" not in section(html, 5)  # not under the date two days later

    rows = print_rows(client)
    assert len(rows) == 1
    assert "Day 3" in rows[0] and local_date(ago(5), "short") in rows[0] and "38.4" in rows[0]

    [row] = csv_rows(client)
    assert row[:3] == ["3", ago(5).isoformat(), "08:00"] and row[4] == "38.4"


def test_the_handwriting_keeps_the_day_it_was_written(client, content):
    start(client, days_ago=10)
    assert upload(client, day=5).status_code == 302
    assert change(client, ago(8)).status_code == 302
    assert list(LogDay.objects.values_list("day", flat=True)) == [3]
    assert client.get(f"{LOG}handwriting/3.png").status_code == 200
    assert client.get(f"{LOG}handwriting/5.png").status_code == 404


def test_readings_on_several_days_and_a_removed_one_all_keep_their_dates(client, content):
    start(client, days_ago=10)
    for day in (2, 5, 9):
        add(client, day=day, time="07:30", temperature="99.0")
    removed = LogEntry.objects.get(day=5)
    client.post(f"{LOG}entry/{removed.pk}/", {"action": "remove"})
    before = {e.pk: timezone.localtime(e.taken_at).date() for e in LogEntry.objects.all()}
    assert change(client, ago(12)).status_code == 302  # two days earlier
    for entry in LogEntry.objects.all():
        assert ago(12) + datetime.timedelta(days=entry.day) == before[entry.pk]
    assert sorted(LogEntry.objects.values_list("day", flat=True)) == [4, 7, 11]
    # Undo brings the removed reading back on its own date.
    client.post(f"{LOG}entry/{removed.pk}/", {"action": "undo"})
    assert section(client.get(f"{LOG}?day=7").content.decode(), 7).count("99.0") == 1


# --------------------------------------------------------------------------- #
# One handwriting a day (unique journey + day): renumbering never collides
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "moved", [-3, -1, 1, 3], ids=["3-later", "1-later", "1-earlier", "3-earlier"]
)
def test_handwriting_on_every_day_moves_in_either_direction(client, content, moved):
    """Samples on days 3 to 8 in a row: moving the infusion date by one day makes every day
    number land on another sample's old number (the unique constraint's case)."""
    start(client, days_ago=10)
    for day in range(3, 9):
        assert upload(client, day=day, shade=day * 20).status_code == 302
    images = {
        ago(10) + datetime.timedelta(days=row.day): bytes(row.handwriting)
        for row in LogDay.objects.all()
    }
    assert change(client, ago(10 + moved)).status_code == 302
    rows = list(LogDay.objects.order_by("day"))
    assert [row.day for row in rows] == [day + moved for day in range(3, 9)]
    for row in rows:  # each picture is still the one drawn on its date
        assert bytes(row.handwriting) == images[ago(10 + moved) + datetime.timedelta(days=row.day)]
    html = client.get(f"{LOG}print/").content.decode()
    assert html.count("<li><img src=") == 6


def test_the_unique_day_is_a_real_constraint_a_plain_shift_would_break(content):
    """The order of the moves matters: shifting all rows in one UPDATE meets the unique
    (journey, day) constraint row by row (SQLite and PostgreSQL alike)."""
    from django.db import IntegrityError, transaction
    from django.db.models import F

    journey_id = Journey.objects.create(infusion_date=ago(10)).pk
    for day in range(1, 4):
        LogDay.objects.create(journey_id=journey_id, day=day, handwriting=png())
    with pytest.raises(IntegrityError), transaction.atomic():
        LogDay.objects.filter(journey_id=journey_id).update(day=F("day") + 1)


def test_a_day_number_may_now_sit_beyond_the_old_limit_but_not_beyond_999(content):
    """Checked by updates of plain ids: a refused row kept by the exception's traceback
    would outlive the test (tests/test_log.py checks that no journey row does)."""
    from django.db import IntegrityError, transaction

    journey_id = Journey.objects.create(infusion_date=ago(10)).pk
    hand = LogDay.objects.create(journey_id=journey_id, day=-300, handwriting=png()).pk
    entry = LogEntry.objects.create(
        journey_id=journey_id, day=-300, taken_at=timezone.now(), key="f" * 32
    ).pk
    with pytest.raises(IntegrityError), transaction.atomic():
        LogDay.objects.filter(pk=hand).update(day=-1000)
    with pytest.raises(IntegrityError), transaction.atomic():
        LogEntry.objects.filter(pk=entry).update(day=1000)
    assert LogEntry.objects.filter(pk=entry, day=-300).exists()


def test_a_date_too_far_from_the_readings_is_refused_with_a_message(client, content):
    """A journey two years old with a reading from then, and the infusion typed a year
    ahead: the day numbers would pass what is stored. A 400 with the reason, nothing
    changed, the date typed still in the form."""
    journey = start(client, days_ago=700)
    old = ago(700) - datetime.timedelta(days=30)
    LogEntry.objects.create(
        journey=journey,
        day=-30,
        taken_at=timezone.make_aware(datetime.datetime.combine(old, datetime.time(8))),
        key="a" * 32,
    )
    ahead = timezone.localdate() + datetime.timedelta(days=360)
    response = change(client, ahead, confirm="anything")
    html = response.content.decode()
    assert response.status_code == 400, html
    assert "too far from the readings in your daily log" in html
    assert f'value="{ahead.isoformat()}"' in html
    assert Journey.objects.get().infusion_date == ago(700)
    assert LogEntry.objects.get().day == -30


# --------------------------------------------------------------------------- #
# Readings the new date would put outside the log's days: asked first
# --------------------------------------------------------------------------- #


def ask_token(html):
    return re.search(r'name="confirm" value="([0-9a-f]+)"', html).group(1)


@BOTH
def test_a_date_that_puts_readings_before_the_log_asks_first_and_keeps_what_was_typed(
    client, content, extra
):
    start(client, days_ago=5)
    add(client, day=0, time="09:00", temperature="98.9")
    add(client, day=1, time="09:00", temperature="38.4", unit="C")
    add(client, day=1, time="21:00", temperature="99.1")
    upload(client, day=1)
    add(client, day=4, time="09:00", temperature="98.6")
    response = client.post(
        "/my-journey/",
        {"infusion_date": ago(3).isoformat(), "collection_date": ago(20).isoformat()},
        **extra,
    )
    html = response.content.decode()
    assert response.status_code == 409, html
    ask = html_lib.unescape(re.search(r'<section class="dates-ask".*?</section>', html, re.S)[0])
    new, old = local_date(ago(3), "long"), local_date(ago(5), "long")
    assert (
        f"With {new} as the infusion date, 3 readings and 1 handwriting sample from your "
        "daily log would be outside the log's days (day 0 to day 28)." in ask
    )
    assert f"<li>{local_date(ago(5), 'weekday')}: 1 reading</li>" in ask
    assert f"<li>{local_date(ago(4), 'weekday')}: 2 readings and the handwriting sample</li>" in ask
    assert "print-out" in ask and "CSV" in ask and "Nothing is deleted" in ask
    assert f"Yes, change the date to {new}" in ask and f"Keep {old}" in ask
    # What was typed is still in the form; nothing was saved.
    assert f'value="{ago(3).isoformat()}"' in html and f'value="{ago(20).isoformat()}"' in html
    journey = Journey.objects.get()
    assert journey.infusion_date == ago(5) and journey.collection_date is None
    assert sorted(LogEntry.objects.values_list("day", flat=True)) == [0, 1, 1, 4]

    # Yes: saved, renumbered, nothing lost.
    response = client.post(
        "/my-journey/",
        {
            "infusion_date": ago(3).isoformat(),
            "collection_date": ago(20).isoformat(),
            "confirm": ask_token(html),
        },
    )
    assert response.status_code == 302
    assert Journey.objects.get().infusion_date == ago(3)
    assert sorted(LogEntry.objects.values_list("day", flat=True)) == [-2, -1, -1, 2]
    assert list(LogDay.objects.values_list("day", flat=True)) == [-1]

    log_page = client.get(LOG).content.decode()
    note = re.search(r'<p class="notice-box" id="log-outside">.*?</p>', log_page, re.S)[0]
    note = html_lib.unescape(note)
    assert "3 readings are from days outside the log" in note
    assert "1 handwriting sample is from a day outside" in note

    rows = print_rows(client)
    assert len(rows) == 3
    assert "Day -2" in rows[0] and local_date(ago(5), "short") in rows[0]
    assert "outside the log&#x27;s days" in rows[0] and "outside the log&#x27;s days" in rows[1]
    assert "outside" not in rows[2] and "Day 2" in rows[2]
    printed = client.get(f"{LOG}print/").content.decode()
    assert client.get(f"{LOG}handwriting/-1.png").status_code == 200
    assert 'src="/my-journey/log/handwriting/-1.png' in printed

    assert [r[:3] for r in csv_rows(client)] == [
        ["-2", ago(5).isoformat(), "09:00"],
        ["-1", ago(4).isoformat(), "09:00"],
        ["-1", ago(4).isoformat(), "21:00"],
        ["2", ago(1).isoformat(), "09:00"],
    ]

    # Changing the date back asks nothing: every reading is back in the log on its day.
    assert change(client, ago(5)).status_code == 302
    assert sorted(LogEntry.objects.values_list("day", flat=True)) == [0, 1, 1, 4]
    assert 'id="log-outside"' not in client.get(LOG).content.decode()


def test_a_date_that_puts_readings_after_the_log_asks_first(client, content):
    start(client, days_ago=20)
    add(client, day=20, time="08:00", temperature="98.6")
    response = change(client, ago(30))  # day 20 would be day 30, past day 28
    html = html_lib.unescape(response.content.decode())
    assert response.status_code == 409
    assert "1 reading from your daily log would be outside the log's days" in html
    assert LogEntry.objects.get().day == 20


def test_keeping_the_old_date_is_a_plain_link_back(client, content):
    start(client, days_ago=5)
    add(client, day=0, time="09:00")
    html = change(client, ago(3)).content.decode()
    assert re.search(r'<a class="button secondary" href="/my-journey/">Keep ', html)
    assert Journey.objects.get().infusion_date == ago(5)


def test_an_answer_to_another_question_is_asked_again(client, content):
    """The page asked about 1 reading; another phone added one more since, or the date was
    typed again: the answer does not cover it, so the form asks again."""
    start(client, days_ago=5)
    add(client, day=0, time="09:00")
    token = ask_token(change(client, ago(3)).content.decode())
    add(client, day=1, time="09:00")  # another reading that would also fall outside
    response = change(client, ago(3), confirm=token)
    assert response.status_code == 409
    assert "2 readings from your daily log" in response.content.decode()
    assert Journey.objects.get().infusion_date == ago(5)
    response = change(client, ago(2), confirm=token)  # another date typed in the same form
    assert response.status_code == 409
    assert Journey.objects.get().infusion_date == ago(5)


def test_a_date_that_keeps_every_reading_in_the_log_asks_nothing_and_says_what_it_did(
    client, content
):
    start(client, days_ago=5)
    add(client, day=3, time="09:00")
    response = change(client, ago(6))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Your daily log now counts its days from the new date" in page
    assert LogEntry.objects.get().day == 4


def test_readings_already_outside_are_not_asked_about_again(client, content):
    start(client, days_ago=5)
    add(client, day=0, time="09:00")
    token = ask_token(change(client, ago(3)).content.decode())
    assert change(client, ago(3), confirm=token).status_code == 302
    assert change(client, ago(2)).status_code == 302  # day -2 becomes day -3: no news
    assert LogEntry.objects.get().day == -3


# --------------------------------------------------------------------------- #
# The form says it before it is sent
# --------------------------------------------------------------------------- #


def hint(html):
    return re.search(r'<p class="hint" id="id_infusion_date_helptext">(.*?)</p>', html, re.S).group(
        1
    )


def test_the_dates_form_says_a_new_date_renumbers_the_log_once_it_has_readings(client, content):
    start(client, days_ago=5)
    assert "daily log" not in hint(client.get("/my-journey/").content.decode())
    add(client, day=2, time="09:00")
    html = client.get("/my-journey/").content.decode()
    said = hint(html)
    assert "If you change this date, the log counts its days again from the new date" in said
    assert "Each reading and handwriting sample keeps the date it was taken" in said
    field = re.search(r'<input type="date" name="infusion_date"[^>]*>', html).group(0)
    assert "id_infusion_date_helptext" in field  # read with the field
    spanish = hint(client.get("/es/my-journey/").content.decode())
    assert "registro" in spanish and "If you change" not in spanish


def test_the_hint_and_whats_next_read_the_logs_days_once_and_still_right(client, content):
    """/my-journey/ reads the days holding a reading once for the dates form and "what's
    next" (issue 26): a removed reading counts for neither, a handwriting sample alone
    makes the hint, and today's reading makes "what's next" say the log has an entry."""
    said = "If you change this date, the log counts its days again"
    start(client, days_ago=5)
    add(client, day=5, time="00:01")
    page = client.get("/my-journey/").content.decode()
    assert said in hint(page) and "Today's daily log has an entry." in page
    client.post(f"{LOG}entry/{LogEntry.objects.get().pk}/", {"action": "remove"})
    page = client.get("/my-journey/").content.decode()
    assert said not in hint(page) and "Today's daily log has no entry yet." in page
    assert upload(client, day=4).status_code == 302
    page = client.get("/my-journey/").content.decode()
    assert said in hint(page) and "Today's daily log has no entry yet." in page


def test_the_question_is_asked_in_spanish(client, content):
    start(client, days_ago=5)
    add(client, day=0, time="09:00")
    html = client.post("/es/my-journey/", {"infusion_date": ago(3).isoformat()}).content.decode()
    ask = re.search(r'<section class="dates-ask".*?</section>', html, re.S).group(0)
    assert "1 anotación" in ask and "Nothing is deleted" not in ask
    assert "CSV" in ask


# --------------------------------------------------------------------------- #
# Who may change the dates
# --------------------------------------------------------------------------- #


def test_a_caregiver_not_allowed_to_change_the_dates_still_cannot(client, content):
    start(client, days_ago=5)
    add(client, day=0, time="09:00")
    add(client, day=3, time="09:00")
    client.post("/my-journey/share/", {"sharing": "on"})
    caregiver = Client()
    caregiver.post(f"/j/{Journey.objects.get().token}/", {"role": "caregiver"})
    for data in ({}, {"confirm": "0" * 32}):
        response = change(caregiver, ago(3), **data)
        assert response.status_code == 403
    assert Journey.objects.get().infusion_date == ago(5)
    assert sorted(LogEntry.objects.values_list("day", flat=True)) == [0, 3]
    # Allowed, the caregiver's change renumbers the same way (asked first too).
    client.post("/my-journey/share/", {"sharing": "on", "caregiver_may_edit_dates": "on"})
    assert change(caregiver, ago(6)).status_code == 302
    assert sorted(LogEntry.objects.values_list("day", flat=True)) == [1, 4]


# --------------------------------------------------------------------------- #
# A page opened before the change (the "opened on an earlier day" guard)
# --------------------------------------------------------------------------- #


def form_fields(html):
    form = re.search(r'<form method="post" class="log-form".*?</form>', html, re.S).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields["time"] = re.search(r'name="time"[^>]*value="([^"]*)"', form).group(1)
    return fields


@BOTH
def test_a_reading_from_a_page_opened_before_the_change_comes_back_under_its_date(
    client, content, extra
):
    """Today is day 3 on the open page; the infusion date is then corrected to a day
    earlier (today is day 4). The reading typed on the old page is not stored under day 3
    (yesterday now): it comes back, as typed, under today, with the reason."""
    start(client, days_ago=3)
    add(client, day=2, time="08:00", temperature="99.0")
    fields = form_fields(section(client.get(LOG).content.decode(), 3))
    assert change(client, ago(4)).status_code == 302
    response = client.post(LOG, fields | {"temperature": "101.2", "unit": "F"}, **extra)
    html = response.content.decode()
    assert response.status_code == 422, html
    today = local_date(timezone.localdate(), "weekday")
    assert f"The dates changed since this page was opened: {today} is now day 4" in html
    assert LogEntry.objects.count() == 1
    day = section(html, 4)
    assert 'value="101.2"' in day and f'value="{fields["time"]}"' in day
    if extra:  # the whole log takes the old page's place: every day has a new number
        assert response["HX-Retarget"] == "#main" and response["HX-Reselect"] == "#main"
    # Sent again from there, it is stored on today, its own date.
    again = form_fields(day) | {"temperature": "101.2", "unit": "F"}
    assert client.post(LOG, again, **extra).status_code in (200, 302)
    entry = LogEntry.objects.get(temperature="101.2")
    assert entry.day == 4 and timezone.localtime(entry.taken_at).date() == timezone.localdate()


def test_a_reading_whose_date_is_no_longer_in_the_log_is_refused_with_the_reason(client, content):
    start(client, days_ago=3)
    fields = form_fields(section(client.get(LOG).content.decode(), 3))
    assert change(client, ago(40)).status_code == 302  # today is now past the log's end
    response = client.post(LOG, fields | {"temperature": "99.5", "unit": "F"})
    assert response.status_code == 422
    assert LogEntry.objects.count() == 0


@BOTH
def test_handwriting_from_a_page_opened_before_the_change_is_refused(client, content, extra):
    start(client, days_ago=3)
    html = section(client.get(LOG).content.decode(), 3)
    shown = re.search(r'name="date" value="([^"]+)"', html.split('class="handwriting"')[1])
    assert shown.group(1) == timezone.localdate().isoformat()
    assert change(client, ago(4)).status_code == 302
    file = SimpleUploadedFile("hw.png", png(), content_type="image/png")
    data = {"day": "3", "date": shown.group(1), "opened": shown.group(1), "image": file}
    response = client.post(f"{LOG}handwriting/", data, **extra)
    assert response.status_code == 422
    assert "The infusion date was changed since this page was opened" in response.content.decode()
    assert LogDay.objects.count() == 0


def test_a_correction_from_a_page_opened_before_the_change_stays_on_its_date(client, content):
    """The entry's day was renumbered with its date: its correction form, opened before,
    still names the same date, and the correction is saved there."""
    start(client, days_ago=5)
    add(client, day=2, time="08:00", temperature="99.0")
    entry = LogEntry.objects.get()
    html = client.get(f"{LOG}?edit={entry.pk}").content.decode()
    form = re.search(r'<form method="post" class="log-form editing".*?</form>', html, re.S).group(0)
    shown = re.search(r'name="e\d+-date" value="([^"]+)"', form).group(1)
    assert change(client, ago(6)).status_code == 302
    data = {
        "action": "save",
        f"e{entry.pk}-date": shown,
        f"e{entry.pk}-time": "08:15",
        f"e{entry.pk}-temperature": "99.4",
        f"e{entry.pk}-unit": "F",
    }
    assert client.post(f"{LOG}entry/{entry.pk}/", data).status_code == 302
    entry.refresh_from_db()
    assert entry.day == 3 and str(entry.temperature) == "99.4"
    assert timezone.localtime(entry.taken_at).date() == ago(3)


def test_a_reading_sent_while_the_date_changes_is_refused_not_misplaced(content):
    """A reading numbered from the date read at the start of its request, stored after a
    change of that date committed (another phone): refused, never stored on a day that now
    means another date."""
    from journeys.log.services import DatesMoved, log_entry_add

    journey = Journey.objects.create(infusion_date=ago(5))
    stale = Journey.objects.get(pk=journey.pk)
    Journey.objects.filter(pk=journey.pk).update(infusion_date=ago(6))
    with pytest.raises(DatesMoved):
        log_entry_add(
            journey=stale,
            day=5,
            taken_at=timezone.now(),
            temperature=None,
            unit="F",
            signs=[],
            key="b" * 32,
        )
    assert LogEntry.objects.count() == 0


# --------------------------------------------------------------------------- #
# Readings the old code moved go back to their dates (migration 0006)
# --------------------------------------------------------------------------- #


def test_the_migration_puts_moved_readings_back_on_the_day_they_were_taken(content):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("journeys.migrations.0007_log_days_from_dates")
    journey = Journey.objects.create(infusion_date=ago(8))
    taken = timezone.make_aware(datetime.datetime.combine(ago(5), datetime.time(8)))
    moved = LogEntry.objects.create(journey=journey, day=5, taken_at=taken, key="c" * 32)
    right = LogEntry.objects.create(journey=journey, day=3, taken_at=taken, key="d" * 32)
    migration.days_from_dates(apps, None)
    moved.refresh_from_db()
    right.refresh_from_db()
    assert moved.day == 3 and right.day == 3


def test_the_first_handwriting_sample_stays_the_one_to_compare_with_outside_the_log(
    client, content
):
    """The baseline sample is from before the treatment: a later infusion date puts it
    before the log's first day, and today's writing is still compared with it."""
    start(client, days_ago=5)
    upload(client, day=0)
    token = ask_token(change(client, ago(3)).content.decode())
    assert change(client, ago(3), confirm=token).status_code == 302
    today = section(client.get(LOG).content.decode(), 3)
    assert 'src="/my-journey/log/handwriting/-2.png' in today
    assert "(first sample)" in today


def test_the_question_is_a_form_with_its_csrf_token_and_an_answer_without_one_is_refused(
    content,
):
    client = Client(enforce_csrf_checks=True)
    html = client.get("/my-journey/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    csrf = {"csrfmiddlewaretoken": token}
    assert change(client, ago(5), **csrf).status_code == 302
    reading = {"day": "0", "time": "09:00", "unit": "F", "key": "e" * 32}
    assert client.post(LOG, reading | csrf).status_code == 302
    html = change(client, ago(3), **csrf).content.decode()
    form = re.search(r'<form class="card dates-form".*?</form>', html, re.S).group(0)
    assert 'name="csrfmiddlewaretoken"' in form and 'name="confirm"' in form
    answer = ask_token(html)
    assert change(client, ago(3), confirm=answer).status_code == 403
    assert Journey.objects.get().infusion_date == ago(5)
    assert change(client, ago(3), confirm=answer, **csrf).status_code == 302
    assert LogEntry.objects.get().day == -2
