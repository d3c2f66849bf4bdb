"""What the phone walk of issue 30 found in the log, the print-outs and sharing (the minor
items), each checked the way a family meets it."""

import codecs
import csv
import datetime
import io
import re

import pytest
from django.test import Client
from django.utils import timezone

from journeys.log.models import LogEntry
from journeys.models import Journey

from . import factories as f
from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def content(db):
    center = f.care_center(phone_day="555-0111", phone_after_hours="555-0122")
    signs = {
        "confusion": f.warning_sign(
            slug="confusion-or-trouble-with-words",
            name="Confusion or trouble with words",
            category="icans",
            order=2,
        ),
    }
    return {"center": center, "signs": signs}


def start(client, days_ago=3):
    infusion = timezone.localdate() - datetime.timedelta(days=days_ago)
    response = client.post("/my-journey/", {"infusion_date": infusion.isoformat()})
    assert response.status_code == 302
    return Journey.objects.get(pk=client.session["journey"])


def add(client, day=3, time="08:00", temperature="", unit="F", signs=(), **extra):
    data = {"day": str(day), "time": time, "temperature": temperature, "unit": unit}
    data["signs"] = [str(s.pk) for s in signs]
    data["key"] = f"{LogEntry.objects.count() + 100:032x}"
    return client.post("/my-journey/log/", data, **extra)


# Item 12: Excel reads a CSV without a byte-order mark as Windows-1252 ("temperature Â°F").
def test_the_csv_starts_with_a_utf8_byte_order_mark_so_excel_reads_degrees(client, content):
    start(client)
    add(client, temperature="38.4", unit="C")
    body = client.get("/my-journey/log/entries.csv").content
    assert body.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "day" and "temperature °F" in rows[0]


# Item 12: one row of the print-out showed "37.4 °C · 101.2 °F" - two scales side by side.
def test_the_printed_log_shows_every_reading_in_the_same_units(client, content):
    start(client)
    add(client, time="08:00", temperature="37.4", unit="C")
    add(client, time="12:00", temperature="101.2", unit="F")
    html = client.get("/my-journey/log/print/").content.decode()
    row = re.search(r'<tr[^>]*><th scope="row">Day 3.*?</tr>', html, re.S).group(0)
    readings = re.findall(r'<span class="reading[^"]*">(.*?)</span>', row, re.S)
    assert len(readings) == 2
    # Each reading leads with °F and gives °C after it, whatever unit was typed.
    for text in readings:
        assert re.search(r"\d+\.\d °F \(\d+\.\d °C\)", text), text
    assert "99.3 °F (37.4 °C)" in row and "101.2 °F (38.4 °C)" in row


# Item 11: each new entry re-inserted every old entry's call as role="alert".
def test_only_the_entry_just_saved_is_announced(client, content):
    start(client)
    add(client, time="08:00", temperature="38.9", unit="C")
    add(client, time="09:00", temperature="39.0", unit="C")
    response = add(client, time="10:00", temperature="39.1", unit="C", **HX)
    html = response.content.decode()
    assert html.count('class="log-calls"') == 3
    assert html.count('role="alert"') == 1
    newest = LogEntry.objects.get(taken_at__hour=10)
    alert = re.search(r'<div class="log-calls" role="alert"', html)
    assert alert and html.index(f"entry-{newest.pk}") < alert.start()
    # A plain visit announces nothing old at all.
    assert 'class="log-calls" role="alert"' not in client.get("/my-journey/log/").content.decode()


