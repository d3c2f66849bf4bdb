"""Turning stored prose into safe HTML for a patient's page.

Prose is Markdown written by staff. Numbers that a label or a center can change
are `{placeholders}`, filled from CareCenter and the chosen product at render time.
The rendered HTML is cleaned with an allow-list, so no script, style, iframe or
event handler written in admin can reach a patient.
"""

import logging
import re

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .numbers import PLACEHOLDERS

PLACEHOLDER_RE = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")

logger = logging.getLogger(__name__)

#: Limits that keep one render fast. Python-Markdown's link parsing is quadratic in the
#: number of "[" (2,000 of them took 0.9 s, 5 KB of them 4 s): a field may hold at most
#: MAX_BRACKETS, and at most MAX_CHARS characters in all.
MAX_CHARS = 200_000
MAX_BRACKETS = 300


def markdown_problems(text):
    text = text or ""
    problems = []
    if len(text) > MAX_CHARS:
        problems.append(
            _("This text is %(n)d characters long; the most is %(max)d.")
            % {"n": len(text), "max": MAX_CHARS}
        )
    if text.count("[") > MAX_BRACKETS:
        problems.append(
            _("This text has %(n)d “[” signs; the most is %(max)d (one per link).")
            % {"n": text.count("["), "max": MAX_BRACKETS}
        )
    return problems


def validate_markdown(value):
    """For staff Markdown fields (admin forms and seed files): refuse what renders slowly."""
    problems = markdown_problems(value)
    if problems:
        raise ValidationError(problems, code="markdown_too_costly")


ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "br", "a", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def fill_placeholders(text, numbers):
    """Replace each known {placeholder} with its value from `numbers`."""
    return PLACEHOLDER_RE.sub(lambda m: str(numbers.get(m[1], m[0])), text or "")


def render_markdown(text, numbers=None):
    if markdown_problems(text):
        # Saved before the limits existed, or written around them: show it as plain,
        # escaped text rather than let one field stall the page (and say so in the log).
        logger.warning("Markdown over the render limits shown as plain text (%d chars)", len(text))
        return mark_safe(f"<p>{escape(fill_placeholders(text, numbers or {}))}</p>")  # noqa: S308
    html = markdown.markdown(fill_placeholders(text, numbers or {}), output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above
