"""Excel (.xlsx) reports: every sheet's rows as paragraphs and tables.

A row with a single text cell is a paragraph (the narrative sections of a report pasted into column A);
rows that use two or more columns form a table, and so do single-cell rows standing between such rows
(a group label alone on its row). Merged ranges keep their value at the top-left cell only, so each
is emitted once with its colspan/rowspan and the cells it covers are skipped.

Values are the ones Excel shows: the cached results of formulas (`data_only=True`). A workbook saved
by a program that never calculated has formulas without results; those are computed when they are a
plain SUM or sum of cells of the same sheet, otherwise read as "" with a `ReaderNote`, never as 0.

Nothing is materialised before it is measured: `xlsx_package.tidy_package` bounds the package, drops
empty cells and clips merged ranges to the cells holding data before openpyxl sees a sheet, and a
formula's range is measured before its cells are listed (past `MAX_FORMULA_RANGE_CELLS`, or once the
sheet's formulas have read `MAX_FORMULA_WORK` cells, it is left uncomputed with a note saying so).
"""

from __future__ import annotations

import bisect
import datetime
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from app.core.model import Cell, Document, Paragraph, ReaderNote, ReadError, Row, Source, Table
from app.core.readers.common import join_lines
from app.core.readers.xlsx_package import tidy_package

Position = tuple[int, int]  # (row, column), 0-based within the sheet

# Report formulas sum a row or a column of a table; a range this large is not one of them.
MAX_FORMULA_RANGE_CELLS = 10_000
# Cells read by all the formulas of a sheet together, and how deep formulas may refer to formulas.
MAX_FORMULA_WORK = 1_000_000
MAX_FORMULA_DEPTH = 50  # each level costs about eight Python frames
# A heading written over a table in a merged row ("三、收到和处理…") belongs to the text, not the table.
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]|年度报告\s*$")


class _Uncomputed:
    """A formula cell with no cached result that could not be computed either."""


UNCOMPUTED = _Uncomputed()


def read_xlsx(path: Path) -> Document:
    package = tidy_package(path.read_bytes())
    try:
        workbook = _load(package.data, data_only=True)
        formulas = _load(package.data, data_only=False) if package.has_formulas else None
        reader = _WorkbookReader()
        for sheet in workbook.worksheets:
            formula_sheet = formulas[sheet.title] if formulas is not None else None
            reader.read_sheet(sheet, formula_sheet)
    except (ReadError, MemoryError, RecursionError):
        raise
    except Exception as error:  # a damaged package can fail anywhere in zipfile, lxml or openpyxl
        raise ReadError(
            "Excel 文件已损坏，或者不是 .xlsx 工作簿，无法读取。"
            "请用 Excel 或 WPS 打开并另存为 .xlsx 后再检查。"
            f"（{type(error).__name__}）"
        ) from error
    return Document(path=str(path), kind="xlsx", blocks=tuple(reader.blocks), notes=tuple(reader.notes))


def _load(data: bytes, data_only: bool) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "extension not supported" and the like concern features we skip
        return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only, keep_links=False)


# --- values -----------------------------------------------------------------------------------------


