"""Pages of lines and tables assembled into the Document's blocks, in reading order.

Paragraphs: a line continues the previous one when that line ran to the right edge of the text column
and nothing marks a new start (a list marker such as "一、" or "（二）", a first-line indent, another
font size, a larger gap). Tables continued over a page break are joined (`tables.join_tables`).
A line or cell whose glyph order could not be established makes its block a doubtful reading.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from app.core.model import Block, Paragraph, ReaderNote, Source
from app.core.readers.common import join_lines
from app.core.readers.pdf.tables import PageTable, frozen_table, join_tables, rounded
from app.core.readers.pdf.text import LIST_MARKER, Line

FULL_LINE_SLACK = 2.5  # a line ending within this many character widths of the column edge is full
INDENT = 1.5  # a line starting this many character widths right of the column edge is indented
SCRAMBLED = "这里的文字在 PDF 中叠放错位，读出的字序可能与版面不符，据此得出的结论需人工核对。"


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    items: list[Line | PageTable]  # top to bottom
    characters: int = 0
    unmapped: int = 0
    images: int = 0
    paths: int = 0
    notes: list[ReaderNote] = field(default_factory=list)


@dataclass(frozen=True)
class _Layout:
    """Where the text column of a page size starts and ends, and how far apart lines usually are."""

    left: float
    right: float
    pitch: float  # usual baseline distance inside a paragraph, in font sizes


def _layouts(pages: list[PageContent]) -> dict[float, _Layout]:
    by_width: dict[float, list[Line]] = {}
    pitches: list[float] = []
    for page in pages:
        page_lines = [item for item in page.items if isinstance(item, Line)]
        by_width.setdefault(round(page.width), []).extend(page_lines)
        for previous, line in zip(page_lines, page_lines[1:], strict=False):
            distance = line.bottom - previous.bottom
            if abs(line.size - previous.size) < 0.5 and 0 < distance < 3 * line.size:
                pitches.append(distance / line.size)
    # Gaps between paragraphs are wider than between lines of one paragraph, and a report of many
    # one-line paragraphs has more of them: the lower quartile is the line pitch, the median may not be.
    pitch = sorted(pitches)[len(pitches) // 4] if pitches else 1.5
    layouts: dict[float, _Layout] = {}
    for width, page_lines in by_width.items():
        if not page_lines:
            continue
        left = Counter(round(line.x0) for line in page_lines).most_common(1)[0][0]
        ends = sorted(line.x1 for line in page_lines)
        # Most lines of running text fill the column; a few overhang (a long URL) or fall short.
        right = ends[int(len(ends) * 0.9)] if len(ends) >= 8 else ends[-1]
        layouts[width] = _Layout(left, right, pitch)
    return layouts


def assemble(pages: list[PageContent]) -> tuple[list[Block], list[ReaderNote]]:
    """The document's blocks, and a doubt note for each block read in an uncertain order."""
    layouts = _layouts(pages)
    pieces: list[list[Line] | PageTable] = []
    for page in pages:
        for position, item in enumerate(page.items):
            last = pieces[-1] if pieces else None
            # Over a page break, only the first item of a page can go on with the last of the page before.
            across = position == 0 and last is not None and _last_page(last) == page.number - 1
            if isinstance(item, Line) and isinstance(last, list):
                same_page = last[-1].page == page.number
                layout = layouts[round(page.width)]
                if (same_page or across) and _continues(last[-1], item, layout, same_page):
                    last.append(item)
                    continue
            if isinstance(item, PageTable) and isinstance(last, PageTable) and across:
                if join_tables(last, item):
                    continue
            pieces.append([item] if isinstance(item, Line) else item)
    blocks: list[Block] = []
    notes: list[ReaderNote] = []
    for index, piece in enumerate(pieces):
        if isinstance(piece, list):
            blocks.append(_paragraph(piece))
            if any(line.doubtful for line in piece):
                notes.append(ReaderNote(SCRAMBLED, blocks[-1].source, block=index, doubt=True))
            continue
        blocks.append(frozen_table(piece))
        for row_index, row in enumerate(piece.rows):
            for cell_index, cell in enumerate(row.cells):
                if cell.doubtful:
                    notes.append(ReaderNote(SCRAMBLED, cell.source, index, row_index, cell_index, doubt=True))
    return blocks, notes


def _last_page(piece: list[Line] | PageTable) -> int:
    return piece[-1].page if isinstance(piece, list) else piece.last_page


def _continues(previous: Line, line: Line, layout: _Layout, same_page: bool) -> bool:
    """Whether `line` goes on with the paragraph that `previous` ends."""
    if abs(previous.size - line.size) >= 1:
        return False
    if layout.right - previous.x1 > FULL_LINE_SLACK * previous.size:
        return False  # the previous line stopped short: its paragraph ended there
    if same_page and line.bottom - previous.bottom > layout.pitch * line.size * 1.3 + 1:
        return False
    if LIST_MARKER.match(line.text):
        return False
    if line.x0 - layout.left > INDENT * line.size and not _centred(line, layout):
        return False  # a first-line indent starts a paragraph; a centred title line does not
    return True


def _centred(line: Line, layout: _Layout) -> bool:
    return abs((line.x0 - layout.left) - (layout.right - line.x1)) < line.size


def _paragraph(paragraph_lines: list[Line]) -> Paragraph:
    first_page = [line for line in paragraph_lines if line.page == paragraph_lines[0].page]
    box = (
        min(line.x0 for line in first_page),
        min(line.top for line in first_page),
        max(line.x1 for line in first_page),
        max(line.bottom for line in first_page),
    )
    text = join_lines([line.text for line in paragraph_lines])
    return Paragraph(text=text, source=Source(page=paragraph_lines[0].page, bbox=rounded(box)))
