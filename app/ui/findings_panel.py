"""The findings of the selected report: filters, the table, the detail line, the reviewer's decision on
each finding (属实 / 忽略… / 未处理) and the right-click menu (复制, 定位 and the same decisions)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.model import CATEGORY_LABELS, SEVERITY_LABELS, Result
from app.ui.findings_model import FINDING_ROLE, FindingsFilter, FindingsModel, finding_detail
from app.ui.look import ElidedLabel

SELECT_HINT = "选中一条问题，可在下方预览中看到它在报告里的位置；核实后请标为“属实”或“忽略”。"


class FindingsPanel(QWidget):
    finding_selected = Signal(object)  # int | None: index into result.findings
    locate_requested = Signal(int)  # 定位: show the finding's place in the preview again
    dismiss_requested = Signal(int)
    confirm_requested = Signal(int)  # 属实: the author must correct it
    restore_requested = Signal(int)  # 未处理 again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.heading = ElidedLabel()
        self.heading.setObjectName("PanelHeading")
        self.summary = QLabel()
        self.summary.setObjectName("PanelSummary")

        self.table = self._build_table()
        self.empty = QLabel()
        self.empty.setObjectName("EmptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.filtered_out = self._build_filtered_out()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.filtered_out)

        self.detail = QLabel()
        self.detail.setObjectName("FindingDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.confirm_button = QPushButton("属实")
        self.confirm_button.setToolTip(
            "核实后确认是问题，需退回填报单位修改：导出时作为批注，汇总表中列为“属实（退回修改）”"
        )
        self.confirm_button.clicked.connect(self._request_confirm)
        self.dismiss_button = QPushButton("忽略…")
        self.dismiss_button.setToolTip(
            "核实后认为这条不是问题：写下理由，导出时不再作为批注（汇总表中列为“忽略”和理由）"
        )
        self.dismiss_button.clicked.connect(self._request_dismiss)
        self.restore_button = QPushButton("未处理")
        self.restore_button.setToolTip("撤销“属实”或“忽略”，这条问题回到未处理")
        self.restore_button.clicked.connect(self._request_restore)
        self.copy_action = QAction("复制", self)
        self.copy_action.setToolTip("把这条问题（含位置和规则编号）复制到剪贴板")
        self.copy_action.triggered.connect(self.copy_current)
        self.copy_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.copy_action)  # Ctrl+C in the table copies the finding
        self.confirm_action = QAction("属实（退回修改）", self)
        self.confirm_action.triggered.connect(self._request_confirm)
        self.dismiss_action = QAction("忽略…", self)
        self.dismiss_action.triggered.connect(self._request_dismiss)
        self.restore_action = QAction("改回未处理", self)
        self.restore_action.triggered.connect(self._request_restore)
        self.locate_action = QAction("定位", self)
        self.locate_action.setToolTip("在预览中显示这条问题所在的位置")
        self.locate_action.triggered.connect(self._request_locate)

        header_row = QHBoxLayout()
        header_row.setContentsMargins(0, 0, 0, 0)
        header_row.addWidget(self.heading, 1)
        header_row.addWidget(self.summary)
        self.filters = QWidget()
        self.filters.setLayout(self._filter_row())
        self.detail_row = QWidget()
        detail_row = QHBoxLayout(self.detail_row)
        detail_row.setContentsMargins(0, 0, 0, 0)
        detail_row.addWidget(self.detail, 1)
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch()
        detail_row.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(5)
        layout.addLayout(header_row)
        layout.addWidget(self.filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.detail_row)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset):
            signal.connect(lambda *_: self._show_table_or_note())
        self.show_result(None)

    def height_for_rows(self, rows: int) -> int:
        """The panel's height when its table shows `rows` rows (with the filters and the detail)."""
        layout = self.layout()
        margins = layout.contentsMargins()
        parts = (self.heading, self.filters, self.detail_row)
        table = self.table
        return (
            margins.top()
            + margins.bottom()
            + layout.spacing() * len(parts)
            + max(self.heading.sizeHint().height(), self.summary.sizeHint().height())
            + self.filters.sizeHint().height()
            + self.detail_row.sizeHint().height()
            + table.horizontalHeader().sizeHint().height()
            + table.verticalHeader().defaultSectionSize() * rows
            + 2 * table.frameWidth()
            + 4
        )

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSortingEnabled(True)
        table.sortByColumn(FindingsModel.SEVERITY, Qt.SortOrder.AscendingOrder)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._show_context_menu)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FindingsModel.MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        metrics = table.fontMetrics()
        widths = {
            FindingsModel.SEVERITY: metrics.horizontalAdvance("错误") + 44,
            FindingsModel.CATEGORY: metrics.horizontalAdvance("勾稽关系") + 16,
            FindingsModel.WHERE: metrics.horizontalAdvance("表三“（二）…”行") + 16,
            FindingsModel.EXPECTED: metrics.horizontalAdvance("应为") + 22,
            FindingsModel.FOUND: metrics.horizontalAdvance("实为") + 22,
            FindingsModel.DECISION: metrics.horizontalAdvance("未处理") + 16,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setHighlightSections(False)
        table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        return table

    def _build_filtered_out(self) -> QWidget:
        page = QWidget()
        page.setObjectName("EmptyHint")
        note = QLabel("当前的筛选条件下没有要显示的问题。")
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.show_all_button = QPushButton("显示全部问题")
        self.show_all_button.clicked.connect(self.clear_filters)
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(note)
        layout.addWidget(self.show_all_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
        return page

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
        row.addSpacing(8)
        self.category_combo = QComboBox()
        self.category_combo.addItem("全部类别", None)
        for key, label in CATEGORY_LABELS.items():
            self.category_combo.addItem(label, key)
        self.category_combo.setToolTip("只显示一类问题")
        self.category_combo.currentIndexChanged.connect(
            lambda _index: self.proxy.set_category(self.category_combo.currentData())
        )
        row.addWidget(self.category_combo)
        row.addSpacing(8)
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

    def clear_filters(self) -> None:
        for button in self.severity_buttons.values():
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)
        self.category_combo.blockSignals(True)
        self.category_combo.setCurrentIndex(0)
        self.category_combo.blockSignals(False)
        self.show_dismissed.blockSignals(True)
        self.show_dismissed.setChecked(True)
        self.show_dismissed.blockSignals(False)
        self.proxy.reset_filters()

    # --- what is shown ------------------------------------------------------------------------------
    def show_result(
        self,
        result: Result | None,
        dismissed: dict[int, str] | None = None,
        heading: str = "",
        hint: str = "",
        confirmed: set[int] | None = None,
    ) -> None:
        """Show a report's findings; without a checked report show `hint` in place of the table."""
        self.model.set_findings(
            result if result is not None and not result.error else None, dismissed, confirmed
        )
        self.heading.setText(heading or "问题列表")
        self.summary.setText(self._summary(result, dismissed or {}, confirmed or set()))
        has_findings = result is not None and not result.error and bool(result.findings)
        self.filters.setVisible(has_findings)
        self.detail_row.setVisible(has_findings)
        self.summary.setVisible(bool(self.summary.text()))
        if not has_findings:
            if result is not None and not result.error:
                hint = "✓ 没有发现问题。\n章节、表格格式、勾稽关系和数值都已检查通过。"
            self.empty.setText(hint or "在左侧选择一份报告，这里会列出发现的问题。")
        self._show_table_or_note()
        self._show_detail(None)

    def _show_table_or_note(self) -> None:
        if self.model.rowCount() == 0:
            self.stack.setCurrentWidget(self.empty)
        elif self.proxy.rowCount() == 0:
            self.stack.setCurrentWidget(self.filtered_out)
        else:
            self.stack.setCurrentWidget(self.table)

    @staticmethod
    def _summary(result: Result | None, dismissed: dict[int, str], confirmed: set[int]) -> str:
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
        if dismissed or confirmed:
            undecided = len(result.findings) - len(dismissed) - len(confirmed - set(dismissed))
            done = [f"属实 {len(confirmed)} 条"] if confirmed else []
            done += [f"已忽略 {len(dismissed)} 条"] if dismissed else []
            text += f"；{'，'.join(done)}，未处理 {undecided} 条"
        return text

    def refresh_summary(self, result: Result | None, dismissed: dict[int, str], confirmed: set[int]) -> None:
        self.summary.setText(self._summary(result, dismissed, confirmed))
        self._show_table_or_note()
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
            self.clear_filters()
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
            self.detail.setText(SELECT_HINT)
            self.detail.setToolTip("")
            for button in (self.confirm_button, self.dismiss_button, self.restore_button):
                button.setEnabled(False)
            return
        reason = self.model.dismissal(number)
        # The rule's code is for whoever reports a false alarm: in the tooltip and in 复制, not in sight.
        self.detail.setText(self.model.describe(number, codes=False))
        self.detail.setToolTip(finding_detail(self.model.finding(number)))
        confirmed = self.model.is_confirmed(number)
        self.confirm_button.setEnabled(not confirmed)
        self.dismiss_button.setEnabled(reason is None)
        self.restore_button.setEnabled(reason is not None or confirmed)

    # --- the right-click menu -----------------------------------------------------------------------
    def context_menu(self) -> QMenu:
        """The menu for the current finding (built fresh: its entries depend on the finding)."""
        number = self.current_finding()
        dismissed = number is not None and self.model.is_dismissed(number)
        confirmed = number is not None and self.model.is_confirmed(number)
        self.copy_action.setEnabled(number is not None)
        self.confirm_action.setEnabled(number is not None and not confirmed)
        self.dismiss_action.setEnabled(number is not None and not dismissed)
        self.restore_action.setEnabled(number is not None and (dismissed or confirmed))
        self.locate_action.setEnabled(number is not None and bool(self.model.finding(number).anchors))
        menu = QMenu(self)
        menu.addActions([self.copy_action, self.locate_action])
        menu.addSeparator()
        menu.addActions([self.confirm_action, self.dismiss_action, self.restore_action])
        return menu

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        menu = self.context_menu()
        menu.exec(self.table.viewport().mapToGlobal(position))
        menu.deleteLater()

    def copy_current(self) -> None:
        number = self.current_finding()
        if number is None:
            return
        QGuiApplication.clipboard().setText(self.model.describe(number))

    def _request_locate(self) -> None:
        number = self.current_finding()
        if number is not None:
            self.locate_requested.emit(number)

    def _request_confirm(self) -> None:
        number = self.current_finding()
        if number is not None:
            self.confirm_requested.emit(number)

    def _request_dismiss(self) -> None:
        number = self.current_finding()
        if number is not None:
            self.dismiss_requested.emit(number)

    def _request_restore(self) -> None:
        number = self.current_finding()
        if number is not None:
            self.restore_requested.emit(number)
