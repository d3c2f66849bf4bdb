"""Turning stored prose into safe HTML for a patient's page.

Prose is Markdown written by staff. Numbers that a label or a center can change
are `{placeholders}`, filled from CareCenter and the chosen product at render time.
The rendered HTML is cleaned with an allow-list, so no script, style, iframe or
event handler written in admin can reach a patient.
"""

import logging
import re
import zlib

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from journeys.content.placeholders import PLACEHOLDERS

PLACEHOLDER_RE = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
#: Anything that looks like a placeholder, known or not: `{word}`.
ANY_PLACEHOLDER_RE = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*\}")

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


def placeholder_problems(text, *, filled):
    """What is wrong with the `{placeholders}` in `text`.

    A field that is filled may hold only known placeholders; a field shown as written
    (a name, a title) may hold none, because nothing would fill it.
    """
    found = [m[1] for m in ANY_PLACEHOLDER_RE.finditer(text or "")]
    if not found:
        return []
    if not filled:
        return [
            _(
                "“{%(name)s}” would be shown as written here: this field is not filled in. "
                "Write the words or the number itself."
            )
            % {"name": found[0]}
        ]
    unknown = sorted({name for name in found if name not in PLACEHOLDERS})
    if unknown:
        return [
            _("Unknown placeholder %(unknown)s. The ones you can use are: %(known)s.")
            % {
                "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                "known": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
            }
        ]
    return []


ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "br", "a", "h3", "h4", "blockquote"}
INLINE_TAGS = {"strong", "em", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def fill_placeholders(text, numbers):
    """Replace each known {placeholder} with its value from `numbers`."""
    return PLACEHOLDER_RE.sub(lambda m: str(numbers.get(m[1], m[0])), text or "")


def _clean(html, tags):
    return nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


def prerender(text):
    """Markdown -> (block HTML, one-line HTML), cleaned, with `{placeholders}` kept.

    Braces mean nothing to Markdown and the cleaner, so a placeholder comes out as the
    same `{name}` and `fill_html` fills it per product and center. Items store this at
    save time (`Governed.rendered`), so a request renders only text that is not stored
    that way (a staff preview of a waiting edit), and nothing of it is kept.
    """
    text = text or ""
    if markdown_problems(text):
        # Saved before the limits existed, or written around them: show it as plain,
        # escaped text rather than let one field stall the page (and say so in the log).
        logger.warning("Markdown over the render limits shown as plain text (%d chars)", len(text))
        return f"<p>{escape(text)}</p>", escape(text)
    html = markdown.markdown(text, output_format="html")
    return _clean(html, ALLOWED_TAGS), _clean(html, INLINE_TAGS)


def fingerprint(text):
    """A short checksum of a field's text: stored HTML is used only while it matches."""
    return zlib.crc32((text or "").encode())


#: Where a sentence starts: after a full stop and space, or at the start of a block.
SENTENCE_START_RE = re.compile(r"[.!?](?:\s|&nbsp;)+|<(?:p|li|h3|h4|blockquote)>\s*|<br\s*/?>\s*")
#: Where it ends: a full stop before a space, a tag or the end of the text.
SENTENCE_END_RE = re.compile(r"[.!?](?=\s|<|$)|(?=</(?:p|li|h3|h4|blockquote)>)")


def _unknown_sentences(html, numbers):
    """Replace each sentence that holds a number unknown for this product with the
    placeholder's "your care team will tell you" sentence (placeholders.PLACEHOLDERS)."""
    changed = False
    while True:
        match = next(
            (
                m
                for m in PLACEHOLDER_RE.finditer(html)
                if m[1] in numbers and numbers[m[1]] is None and PLACEHOLDERS[m[1]].unknown
            ),
            None,
        )
        if match is None:
            break
        starts = [m.end() for m in SENTENCE_START_RE.finditer(html, 0, match.start())]
        start = starts[-1] if starts else 0
        end_match = SENTENCE_END_RE.search(html, match.end())
        end = end_match.end() if end_match else len(html)
        html = html[:start] + escape(str(PLACEHOLDERS[match[1]].unknown)) + html[end:]
        changed = True
    if changed:
        # The sentence may have begun or ended inside <strong> or a link: close them again.
        html = _clean(html, ALLOWED_TAGS)
    return html


def _by_product_notes(html, notes):
    """ "Not sure yet": after each sentence holding a day count that differs by product,
    say which product differs ("Aucatzyl: at least 4 weeks."), marked `by-product`."""
    if not notes:
        return html
    inserts = {}
    for m in PLACEHOLDER_RE.finditer(html):
        if m[1] in notes:
            end_match = SENTENCE_END_RE.search(html, m.end())
            end = end_match.end() if end_match else len(html)
            if notes[m[1]] not in inserts.setdefault(end, []):
                inserts[end].append(notes[m[1]])
    for end in sorted(inserts, reverse=True):
        span = f' <span class="by-product">{escape(" ".join(inserts[end]))}</span>'
        html = html[:end] + span + html[end:]
    return html


def fill_html(html, numbers):
    """Fill each known {placeholder} in rendered HTML with its escaped value.

    A number that is unknown for this product (None) takes its whole sentence with it:
    the sentence becomes the placeholder's "your care team will tell you" sentence.
    """
    numbers = numbers or {}
    if "{" not in html:
        return html
    html = _unknown_sentences(html, numbers)
    html = _by_product_notes(html, getattr(numbers, "by_product", None))
    return PLACEHOLDER_RE.sub(
        lambda m: escape(numbers[m[1]]) if numbers.get(m[1]) is not None else m[0], html
    )


def render_markdown(text, numbers=None):
    """One Markdown text as safe block HTML, filled (for text that is not a stored field)."""
    return mark_safe(fill_html(prerender(text)[0], numbers))  # noqa: S308 - cleaned by nh3
