"""The findings of one report as a table model, and the proxy that filters and sorts them.

`FindingsModel` shows `Result.findings` with the reviewer's decision on each (处理: 属实 — the author
must correct it —, 忽略 with a reason, or 未处理); `FindingsFilter` hides severities, categories and
dismissed findings on request.
Both are tested without a window.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import (
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QIcon

from app.core.model import CATEGORY_LABELS, SEVERITY_LABELS, SEVERITY_ORDER, Finding, Result
from app.core.session.state import DEFAULT_REASON
from app.core.wording import place, plain_value
from app.ui.look import MUTED_COLOR, SEVERITY_COLORS, rich_tooltip, status_icon
from app.ui.table_model import HeaderedTableModel, Index

FINDING_ROLE = Qt.ItemDataRole.UserRole  # the finding's index into result.findings
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def format_value(value: int | float | str | None) -> str:
    return "" if value is None else plain_value(value)


def place_of(result: Result | None, finding: Finding) -> str:
    """Where a finding is, as the author finds it in their own file (the words the exports use)."""
    if result is None:
        return finding.location or ""
    return place(result.document, result.report, finding)


def finding_text(finding: Finding, place: str) -> str:
    """The message, with its place unless the message already says it."""
    return (
        f"{finding.message}（位置：{place}）" if place and place not in finding.message else finding.message
    )


def finding_detail(finding: Finding) -> str:
    """The line for whoever reports a false alarm: the rule's code and the relation it checks."""
    parts = [f"规则 {finding.rule}"]
    if finding.relation:
        parts.append(f"关系 {finding.relation}")
    return "　".join(parts)


CONFIRMED_TEXT, DISMISSED_TEXT, OPEN_TEXT = "属实", "忽略", "未处理"  # the 处理 column


