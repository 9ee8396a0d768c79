"""The findings of the selected report: filters, the table, the full text and dismiss/restore."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.model import CATEGORY_LABELS, SEVERITY_LABELS, Result
from app.ui.findings_model import FINDING_ROLE, FindingsFilter, FindingsModel


class FindingsPanel(QWidget):
    finding_selected = Signal(object)  # int | None: index into result.findings
    dismiss_requested = Signal(int)
    restore_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.heading = QLabel()
        self.heading.setObjectName("PanelHeading")
        self.heading.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("PanelSummary")

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(FindingsModel.SEVERITY, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FindingsModel.MESSAGE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 76), (1, 86), (2, 150), (4, 56), (5, 56)):
            header.resizeSection(column, width)
        header.setHighlightSections(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.empty = QLabel()
        self.empty.setObjectName("EmptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)

        self.detail = QLabel()
        self.detail.setObjectName("FindingDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(48)
        self.dismiss_button = QPushButton("忽略…")
        self.dismiss_button.setToolTip(
            "核实后认为这条不是问题：写下理由，导出时不再作为批注（汇总表中列为已忽略）"
        )
        self.dismiss_button.clicked.connect(self._request_dismiss)
        self.restore_button = QPushButton("恢复")
        self.restore_button.setToolTip("撤销忽略，这条问题重新计入结果和导出")
        self.restore_button.clicked.connect(self._request_restore)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        self.filters = QWidget()
        self.filters.setLayout(self._filter_row())
        layout.addWidget(self.filters)
        layout.addWidget(self.stack, 1)
        self.detail_row = QWidget()
        detail_row = QHBoxLayout(self.detail_row)
        detail_row.setContentsMargins(0, 0, 0, 0)
        detail_row.addWidget(self.detail, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch()
        detail_row.addLayout(buttons)
        layout.addWidget(self.detail_row)
        self.show_result(None)

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("显示："))
        self.severity_buttons: dict[str, QToolButton] = {}
        for severity, label in SEVERITY_LABELS.items():
            button = QToolButton()
            button.setText(label)
            button.setCheckable(True)
            button.setChecked(True)
            button.setToolTip(f"显示或隐藏“{label}”级别的问题")
            button.toggled.connect(self._apply_severities)
            self.severity_buttons[severity] = button
            row.addWidget(button)
        row.addSpacing(12)
        row.addWidget(QLabel("类别："))
        self.category_combo = QComboBox()
        self.category_combo.addItem("全部类别", None)
        for key, label in CATEGORY_LABELS.items():
            self.category_combo.addItem(label, key)
        self.category_combo.currentIndexChanged.connect(
            lambda _index: self.proxy.set_category(self.category_combo.currentData())
        )
        row.addWidget(self.category_combo)
        row.addSpacing(12)
        self.show_dismissed = QCheckBox("显示已忽略")
        self.show_dismissed.setChecked(True)
        self.show_dismissed.toggled.connect(self.proxy.set_show_dismissed)
        row.addWidget(self.show_dismissed)
        row.addStretch()
        return row

    def _apply_severities(self) -> None:
        self.proxy.set_severities(
            [key for key, button in self.severity_buttons.items() if button.isChecked()]
        )

    # --- what is shown ------------------------------------------------------------------------------
    def show_result(
        self,
        result: Result | None,
        dismissed: dict[int, str] | None = None,
        heading: str = "",
        hint: str = "",
    ) -> None:
        """Show a report's findings; without a checked report show `hint` in place of the table."""
        self.model.set_findings(result if result is not None and not result.error else None, dismissed)
        self.heading.setText(heading or "问题列表")
        self.summary.setText(self._summary(result, dismissed or {}))
        has_findings = result is not None and not result.error and bool(result.findings)
        self.filters.setVisible(has_findings)
        self.detail_row.setVisible(has_findings)
        self.summary.setVisible(bool(self.summary.text()))
        if has_findings:
            self.stack.setCurrentWidget(self.table)
        else:
            if result is not None and not result.error:
                hint = "✓ 没有发现问题。\n章节、表格格式、勾稽关系和数值都已检查通过。"
            self.empty.setText(hint or "在左侧选择一份报告，这里会列出发现的问题。")
            self.stack.setCurrentWidget(self.empty)
        self._show_detail(None)

    @staticmethod
    def _summary(result: Result | None, dismissed: dict[int, str]) -> str:
        if result is None or result.error:
            return ""
        counts = [
            f"{count} 个{label}"
            for severity, label in SEVERITY_LABELS.items()
            if (
                count := sum(
                    1 for n, f in enumerate(result.findings) if f.severity == severity and n not in dismissed
                )
            )
        ]
        text = "发现 " + "，".join(counts) if counts else "没有待处理的问题"
        if dismissed:
            text += f"；已忽略 {len(dismissed)} 条"
        return text

    def refresh_summary(self, result: Result | None, dismissed: dict[int, str]) -> None:
        self.summary.setText(self._summary(result, dismissed))
        self._show_detail(self.current_finding())

    def current_finding(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.proxy.data(index, FINDING_ROLE)

    def select_finding(self, number: int) -> None:
        """Select a finding (clicked in the preview), showing it even if the filters hid it."""
        row = self.proxy.proxy_row_of(number)
        if row is None:
            for button in self.severity_buttons.values():
                button.blockSignals(True)
                button.setChecked(True)
                button.blockSignals(False)
            self.category_combo.blockSignals(True)
            self.category_combo.setCurrentIndex(0)
            self.category_combo.blockSignals(False)
            self.show_dismissed.setChecked(True)
            self.proxy.reset_filters()
            row = self.proxy.proxy_row_of(number)
        if row is None:
            return
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        number = self.proxy.data(current, FINDING_ROLE) if current.isValid() else None
        self._show_detail(number)
        self.finding_selected.emit(number)

    def _show_detail(self, number: int | None) -> None:
        if number is None or self.model.rowCount() == 0:
            self.detail.setText("选中一条问题，可在下方预览中看到它在报告里的位置。")
            self.dismiss_button.setEnabled(False)
            self.restore_button.setEnabled(False)
            return
        finding = self.model.finding(number)
        reason = self.model.dismissal(number)
        where = f"（{finding.location}）" if finding.location else ""
        text = f"{finding.message}{where}"
        if reason is not None:
            text = f"已忽略，理由：{reason}\n{text}"
        self.detail.setText(text)
        self.dismiss_button.setEnabled(reason is None)
        self.restore_button.setEnabled(reason is not None)

    def _request_dismiss(self) -> None:
        number = self.current_finding()
        if number is not None:
            self.dismiss_requested.emit(number)

    def _request_restore(self) -> None:
        number = self.current_finding()
        if number is not None:
            self.restore_requested.emit(number)