def number_text(value: int | float) -> str:
    """A number as Excel shows it in General format: 5.0 → "5", 205.3321 → "205.3321"."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(value, ".15g")  # Excel keeps 15 significant digits: 0.1+0.2 shows as 0.3
    return format(Decimal(text), "f") if "e" in text else text


def _value_text(value: object) -> str:
    if value is None or value is UNCOMPUTED:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _is_text(value: object) -> bool:
    return isinstance(value, str)


# --- formulas without a cached result ---------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<sum>SUM\s*\()|(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)"
    r"|(?P<ref>\$?[A-Z]{1,3}\$?\d+)|(?P<number>\d+(?:\.\d+)?)|(?P<symbol>[-+(),]))",
    re.IGNORECASE,
)


class _NotSimple(Exception):
    """The formula is more than a sum of cells of its own sheet."""


class _TooLarge(Exception):
    """The formula reads more cells than the budget allows (a whole column, a whole sheet)."""


@dataclass
class _Budget:
    """Cells the formulas of one sheet may still read."""

    cells: int = MAX_FORMULA_WORK

    def spend(self, count: int) -> None:
        self.cells -= count
        if self.cells < 0:
            raise _TooLarge


def _tokens(formula: str) -> list[tuple[str, str]]:
    text = formula.lstrip("=").strip()
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise _NotSimple
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind).replace("$", "").replace(" ", "").upper()))
        position = match.end()
    return tokens


class _SumEvaluator:
    """Computes `=SUM(D4:D10)`, `=D4+D5-D6`, `=SUM(D4:I4)+3` the way Excel would.

    Excel's SUM skips text in the cells it sums, while `+` turns numeric text into a number; blank
    cells count as 0. A cell that is itself an uncached formula is computed first.
    """

    def __init__(self, lookup: Callable[[Position], object], budget: _Budget) -> None:
        self._lookup = lookup
        self._budget = budget
        self._tokens: list[tuple[str, str]] = []
        self._index = 0

    def evaluate(self, formula: str) -> float:
        self._tokens, self._index = _tokens(formula), 0
        value = self._expression()
        if self._index != len(self._tokens):
            raise _NotSimple
        return value

    def _peek(self) -> tuple[str, str]:
        return self._tokens[self._index] if self._index < len(self._tokens) else ("end", "")

    def _take(self, text: str) -> None:
        if self._peek()[1] != text:
            raise _NotSimple
        self._index += 1

    def _expression(self) -> float:
        sign = 1.0
        if self._peek() in (("symbol", "-"), ("symbol", "+")):
            sign = -1.0 if self._peek()[1] == "-" else 1.0
            self._index += 1
        total = sign * self._term()
        while self._peek() in (("symbol", "+"), ("symbol", "-")):
            sign = -1.0 if self._peek()[1] == "-" else 1.0
            self._index += 1
            total += sign * self._term()
        return total

    def _term(self) -> float:
        kind, text = self._peek()
        self._index += 1
        if kind == "number":
            return float(text)
        if kind == "ref":
            return self._arithmetic_value(_position(text))
        if kind == "symbol" and text == "(":
            value = self._expression()
            self._take(")")
            return value
        if kind == "sum":
            return self._sum_arguments()
        raise _NotSimple

    def _sum_arguments(self) -> float:
        total = 0.0
        while True:
            kind, text = self._peek()
            following = self._tokens[self._index + 1][1] if self._index + 1 < len(self._tokens) else ""
            if kind == "range" and following in (",", ")"):
                self._index += 1
                positions = _range_positions(text)
                self._budget.spend(len(positions))
                total += sum(self._summed_value(position) for position in positions)
            elif kind == "ref" and following in (",", ")"):
                self._index += 1
                total += self._summed_value(_position(text))
            else:
                total += self._expression()
            if self._peek() == ("symbol", ")"):
                self._index += 1
                return total
            self._take(",")

    def _summed_value(self, position: Position) -> float:
        value = self._lookup(position)
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0

    def _arithmetic_value(self, position: Position) -> float:
        value = self._lookup(position)
        if value is None:
            return 0.0
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                raise _NotSimple from None
        raise _NotSimple


def _position(reference: str) -> Position:
    column, row, _, _ = range_boundaries(reference)
    if column is None or row is None:
        raise _NotSimple
    return row - 1, column - 1


def _range_positions(reference: str) -> list[Position]:
    first_column, first_row, last_column, last_row = range_boundaries(reference)
    if first_column is None or first_row is None or last_column is None or last_row is None:
        raise _NotSimple
    if (last_row - first_row + 1) * (last_column - first_column + 1) > MAX_FORMULA_RANGE_CELLS:
        raise _TooLarge  # measured before a single position is listed
    return [
        (row - 1, column - 1)
        for row in range(first_row, last_row + 1)
        for column in range(first_column, last_column + 1)
    ]


def _fill_uncached_formulas(
    values: dict[Position, object], formula_sheet: Worksheet
) -> tuple[set[Position], set[Position]]:
    """Put a value into `values` for every formula cell without a cached result.

    Returns the positions left uncomputed: (not a plain sum, over the budget).
    """
    pending: dict[Position, str] = {}
    for (row, column), cell in formula_sheet._cells.items():  # only the cells the file holds
        position = (row - 1, column - 1)
        if cell.data_type == "f" and values.get(position) is None:
            pending[position] = cell.value if isinstance(cell.value, str) else ""
    computing: set[Position] = set()
    uncomputed: set[Position] = set()
    too_large: set[Position] = set()
    budget = _Budget()

    def lookup(position: Position) -> object:
        if position in pending:
            compute(position)
        value = values.get(position)
        if value is UNCOMPUTED:
            raise _NotSimple
        return value

    def compute(position: Position) -> None:
        formula = pending.pop(position)
        if position in computing:
            raise _NotSimple  # a circular reference
        if len(computing) >= MAX_FORMULA_DEPTH:
            pending[position] = formula  # a chain too deep to follow from here: tried again on its own
            raise _NotSimple
        computing.add(position)
        try:
            values[position] = _SumEvaluator(lookup, budget).evaluate(formula)
        except _TooLarge:
            values[position] = UNCOMPUTED
            too_large.add(position)
        except (_NotSimple, ValueError, TypeError):
            values[position] = UNCOMPUTED
            uncomputed.add(position)
        finally:
            computing.discard(position)

    while pending:
        compute(next(iter(pending)))
    return uncomputed, too_large


# --- sheets -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Merge:
    rowspan: int
    colspan: int


@dataclass
class _Sheet:
    """The used cells of one sheet, with its merged ranges, 0-based."""

    name: str
    values: dict[Position, object]
    merges: dict[Position, _Merge]  # top-left cell → its span
    covered: set[Position]  # cells inside a merged range other than its top-left
    uncomputed: set[Position]
    too_large: set[Position]
    columns_by_row: dict[int, set[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for row, column in [*self.values, *self.merges, *self.covered]:
            self.columns_by_row.setdefault(row, set()).add(column)

    def is_single_text(self, row: int) -> bool:
        """A row holding one text cell and nothing else: a paragraph unless tables surround it."""
        columns = self.columns_by_row[row]
        if len(columns) != 1:
            return False
        (column,) = columns
        return _is_text(self.values.get((row, column)))

    def single_value(self, row: int) -> object:
        """The only value of a row that holds exactly one (merged or not), else None."""
        present = [
            self.values[(row, column)] for column in self.columns_by_row[row] if (row, column) in self.values
        ]
        return present[0] if len(present) == 1 else None


def _read_values(sheet: Worksheet) -> dict[Position, object]:
    values: dict[Position, object] = {}
    for (row, column), cell in sheet._cells.items():  # iter_rows() would build every empty cell in range
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        values[(row - 1, column - 1)] = value
    return values


def _read_merges(sheet: Worksheet) -> tuple[dict[Position, _Merge], set[Position]]:
    merges: dict[Position, _Merge] = {}
    covered: set[Position] = set()
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        merges[(top, left)] = _Merge(merged.max_row - merged.min_row + 1, merged.max_col - merged.min_col + 1)
        for row in range(top, merged.max_row):
            for column in range(left, merged.max_col):
                if (row, column) != (top, left):
                    covered.add((row, column))
    return merges, covered


class _WorkbookReader:
    def __init__(self) -> None:
        self.blocks: list[Paragraph | Table] = []
        self.notes: list[ReaderNote] = []

    def read_sheet(self, sheet: Worksheet, formula_sheet: Worksheet | None) -> None:
        values = _read_values(sheet)
        uncomputed, too_large = (
            _fill_uncached_formulas(values, formula_sheet) if formula_sheet is not None else (set(), set())
        )
        merges, covered = _read_merges(sheet)
        used = _Sheet(sheet.title, values, merges, covered, uncomputed, too_large)
        for run in _runs(sorted(used.columns_by_row)):
            self._read_run(used, run)

    def _read_run(self, sheet: _Sheet, rows: list[int]) -> None:
        table_rows = [row for row in rows if not sheet.is_single_text(row)]
        if not table_rows:
            for row in rows:
                self._paragraph(sheet, row)
            return
        first, last = rows.index(table_rows[0]), rows.index(table_rows[-1])
        for row in rows[:first]:
            self._paragraph(sheet, row)
        for segment in _table_segments(sheet, rows[first : last + 1]):
            while segment and _is_heading_row(sheet, segment[0]):
                self._paragraph(sheet, segment.pop(0))
            if segment:
                self._table(sheet, segment)
        for row in rows[last + 1 :]:
            self._paragraph(sheet, row)

    def _paragraph(self, sheet: _Sheet, row: int) -> None:
        column = min(column for column in sheet.columns_by_row[row] if (row, column) in sheet.values)
        text = _value_text(sheet.values[(row, column)])
        self.blocks.append(
            Paragraph(text=text, source=Source(sheet=sheet.name, address=_address(row, column)))
        )

    def _table(self, sheet: _Sheet, rows: list[int]) -> None:
        columns = set().union(*(sheet.columns_by_row[row] for row in rows))
        first_column, last_column = min(columns), max(columns)
        block = len(self.blocks)
        table_rows: list[Row] = []
        for row in rows:
            cells: list[Cell] = []
            for column in range(first_column, last_column + 1):
                if (row, column) in sheet.covered:
                    continue  # inside a merged range: its value is at the range's top-left, read once
                merge = sheet.merges.get((row, column), _Merge(1, 1))
                rowspan = _rows_within(rows, row, merge.rowspan) if merge.rowspan > 1 else 1
                colspan = min(merge.colspan, last_column - column + 1)
                address = _address(row, column)
                source = Source(sheet=sheet.name, address=address, row=row, col=column)
                if (row, column) in sheet.uncomputed:
                    self.notes.append(_uncomputed_note(source, block, len(table_rows), len(cells)))
                elif (row, column) in sheet.too_large:
                    self.notes.append(_too_large_note(source, block, len(table_rows), len(cells)))
                text = join_lines(_value_text(sheet.values.get((row, column))).splitlines())
                cells.append(Cell(text, column - first_column, source, colspan, rowspan))
            row_source = Source(sheet=sheet.name, address=_address(row, first_column), row=row)
            table_rows.append(Row(cells=tuple(cells), source=row_source))
        table_source = Source(sheet=sheet.name, address=_address(rows[0], first_column))
        self.blocks.append(Table(rows=tuple(table_rows), source=table_source, grid=True))


def _runs(rows: list[int]) -> list[list[int]]:
    """Consecutive used rows; a blank row ends a run."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


