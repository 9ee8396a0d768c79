"""Word (.docx) reports: body paragraphs and tables in reading order.

The body is walked element by element (w:p, w:tbl, and the w:sdt content controls templates wrap them
in), so paragraphs and tables keep their order. Tables are read from the w:tc elements themselves:
python-docx's `row.cells` repeats a merged cell once per grid column and row it spans, which would
count a merged value twice. A table that a page or section break split into several w:tbl (only empty
paragraphs between, same grid) is joined back into one `Table`, its repeated header rows dropped.

Sources point back into the file the way python-docx numbers it: `Source(paragraph=i)` is
`document.paragraphs[i]`, `Source(table=k, row=r, col=c)` is the w:tr `r` and grid column `c` of
`document.tables[k]`. Blocks inside content controls have no such index (python-docx does not list
them), so their `paragraph`/`table` is None.

The package is opened through `common.open_package`: measured from its zip directory before anything
is unpacked (a zip bomb is refused with a plain reason), and a Strict Open XML file is read like any other.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from app.core.model import Cell, Document, Paragraph, ReadError, Row, Source, Table
from app.core.readers.common import (
    join_lines,
    open_package,
    too_complex,
)
from app.core.wordml import (
    BLOCK_WRAPPERS,
    VAL,
    VerticalMerge,
    W,
    grid_cells,
    paragraph_text,
    vertical_merge,
    wrapped_children,
)

# Paragraphs and table cells in the body: a 60-page report has about 2,000, one with its 公开目录 of
# 3,000 rows × 12 columns attached about 75,000; each becomes a block or a cell the recogniser looks
# at (about a millisecond each), so past this the time is what the reviewer would wait for.
MAX_PARAGRAPHS_AND_CELLS = 120_000


def read_docx(path: Path) -> Document:
    data = open_package(path.read_bytes(), "docx")
    try:
        body = _load_body(data)
        _check_block_count(body)
        blocks = _read_body(body)
    except (ReadError, MemoryError, RecursionError):
        raise
    except Exception as error:  # a damaged package can fail anywhere in zipfile, lxml or python-docx
        raise ReadError(
            "Word 文件已损坏，无法读取其内容。请用 Word 或 WPS 打开并另存为 .docx 后再检查。"
            f"（{type(error).__name__}）"
        ) from error
    return Document(path=str(path), kind="docx", blocks=tuple(blocks))


def _check_block_count(body: etree._Element) -> None:
    """Refuse a body of more paragraphs and cells than any report (its parse is bounded already by
    `open_package`'s element budget; the reader's own work per block is what this bounds)."""
    count = sum(1 for _ in body.iter(W + "p", W + "tc"))
    if count > MAX_PARAGRAPHS_AND_CELLS:
        raise too_complex(f"正文有超过 {MAX_PARAGRAPHS_AND_CELLS} 个段落和单元格", "Word 或 WPS")


def _load_body(data: bytes) -> etree._Element:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile) as error:
        raise ReadError(
            "文件已损坏，或者不是 Word 文档（.docx）。请确认文件能用 Word 或 WPS 正常打开，另存一份后再检查。"
        ) from error
    except ValueError as error:  # python-docx: "file ... is not a Word file, content type is ..."
        raise ReadError(
            "这个文件不是 Word 文档（可能是改了扩展名的其他 Office 文件），请选择 .docx 格式的报告。"
        ) from error
    return document.element.body


# Heading style ids: python-docx and English Word write "Heading1", Chinese Word "1", WPS "标题 1".
_HEADING_STYLE = re.compile(r"^(?:heading|标题)?\s*([1-6])$", re.IGNORECASE)


def heading_level(paragraph: etree._Element) -> int | None:
    """The outline level Word gives a paragraph (0 for 标题 1), from its outline level or heading
    style, None for body text: where the numerals are Word's automatic numbering, the level is all
    that tells a section heading from a sub-heading."""
    properties = paragraph.find(W + "pPr")
    if properties is None:
        return None
    outline = properties.find(W + "outlineLvl")
    if outline is not None and (value := outline.get(W + "val", "")).isdigit() and int(value) < 9:
        return int(value)
    style = properties.find(W + "pStyle")
    match = _HEADING_STYLE.match(style.get(W + "val", "")) if style is not None else None
    return int(match.group(1)) - 1 if match else None


# --- body -------------------------------------------------------------------------------------------


@dataclass
class _PendingTable:
    """Tables being joined: the raw rows of every piece, waiting to become one `Table`."""

    grid_columns: int
    pieces: list[tuple[int | None, etree._Element]] = field(default_factory=list)  # (table index, w:tbl)


def body_blocks(body: etree._Element) -> list[tuple[etree._Element, Source] | _PendingTable]:
    """The body's blocks as the reader makes them, in reading order: each w:p that holds text, with
    its source, and each table as the w:tbl pieces a page or section break split it into (the same
    grid, only empty paragraphs between). The exporters find a block's elements through this too."""
    blocks: list[tuple[etree._Element, Source] | _PendingTable] = []
    pending: _PendingTable | None = None
    for element, source in _iter_blocks(body):
        if element.tag == W + "p":
            if not paragraph_text(element).strip():
                continue  # empty paragraphs are dropped and do not end a table split by a break
            pending = None
            blocks.append((element, source))
            continue
        grid_columns = _grid_column_count(element)
        if pending is not None and pending.grid_columns == grid_columns:
            pending.pieces.append((source.table, element))  # the same table, continued after a break
            continue
        pending = _PendingTable(grid_columns, [(source.table, element)])
        blocks.append(pending)
    return blocks


