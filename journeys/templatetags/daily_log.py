"""Template tags of the daily log."""

from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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
def closed_day(day, log_url):
    """A day that is not open: its heading, its readings in one line and the link that opens
    it (a plain link; htmx swaps the open day in). Built here, not by the template: 28 closed
    days are most of the page, and this keeps them under a millisecond."""
    heading = _("Day %(n)s · %(date)s") % {"n": day.day, "date": date_format(day.date, "l, F j")}
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
        open=pgettext("daily log", "Open day %(n)s to add, correct or remove entries")
        % {"n": day.day},
        saved=saved,
    )
