"""The roster in the window: 选择报送名单… says how many units have no report in the list, and the
exported workbook gets the 报送情况 sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from app.ui.window import MainWindow
from tests.core.batch.test_roster import _reports, _roster


def test_the_units_without_a_report_are_counted_and_exported(
    qtbot, window: MainWindow, prompts, tmp_path
) -> None:
    window.add_paths(_reports(tmp_path / "reports"))
    prompts.roster = str(_roster(tmp_path / "名单.xlsx"))
    window.ask_roster()
    assert not prompts.errors
    assert "名单中 4 个单位，1 个未报送：遂平县财政局。" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.export_finished, timeout=30000):
        window.export(folder=tmp_path / "导出")
    rows = list(load_workbook(tmp_path / "导出" / "问题汇总表.xlsx")["报送情况"].iter_rows(values_only=True))
    assert [(row[0], row[3]) for row in rows[1:]][-1] == ("遂平县财政局", "未报送")


def test_a_roster_that_cannot_be_read_is_said(window: MainWindow, prompts, tmp_path: Path) -> None:
    broken = tmp_path / "名单.xlsx"
    broken.write_bytes(b"not a workbook")
    prompts.roster = str(broken)
    window.ask_roster()
    assert prompts.errors and prompts.errors[0][0] == "无法使用报送名单"
    assert window.roster is None