def _read_body(body: etree._Element) -> list[Paragraph | Table]:
    return [
        _build_table(block)
        if isinstance(block, _PendingTable)
        else Paragraph(text=paragraph_text(block[0]), source=block[1], level=heading_level(block[0]))
        for block in body_blocks(body)
    ]


def _iter_blocks(body: etree._Element) -> Iterator[tuple[etree._Element, Source]]:
    """The body's w:p and w:tbl in reading order, each with where it stands.

    A body paragraph or table has its python-docx index (`Source(paragraph=i)`, `Source(table=k)`);
    one inside a content control has none. A table used as a layout wrapper is not itself a block: its
    paragraphs (located by the wrapper's table and row) and tables come out in order instead.
    """
    counters = {W + "p": 0, W + "tbl": 0}
    for child in body:
        tag = child.tag
        if tag == W + "p":
            yield child, Source(paragraph=counters[tag])
            counters[tag] += 1
        elif tag == W + "tbl":
            index = counters[tag]
            counters[tag] += 1
            if is_layout_wrapper(child):
                yield from _iter_unwrapped(child, index)
            else:
                yield child, Source(table=index)
        elif tag in BLOCK_WRAPPERS:
            yield from _iter_wrapped(child)


def _iter_wrapped(wrapper: etree._Element) -> Iterator[tuple[etree._Element, Source]]:
    for child in wrapper:
        if child.tag == W + "tbl" and is_layout_wrapper(child):
            yield from _iter_unwrapped(child, None)
        elif child.tag in (W + "p", W + "tbl"):
            yield child, Source()
        elif child.tag in BLOCK_WRAPPERS:
            yield from _iter_wrapped(child)


def is_layout_wrapper(table: etree._Element) -> bool:
    """A table that only lays its content out: one column, holding a table (or one cell holding text).

    Templates and web-to-Word copies put a whole report, tables included, inside a one-cell or
    one-column table for its border or margins. Read as a table, its headings and inner tables would be
    flattened into one cell's text.
    """
    rows = [_row_cells(row) for row in _table_rows(table)]
    if any(len(row) > 1 for row in rows):
        return False
    cells = [cell for row in rows for cell in row]
    if not cells:
        return False
    if any(next(_nested_tables(cell), None) is not None for cell in cells):
        return True
    if len(cells) != 1:
        return False
    paragraphs = [p for p in wrapped_children(cells[0], W + "p") if paragraph_text(p).strip()]
    return len(paragraphs) >= 2


def _nested_tables(container: etree._Element) -> Iterator[etree._Element]:
    return wrapped_children(container, W + "tbl")


def _iter_unwrapped(table: etree._Element, index: int | None) -> Iterator[tuple[etree._Element, Source]]:
    """The paragraphs and tables inside a layout wrapper, row by row, in order."""
    for row_number, row in enumerate(_table_rows(table)):
        for cell in _row_cells(row):
            for child, source in _iter_wrapped(cell):
                if child.tag == W + "p" and index is not None:
                    source = Source(table=index, row=row_number, col=0)
                yield child, source


# --- tables -----------------------------------------------------------------------------------------


@dataclass
class _MutableCell:
    text: str
    col: int
    colspan: int
    source: Source
    rowspan: int = 1

    def freeze(self) -> Cell:
        return Cell(self.text, self.col, self.source, self.colspan, self.rowspan)


@dataclass
class _RawCell:
    """One w:tc as written: its grid position and how it merges."""

    text: str
    col: int
    span: int
    vertical: VerticalMerge
    horizontal_continue: bool


