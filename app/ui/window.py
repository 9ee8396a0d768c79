"""The main window: a composition of its panels (the batch list, the findings, the preview) driving
the Qt-free review session (`app.core.session.ReviewSession`).

It owns no heavy work: reading, checking, reading a report again for its preview and exporting go
through the injected `TaskRunner`, and every question to the user goes through the injected `Prompts`.
Results come back compact (no parsed document): the preview reads the file again, and a file changed
since its check is checked again instead of shown with old findings. With a `review_path` it keeps the
session in that review file as the reviewer works, writing only what changed (`restore_session` brings
it back on the next start, each report as saved unless its file changed).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QShowEvent
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

from app import APP_NAME, __version__
from app.core.batch.roster import RosterError, Unit, match_roster, not_reported_text, read_roster
from app.core.check import check_compact, collect_files
from app.core.fingerprint import still_current
from app.core.model import Result
from app.core.resources import resource_path
from app.core.session import Entry, ReviewSession, Status, path_key
from app.core.session.reread import FileChanged, reread
from app.core.session.session import BatchInput, BatchOutput, batch_output
from app.core.session.store import (
    ReviewFileError,
    ReviewStore,
    SavedReport,
    SavedReview,
    read_review,
    restore,
    save_as_name,
    saved_report,
    set_aside,
    write_review,
)
from app.ui import settings as keys
from app.ui.actions import build_actions
from app.ui.batch_model import BatchModel
from app.ui.batch_panel import BatchPanel, titled_pane
from app.ui.dialogs import Prompts
from app.ui.drop_area import DropArea
from app.ui.export_run import ExportRun
from app.ui.findings_panel import FindingsPanel
from app.ui.help import READABLE_FILES, READABLE_SHORT
from app.ui.jobs import ExportSummary, export_error_text, failed_check
from app.ui.look import STYLE_SHEET
from app.ui.preview import PreviewBrowser
from app.ui.review import LEGACY_FILE_NAME
from app.ui.settings import Settings, default_export_dir
from app.ui.welcome import WelcomePage
from app.ui.workers import TaskRunner

SAMPLE_PATH = ("sample", "示例年报.docx")
REFRESH_MS = 150  # how often a running batch updates the list
# Files added, checks started and results shown per turn of the event loop: a province's 10,000
# reports go in slices, so the window never waits on the whole batch at once (issue 22).
PER_TURN = 50
SAVE_MS = 2000  # while a batch runs, the review file is written at most this often (and when it ends)
SAVE_ROWS = 25  # reports written to the review file per turn of the event loop
DEFAULT_SIZE = (1440, 900)
FINDING_ROWS = 8  # the findings table shows at least this many rows when the window opens
KEPT_READINGS = 4  # full readings kept for the preview (the reports looked at last)
START_MESSAGE = "把年度报告拖进窗口，或点击“添加文件”开始检查。双击列表中的报告可打开原文件。"


def _cross_check_news(changed: list[Entry], before: dict[int, str]) -> str:
    """The status line after the pass across reports, when it changed any report's counts."""
    moved = [entry for entry in changed if before.get(id(entry)) not in (None, entry.status_text)]
    if not moved:
        return ""
    first = moved[0]
    change = f"“{first.path.name}”由“{before[id(first)]}”变为“{first.status_text}”"
    others = f"等 {len(moved)} 份报告" if len(moved) > 1 else ""
    return f"比对同一单位各年度的结转和重复文件后，{change}{others}的结果有变化"


def read_keyed_review(path: Path) -> tuple[SavedReview, list[str]]:
    """A review file read, with each report's path as the session compares paths (a worker's job)."""
    review = read_review(path)
    return review, [path_key(report.path) for report in review.reports]


def confirmed_of(entry: Entry) -> set[int]:
    """The findings of an entry the reviewer found 属实 (indexes into its result's findings)."""
    return {number for number, state in entry.states.items() if state.decision == "confirmed"}


class _Added:
    """What the files being listed came to, for the status line once they are all in."""

    def __init__(self) -> None:
        self.checks = self.restored = self.skipped = self.known = 0
        self.earlier_checked = False  # the list held checked reports before: the new ones may be versions
        self.had_entries = False  # the list held reports before: a file found may be in it already

    def message(self) -> str:
        if not self.checks and not self.restored and not self.skipped and not self.known:
            return f"没有找到可以检查的文件（{READABLE_SHORT}）。"
        message = f"已添加 {self.checks + self.restored} 份报告"
        if self.skipped:
            message += f"，{self.skipped} 个文件不能检查（已列出原因）"
        if self.known:
            message += f"，{self.known} 份已在列表中"
        return message


def fit_rect(rect: QRect, available: QRect) -> QRect:
    """`rect` moved and shrunk so it lies inside `available` (a window on the screen it opens on)."""
    width = min(rect.width(), available.width())
    height = min(rect.height(), available.height())
    left = min(max(rect.left(), available.left()), available.right() - width + 1)
    top = min(max(rect.top(), available.top()), available.bottom() - height + 1)
    return QRect(left, top, width, height)


