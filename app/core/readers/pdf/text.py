"""Characters of a page (through PDFium) and the lines they form, in reading space.

Each character keeps its box and baseline; lines are grouped by baseline and read left to right, so
text order comes from where the glyphs stand, never from the order a producer wrote them into the
content stream. Where that placement itself is contradictory — glyphs of one baseline stacked over
each other, as when two lines were drawn onto one — the line is flagged `doubtful` rather than
silently read in a scrambled order.

Glyphs a clipping path hides are not text: a browser printing a web page draws the line that
straddles the page foot onto both pages and clips each copy to its page's content box, so the
line's top sliver shows at the foot of one page and the whole line at the top of the next. Read
without the clip, a heading would be printed twice (and 「出现了不止一次」 would be a false error). A
glyph less than half of whose box lies inside its clip's bounds is left out.

Kangxi radicals and CJK compatibility ideographs (「⼀」 U+2F00 for 「一」, printed by some fonts'
Unicode maps) are folded to the ordinary ideographs they stand for; nothing else is normalised, so
full-width punctuation stays as printed.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import pypdfium2.raw as pdfium_raw

from app.core.readers.pdf.geometry import Box, ReadingSpace

UNMAPPED = "\ufffd"  # a glyph whose font has no Unicode map; "(cid:12)" would read as the number 12
SPACE_GAP = 3.0  # points between two characters that read as a space (pdfplumber's x_tolerance)
OVERLAP = 0.5  # share of a glyph's width another glyph of the same line may cover before it is stacked
STACKED_SHARE = 0.15  # share of stacked glyphs past which a line's order cannot be trusted
VISIBLE_SHARE = 0.5  # share of a glyph's box that must lie inside its clip for the glyph to be read


class Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float  # the baseline: one line's characters agree on it
    size: float


@dataclass
class Line:
    text: str
    box: Box
    size: float
    page: int
    doubtful: bool = False  # glyphs stacked over each other: the order read may not be the printed one

    @property
    def x0(self) -> float:
        return self.box[0]

    @property
    def x1(self) -> float:
        return self.box[2]

    @property
    def top(self) -> float:
        return self.box[1]

    @property
    def bottom(self) -> float:
        return self.box[3]


def fold(text: str) -> str:
    """Kangxi radicals, CJK radical supplements and compatibility ideographs as ordinary ideographs."""
    code = ord(text)
    if 0x2E80 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F:
        return unicodedata.normalize("NFKC", text)
    return text


class PageText(NamedTuple):
    chars: list[Char]
    space: ReadingSpace


def page_text(page: Any, space_for: Callable[[list[float]], ReadingSpace]) -> PageText:
    """The page's characters in the reading space `space_for(angles)` chooses from their angles."""
    textpage = pdfium_raw.FPDFText_LoadPage(page)
    if not textpage:
        return PageText([], space_for([]))
    try:
        raw: list[tuple[str, float, float, float, float, float, float, float]] = []
        angles: list[float] = []
        x, y = ctypes.c_double(), ctypes.c_double()
        matrix = pdfium_raw.FS_MATRIX()
        clips: dict[int | None, tuple[float, float, float, float] | None] = {}
        for index in range(pdfium_raw.FPDFText_CountChars(textpage)):
            if pdfium_raw.FPDFText_IsGenerated(textpage, index):
                continue  # spaces and line ends pdfium invents
            code = pdfium_raw.FPDFText_GetUnicode(textpage, index)
            text = chr(code) if 0 < code < 0x110000 else UNMAPPED
            if text.isspace():
                continue
            if pdfium_raw.FPDFText_HasUnicodeMapError(textpage, index) or text == UNMAPPED:
                text = UNMAPPED
            else:
                text = fold(text)
            box = pdfium_raw.FS_RECTF()
            if not pdfium_raw.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(box)):
                continue
            pdfium_raw.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
            # The font size is in text space: WPS sets 319-point fonts under a 0.05 matrix. The size
            # on the page is that size scaled by the character's matrix.
            # The angle too comes from the matrix (counter-clockwise, as PDF turns; FPDFText_GetCharAngle
            # counts the other way round).
            size = pdfium_raw.FPDFText_GetFontSize(textpage, index)
            if pdfium_raw.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix)):
                size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
                angles.append(math.atan2(matrix.b, matrix.a) % (2 * math.pi))
            if box.right - box.left > 2 * size:
                # A loose box many ems wide (a font with a broken advance width, as WPS embeds for
                # vertical labels) would put the glyph's centre in the next cell: take the ink box.
                left, right = ctypes.c_double(), ctypes.c_double()
                bottom, top = ctypes.c_double(), ctypes.c_double()
                if pdfium_raw.FPDFText_GetCharBox(
                    textpage,
                    index,
                    ctypes.byref(left),
                    ctypes.byref(right),
                    ctypes.byref(bottom),
                    ctypes.byref(top),
                ):
                    box.left, box.right = left.value, right.value
            if not _visible(textpage, index, box, clips):
                continue
            raw.append((text, box.left, box.bottom, box.right, box.top, x.value, y.value, size))
    finally:
        pdfium_raw.FPDFText_ClosePage(textpage)
    space = space_for(angles)
    chars: list[Char] = []
    for text, box_left, box_bottom, box_right, box_top, origin_x, origin_y, size in raw:
        x0, _, x1, _ = space.box(box_left, box_bottom, box_right, box_top)
        _, baseline = space.point(origin_x, origin_y)
        chars.append(Char(text, x0, x1, baseline - size, baseline, size))
    return PageText(chars, space)


