"""A corrected report added under another name lands by the one it replaces, selected; counts that
the pass across reports changes are announced, not changed silently."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.ui.window import MainWindow
from tests.fixtures.crossyear_pairs import earlier_text
from tests.ui.test_cross_report import broken_pair


def _names(window: MainWindow) -> list[str]:
    return [entry.path.name for entry in window.batch.entries()]


def test_a_new_version_is_placed_by_its_predecessor_and_selected(
    window: MainWindow, corpus_files: Path, tmp_path: Path
) -> None:
    first = tmp_path / "遂平县2022年报.docx"
    shutil.copy(corpus_files / "seed000-t3_cell.docx", first)
    others = [corpus_files / name for name in ("seed001-clean.docx", "seed002-clean.docx")]
    window.add_paths([first, *others])
    window.select_entry(window.batch.entries()[2])
    revised = tmp_path / "关于报送2022年度报告的函（修改后）.docx"
    shutil.copy(corpus_files / "seed000-t3_cell.docx", revised)
    window.add_paths([revised])
    assert _names(window) == [first.name, revised.name, "seed001-clean.docx", "seed002-clean.docx"]
    assert window.current_entry().path == revised
    message = window.statusBar().currentMessage()
    assert f"“{revised.name}”与“{first.name}”是同一单位同一年度的报告" in message


def test_a_report_of_another_body_or_year_stays_where_it_was_added(
    window: MainWindow, corpus_files: Path, tmp_path: Path
) -> None:
    window.add_paths([corpus_files / "seed000-t3_cell.docx", corpus_files / "seed001-clean.docx"])
    other = tmp_path / "西平.txt"
    other.write_text(earlier_text(body="西平县科技和工业信息化局"), encoding="utf-8")
    window.add_paths([other])
    assert _names(window)[-1] == "西平.txt"
    assert "同一单位同一年度" not in window.statusBar().currentMessage()


def test_counts_changed_by_the_pass_across_reports_are_announced(window: MainWindow, tmp_path: Path) -> None:
    earlier, later = broken_pair(tmp_path)
    window.add_paths([earlier])
    window.add_paths([later])  # the carry-over from 2022 does not match: 2023 gets errors afterwards
    message = window.statusBar().currentMessage()
    assert "比对同一单位各年度的结转和重复文件后" in message and later.name in message
    assert "结果有变化" in message
