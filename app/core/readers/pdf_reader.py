"""PDF reports: text lines grouped into paragraphs, ruled tables read cell by cell.

Pages that draw lines (paths) may hold ruled tables: pdfplumber reads them (`page.find_tables()`), and
the text outside the tables. Pages that draw no lines cannot hold a ruled table; their text comes from
pypdfium2, which is many times faster than pdfminer for the same characters. Both give characters
with boxes, and one code path turns characters into lines, lines into paragraphs and table cells into
text, so a page reads the same whichever library delivered it.

Paragraphs: a line continues the previous one when that line ran to the right edge of the text column
and nothing marks a new start (a list marker such as "一、" or "（二）", a first-line indent, another
font size, a larger gap). Tables: a table at the top of a page that continues the last table of the
previous page (same outer edges, compatible columns) is joined to it; its repeated header rows are
dropped, and a first row that is only the lower half of a row the page break cut (label text, no
values) is merged into that row.

A PDF without usable text (a scan, or fonts without a Unicode map that read as "(cid:123)") raises
ReadError: there is nothing to check without OCR.
"""

from __future__ import annotations

import bisect
import ctypes
import io
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from app.core.model import Cell, Document, Paragraph, ReaderNote, ReadError, Row, Source, Table
from app.core.readers.common import join_lines
from app.core.text import looks_numeric

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points, origin at the top left

UNMAPPED = "\ufffd"  # a glyph whose font has no Unicode map; "(cid:12)" would read as the number 12
MOSTLY_UNMAPPED = 0.5
SPACE_GAP = 3.0  # points between two characters that read as a space (pdfplumber's x_tolerance)
EDGE_TOLERANCE = 3.0  # points within which two table edges are the same edge
FULL_LINE_SLACK = 2.5  # a line ending within this many character widths of the column edge is full
INDENT = 1.5  # a line starting this many character widths right of the column edge is indented
PAGE_MARGIN = 0.1  # top and bottom share of the page where page numbers stand

# PDFium must never be entered from two threads at once, not even for different documents, and the
# window reads files on a thread pool. pdfplumber is pure Python and gains nothing from threads anyway.
_PDFIUM_LOCK = threading.Lock()

_PAGE_NUMBER = re.compile(
    r"^[-—–－_\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／共]\s*\d{1,4}\s*页?)?[-—–－_\s]*$"
)
_LIST_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d))"
)


class _Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float  # the foot of the glyph box, at the baseline: one line's characters agree on it
    size: float


@dataclass
class _Line:
    text: str
    box: Box
    size: float
    page: int

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


@dataclass
class _TableCell:
    """A cell while tables are still being joined; frozen into a `Cell` at the end."""

    text: str
    col: int
    colspan: int
    rowspan: int
    x0: float
    x1: float
    source: Source


@dataclass
class _TableRow:
    cells: list[_TableCell]
    source: Source


@dataclass
class _PageTable:
    """A ruled table as found on one page, later perhaps the joined table of several pages."""

    page: int
    box: Box
    edges: list[float]  # x of every column boundary, left edge to right edge
    rows: list[_TableRow]
    last_page: int = 0  # the page its last rows stand on, once joined with their continuation

    def __post_init__(self) -> None:
        self.last_page = self.last_page or self.page

    @property
    def top(self) -> float:
        return self.box[1]


@dataclass
class _PageContent:
    number: int
    width: float
    height: float
    items: list[_Line | _PageTable]  # top to bottom
    characters: int = 0
    unmapped: int = 0
    notes: list[ReaderNote] = field(default_factory=list)


# --- entry point ------------------------------------------------------------------------------------


def read_pdf(path: Path) -> Document:
    data = path.read_bytes()
    with _PDFIUM_LOCK:
        pages = _read_pages(data)
    _check_text_layer(pages)
    notes = [note for page in pages for note in page.notes]
    notes.extend(_missing_text_notes(pages))
    blocks = _assemble(pages)
    return Document(path=str(path), kind="pdf", blocks=tuple(blocks), notes=tuple(notes))


