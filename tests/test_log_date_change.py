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
