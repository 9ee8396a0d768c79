"""Never an old finding on a changed file: a report replaced after its check (the department's corrected
version saved over the old one) is re-checked before it is shown, and never exported with the findings
of the old text."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from app.ui.batch_model import Status
from app.ui.window import MainWindow
from tests.ui.test_window import drop, select

WRONG = "seed000-t3_cell.docx"  # table 三 holds a mistyped cell: A301 errors
CORRECTED = "seed000-clean.docx"  # the same report, correct


def _the_report(tmp_path: Path, corpus_files: Path) -> Path:
    folder = tmp_path / "收到"
    folder.mkdir()
    return Path(shutil.copy(corpus_files / WRONG, folder / "遂平县2022年报.docx"))


def _rules(window: MainWindow, name: str) -> list[str]:
    entry = next(entry for entry in window.batch.entries() if entry.path.name == name)
    return [finding.rule for finding in entry.result.findings]


def _workbook_text(path: Path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    )


def test_a_file_replaced_after_its_check_is_never_exported_with_the_old_findings(
    qtbot, window: MainWindow, prompts, corpus_files: Path, tmp_path: Path
) -> None:
    report = _the_report(tmp_path, corpus_files)
    drop(window, [report])
    assert "A301" in _rules(window, report.name)
    old_messages = [f.message for f in window.batch.entry(0).result.findings if f.rule == "A301"]

    shutil.copy(corpus_files / CORRECTED, report)  # the corrected version saved over the old file
    with qtbot.waitSignal(window.export_finished, timeout=30000):
        window.export(folder=tmp_path / "导出")
    summary = prompts.exports[-1]
    # refused with the reason, never written from the new text with the old findings
    assert not (tmp_path / "导出" / "遂平县2022年报（检查意见）.docx").exists()
    [(name, reason)] = summary.skipped
    assert name == report.name and "修改" in reason
    workbook = next(path for path in summary.written if path.suffix == ".xlsx")
    assert not any(message in _workbook_text(workbook) for message in old_messages)
    # and the window now shows the new text's check
    assert "A301" not in _rules(window, report.name)
    assert window.batch.entry(0).status is Status.PASSED

    with qtbot.waitSignal(window.export_finished, timeout=30000):
        window.export(folder=tmp_path / "再导出")
    assert (tmp_path / "再导出" / "遂平县2022年报（检查意见）.docx").is_file()
    assert prompts.exports[-1].skipped == []


def test_a_file_replaced_after_its_check_is_rechecked_when_it_is_looked_at(
    qtbot, window: MainWindow, corpus_files: Path, tmp_path: Path
) -> None:
    report = _the_report(tmp_path, corpus_files)
    other = Path(shutil.copy(corpus_files / CORRECTED, tmp_path / "收到" / "另一份.docx"))
    drop(window, [report, other])
    select(window, other.name)
    shutil.copy(corpus_files / CORRECTED, report)
    select(window, report.name)  # the preview reads the file again: it is not what was checked
    assert "A301" not in _rules(window, report.name)
    assert window.current_entry().status is Status.PASSED
    assert "重新检查" in window.statusBar().currentMessage()
    assert window.preview.result is not None
    assert window.preview.result.findings == window.current_entry().result.findings
