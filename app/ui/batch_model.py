"""The batch: one entry per report, and the table model the batch list shows.

`BatchEntry` is plain data (the file, its `Result` once checked, the findings the reviewer dismissed);
`BatchModel` adapts a list of them to Qt and is tested without a window.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QIcon

from app.core.model import Finding, Result
from app.ui.look import MUTED_COLOR, PASSED_COLOR, SEVERITY_COLORS, UNREADABLE_COLOR, status_icon
from app.ui.table_model import HeaderedTableModel, Index

LAYOUT_NAMES = {"F2021": "2021年格式", "F2019": "2019年试行格式"}
ENTRY_ROLE = Qt.ItemDataRole.UserRole


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
        if self.result is None:
            return 0
        return sum(
            1
            for number, finding in enumerate(self.result.findings)
            if finding.severity == severity and number not in self.dismissed
        )

    @property
    def status_text(self) -> str:
        status = self.status
        if status is Status.CHECKING:
            return "检查中"
        if status is Status.SKIPPED:
            return "已跳过"
        if status is Status.UNREADABLE:
            return "无法读取"
        if status is Status.PASSED:
            return f"通过（已核实 {len(self.dismissed)} 项）" if self.dismissed else "通过"
        parts = [
            f"{count} 个{label}"
            for count, label in ((self.open_count("error"), "错误"), (self.open_count("warning"), "警告"))
            if count
        ]
        return " ".join(parts)

    @property
    def reason(self) -> str | None:
        """Why the file was skipped or could not be read."""
        return self.result.error if self.result is not None else None


def carry_dismissed(
    old: Iterable[Finding], new: Iterable[Finding], dismissed: Mapping[int, str]
) -> dict[int, str]:
    """Dismissals after a re-check: a finding keeps its reason when the same rule says the same thing."""
    reasons = {(f.rule, f.message): dismissed[n] for n, f in enumerate(old) if n in dismissed}
    return {n: reasons[(f.rule, f.message)] for n, f in enumerate(new) if (f.rule, f.message) in reasons}


class BatchModel(HeaderedTableModel):
    """The batch list: 文件, 单位, 年度, 格式, 状态."""

    HEADERS = ("文件", "单位", "年度", "格式", "状态")
    FILE, BODY, YEAR, LAYOUT, STATUS = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[BatchEntry] = []
        self._icons: dict[tuple[str, str], QIcon] = {}

    # --- the batch ----------------------------------------------------------------------------------
    def entries(self) -> list[BatchEntry]:
        return list(self._entries)

    def entry(self, row: int) -> BatchEntry:
        return self._entries[row]

    def row_of(self, entry: BatchEntry) -> int:
        return next(row for row, candidate in enumerate(self._entries) if candidate is entry)

    def contains_path(self, path: Path) -> bool:
        key = _path_key(path)
        return any(_path_key(entry.path) == key for entry in self._entries)

    def add(self, entries: list[BatchEntry]) -> None:
        if not entries:
            return
        first = len(self._entries)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self._entries.extend(entries)
        self.endInsertRows()

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
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry)
        if column == self.STATUS and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(_status_color(entry))
        if column == self.STATUS and role == Qt.ItemDataRole.DecorationRole:
            return self._icon(entry)
        if column == self.YEAR and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, entry: BatchEntry, column: int) -> str:
        result = entry.result
        if column == self.FILE:
            return entry.path.name
        if column == self.STATUS:
            return entry.status_text
        if result is None or result.error:
            return ""
        if column == self.BODY:
            return result.body or "（未识别）"
        if column == self.YEAR:
            return str(result.year) if result.year else "？"
        if column == self.LAYOUT:
            return LAYOUT_NAMES.get(result.layout or "", "未识别")
        return ""

    def _tooltip(self, entry: BatchEntry) -> str:
        lines = [str(entry.path)]
        if entry.result is not None and entry.result.title:
            lines.append(entry.result.title)
        if entry.reason:
            lines.append(f"{entry.status_text}：{entry.reason}")
        return "\n".join(lines)

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


def _path_key(path: Path) -> str:
    try:
        path = path.resolve()
    except OSError:
        pass
    return os.path.normcase(str(path))
