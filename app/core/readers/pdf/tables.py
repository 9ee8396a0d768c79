"""Tables of one page read cell by cell, and tables continued over page breaks joined into one.

A table at the top of a page that continues the last table of the previous page (same outer edges,
compatible columns) is joined to it; its repeated header rows are dropped, and a first row that is only
the lower half of a row the page break cut (label text, no values) is merged into that row.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.model import Cell, Row, Source, Table
from app.core.readers.common import join_lines
from app.core.readers.pdf.geometry import Box
from app.core.readers.pdf.grid import TOLERANCE, Grid
from app.core.readers.pdf.text import LIST_MARKER, Char, lines
from app.core.text import looks_numeric


@dataclass
class TableCell:
    """A cell while tables are still being joined; frozen into a `Cell` at the end."""

    text: str
    col: int
    colspan: int
    rowspan: int
    x0: float
    x1: float
    source: Source
    doubtful: bool = False


@dataclass
class TableRow:
    cells: list[TableCell]
    source: Source


@dataclass
class PageTable:
    """A table as found on one page, later perhaps the joined table of several pages."""

    page: int
    box: Box
    edges: list[float]  # x of every column boundary, left edge to right edge
    rows: list[TableRow]
    last_page: int = 0  # the page its last rows stand on, once joined with their continuation
    aligned: bool = False  # columns from text alignment (三线表): each page's boundaries drift a little

    def __post_init__(self) -> None:
        self.last_page = self.last_page or self.page

    @property
    def top(self) -> float:
        return self.box[1]


def page_table(number: int, grid: Grid, cell_chars: dict[tuple[int, int], list[Char]]) -> PageTable:
    rows = [
        TableRow([], Source(page=number, bbox=rounded(_row_box(grid, index)), row=index))
        for index in range(len(grid.row_starts))
    ]
    for (row, column), origin in sorted(grid.origins.items()):
        cell_lines = lines(cell_chars.get((row, column), []), number)
        text = join_lines([line.text for line in cell_lines])
        source = Source(page=number, bbox=rounded(origin.box), row=row, col=column)
        x0, _, x1, _ = origin.box
        doubtful = any(line.doubtful for line in cell_lines)
        rows[row].cells.append(
            TableCell(text, column, origin.colspan, origin.rowspan, x0, x1, source, doubtful)
        )
    return PageTable(number, grid.box, [*grid.column_starts, grid.box[2]], rows, aligned=grid.aligned)


def _row_box(grid: Grid, index: int) -> Box:
    x0, top, x1, bottom = grid.box
    starts = grid.row_starts
    return (x0, starts[index], x1, starts[index + 1] if index + 1 < len(starts) else bottom)


def rounded(box: Box) -> Box:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def frozen_table(table: PageTable) -> Table:
    rows = tuple(
        Row(
            cells=tuple(
                Cell(cell.text, cell.col, cell.source, cell.colspan, cell.rowspan) for cell in row.cells
            ),
            source=row.source,
        )
        for row in table.rows
    )
    return Table(rows=rows, source=Source(page=table.page, bbox=rounded(table.box)), grid=True)


# --- tables over page breaks ------------------------------------------------------------------------


def join_tables(previous: PageTable, continuation: PageTable) -> bool:
    """Join `continuation` (top of a page) to `previous` (end of the page before) if it goes on with it."""
    edges = _common_edges(previous.edges, continuation.edges)
    if previous.aligned and continuation.aligned and len(previous.edges) == len(continuation.edges):
        edges = previous.edges  # the same columns, placed from each page's text: the first page's hold
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
    if abs(first[0] - second[0]) > TOLERANCE or abs(first[-1] - second[-1]) > TOLERANCE:
        return None
    union = sorted(first)
    for edge in second:
        if all(abs(edge - known) > TOLERANCE for known in union):
            union.append(edge)
    union.sort()
    # One piece's columns must be those of the other, or a subdivision of them (a header row that
    # spans columns the other piece splits): columns unrelated to each other mean another table.
    compatible = len(first) == len(second) or len(union) in (len(first), len(second))
    return union if compatible else None


def _regrid(table: PageTable, edges: list[float]) -> None:
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


def _signature(row: TableRow) -> tuple[tuple[int, int, str], ...]:
    return tuple((cell.col, cell.colspan, cell.text) for cell in row.cells)


def _repeated_header_count(first: list[TableRow], second: list[TableRow]) -> int:
    count = 0
    while count < min(len(first) - 1, len(second)) and _signature(first[count]) == _signature(second[count]):
        count += 1
    return count


def _covering_last_row(table: PageTable) -> dict[int, TableCell]:
    """Grid column → the cell that covers it in the table's last row (a merged cell from above too)."""
    covering: dict[int, TableCell] = {}
    last = len(table.rows) - 1
    for row_index, row in enumerate(table.rows):
        for cell in row.cells:
            if row_index + cell.rowspan - 1 >= last:
                for column in range(cell.col, cell.col + cell.colspan):
                    covering[column] = cell
    return covering


def _is_broken_row(row: TableRow, covering: dict[int, TableCell]) -> bool:
    """Whether a continuation's first row is the lower half of the row the page break cut.

    Its cells line up with the cells of the previous row; only label cells hold text, and that text
    does not start a new item ("3.补正后…" would be a row of its own, left blank by its author).
    """
    texts = [cell.text for cell in row.cells if cell.text]
    if not texts or LIST_MARKER.match(texts[0]):
        return False
    for cell in row.cells:
        above = covering.get(cell.col)
        if above is None or above.col != cell.col or above.colspan != cell.colspan:
            return False
        if cell.text and (looks_numeric(cell.text) or not above.text or looks_numeric(above.text)):
            return False
    return True


def _merge_broken_row(row: TableRow, covering: dict[int, TableCell]) -> None:
    for cell in row.cells:
        above = covering[cell.col]
        if cell.text:
            above.text = join_lines([above.text, cell.text])
            above.doubtful = above.doubtful or cell.doubtful
        above.rowspan += cell.rowspan - 1


def _continue_vertical_merges(row: TableRow, covering: dict[int, TableCell]) -> None:
    """Blank cells under a cell merged down to the page end are that merged cell, drawn again."""
    kept: list[TableCell] = []
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
