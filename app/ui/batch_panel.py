"""The batch list pane: the list of reports, its status filter and search box, and the note shown when
the filter hides every report. It knows the selection; the window decides what a selection shows."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.core.session import Entry
from app.ui.batch_model import STATUS_FILTERS, BatchFilter, BatchModel
from app.ui.batch_view import BatchView


def titled_pane(title: str, content: QWidget, tools: list[QWidget] | tuple[QWidget, ...] = ()) -> QWidget:
    """A titled pane around a widget, with optional tools on the title's line."""
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(8, 6, 8, 6)
    layout.setSpacing(4)
    heading = QLabel(title)
    heading.setObjectName("PaneTitle")
    top = QHBoxLayout()
    top.addWidget(heading)
    top.addStretch()
    for tool in tools:
        top.addWidget(tool)
    layout.addLayout(top)
    layout.addWidget(content, 1)
    return pane


class BatchPanel(QWidget):
    selection_changed = Signal()
    filter_changed = Signal()

    def __init__(
        self, model: BatchModel, context_actions: list[QAction], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = BatchFilter(self)
        self.proxy.setSourceModel(model)
        self.view = BatchView(self.proxy, context_actions)
        self.status_filter = QComboBox()
        for label, statuses in STATUS_FILTERS.items():
            self.status_filter.addItem(label, statuses)
        self.status_filter.setToolTip("只显示某一状态的报告")
        self.search = QLineEdit()
        self.search.setPlaceholderText("筛选文件名或单位")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(180)
        self.note = QLabel("当前的筛选条件下没有报告。")
        self.note.setObjectName("PaneHint")
        self.note.hide()
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.view, 1)
        inner.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(titled_pane("报告列表", box, [self.status_filter, self.search]))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.status_filter.currentIndexChanged.connect(
            lambda _index: self._filter(self.status_filter.currentData(), None)
        )
        self.search.textChanged.connect(lambda text: self._filter(None, text))

    def _filter(self, statuses: object, text: str | None) -> None:
        if text is None:
            self.proxy.set_statuses(statuses)  # type: ignore[arg-type]
        else:
            self.proxy.set_text(text)
        self.update_note()
        self.filter_changed.emit()

    def update_note(self) -> None:
        self.note.setVisible(self.model.rowCount() > 0 and self.proxy.rowCount() == 0)

    def selected_entries(self) -> list[Entry]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.proxy.entry_at(row) for row in rows]

    def has_selection(self) -> bool:
        return bool(self.view.selectionModel().hasSelection())

    def current_entry(self) -> Entry | None:
        selected = self.selected_entries()
        return selected[0] if len(selected) == 1 else None

    def select_entry(self, entry: Entry) -> None:
        row = self.proxy.row_of(entry)
        if row is None:  # hidden by the list's filter: show everything again
            self.status_filter.setCurrentIndex(0)
            self.search.clear()
            row = self.proxy.row_of(entry)
        if row is None:
            return
        index = self.proxy.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.scrollTo(index)
