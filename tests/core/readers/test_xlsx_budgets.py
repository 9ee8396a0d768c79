"""XLSX budgets: merged ranges and formulas measured as ranges, never listed cell by cell."""

from __future__ import annotations

from app.core.model import Paragraph, Table
from app.core.readers.xlsx_reader import MAX_FORMULA_RANGE_CELLS, read_xlsx
from tests.fixtures import hostile


def _sheet(tmp_path, rows: bytes, after: bytes = b""):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(hostile.xlsx_with_sheet(rows, after))
    return read_xlsx(path)


def _row(number: int, *cells: bytes) -> bytes:
    return b'<row r="%d">' % number + b"".join(cells) + b"</row>"


def test_whole_column_merge_is_clipped_to_the_data(tmp_path):
    rows = _row(1, hostile.inline_cell("A1", "标题"), hostile.inline_cell("B1", "合并")) + _row(
        2, hostile.number_cell("A2", 5), hostile.number_cell("C2", 7)
    )
    merges = b'<mergeCells count="1"><mergeCell ref="B1:B1048576"/></mergeCells>'
    [table] = _sheet(tmp_path, rows, merges).blocks
    assert isinstance(table, Table)
    assert [row.texts for row in table.rows] == [["标题", "合并", ""], ["5", "7"]]
    assert table.rows[0].cells[1].rowspan == 2  # the merge reaches the last row holding data, no further


def test_whole_grid_merge_at_a_heading_keeps_the_heading(tmp_path):
    rows = _row(1, hostile.inline_cell("A1", "某县2023年政府信息公开工作年度报告"))
    merges = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    [paragraph] = _sheet(tmp_path, rows, merges).blocks
    assert isinstance(paragraph, Paragraph) and paragraph.text.startswith("某县")


def _formula(reference: str, formula: str) -> bytes:
    return f'<c r="{reference}"><f>{formula}</f></c>'.encode()


def test_small_sum_is_still_computed_and_a_huge_one_is_said_plainly(tmp_path):
    rows = (
        _row(1, hostile.inline_cell("A1", "项目"), hostile.inline_cell("B1", "数量"))
        + _row(2, hostile.inline_cell("A2", "甲"), hostile.number_cell("B2", 3))
        + _row(3, hostile.inline_cell("A3", "乙"), hostile.number_cell("B3", 4))
        + _row(4, hostile.inline_cell("A4", "合计"), _formula("B4", "SUM(B2:B3)"))
        + _row(5, hostile.inline_cell("A5", "全表"), _formula("B5", "SUM(A1:XFD1048576)"))
    )
    document = _sheet(tmp_path, rows)
    [table] = document.blocks
    assert [row.texts[1] for row in table.rows] == ["数量", "3", "4", "7", ""]
    [note] = document.notes
    assert note.source.address == "B5" and "公式范围过大，未计算" in note.message
    assert (note.row, note.cell) == (4, 1)


def test_range_just_inside_the_bound_is_computed(tmp_path):
    last_row = MAX_FORMULA_RANGE_CELLS  # one column of exactly the bound
    rows = _row(1, hostile.inline_cell("A1", "合计"), _formula("B1", f"SUM(C2:C{last_row + 1})")) + _row(
        2, hostile.inline_cell("A2", "值"), hostile.number_cell("C2", 9)
    )
    document = _sheet(tmp_path, rows)
    assert document.notes == ()
    assert document.blocks[0].rows[0].texts[1] == "9"


def test_a_long_chain_of_formulas_ends_in_notes_not_a_crash(tmp_path):
    count = 1500  # deeper than the evaluator follows at once
    rows = b"".join(
        _row(number, hostile.inline_cell(f"A{number}", "项"), _formula(f"B{number}", f"B{number + 1}+1"))
        for number in range(1, count)
    ) + _row(count, hostile.inline_cell(f"A{count}", "项"), hostile.number_cell(f"B{count}", 1))
    document = _sheet(tmp_path, rows)
    values = [row.texts[1] for block in document.blocks if isinstance(block, Table) for row in block.rows]
    assert values[-1] == "1" and values[-2] == "2"
    assert all(value in ("", str(count - index)) for index, value in enumerate(values))
