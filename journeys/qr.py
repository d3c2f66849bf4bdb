"""A QR code of a share link, drawn as inline SVG on the page (segno; no request anywhere)."""

import segno
from django.utils.html import escape
from django.utils.safestring import mark_safe


def qr_svg(url, *, label):
    """The QR code of `url` as an <svg> element, with `label` as its accessible name."""
    svg = segno.make(url, error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff")
    # segno writes a plain <svg ...>; give it a role and a name for screen readers.
    named = svg.replace(
        "<svg ", f'<svg role="img" aria-label="{escape(label)}" focusable="false" ', 1
    )
    return mark_safe(named)  # noqa: S308 - drawn by segno from our own URL; the label is escaped
