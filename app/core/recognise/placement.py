"""Placing a row's values onto a layout's columns: by the header's grid, by order, by siblings' shape."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.formats import Column
from app.core.model import (
    Cell,
    CellValue,
    Row,
)
from app.core.recognise.records import TableLine
from app.core.text import (
    normalize_label,
    parse_number,
    similarity,
)


def place_by_order(line: TableLine, count: int) -> tuple[list[Cell | None], str | None]:
    """Values in order after the label; (cells, problem) where problem is "short"/"long" or None.

    In a real grid every cell after the label is a value slot, blanks included; in drifting text the
    empty cells at either end are padding (merged label columns, trailing tabs) and are dropped.
    """
    cells: list[Cell | None] = list(line.value_cells)
    fixed = line.grid or line.positional
    if fixed and len(cells) == count:
        return cells, None
    while cells and len(cells) > (count if fixed else 0) and not cells[-1].text.strip():
        cells.pop()
    while cells and len(cells) > (count if fixed else 0) and not cells[0].text.strip():
        cells.pop(0)
    if len(cells) == count:
        return cells, None
    if len(cells) < count:
        return cells + [None] * (count - len(cells)), "short"
    return cells[-count:], "long"


def cell_value(line: TableLine, cell: Cell | None) -> CellValue:
    if cell is None:
        return CellValue(text="", value=None, anchor=None)
    index = line.row.cells.index(cell)
    return CellValue(text=cell.text.strip(), value=parse_number(cell.text).value, anchor=line.anchor(index))


@dataclass
class ColumnMap:
    """Grid columns of table 三's value columns, learnt from a header, per Document table."""

    by_block: dict[int, dict[str, int]] = field(default_factory=dict)
    last: dict[str, int] | None = None
    last_width: int = 0
    # columns found so far in each table's header rows; each header row is read once (a text with a
    # header repeated a thousand times stays linear)
    partial: dict[int, dict[str, int]] = field(default_factory=dict)

    def learn(self, line: TableLine, columns: tuple[Column, ...]) -> None:
        found = self.partial.setdefault(line.block, {})
        if len(found) == len(columns):
            return
        for cell in line.row.cells:
            label = normalize_label(cell.text)
            for column in columns:
                if column.key not in found and similarity(label, normalize_label(column.label)) >= 0.8:
                    found[column.key] = cell.col
                    break
        if len(found) == len(columns) and len(set(found.values())) == len(columns):
            self.by_block[line.block] = dict(found)
            self.last = self.by_block[line.block]
            self.last_width = _width(line.row)

    def for_line(self, line: TableLine) -> dict[str, int] | None:
        if not line.grid:
            return None
        if line.block in self.by_block:
            return self.by_block[line.block]
        if self.last is not None and _width(line.row) == self.last_width:
            return self.last
        return None


@dataclass
class TextShape:
    """Where the values stand in well-formed rows of a drifting text table, by row length.

    Text copied from a Word table keeps one tab per cell, so rows of the same length put their values
    at the same positions; a row with blank cells is read at the positions its well-formed siblings use.
    """

    starts: dict[tuple[int, int], int] = field(default_factory=dict)

    def learn(self, line: TableLine, placed: list[Cell | None]) -> None:
        if all(cell is not None and cell.text.strip() for cell in placed):
            first = line.row.cells.index(placed[0])
            self.starts.setdefault((line.block, len(line.row.cells)), first)

    def place(self, line: TableLine, count: int) -> list[Cell | None] | None:
        start = self.starts.get((line.block, len(line.row.cells)))
        if start is None or start < line.label_cells:
            return None
        cells = list(line.row.cells[start : start + count])
        outside = [c for c in line.value_cells if c not in cells and c.text.strip()]
        return cells if len(cells) == count and not outside else None


def _width(row: Row) -> int:
    return max((cell.col + cell.colspan for cell in row.cells), default=0)


def place_by_grid(
    line: TableLine, columns: tuple[Column, ...], grid: dict[str, int]
) -> list[Cell | None] | None:
    by_col = {cell.col: cell for cell in line.value_cells}
    placed = [by_col.get(grid[column.key]) for column in columns]
    used = {id(cell) for cell in placed if cell is not None}
    stray = [cell for cell in line.value_cells if id(cell) not in used and cell.text.strip()]
    if stray:
        return None  # numbers outside the header's columns: the header map does not fit this row
    return placed
