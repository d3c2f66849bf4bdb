"""Template tags of the daily log."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from journeys.content.dates import local_date
from journeys.log.models import Unit

register = template.Library()


@register.simple_tag
def day_summary(day):
    """A closed day's readings in one line, built here rather than by nested template loops:
    a log of 28 days x 4 entries renders in about a millisecond this way."""
    entries = day.shown_entries
    if not entries:
        return _("No entries for this day yet.")
    fever = format_html(
        ' <strong>▲</strong><span class="visually-hidden"> {}</span>',
        _("(at or above the fever number)"),
    )
    parts = []
    for view in entries:
        entry = view.entry
        reading = view.time_text
        if entry.temperature is not None:
            reading += f" {entry.temperature} {entry.get_unit_display()}"
        part = escape(reading) + (fever if view.fever else "")
        if view.signs:
            part += " · " + escape(", ".join(sign.name for sign in view.signs))
        parts.append(part)
    return mark_safe("; ".join(parts))  # noqa: S308 - every piece escaped above


@register.simple_tag
def closed_day(day, log_url, ended=False):
    """A day of the log page that is not open (see `render_closed_day`)."""
    return render_closed_day(day, log_url, ended=ended)


@register.simple_tag
def print_row(day):
    """A day's row of the printed log table (see `render_print_row`)."""
    return render_print_row(day)


def render_print_row(day):
    """Day, the readings with the threshold crossings marked, and the signs by time."""
    fever = format_html(' <strong>▲</strong><span class="visually-hidden"> {}</span>', _("(fever)"))
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
        readings.append(
            format_html(
                '<span class="reading{}">{} {}{}</span>',
                " fever" if view.fever else "",
                view.time_text,
                value,
                fever if view.fever else "",
            )
        )
        if view.signs:
            signs.append(
                format_html(
                    "<span>{}: {}</span><br>",
                    view.time_text,
                    ", ".join(sign.name for sign in view.signs),
                )
            )
    outside = ""
    if day.outside:  # the infusion date was changed after this day's readings were written
        outside = format_html(' <span class="outside">{}</span>', _("(outside the log's days)"))
    return format_html(
        '<tr{}><th scope="row">{} <span class="date">{}</span>{}</th><td>{}</td><td>{}</td></tr>',
        mark_safe(' class="has-fever"') if day.crossings else "",  # noqa: S308 - a constant
        _("Day %(n)s") % {"n": day.number},
        local_date(day.date, "short"),
        outside,
        mark_safe(" · ".join(readings)),  # noqa: S308 - each piece built by format_html
        mark_safe("".join(signs)),  # noqa: S308 - each piece built by format_html
    )


def render_closed_day(day, log_url, *, ended=False):
    """A day that is not open: its heading, its readings in one line and the link that opens
    it (a plain link; htmx swaps the open day in). Built here, not by the template. Once the
    log has ended a day opens to be read and corrected only."""
    heading = _("Day %(n)s · %(date)s") % {
        "n": day.number,
        "date": local_date(day.date, "weekday"),
    }
    today = format_html(' <span class="today-tag">{}</span>', _("(today)")) if day.is_today else ""
    saved = " · " + _("handwriting saved") if day.handwriting_at else ""
    return format_html(
        '<section id="day-{n}" class="log-day" aria-labelledby="day-{n}-title">'
        '<h2 id="day-{n}-title">{heading}{today}</h2>'
        '<p class="day-summary">{summary}</p>'
        '<p><a class="open-day" href="{url}?day={n}#day-{n}" hx-get="{url}?day={n}" '
        'hx-target="#day-{n}" hx-swap="outerHTML">{open}</a>{saved}</p></section>',
        n=day.day,
        heading=heading,
        today=today,
        summary=day_summary(day),
        url=log_url,
        open=(
            pgettext("daily log", "Open day %(n)s to correct or remove entries")
            if ended
            else pgettext("daily log", "Open day %(n)s to add, correct or remove entries")
        )
        % {"n": day.number},  # the day as its heading names it (Aucatzyl counts from 1)
        saved=saved,
    )
