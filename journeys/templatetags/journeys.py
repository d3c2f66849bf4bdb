from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from journeys import durations
from journeys.text import fill_placeholders, render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def prose(context, text, link_terms=True):
    """Staff Markdown as safe HTML: placeholders filled, glossary terms linked."""
    html = render_markdown(text, context.get("numbers"))
    linker = context.get("glossary")
    if link_terms and linker is not None:
        html = linker.link(html, context.get("glossary_seen"))
    return html


@register.simple_tag(takes_context=True)
def plain(context, text):
    """A one-line text with placeholders filled, escaped."""
    return mark_safe(escape(fill_placeholders(text, context.get("numbers") or {})))


@register.filter
def tel(number):
    """A phone number as a tel: URI (digits and a leading + only)."""
    number = str(number or "")
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


@register.simple_tag
def how_long(low, high=None, open_ended=False):
    """A span of days in the unit people use (journeys.durations.how_long)."""
    return durations.how_long(low, high, open_ended=open_ended)


@register.filter(name="abs")
def absolute(number):
    return abs(number)
