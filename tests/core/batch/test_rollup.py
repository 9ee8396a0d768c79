"""The office's roll-up sheets: 数据汇总 holds every cell as read (`Result.cells`), 跨年度 every chain."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app.core.check import check_batch, check_file
from app.core.export.rollup import (
    CROSS_YEAR_HEADERS,
    CROSS_YEAR_SHEET,
    SUMMARY_LEADING,
    SUMMARY_SHEET,
    summary_header,
)
from app.core.export.workbook import write_workbook
from tests.conftest import CORPUS, real_corpus
from tests.fixtures.crossyear_pairs import earlier_text, later_text, write_pair


def _as_read(cell):
    if cell.value is not None:
        return cell.value
    return cell.text.strip() or None


def assert_summary_equals_cells(path, results):
    rows = list(load_workbook(path)[SUMMARY_SHEET].iter_rows(values_only=True))
    headers = rows[0]
    assert headers[: len(SUMMARY_LEADING)] == SUMMARY_LEADING
    assert len(rows) == 1 + len(results)
    compared = 0
    for result, row in zip(results, rows[1:], strict=True):
        record = dict(zip(headers, row, strict=True))
        assert (record["文件"], record["年度"]) == (result.path, result.year)
        expected = {summary_header((c.table, c.row, c.column)): _as_read(c) for c in result.cells}
        for header, value in list(record.items())[len(SUMMARY_LEADING) :]:
            assert value == expected.get(header), (result.path, header)
            compared += value is not None
    return compared


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rollup")
    holds = write_pair(folder / "遂平", earlier_text(), later_text())
    broken = write_pair(
        folder / "西平",
        earlier_text(body="西平县科技和工业信息化局"),
        later_text(body="西平县科技和工业信息化局", carried_in=(0, 2, 0, 0, 0, 0, 2)),
    )
    unreadable = folder / "空文件.docx"
    unreadable.write_bytes(b"")
    others = [
        CORPUS / "files" / name
        for name in ("seed001-filled.docx", "seed001-old_layout.txt", "seed002-t4_total.xlsx")
    ]
    results = check_batch([check_file(path) for path in (*holds, *broken, *others, unreadable)])
    return results, write_workbook(results, folder / "检查汇总.xlsx")


def test_summary_has_one_row_per_report_with_every_cell_as_read(batch):
    results, path = batch
    compared = assert_summary_equals_cells(path, results)
    assert compared > 5 * 150  # tables 二, 三, 四 of each readable report, not a handful of cells


def test_summary_keeps_blank_cells_blank_and_placeholders_as_printed(tmp_path):
    text = later_text().replace("\t2.重复申请\t5\t0\t0", "\t2.重复申请\t5\t\t—", 1)
    (path,) = write_pair(tmp_path, text, text)[:1]
    [result] = check_batch([check_file(path)])
    book = write_workbook([result], tmp_path / "汇总.xlsx")
    row = dict(zip(*list(load_workbook(book)[SUMMARY_SHEET].iter_rows(values_only=True)), strict=True))
    assert row["表三 （五）不予处理 2.重复申请·商业企业"] is None
    assert row["表三 （五）不予处理 2.重复申请·科研机构"] == "—"
    assert row["表三 （五）不予处理 2.重复申请·自然人"] == 5


def test_cross_year_sheet_lists_every_chain_with_its_status(batch):
    results, path = batch
    rows = list(load_workbook(path)[CROSS_YEAR_SHEET].iter_rows(values_only=True))
    assert rows[0] == CROSS_YEAR_HEADERS
    carry = {
        row[0]: dict(zip(CROSS_YEAR_HEADERS, row, strict=True))
        for row in rows[1:]
        if row[5].startswith("表三")
    }
    assert set(carry) == {"遂平县科技和工业信息化局", "西平县科技和工业信息化局"}
    assert carry["遂平县科技和工业信息化局"]["结果"] == "成立"
    broken = carry["西平县科技和工业信息化局"]
    assert (broken["结果"], broken["上一年度"], broken["本年度"]) == ("不一致", 2022, 2023)
    assert "商业企业 3→2（不一致）" in broken["说明"]
    in_force = [row for row in rows[1:] if row[5].startswith("表二")]
    assert len(in_force) == 4 and {row[8] for row in in_force} == {"成立"}


def test_real_reports_summary_equals_their_cells_and_the_hongze_chain_holds(tmp_path):
    files = real_corpus() / "files"
    results = check_batch([check_file(files / name) for name in ("hongze-2023.pdf", "hongze-2024.pdf")])
    path = write_workbook(results, tmp_path / "检查汇总.xlsx")
    assert assert_summary_equals_cells(path, results) > 0
    rows = list(load_workbook(path)[CROSS_YEAR_SHEET].iter_rows(values_only=True))
    [carry] = [row for row in rows[1:] if row[5].startswith("表三")]
    assert (carry[1], carry[3], carry[8]) == (2023, 2024, "成立")
