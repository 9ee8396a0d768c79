"""The preview keeps a table's column headings in sight: a finding scrolled to deep in table 三
shows the table's own heading rows over the top of the view, and the marked cell below them."""

from __future__ import annotations

from pathlib import Path

from app.core.model import Cell, Row, Source, Table
from app.ui.preview_html import header_rows
from app.ui.window import MainWindow
from tests.ui.test_window import click_finding, cursor_at_anchor, select


def test_a_scrolled_to_cell_keeps_its_column_headings_in_sight(
    qtbot, window: MainWindow, corpus_files: Path
) -> None:
    window.resize(1366, 768)
    window.add_paths([corpus_files / "seed000-t3_cell.docx"])
    select(window, "seed000-t3_cell.docx")
    number = click_finding(qtbot, window, "A301")
    preview = window.preview
    sticky = preview.sticky
    assert preview.verticalScrollBar().value() > 0
    assert sticky.isVisible()
    assert "自然人" in sticky.text and "法律服务机构" in sticky.text  # table 三's own headings
    assert sticky.geometry().top() == 0 and sticky.width() == preview.viewport().width()
    cell = preview.cursorRect(cursor_at_anchor(window, preview.highlighted_anchor or f"f{number}"))
    assert cell.top() >= sticky.height()  # the marked cell is not hidden under the headings
    assert cell.bottom() <= preview.viewport().height()
    # back at the top, the table's headings are where they belong: no strip
    preview.verticalScrollBar().setValue(0)
    assert not sticky.isVisible()


def _table(*rows: tuple[str, ...]) -> Table:
    return Table(
        rows=tuple(
            Row(cells=tuple(Cell(text, col, Source()) for col, text in enumerate(row)), source=Source())
            for row in rows
        ),
        source=Source(),
    )


def test_heading_rows_are_the_rows_before_the_first_figure() -> None:
    assert header_rows(_table(("", "自然人", "总计"), ("一、本年新收", "3", "3"))) == 1
    assert header_rows(_table(("申请人情况", ""), ("", "自然人"), ("（一）", "1.5"))) == 2
    assert header_rows(_table(("一、总体情况", "本机关……"), ("二、主动公开", "……"))) == 0
