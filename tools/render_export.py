"""Render pages of exported Word copies to PNG for the README, with the comments drawn in the margin.

LibreOffice 7.4 cannot print comments in the margin, so the copy is converted to PDF with its comments
as PDF annotations, the page is rendered without them (pdftoppm -hide-annotations), and each comment
is drawn as a balloon in a grey margin on the right, linked to its anchor, from the annotation's own
text and position. Word and WPS show the same comments in their margin.

    python tools/render_export.py OUT.png COPY.docx:PAGE[:TOP:BOTTOM] [COPY.docx:PAGE[:TOP:BOTTOM] ...]

Each piece is one page (1-based), optionally cut to TOP..BOTTOM (fractions of the page height); the
pieces are stacked. Needs LibreOffice (soffice), poppler (pdftoppm) and a CJK font.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pdfplumber
from PIL import Image, ImageDraw, ImageFont

DPI = 96
MARGIN = 330  # px of grey margin for the balloons
FONT_FILE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
EXPORT_FILTER = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
PAGE_WIDTH_CM, RIGHT_MARGIN_CM = 21.0, 2.5  # the copies' A4 page
GREY, BALLOON, EDGE = (238, 238, 238), (255, 255, 255), (192, 0, 0)


def to_pdf(docx: Path, folder: Path) -> Path:
    profile = (folder / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", EXPORT_FILTER,
         "--outdir", str(folder), str(docx)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return folder / f"{docx.stem}.pdf"


def page_image(pdf: Path, page: int, folder: Path) -> Image.Image:
    stem = folder / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-hide-annotations", "-r", str(DPI), "-f", str(page), "-l", str(page), "-png",
         "-singlefile", str(pdf), str(stem)],
        check=True, timeout=120,
    )  # fmt: skip
    return Image.open(f"{stem}.png").convert("RGB")


def comments(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(x, y in px, text) of each comment (a /Text annotation) on the page."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    scale = DPI / 72
    found = []
    with pdfplumber.open(pdf) as document:
        plumber_page = document.pages[page - 1]
        for ref in resolve1(plumber_page.page_obj.annots) or []:
            annot = resolve1(ref)
            if getattr(resolve1(annot.get("Subtype")), "name", "") != "Text":
                continue
            x0, _, _, y1 = (float(v) for v in resolve1(annot["Rect"]))
            raw = resolve1(annot.get("Contents")) or b""
            text = decode_text(raw) if isinstance(raw, bytes) else str(raw)
            found.append((x0 * scale, (plumber_page.height - y1) * scale, text.strip()))
    return sorted(found, key=lambda item: item[1])


def wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines = []
    for paragraph in text.splitlines():
        line = ""
        for char in paragraph:
            if draw.textlength(line + char, font=font) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return lines


def piece(docx: Path, page: int, top: float, bottom: float, folder: Path) -> Image.Image:
    pdf = to_pdf(docx, folder)
    image = page_image(pdf, page, folder)
    width, height = image.size
    canvas = Image.new("RGB", (width + MARGIN, height), GREY)
    canvas.paste(image, (0, 0))
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(FONT_FILE, 12)
    next_free = 0.0
    for x, y, text in comments(pdf, page):
        lines = wrap(draw, text, font, MARGIN - 28)
        box_height = 8 + 17 * len(lines)
        box_top = max(y - 6, next_free)
        left = width + 10
        # A mark at the comment's spot; the line runs only through the page's right margin, so it
        # crosses none of the text.
        draw.polygon([(x, y + 2), (x - 5, y - 6), (x + 5, y - 6)], fill=EDGE)
        edge = width * (1 - RIGHT_MARGIN_CM / PAGE_WIDTH_CM)
        draw.line([(edge, y + 2), (width, y + 2), (left, box_top + 10)], fill=EDGE, width=1)
        draw.rectangle([left, box_top, width + MARGIN - 8, box_top + box_height], fill=BALLOON, outline=EDGE)
        for number, line in enumerate(lines):
            draw.text((left + 6, box_top + 4 + 17 * number), line, fill=(30, 30, 30), font=font)
        next_free = box_top + box_height + 6
    bottom_px = max(int(height * bottom), int(next_free))
    return canvas.crop((0, int(height * top), width + MARGIN, min(bottom_px, height)))


def main(argv: list[str]) -> None:
    out, *specs = argv
    pieces = []
    with tempfile.TemporaryDirectory() as temp:
        for number, spec in enumerate(specs):
            path, page, *cut = spec.split(":")
            top, bottom = (float(cut[0]), float(cut[1])) if cut else (0.0, 1.0)
            folder = Path(temp) / str(number)
            folder.mkdir()
            pieces.append(piece(Path(path), int(page), top, bottom, folder))
    width = max(p.width for p in pieces)
    stacked = Image.new("RGB", (width, sum(p.height for p in pieces) + 8 * (len(pieces) - 1)), GREY)
    y = 0
    for p in pieces:
        stacked.paste(p, (0, y))
        y += p.height + 8
    stacked.convert("P", palette=Image.ADAPTIVE, colors=96).save(out, optimize=True)
    print(out, stacked.size)


if __name__ == "__main__":
    main(sys.argv[1:])
