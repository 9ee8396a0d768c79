"""The reviewer's work is never lost: the review file kept as the reviewer works, restored on the
next start, moved to a colleague; 清空 and closing ask before dismissals are lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from app.core.session.store import FORMAT, JSON_VERSION, read_review
from app.ui.batch_model import Status
from app.ui.window import MainWindow


def _dismiss(window: MainWindow, name: str, rule: str, reason: str) -> int:
    entry = next(entry for entry in window.batch.entries() if entry.path.name == name)
    window.select_entry(entry)
    number = next(n for n, finding in enumerate(entry.result.findings) if finding.rule == rule)
    window.dismiss_finding(number, reason)
    return number


def _reasons(review: Path) -> list[str]:
    """Every dismissal reason the review file holds, read as the next start reads it."""
    return [state.reason for report in read_review(review).reports for state in report.dismissed]


def _reports(tmp_path: Path, corpus_files: Path, *names: str) -> list[Path]:
    folder = tmp_path / "报告"
    folder.mkdir(exist_ok=True)
    return [Path(shutil.copy(corpus_files / name, folder)) for name in names]


def test_a_restart_brings_back_the_batch_and_its_dismissals(
    make_window, corpus_files: Path, review_path: Path, tmp_path: Path
) -> None:
    files = _reports(tmp_path, corpus_files, "seed000-t3_cell.txt", "seed001-clean.docx")
    first = make_window()
    first.add_paths(files)
    number = _dismiss(first, "seed000-t3_cell.txt", "A301", "已与单位电话核实")
    assert review_path.is_file()  # saved as the reviewer works, before any close
    first.close()

    second = make_window()  # the next start
    assert [entry.path.name for entry in second.batch.entries()] == [
        "seed000-t3_cell.txt",
        "seed001-clean.docx",
    ]
    entry = second.batch.entry(0)
    assert entry.status is Status.PROBLEMS and entry.dismissed == {number: "已与单位电话核实"}
    assert entry.result.findings[number].rule == "A301"
    assert entry.status_text == "1 个错误"


def test_confirmed_and_dismissed_findings_are_kept_across_a_restart_and_reach_the_workbook(
    make_window, corpus_files: Path, review_path: Path, tmp_path: Path
) -> None:
    """属实 on one finding, 忽略 on another, the rest 未处理: the next start shows the same three, in
    the 处理 column and in the workbook exported from it."""
    from openpyxl import load_workbook

    from app.ui.findings_model import FindingsModel

    (path,) = _reports(tmp_path, corpus_files, "seed002-t3_balance.txt")
    first = make_window()
    first.add_paths([path])
    entry = first.batch.entry(0)
    first.select_entry(entry)
    assert len(entry.result.findings) >= 2
    first.confirm_finding(0)
    first.dismiss_finding(1, "与填报单位电话核实")
    first.close()

    second = make_window()
    entry = second.batch.entry(0)
    assert entry.states[0].decision == "confirmed" and entry.dismissed == {1: "与填报单位电话核实"}
    second.select_entry(entry)
    model = second.findings.model
    shown = [model.index(n, FindingsModel.DECISION).data() for n in range(model.rowCount())]
    assert shown[:2] == ["属实", "忽略"] and set(shown[2:]) <= {"未处理"}
    second.export(folder=tmp_path / "导出")
    (workbook,) = (tmp_path / "导出").glob("*.xlsx")
    sheet = load_workbook(workbook)["问题"]
    header = [cell.value for cell in sheet[1]]
    decisions = [row[header.index("处理")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "属实（退回修改）" in decisions and "忽略：与填报单位电话核实" in decisions


def test_dismissals_of_a_report_gone_missing_are_kept_until_it_is_back(
    make_window, corpus_files: Path, tmp_path: Path
) -> None:
    (report,) = _reports(tmp_path, corpus_files, "seed000-t3_cell.txt")
    first = make_window()
    first.add_paths([report])
    number = _dismiss(first, report.name, "A301", "无误")
    first.close()
    moved = report.with_suffix(".bak")
    report.rename(moved)

    second = make_window()
    entry = second.batch.entry(0)
    assert entry.status is Status.SKIPPED and "找不到" in entry.reason
    assert [d.reason for d in entry.saved()] == ["无误"]
    second.close()
    moved.rename(report)

    third = make_window()
    assert third.batch.entry(0).dismissed == {number: "无误"}


def test_a_damaged_review_file_is_set_aside_with_a_message(
    make_window, prompts, review_path: Path, corpus_files: Path
) -> None:
    review_path.parent.mkdir(parents=True)
    review_path.write_text('{"format": "nianbao-checker-review", "version": 1, "reports": [{"pa', "utf-8")
    window = make_window()
    title, text = prompts.errors[-1]
    assert title == "无法恢复上次的检查" and "已损坏" in text and "改名保留" in text
    kept = [path for path in review_path.parent.iterdir() if path != review_path]
    assert len(kept) == 1 and kept[0].read_text("utf-8").endswith('"pa')  # nothing of it lost
    assert window.batch.rowCount() == 0
    window.add_paths([corpus_files / "seed000-t3_cell.txt"])
    assert str(read_review(review_path).reports[0].path).endswith("seed000-t3_cell.txt")


def test_a_review_from_another_version_is_not_read_or_overwritten(
    make_window, prompts, review_path: Path
) -> None:
    review_path.parent.mkdir(parents=True)
    newer = {"format": FORMAT, "version": JSON_VERSION + 1, "app_version": "9.0", "reports": []}
    review_path.write_text(json.dumps(newer), "utf-8")
    make_window()
    assert "另一个版本" in prompts.errors[-1][1] and "9.0" in prompts.errors[-1][1]
    kept = [path for path in review_path.parent.iterdir() if path != review_path]
    assert json.loads(kept[0].read_text("utf-8")) == newer


def test_not_a_review_file_when_opened(window: MainWindow, prompts, tmp_path: Path) -> None:
    other = tmp_path / "别的.json"
    other.write_text("[1, 2, 3]", "utf-8")
    prompts.review_to_open = str(other)
    window.actions_.open_review.trigger()
    assert prompts.errors[-1] == ("无法打开检查记录", "这不是年报检查器的检查记录文件。")


def test_save_as_moves_a_review_to_a_colleague(
    qtbot, make_window, prompts, settings, corpus_files: Path, tmp_path: Path
) -> None:
    files = _reports(tmp_path, corpus_files, "seed000-t3_cell.txt", "seed000-missing_section.txt")
    mine = make_window()
    mine.add_paths(files)
    number = _dismiss(mine, "seed000-t3_cell.txt", "C502", "正文指的是上一年")
    prompts.review_to_save = str(tmp_path / "报告" / "交接.json")
    mine.actions_.save_review_as.trigger()
    assert settings.review_folder == str(tmp_path / "报告")  # the picker opens there next time
    # the colleague gets the folder with the reports and the review, somewhere else
    colleague_folder = tmp_path / "同事" / "收到"
    shutil.copytree(tmp_path / "报告", colleague_folder)
    shutil.rmtree(tmp_path / "报告")
    from app.ui.workers import TaskRunner

    colleague = MainWindow(settings, TaskRunner(), prompts)
    qtbot.addWidget(colleague)
    prompts.review_to_open = str(colleague_folder / "交接.json")
    colleague.actions_.open_review.trigger()
    assert sorted(entry.path for entry in colleague.batch.entries()) == sorted(
        colleague_folder / path.name for path in files
    )
    entry = next(entry for entry in colleague.batch.entries() if entry.path.name == "seed000-t3_cell.txt")
    assert entry.dismissed == {number: "正文指的是上一年"}


def test_clear_asks_first_when_dismissals_would_be_lost(
    window: MainWindow, prompts, corpus_files: Path
) -> None:
    window.add_paths([corpus_files / "seed000-t3_cell.txt"])
    window.actions_.clear.trigger()  # nothing dismissed: nothing to ask
    assert window.batch.rowCount() == 0 and prompts.confirmations == []
    window.add_paths([corpus_files / "seed000-t3_cell.txt"])
    _dismiss(window, "seed000-t3_cell.txt", "A301", "无误")
    prompts.confirm_answer = False
    window.actions_.clear.trigger()
    assert window.batch.rowCount() == 1 and "1 条您忽略的问题" in prompts.confirmations[-1]
    prompts.confirm_answer = True
    window.actions_.clear.trigger()
    assert window.batch.rowCount() == 0


def test_removing_a_report_with_dismissals_asks_first(
    window: MainWindow, prompts, corpus_files: Path
) -> None:
    window.add_paths([corpus_files / "seed000-t3_cell.txt", corpus_files / "seed001-clean.docx"])
    _dismiss(window, "seed000-t3_cell.txt", "A301", "无误")
    prompts.confirm_answer = False
    window.actions_.remove.trigger()
    assert window.batch.rowCount() == 2 and "1 条您忽略的问题" in prompts.confirmations[-1]
    prompts.confirm_answer = True
    window.actions_.remove.trigger()
    assert [entry.path.name for entry in window.batch.entries()] == ["seed001-clean.docx"]


def test_close_asks_only_when_the_review_cannot_be_saved(
    qtbot, settings, prompts, corpus_files: Path, tmp_path: Path
) -> None:
    from app.ui.workers import TaskRunner

    blocker = tmp_path / "不是文件夹"
    blocker.write_text("x")
    window = MainWindow(settings, TaskRunner(), prompts, blocker / "当前检查记录.json")
    qtbot.addWidget(window)
    window.show()
    window.add_paths([corpus_files / "seed000-t3_cell.txt"])
    assert window.autosave_error and "无法自动保存" in window.statusBar().currentMessage()
    assert window.close()  # nothing dismissed: nothing lost, nothing asked
    assert prompts.close_questions == []

    window = MainWindow(settings, TaskRunner(), prompts, blocker / "当前检查记录.json")
    qtbot.addWidget(window)
    window.show()
    window.add_paths([corpus_files / "seed000-t3_cell.txt"])
    _dismiss(window, "seed000-t3_cell.txt", "A301", "无误")
    prompts.close_answer = "cancel"
    assert not window.close() and window.isVisible()
    assert "无法自动保存" in prompts.close_questions[-1] and "1 条" in prompts.close_questions[-1]
    prompts.close_answer = "save"
    prompts.review_to_save = str(tmp_path / "另存.json")
    assert window.close()
    assert _reasons(tmp_path / "另存.json") == ["无误"]


def test_closing_with_a_working_review_file_asks_nothing(
    make_window, prompts, corpus_files: Path, review_path: Path
) -> None:
    window = make_window()
    window.add_paths([corpus_files / "seed000-t3_cell.txt"])
    _dismiss(window, "seed000-t3_cell.txt", "A301", "无误")
    assert window.close() and prompts.close_questions == []
    assert _reasons(review_path) == ["无误"]


class _HeldRunner:
    """A runner whose tasks have not come back yet (a slow network folder)."""

    def __init__(self) -> None:
        from app.ui.workers import TaskRunner

        self._inner = TaskRunner()
        self.held: list[tuple] = []

    def submit(self, fn, *args, on_done, on_error=None, isolated=False) -> int:
        self.held.append((fn, args, on_done))
        return len(self.held)

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


def test_closing_while_the_last_review_is_still_loading_keeps_it(
    qtbot, make_window, settings, prompts, corpus_files: Path, review_path: Path, tmp_path: Path
) -> None:
    (report,) = _reports(tmp_path, corpus_files, "seed000-t3_cell.txt")
    first = make_window()
    first.add_paths([report])
    _dismiss(first, report.name, "A301", "无误")
    first.close()

    slow = MainWindow(settings, _HeldRunner(), prompts, review_path)  # type: ignore[arg-type]
    qtbot.addWidget(slow)
    slow.show()
    slow.restore_session()
    assert slow.batch.rowCount() == 0  # the files are still being looked up
    slow.close()
    assert _reasons(review_path) == ["无误"]  # what was not shown yet was not thrown away
    assert make_window().batch.entry(0).dismissal_count == 1


def test_settings_are_an_ini_file_in_the_users_folder(qapp) -> None:
    """On every system the settings are a file beside the review (on Windows under %APPDATA%, not the
    registry; the Windows bundle's test checks the path there)."""
    from PySide6.QtCore import QSettings

    from app.ui.settings import settings_store

    store = settings_store()
    assert store.format() == QSettings.Format.IniFormat
    assert store.fileName().replace("\\", "/").endswith("nianbao-checker/nianbao-checker.ini")
