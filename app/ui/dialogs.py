"""The window's dialogs: 设置, 关于, and `Prompts`, every question the window asks the user.

The window asks through a `Prompts` object it is given, so tests hand it one that answers without
opening a modal dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.core.formats import all_formats
from app.ui.settings import Settings

FILE_FILTER = "年度报告 (*.docx *.pdf *.xlsx *.txt *.html *.htm *.mht *.mhtml);;所有文件 (*)"
DISMISS_REASONS = ["已核实，数据无误", "已与填报单位确认", "格式差异，不影响", "检查器误报"]


class SettingsDialog(QDialog):
    """The reviewer's name (author of the Word comments) and the export folder."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.setMinimumWidth(520)
        self._settings = settings
        self.reviewer = QLineEdit(settings.reviewer)
        self.reviewer.setPlaceholderText("年报检查器")
        self.reviewer.setToolTip("导出的 Word 批注以这个名字署名")
        self.folder = QLineEdit(settings.export_dir)
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)

        form = QFormLayout()
        form.addRow("审核人（批注署名）：", self.reviewer)
        form.addRow("导出文件夹：", folder_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择导出文件夹", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def accept(self) -> None:
        self._settings.reviewer = self.reviewer.text()
        if self.folder.text().strip():
            self._settings.export_dir = self.folder.text().strip()
        super().accept()


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"关于{APP_NAME}")
        formats = "".join(f"<li><b>{fmt.id}</b>　{fmt.name}</li>" for fmt in all_formats())
        text = QLabel(
            f"<h2>{APP_NAME}</h2><p>版本 {__version__}</p>"
            "<p>检查政府信息公开工作年度报告：六个章节是否齐全、统计表格式是否符合规定、"
            "表内勾稽关系是否成立、数值是否合理，并导出带批注的 Word 文件和问题汇总表。</p>"
            f"<p>支持的年度报告格式：</p><ul>{formats}</ul>"
            "<p>可读取的文件：Word（.docx）、PDF、Excel（.xlsx）、纯文本（.txt）。</p>"
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)


class Prompts:
    """Every question the window asks; modal Qt dialogs parented to `parent`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def ask_files(self, start: str) -> list[str]:
        files, _filter = QFileDialog.getOpenFileNames(self.parent, "添加年度报告", start, FILE_FILTER)
        return files

    def ask_folder(self, title: str, start: str) -> str | None:
        folder = QFileDialog.getExistingDirectory(self.parent, title, start)
        return folder or None

    def ask_dismiss_reason(self, message: str) -> str | None:
        reason, ok = QInputDialog.getItem(
            self.parent,
            "忽略这条问题",
            f"{message}\n\n理由（会写入汇总表）：",
            DISMISS_REASONS,
            0,
            True,
        )
        if not ok:
            return None
        return reason.strip() or DISMISS_REASONS[0]

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def export_done(self, folder: Path, files: list[Path]) -> None:
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("导出完成")
        box.setText(f"已导出 {len(files)} 个文件到：\n{folder}")
        open_button = box.addButton("打开文件夹", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show_settings(self, settings: Settings) -> bool:
        return SettingsDialog(settings, self.parent).exec() == QDialog.DialogCode.Accepted

    def show_about(self) -> None:
        AboutDialog(self.parent).exec()