def _visible(
    textpage: Any,
    index: int,
    box: Any,
    clips: dict[int | None, tuple[float, float, float, float] | None],
) -> bool:
    """Whether most of the glyph's box lies inside the bounds of its text object's clipping path."""
    text_object = pdfium_raw.FPDFText_GetTextObject(textpage, index)
    if not text_object:
        return True
    key = ctypes.cast(text_object, ctypes.c_void_p).value
    if key not in clips:
        clips[key] = _clip_bounds(text_object)
    bounds = clips[key]
    if bounds is None:
        return True
    left, bottom, right, top = bounds
    width, height = box.right - box.left, box.top - box.bottom
    if width <= 0 or height <= 0:
        return True
    inside_x = max(0.0, min(right, box.right) - max(left, box.left))
    inside_y = max(0.0, min(top, box.top) - max(bottom, box.bottom))
    return inside_x >= VISIBLE_SHARE * width and inside_y >= VISIBLE_SHARE * height


def _clip_bounds(page_object: Any) -> tuple[float, float, float, float] | None:
    """The bounding box, in page space, of a page object's clipping paths (None: not clipped).

    Several paths clip together (their intersection); the box of their points is taken per path and
    intersected. Curves are bounded by their control points, so the box can only be too large: a
    glyph is never dropped that the clip lets show.
    """
    clip = pdfium_raw.FPDFPageObj_GetClipPath(page_object)
    if not clip:
        return None
    bounds: tuple[float, float, float, float] | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for path in range(pdfium_raw.FPDFClipPath_CountPaths(clip)):
        xs: list[float] = []
        ys: list[float] = []
        for number in range(pdfium_raw.FPDFClipPath_CountPathSegments(clip, path)):
            segment = pdfium_raw.FPDFClipPath_GetPathSegment(clip, path, number)
            if segment and pdfium_raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
                xs.append(x.value)
                ys.append(y.value)
        if not xs or max(xs) - min(xs) < 1 or max(ys) - min(ys) < 1:
            # no area (a bare 「W n」 some producers write): what a viewer makes of it varies, and text
            # wrongly dropped would be a heading or a number missing, so it is not taken as a clip
            continue
        box = (min(xs), min(ys), max(xs), max(ys))
        if bounds is None:
            bounds = box
        else:
            bounds = (
                max(bounds[0], box[0]),
                max(bounds[1], box[1]),
                min(bounds[2], box[2]),
                min(bounds[3], box[3]),
            )
    return bounds


def lines(chars: Iterable[Char], page: int) -> list[Line]:
    """Characters grouped into lines by baseline, each line read left to right."""
    ordered = sorted(chars, key=lambda char: (char.bottom, char.x0))
    groups: list[list[Char]] = []
    for char in ordered:
        if groups and char.bottom - groups[-1][0].bottom <= max(2.0, 0.3 * char.size):
            groups[-1].append(char)
        else:
            groups.append([char])
    return [line(group, page) for group in groups]


def line(chars: list[Char], page: int) -> Line:
    chars.sort(key=lambda char: char.x0)
    kept: list[Char] = []
    text = ""
    stacked = 0
    for char in chars:
        if any(_same_glyph(char, other) for other in kept[-3:]):
            continue  # "fake bold" prints each glyph twice, a hair apart
        if kept:
            previous = kept[-1]
            if char.x0 - previous.x1 > SPACE_GAP:
                text += " "
            elif previous.x1 - char.x0 > OVERLAP * max(
                0.1, min(char.x1 - char.x0, previous.x1 - previous.x0)
            ):
                stacked += 1
        kept.append(char)
        text += char.text
    box = (
        min(char.x0 for char in kept),
        min(char.top for char in kept),
        max(char.x1 for char in kept),
        max(char.bottom for char in kept),
    )
    size = Counter(round(char.size, 1) for char in kept).most_common(1)[0][0]
    doubtful = stacked >= 2 and stacked > STACKED_SHARE * len(kept)
    return Line(text, box, size, page, doubtful)


def _same_glyph(a: Char, b: Char) -> bool:
    return a.text == b.text and abs(a.x0 - b.x0) <= 1 and abs(a.bottom - b.bottom) <= 1


# A line that starts an item of its own: 「一、」「（二）」「3.」 (not 「3.5」).
LIST_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d))"
)
