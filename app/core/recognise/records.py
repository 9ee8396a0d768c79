"""The recogniser's records: table lines, row matches, row problems and the full Recognition."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.formats import ReportFormat
from app.core.model import (
    Anchor,
    Cell,
    Report,
    Row,
)


@dataclass(frozen=True)
class TableLine:
    """A row of any Document table, with its address and its label and value cells split."""

    block: int
    row_index: int
    row: Row
    grid: bool
    positional: bool  # delimited text cells: blanks between separators are cells (see Table)
    labels: tuple[str, ...]  # normalised label cells
    label_cells: int  # how many leading cells are labels
    text: str  # normalised text of the whole row
    # the short paragraph just before the table, on its first row (a piece's caption: 「行政复议」)
    caption: str = ""

    def anchor(self, cell: int) -> Anchor:
        return Anchor(block=self.block, row=self.row_index, cell=cell)

    @property
    def value_cells(self) -> tuple[Cell, ...]:
        return self.row.cells[self.label_cells :]


@dataclass(frozen=True)
class RowMatch:
    table: str
    key: str
    written: str  # the label as written (normalised)
    official: str  # the official label (normalised)
    score: float
    line: TableLine


@dataclass(frozen=True)
class RowProblem:
    """A table row the recogniser could not use as it stands."""

    table: str
    kind: str  # "short" (too few values), "extra" (unknown or duplicate row), "long" (too many values)
    label: str
    line: TableLine
    key: str | None = None
    found: int | None = None
    expected: int | None = None


@dataclass
class Recognition:
    """The recogniser's full answer: the public Report plus what the rules need to explain it."""

    report: Report
    format: ReportFormat | None
    layout_scores: dict[str, float] = field(default_factory=dict)
    matches: list[RowMatch] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    tables_seen: set[str] = field(default_factory=set)
    collapsed: list[RowMatch] = field(default_factory=list)  # groups printed as one row (see tables.py)