def _read_pages(data: bytes) -> list[_PageContent]:
    document = _open_pdfium(data)
    plumber = _LazyPlumber(data)
    pages: list[_PageContent] = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                if _draws_lines(page):
                    pages.append(_read_page_with_tables(plumber, page, index))
                else:
                    pages.append(_page_content(index + 1, page, _pdfium_chars(page), []))
            finally:
                page.close()
    except Exception as error:  # pdfium opened it but its content is damaged beyond reading
        raise ReadError(
            "PDF 文件内容已损坏，无法读取。请确认文件能用 PDF 阅读器正常打开，另存一份后再检查。"
            f"（{type(error).__name__}）"
        ) from error
    finally:
        plumber.close()
        document.close()
    return pages


class _LazyPlumber:
    """pdfplumber's view of the file, opened only when a page may hold a ruled table."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._document: Any = None

    def page(self, index: int) -> Any:
        if self._document is None:
            self._document = pdfplumber.open(io.BytesIO(self._data))
        return self._document.pages[index]

    def close(self) -> None:
        if self._document is not None:
            self._document.close()


def _open_pdfium(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_raw.FPDF_ERR_PASSWORD:
            raise ReadError("PDF 设置了打开密码，无法读取。请取消密码后另存一份，再检查。") from error
        raise ReadError(
            "PDF 文件已损坏，或者不是 PDF 文件。请确认文件能用 PDF 阅读器正常打开，另存一份后再检查。"
        ) from error


def _draws_lines(page: pdfium.PdfPage) -> bool:
    """Whether the page draws paths (table rules) or form objects that may hold them."""
    for index in range(pdfium_raw.FPDFPage_CountObjects(page)):
        kind = pdfium_raw.FPDFPageObj_GetType(pdfium_raw.FPDFPage_GetObject(page, index))
        if kind in (pdfium_raw.FPDF_PAGEOBJ_PATH, pdfium_raw.FPDF_PAGEOBJ_FORM):
            return True
    return False


def _read_page_with_tables(plumber: _LazyPlumber, pdfium_page: pdfium.PdfPage, index: int) -> _PageContent:
    try:
        page = plumber.page(index)
        try:
            chars = _plumber_chars(page)
            grids = [table for table in page.find_tables() if len(table.cells) > 1]
        finally:
            page.close()
    except Exception as error:  # pdfminer trips on some damaged files that pdfium reads
        content = _page_content(index + 1, pdfium_page, _pdfium_chars(pdfium_page), [])
        content.notes.append(
            ReaderNote(
                message=f"第{index + 1}页的表格线无法解析（{type(error).__name__}），"
                "这一页只读取了文字，表格可能不完整。",
                source=Source(page=index + 1),
            )
        )
        return content
    return _page_content(index + 1, pdfium_page, chars, grids)


# --- characters -------------------------------------------------------------------------------------


def _plumber_chars(page: Any) -> list[_Char]:
    chars: list[_Char] = []
    for char in page.chars:
        text = char["text"]
        if text.isspace():
            continue  # spaces come back from the gaps between characters
        if text.startswith("(cid:"):
            text = UNMAPPED
        chars.append(_Char(text, char["x0"], char["x1"], char["top"], char["bottom"], char["size"]))
    return chars


def _pdfium_chars(page: pdfium.PdfPage) -> list[_Char]:
    textpage = page.get_textpage()
    try:
        height = page.get_height()
        x, y = ctypes.c_double(), ctypes.c_double()
        chars: list[_Char] = []
        for index in range(textpage.count_chars()):
            if pdfium_raw.FPDFText_IsGenerated(textpage, index):
                continue  # spaces and line ends pdfium invents
            text = chr(pdfium_raw.FPDFText_GetUnicode(textpage, index))
            if text.isspace():
                continue
            if pdfium_raw.FPDFText_HasUnicodeMapError(textpage, index) or text in ("\0", UNMAPPED):
                text = UNMAPPED
            left, _, right, _ = textpage.get_charbox(index, loose=True)
            pdfium_raw.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
            size = pdfium_raw.FPDFText_GetFontSize(textpage, index)
            baseline = height - y.value
            chars.append(_Char(text, left, right, baseline - size, baseline, size))
        return chars
    finally:
        textpage.close()


def _lines(chars: Iterable[_Char], page: int) -> list[_Line]:
    """Characters grouped into lines by baseline, each line read left to right."""
    ordered = sorted(chars, key=lambda char: (char.bottom, char.x0))
    groups: list[list[_Char]] = []
    for char in ordered:
        if groups and char.bottom - groups[-1][0].bottom <= max(2.0, 0.3 * char.size):
            groups[-1].append(char)
        else:
            groups.append([char])
    return [_line(group, page) for group in groups]


def _line(chars: list[_Char], page: int) -> _Line:
    chars.sort(key=lambda char: char.x0)
    kept: list[_Char] = []
    text = ""
    for char in chars:
        if any(_same_glyph(char, other) for other in kept[-3:]):
            continue  # "fake bold" prints each glyph twice, a hair apart
        if kept and char.x0 - kept[-1].x1 > SPACE_GAP:
            text += " "
        kept.append(char)
        text += char.text
    box = (
        min(char.x0 for char in kept),
        min(char.top for char in kept),
        max(char.x1 for char in kept),
        max(char.bottom for char in kept),
    )
    size = Counter(round(char.size, 1) for char in kept).most_common(1)[0][0]
    return _Line(text, box, size, page)


def _same_glyph(a: _Char, b: _Char) -> bool:
    return a.text == b.text and abs(a.x0 - b.x0) <= 1 and abs(a.bottom - b.bottom) <= 1


# --- one page ---------------------------------------------------------------------------------------


class _Origin(NamedTuple):
    """A cell of a pdfplumber table where it starts, with the grid rows and columns it spans."""

    box: Box
    rowspan: int
    colspan: int


class _Grid(NamedTuple):
    """A pdfplumber table's geometry: where its columns and rows start, and which cell covers what."""

    box: Box
    column_starts: list[float]
    row_starts: list[float]
    origins: dict[tuple[int, int], _Origin]  # (row, column) where a cell starts → the cell
    covering: dict[tuple[int, int], tuple[int, int]]  # any (row, column) → where its cell starts


