"""The main window: wires the batch list, the findings panel and the preview to the core.

It owns no heavy work: reading, checking and exporting go through the injected `TaskRunner`, and
every question to the user goes through the injected `Prompts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.check import check_file, collect_files
from app.core.model import Result
from app.core.resources import resource_path
from app.ui import settings as keys
from app.ui.actions import build_actions
from app.ui.batch_model import BatchEntry, BatchModel, Status, carry_dismissed
from app.ui.batch_view import BatchView
from app.ui.dialogs import Prompts
from app.ui.drop_area import DropArea
from app.ui.findings_panel import FindingsPanel
from app.ui.jobs import export_error_text, export_reports, failed_check
from app.ui.look import STYLE_SHEET
from app.ui.preview import PreviewBrowser
from app.ui.settings import Settings
from app.ui.welcome import WelcomePage
from app.ui.workers import TaskRunner

SAMPLE_PATH = ("sample", "示例年报.docx")
REFRESH_MS = 150  # how often a running batch updates the list
UNREADABLE_HINT = (
    "请确认文件能用 Word、WPS 或 PDF 阅读器正常打开。扫描件 PDF 里没有文字，检查器读不出来；"
    "旧版 .doc/.xls 文件请另存为 .docx/.xlsx 后再检查。"
)


def _pane(title: str, content: QWidget, hint: str = "") -> QWidget:
    """A titled pane around a widget, with an optional hint line below it."""
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(8, 6, 8, 6)
    heading = QLabel(title)
    heading.setObjectName("PaneTitle")
    layout.addWidget(heading)
    layout.addWidget(content, 1)
    if hint:
        note = QLabel(hint)
        note.setObjectName("PaneHint")
        note.setWordWrap(True)
        layout.addWidget(note)
    return pane


class MainWindow(QMainWindow):
    batch_finished = Signal()  # every file added so far has been checked
    export_finished = Signal(object)  # list[Path] written, or the exception that stopped it

    def __init__(
        self,
        settings: Settings,
        runner: TaskRunner,
        prompts: Prompts | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.runner = runner
        self.prompts = prompts or Prompts(self)
        self._progress_total = 0
        self._exporting = False
        self._batch_open = False  # files were added or re-checked and batch_finished is still due
        self._last_folder = ""
        self._checked: list[BatchEntry] = []  # results not yet shown
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._show_checked)
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(QIcon(str(resource_path("icon", "icon.png"))))
        self.setStyleSheet(STYLE_SHEET)
        self.resize(1440, 900)

        self.actions_ = build_actions(self)
        self.batch = BatchModel(self)
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()
        self._connect()
        self._restore_state()
        self._update_actions()

    # --- building -----------------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        a = self.actions_
        toolbar = QToolBar("主工具栏", self)
        toolbar.setObjectName("MainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([a.add_files, a.add_folder])
        toolbar.addSeparator()
        toolbar.addActions([a.recheck, a.remove, a.clear])
        toolbar.addSeparator()
        export_menu = QMenu(self)
        export_menu.addAction(a.export_selected)
        a.export_all.setMenu(export_menu)
        toolbar.addAction(a.export_all)
        export_button = toolbar.widgetForAction(a.export_all)
        if isinstance(export_button, QToolButton):
            export_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addActions([a.settings, a.about])
        self.addToolBar(toolbar)
        self.addActions([a.open_sample, a.export_selected])  # shortcuts work without a menu bar

    def _build_central(self) -> None:
        a = self.actions_
        self.drop_area = DropArea(self)
        self.welcome = WelcomePage(a.add_files, a.add_folder, a.open_sample)

        self.batch_view = BatchView(self.batch, [a.recheck, a.remove, a.export_selected])

        self.findings = FindingsPanel()
        self.preview = PreviewBrowser()
        batch_pane = _pane(
            "报告列表",
            self.batch_view,
            "可以继续把文件或文件夹拖进窗口。右键单击报告可重新检查、移除或只导出所选报告。",
        )
        preview_pane = _pane("报告原文（检查器读到的内容）", self.preview)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.addWidget(self.findings)
        self.right_splitter.addWidget(preview_pane)
        self.right_splitter.setStretchFactor(0, 2)
        self.right_splitter.setStretchFactor(1, 3)
        self.right_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(batch_pane)
        self.splitter.addWidget(self.right_splitter)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([660, 780])
        self.right_splitter.setSizes([340, 500])

        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)
        layout = QVBoxLayout(self.drop_area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.setCentralWidget(self.drop_area)

    def _build_status_bar(self) -> None:
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setFormat("已检查 %v / %m")
        self.progress.hide()
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().showMessage("把年度报告拖进窗口，或点击“添加文件”开始检查。")

    def _connect(self) -> None:
        a = self.actions_
        a.add_files.triggered.connect(self.ask_files)
        a.add_folder.triggered.connect(self.ask_folder)
        a.open_sample.triggered.connect(self.open_sample)
        a.recheck.triggered.connect(self.recheck_selected)
        a.remove.triggered.connect(self.remove_selected)
        a.clear.triggered.connect(self.clear_batch)
        a.export_all.triggered.connect(lambda: self.export(selected_only=False))
        a.export_selected.triggered.connect(lambda: self.export(selected_only=True))
        a.settings.triggered.connect(lambda: self.prompts.show_settings(self.settings))
        a.about.triggered.connect(self.prompts.show_about)
        self.drop_area.paths_dropped.connect(self.add_paths)
        self.batch_view.selectionModel().selectionChanged.connect(lambda *_: self._on_batch_selection())
        self.batch.rowsRemoved.connect(lambda *_: self._update_actions())
        self.findings.finding_selected.connect(self.preview.show_finding)
        self.findings.dismiss_requested.connect(self.dismiss_finding)
        self.findings.restore_requested.connect(self.restore_finding)
        self.preview.finding_clicked.connect(self.findings.select_finding)

    # --- adding files -------------------------------------------------------------------------------
    def ask_files(self) -> None:
        files = self.prompts.ask_files(self._last_folder)
        if files:
            self._last_folder = str(Path(files[0]).parent)
            self.add_paths(files)

    def ask_folder(self) -> None:
        folder = self.prompts.ask_folder("选择包含年度报告的文件夹", self._last_folder)
        if folder:
            self._last_folder = folder
            self.add_paths([folder])

    def open_sample(self) -> None:
        sample = resource_path(*SAMPLE_PATH)
        if not sample.is_file():
            self.prompts.error("找不到示例", f"示例年报不在安装目录中：\n{sample}\n请重新安装本程序。")
            return
        self.add_paths([str(sample)])

    def add_paths(self, paths: Iterable[str | Path]) -> None:
        """Add files and folders (folders are expanded on a worker thread) and check them."""
        paths = [str(path) for path in paths]
        if not paths:
            return
        self.statusBar().showMessage("正在查找文件…")
        self.runner.submit(collect_files, paths, on_done=self._on_collected, on_error=self._on_collect_failed)

    def _on_collected(self, collected: tuple[list[Path], list[tuple[Path, str]]]) -> None:
        files, skipped = collected
        known = [path for path in files if self.batch.contains_path(path)]
        new_files = [path for path in files if path not in known]
        skipped = [(path, reason) for path, reason in skipped if not self.batch.contains_path(path)]
        entries = [
            BatchEntry(
                path, Result(str(path), path.suffix.lower().lstrip(".") or "?", error=reason), skipped=True
            )
            for path, reason in skipped
        ]
        checks = [BatchEntry(path) for path in new_files]
        self.batch.add(checks + entries)
        if self.batch.rowCount():
            self.pages.setCurrentWidget(self.splitter)
        self._check(checks)
        message = f"已添加 {len(checks)} 份报告"
        if skipped:
            message += f"，{len(skipped)} 个文件不能检查（已列出原因）"
        if known:
            message += f"，{len(known)} 份已在列表中"
        if not checks and not skipped and not known:
            message = "没有找到可以检查的文件（TXT、DOCX、PDF、XLSX）。"
        self.statusBar().showMessage(message, 8000)
        if not self.batch_view.selectionModel().hasSelection() and self.batch.rowCount():
            self.select_entry(self.batch.entry(0))
        self._batch_open = True
        self._update_progress()

    def _on_collect_failed(self, error: BaseException) -> None:
        self.prompts.error("无法打开", f"读取文件夹时出错：{error}\n请确认文件夹存在并且有权限访问。")

    def _check(self, entries: list[BatchEntry]) -> None:
        """Queue entries for checking: all are marked 检查中 first, so the progress counts them all."""
        earlier = {id(entry): entry.result.findings if entry.result else () for entry in entries}
        for entry in entries:
            entry.result = None
            self.batch.changed(entry)
        self._batch_open = True
        self._update_progress()
        for entry in entries:
            entry.ticket = self.runner.submit(
                check_file,
                entry.path,
                on_done=lambda result, entry=entry: self._on_checked(entry, result, earlier[id(entry)]),
                on_error=lambda error, entry=entry: self._on_checked(
                    entry, failed_check(entry.path, error), earlier[id(entry)]
                ),
                isolated=True,
            )

    def _on_checked(self, entry: BatchEntry, result: Result, earlier: tuple = ()) -> None:
        entry.ticket = None
        if entry.dismissed:
            entry.dismissed = carry_dismissed(earlier, result.findings, entry.dismissed)
        entry.result = result
        self._checked.append(entry)
        # While a batch runs, results are shown a few times a second rather than one by one: the
        # GUI thread then spends little time holding the interpreter the workers are using too.
        if self.runner.pending() == 0:
            self._show_checked()
        elif not self._refresh.isActive():
            self._refresh.start()

    def _show_checked(self) -> None:
        self._refresh.stop()
        checked, self._checked = self._checked, []
        in_batch = {id(entry) for entry in self.batch.entries()}
        current = self.current_entry()
        for entry in checked:
            if id(entry) in in_batch:
                self.batch.changed(entry)
                if entry is current:
                    self._show_entry(entry)
        self._update_progress()

    # --- the batch ----------------------------------------------------------------------------------
    def selected_entries(self) -> list[BatchEntry]:
        rows = sorted({index.row() for index in self.batch_view.selectionModel().selectedRows()})
        return [self.batch.entry(row) for row in rows]

    def current_entry(self) -> BatchEntry | None:
        selected = self.selected_entries()
        return selected[0] if len(selected) == 1 else None

    def select_entry(self, entry: BatchEntry) -> None:
        index = self.batch.index(self.batch.row_of(entry), 0)
        self.batch_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )

    def remove_selected(self) -> None:
        entries = self.selected_entries()
        for entry in entries:
            if entry.ticket is not None:
                self.runner.forget(entry.ticket)
        self.batch.remove(entries)
        if not self.batch.rowCount():
            self.clear_batch()
        self._update_progress()

    def recheck_selected(self) -> None:
        entries = self.selected_entries() or self.batch.entries()
        entries = [entry for entry in entries if not entry.skipped and entry.status is not Status.CHECKING]
        self._check(entries)
        self._on_batch_selection()

    def clear_batch(self) -> None:
        self.runner.cancel()
        self.batch.clear()
        self._progress_total = 0
        self.pages.setCurrentWidget(self.welcome)
        self._on_batch_selection()
        self._update_progress()

    def _on_batch_selection(self) -> None:
        self._show_entry(self.current_entry())
        self._update_actions()

    def _show_entry(self, entry: BatchEntry | None) -> None:
        if entry is None:
            count = len(self.selected_entries())
            hint = f"已选中 {count} 份报告。" if count > 1 else ""
            self.findings.show_result(None, hint=hint + "在左侧选择一份报告，这里会列出发现的问题。")
            self.preview.show_hint()
            return
        name = entry.path.name
        result = entry.result
        title = (result.title if result is not None else None) or name
        if result is None:
            self.findings.show_result(None, heading=name, hint="正在检查…")
            self.preview.show_page(f"正在检查 {name}", "读取和检查完成后，这里会显示报告内容。")
        elif entry.skipped:
            self.findings.show_result(
                result, heading=name, hint="这个文件没有检查：它不是检查器能读取的格式。\n原因见下方。"
            )
            self.preview.show_page(
                f"已跳过：{name}", result.error or "", "检查器只能读取 TXT、DOCX、PDF、XLSX 文件。"
            )
        elif result.error:
            self.findings.show_result(
                result, heading=name, hint="无法读取这份报告，因此没有检查结果。\n原因和处理办法见下方。"
            )
            self.preview.show_page(f"无法读取：{name}", result.error, UNREADABLE_HINT)
        else:
            self.findings.show_result(result, entry.dismissed, heading=title)
            self.preview.show_result(result, entry.dismissed)

    # --- dismissing findings ------------------------------------------------------------------------
    def dismiss_finding(self, number: int, reason: str | None = None) -> None:
        entry = self.current_entry()
        if entry is None or entry.result is None:
            return
        if reason is None:
            reason = self.prompts.ask_dismiss_reason(entry.result.findings[number].message)
            if reason is None:
                return
        self.findings.model.dismiss(number, reason)
        self._after_dismissal(entry)

    def restore_finding(self, number: int) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        self.findings.model.restore(number)
        self._after_dismissal(entry)

    def _after_dismissal(self, entry: BatchEntry) -> None:
        self.batch.changed(entry)
        self.findings.refresh_summary(entry.result, entry.dismissed)
        self.preview.refresh()
        self._update_progress()

    # --- export -------------------------------------------------------------------------------------
    def export(self, selected_only: bool = False, folder: str | Path | None = None) -> None:
        """Export the checked reports (all, or the selected ones) to `folder` (asked when None)."""
        entries = self.selected_entries() if selected_only else self.batch.entries()
        entries = [entry for entry in entries if entry.result is not None]
        if not entries:
            self.prompts.error("没有可导出的报告", "请先添加报告并等待检查完成。")
            return
        if folder is None:
            folder = self.prompts.ask_folder("导出到文件夹", self.settings.export_dir)
            if not folder:
                return
        folder = Path(folder)
        self.settings.export_dir = str(folder)
        results = [entry.result for entry in entries if entry.result is not None]
        dismissed = {
            entry.result.path: dict(entry.dismissed) for entry in entries if entry.result and entry.dismissed
        }
        self._exporting = True
        self._update_actions()
        self.statusBar().showMessage(f"正在导出 {len(results)} 份报告…")
        self.runner.submit(
            export_reports,
            results,
            folder,
            self.settings.reviewer,
            dismissed,
            on_done=lambda files: self._on_exported(folder, files),
            on_error=self._on_export_failed,
        )

    def _on_exported(self, folder: Path, files: list[Path]) -> None:
        self._exporting = False
        self._update_actions()
        self.statusBar().showMessage(f"已导出 {len(files)} 个文件到 {folder}", 10000)
        self.export_finished.emit(files)
        self.prompts.export_done(folder, files)

    def _on_export_failed(self, error: BaseException) -> None:
        self._exporting = False
        self._update_actions()
        self.statusBar().showMessage("导出失败", 10000)
        self.export_finished.emit(error)
        self.prompts.error("导出失败", export_error_text(error))

    # --- state --------------------------------------------------------------------------------------
    def _update_progress(self) -> None:
        counts = self.batch.counts()
        checking = counts[Status.CHECKING]
        if checking == 0:
            self._progress_total = 0
            self.progress.hide()
            if self._batch_open:
                self._batch_open = False
                self.batch_finished.emit()
        else:
            self._progress_total = max(self._progress_total, checking)
            self.progress.setRange(0, self._progress_total)
            self.progress.setValue(self._progress_total - checking)
            self.progress.show()
        total = self.batch.rowCount()
        parts = [f"共 {total} 份"]
        for status, label in (
            (Status.CHECKING, "检查中"),
            (Status.PASSED, "通过"),
            (Status.PROBLEMS, "有问题"),
            (Status.UNREADABLE, "无法读取"),
            (Status.SKIPPED, "已跳过"),
        ):
            if counts[status]:
                parts.append(f"{label} {counts[status]}")
        self.count_label.setText("　".join(parts) if total else "")
        self._update_actions()

    def _update_actions(self) -> None:
        a = self.actions_
        has_entries = self.batch.rowCount() > 0
        selected = bool(self.batch_view.selectionModel().hasSelection())
        checking = self.batch.counts()[Status.CHECKING] > 0
        # While an export runs the batch it is writing stays as it is.
        a.recheck.setEnabled(has_entries and not self._exporting)
        a.remove.setEnabled(selected and not self._exporting)
        a.clear.setEnabled(has_entries and not self._exporting)
        exportable = has_entries and not checking and not self._exporting
        a.export_all.setEnabled(exportable)
        a.export_selected.setEnabled(exportable and selected)

    def _restore_state(self) -> None:
        geometry = self.settings.state(keys.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        for key, splitter in ((keys.SPLITTER, self.splitter), (keys.RIGHT_SPLITTER, self.right_splitter)):
            state = self.settings.state(key)
            if not state.isEmpty():
                splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_state(keys.GEOMETRY, self.saveGeometry())
        self.settings.set_state(keys.SPLITTER, self.splitter.saveState())
        self.settings.set_state(keys.RIGHT_SPLITTER, self.right_splitter.saveState())
        self.settings.sync()
        self.statusBar().showMessage("正在停止未完成的检查…")
        self.runner.shutdown()
        super().closeEvent(event)
