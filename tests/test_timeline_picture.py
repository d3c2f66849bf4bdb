"""The timeline picture is drawn from data: stage days, day counts, follow-up visits."""

import re
from types import SimpleNamespace

import pytest

from journeys.content.timeline_picture import build_picture

NUMBERS = {
    "daily_monitoring_days": 7,
    "stay_near_days": 14,
    "caregiver_days": 14,
    "no_driving_days": 14,
}


def _stages():
    """The shipped journey's shape: three stages without a start day, then dated ones."""
    rows = [
        ("evaluation", None, None, 7, 28),
        ("leukapheresis", None, None, 1, 1),
        ("manufacturing", None, None, 14, 28),
        ("lymphodepletion", -5, -3, 2, 4),
        ("infusion", 0, 0, 1, 1),
        ("monitoring", 0, 14, 14, 28),
        ("recovery", 14, 90, 76, 76),
        ("long-term", 90, None, 5475, 5475),
    ]
    return [
        SimpleNamespace(
            slug=slug, starts_day=start, ends_day=end, duration_min_days=lo, duration_max_days=hi
        )
        for slug, start, end, lo, hi in rows
    ]


def _band(picture, slug):
    return next(b for b in picture.bands if b.stage.slug == slug)


def test_bands_fill_the_width_in_order_without_overlap():
    picture = build_picture(stages=_stages(), numbers=NUMBERS)
    bands = picture.bands
    assert bands[0].x == 0
    assert bands[-1].end == pytest.approx(100, abs=0.05)
    for before, after in zip(bands, bands[1:], strict=False):
        assert after.x >= before.end - 0.01
    # Day 0 is where the infusion band starts; an undated stage is placed, not dated.
    assert picture.day_zero == _band(picture, "infusion").x
    assert not _band(picture, "manufacturing").dated
    assert _band(picture, "long-term").open_ended


def test_changing_a_stage_day_range_moves_the_drawing():
    stages = _stages()
    before = build_picture(stages=stages, numbers=NUMBERS)
    stages[6].ends_day = 180  # recovery now lasts twice as long
    after = build_picture(stages=stages, numbers=NUMBERS)
    assert _band(after, "recovery").width > _band(before, "recovery").width
    assert _band(after, "long-term").x > _band(before, "long-term").x
    # A longer chemotherapy-free wait before lymphodepletion moves day 0 right too.
    stages[3].starts_day, stages[3].ends_day = -9, -7
    later = build_picture(stages=stages, numbers=NUMBERS)
    assert later.day_zero > after.day_zero
    assert _band(later, "lymphodepletion").first_day == -9


def test_windows_visits_and_today_come_from_the_numbers():
    short = build_picture(stages=_stages(), numbers=NUMBERS, follow_up_days=[30, 90])
    longer = build_picture(
        stages=_stages(),
        numbers=NUMBERS | {"stay_near_days": 28, "no_driving_days": 56},
        follow_up_days=[30, 90],
    )
    win = {w.key: w for w in short.windows}
    win_long = {w.key: w for w in longer.windows}
    assert win["stay-near"].days == 14
    assert win["stay-near"].x == _band(short, "monitoring").x  # day 1
    assert win["daily-monitoring"].width < win["stay-near"].width
    assert win_long["no-driving"].width > win_long["stay-near"].width > win["stay-near"].width
    assert [v.day for v in short.visits] == [30, 90]
    assert short.visits[0].x < short.visits[1].x
    # An unknown count (None) is still shown (issue 27: Aucatzyl had no caregiver window),
    # as a short mark with no number; no dates, no today.
    unknown = build_picture(stages=_stages(), numbers=NUMBERS | {"caregiver_days": None})
    assert {w.key: w.days for w in unknown.windows}["caregiver"] is None
    assert unknown.today is None
    dated = build_picture(stages=_stages(), numbers=NUMBERS, today=3)
    assert _band(dated, "monitoring").x < dated.today.x < _band(dated, "monitoring").end


def test_no_stages_draws_nothing():
    assert build_picture(stages=[], numbers=NUMBERS).bands == []


def test_the_picture_drawn_in_python_escapes_every_value_and_keeps_the_csp():
    """Issue 26: the picture is written by templatetags/timeline_picture.py, not a template.
    A stage's name or a note with markup comes out as text; nothing has a style attribute
    (the CSP allows none); the numbers are written without a locale's separators."""
    from django.utils import translation

    from journeys.templatetags.timeline_picture import picture_html

    stages = _stages()
    for stage in stages:
        stage.name = f"<b>{stage.slug}</b>"
    stages[4].note = '"split" & <i>dose</i>'  # infusion: days_text set, so its note shows
    stages[4].days_text = "Day 0."
    numbers = dict(NUMBERS, split_dose="<script>x</script>")
    picture = build_picture(stages=stages, numbers=numbers, follow_up_days=[28], today=3)
    with translation.override("es"):
        html = str(picture_html(picture, read={"infusion"}, numbers=numbers))
    assert "<b>" not in html and "<i>" not in html and "<script>" not in html
    assert html.count("&lt;b&gt;") == len(stages)  # the words list, once a stage
    assert "&quot;split&quot; &amp; &lt;i&gt;dose&lt;/i&gt;" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html  # said after day 0's stage
    assert "style=" not in html and html.count('class="tl-today"') == 2
    assert html.count(" is-read") == 2 and "(leída)" in html  # wide and tall band; words
    assert "Hoy es el día 3." in html and "cita, día 28" in html
    assert f'x="{picture.bands[1].x}%"' in html
    places = re.findall(r' (?:x|y|dx|dy|x1|x2|y1|y2|cx|cy|r|width|height)="([^"]*)"', html)
    assert len(places) > 100 and all(re.fullmatch(r"\d+(\.\d+)?%?", p) for p in places), places


def test_escaped_writes_what_conditional_escape_does():
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from journeys.templatetags.journeys import escaped

    values = ["<a href='x'>&\"</a>", mark_safe("<b>ok</b>"), gettext_lazy("Today"), 12, None]
    values.append(gettext_lazy(mark_safe("<em>safe msgid</em>")))
    assert [escaped(v) for v in values] == [str(conditional_escape(v)) for v in values]