# Item 17: "Turn sharing off" was one tap, flush under "Save this choice".
def test_turning_sharing_off_asks_first(client, content):
    start(client)
    client.post("/my-journey/share/", {"sharing": "on"})
    token = Journey.objects.get().token
    response = client.post("/my-journey/share/", {"sharing": "off"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Turn sharing off?" in html and 'name="confirm" value="yes"' in html
    assert Journey.objects.get().token == token  # nothing changed yet
    assert Client().get(f"/j/{token}/").status_code == 200
    response = client.post("/my-journey/share/", {"sharing": "off", "confirm": "yes"})
    assert response.status_code == 302 and Journey.objects.get().token is None


# Item 14: "day or night ((555) 010-0199)" when the number itself has parentheses.
def test_a_number_with_parentheses_is_not_wrapped_in_more(client, content):
    center = content["center"]
    center.phone_after_hours = "(555) 010-0199"
    center.save()
    f.warning_sign(slug="fever", name="Fever", order=1)
    for lang in ("", "/es"):
        response = client.get(f"{lang}/print/?part=signs")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="part-signs-heading"' in html and "(555) 010-0199" in html
        assert "((555) 010-0199)" not in html


# Item 18: "Follow-up visit (day after infusion)" read as "the day after the infusion".
def test_the_timeline_legend_does_not_say_the_day_after_infusion(client, content):
    content["center"].follow_up_days = [30]
    content["center"].save()
    f.stage(slug="monitoring", order=1, name="Monitoring")
    start(client, days_ago=3)
    html = client.get("/my-journey/").content.decode()
    assert "Follow-up visit" in html
    assert "(day after infusion)" not in html


# Item 8: a caregiver who joined by link was treated as the patient until they found the
# role choice: joining never asked who they are.
def test_joining_by_link_asks_who_you_are_and_remembers_it(client, content):
    from journeys.journey import session as keys

    start(client)
    client.post("/my-journey/share/", {"sharing": "on"})
    token = Journey.objects.get().token
    page = Client().get(f"/j/{token}/").content.decode()
    assert "Who are you?" in page
    assert 'name="role" value="caregiver" checked' in page  # the likely answer, chosen

    caregiver = Client()
    assert caregiver.post(f"/j/{token}/", {"role": "caregiver"}).status_code == 302
    assert caregiver.session[keys.ROLE] == "caregiver"
    patient_phone = Client()
    assert patient_phone.post(f"/j/{token}/", {"role": "patient"}).status_code == 302
    assert patient_phone.session[keys.ROLE] == "patient"
    odd = Client()
    response = odd.post(f"/j/{token}/", {"role": "doctor"})
    assert response.status_code == 400 and keys.ROLE not in odd.session


# Item 9: a refused date sat 1,659 px down with focus on the page's body, and an impossible
# date such as 02/30/2026 (which a date field sends as nothing) said "This field is required."
@pytest.mark.parametrize("value", ["", "2026-02-30", "02/30/2026"])
def test_a_refused_date_is_explained_and_its_field_takes_focus(client, content, value):
    response = client.post("/my-journey/", {"infusion_date": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." not in html and "Enter a valid date." not in html
    assert "Check that the date exists" in html.replace("\n", " ")
    field = re.search(r'<input[^>]*name="infusion_date"[^>]*>', html).group(0)
    assert "autofocus" in field and 'aria-invalid="true"' in field
    # Only one field on the page asks for focus.
    assert html.count("autofocus") == 1


# Item 16: staff searching the translations for "No driving" got 17 unrelated rows, first
# "es: Kymriah" (the words were matched inside the JSON's field names), and published one.
def test_staff_find_a_translation_by_the_words_they_see(seeded_db, staff_client):
    from journeys.models import Step, Translation

    step = Step.objects.get(title="No driving for now")
    url = "/admin/journeys/translation/"
    response = staff_client.get(url, {"q": "No driving"})
    assert response.status_code == 200
    found = list(response.context["cl"].result_list)
    assert found and all(t.original == step for t in found), [str(t) for t in found]
    # The Spanish words find it too, and a word in no item finds nothing.
    spanish = Translation.objects.get(object_id=step.pk, content_type__model="step")
    word = next(iter(spanish.fields.values())).split()[0]
    found = staff_client.get(url, {"q": word}).context["cl"].result_list
    assert spanish in list(found)
    assert not list(staff_client.get(url, {"q": "zzqqxx"}).context["cl"].result_list)


# Item 16: the reviewer's word diff glued words together ("sleepinesscan").
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Sleepiness can happen.", "Sleepiness and confusion can happen."),
        ("Call us now if you feel sleepy.", "Call now if sleepiness can be seen."),
        ("A B C D", "A X C Y"),
        ("one two", "one two three"),
        ("zero one two", "one two"),
    ],
)
def test_the_word_diff_reads_as_either_version_with_its_spaces(old, new):
    from journeys.content.governance.diff import word_diff

    html = str(word_diff(old, new))

    def text(markup):
        return " ".join(re.sub(r"<[^>]+>", "", markup).replace("&#x27;", "'").split())

    as_new = text(re.sub(r"<del>.*?</del>", "", html))
    as_old = text(re.sub(r"<ins>.*?</ins>", "", html))
    assert as_new == new and as_old == old, html


# Item 19: Back logged CSP errors for inline styles: htmx's settle copied style attributes
# (left by extensions or screenshot tools) with setAttribute. The browser test
# tests/browser/test_history_csp.py walks it; here, the configuration that prevents it.
def test_htmx_never_writes_an_inline_style(client, content):
    import json

    html = client.get("/journey/").content.decode()
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)[1])
    assert config["includeIndicatorStyles"] is False  # no injected <style>
    assert "style" not in config["attributesToSettle"]  # no style copied on a swap
    assert config["attributesToSettle"]  # the rest still settles (class for transitions)