def _grid_column_count(table: etree._Element) -> int:
    grid = table.find(W + "tblGrid")
    if grid is not None and len(grid):
        return len(grid.findall(W + "gridCol"))
    return max((sum(cell.span for cell in _raw_row(row)) for row in _table_rows(table)), default=0)


def _table_rows(table: etree._Element) -> list[etree._Element]:
    """The w:tr of a table, including rows a content control wraps, but not those of nested tables."""
    return list(wrapped_children(table, W + "tr"))


def _row_cells(row: etree._Element) -> list[etree._Element]:
    return list(wrapped_children(row, W + "tc"))


def _raw_row(row: etree._Element) -> list[_RawCell]:
    cells: list[_RawCell] = []
    for tc, col, span in grid_cells(row):
        properties = tc.find(W + "tcPr")
        legacy = properties.find(W + "hMerge") if properties is not None else None
        horizontal_continue = legacy is not None and legacy.get(VAL) != "restart"
        cells.append(_RawCell(_cell_text(tc), col, span, vertical_merge(tc), horizontal_continue))
    return cells


def _cell_text(tc: etree._Element) -> str:
    return join_lines(_cell_lines(tc))


def _cell_lines(container: etree._Element) -> list[str]:
    """The lines of a cell: each paragraph split at its line breaks; a nested table's cells in order."""
    lines: list[str] = []
    for child in container:
        if child.tag == W + "p":
            lines.extend(paragraph_text(child).split("\n"))
        elif child.tag == W + "tbl":
            # A nested table's cells are separate values: keep them apart so "5" and "2" stay "5 2".
            nested = [_cell_text(tc) for row in _table_rows(child) for tc in _row_cells(row)]
            lines.append(" ".join(text for text in nested if text))
        elif child.tag in BLOCK_WRAPPERS:
            lines.extend(_cell_lines(child))
    return lines


def _row_signature(raw: list[_RawCell]) -> tuple[tuple[int, int, str, str], ...]:
    return tuple((cell.col, cell.span, cell.vertical, cell.text) for cell in raw)


def _build_table(pending: _PendingTable) -> Table:
    """One Table from the pieces of a split table, merged cells emitted once at their top-left."""
    first_index, first_table = pending.pieces[0]
    first_rows = [_raw_row(row) for row in _table_rows(first_table)]
    rows: list[tuple[Source, list[_MutableCell]]] = []
    open_merges: dict[int, _MutableCell] = {}  # grid column → the cell a vMerge there continues
    for piece_number, (table_index, table) in enumerate(pending.pieces):
        raw_rows = first_rows if piece_number == 0 else [_raw_row(row) for row in _table_rows(table)]
        skip = 0 if piece_number == 0 else _repeated_header_count(first_rows, raw_rows)
        for row_index, raw in enumerate(raw_rows):
            if row_index < skip:
                continue
            source = Source(table=table_index, row=row_index)
            rows.append((source, _merge_row(raw, source, open_merges)))
    table_rows = tuple(
        Row(cells=tuple(cell.freeze() for cell in cells), source=source) for source, cells in rows
    )
    return Table(rows=table_rows, source=Source(table=first_index), grid=True)


def _repeated_header_count(first: list[list[_RawCell]], second: list[list[_RawCell]]) -> int:
    """How many leading rows of a continuation repeat the first piece's leading rows exactly."""
    count = 0
    while (
        count < len(first) - 1  # never all of the first piece: that is a repeated table, not a header
        and count < len(second)
        and _row_signature(first[count]) == _row_signature(second[count])
    ):
        count += 1
    return count


def _merge_row(
    raw: list[_RawCell], row_source: Source, open_merges: dict[int, _MutableCell]
) -> list[_MutableCell]:
    """The cells a w:tr contributes; vMerge continuations lengthen the cell above instead."""
    cells: list[_MutableCell] = []
    still_open: dict[int, _MutableCell] = {}
    for cell in raw:
        if cell.horizontal_continue and cells:
            cells[-1].colspan += cell.span
            continue
        above = open_merges.get(cell.col)
        if cell.vertical == "continue" and above is not None and above.colspan == cell.span:
            above.rowspan += 1
            still_open[cell.col] = above
            continue
        source = Source(table=row_source.table, row=row_source.row, col=cell.col)
        made = _MutableCell(cell.text, cell.col, cell.span, source)
        cells.append(made)
        if cell.vertical != "none":  # a restart, or a continuation with nothing above to continue
            still_open[cell.col] = made
    open_merges.clear()
    open_merges.update(still_open)
    return cells
