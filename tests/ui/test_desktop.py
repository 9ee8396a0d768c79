"""Desktop habits: the list sorts and filters, double-click opens the original, the findings' context
menu, F1 help, export with progress and a list of what was written and skipped, pickers that remember,
Chinese dialogs, hints only where they apply."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from app.ui.batch_model import BatchModel, Status
from app.ui.dialogs import ExportDoneDialog, HelpDialog, file_dialog
from app.ui.findings_model import FindingsModel
from app.ui.settings import Settings
from app.ui.window import MainWindow


def _shown_names(window: MainWindow) -> list[str]:
    view_model = window.batch_filter
    return [view_model.entry_at(row).path.name for row in range(view_model.rowCount())]


@pytest.fixture
def mixed(tmp_path: Path, corpus_files: Path) -> list[Path]:
    folder = tmp_path / "收到"
    folder.mkdir()
    for name in ("seed001-clean.docx", "seed000-t3_cell.txt", "seed000-missing_section.txt"):
        shutil.copy(corpus_files / name, folder)
    (folder / "损坏.docx").write_text("不是 Word 文件", encoding="utf-8")
    (folder / "旧.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    return sorted(folder.iterdir())


def test_the_list_sorts_by_status_and_filters(qtbot, window: MainWindow, mixed: list[Path]) -> None:
    window.add_paths(mixed)
    header = window.batch_view.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=_section_center(header, BatchModel.STATUS)
    )
    statuses = [window.batch_filter.entry_at(row).status for row in range(window.batch_filter.rowCount())]
    assert statuses[:2] == [Status.PROBLEMS, Status.PROBLEMS] and statuses[-1] is Status.PASSED
    worst = window.batch_filter.entry_at(0)
    assert worst.open_count("error") >= window.batch_filter.entry_at(1).open_count("error")

    window.status_filter.setCurrentIndex(window.status_filter.findText("有问题"))
    assert set(_shown_names(window)) == {"seed000-missing_section.txt", "seed000-t3_cell.txt"}
    window.status_filter.setCurrentIndex(window.status_filter.findText("无法读取或已跳过"))
    assert set(_shown_names(window)) == {"旧.doc", "损坏.docx"}
    window.status_filter.setCurrentIndex(window.status_filter.findText("通过"))
    window.search.setText("t3")
    assert _shown_names(window) == [] and window.batch_note.isVisible()
    window.status_filter.setCurrentIndex(0)
    assert _shown_names(window) == ["seed000-t3_cell.txt"] and not window.batch_note.isVisible()
    # selection works through the sorted, filtered view
    window.select_entry(window.batch_filter.entry_at(0))
    assert window.current_entry().path.name == "seed000-t3_cell.txt"
    # its 2 errors, the note that seed000-missing_section.txt is the same body's report of that year,
    # and the three 提示 of a report without a preamble (period, basis, contact)
    assert window.findings.proxy.rowCount() == 6


def _section_center(header, section: int):
    from PySide6.QtCore import QPoint

    return QPoint(
        header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2
    )


def test_file_names_get_the_room_and_elide_at_the_end(window: MainWindow, mixed: list[Path]) -> None:
    window.add_paths(mixed)
    view = window.batch_view
    assert view.textElideMode() == Qt.TextElideMode.ElideRight
    for width in (440, 900):
        view.resize(width, 300)
        view.lay_out_columns()
        header = view.horizontalHeader()
        assert not view.isColumnHidden(BatchModel.BODY)  # 单位 says whose 「2023年报.pdf」 it is
        assert sum(header.sectionSize(c) for c in range(5)) <= view.viewport().width()
        assert header.sectionSize(BatchModel.BODY) >= 60
    # with room, the file name gets the most of it
    assert header.sectionSize(BatchModel.FILE) >= max(header.sectionSize(c) for c in range(1, 5))
    view.horizontalHeader().resizeSection(BatchModel.FILE, 300)  # the reviewer drags a column
    view.resize(600, 300)
    view.lay_out_columns() if view._auto else None
    assert view.horizontalHeader().sectionSize(BatchModel.FILE) == 300


def test_double_click_opens_the_original(qtbot, window: MainWindow, prompts, mixed: list[Path]) -> None:
    window.add_paths(mixed)
    row = _shown_names(window).index("seed000-t3_cell.txt")
    rect = window.batch_view.visualRect(window.batch_filter.index(row, BatchModel.FILE))
    qtbot.mouseClick(window.batch_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.batch_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert prompts.opened == [next(path for path in mixed if path.name == "seed000-t3_cell.txt")]


def test_the_findings_context_menu(qtbot, window: MainWindow, prompts) -> None:
    window.open_sample()
    panel = window.findings
    result = window.current_entry().result
    number = next(n for n, finding in enumerate(result.findings) if finding.rule == "A301")
    panel.select_finding(number)
    menu = panel.context_menu()
    assert [action.text() for action in menu.actions() if not action.isSeparator()] == [
        "复制",
        "定位",
        "属实（退回修改）",
        "忽略…",
        "改回未处理",
    ]
    assert panel.dismiss_action.isEnabled() and not panel.restore_action.isEnabled()
    assert panel.model.decision_text(number) == "未处理"

    panel.copy_action.trigger()
    copied = QGuiApplication.clipboard().text()
    assert result.findings[number].message in copied and "规则 A301" in copied

    window.right_splitter.setSizes([500, 0])  # the preview folded away
    panel.locate_action.trigger()
    assert window.right_splitter.sizes()[1] > 0 and window.preview.highlighted_finding == number

    panel.dismiss_action.trigger()
    assert window.current_entry().dismissed == {number: prompts.reason}
    panel.context_menu()
    assert panel.restore_action.isEnabled() and not panel.dismiss_action.isEnabled()
    panel.restore_action.trigger()
    assert window.current_entry().dismissed == {}

    panel.confirm_action.trigger()  # 属实: shown in the 处理 column and the summary, kept in the session
    state = window.current_entry().states[number]
    assert state.decision == "confirmed" and window.current_entry().dismissed == {}
    row = panel.proxy.proxy_row_of(number)
    assert panel.proxy.index(row, FindingsModel.DECISION).data() == "属实"
    assert "属实 1 条" in panel.summary.text() and "未处理" in panel.summary.text()
    panel.context_menu()
    assert not panel.confirm_action.isEnabled() and panel.restore_action.isEnabled()
    panel.restore_action.trigger()
    assert number not in window.current_entry().states
    assert panel.proxy.index(row, FindingsModel.DECISION).data() == "未处理"


def test_f1_opens_the_help_page(qtbot, window: MainWindow, prompts) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert prompts.helped == 1
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    for words in ("报告的状态", "勾稽关系", "属实、忽略、未处理", "文件保存在哪里", "问题汇总表.xlsx"):
        assert words in text


def test_export_shows_progress_then_lists_files_and_skips(
    qtbot, window: MainWindow, prompts, mixed: list[Path], tmp_path: Path
) -> None:
    window.add_paths(mixed)
    progress: list[tuple[int, int]] = []
    window.progress.valueChanged.connect(lambda value: progress.append((value, window.progress.maximum())))
    target = tmp_path / "新建" / "年报检查意见"  # created on demand
    with qtbot.waitSignal(window.export_finished, timeout=30000):
        window.export(folder=target)
    summary = prompts.exports[-1]
    names = [path.name for path in summary.written]
    assert names == [
        "seed000-missing_section（检查意见）.docx",
        "seed000-t3_cell（检查意见）.docx",
        "seed001-clean（检查意见）.docx",
        "问题汇总表.xlsx",
    ]
    assert all(path.is_file() for path in summary.written)
    assert {name for name, _reason in summary.skipped} == {"旧.doc", "损坏.docx"}
    assert all(reason for _name, reason in summary.skipped)
    assert progress[-1] == (4, 4) and len(progress) >= 4  # one step per report, then the workbook

    dialog = ExportDoneDialog(summary)
    qtbot.addWidget(dialog)
    assert len(dialog.open_buttons) == 4 and "损坏.docx" in dialog.skipped_label.text()

    with qtbot.waitSignal(window.export_finished, timeout=30000):
        window.export(folder=target)  # again: nothing overwritten, the new names say so
    again = prompts.exports[-1]
    assert len(again.renamed) == 4 and all("(2)" in path.name for path in again.renamed)


def test_the_first_export_folder_is_created_and_pickers_remember(
    window: MainWindow, prompts, settings: Settings, tmp_path: Path, corpus_files: Path, monkeypatch
) -> None:
    default = tmp_path / "文档" / "年报检查意见"
    monkeypatch.setattr("app.ui.window.default_export_dir", lambda: str(default))
    monkeypatch.setattr("app.ui.settings.default_export_dir", lambda: str(default))
    window.open_sample()
    prompts.folder = None  # the reviewer looks, then cancels
    window.actions_.export_all.trigger()
    assert prompts.starts[-1] == str(default) and default.is_dir()

    prompts.files = [str(corpus_files / "seed000-t3_cell.txt")]
    window.actions_.add_files.trigger()
    window.actions_.add_files.trigger()
    assert prompts.starts[-1] == str(corpus_files)
    settings.sync()
    stored = Settings(QSettings(settings._store.fileName(), QSettings.Format.IniFormat))
    assert stored.last_folder == str(corpus_files)  # remembered across starts too


def test_file_pickers_speak_chinese(qtbot) -> None:
    dialog = file_dialog(None, "添加年度报告", ".", QFileDialog.FileMode.ExistingFiles, "年度报告 (*.docx)")
    qtbot.addWidget(dialog)
    assert dialog.labelText(QFileDialog.DialogLabel.LookIn) == "查找范围："
    assert dialog.labelText(QFileDialog.DialogLabel.FileType) == "文件类型："
    assert dialog.labelText(QFileDialog.DialogLabel.Reject) == "取消"
    if sys.platform.startswith("linux"):
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)


def test_hints_only_where_they_apply(window: MainWindow) -> None:
    if sys.platform != "win32":
        assert window.welcome.admin_note.isHidden()


def test_tooltips_wrap_and_a_filter_that_hides_everything_says_so(window: MainWindow) -> None:
    window.open_sample()
    panel = window.findings
    tip = panel.model.data(panel.model.index(0, FindingsModel.MESSAGE), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("<table width=") and "规则 " in tip
    for button in panel.severity_buttons.values():
        button.setChecked(False)
    assert panel.stack.currentWidget() is panel.filtered_out
    panel.show_all_button.click()
    assert panel.stack.currentWidget() is panel.table
    assert panel.proxy.rowCount() == len(window.current_entry().result.findings)


def test_the_columns_keep_filling_the_list_as_statuses_change(
    qtbot, window: MainWindow, mixed: list[Path]
) -> None:
    view = window.batch_view
    view.resize(560, 300)
    window.add_paths(mixed)
    qtbot.wait(300)  # the columns follow the statuses a moment later
    header = view.horizontalHeader()
    shown = [c for c in range(5) if not view.isColumnHidden(c)]
    assert view._auto and sum(header.sectionSize(c) for c in shown) == view.viewport().width()


def test_ctrl_c_in_the_findings_copies_the_finding(qtbot, window: MainWindow) -> None:
    window.open_sample()
    panel = window.findings
    panel.select_finding(0)
    QGuiApplication.clipboard().clear()
    window.activateWindow()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert window.current_entry().result.findings[0].message in QGuiApplication.clipboard().text()


@pytest.mark.slow  # the real worker pool: worker processes started per check, slow on a 2-core CI
def test_export_with_the_real_thread_pool(
    qtbot, pool_window: MainWindow, prompts, mixed: list[Path], tmp_path: Path
) -> None:
    with qtbot.waitSignal(pool_window.batch_finished, timeout=30000):
        pool_window.add_paths(mixed)
    with qtbot.waitSignal(pool_window.export_finished, timeout=60000) as outcome:
        pool_window.export(folder=tmp_path / "导出")
    assert len(outcome.args[0]) == 4 and all(path.is_file() for path in outcome.args[0])
    assert prompts.exports[-1].skipped and pool_window.progress.isHidden()
    assert pool_window.actions_.export_all.isEnabled()