def _grid(table: Any) -> _Grid:
    rows = table.rows
    column_starts = sorted({cell[0] for cell in table.cells})
    row_starts = [row.bbox[1] for row in rows]
    origins: dict[tuple[int, int], _Origin] = {}
    covering: dict[tuple[int, int], tuple[int, int]] = {}
    for row_index, row in enumerate(rows):
        for column_index, box in enumerate(row.cells):
            if box is None:
                continue  # covered by a merged cell; that cell is read once, where it starts
            cell = _Origin(box, _span(row_starts, box[1], box[3]), _span(column_starts, box[0], box[2]))
            origins[(row_index, column_index)] = cell
            for r in range(row_index, row_index + cell.rowspan):
                for c in range(column_index, column_index + cell.colspan):
                    covering[(r, c)] = (row_index, column_index)
    return _Grid(table.bbox, column_starts, row_starts, origins, covering)


def _span(starts: list[float], low: float, high: float) -> int:
    """How many grid lines starting in [low, high) a cell covers."""
    return max(1, sum(1 for start in starts if low - EDGE_TOLERANCE <= start < high - EDGE_TOLERANCE))


def _page_content(number: int, page: pdfium.PdfPage, chars: list[_Char], tables: list[Any]) -> _PageContent:
    grids = [_grid(table) for table in tables]
    in_cells: list[dict[tuple[int, int], list[_Char]]] = [{} for _ in grids]
    outside: list[_Char] = []
    for char in chars:
        placed = _place(char, grids)
        if placed is None:
            outside.append(char)
        else:
            table_index, cell = placed
            in_cells[table_index].setdefault(cell, []).append(char)
    width, height = page.get_size()
    lines = [line for line in _lines(outside, number) if not _is_page_number(line, height)]
    tables_read = [_page_table(number, grid, cells) for grid, cells in zip(grids, in_cells, strict=True)]
    items: list[_Line | _PageTable] = [*lines, *tables_read]
    items.sort(key=lambda item: item.top)
    unmapped = sum(1 for char in chars if char.text == UNMAPPED)
    content = _PageContent(number, width, height, items, len(chars), unmapped)
    if 0 < unmapped <= len(chars) * MOSTLY_UNMAPPED:
        content.notes.append(
            ReaderNote(
                message=f"第{number}页有 {unmapped} 个字符的字体缺少 Unicode 映射，"
                f"读出为“{UNMAPPED}”，这些文字无法检查。",
                source=Source(page=number),
            )
        )
    return content


