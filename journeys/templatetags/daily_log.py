"""Template tags of the daily log: the closed days of the log page, the print-out's rows.

Plain strings are escaped with the standard library's html.escape (what Django's escape
calls, without its lazy-string wrapper): a log page writes ~30 days of them."""

import html

from django import template
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from journeys.content.dates import date_writer
from journeys.log.models import Unit
from journeys.templatetags.journeys import escaped as esc

register = template.Library()


class _DayWords:
    """What every closed day says, translated once a page rather than once a day."""

    def __init__(self, *, ended=False):
        self.ended = ended
        self.heading = _("Day %(n)s · %(date)s")
        self.today = format_html(' <span class="today-tag">{}</span>', _("(today)"))
        self.saved = esc(" · " + _("handwriting saved"))
        self.open = (
            pgettext("daily log", "Open day %(n)s to correct or remove entries")
            if ended
            else pgettext("daily log", "Open day %(n)s to add, correct or remove entries")
        )
        self.empty = _("No entries for this day yet.")
        self.date = date_writer("weekday")  # each weekday and month translated once
        self.units = {value: str(label) for value, label in Unit.choices}
        self.fever = format_html(
            ' <strong>▲</strong><span class="visually-hidden"> {}</span>',
            _("(at or above the fever number)"),
        )


_WORDS = "daily_log.words"


@register.simple_tag
def day_summary(day, words=None):
    """A closed day's readings in one line, built here rather than by nested template loops:
    a log of 28 days x 4 entries renders in about a millisecond this way."""
    entries = day.shown_entries
    words = words or _DayWords()
    if not entries:
        return words.empty
    parts = []
    for view in entries:
        entry = view.entry
        reading = view.time_text
        if entry.temperature is not None:
            reading += f" {entry.temperature} {words.units[entry.unit]}"
        part = html.escape(reading) + (words.fever if view.fever else "")
        if view.signs:
            part += " · " + html.escape(", ".join(sign.name for sign in view.signs))
        parts.append(part)
    return mark_safe("; ".join(parts))  # noqa: S308 - every piece escaped above


@register.simple_tag(takes_context=True)
def closed_days(context, days, log_url, ended, open_day, part):
    """The log page's days that are not open, latest first (see `render_closed_day`): with
    `part` "later", those after the open day (all of them when none is open), with
    "earlier", those before it. One tag for ~30 days, their shared words translated once a
    render (both parts use them)."""
    ended = bool(ended)
    kept = context.render_context
    words = kept.get(_WORDS)
    if words is None or words.ended != ended:
        words = kept[_WORDS] = _DayWords(ended=ended)
    if part == "later":
        shown = [d for d in days if not open_day or d.day > open_day.day]
    else:
        shown = [d for d in days if open_day and d.day < open_day.day]
    return mark_safe(  # noqa: S308 - each day built by render_closed_day
        "".join(
            f"{render_closed_day(day, log_url, ended=ended, words=words)}\n"
            for day in reversed(shown)
        )
    )


@register.simple_tag
def print_rows(days):
    """The printed log table's rows: one for each day with a reading (`render_print_row`),
    their shared words translated once, not once a row (a 28-day log prints 28)."""
    words = _RowWords()
    return mark_safe(  # noqa: S308 - each row built by render_print_row
        "".join(f"{render_print_row(day, words)}\n  " for day in days if day.shown_entries)
    )


class _RowWords:
    """What every printed row says, translated once a table."""

    def __init__(self):
        self.fever = ' <strong>▲</strong><span class="visually-hidden"> {}</span>'.format(
            html.escape(_("(fever)"))
        )
        self.outside = html.escape(_("(outside the log's days)"))
        self.day = _("Day %(n)s")
        self.date = date_writer("short")


def render_print_row(day, words):
    """Day, the readings with the threshold crossings marked, and the signs by time
    (`words`: the table's `_RowWords`)."""
    fever = words.fever
    readings, signs = [], []
    for view in day.shown_entries:
        entry = view.entry
        if entry.temperature is None:
            value = "—"
        else:
            # Every reading in the same order of units (°F, then °C), whatever was typed, so
            # a row never reads "37.4 °C · 101.2 °F".
            fahrenheit, celsius = (
                (entry.temperature, view.other_value)
                if entry.unit == Unit.FAHRENHEIT
                else (view.other_value, entry.temperature)
            )
            value = f"{fahrenheit} °F ({celsius} °C)"
        time_text = html.escape(view.time_text)
        if view.fever:
            readings.append(
                f'<span class="reading fever">{time_text} {html.escape(value)}{fever}</span>'
            )
        else:
            readings.append(f'<span class="reading">{time_text} {html.escape(value)}</span>')
        if view.signs:
            names = html.escape(", ".join(sign.name for sign in view.signs))
            signs.append(f"<span>{time_text}: {names}</span><br>")
    outside = ""
    if day.outside:  # the infusion date was changed after this day's readings were written
        outside = f' <span class="outside">{words.outside}</span>'
    row = ' class="has-fever"' if day.crossings else ""
    number = html.escape(words.day % {"n": day.number})
    date = html.escape(words.date(day.date))
    return mark_safe(  # noqa: S308 - every piece escaped above
        f'<tr{row}><th scope="row">{number} <span class="date">{date}</span>{outside}</th>'
        f"<td>{' · '.join(readings)}</td><td>{''.join(signs)}</td></tr>"
    )


@register.simple_tag
def handwriting_thumbs(days):
    """The print-out's handwriting samples, an item for each day that has one: built here
    with its words translated once and one reverse() (a log of 28 days shows 28), as the
    template's loop wrote them."""
    head, _mark, tail = reverse("journeys:log_handwriting_image", args=[999]).rpartition("999")
    alt, label = _("Handwriting from day %(n)s"), _("Day %(n)s")
    outside = " " + html.escape(_("(outside the log's days)"))
    date = date_writer("short")
    items = []
    for day in days:
        if not day.handwriting_at:
            continue
        n = {"n": html.escape(str(day.number))}
        version = dateformat.format(day.handwriting_at, "U")
        items.append(
            f'\n    <li><img src="{head}{day.day}{tail}?v={version}" alt="{alt % n}" '
            f'width="240" height="80"><span>{label % n} <span class="date">'
            f"{html.escape(date(day.date))}</span>{outside if day.outside else ''}</span></li>\n  "
        )
    return mark_safe("".join(items))  # noqa: S308 - every piece escaped above


def render_closed_day(day, log_url, *, ended=False, words=None):
    """A day that is not open: its heading, its readings in one line and the link that opens
    it (a plain link; htmx swaps the open day in). Built here, not by the template. Once the
    log has ended a day opens to be read and corrected only."""
    words = words or _DayWords(ended=ended)
    n, url = day.day, html.escape(log_url)
    heading = words.heading % {"n": day.number, "date": words.date(day.date)}
    # the day as its heading names it (Aucatzyl counts from 1)
    opens = words.open % {"n": day.number}
    return mark_safe(  # noqa: S308 - every value escaped
        f'<section id="day-{n}" class="log-day" aria-labelledby="day-{n}-title">'
        f'<h2 id="day-{n}-title">{html.escape(heading)}{words.today if day.is_today else ""}</h2>'
        f'<p class="day-summary">{esc(day_summary(day, words))}</p>'
        f'<p><a class="open-day" href="{url}?day={n}#day-{n}" hx-get="{url}?day={n}" '
        f'hx-target="#day-{n}" hx-swap="outerHTML">{html.escape(opens)}</a>'
        f"{words.saved if day.handwriting_at else ''}</p></section>"
    )