class MainWindow(QMainWindow):
    batch_finished = Signal()  # every file added so far has been checked
    export_finished = Signal(object)  # list[Path] written, or the exception that stopped it

    def __init__(
        self,
        settings: Settings,
        runner: TaskRunner,
        prompts: Prompts | None = None,
        review_path: str | Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.runner = runner
        self.prompts = prompts or Prompts(self)
        self.review_path = Path(review_path) if review_path else None
        self._store = ReviewStore(self.review_path) if self.review_path else None
        self.autosave_error: str | None = None  # why the review could not be saved, while it cannot
        self._restoring: dict[str, SavedReport] = {}  # saved reports waiting for their entries
        self.roster: list[Unit] | None = None  # the roster chosen (选择报送名单…)
        self._review_loading = False  # the last review is being read: nothing is saved meanwhile
        self._passes = self._passes_done = 0  # batch passes started, and the last one placed
        self._passes_in_flight = 0  # batch passes the runner still has (counted in its pending())
        self._on_show: tuple[Entry, Result | None] | None = None  # the report the panes show, as shown
        self._finishing = False  # the pass on its way ends a batch: the status line says its news
        # id(compact result) -> (that result, its full reading): the result is held so its id stays its own
        self._readings: OrderedDict[int, tuple[Result, Result]] = OrderedDict()
        self._reading: int | None = None  # id(compact result) whose reading is on its way
        self._progress_total = 0
        self._export: ExportRun | None = None
        self._batch_open = False  # files were added or re-checked and batch_finished is still due
        self._fitted = False
        self._checked: list[Entry] = []  # results not yet shown
        self._collected: list[tuple[list[Path], list[tuple[Path, str]]]] = []  # found, not yet listed
        self._adding = _Added()  # what the files being listed came to, for the status line
        self._to_start: list[Entry] = []  # listed, their checks not yet started
        self._slices = QTimer(self)  # the next slice of files to list or checks to start
        self._slices.setSingleShot(True)
        self._slices.setInterval(0)
        self._slices.timeout.connect(self._next_slice)
        self._saving = QTimer(self)  # the next save while a batch runs
        self._saving.setSingleShot(True)
        self._saving.setInterval(SAVE_MS)
        self._saving.timeout.connect(self._save_slice)
        self._arrivals: list[Entry] = []  # added to a batch already checked: maybe new versions
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._show_checked)
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(QIcon(str(resource_path("icon", "icon.png"))))
        self.setStyleSheet(STYLE_SHEET)

        self.actions_ = build_actions(self)
        self.session = ReviewSession()
        self.batch = BatchModel(self, self.session)
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()
        self._connect()
        self._restore_state()
        self._update_actions()

    # --- building -----------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        a = self.actions_
        files = self.menuBar().addMenu("文件(&F)")
        files.addActions([a.add_files, a.add_folder, a.open_sample])
        files.addSeparator()
        files.addActions([a.open_review, a.save_review_as, a.choose_roster])
        files.addSeparator()
        files.addActions([a.export_all, a.export_selected])
        files.addSeparator()
        files.addActions([a.settings, a.quit])
        batch = self.menuBar().addMenu("报告(&R)")
        batch.addActions([a.recheck, a.remove, a.clear])
        helping = self.menuBar().addMenu("帮助(&H)")
        helping.addActions([a.help, a.about])

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
        toolbar.addActions([a.settings, a.help])
        self.toolbar = toolbar
        self.addToolBar(toolbar)

    def _build_central(self) -> None:
        a = self.actions_
        self.drop_area = DropArea(self)
        self.welcome = WelcomePage(a.add_files, a.add_folder, a.open_sample)

        self.batch_panel = BatchPanel(self.batch, [a.recheck, a.remove, a.export_selected])
        # the panel's parts, as the tests and the rest of the window know them
        self.batch_view = self.batch_panel.view
        self.batch_filter = self.batch_panel.proxy
        self.status_filter = self.batch_panel.status_filter
        self.search = self.batch_panel.search
        self.batch_note = self.batch_panel.note
        batch_pane = self.batch_panel

        self.findings = FindingsPanel()
        self.preview = PreviewBrowser()
        self.preview_pane = titled_pane("报告原文（检查器读到的内容）", self.preview)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.addWidget(self.findings)
        self.right_splitter.addWidget(self.preview_pane)
        self.right_splitter.setStretchFactor(0, 1)
        self.right_splitter.setStretchFactor(1, 1)
        self.right_splitter.setCollapsible(0, False)  # the preview may be folded away, not the findings
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(batch_pane)
        self.splitter.addWidget(self.right_splitter)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)
        layout = QVBoxLayout(self.drop_area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.setCentralWidget(self.drop_area)

    def _build_status_bar(self) -> None:
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("已检查 %v / %m")
        self.progress.hide()
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().showMessage(START_MESSAGE)

    def _connect(self) -> None:
        a = self.actions_
        a.add_files.triggered.connect(self.ask_files)
        a.add_folder.triggered.connect(self.ask_folder)
        a.open_sample.triggered.connect(self.open_sample)
        a.recheck.triggered.connect(self.recheck_selected)
        a.remove.triggered.connect(self.remove_selected)
        a.clear.triggered.connect(self.ask_clear)
        a.export_all.triggered.connect(lambda: self.export(selected_only=False))
        a.export_selected.triggered.connect(lambda: self.export(selected_only=True))
        a.settings.triggered.connect(lambda: self.prompts.show_settings(self.settings))
        a.help.triggered.connect(self.prompts.show_help)
        a.about.triggered.connect(self.prompts.show_about)
        a.open_review.triggered.connect(self.ask_open_review)
        a.save_review_as.triggered.connect(self.ask_save_review_as)
        a.choose_roster.triggered.connect(self.ask_roster)
        a.quit.triggered.connect(self.close)
        self.drop_area.paths_dropped.connect(self.add_paths)
        self.batch_panel.selection_changed.connect(self._on_batch_selection)
        self.batch_panel.filter_changed.connect(self._on_filter_changed)
        self.batch_view.doubleClicked.connect(self._open_original)
        self.batch.rowsRemoved.connect(lambda *_: self._update_actions())
        self.findings.finding_selected.connect(self.preview.show_finding)
        self.findings.locate_requested.connect(self.locate_finding)
        self.findings.dismiss_requested.connect(self.dismiss_finding)
        self.findings.confirm_requested.connect(self.confirm_finding)
        self.findings.restore_requested.connect(self.restore_finding)
        self.preview.finding_clicked.connect(self.findings.select_finding)

    # --- adding files -------------------------------------------------------------------------------
    def ask_files(self) -> None:
        files = self.prompts.ask_files(self.settings.last_folder)
        if files:
            self.settings.last_folder = str(Path(files[0]).parent)
            self.add_paths(files)

    def ask_folder(self) -> None:
        folder = self.prompts.ask_folder("选择包含年度报告的文件夹", self.settings.last_folder)
        if folder:
            self.settings.last_folder = str(Path(folder).parent)
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
        if not self._collected:  # reports checked before these: the new ones may be their new versions
            self._adding.earlier_checked = len(self.session) > self.session.counts()[Status.CHECKING]
            self._adding.had_entries = len(self.session) > 0
        self._collected.append(collected)
        self._next_slice()

    def _next_slice(self) -> None:
        """List the next slice of files found, or start the next slice of checks."""
        if self._collected:
            self._list_some()
        elif self._to_start:
            self._start_some()
        if self._collected or self._to_start:
            self._slices.start()

    def _list_some(self) -> None:
        files, skipped = self._collected[0]
        files_now, skipped_now = files[:PER_TURN], skipped[: max(0, PER_TURN - len(files))]
        self._collected[0] = (files[PER_TURN:], skipped[len(skipped_now) :])
        if not self._collected[0][0] and not self._collected[0][1]:
            self._collected.pop(0)
        added = self._adding
        known = (
            {path for path in files_now if self.session.contains_path(path)} if added.had_entries else set()
        )
        new_files = list(dict.fromkeys(path for path in files_now if path not in known))
        skipped_now = [(path, reason) for path, reason in skipped_now if not self.session.contains_path(path)]
        entries = [
            Entry(path, Result(str(path), path.suffix.lower().lstrip(".") or "?", error=reason), skipped=True)
            for path, reason in skipped_now
        ]
        checks = [Entry(path) for path in new_files]
        if added.earlier_checked:
            self._arrivals += checks
        restored = []
        for entry in checks + entries if self._restoring else ():
            saved = self._restoring.pop(path_key(entry.path), None)
            if saved is None:
                continue
            if restore(entry, saved):  # as saved: the file is as it was checked (its rounds kept)
                restored.append(entry)
        checks = [entry for entry in checks if entry.result is None]
        self.batch.add(checks + restored + entries)
        added.checks += len(checks)
        added.restored += len(restored)
        added.skipped += len(skipped_now)
        added.known += len(known)
        if self.batch.rowCount():
            self._show_batch_page()
        if not self._collected:
            self._adding = _Added()
            # Said before the checks start: what the finished batch has to say comes after it.
            self.statusBar().showMessage(added.message(), 8000)
        self._check(checks)
        if not self._collected and added.restored and not self._checks_waiting():
            self._cross_check()
        if not self.batch_view.selectionModel().hasSelection() and self.batch_filter.rowCount():
            self.select_entry(self.batch_filter.entry_at(0))
        self._batch_open = True
        self._update_progress()
        if self._collected and not self._saving.isActive():
            self._saving.start(SAVE_MS)  # more slices to come: written together in a moment
        elif not self._collected:
            self._save_slice()

    def _on_collect_failed(self, error: BaseException) -> None:
        self.prompts.error("无法打开", f"读取文件夹时出错：{error}\n请确认文件夹存在并且有权限访问。")

    def _check(self, entries: list[Entry]) -> None:
        """Queue entries for checking, started a slice per turn of the event loop (a small batch at
        once); the progress counts the queued ones too."""
        self._to_start += entries
        self._batch_open = True
        self._start_some()
        if self._to_start:
            self._slices.start()

    def _start_some(self) -> None:
        entries, self._to_start = self._to_start[:PER_TURN], self._to_start[PER_TURN:]
        entries = self.session.start_check(entries)
        self.batch.changed(entries)
        self._update_progress()
        for entry in entries:
            entry.ticket = self.runner.submit(
                partial(check_compact, pack=self.settings.pack()),
                entry.path,
                on_done=lambda result, entry=entry: self._on_checked(entry, result),
                on_error=lambda error, entry=entry: self._on_checked(entry, failed_check(entry.path, error)),
                isolated=True,
            )

    def _checks_waiting(self) -> bool:
        """Checks still to come: running, queued, or files still being listed."""
        checks = self.runner.pending() - self._passes_in_flight  # a batch pass is no check
        return bool(checks > 0 or self._to_start or self._collected)

    def checking(self) -> bool:
        """Anything of the batch still to check, to show or to compare (the benchmark waits on it)."""
        return self._checks_waiting() or bool(self._checked) or self._pass_running()

    def _on_checked(self, entry: Entry, result: Result) -> None:
        if not self.session.take_result(entry, result):
            return  # removed from the list while it was being checked
        self._checked.append(entry)
        # While a batch runs, results are shown a few times a second rather than one by one: the
        # GUI thread then spends little time holding the interpreter the workers are using too.
        if not self._checks_waiting():
            self._show_checked()
        elif not self._refresh.isActive():
            self._refresh.start(REFRESH_MS)

    def _show_checked(self) -> None:
        self._refresh.stop()
        checked, self._checked = self._checked[:PER_TURN], self._checked[PER_TURN:]
        if self._checked:  # the rest on the next turn of the event loop
            self._refresh.start(0)
        complete = not self._checked and not self._checks_waiting()
        checked = [entry for entry in checked if self.session.contains(entry)]
        self.batch.changed(checked)
        if complete:  # the batch is complete: findings across its reports, then its news
            self._cross_check(finishing=True)
        current = self.current_entry()
        if current is not None and any(entry is current for entry in checked):
            self._show_entry(current)
        self._update_progress()
        if checked and not self._saving.isActive():
            self._saving.start(SAVE_MS)

    def _cross_check(self, finishing: bool = False) -> None:
        """The batch pass across reports, under the rule pack chosen in 设置, on a worker thread (it
        reads every report: seconds for a province's batch); its findings are placed when it is done.
        `finishing`: a batch just finished checking, whose news the status line gives afterwards."""
        self.session.pack = self.settings.pack()
        batch_input = self.session.batch_input()
        self._passes += 1
        number = self._passes
        self._finishing = self._finishing or finishing
        self._passes_in_flight += 1
        self.runner.submit(
            batch_output,
            batch_input,
            on_done=lambda output: self._on_pass(number, batch_input, output),
            on_error=lambda error: self._on_pass_failed(number, error),
        )

    def _on_pass(self, number: int, batch_input: BatchInput, output: BatchOutput) -> None:
        self._passes_in_flight -= 1
        if number != self._passes:
            return  # a later pass is on its way: it covers this one's reports
        before = {id(entry): self.batch.face(entry).texts[BatchModel.STATUS] for entry in batch_input.checked}
        crossed = self.batch.take_batch_output(batch_input, output)
        finishing, self._finishing = self._finishing, False
        self._passes_done = number
        current = self.current_entry()
        if current is not None and any(entry is current for entry in crossed):
            self._show_entry(current)
        self._update_progress()
        self._save_slice()  # only what changed is written, a slice at a time
        if finishing:
            placed = self._place_new_versions()
            announcement = _cross_check_news(crossed, before)
            if placed or announcement:
                self.statusBar().showMessage(
                    "；".join(part for part in (placed, announcement) if part), 15000
                )

    def _on_pass_failed(self, number: int, error: BaseException) -> None:
        self._passes_in_flight -= 1
        if number == self._passes:
            self._passes_done = number
            self._finishing = False
            self._update_progress()
            self.statusBar().showMessage(f"比对同一单位各年度的报告时出错：{error}", 15000)

    def _pass_running(self) -> bool:
        return self._passes_done != self._passes

    def _place_new_versions(self) -> str:
        """A report added later under another name whose body and year match one in the list is a
        new version: it goes right below its predecessor and is selected. What was done, in words."""
        arrivals, self._arrivals = self._arrivals, []
        placed = []
        for entry in arrivals:
            earlier = self.batch.predecessor(entry) if self.session.contains(entry) else None
            if earlier is not None:
                self.batch.move_after(entry, earlier)
                if self.session.take_version(entry, earlier):  # the next round of its review
                    self.batch.changed([entry])
                placed.append((entry, earlier))
        if not placed:
            return ""
        self.select_entry(placed[-1][0])
        entry, earlier = placed[-1]
        news = f"“{entry.path.name}”与“{earlier.path.name}”是同一单位同一年度的报告，已放在它下面并选中"
        return news if len(placed) == 1 else f"{len(placed)} 份新版本已放在各自的旧版本下面；{news}"

    # --- the batch ----------------------------------------------------------------------------------
    def selected_entries(self) -> list[Entry]:
        return self.batch_panel.selected_entries()

    def current_entry(self) -> Entry | None:
        return self.batch_panel.current_entry()

    def select_entry(self, entry: Entry) -> None:
        self.batch_panel.select_entry(entry)

    def _open_original(self, index: QModelIndex) -> None:
        """Double-click: the original report in the system's viewer (Word, WPS, a PDF reader)."""
        entry = self.batch_filter.entry_at(index.row())
        if not entry.path.exists():
            self.prompts.error("无法打开", f"找不到文件：\n{entry.path}\n它可能已被移动或删除。")
        elif not self.prompts.open_path(entry.path):
            self.prompts.error("无法打开", f"系统没有能打开这个文件的程序：\n{entry.path}")

    def remove_selected(self) -> None:
        entries = self.selected_entries()
        count = sum(entry.dismissal_count for entry in entries)
        if count and not self.prompts.confirm(
            "移除报告",
            f"所选报告有 {count} 条您忽略的问题和理由，移除后不再保留（报告文件不受影响）。确定移除吗？",
            "移除",
        ):
            return
        for entry in entries:
            if entry.ticket is not None:
                self.runner.forget(entry.ticket)
        self.batch.remove(entries)
        self._checked = [entry for entry in self._checked if self.session.contains(entry)]
        self._to_start = [entry for entry in self._to_start if self.session.contains(entry)]
        if not self._checks_waiting():
            self._cross_check()  # the chains and duplicates the removed reports were part of
        if not self.batch.rowCount():
            self.clear_batch()
        self._update_progress()
        self._save_slice()

    def recheck_selected(self) -> None:
        entries = self.selected_entries() or self.batch.entries()
        entries = [entry for entry in entries if not entry.skipped and entry.status is not Status.CHECKING]
        self._check(entries)
        self._on_batch_selection()

    def dismissal_count(self) -> int:
        return self.session.dismissal_count()

    def ask_clear(self) -> None:
        """清空, asking first when it would throw away the reviewer's dismissals."""
        count = self.dismissal_count()
        if count and not self.prompts.confirm(
            "清空列表",
            f"列表中有 {count} 条您忽略的问题和理由。清空后它们不再保留（报告文件不受影响）。\n"
            "需要保留的话，请先用“文件 → 检查记录另存为…”保存。确定清空吗？",
            "清空",
        ):
            return
        self.clear_batch()

    def clear_batch(self) -> None:
        self.runner.cancel()
        self._restoring = {}
        self._checked = []
        self._passes += 1  # a pass on its way compares reports no longer listed: it is dropped
        self._passes_done = self._passes
        self._passes_in_flight = 0  # the runner dropped every callback
        self._finishing = False
        self._to_start = []
        self._collected = []
        self._adding = _Added()
        self._readings.clear()
        self.batch.clear()
        self._progress_total = 0
        self.pages.setCurrentWidget(self.welcome)
        self._on_batch_selection()
        self._update_progress()
        self._save_slice()

    def _on_batch_selection(self) -> None:
        self._show_entry(self.current_entry())
        self._update_actions()

    def _on_filter_changed(self) -> None:
        """A new filter: the report shown is shown again only if it is no longer the one selected
        (drawing a report's preview again costs what the report is long)."""
        entry = self.current_entry()
        if entry is None or self._on_show != (entry, entry.result):
            self._show_entry(entry)
        self._update_actions()

    def _show_entry(self, entry: Entry | None) -> None:
        self._on_show = (entry, entry.result) if entry is not None else None
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
                result, heading=name, hint="这个文件没有检查：它不是检查器能读取的文件。\n原因见下方。"
            )
            self.preview.show_page(
                f"已跳过：{name}", result.error or "", f"检查器能读取的文件：{READABLE_FILES}。"
            )
        elif result.error:
            self.findings.show_result(
                result, heading=name, hint="无法读取这份报告，因此没有检查结果。\n原因和处理办法见下方。"
            )
            # The reason is specific and says what to do: no generic advice repeated under it.
            self.preview.show_page(f"无法读取：{name}", result.error)
        else:
            dismissed = entry.dismissed  # one dict: the findings table edits it, the preview reads it
            heading = f"{title} · {entry.round_text}" if entry.round_text else title
            self.findings.show_result(result, dismissed, heading=heading, confirmed=confirmed_of(entry))
            self._show_reading(entry, dismissed)

    # --- the preview: the report read again ---------------------------------------------------------
    def _show_reading(self, entry: Entry, dismissed: dict[int, str]) -> None:
        """The preview of a checked report: its file read again (a compact result keeps no document),
        unless that reading is at hand. A file that changed since its check is checked again."""
        result = entry.result
        if result is None:
            return
        held = self._readings.get(id(result))
        full = result if result.document is not None else held[1] if held and held[0] is result else None
        if full is not None and full is not result and not still_current(entry.path, result):
            del self._readings[id(result)]  # the file changed since it was read: read (and check) it again
            full = None
        if full is not None:
            if id(result) in self._readings:
                self._readings.move_to_end(id(result))
            self.preview.show_result(full, dismissed)
            return
        self.preview.show_page(f"正在打开 {entry.path.name}", "正在读取报告原文…")
        if self._reading == id(result):
            return
        self._reading = id(result)
        self.runner.submit(
            partial(reread, pack=self.settings.pack()),
            result,
            on_done=lambda full, entry=entry, result=result: self._on_reading(entry, result, full),
            on_error=lambda error, entry=entry, result=result: self._on_reading_failed(entry, result, error),
            isolated=True,
        )

    def _on_reading(self, entry: Entry, result: Result, full: Result) -> None:
        if self._reading == id(result):
            self._reading = None
        if entry.result is not result:
            return  # re-checked meanwhile
        self._readings[id(result)] = (result, full)
        while len(self._readings) > KEPT_READINGS:
            self._readings.popitem(last=False)
        if self.current_entry() is entry:
            self._show_entry(entry)

    def _on_reading_failed(self, entry: Entry, result: Result, error: BaseException) -> None:
        if self._reading == id(result):
            self._reading = None
        if entry.result is not result or not self.session.contains(entry):
            return
        if isinstance(error, FileChanged):
            self.file_changed(entry, error.fresh)
            return
        if self.current_entry() is entry:
            self.preview.show_page(f"无法打开：{entry.path.name}", f"读取报告原文时出错：{error}")

    def file_changed(self, entry: Entry, fresh: Result) -> None:
        """The file of an entry changed since its check: the fresh check replaces the old findings (the
        reviewer's decisions follow their findings), and the batch pass runs again."""
        self.session.start_check([entry])
        self.session.take_result(entry, fresh)
        self.batch.changed([entry])
        self.statusBar().showMessage(f"{entry.path.name} 在检查之后被修改过，已按新内容重新检查。", 10000)
        if not self._checks_waiting():
            self._cross_check()
        if self.current_entry() is entry:
            self._show_entry(entry)
        self._update_progress()
        self._save_slice()

    # --- findings -----------------------------------------------------------------------------------
    def locate_finding(self, number: int) -> None:
        """定位: unfold the preview if it was folded away and show the finding's place."""
        sizes = self.right_splitter.sizes()
        if len(sizes) == 2 and sizes[1] == 0:
            total = sum(sizes)
            self.right_splitter.setSizes([total // 2, total - total // 2])
        self.preview.show_finding(number)

    def dismiss_finding(self, number: int, reason: str | None = None) -> None:
        entry = self.current_entry()
        if entry is None or entry.result is None:
            return
        if reason is None:
            reason = self.prompts.ask_dismiss_reason(entry.result.findings[number].message)
            if reason is None:
                return
        self.session.dismiss(entry, number, reason)
        self.findings.model.dismiss(number, reason)
        self._after_dismissal(entry)

    def confirm_finding(self, number: int) -> None:
        """属实: the finding stands and the author must correct it (kept in the review, the workbook)."""
        entry = self.current_entry()
        if entry is None or entry.result is None:
            return
        self.session.decide(entry, number, "confirmed")
        self.findings.model.confirm(number)
        self._after_dismissal(entry)

    def restore_finding(self, number: int) -> None:
        """未处理 again: a dismissal or a confirmation undone."""
        entry = self.current_entry()
        if entry is None:
            return
        self.session.decide(entry, number, "open")
        self.findings.model.reopen(number)
        self._after_dismissal(entry)

    def _after_dismissal(self, entry: Entry) -> None:
        self.batch.changed([entry])
        self.findings.refresh_summary(entry.result, entry.dismissed, confirmed_of(entry))
        self.preview.refresh()
        self._update_progress()
        self._save_slice()

    # --- the review file ----------------------------------------------------------------------------
    def _waiting(self) -> list[SavedReport]:
        """The restored reports still being looked up (kept in the review file meanwhile)."""
        return [report for report in self._restoring.values() if not self.session.contains_path(report.path)]

    def saved_reports(self) -> list[SavedReport]:
        """The batch for the review file, with the restored reports still being looked up."""
        return [saved_report(entry) for entry in self.session.entries()] + self._waiting()

    def _save_slice(self) -> None:
        """Write what changed, a slice now and the rest in later turns (a big batch's review file in
        many short writes, never one that stops the window)."""
        self._saving.stop()
        if self.save_session(SAVE_ROWS) and self.session.dirty:
            self._saving.start(SAVE_MS if self.checking() else 0)

    def save_session(self, limit: int | None = None) -> bool:
        """Write what changed to the review file now (at most `limit` reports, the rest stay marked);
        False when it cannot be written."""
        if self._store is None or self._review_loading:
            return False
        # The restored reports still being listed are in the file since its first writing.
        waiting = self._waiting() if not self._store.opened else ()
        try:
            self._store.save(self.session, waiting, limit)
        except OSError as error:
            if self.autosave_error is None:
                self.statusBar().showMessage(f"检查记录无法自动保存：{error}", 15000)
            self.autosave_error = str(error)
            return False
        self.autosave_error = None
        return True

    def restore_session(self) -> None:
        """The batch of the last session, its decisions back on their findings: each report as saved
        when its file is as it was checked, checked again otherwise."""
        if self.review_path is None:
            return
        path = self.review_path
        if not path.exists():  # the review an earlier version kept beside it
            path = path.with_name(LEGACY_FILE_NAME)
            if not path.exists():
                return
        # Read on a worker thread (10,000 saved results take seconds to decode); nothing is written to
        # the review file until it is read.
        self._review_loading = True
        self.runner.submit(
            read_keyed_review,
            path,
            on_done=lambda keyed: self._on_review_read(*keyed),
            on_error=lambda error, path=path: self._on_review_failed(path, error),
        )

    def _on_review_read(self, review: SavedReview, keys: list[str]) -> None:
        self._review_loading = False
        if self._store is not None and not self._store.opened and self.review_path.exists():
            self._store.adopt(len(review.reports))  # its rows are there: only what changes is written
        self._load_reports(review.reports, review.app_version, keys)

    def _on_review_failed(self, path: Path, error: BaseException) -> None:
        self._review_loading = False
        if not isinstance(error, ReviewFileError):
            error = ReviewFileError(str(error))
        kept = set_aside(path)
        if kept is None and path == self.review_path:
            self.review_path = self._store = None  # never overwrite what could not be read or moved aside
        where = f"\n原文件已改名保留为：{kept}" if kept else ""
        self.prompts.error("无法恢复上次的检查", f"{error}{where}\n本次从空白列表开始。")

    def _load_reports(self, reports: list[SavedReport], made_by: str, keys: list[str] | None = None) -> None:
        if made_by != __version__:  # saved results are trusted only from this very version's checks
            reports = [SavedReport(report.path, report.states, None, report.skipped) for report in reports]
        keys = keys if keys is not None else [path_key(report.path) for report in reports]
        self._restoring = dict(zip(keys, reports, strict=True))
        if reports:
            self.add_paths([report.path for report in reports])

    def ask_open_review(self) -> None:
        path = self.prompts.ask_review_to_open(self.settings.review_folder)
        if path:
            self.open_review(Path(path))

    def open_review(self, path: Path) -> bool:
        """Replace the batch with a saved review (asking first when dismissals would be lost)."""
        try:
            review = read_review(path)
        except ReviewFileError as error:
            self.prompts.error("无法打开检查记录", str(error))
            return False
        reports = review.reports
        self.settings.review_folder = str(path.parent)
        count = self.dismissal_count()
        if count and not self.prompts.confirm(
            "打开检查记录",
            f"打开后，当前列表（含 {count} 条忽略理由）将被替换。确定打开吗？",
            "打开",
        ):
            return False
        self.clear_batch()
        self._load_reports(reports, review.app_version)
        missing = sum(1 for report in reports if not report.path.exists())
        if missing:
            self.prompts.error(
                "部分报告找不到",
                f"检查记录中有 {missing} 份报告在本机找不到，已在列表中标为“已跳过”，忽略理由仍保留。\n"
                "请把报告文件放回原处（或与检查记录放在相同的相对位置）后重新打开检查记录。",
            )
        return True

    def ask_save_review_as(self) -> bool:
        start = str(Path(self.settings.review_folder) / save_as_name())
        path = self.prompts.ask_review_to_save(start)
        if not path:
            return False
        return self.save_review_as(Path(path))

    def save_review_as(self, path: Path) -> bool:
        try:
            write_review(path, self.saved_reports(), self.session.round)
        except OSError as error:
            self.prompts.error("无法保存检查记录", f"{error}\n请换一个文件夹再试。")
            return False
        self.settings.review_folder = str(path.parent)
        self.statusBar().showMessage(f"检查记录已保存到 {path}", 10000)
        return True

    # --- the roster: who has not reported -----------------------------------------------------------
    def ask_roster(self) -> None:
        path = self.prompts.ask_roster(self.settings.review_folder)
        if path:
            self.choose_roster(Path(path))

    def choose_roster(self, path: Path) -> bool:
        """Read a roster workbook: the status bar says how many of its units have no report in the list,
        and the exported workbook gets its 报送情况 sheet."""
        try:
            self.roster = read_roster(path)
        except RosterError as error:
            self.prompts.error("无法使用报送名单", str(error))
            return False
        results = [entry.result for entry in self.session.entries() if entry.result is not None]
        self.statusBar().showMessage(not_reported_text(match_roster(self.roster, results)), 30000)
        return True

    # --- export -------------------------------------------------------------------------------------
    def _export_start_folder(self) -> str:
        """The folder the export picker opens in; the default one is created on demand."""
        folder = self.settings.export_dir
        if Path(folder).is_dir():
            return folder
        default = default_export_dir()
        try:
            Path(default).mkdir(parents=True, exist_ok=True)
        except OSError:
            return str(Path(default).parent)
        return default

    def export(self, selected_only: bool = False, folder: str | Path | None = None) -> None:
        """Export the checked reports (all, or the selected ones) to `folder` (asked when None)."""
        entries = self.selected_entries() if selected_only else self.batch.entries()
        entries = [entry for entry in entries if entry.result is not None]
        if not entries:
            self.prompts.error("没有可导出的报告", "请先添加报告并等待检查完成。")
            return
        if folder is None:
            folder = self.prompts.ask_folder("导出到文件夹", self._export_start_folder())
            if not folder:
                return
        folder = Path(folder)
        self.settings.export_dir = str(folder)
        results = [entry.result for entry in entries if entry.result is not None]
        dismissed = {
            entry.result.path: dict(entry.dismissed) for entry in entries if entry.result and entry.dismissed
        }
        confirmed = {
            entry.result.path: confirmed_of(entry)
            for entry in entries
            if entry.result and confirmed_of(entry)
        }
        run = ExportRun(
            self.runner,
            results,
            folder,
            self.settings.reviewer,
            dismissed,
            self,
            show_dismissed=self.settings.show_dismissed,
            pack=self.settings.pack(),
            confirmed=confirmed,
            rounds={entry.result.path: entry.round_note for entry in entries if entry.result},
            roster=match_roster(self.roster, results) if self.roster is not None else None,
        )
        run.progress.connect(self._on_export_progress)
        run.file_changed.connect(self._on_export_file_changed)
        run.finished.connect(self._on_export_finished)
        self._export = run
        self._update_actions()
        self.statusBar().showMessage(f"正在导出 {len(results)} 份报告…")
        run.start()

    def _on_export_file_changed(self, fresh: Result) -> None:
        entry = self.session.find(Path(fresh.path))
        if entry is not None and entry.result is not None:
            self.file_changed(entry, fresh)

    def _on_export_progress(self, done: int, total: int) -> None:
        self.progress.setFormat("已导出 %v / %m")
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setVisible(done < total)

    def _on_export_finished(self, outcome: object) -> None:
        self._export = None
        self.progress.hide()
        self.progress.setFormat("已检查 %v / %m")
        self._update_actions()
        if isinstance(outcome, ExportSummary):
            self.statusBar().showMessage(f"已导出 {len(outcome.written)} 个文件到 {outcome.folder}", 10000)
            self.export_finished.emit(outcome.written)
            self.prompts.export_done(outcome)
            return
        error = outcome if isinstance(outcome, BaseException) else RuntimeError(str(outcome))
        self.statusBar().showMessage("导出失败", 10000)
        self.export_finished.emit(error)
        self.prompts.error("导出失败", export_error_text(error))

    # --- state --------------------------------------------------------------------------------------
    def _update_progress(self) -> None:
        counts = self.batch.counts()
        checking = counts[Status.CHECKING] + len(self._to_start)
        if checking == 0:
            self._progress_total = 0
            if self._export is None:
                self.progress.hide()
            if self._batch_open and not self._pass_running():
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
        self.batch_panel.update_note()
        self._update_actions()

    def _update_actions(self) -> None:
        a = self.actions_
        has_entries = self.batch.rowCount() > 0
        selected = self.batch_panel.has_selection()
        checking = self.batch.counts()[Status.CHECKING] > 0
        exporting = self._export is not None
        # While an export runs the batch it is writing stays as it is.
        a.recheck.setEnabled(has_entries and not exporting)
        a.remove.setEnabled(selected and not exporting)
        a.clear.setEnabled(has_entries and not exporting)
        a.open_review.setEnabled(not exporting)
        a.save_review_as.setEnabled(has_entries)
        exportable = has_entries and not checking and not exporting
        a.export_all.setEnabled(exportable)
        a.export_selected.setEnabled(exportable and selected)

    def _restore_state(self) -> None:
        width, height = DEFAULT_SIZE
        self.resize(width, height)
        geometry = self.settings.state(keys.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        for key, splitter in ((keys.SPLITTER, self.splitter), (keys.RIGHT_SPLITTER, self.right_splitter)):
            state = self.settings.state(key)
            if not state.isEmpty():
                splitter.restoreState(state)
        self._panes_sized = not self.settings.state(keys.RIGHT_SPLITTER).isEmpty()
        self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """Keep the whole window on the screen it opens on (a saved size from a bigger screen shrinks)."""
        screen = self.screen()
        if screen is None:
            return
        available = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_width = frame.width() - self.width() if self.isVisible() else 0
        extra_height = frame.height() - self.height() if self.isVisible() else 0
        outer = fit_rect(frame if self.isVisible() else QRect(self.pos(), self.size()), available)
        if self.isMaximized() or self.isFullScreen():
            return
        self.resize(outer.width() - extra_width, outer.height() - extra_height)
        self.move(outer.topLeft())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.fit_to_screen()  # now the frame (title bar, borders) is known
            if self.pages.currentWidget() is self.splitter and not self._panes_sized:
                self.size_panes()

    def size_panes(self) -> None:
        """Give the findings table room for FINDING_ROWS rows; the preview takes the rest.

        Sized from the page the splitters fill: a page not shown yet has no geometry of its own."""
        height, width = self.pages.height(), self.pages.width()
        findings = min(self.findings.height_for_rows(FINDING_ROWS), height)
        self.right_splitter.setSizes([findings, height - findings])
        self.splitter.setSizes([width * 42 // 100, width - width * 42 // 100])
        self._panes_sized = True

    def _show_batch_page(self) -> None:
        if self.pages.currentWidget() is self.splitter:
            return
        self.pages.setCurrentWidget(self.splitter)
        if not self._panes_sized and self.isVisible():
            self.size_panes()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close():
            event.ignore()
            return
        self.settings.set_state(keys.GEOMETRY, self.saveGeometry())
        self.settings.set_state(keys.SPLITTER, self.splitter.saveState())
        self.settings.set_state(keys.RIGHT_SPLITTER, self.right_splitter.saveState())
        self.settings.sync()
        self.statusBar().showMessage("正在停止未完成的检查…")
        self.runner.shutdown()
        super().closeEvent(event)

    def _may_close(self) -> bool:
        """Closing keeps the review (saved now); when it cannot be saved and dismissals would be
        lost, the reviewer decides."""
        if self.save_session() or not self.dismissal_count():
            return True
        where = f"检查记录无法自动保存（{self.autosave_error}）。" if self.autosave_error else ""
        answer = self.prompts.ask_before_close(
            f"{where}列表中有 {self.dismissal_count()} 条您忽略的问题和理由，关闭后将丢失。\n"
            "要先把检查记录另存为一个文件吗？"
        )
        if answer == "save":
            return self.ask_save_review_as()
        return answer == "close"
