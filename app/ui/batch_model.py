"""The batch list's Qt model: a thin adapter over the Qt-free `ReviewSession`.

The session (app/core/session) holds the entries, their results and decisions; `BatchModel` shows them
as rows and turns each change into the smallest Qt signal that says it (rows inserted, removed, a
contiguous range changed), so an update costs what changed, not the batch. `BatchFilter` sorts and
filters the list by status and text; both are tested without a window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QIcon

from app.core import wording
from app.core.batch.bodies import body_key
from app.core.session import Entry, ReviewSession, Status
from app.ui.look import (
    MUTED_COLOR,
    PASSED_COLOR,
    SEVERITY_COLORS,
    UNREADABLE_COLOR,
    rich_tooltip,
    status_icon,
)
from app.ui.table_model import HeaderedTableModel, Index

ENTRY_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Rows as contiguous (first, last) ranges, ascending."""
    ranges: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if ranges and ranges[-1][1] == row - 1:
            ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    return ranges


class BatchModel(HeaderedTableModel):
    """The batch list: 文件, 单位, 年度, 格式, 状态."""

    HEADERS = ("文件", "单位", "年度", "格式", "状态")
    FILE, BODY, YEAR, LAYOUT, STATUS = range(5)
    HEADER_TIPS = {  # noqa: RUF012 (read only)
        FILE: "文件名；压缩包里的报告写作“压缩包名/成员名”",
        BODY: "报告标题中的单位名称",
        LAYOUT: "统计表所用的官方格式。" + wording.layout_explained(None),
    }

    def __init__(self, parent: QObject | None = None, session: ReviewSession | None = None) -> None:
        super().__init__(parent)
        self.session = session if session is not None else ReviewSession()
        self._icons: dict[tuple[str, str], QIcon] = {}

    # --- the batch ----------------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        return self.session.entries()

    def entry(self, row: int) -> Entry:
        return self.session.entry(row)

    def row_of(self, entry: Entry) -> int:
        return entry.row

    def contains_path(self, path: Path) -> bool:
        return self.session.contains_path(path)

    def add(self, entries: Sequence[Entry]) -> None:
        if not entries:
            return
        first = len(self.session)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self.session.add(entries)
        self.endInsertRows()

    def predecessor(self, entry: Entry) -> Entry | None:
        return self.session.predecessor(entry)

    def move_after(self, entry: Entry, anchor: Entry) -> None:
        """Put `entry` right below `anchor` (a new version beside the one it replaces)."""
        # Qt refuses a move that changes nothing (already below it): then there is nothing to do.
        if not self.beginMoveRows(QModelIndex(), entry.row, entry.row, QModelIndex(), anchor.row + 1):
            return
        self.session.move_after(entry, anchor)
        self.endMoveRows()

    def remove(self, entries: Iterable[Entry]) -> None:
        entries = [entry for entry in entries if self.session.contains(entry)]
        for first, last in reversed(runs(entry.row for entry in entries)):
            self.beginRemoveRows(QModelIndex(), first, last)
            self.session.remove([self.session.entry(row) for row in range(first, last + 1)])
            self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.session.clear()
        self.endResetModel()

    def changed(self, entries: Iterable[Entry]) -> None:
        """Tell the views that these entries' results, statuses or decisions changed."""
        last_column = self.columnCount() - 1
        for first, last in runs(entry.row for entry in entries if self.session.contains(entry)):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))

    def cross_check(self) -> list[Entry]:
        """The batch pass across reports (see `ReviewSession.cross_check`); the entries it changed."""
        changed = self.session.cross_check()
        self.changed(changed)
        return changed

    def chain_broken(self, entry: Entry) -> bool:
        return self.session.chain_broken(entry)

    def counts(self) -> dict[Status, int]:
        return self.session.counts()

    # --- Qt model -----------------------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self.session)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self.session.entry(index.row())
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

    def _text(self, entry: Entry, column: int) -> str:
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

    def _sort_key(self, entry: Entry, column: int) -> str:
        return sort_key(entry, column)

    def _tooltip(self, entry: Entry) -> str:
        lines = [str(entry.path)]
        if entry.result is not None and entry.result.title:
            lines.append(entry.result.title)
        if entry.reason:
            lines.append(f"{entry.status_text}：{entry.reason}")
        elif entry.result is not None and not entry.result.error:
            lines.append(wording.layout_explained(entry.result.layout))
        lines.extend(self.session.chain_marks(entry))
        lines.extend(entry.round_lines)
        return rich_tooltip("\n".join(line for line in lines if line))

    def _icon(self, entry: Entry) -> QIcon:
        key = (_status_color(entry), STATUS_GLYPHS[entry.status])
        if key not in self._icons:
            self._icons[key] = status_icon(*key)
        return self._icons[key]


def sort_key(entry: Entry, column: int) -> str:
    """What the list sorts a column by."""
    if column == BatchModel.BODY and entry.result is not None:  # one body's reports together, by year
        return f"{body_key(entry.result.body) or ''}\t{entry.result.year or 0:04d}"
    if column == BatchModel.STATUS:  # worst first: errors by their count, then warnings, then the rest
        rank = STATUS_RANK[entry.status]
        return f"{rank}{9999 - entry.open_count('error'):04d}{9999 - entry.open_count('warning'):04d}"
    result = entry.result
    if column == BatchModel.FILE:
        return entry.path.name.casefold()
    if result is None or result.error:
        return ""
    if column == BatchModel.YEAR:
        return str(result.year) if result.year else "？"
    if column == BatchModel.LAYOUT:
        return wording.layout_name(result.layout).casefold()
    return ""


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

    def entry_at(self, row: int) -> Entry:
        return self.data(self.index(row, 0), ENTRY_ROLE)

    def row_of(self, entry: Entry) -> int | None:
        model = self.sourceModel()
        if not isinstance(model, BatchModel) or not model.session.contains(entry):
            return None
        index = self.mapFromSource(model.index(entry.row, 0))
        return index.row() if index.isValid() else None


def _status_color(entry: Entry) -> str:
    status = entry.status
    if status is Status.PROBLEMS:
        return SEVERITY_COLORS["error"] if entry.open_count("error") else SEVERITY_COLORS["warning"]
    return {
        Status.CHECKING: MUTED_COLOR,
        Status.PASSED: PASSED_COLOR,
        Status.UNREADABLE: UNREADABLE_COLOR,
        Status.SKIPPED: MUTED_COLOR,
    }[status]