def _place(char: _Char, grids: list[_Grid]) -> tuple[int, tuple[int, int]] | None:
    """The table and cell whose box holds the character's centre, as pdfplumber's extract() decides."""
    x = (char.x0 + char.x1) / 2
    y = (char.top + char.bottom) / 2
    for table_index, grid in enumerate(grids):
        x0, top, x1, bottom = grid.box
        if x0 <= x < x1 and top <= y < bottom:
            row = bisect.bisect_right(grid.row_starts, y) - 1
            column = bisect.bisect_right(grid.column_starts, x) - 1
            cell = grid.covering.get((row, column))
            return (table_index, cell) if cell is not None else None
    return None


def _is_page_number(line: _Line, height: float) -> bool:
    in_margin = line.bottom < height * PAGE_MARGIN or line.top > height * (1 - PAGE_MARGIN)
    return in_margin and bool(_PAGE_NUMBER.match(line.text))


def _page_table(number: int, grid: _Grid, cell_chars: dict[tuple[int, int], list[_Char]]) -> _PageTable:
    rows = [
        _TableRow([], Source(page=number, bbox=_rounded(_row_box(grid, index)), row=index))
        for index in range(len(grid.row_starts))
    ]
    for (row, column), origin in sorted(grid.origins.items()):
        lines = _lines(cell_chars.get((row, column), []), number)
        text = join_lines([line.text for line in lines])
        source = Source(page=number, bbox=_rounded(origin.box), row=row, col=column)
        x0, _, x1, _ = origin.box
        rows[row].cells.append(_TableCell(text, column, origin.colspan, origin.rowspan, x0, x1, source))
    return _PageTable(number, grid.box, [*grid.column_starts, grid.box[2]], rows)


def _row_box(grid: _Grid, index: int) -> Box:
    x0, top, x1, bottom = grid.box
    starts = grid.row_starts
    return (x0, starts[index], x1, starts[index + 1] if index + 1 < len(starts) else bottom)


def _rounded(box: Box) -> Box:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


# --- the whole document -----------------------------------------------------------------------------


def _check_text_layer(pages: list[_PageContent]) -> None:
    characters = sum(page.characters for page in pages)
    unmapped = sum(page.unmapped for page in pages)
    if characters == 0:
        raise ReadError(
            "这个 PDF 没有可用的文字层（每页都只是图片，多半是扫描件），无法读取文字。"
            "请向报送单位索取 Word 文件，或由 Word/WPS 直接导出的 PDF，再检查。"
        )
    if unmapped > characters * MOSTLY_UNMAPPED:
        raise ReadError(
            "这个 PDF 没有可用的文字层：所用字体缺少 Unicode 映射，文字读出来是乱码。"
            "请向报送单位索取 Word 文件，或由 Word/WPS 直接导出的 PDF，再检查。"
        )


def _missing_text_notes(pages: list[_PageContent]) -> list[ReaderNote]:
    return [
        ReaderNote(
            message=f"第{page.number}页没有可读取的文字（可能是扫描的图片），这一页的内容没有检查。",
            source=Source(page=page.number),
        )
        for page in pages
        if page.characters == 0
    ]


@dataclass(frozen=True)
class _Layout:
    """Where the text column of a page size starts and ends, and how far apart lines usually are."""

    left: float
    right: float
    pitch: float  # usual baseline distance inside a paragraph, in font sizes