def _table_segments(sheet: _Sheet, rows: list[int]) -> list[list[int]]:
    """Split a run of table rows where a lone text row stands between rows of different widths.

    A label alone on its row inside a table has table rows of the table's width above and below it;
    a heading between two tables (二 with 4 columns, 三 with 10) has rows of different widths around it.
    """
    segments: list[list[int]] = [[]]
    for index, row in enumerate(rows):
        if sheet.is_single_text(row) and 0 < index < len(rows) - 1:
            above, below = _extent(sheet, rows[index - 1]), _extent(sheet, rows[index + 1])
            if above != below and not sheet.is_single_text(rows[index + 1]):
                segments.append([row])
                segments.append([])
                continue
        segments[-1].append(row)
    return [segment for segment in segments if segment]


def _rows_within(rows: list[int], first: int, count: int) -> int:
    """How many of the table's rows a merged range starting at `first` covers (a table may end first)."""
    return bisect.bisect_left(rows, first + count) - bisect.bisect_left(rows, first)


def _extent(sheet: _Sheet, row: int) -> tuple[int, int]:
    columns = sheet.columns_by_row[row]
    return min(columns), max(columns)


def _is_heading_row(sheet: _Sheet, row: int) -> bool:
    """A row over a table holding only a section heading or the title: text, not a table row."""
    value = sheet.single_value(row)
    return sheet.is_single_text(row) or (isinstance(value, str) and bool(_HEADING.search(value)))


def _address(row: int, column: int) -> str:
    return f"{get_column_letter(column + 1)}{row + 1}"


def _uncomputed_note(source: Source, block: int, row: int, cell: int) -> ReaderNote:
    return ReaderNote(
        message=(
            f"单元格 {source.address} 是公式，文件中没有计算结果（保存文件的程序没有计算公式），"
            "检查器也无法代算，按空白处理。请用 Excel 或 WPS 打开文件、保存一次后再检查。"
        ),
        source=source,
        block=block,
        row=row,
        cell=cell,
    )


def _too_large_note(source: Source, block: int, row: int, cell: int) -> ReaderNote:
    return ReaderNote(
        message=(
            f"单元格 {source.address} 的公式范围过大，未计算（文件中没有计算结果），按空白处理。"
            "请用 Excel 或 WPS 打开文件、保存一次后再检查。"
        ),
        source=source,
        block=block,
        row=row,
        cell=cell,
    )
