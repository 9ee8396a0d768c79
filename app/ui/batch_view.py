"""The batch list widget: a table of reports, sized so the status column always shows in full."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.ui.batch_model import BatchModel


class BatchView(QTableView):
    def __init__(
        self, model: BatchModel, context_actions: list[QAction], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.addActions(context_actions)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(BatchModel.FILE, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        widths = {  # wide enough for their longest usual text; the file name takes the rest
            BatchModel.BODY: metrics.horizontalAdvance("某某县科技和工业信息化局") + 16,
            BatchModel.YEAR: metrics.horizontalAdvance("2022") + 20,
            BatchModel.LAYOUT: metrics.horizontalAdvance("2019年试行格式") + 18,
            BatchModel.STATUS: metrics.horizontalAdvance("12 个错误 3 个警告") + 44,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
