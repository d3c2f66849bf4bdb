"""Draw the app's icons (issue 31): one design, written as SVG and as the PNGs a phone needs.

    .venv/bin/python scripts/make_icons.py

The design: the brand's teal, a white ring and a check mark (the favicon's, made for a home
screen). Every shape sits inside the middle 80 % of the square, so the "maskable" icon (no
rounded corners; a phone cuts its own shape out of it) loses nothing.
Writes static/img/icon.svg, icon-192.png, icon-512.png and icon-maskable-512.png.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "img"
TEAL = "#0b5c73"
WHITE = "#ffffff"
SIZE = 512  # the design's own units
CORNER = 96
RING_RADIUS, RING_WIDTH = 168, 28
CHECK = [(168, 268), (232, 332), (352, 188)]
CHECK_WIDTH = 44


def svg(corner=CORNER):
    points = " ".join(f"{x} {y}" for x, y in CHECK)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">'
        f'<rect width="{SIZE}" height="{SIZE}" rx="{corner}" fill="{TEAL}"/>'
        f'<circle cx="256" cy="256" r="{RING_RADIUS}" fill="none" stroke="{WHITE}" '
        f'stroke-width="{RING_WIDTH}"/>'
        f'<polyline points="{points}" fill="none" stroke="{WHITE}" stroke-width="{CHECK_WIDTH}" '
        f'stroke-linecap="round" stroke-linejoin="round"/></svg>\n'
    )


def png(pixels, corner=CORNER):
    """The design drawn 4 times larger and scaled down, for smooth edges."""
    scale = pixels * 4 / SIZE
    big = round(SIZE * scale)
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(corner * scale), fill=TEAL)
    r, c = RING_RADIUS * scale, 256 * scale
    half = RING_WIDTH * scale / 2
    draw.ellipse((c - r - half, c - r - half, c + r + half, c + r + half), fill=WHITE)
    draw.ellipse((c - r + half, c - r + half, c + r - half, c + r - half), fill=TEAL)
    points = [(x * scale, y * scale) for x, y in CHECK]
    width = round(CHECK_WIDTH * scale)
    draw.line(points, fill=WHITE, width=width, joint="curve")
    for x, y in (points[0], points[-1]):  # round caps
        draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=WHITE)
    small = image.resize((pixels, pixels), Image.Resampling.LANCZOS)
    # two colours and their blends at the edges: a palette of 32 keeps the file small
    return small.quantize(colors=32, method=Image.Quantize.FASTOCTREE)


def main():
    (OUT / "icon.svg").write_text(svg())
    png(192).save(OUT / "icon-192.png", optimize=True)
    png(512).save(OUT / "icon-512.png", optimize=True)
    png(512, corner=0).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
