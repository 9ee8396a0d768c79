"""The window's batch across reports: chain findings on the later report, a broken chain marked on
both reports, one body's reports grouped by year, dismissals kept when the batch pass runs again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.core.batch import rules
from app.core.check import check_file
from app.core.session import Entry
from app.ui.batch_model import SORT_ROLE, BatchModel
from app.ui.look import SEVERITY_COLORS
from app.ui.window import MainWindow
from tests.fixtures.crossyear_pairs import earlier_text, later_text, write_pair
from tests.ui.test_window import drop

CHAIN_BROKEN, DUPLICATE = rules.CHAIN_BROKEN.id, rules.DUPLICATE.id
OTHER_BODY = "西平县科技和工业信息化局"


def broken_pair(folder: Path) -> tuple[Path, Path]:
    return write_pair(folder, earlier_text(), later_text(carried_in=(0, 2, 0, 0, 0, 0, 2)))


def year_colour(model: BatchModel, row: int):
    return model.data(model.index(row, BatchModel.YEAR), Qt.ItemDataRole.ForegroundRole)


def test_batch_model_adds_chain_findings_and_marks_both_reports(qapp, tmp_path):
    first, second = broken_pair(tmp_path / "遂平")
    other = tmp_path / "西平.txt"
    other.write_text(earlier_text(body=OTHER_BODY), encoding="utf-8")
    model = BatchModel()
    model.add([Entry(path, check_file(path)) for path in (second, other, first)])
    model.cross_check()
    later, unrelated, earlier = model.entries()
    assert {f.column for f in later.result.findings if f.rule == CHAIN_BROKEN} == {"商业企业", "总计"}
    assert not [f for f in earlier.result.findings + unrelated.result.findings if f.rule == CHAIN_BROKEN]
    red = QColor(SEVERITY_COLORS["error"]).name()
    assert [year_colour(model, row) and year_colour(model, row).name() for row in range(3)] == [
        red,
        None,
        red,
    ]
    tooltip = model.data(model.index(2, BatchModel.FILE), Qt.ItemDataRole.ToolTipRole)
    assert "跨年度 2022→2023" in tooltip and "不一致" in tooltip
    # sorting by 单位 puts one body's reports together, in year order
    keys = [model.data(model.index(row, BatchModel.BODY), SORT_ROLE) for row in range(3)]
    order = sorted(range(3), key=keys.__getitem__)
    assert order.index(0) == order.index(2) + 1  # 遂平 2022 just before 遂平 2023


def test_dismissals_of_chain_findings_survive_a_recheck(qapp, tmp_path):
    first, second = broken_pair(tmp_path)
    model = BatchModel()
    model.add([Entry(path, check_file(path)) for path in (first, second)])
    model.cross_check()
    later = model.entries()[1]
    index = next(n for n, f in enumerate(later.result.findings) if f.rule == CHAIN_BROKEN)
    model.session.dismiss(later, index, "已与上年报告核对")
    later.start_check()  # 重新检查: the file's own check knows nothing of the other report
    later.take_result(check_file(second))
    assert not [f for f in later.result.findings if f.rule == CHAIN_BROKEN]
    assert later in model.cross_check()
    assert later.result.findings[index].rule == CHAIN_BROKEN
    assert later.dismissed == {index: "已与上年报告核对"} and later.pending == ()


def test_a_duplicate_stops_the_chain_and_its_removal_brings_it_back(qapp, tmp_path):
    first, second = broken_pair(tmp_path)
    copy = tmp_path / "副本.txt"
    copy.write_text(earlier_text(), encoding="utf-8")
    model = BatchModel()
    model.add([Entry(path, check_file(path)) for path in (first, second, copy)])
    model.cross_check()
    later = model.entries()[1]
    assert not [f for f in later.result.findings if f.rule == CHAIN_BROKEN]
    assert [f.rule for f in model.entries()[2].result.findings if f.rule == DUPLICATE] == [DUPLICATE]
    model.remove([model.entries()[2]])
    assert later in model.cross_check()
    assert [f.rule for f in later.result.findings if f.rule == CHAIN_BROKEN] == [CHAIN_BROKEN] * 2
    assert not [f for f in model.entries()[0].result.findings if f.rule == DUPLICATE]


def test_window_shows_the_chain_finding_once_the_batch_is_checked(qtbot, window: MainWindow, tmp_path):
    first, second = broken_pair(tmp_path / "各年度")
    with qtbot.waitSignal(window.batch_finished, timeout=20000):
        drop(window, [tmp_path / "各年度"])
    entries = {entry.path.name: entry for entry in window.batch.entries()}
    later = entries[second.name]
    assert [f.related_file for f in later.result.findings if f.rule == CHAIN_BROKEN] == [str(first)] * 2
    rows = {window.batch.entry(row).path.name: row for row in range(window.batch.rowCount())}
    assert year_colour(window.batch, rows[first.name]) is not None
    assert year_colour(window.batch, rows[second.name]) is not None
