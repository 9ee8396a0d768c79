"""The empty window: a large drop zone with 添加文件 / 添加文件夹 / 打开示例."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.resources import resource_path
from app.ui.help import READABLE_FILES


def running_elevated() -> bool:
    """True on Windows when run as administrator: Explorer then cannot drop files on the window."""
    if sys.platform != "win32":
        return False
    try:
        import ctypes

        return bool(ctypes.windll.shell32.IsUserAnAdmin())  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return False


def _button(action: QAction, text: str, primary: bool = False) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(action.toolTip())
    button.setMinimumHeight(38)
    button.setMinimumWidth(140)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    if primary:
        button.setDefault(True)
        button.setObjectName("PrimaryButton")
    button.clicked.connect(action.trigger)
    return button


class WelcomePage(QWidget):
    def __init__(
        self, add_files: QAction, add_folder: QAction, open_sample: QAction, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        zone = QFrame(self)
        zone.setObjectName("DropZone")
        zone.setMinimumSize(560, 360)
        zone.setMaximumWidth(760)

        icon = QLabel()
        pixmap = QPixmap(str(resource_path("icon", "icon.png")))
        if not pixmap.isNull():
            icon.setPixmap(
                pixmap.scaled(
                    72, 72, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)

        title = QLabel("把年度报告拖到这里")
        title.setObjectName("WelcomeTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        formats = QLabel(f"支持 {READABLE_FILES}，可以一次拖入多个文件或整个文件夹。")
        formats.setObjectName("WelcomeText")
        formats.setWordWrap(True)
        formats.setAlignment(Qt.AlignmentFlag.AlignCenter)

        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(_button(add_files, "添加文件…", primary=True))
        buttons.addWidget(_button(add_folder, "添加文件夹…"))
        buttons.addStretch()

        sample = QLabel('第一次使用？<a href="sample">打开示例年报</a>，看看检查器能发现哪些问题。')
        sample.setObjectName("WelcomeSample")
        sample.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sample.setToolTip(open_sample.toolTip())
        sample.linkActivated.connect(lambda _link: open_sample.trigger())
        self.sample_link = sample

        note = QLabel("提示：以管理员身份运行本程序时，Windows 不允许拖放文件，请使用上面的按钮添加。")
        note.setObjectName("WelcomeNote")
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        note.setVisible(running_elevated())
        self.admin_note = note

        inner = QVBoxLayout(zone)
        inner.setContentsMargins(40, 32, 40, 28)
        inner.setSpacing(14)
        inner.addStretch()
        inner.addWidget(icon)
        inner.addWidget(title)
        inner.addWidget(formats)
        inner.addSpacing(8)
        inner.addLayout(buttons)
        inner.addSpacing(4)
        inner.addWidget(sample)
        inner.addStretch()
        inner.addWidget(note)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch()
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(zone, 1)
        row.addStretch()
        outer.addLayout(row)
        outer.addStretch()