class FindingsModel(HeaderedTableModel):
    HEADERS = ("级别", "类别", "位置", "问题", "应为", "实为", "处理")
    SEVERITY, CATEGORY, WHERE, MESSAGE, EXPECTED, FOUND, DECISION = range(7)
    HEADER_TIPS = {  # noqa: RUF012 (read only)
        6: "您对这条问题的处理：属实（退回填报单位修改，导出时作为批注）、忽略（写明理由，不再作为批注）"
        "或未处理（还没有看过）",
    }

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._result: Result | None = None
        self._findings: tuple[Finding, ...] = ()
        self._dismissed: dict[int, str] = {}
        self._confirmed: set[int] = set()
        self._icons: dict[str, QIcon] = {}

    def set_findings(
        self,
        result: Result | None,
        dismissed: dict[int, str] | None = None,
        confirmed: set[int] | None = None,
    ) -> None:
        """Show a report's findings; `dismissed` (index -> reason) and `confirmed` (indexes found 属实)
        are kept by reference and edited by `dismiss`, `confirm` and `reopen`."""
        self.beginResetModel()
        self._result = result
        self._findings = result.findings if result is not None else ()
        self._dismissed = dismissed if dismissed is not None else {}
        self._confirmed = confirmed if confirmed is not None else set()
        self.endResetModel()

    def finding(self, number: int) -> Finding:
        return self._findings[number]

    def place(self, number: int) -> str:
        return place_of(self._result, self._findings[number])

    def is_dismissed(self, number: int) -> bool:
        return number in self._dismissed

    def dismissal(self, number: int) -> str | None:
        return self._dismissed.get(number)

    def is_confirmed(self, number: int) -> bool:
        return number in self._confirmed

    def decision_text(self, number: int) -> str:
        if number in self._dismissed:
            return DISMISSED_TEXT
        return CONFIRMED_TEXT if number in self._confirmed else OPEN_TEXT

    def describe(self, number: int, codes: bool = True) -> str:
        """The finding in full, as 复制 copies it: the dismissal's reason, the message with its place,
        the rule (the detail line leaves the rule's code to its tooltip: `codes=False`)."""
        finding = self._findings[number]
        lines = [finding_text(finding, self.place(number))] + ([finding_detail(finding)] if codes else [])
        reason = self.dismissal(number)
        if reason is not None:
            lines.insert(0, f"已忽略，理由：{reason}")
        elif number in self._confirmed:
            lines.insert(0, "属实：退回填报单位修改")
        return "\n".join(lines)

    def dismiss(self, number: int, reason: str) -> None:
        self._confirmed.discard(number)
        self._dismissed[number] = reason.strip() or DEFAULT_REASON
        self.row_changed(number)

    def confirm(self, number: int) -> None:
        """属实: the author must correct it."""
        self._dismissed.pop(number, None)
        self._confirmed.add(number)
        self.row_changed(number)

    def reopen(self, number: int) -> None:
        """未处理 again (a dismissal or a confirmation undone)."""
        if self._dismissed.pop(number, None) is not None or number in self._confirmed:
            self._confirmed.discard(number)
            self.row_changed(number)

    restore = reopen

    # --- Qt model -----------------------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self._findings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        number, column = index.row(), index.column()
        finding = self._findings[number]
        reason = self._dismissed.get(number)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(finding, column, reason, number)
        if role == FINDING_ROLE:
            return number
        if role == SORT_ROLE:
            return self._sort_key(finding, number, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [finding_text(finding, self.place(number)), finding_detail(finding)]
            if reason is not None:
                lines.insert(0, f"已忽略：{reason}")
            elif number in self._confirmed:
                lines.insert(0, "属实：退回填报单位修改")
            return rich_tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.DECISION:
                return QColor(SEVERITY_COLORS["error"] if number in self._confirmed else MUTED_COLOR)
            if reason is not None:
                return QColor(MUTED_COLOR)
            if column == self.SEVERITY:
                return QColor(SEVERITY_COLORS[finding.severity])
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == self.SEVERITY:
            return self._icon("dismissed" if reason is not None else finding.severity)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.EXPECTED, self.FOUND, self.DECISION):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, finding: Finding, column: int, reason: str | None, number: int = -1) -> str:
        if column == self.DECISION:
            return self.decision_text(number)
        if column == self.SEVERITY:
            return SEVERITY_LABELS[finding.severity]
        if column == self.CATEGORY:
            return CATEGORY_LABELS.get(finding.category, finding.category)
        if column == self.WHERE:
            return place_of(self._result, finding)
        if column == self.MESSAGE:
            return f"〔已忽略：{reason}〕{finding.message}" if reason is not None else finding.message
        if column == self.EXPECTED:
            return format_value(finding.expected)
        return format_value(finding.found)

    def _sort_key(self, finding: Finding, number: int, column: int) -> int | str:
        if column == self.SEVERITY:
            return SEVERITY_ORDER[finding.severity] * 10_000 + number
        if column in (self.WHERE, self.MESSAGE):
            return number  # the reading order of the document
        return f"{self._text(finding, column, None, number)}\t{number:05d}"

    def _icon(self, key: str) -> QIcon:
        if key not in self._icons:
            color = MUTED_COLOR if key == "dismissed" else SEVERITY_COLORS[key]
            glyph = {"error": "!", "warning": "!", "info": "i", "dismissed": "✓"}[key]
            self._icons[key] = status_icon(color, glyph)
        return self._icons[key]


class FindingsFilter(QSortFilterProxyModel):
    """Shows the findings whose severity and category are selected; dismissed ones on request."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._severities: frozenset[str] = frozenset(SEVERITY_LABELS)
        self._category: str | None = None
        self._show_dismissed = True
        self.setSortRole(SORT_ROLE)

    def set_severities(self, severities: Collection[str]) -> None:
        self.beginFilterChange()
        self._severities = frozenset(severities)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_category(self, category: str | None) -> None:
        self.beginFilterChange()
        self._category = category
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_show_dismissed(self, show: bool) -> None:
        self.beginFilterChange()
        self._show_dismissed = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def reset_filters(self) -> None:
        self.beginFilterChange()
        self._severities = frozenset(SEVERITY_LABELS)
        self._category = None
        self._show_dismissed = True
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, FindingsModel):
            return True
        finding = model.finding(source_row)
        if finding.severity not in self._severities:
            return False
        if self._category is not None and finding.category != self._category:
            return False
        return self._show_dismissed or not model.is_dismissed(source_row)

    def proxy_row_of(self, number: int) -> int | None:
        """The visible row of a finding, or None when filtered out."""
        source = self.sourceModel()
        if source is None:
            return None
        index = self.mapFromSource(source.index(number, 0))
        return index.row() if index.isValid() else None
