"""Data tables of a web page on their grid: rowspan/colspan resolved the way browsers place cells.

A merged cell appears once, at its top-left grid column, with its spans; Word's placeholder cells hold
their grid columns without being read, and Word's last row of empty cells that only fixes column
widths is dropped. Every row and cell has a `Source` with its line and element path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from app.core.model import Cell, Row, Source, Table
from app.core.readers.common import join_lines
from app.core.readers.html_walk import TextUnit, row_cells, table_rows, tag_name, walk_units

_SPAN = re.compile(r"\s*(\d+)")
_MAX_SPAN = 1000  # no report table is this wide or tall; a larger span is a typo or a trap
_MAX_GRID_POSITIONS = 2_000_000  # grid positions all spans of one table may cover together


def _span(value: str | None) -> int:
    match = _SPAN.match(value or "")
    return min(int(match.group(1)), _MAX_SPAN) if match else 1


@dataclass
class _GridCell:
    element: etree._Element
    row: int
    col: int
    colspan: int
    rowspan: int


def grid_cells(rows: list[etree._Element]) -> list[list[_GridCell]]:
    """Each row's cells placed on the table grid (the HTML table model): a cell takes the first
    column its row has free after the cells above that span down into it."""
    taken: list[set[int]] = [set() for _ in rows]
    placed: list[list[_GridCell]] = []
    budget = _MAX_GRID_POSITIONS
    for index, row in enumerate(rows):
        column = 0
        cells: list[_GridCell] = []
        for element in row_cells(row):
            while column in taken[index]:
                column += 1
            colspan = max(_span(element.get("colspan")), 1)
            rowspan = _span(element.get("rowspan"))
            # rowspan="0" spans to the end of the table; no span reaches past it.
            rowspan = len(rows) - index if rowspan == 0 else min(rowspan, len(rows) - index)
            if colspan * rowspan > budget:  # a page built to hang the reader: spans no longer count
                colspan = rowspan = 1
            budget -= colspan * rowspan
            for covered in range(index, index + rowspan):
                taken[covered].update(range(column, column + colspan))
            cells.append(_GridCell(element, index, column, colspan, rowspan))
            column += colspan
        placed.append(cells)
    return placed


def cell_text(element: etree._Element) -> str:
    lines = [unit.text for unit in walk_units(element) if isinstance(unit, TextUnit)]
    return join_lines(lines)


def read_table(element: etree._Element, number: int, path_of: ElementPaths) -> Table | None:
    """A data table with its grid resolved; None when it has no text at all."""
    rows = list(table_rows(element))
    placed = grid_cells(rows)
    texts = [[cell_text(cell.element) for cell in cells] for cells in placed]
    keep = [
        bool(cells) and not (_width_row(row) and not any(text))
        for row, cells, text in zip(rows, placed, texts, strict=True)
    ]
    if not any(any(row) for row in texts):
        return None
    new_index: dict[int, int] = {}
    for index, kept in enumerate(keep):
        if kept:
            new_index[index] = len(new_index)
    read_rows: list[Row] = []
    for index, cells in enumerate(placed):
        if not keep[index]:
            continue
        row_number = new_index[index]
        row_cells_read = tuple(
            Cell(
                text=text,
                col=cell.col,
                source=Source(
                    line=cell.element.sourceline,
                    element=path_of(cell.element),
                    table=number,
                    row=row_number,
                    col=cell.col,
                ),
                colspan=cell.colspan,
                # Rows dropped above (no cells) do not count in the span.
                rowspan=max(1, sum(1 for covered in range(index, index + cell.rowspan) if keep[covered])),
            )
            for cell, text in zip(cells, texts[index], strict=True)
            if not _placeholder(cell.element)
        )
        row_source = Source(
            line=rows[index].sourceline, element=path_of(rows[index]), table=number, row=row_number
        )
        read_rows.append(Row(cells=row_cells_read, source=row_source))
    source = Source(line=element.sourceline, element=path_of(element), table=number)
    return Table(rows=tuple(read_rows), source=source, grid=True)


def _placeholder(cell: etree._Element) -> bool:
    """Word's filler where a row starts or ends off the grid: it holds grid columns, not a value."""
    return "mso-cell-special:placeholder" in (cell.get("style") or "").replace(" ", "").lower()


def _width_row(row: etree._Element) -> bool:
    """Word's last row of empty cells that only fixes the column widths (not a row of blanks)."""
    marker = row.getprevious()
    after_marker = (
        marker is not None and tag_name(marker) is None and "supportMisalignedColumns" in (marker.text or "")
    )
    return after_marker or row.get("height") == "0"


class ElementPaths:
    """Element paths ("/html/body/div[2]/p[3]"), the way a developer tool or XPath names them."""

    def __init__(self, root: etree._Element) -> None:
        self._tree = root.getroottree()

    def __call__(self, element: etree._Element) -> str:
        return str(self._tree.getpath(element))
