"""Taking files and folders dropped from the file manager (the shape of Qt's "dropsite" example).

`DropArea` is a frame that accepts drags carrying local files or folders, lights up while one hovers
over it and emits `paths_dropped` with the local paths. The window puts everything inside one, so a
drop works anywhere. (A program run as administrator on Windows receives no drops from Explorer; the
添加文件 / 添加文件夹 buttons are the way in then.)
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QWidget


def local_paths(mime: QMimeData | None) -> list[str]:
    """The local files and folders a drag carries (web links and the like are left out)."""
    if mime is None or not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class DropArea(QFrame):
    paths_dropped = Signal(list)  # list[str]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DropArea")
        self.setAcceptDrops(True)
        self._set_hover(False)

    def _set_hover(self, hover: bool) -> None:
        self.setProperty("dragging", hover)
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            self._set_hover(True)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_hover(False)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_hover(False)
        paths = local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.paths_dropped.emit(paths)
