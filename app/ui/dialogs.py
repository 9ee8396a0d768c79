"""The window's dialogs: 设置, 关于, 帮助, 导出完成, and `Prompts`, every question the window asks.

The window asks through a `Prompts` object it is given, so tests hand it one that answers without
opening a modal dialog. File pickers are Qt's own dialog except on Windows and macOS, so they speak
the Chinese of the loaded qtbase translation on every Linux desktop too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.core.formats import all_formats
from app.core.limits import MAX_REVIEWER
from app.core.packs import NATIONAL, PackError, all_packs, load_pack
from app.core.readers import SUPPORTED_SUFFIXES
from app.ui.help import HELP_HTML, READABLE_FILES
from app.ui.jobs import ExportSummary
from app.ui.review import FILE_FILTER as REVIEW_FILTER
from app.ui.settings import Settings

# The picker offers every kind of file the readers take (the core's list, not a copy of it).
FILE_FILTER = f"年度报告 ({' '.join('*' + suffix for suffix in (*SUPPORTED_SUFFIXES, '.zip'))});;所有文件 (*)"
DISMISS_REASONS = [
    "数据无误，检查器误报",
    "已与填报单位确认无误",
    "格式差异，不影响",
    "其他（请改写为具体理由）",
]


DIALOG_WIDTH = 560  # px: a dialog's text wraps at this width (less on a smaller screen)
SCREEN_MARGIN = 48  # px kept free around a dialog for the window frame and the taskbar


def screen_room(widget: QWidget | None) -> tuple[int, int]:
    """The width and height a dialog may take on the screen `widget` is on."""
    screen = widget.screen() if widget is not None else QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    return available.width() - SCREEN_MARGIN, available.height() - SCREEN_MARGIN


def fit_to_screen(dialog: QWidget, width: int = DIALOG_WIDTH) -> None:
    """Bound a dialog to its screen: wrapped text takes `width` (or the screen's room, if less), and
    the dialog never grows past the screen, so its buttons stay in sight whatever the text."""
    room_width, room_height = screen_room(dialog.parentWidget() or dialog)
    dialog.setMaximumSize(room_width, room_height)
    for label in dialog.findChildren(QLabel):
        if label.wordWrap():
            label.setMinimumWidth(min(width, room_width - SCREEN_MARGIN))


def breakable(text: str) -> str:
    """A path or file name that may wrap after its separators (a label wraps only where a line may
    break, and a long path has none)."""
    for mark in ("/", "\\", "_", "-", "."):
        text = text.replace(mark, mark + "\u200b")
    return text


def wrapped_label(text: str, selectable: bool = True) -> QLabel:
    """A label that wraps (plain text: a finding's message is never read as HTML)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DismissDialog(QDialog):
    """忽略这条问题: the finding's message, wrapped and scrolled when long, and the reason to record."""

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("忽略这条问题")
        self.message = wrapped_label(message)
        scroll = QScrollArea()
        scroll.setWidget(self.message)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        _room_width, room_height = screen_room(parent)
        lines = max(1, len(message) // 32 + 1)  # about 32 characters a line at DIALOG_WIDTH
        scroll.setMinimumHeight(min(room_height // 3, 22 * lines + 8))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(DISMISS_REASONS)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(QLabel("理由（会写入汇总表）："))
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        fit_to_screen(self)
        self.setMinimumWidth(min(DIALOG_WIDTH + 40, self.maximumWidth()))

    def chosen_reason(self) -> str:
        return self.reason.currentText().strip() or DISMISS_REASONS[0]


# Qt's own dialog where the native one would follow the desktop's language instead of the app's.
DIALOG_OPTIONS = (
    QFileDialog.Option(0) if sys.platform in ("win32", "darwin") else QFileDialog.Option.DontUseNativeDialog
)


# qtbase_zh_CN leaves these labels of Qt's own file dialog in English.
FILE_DIALOG_LABELS = {
    QFileDialog.DialogLabel.LookIn: "查找范围：",
    QFileDialog.DialogLabel.FileName: "文件名：",
    QFileDialog.DialogLabel.FileType: "文件类型：",
    QFileDialog.DialogLabel.Reject: "取消",
}


def file_dialog(
    parent: QWidget | None,
    title: str,
    start: str,
    mode: QFileDialog.FileMode,
    name_filter: str = "",
    save: bool = False,
) -> QFileDialog:
    """A file or folder picker in Chinese on every system, opening in `start`."""
    dialog = QFileDialog(parent, title, start, name_filter)
    dialog.setOptions(DIALOG_OPTIONS)
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("json")
    for label, text in FILE_DIALOG_LABELS.items():
        dialog.setLabelText(label, text)
    dialog.setLabelText(
        QFileDialog.DialogLabel.Accept, "保存" if save else "选择" if not name_filter else "打开"
    )
    dialog.resize(860, 540)
    _widen_columns(dialog)
    fit_to_screen(dialog)
    return dialog


def _widen_columns(dialog: QFileDialog) -> None:
    """Qt's own dialog opens with narrow columns and a cut sidebar: names get the room, and the
    size, type and date show in full."""
    view = dialog.findChild(QTreeView, "treeView")
    if view is not None:
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    splitter = dialog.findChild(QSplitter, "splitter")
    if splitter is not None and splitter.count() == 2:
        splitter.setSizes([150, 700])


def pick(dialog: QFileDialog) -> list[str]:
    """The files or folder picked, or [] when cancelled."""
    return dialog.selectedFiles() if dialog.exec() == QDialog.DialogCode.Accepted else []


def open_in_system(path: Path) -> bool:
    """Open a file or folder with the program the system uses for it (Word, WPS, the file manager)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class SettingsDialog(QDialog):
    """The reviewer's name (author of the Word comments), the export folder and the rule pack."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.setMinimumWidth(520)
        self._settings = settings
        self.reviewer = QLineEdit(settings.reviewer)
        self.reviewer.setPlaceholderText("年报检查器")
        self.reviewer.setMaxLength(MAX_REVIEWER)  # what a Word comment's author may hold
        self.reviewer.setToolTip("导出的 Word 批注以这个名字署名")
        self.folder = QLineEdit(settings.export_dir)
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)

        self.show_dismissed = QCheckBox("在发给起草单位的 Word 中列出已忽略的问题及理由")
        self.show_dismissed.setChecked(settings.show_dismissed)
        self.show_dismissed.setToolTip("默认不列出：忽略的理由是审核人自己的记录，只写进问题汇总表。")

        self.pack = QComboBox()
        self.pack.setToolTip("地方规则包可增加本地的表格行、调整规则的级别和公布期限（见 docs/packs.md）")
        for shipped in all_packs():
            self.pack.addItem(shipped.name, shipped.id)
        if settings.pack_choice and self.pack.findData(settings.pack_choice) < 0:
            self.pack.addItem(Path(settings.pack_choice).name, settings.pack_choice)
        self.pack.setCurrentIndex(max(self.pack.findData(settings.pack_choice or NATIONAL), 0))
        pack_file = QPushButton("选择文件…")
        pack_file.clicked.connect(self._browse_pack)
        pack_row = QHBoxLayout()
        pack_row.addWidget(self.pack, 1)
        pack_row.addWidget(pack_file)

        form = QFormLayout()
        form.addRow("审核人（批注署名）：", self.reviewer)
        form.addRow("导出文件夹：", folder_row)
        form.addRow("", self.show_dismissed)
        form.addRow("规则包（新检查的报告适用）：", pack_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        fit_to_screen(self)

    def _browse(self) -> None:
        picked = pick(file_dialog(self, "选择导出文件夹", self.folder.text(), QFileDialog.FileMode.Directory))
        if picked:
            self.folder.setText(picked[0])

    def _browse_pack(self) -> None:
        picked = pick(
            file_dialog(
                self,
                "选择规则包文件",
                self._settings.last_folder,
                QFileDialog.FileMode.ExistingFile,
                "规则包 (*.json)",
            )
        )
        if not picked:
            return
        try:
            chosen = load_pack(picked[0])
        except PackError as error:
            QMessageBox.warning(self, "无法使用规则包", str(error))
            return
        self.pack.addItem(chosen.name, picked[0])
        self.pack.setCurrentIndex(self.pack.count() - 1)

    def accept(self) -> None:
        self._settings.pack_choice = str(self.pack.currentData() or "")
        self._settings.reviewer = self.reviewer.text()
        self._settings.show_dismissed = self.show_dismissed.isChecked()
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
            f"<p>可读取的文件：{READABLE_FILES}。</p>"
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
        fit_to_screen(self)


class HelpDialog(QDialog):
    """F1: a short page on the statuses, the problem families, 忽略 and where files go."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} 帮助")
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(HELP_HTML)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(620, 560)
        fit_to_screen(self)


class ExportDoneDialog(QDialog):
    """The files an export wrote, each with 打开, and the reports it skipped with the reason."""

    def __init__(self, summary: ExportSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出完成")
        self.summary = summary
        heading = QLabel(
            f"已导出 {len(summary.written)} 个文件到：<br/><b>{breakable(str(summary.folder))}</b>"
        )
        heading.setWordWrap(True)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout()
        self.open_buttons: list[QPushButton] = []
        for row, path in enumerate(summary.written):
            name = wrapped_label(breakable(path.name))
            button = QPushButton("打开")
            button.setToolTip(f"用系统默认的程序打开 {path.name}")
            button.clicked.connect(lambda _checked=False, path=path: open_in_system(path))
            self.open_buttons.append(button)
            grid.addWidget(name, row, 0)
            grid.addWidget(button, row, 1)
        grid.setColumnStretch(0, 1)
        files = QWidget()
        files.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(files)
        scroll.setWidgetResizable(True)
        scroll.setMinimumHeight(min(280, 40 + 34 * len(summary.written)))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        if summary.renamed:
            note = QLabel(
                f"文件夹里已有同名文件，{len(summary.renamed)} 个新文件的名称后加了编号，例如“(2)”；"
                "原有文件没有改动。"
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        self.skipped_label = QLabel(self._skipped_text(summary))
        self.skipped_label.setWordWrap(True)
        self.skipped_label.setVisible(bool(summary.skipped))
        layout.addWidget(self.skipped_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        open_folder = buttons.addButton("打开文件夹", QDialogButtonBox.ButtonRole.ActionRole)
        open_folder.clicked.connect(lambda: open_in_system(summary.folder))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        fit_to_screen(self)

    @staticmethod
    def _skipped_text(summary: ExportSummary) -> str:
        if not summary.skipped:
            return ""
        lines = [f"{len(summary.skipped)} 份报告没有导出批注版（汇总表中仍列出）："]
        lines += [f"· {name}：{reason}" for name, reason in summary.skipped]
        return "\n".join(lines)


class Prompts:
    """Every question the window asks; modal Qt dialogs parented to `parent`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def ask_files(self, start: str) -> list[str]:
        mode = QFileDialog.FileMode.ExistingFiles
        return pick(file_dialog(self.parent, "添加年度报告", start, mode, FILE_FILTER))

    def ask_folder(self, title: str, start: str) -> str | None:
        picked = pick(file_dialog(self.parent, title, start, QFileDialog.FileMode.Directory))
        return picked[0] if picked else None

    def ask_review_to_open(self, start: str) -> str | None:
        mode = QFileDialog.FileMode.ExistingFile
        picked = pick(file_dialog(self.parent, "打开检查记录", start, mode, REVIEW_FILTER))
        return picked[0] if picked else None

    def ask_roster(self, start: str) -> str | None:
        mode = QFileDialog.FileMode.ExistingFile
        picked = pick(file_dialog(self.parent, "选择报送名单", start, mode, "报送名单 (*.xlsx)"))
        return picked[0] if picked else None

    def ask_review_to_save(self, start: str) -> str | None:
        mode = QFileDialog.FileMode.AnyFile
        picked = pick(file_dialog(self.parent, "检查记录另存为", start, mode, REVIEW_FILTER, save=True))
        return picked[0] if picked else None

    def ask_dismiss_reason(self, message: str) -> str | None:
        dialog = DismissDialog(message, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen_reason()

    def confirm(self, title: str, text: str, action: str = "确定") -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self.parent
        )
        yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        box.exec()
        return box.clickedButton() is yes

    def ask_before_close(self, text: str) -> str:
        """'save' (另存为 first), 'close' or 'cancel'."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, "关闭年报检查器", text, QMessageBox.StandardButton.NoButton, self.parent
        )
        save = box.addButton("另存检查记录…", QMessageBox.ButtonRole.AcceptRole)
        close = box.addButton("不保存，关闭", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "close" if clicked is close else "cancel"

    def information(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def export_done(self, summary: ExportSummary) -> None:
        ExportDoneDialog(summary, self.parent).exec()

    def open_path(self, path: Path) -> bool:
        return open_in_system(path)

    def show_settings(self, settings: Settings) -> bool:
        return SettingsDialog(settings, self.parent).exec() == QDialog.DialogCode.Accepted

    def show_about(self) -> None:
        AboutDialog(self.parent).exec()

    def show_help(self) -> None:
        HelpDialog(self.parent).exec()
