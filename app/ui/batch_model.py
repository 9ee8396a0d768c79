"""The batch: one entry per report, and the table model the batch list shows.

`BatchEntry` is plain data (the file, its `Result` once checked, the findings the reviewer dismissed);
`BatchModel` adapts a list of them to Qt and `BatchFilter` sorts and filters it by status and text;
both are tested without a window.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QIcon

from app.core import wording
from app.core.check import check_batch
from app.core.crossyear import CROSS_REPORT_RULES, body_key, chain_marks, check_batch_reports, own_findings
from app.core.model import Result
from app.ui.look import (
    MUTED_COLOR,
    PASSED_COLOR,
    SEVERITY_COLORS,
    UNREADABLE_COLOR,
    rich_tooltip,
    status_icon,
)
from app.ui.review import SavedDismissal, match_dismissals, saved_dismissals
from app.ui.table_model import HeaderedTableModel, Index

ENTRY_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class Status(enum.Enum):
    CHECKING = "checking"
    PASSED = "passed"
    PROBLEMS = "problems"
    UNREADABLE = "unreadable"
    SKIPPED = "skipped"


@dataclass(eq=False)  # entries are compared by identity: the same file may be added, removed, re-added
class BatchEntry:
    path: Path
    result: Result | None = None
    skipped: bool = False  # not checked at all (a type the checker does not read)
    dismissed: dict[int, str] = field(default_factory=dict)  # index into result.findings -> reason
    ticket: int | None = None  # the runner's ticket while being checked
    # Dismissals from a saved review not yet matched to findings (the report is being checked, or
    # could not be read this time): kept, and saved again, until a check brings their findings back.
    pending: tuple[SavedDismissal, ...] = ()

    def start_check(self) -> None:
        """Mark as being checked; the dismissals wait in `pending` for the fresh findings."""
        self.pending = self.saved()
        self.result = None
        self.dismissed = {}

    def take_result(self, result: Result) -> None:
        """A check's result; each waiting dismissal follows its finding (a finding gone is fixed)."""
        self.result = result
        if result.error is None and self.pending:
            self.dismissed = match_dismissals(self.pending, result.findings)
            # Findings across reports come with the batch pass (`BatchModel.cross_check`): theirs wait.
            self.pending = tuple(item for item in self.pending if item.rule in CROSS_REPORT_RULES)

    def saved(self) -> tuple[SavedDismissal, ...]:
        """Every dismissal of this report, for the review file."""
        mine = saved_dismissals(self.result.findings, self.dismissed) if self.result is not None else []
        return (*mine, *self.pending)

    @property
    def dismissal_count(self) -> int:
        return len(self.dismissed) + len(self.pending)

    @property
    def status(self) -> Status:
        if self.result is None:
            return Status.CHECKING
        if self.skipped:
            return Status.SKIPPED
        if self.result.error:
            return Status.UNREADABLE
        return Status.PROBLEMS if self.open_count("error") or self.open_count("warning") else Status.PASSED

    def open_count(self, severity: str) -> int:
        """Findings of a severity the reviewer has not dismissed."""
        return wording.open_count(self.result, self.dismissed, severity) if self.result is not None else 0

    @property
    def status_text(self) -> str:
        if self.result is None:
            return "检查中"
        if self.skipped:
            return "已跳过"
        return wording.status_text(self.result, self.dismissed)  # the workbook's words too

    @property
    def reason(self) -> str | None:
        """Why the file was skipped or could not be read."""
        return self.result.error if self.result is not None else None


