"""Where things are on a PDF page, in reading space, and which drawn shapes are table rules.

Everything downstream works in *reading space*: points, origin at the top left of the page as its text
reads, x to the right along a line, y down to the next line. A page whose text runs upright in PDF user
space maps by a flip of y; a landscape table printed sideways on a portrait page (content rotated by a
matrix, often with `/Rotate 90` so viewers show it upright) maps by a quarter turn. The turn is taken
from the text itself (the angle of most characters), so `/Rotate` needs no special case: both a page
whose content was rotated and a page merely flagged as rotated read the same way as an upright one.
The boxes the Document keeps (`Source.bbox`) are in this space: the page as its text reads.

Rules come from PDFium's page objects, not from pdfminer: a stroked straight segment is a rule; a
filled rectangle is a rule only when it is thin (a browser prints each border as a 1-pixel filled box).
Filled boxes of any real height — the white box WPS paints behind every body line, a page-sized
background, a coloured band, a shaded cell — are backgrounds, never rules, so they cannot turn a page
of text into a one-column "table". Invisible shapes (white or fully transparent) are not rules either.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as pdfium_raw

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in reading space
Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f as in PDF

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
THIN = 3.0  # points: a filled box at most this thick along one side draws a line
MIN_RULE = 3.0  # points: shorter strokes are ticks or dots, not rules
AXIS_SLACK = 1.0  # points a stroke may lean and still be horizontal or vertical
WHITE = 250  # colour channels at or above this on all three are white: invisible on paper
MAX_OBJECTS = 50_000  # page objects walked per page; past this a page is a drawing, not a report page


class TooComplex(Exception):
    """A page with more drawn objects than any report page has (a map, a hostile file)."""


@dataclass(frozen=True)
class ReadingSpace:
    """The map from PDF user space (y up) to reading space (y down along the text's own direction)."""

    quarter_turns: int  # 0: upright text; 1: text running up the page; 2: upside down; 3: running down
    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left if self.quarter_turns % 2 == 0 else self.top - self.bottom

    @property
    def height(self) -> float:
        return self.top - self.bottom if self.quarter_turns % 2 == 0 else self.right - self.left

    def point(self, x: float, y: float) -> tuple[float, float]:
        turns = self.quarter_turns
        if turns == 0:
            return x - self.left, self.top - y
        if turns == 1:
            return y - self.bottom, x - self.left
        if turns == 2:
            return self.right - x, y - self.bottom
        return self.top - y, self.right - x

    def box(self, left: float, bottom: float, right: float, top: float) -> Box:
        x0, y0 = self.point(left, bottom)
        x1, y1 = self.point(right, top)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def reading_space(page: Any, angles: list[float]) -> ReadingSpace:
    """The page's reading space, turned so that most of its characters stand upright."""
    left, bottom, right, top = page.get_bbox()
    turns = 0
    if angles:
        votes = [0, 0, 0, 0]
        for angle in angles:
            votes[round(angle / (math.pi / 2)) % 4] += 1
        turns = max(range(4), key=lambda index: votes[index])
    return ReadingSpace(turns, left, bottom, right, top)


@dataclass(frozen=True)
class Drawing:
    """What a page draws besides text: its rules (as pdfplumber edge records), how many images and paths."""

    rules: list[dict[str, float | str]]
    images: int
    paths: int = 0


def page_drawing(page: Any, space: ReadingSpace) -> Drawing:
    """The rules and image count of a page, walking its objects and those of its forms."""
    rules: list[dict[str, float | str]] = []
    images = paths = 0
    for kind, handle, matrix in _objects(page):
        if kind == pdfium_raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif kind == pdfium_raw.FPDF_PAGEOBJ_PATH:
            paths += 1
            rules.extend(_path_rules(handle, matrix, space))
    return Drawing(rules, images, paths)


def count_images(page: Any) -> int:
    return sum(1 for kind, _, _ in _objects(page) if kind == pdfium_raw.FPDF_PAGEOBJ_IMAGE)


def _objects(page: Any) -> Iterator[tuple[int, Any, Matrix]]:
    """Every page object with the matrix from its own space to page space, forms opened up."""
    walked = 0
    stack: list[tuple[Any, bool, Matrix, int]] = [(page, True, IDENTITY, 0)]
    while stack:
        parent, is_page, outer, depth = stack.pop()
        if is_page:
            count = pdfium_raw.FPDFPage_CountObjects(parent)
        else:
            count = pdfium_raw.FPDFFormObj_CountObjects(parent)
        for index in range(max(0, count)):
            walked += 1
            if walked > MAX_OBJECTS:
                raise TooComplex
            if is_page:
                handle = pdfium_raw.FPDFPage_GetObject(parent, index)
            else:
                handle = pdfium_raw.FPDFFormObj_GetObject(parent, index)
            if not handle:
                continue
            kind = pdfium_raw.FPDFPageObj_GetType(handle)
            if kind in (pdfium_raw.FPDF_PAGEOBJ_PATH, pdfium_raw.FPDF_PAGEOBJ_IMAGE):
                yield kind, handle, _concat(_matrix(handle), outer)
            elif kind == pdfium_raw.FPDF_PAGEOBJ_FORM and depth < 8:
                stack.append((handle, False, _concat(_matrix(handle), outer), depth + 1))


def _matrix(handle: Any) -> Matrix:
    raw = pdfium_raw.FS_MATRIX()
    if not pdfium_raw.FPDFPageObj_GetMatrix(handle, ctypes.byref(raw)):
        return IDENTITY
    return (raw.a, raw.b, raw.c, raw.d, raw.e, raw.f)


def _concat(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying `inner`, then `outer` (PDF's row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _visible(handle: Any, stroke: bool) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    getter = pdfium_raw.FPDFPageObj_GetStrokeColor if stroke else pdfium_raw.FPDFPageObj_GetFillColor
    if not getter(handle, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return True
    if a.value == 0:
        return False
    return not (r.value >= WHITE and g.value >= WHITE and b.value >= WHITE)


def _subpaths(
    handle: Any, matrix: Matrix, space: ReadingSpace
) -> list[tuple[list[tuple[float, float]], bool]]:
    """The path's pieces as point lists in reading space, each with whether it is straight throughout."""
    pieces: list[tuple[list[tuple[float, float]], bool]] = []
    points: list[tuple[float, float]] = []
    straight = True
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, c, d, e, f = matrix
    for index in range(pdfium_raw.FPDFPath_CountSegments(handle)):
        segment = pdfium_raw.FPDFPath_GetPathSegment(handle, index)
        if not segment or not pdfium_raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        kind = pdfium_raw.FPDFPathSegment_GetType(segment)
        page_x = a * x.value + c * y.value + e
        page_y = b * x.value + d * y.value + f
        point = space.point(page_x, page_y)
        if kind == pdfium_raw.FPDF_SEGMENT_MOVETO:
            if len(points) > 1:
                pieces.append((points, straight))
            points, straight = [point], True
            continue
        if kind == pdfium_raw.FPDF_SEGMENT_BEZIERTO:
            straight = False
        points.append(point)
        if pdfium_raw.FPDFPathSegment_GetClose(segment) and points[0] != point:
            points.append(points[0])
    if len(points) > 1:
        pieces.append((points, straight))
    return pieces


def _path_rules(handle: Any, matrix: Matrix, space: ReadingSpace) -> list[dict[str, float | str]]:
    fill_mode, stroked = ctypes.c_int(), ctypes.c_int()
    if not pdfium_raw.FPDFPath_GetDrawMode(handle, ctypes.byref(fill_mode), ctypes.byref(stroked)):
        return []
    stroke = bool(stroked.value) and _visible(handle, stroke=True)
    fill = fill_mode.value != pdfium_raw.FPDF_FILLMODE_NONE and _visible(handle, stroke=False)
    if not stroke and not fill:
        return []
    rules: list[dict[str, float | str]] = []
    for points, straight in _subpaths(handle, matrix, space):
        if stroke:
            rules.extend(_segment_rules(points))
        elif straight:
            rule = _thin_box_rule(points)
            if rule is not None:
                rules.append(rule)
    return rules


def _segment_rules(points: list[tuple[float, float]]) -> list[dict[str, float | str]]:
    rules: list[dict[str, float | str]] = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if abs(y1 - y0) <= AXIS_SLACK and abs(x1 - x0) >= MIN_RULE:
            rules.append(edge(min(x0, x1), (y0 + y1) / 2, max(x0, x1), (y0 + y1) / 2))
        elif abs(x1 - x0) <= AXIS_SLACK and abs(y1 - y0) >= MIN_RULE:
            rules.append(edge((x0 + x1) / 2, min(y0, y1), (x0 + x1) / 2, max(y0, y1)))
    return rules


def _thin_box_rule(points: list[tuple[float, float]]) -> dict[str, float | str] | None:
    """The line a filled box draws when it is thin and long; None for a background or a dot."""
    xs = [point[0] for point in points]
    ys = [point[1] for point in points]
    if len(points) > 6 or not _axis_aligned(points):
        return None
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    width, height = x1 - x0, bottom - top
    if height <= THIN and width >= MIN_RULE and width > 2 * height:
        return edge(x0, (top + bottom) / 2, x1, (top + bottom) / 2)
    if width <= THIN and height >= MIN_RULE and height > 2 * width:
        return edge((x0 + x1) / 2, top, (x0 + x1) / 2, bottom)
    return None


def _axis_aligned(points: list[tuple[float, float]]) -> bool:
    return all(
        abs(x1 - x0) <= AXIS_SLACK or abs(y1 - y0) <= AXIS_SLACK
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False)
    )


def edge(x0: float, top: float, x1: float, bottom: float) -> dict[str, float | str]:
    """A rule as pdfplumber's table finder takes it."""
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": "h" if bottom - top < x1 - x0 else "v",
        "object_type": "line",
    }