def _layouts(pages: list[_PageContent]) -> dict[float, _Layout]:
    by_width: dict[float, list[_Line]] = {}
    pitches: list[float] = []
    for page in pages:
        lines = [item for item in page.items if isinstance(item, _Line)]
        by_width.setdefault(round(page.width), []).extend(lines)
        for previous, line in zip(lines, lines[1:], strict=False):
            distance = line.bottom - previous.bottom
            if abs(line.size - previous.size) < 0.5 and 0 < distance < 3 * line.size:
                pitches.append(distance / line.size)
    # Gaps between paragraphs are wider than between lines of one paragraph, and a report of many
    # one-line paragraphs has more of them: the lower quartile is the line pitch, the median may not be.
    pitch = sorted(pitches)[len(pitches) // 4] if pitches else 1.5
    layouts: dict[float, _Layout] = {}
    for width, lines in by_width.items():
        if not lines:
            continue
        left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
        ends = sorted(line.x1 for line in lines)
        # Most lines of running text fill the column; a few overhang (a long URL) or fall short.
        right = ends[int(len(ends) * 0.9)] if len(ends) >= 8 else ends[-1]
        layouts[width] = _Layout(left, right, pitch)
    return layouts


def _assemble(pages: list[_PageContent]) -> list[Paragraph | Table]:
    layouts = _layouts(pages)
    blocks: list[list[_Line] | _PageTable] = []
    for page in pages:
        for position, item in enumerate(page.items):
            last = blocks[-1] if blocks else None
            # Over a page break, only the first item of a page can go on with the last of the page before.
            across = position == 0 and last is not None and _last_page(last) == page.number - 1
            if isinstance(item, _Line) and isinstance(last, list):
                same_page = last[-1].page == page.number
                layout = layouts[round(page.width)]
                if (same_page or across) and _continues(last[-1], item, layout, same_page):
                    last.append(item)
                    continue
            if isinstance(item, _PageTable) and isinstance(last, _PageTable) and across:
                if _join_tables(last, item):
                    continue
            blocks.append([item] if isinstance(item, _Line) else item)
    return [_paragraph(block) if isinstance(block, list) else _table(block) for block in blocks]


def _last_page(block: list[_Line] | _PageTable) -> int:
    return block[-1].page if isinstance(block, list) else block.last_page


def _continues(previous: _Line, line: _Line, layout: _Layout, same_page: bool) -> bool:
    """Whether `line` goes on with the paragraph that `previous` ends."""
    if abs(previous.size - line.size) >= 1:
        return False
    if layout.right - previous.x1 > FULL_LINE_SLACK * previous.size:
        return False  # the previous line stopped short: its paragraph ended there
    if same_page and line.bottom - previous.bottom > layout.pitch * line.size * 1.3 + 1:
        return False
    if _LIST_MARKER.match(line.text):
        return False
    if line.x0 - layout.left > INDENT * line.size and not _centred(line, layout):
        return False  # a first-line indent starts a paragraph; a centred title line does not
    return True


def _centred(line: _Line, layout: _Layout) -> bool:
    return abs((line.x0 - layout.left) - (layout.right - line.x1)) < line.size


def _paragraph(lines: list[_Line]) -> Paragraph:
    first_page = [line for line in lines if line.page == lines[0].page]
    box = (
        min(line.x0 for line in first_page),
        min(line.top for line in first_page),
        max(line.x1 for line in first_page),
        max(line.bottom for line in first_page),
    )
    text = join_lines([line.text for line in lines])
    return Paragraph(text=text, source=Source(page=lines[0].page, bbox=_rounded(box)))


def _table(table: _PageTable) -> Table:
    rows = tuple(
        Row(
            cells=tuple(
                Cell(cell.text, cell.col, cell.source, cell.colspan, cell.rowspan) for cell in row.cells
            ),
            source=row.source,
        )
        for row in table.rows
    )
    return Table(rows=rows, source=Source(page=table.page, bbox=_rounded(table.box)), grid=True)


# --- tables over page breaks ------------------------------------------------------------------------


def _join_tables(previous: _PageTable, continuation: _PageTable) -> bool:
    """Join `continuation` (top of a page) to `previous` (end of the page before) if it goes on with it."""
    edges = _common_edges(previous.edges, continuation.edges)
    if edges is None:
        return False
    _regrid(previous, edges)
    _regrid(continuation, edges)
    rows = continuation.rows[_repeated_header_count(previous.rows, continuation.rows) :]
    if rows and previous.rows:
        covering = _covering_last_row(previous)
        if _is_broken_row(rows[0], covering):
            _merge_broken_row(rows[0], covering)
            rows = rows[1:]
        else:
            _continue_vertical_merges(rows[0], covering)
    previous.rows.extend(rows)
    previous.last_page = continuation.page
    return True


def _common_edges(first: list[float], second: list[float]) -> list[float] | None:
    """The column boundaries of both pieces, if they are the same table's; else None."""
    if abs(first[0] - second[0]) > EDGE_TOLERANCE or abs(first[-1] - second[-1]) > EDGE_TOLERANCE:
        return None
    union = sorted(first)
    for edge in second:
        if all(abs(edge - known) > EDGE_TOLERANCE for known in union):
            union.append(edge)
    union.sort()
    # One piece's columns must be those of the other, or a subdivision of them (a header row that
    # spans columns the other piece splits): columns unrelated to each other mean another table.
    compatible = len(first) == len(second) or len(union) in (len(first), len(second))
    return union if compatible else None


def _regrid(table: _PageTable, edges: list[float]) -> None:
    if table.edges == edges:
        return
    for row in table.rows:
        for cell in row.cells:
            start = _nearest(edges, cell.x0)
            cell.col = start
            cell.colspan = max(1, _nearest(edges, cell.x1) - start)
    table.edges = edges


def _nearest(edges: list[float], x: float) -> int:
    return min(range(len(edges)), key=lambda index: abs(edges[index] - x))


def _signature(row: _TableRow) -> tuple[tuple[int, int, str], ...]:
    return tuple((cell.col, cell.colspan, cell.text) for cell in row.cells)


def _repeated_header_count(first: list[_TableRow], second: list[_TableRow]) -> int:
    count = 0
    while count < min(len(first) - 1, len(second)) and _signature(first[count]) == _signature(second[count]):
        count += 1
    return count


def _covering_last_row(table: _PageTable) -> dict[int, _TableCell]:
    """Grid column → the cell that covers it in the table's last row (a merged cell from above too)."""
    covering: dict[int, _TableCell] = {}
    last = len(table.rows) - 1
    for row_index, row in enumerate(table.rows):
        for cell in row.cells:
            if row_index + cell.rowspan - 1 >= last:
                for column in range(cell.col, cell.col + cell.colspan):
                    covering[column] = cell
    return covering


def _is_broken_row(row: _TableRow, covering: dict[int, _TableCell]) -> bool:
    """Whether a continuation's first row is the lower half of the row the page break cut.

    Its cells line up with the cells of the previous row; only label cells hold text, and that text
    does not start a new item ("3.补正后…" would be a row of its own, left blank by its author).
    """
    texts = [cell.text for cell in row.cells if cell.text]
    if not texts or _LIST_MARKER.match(texts[0]):
        return False
    for cell in row.cells:
        above = covering.get(cell.col)
        if above is None or above.col != cell.col or above.colspan != cell.colspan:
            return False
        if cell.text and (looks_numeric(cell.text) or not above.text or looks_numeric(above.text)):
            return False
    return True


def _merge_broken_row(row: _TableRow, covering: dict[int, _TableCell]) -> None:
    for cell in row.cells:
        above = covering[cell.col]
        if cell.text:
            above.text = join_lines([above.text, cell.text])
        above.rowspan += cell.rowspan - 1


def _continue_vertical_merges(row: _TableRow, covering: dict[int, _TableCell]) -> None:
    """Blank cells under a cell merged down to the page end are that merged cell, drawn again."""
    kept: list[_TableCell] = []
    for cell in row.cells:
        above = covering.get(cell.col)
        if (
            not cell.text
            and above is not None
            and above.rowspan > 1  # it covers the last row from a row above: a vertical merge
            and (above.col, above.colspan) == (cell.col, cell.colspan)
        ):
            above.rowspan += cell.rowspan
            continue
        kept.append(cell)
    row.cells = kept