class BatchModel(HeaderedTableModel):
    """The batch list: 文件, 单位, 年度, 格式, 状态."""

    HEADERS = ("文件", "单位", "年度", "格式", "状态")
    FILE, BODY, YEAR, LAYOUT, STATUS = range(5)
    HEADER_TIPS = {  # noqa: RUF012 (read only)
        FILE: "文件名；压缩包里的报告写作“压缩包名/成员名”",
        BODY: "报告标题中的单位名称",
        LAYOUT: "统计表所用的官方格式。" + wording.layout_explained(None),
    }

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[BatchEntry] = []
        self._icons: dict[tuple[str, str], QIcon] = {}
        self._chains: dict[str, list[str]] = {}  # path -> its carry-over chains, in words
        self._broken: set[str] = set()  # paths in a carry-over chain that does not hold

    # --- the batch ----------------------------------------------------------------------------------
    def entries(self) -> list[BatchEntry]:
        return list(self._entries)

    def entry(self, row: int) -> BatchEntry:
        return self._entries[row]

    def row_of(self, entry: BatchEntry) -> int:
        return next(row for row, candidate in enumerate(self._entries) if candidate is entry)

    def contains_path(self, path: Path) -> bool:
        key = path_key(path)
        return any(path_key(entry.path) == key for entry in self._entries)

    def add(self, entries: list[BatchEntry]) -> None:
        if not entries:
            return
        first = len(self._entries)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self._entries.extend(entries)
        self.endInsertRows()

    def predecessor(self, entry: BatchEntry) -> BatchEntry | None:
        """An earlier entry with the same body and year under another name: the version this one
        replaces (None when the report is the first of its body and year, or unrecognised)."""
        result = entry.result
        if result is None or result.error or not result.body or not result.year:
            return None
        key = (body_key(result.body), result.year)
        for candidate in self._entries:
            if candidate is entry:
                return None
            other = candidate.result
            if (
                other is not None
                and not other.error
                and other.body
                and (body_key(other.body), other.year) == key
            ):
                return candidate
        return None

    def move_after(self, entry: BatchEntry, anchor: BatchEntry) -> None:
        """Put `entry` right below `anchor` (a new version beside the one it replaces)."""
        row, target = self.row_of(entry), self.row_of(anchor) + 1
        if row == target:
            return
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target)
        moved = self._entries.pop(row)
        self._entries.insert(target if target < row else target - 1, moved)
        self.endMoveRows()

    def remove(self, entries: Iterable[BatchEntry]) -> None:
        for entry in list(entries):
            row = self.row_of(entry)
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._entries[row]
            self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._entries.clear()
        self.endResetModel()

    def changed(self, entry: BatchEntry) -> None:
        """Tell the views that an entry's result, status or dismissals changed."""
        self.row_changed(self.row_of(entry))

    def cross_check(self) -> list[BatchEntry]:
        """Add the findings across reports (carry-over chains between years, duplicates) to every
        checked report, keeping the reviewer's dismissals; the entries whose findings changed."""
        checked = [entry for entry in self._entries if entry.result is not None and not entry.skipped]
        own = [own_findings(entry.result) for entry in checked if entry.result is not None]
        batch = check_batch_reports(own)
        chains = batch.chains
        self._chains = chain_marks(chains)
        self._broken = {
            report.path
            for chain in chains
            if chain.status == "broken"
            for report in (chain.earlier, chain.later)
        }
        changed = []
        for entry, result in zip(checked, check_batch(own, batch), strict=True):
            if entry.result is not None and (result.findings != entry.result.findings or entry.pending):
                saved = entry.saved()
                entry.result, entry.dismissed = result, match_dismissals(saved, result.findings)
                entry.pending = ()
                changed.append(entry)
            self.changed(entry)
        return changed

    def chain_broken(self, entry: BatchEntry) -> bool:
        return str(entry.path) in self._broken

    def counts(self) -> dict[Status, int]:
        totals = dict.fromkeys(Status, 0)
        for entry in self._entries:
            totals[entry.status] += 1
        return totals

    # --- Qt model -----------------------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == ENTRY_ROLE:
            return entry
        if role == SORT_ROLE:
            return self._sort_key(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry)
        if column == self.STATUS and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(_status_color(entry))
        if column == self.STATUS and role == Qt.ItemDataRole.DecorationRole:
            return self._icon(entry)
        if column == self.YEAR and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if column == self.YEAR and role == Qt.ItemDataRole.ForegroundRole and self.chain_broken(entry):
            return QColor(SEVERITY_COLORS["error"])  # a broken carry-over chain, on both its reports
        return None

    def _text(self, entry: BatchEntry, column: int) -> str:
        result = entry.result
        if column == self.FILE:
            return wording.shown_name(entry.path)
        if column == self.STATUS:
            return entry.status_text
        if result is None or result.error:
            return ""
        if column == self.BODY:
            return result.body or "（未识别）"
        if column == self.YEAR:
            return str(result.year) if result.year else "？"
        if column == self.LAYOUT:
            return wording.layout_name(result.layout)
        return ""

    def _sort_key(self, entry: BatchEntry, column: int) -> str:
        if column == self.BODY and entry.result is not None:  # one body's reports together, by year
            return f"{body_key(entry.result.body) or ''}\t{entry.result.year or 0:04d}"
        if column == self.STATUS:  # worst first: errors by their count, then warnings, then the rest
            rank = STATUS_RANK[entry.status]
            return f"{rank}{9999 - entry.open_count('error'):04d}{9999 - entry.open_count('warning'):04d}"
        return self._text(entry, column).casefold()

    def _tooltip(self, entry: BatchEntry) -> str:
        lines = [str(entry.path)]
        if entry.result is not None and entry.result.title:
            lines.append(entry.result.title)
        if entry.reason:
            lines.append(f"{entry.status_text}：{entry.reason}")
        elif entry.result is not None and not entry.result.error:
            lines.append(wording.layout_explained(entry.result.layout))
        lines.extend(self._chains.get(str(entry.path), ()))
        return rich_tooltip("\n".join(line for line in lines if line))

    def _icon(self, entry: BatchEntry) -> QIcon:
        key = (_status_color(entry), STATUS_GLYPHS[entry.status])
        if key not in self._icons:
            self._icons[key] = status_icon(*key)
        return self._icons[key]


