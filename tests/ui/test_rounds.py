"""The window's rounds: a corrected version added under another name is the report's second round —
the findings pane says which round and how many were fixed, the list's tooltip lists the rounds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.ui.window import MainWindow
from tests.core.session.test_rounds import ROUNDS, write


def test_a_corrected_version_shows_its_round(window: MainWindow, tmp_path: Path) -> None:
    first = write(tmp_path / "报告.txt", ROUNDS[0])
    window.add_paths([first])
    revised = write(tmp_path / "报告（修改后）.txt", ROUNDS[1])
    window.add_paths([revised])
    entry = window.current_entry()
    assert entry is not None and entry.path == revised and entry.round == 2
    heading = window.findings.heading.text()
    # both versions are in the list, so both carry the duplicate note (C532): it remains
    assert "第2次检查" in heading and "上次的 3 个问题已改正 1 个，仍有 2 个，新发现 1 个" in heading
    tooltip = window.batch.data(window.batch.index(entry.row, 0), Qt.ItemDataRole.ToolTipRole)
    assert "第1次检查" in tooltip and "第2次检查" in tooltip
    old = window.batch.entries()[0]
    assert old.round == 1 and "第2次检查" not in window.batch.data(
        window.batch.index(old.row, 0), Qt.ItemDataRole.ToolTipRole
    )


def test_the_export_of_a_second_round_opens_with_its_line(qtbot, window: MainWindow, tmp_path: Path) -> None:
    import docx
    from openpyxl import load_workbook

    window.add_paths([write(tmp_path / "报告.txt", ROUNDS[0])])
    revised = write(tmp_path / "报告（修改后）.txt", ROUNDS[1])
    window.add_paths([revised])
    assert window.current_entry().path == revised
    with qtbot.waitSignal(window.export_finished, timeout=30000):
        window.export(selected_only=True, folder=tmp_path / "导出")
    (copy,) = (tmp_path / "导出").glob("*.docx")
    second = docx.Document(str(copy)).paragraphs[1].text
    assert second == "第2次检查：上次的 3 个问题已改正 1 个，仍有 2 个，新发现 1 个"
    rows = list(load_workbook(tmp_path / "导出" / "问题汇总表.xlsx")["问题"].iter_rows(values_only=True))
    assert rows[0][-1] == "本轮" and ("V402", "已改正") in [(row[1], row[-1]) for row in rows]
