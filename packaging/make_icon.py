"""Draws the app icon: a white report page with a check mark on a rounded red square.

    python packaging/make_icon.py

writes resources/icon/icon.png (256 px), icon-16.png and icon.ico (16, 24, 32, 48, 64, 128, 256).
Each size is drawn on its own (8x supersampled, then reduced), and the small ones use a simpler,
bolder drawing so the mark still reads at 16 px: no text lines, a thicker check, a wider page.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icon"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
SUPERSAMPLE = 8

BACKGROUND = (196, 30, 42, 255)  # a strong "report red"
BACKGROUND_EDGE = (150, 18, 28, 255)
PAGE = (255, 255, 255, 255)
FOLD = (246, 200, 203, 255)
LINES = (214, 160, 164, 255)
CHECK = (196, 30, 42, 255)


def draw_icon(size: int) -> Image.Image:
    """One icon of size x size pixels. Coordinates below are in a 256-unit design grid."""
    small = size <= 24
    medium = size <= 48
    scale = size * SUPERSAMPLE / 256
    canvas = Image.new("RGBA", (size * SUPERSAMPLE, size * SUPERSAMPLE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return (x0 * scale, y0 * scale, x1 * scale - 1, y1 * scale - 1)

    def pts(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(x * scale, y * scale) for x, y in points]

    # The rounded square; it fills the whole cell at small sizes, where every pixel counts.
    margin = 0 if small else 8
    radius = 40 if small else 44
    draw.rounded_rectangle(box(margin, margin, 256 - margin, 256 - margin), radius * scale, fill=BACKGROUND)
    if not medium:
        # A thin darker rim gives the square an edge on light backgrounds.
        draw.rounded_rectangle(
            box(margin, margin, 256 - margin, 256 - margin),
            radius * scale,
            outline=BACKGROUND_EDGE,
            width=max(1, round(4 * scale)),
        )

    # The page, with its top-right corner folded.
    if small:
        left, top, right, bottom, fold = 48, 32, 208, 224, 48
    else:
        left, top, right, bottom, fold = 62, 40, 194, 216, 46
    draw.polygon(
        pts([(left, top), (right - fold, top), (right, top + fold), (right, bottom), (left, bottom)]),
        fill=PAGE,
    )
    draw.polygon(pts([(right - fold, top), (right - fold, top + fold), (right, top + fold)]), fill=FOLD)

    # Text lines on the page, only where there is room to see them.
    if not medium:
        line_h = 10
        for y, x1 in ((74, 148), (96, 172), (118, 172)):
            draw.rounded_rectangle(box(82, y, x1, y + line_h), line_h / 2 * scale, fill=LINES)

    # The check mark.
    if small:
        check = [(76, 136), (112, 172), (180, 100)]
        width = 36
    elif medium:
        check = [(82, 146), (116, 180), (176, 108)]
        width = 28
    else:
        check = [(88, 160), (116, 188), (170, 128)]
        width = 22
    draw.line(pts(check), fill=CHECK, width=round(width * scale), joint="curve")
    cap = width / 2
    for x, y in (check[0], check[-1]):
        draw.ellipse(box(x - cap, y - cap, x + cap, y + cap), fill=CHECK)

    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icons = {size: draw_icon(size) for size in ICO_SIZES}
    icons[256].save(OUT / "icon.png", optimize=True)
    icons[16].save(OUT / "icon-16.png", optimize=True)
    others = [icons[size] for size in ICO_SIZES if size != 256]
    icons[256].save(OUT / "icon.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=others)
    print(f"wrote {', '.join(p.name for p in sorted(OUT.iterdir()))} in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
