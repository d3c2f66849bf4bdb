"""A QR code of a share link, drawn as SVG by this app (segno; no request to another site)."""

import segno
from django.utils.html import escape
from django.utils.safestring import mark_safe


def qr_svg(url, *, label, standalone=False):
    """The QR code of `url` as an <svg> element, with `label` as its accessible name.

    `standalone` gives a whole SVG file (with the XML namespace) to serve as an image.
    """
    svg = segno.make(url, error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff")
    if standalone and "xmlns=" not in svg:
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    # segno writes a plain <svg ...>; give it a role and a name for screen readers.
    named = svg.replace(
        "<svg ", f'<svg role="img" aria-label="{escape(label)}" focusable="false" ', 1
    )
    return mark_safe(named)  # noqa: S308 - drawn by segno from our own URL; the label is escaped