STATUS_GLYPHS = {
    Status.CHECKING: "…",
    Status.PASSED: "✓",
    Status.PROBLEMS: "!",
    Status.UNREADABLE: "×",
    Status.SKIPPED: "–",
}


STATUS_RANK = {
    Status.PROBLEMS: 0,
    Status.UNREADABLE: 1,
    Status.SKIPPED: 2,
    Status.CHECKING: 3,
    Status.PASSED: 4,
}
STATUS_FILTERS: dict[str, frozenset[Status] | None] = {  # the list's 显示 choices
    "全部报告": None,
    "有问题": frozenset({Status.PROBLEMS}),
    "无法读取或已跳过": frozenset({Status.UNREADABLE, Status.SKIPPED}),
    "通过": frozenset({Status.PASSED}),
    "检查中": frozenset({Status.CHECKING}),
}


class BatchFilter(QSortFilterProxyModel):
    """The batch list as shown: sorted by the clicked column, filtered by status and by text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._statuses: frozenset[Status] | None = None
        self._text = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_statuses(self, statuses: frozenset[Status] | None) -> None:
        self.beginFilterChange()
        self._statuses = statuses
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, BatchModel):
            return True
        entry = model.entry(source_row)
        if self._statuses is not None and entry.status not in self._statuses:
            return False
        if self._text:
            words = [wording.shown_name(entry.path), entry.result.body or "" if entry.result else ""]
            return any(self._text in word.casefold() for word in words)
        return True

    def entry_at(self, row: int) -> BatchEntry:
        return self.data(self.index(row, 0), ENTRY_ROLE)

    def row_of(self, entry: BatchEntry) -> int | None:
        model = self.sourceModel()
        if not isinstance(model, BatchModel):
            return None
        index = self.mapFromSource(model.index(model.row_of(entry), 0))
        return index.row() if index.isValid() else None


def _status_color(entry: BatchEntry) -> str:
    status = entry.status
    if status is Status.PROBLEMS:
        return SEVERITY_COLORS["error"] if entry.open_count("error") else SEVERITY_COLORS["warning"]
    return {
        Status.CHECKING: MUTED_COLOR,
        Status.PASSED: PASSED_COLOR,
        Status.UNREADABLE: UNREADABLE_COLOR,
        Status.SKIPPED: MUTED_COLOR,
    }[status]


def path_key(path: Path) -> str:
    try:
        path = path.resolve()
    except OSError:
        pass
    return os.path.normcase(str(path))
