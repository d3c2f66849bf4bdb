"""Turning stored prose into safe HTML for a patient's page.

Prose is Markdown written by staff. Numbers that a label or a center can change
are `{placeholders}`, filled from CareCenter and the chosen product at render time.
The rendered HTML is cleaned with an allow-list, so no script, style, iframe or
event handler written in admin can reach a patient.
"""

import re

import markdown
import nh3
from django.utils.safestring import mark_safe

from .numbers import PLACEHOLDERS

PLACEHOLDER_RE = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "br", "a", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def fill_placeholders(text, numbers):
    """Replace each known {placeholder} with its value from `numbers`."""
    return PLACEHOLDER_RE.sub(lambda m: str(numbers.get(m[1], m[0])), text or "")


def render_markdown(text, numbers=None):
    html = markdown.markdown(fill_placeholders(text, numbers or {}), output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above
