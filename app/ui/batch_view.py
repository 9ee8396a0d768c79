"""The batch list widget: a sortable table of reports whose file names get the room they need.

The columns are laid out to the list's width until the reviewer drags one: the status and the year
always show in full, 单位 and 格式 take what their text needs up to a share of the width (单位 is never
hidden: it says whose report a 「2023年报.pdf」 is), and the file name gets the rest, elided at the end.
A header's tooltip says what its column holds (格式's says what 「未识别」 means).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt, QTimer
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.ui.batch_model import BatchFilter, BatchModel


class BatchView(QTableView):
    def __init__(
        self, model: QAbstractItemModel, context_actions: list[QAction], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the order the files were added, until a click
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.addActions(context_actions)
        self.setToolTip("双击打开原文件；右键单击可重新检查、移除或只导出所选报告")
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(36)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._on_section_resized)
        metrics = self.fontMetrics()
        self._needs = {  # the width each column's usual text needs
            BatchModel.BODY: metrics.horizontalAdvance("某某县科技和工业信息化局") + 16,
            BatchModel.YEAR: metrics.horizontalAdvance("2022") + 20,
            BatchModel.LAYOUT: metrics.horizontalAdvance("2019年试行格式") + 18,
        }
        self._auto = True  # the columns follow the width until the reviewer drags one
        self._laying_out = False
        # Statuses change many times a second in a large batch: the columns follow a moment later.
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(200)
        self._relayout_timer.timeout.connect(self._relayout)
        for signal in (model.rowsInserted, model.modelReset, model.dataChanged):
            signal.connect(lambda *_: self._relayout_timer.start())

    def _on_section_resized(self, _index: int, _old: int, _new: int) -> None:
        if not self._laying_out:
            self._auto = False

    def lay_out_columns(self) -> None:
        width = self.viewport().width()
        if width <= 0:
            return
        needs = dict(self._needs)
        needs[BatchModel.STATUS] = self._status_width()
        fixed = needs[BatchModel.YEAR] + needs[BatchModel.STATUS]
        # 单位 says whose report it is (January's files are named 「2023年报.pdf」「附件1.docx」): it keeps
        # its room at any width and the file name, elided, gives way first.
        rest = max(0, width - fixed)
        body = min(needs[BatchModel.BODY], self._column_width(BatchModel.BODY), rest * 45 // 100)
        layout = min(needs[BatchModel.LAYOUT], rest * 22 // 100)
        # A very narrow list: the file name keeps 60 px, 格式 and then 单位 give way (not below Qt's least).
        least = self.horizontalHeader().minimumSectionSize()
        layout = max(least, layout - max(0, 60 - (rest - body - layout)))
        body = max(least, body - max(0, 60 - (rest - body - layout)))
        widths = {
            BatchModel.FILE: max(least, rest - body - layout),
            BatchModel.BODY: body,
            BatchModel.YEAR: needs[BatchModel.YEAR],
            BatchModel.LAYOUT: layout,
            BatchModel.STATUS: needs[BatchModel.STATUS],
        }
        self._laying_out = True
        try:
            for column, size in widths.items():
                self.horizontalHeader().resizeSection(column, size)
        finally:
            self._laying_out = False

    def _batch(self) -> BatchModel | None:
        model = self.model()
        source = model.sourceModel() if isinstance(model, BatchFilter) else model
        return source if isinstance(source, BatchModel) else None

    def _column_width(self, column: int, rows: int = 500) -> int:
        """The width the column's longest text needs, over the first `rows` rows (a long list's
        names are alike: measuring all 10,000 on every change would freeze the window)."""
        batch = self._batch()
        if batch is None:
            return 0
        metrics = self.fontMetrics()
        faces = (batch.face(batch.entry(row)) for row in range(min(rows, batch.rowCount())))
        return max((metrics.horizontalAdvance(face.texts[column]) for face in faces), default=0) + 16

    def _status_width(self) -> int:
        """Wide enough for the longest status in the list (「12 个错误 3 个警告」 is rare): the few
        different statuses shown are measured, not every row."""
        batch = self._batch()
        texts = ["无法读取", *(batch.status_texts() if batch is not None else ())]
        metrics = self.fontMetrics()
        return max(metrics.horizontalAdvance(text) for text in texts) + 44

    def _relayout(self) -> None:
        if self._auto:
            self.lay_out_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._auto:
            self.lay_out_columns()
