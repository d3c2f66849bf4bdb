"""The bedside sheet, the packet cover and the checklist sheet say whom to call for what
(issue 27, item 3): a short 911 list and a care-team list, read from the published warning
signs. They used to say "call the care team right away for a fever or any warning sign",
which sent a seizure, a person who cannot be woken and a person who cannot breathe to the
care team instead of 911."""

import re

import pytest
from django.utils import translation

from journeys.content import selectors
from journeys.models import WarningSign

pytestmark = pytest.mark.django_db

SHEETS = {
    "blank log": "/my-journey/log/blank/",
    "packet cover": "/print/?part=glossary",
    "packet log": "/print/?part=log",
    "checklist sheet": "/checklists/print/",
}
OLD = re.compile(
    r"any warning sign|cualquier señal de alarma|todas las señales de alarma", re.IGNORECASE
)


def _text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _lists(html):
    """The two lists of the first `call-lists` block (the cover's, on the packet)."""
    block = re.search(r'<div class="call-lists">(.*?)</div>', html, re.S)
    assert block, "no call lists on the sheet"
    emergency = re.search(r'class="call-list call-emergency">(.*?)</p>', block.group(1), re.S)
    care = re.search(r'class="call-list call-care-team">(.*?)</p>', block.group(1), re.S)
    return _text(emergency.group(1)), _text(care.group(1))


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("sheet", SHEETS)
def test_each_sheet_lists_911_signs_and_care_team_signs_from_the_data(
    client, seeded_db, sheet, lang
):
    prefix = "/es" if lang == "es" else ""
    html = client.get(prefix + SHEETS[sheet]).content.decode()
    text = _text(html)
    assert not OLD.search(text), f"{sheet} still lumps every warning sign together"
    with translation.override(lang):
        signs = selectors.warning_signs(product=None, preview=False)
        emergency_names = [s.name for s in signs.emergency]
        care_names = [s.name for s in signs.care_team]
    assert emergency_names and care_names
    emergency, care = _lists(html)
    heading = "Llame al 911 ahora en caso de:" if lang == "es" else "Call 911 now for:"
    assert emergency.startswith(heading), (sheet, emergency)
    for name in emergency_names:
        assert name in emergency, (sheet, name)
        assert name not in care, (sheet, name)
    for name in care_names:
        assert name in care, (sheet, name)


def test_the_lists_follow_the_data_not_a_copy(client, seeded_db):
    """A sign moved from the care team to 911 moves on the sheet too."""
    sign = WarningSign.objects.get(slug="dizziness-or-fast-heartbeat")
    sign.action = WarningSign.Action.CALL_EMERGENCY
    sign.save()
    emergency, care = _lists(client.get("/my-journey/log/blank/").content.decode())
    assert sign.name in emergency and sign.name not in care
