"""Phone lines as the center gives them (issue 27, item 3).

A line is called "any time" / "24 hours" only when the center says it answers 24 hours
(`CareCenter.phone_day_24_hours`, `phone_after_hours_24_hours`). Every surface that shows
the numbers is walked: the urgent page, the log's call instructions, the wallet card, the
print-outs, the packet, the calendar file and the footer, in English and Spanish.
"""

import datetime
import re

import pytest
from django.utils import timezone

from journeys.models import CareCenter, WarningSign

pytestmark = pytest.mark.django_db

#: How a page would call a line 24-hour, in either language.
ALL_DAY = re.compile(
    r"any time\s*[:(]|\(24 hours\)|24-hour|day or night"
    r"|a cualquier hora\s*[:(]|\(24 horas\)|de 24 horas|de día o de noche|día o noche",
    re.IGNORECASE,
)


def _text(html):
    """The words a reader sees: tags, scripts and styles dropped, spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _journey(client, lang=""):
    infusion = timezone.localdate() - datetime.timedelta(days=3)
    client.post("/", {"role": "patient", "product": "yescarta"})
    response = client.post(f"{lang}/my-journey/", {"infusion_date": infusion.isoformat()})
    assert response.status_code == 302
    # A fever entry, so the log shows its call instructions.
    client.post(
        f"{lang}/my-journey/log/",
        {
            "day": "3",
            "time": timezone.localtime().strftime("%H:%M"),
            "temperature": "101.5",
            "unit": "F",
            "key": "0" * 31 + "1",
        },
    )


SURFACES = [
    "/urgent/",
    "/my-journey/log/",
    "/my-journey/wallet-card/",
    "/my-journey/log/blank/",
    "/my-journey/log/print/",
    "/checklists/print/",
    "/print/?part=signs&part=log&part=wallet",
    "/search/?q=fever",
    "/about/",
]


def _surfaces(client, lang):
    pages = {path: client.get(lang + path) for path in SURFACES}
    for path, response in pages.items():
        assert response.status_code == 200, path
    texts = {path: _text(r.content.decode()) for path, r in pages.items()}
    ics = client.get(f"{lang}/my-journey/calendar.ics")
    assert ics.status_code == 200
    texts["calendar.ics"] = ics.content.decode().replace("\r\n ", "")
    return texts


@pytest.mark.parametrize("lang", ["", "/es"])
def test_no_line_is_called_24_hours_unless_the_center_says_so(client, seeded_db, lang):
    center = CareCenter.objects.get()
    assert not center.phone_day_24_hours and not center.phone_after_hours_24_hours
    _journey(client, lang)
    texts = _surfaces(client, lang)
    wrong = {path: ALL_DAY.findall(text) for path, text in texts.items() if ALL_DAY.search(text)}
    assert not wrong, f"a line is called 24-hour though the center did not say so: {wrong}"
    # Both numbers are still there, each named for what it is.
    after_hours = "Fuera de horario" if lang else "After hours"
    for path in ["/urgent/", "/my-journey/wallet-card/", "/my-journey/log/blank/"]:
        assert center.phone_day in texts[path] and center.phone_after_hours in texts[path], path
        assert after_hours in texts[path], path


@pytest.mark.parametrize("lang", ["", "/es"])
def test_a_line_the_center_marks_24_hours_is_called_so_everywhere(client, seeded_db, lang):
    CareCenter.objects.update(phone_after_hours_24_hours=True)
    center = CareCenter.objects.get()
    _journey(client, lang)
    texts = _surfaces(client, lang)
    label = "A cualquier hora (24 horas)" if lang else "Any time (24 hours)"
    for path in [
        "/urgent/",
        "/my-journey/log/",
        "/my-journey/wallet-card/",
        "/my-journey/log/blank/",
        "/my-journey/log/print/",
        "/checklists/print/",
        "/print/?part=signs&part=log&part=wallet",
    ]:
        assert f"{label}: {center.phone_after_hours}" in texts[path], path
        # The daytime line is still only the daytime line.
        assert f"{label}: {center.phone_day}" not in texts[path], path


def test_the_center_can_mark_either_line(seeded_db):
    center = CareCenter.objects.get()
    assert center.phone_24_hours == ""
    center.phone_day_24_hours = True
    assert center.phone_24_hours == center.phone_day
    assert [line.kind for line in center.phone_lines] == ["day", "after_hours"]
    center.phone_day_24_hours, center.phone_after_hours_24_hours = False, True
    assert center.phone_24_hours == center.phone_after_hours
    assert [line.kind for line in center.phone_lines] == ["after_hours", "day"]


def test_the_fever_sign_is_seeded(seeded_db):
    # The log test above relies on the shipped fever sign to show call instructions.
    assert WarningSign.objects.published().filter(slug="fever-or-chills").exists()
