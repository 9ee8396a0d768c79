"""read_xlsx on a corpus workbook and on a workbook holding what real report workbooks hold."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import CORPUS, READER_FIXTURES, block_kinds, check_seed000, paragraphs, row_starting, tables

from app.core.model import ReadError, Table
from app.core.readers import xlsx_reader
from app.core.readers.xlsx_reader import number_text, read_xlsx

FILLED = CORPUS / "seed000-filled.xlsx"
WORKBOOK = READER_FIXTURES / "workbook.xlsx"


def test_corpus_workbook_reads_sheet_by_sheet() -> None:
    document = read_xlsx(FILLED)
    assert document.kind == "xlsx"
    found = check_seed000(document, "P" * 33 + "TTT")
    assert (document.blocks[0].source.sheet, document.blocks[0].source.address) == ("报告正文", "A1")
    assert [table.source.sheet for table in found] == ["主动公开", "依申请公开", "复议诉讼"]
    assert document.notes == ()
    total = row_starting(found[1], "（七）总计")
    assert [cell.source.address for cell in total.cells[-7:]] == [
        "D27",
        "E27",
        "F27",
        "G27",
        "H27",
        "I27",
        "J27",
    ]
    assert (total.cells[-1].source.row, total.cells[-1].source.col) == (26, 9)
    assert [(cell.col, cell.colspan) for cell in found[1].rows[0].cells] == [(0, 3), (3, 7)]
    fee = row_starting(found[0], "行政事业性收费")
    assert [(cell.text, cell.colspan) for cell in fee.cells] == [("行政事业性收费", 1), ("205.3321", 3)]


def test_paragraphs_and_tables_on_one_sheet() -> None:
    document = read_xlsx(WORKBOOK)
    assert block_kinds(document) == "PPPPTPTPT"
    texts = [block.text for block in paragraphs(document)]
    assert texts == [
        "某局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度共收到申请15件。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",  # a heading between two tables of different widths
        "注：本表由某局填报。",
    ]
    table_two, table_three, other_sheet = tables(document)
    assert [(cell.text, cell.colspan) for cell in table_two.rows[0].cells] == [("第二十条第（一）项", 4)]
    # A group label alone on its row stays inside its table, its blank cells read as blank.
    assert row_starting(table_three, "（三）不予公开").texts == ["（三）不予公开", "", "", "", ""]
    assert [(cell.text, cell.rowspan, cell.colspan) for cell in table_three.rows[0].cells] == [
        ("项目", 2, 1),
        ("申请人情况", 1, 4),
    ]
    assert [cell.col for cell in table_three.rows[1].cells] == [1, 2, 3, 4]
    assert other_sheet.source.sheet == "复议" and other_sheet.rows[-1].texts == ["1", "1"]


def test_numbers_as_excel_shows_them() -> None:
    table_two, table_three, _ = tables(read_xlsx(WORKBOOK))
    assert row_starting(table_two, "规章").texts[:3] == ["规章", "5", "3"]  # 5.0 → "5"; text "3" stays
    assert row_starting(table_two, "行政规范性文件").texts[2] == "007"  # a number stored as text
    assert row_starting(table_three, "2.本年新制作数量").texts[1] == "205.3321"  # wrapped label joined
    assert number_text(0.1 + 0.2) == "0.3"
    assert number_text(1e-7) == "0.0000001"
    assert number_text(12) == "12"


def test_formulas_without_cached_results_are_computed_or_noted() -> None:
    document = read_xlsx(WORKBOOK)
    table_two, table_three, _ = tables(document)
    assert row_starting(table_two, "规章").texts[3] == "8"  # =B8+C8 with C8 the text "3"
    assert row_starting(table_two, "行政规范性文件").texts[3] == "7"  # =SUM(B8:B9)
    assert row_starting(table_three, "1.属于国家秘密").texts[4] == "3"  # =SUM(B14:D14)
    total = row_starting(table_three, "合计")
    assert total.texts == ["合计", "206.3321", "", "", "4"]  # =E14+1 uses the computed E14
    noted = {note.source.address: note for note in document.notes}
    assert sorted(noted) == ["C16", "E15"]  # =AVERAGE(…) and a reference to another sheet
    for address, note in noted.items():
        assert note.message.startswith(f"单元格 {address} 是公式，文件中没有计算结果")
        assert note.block is not None and note.row is not None and note.cell is not None
        table = document.blocks[note.block]
        assert isinstance(table, Table)
        cell = table.rows[note.row].cells[note.cell]
        assert cell.source.address == address and cell.text == ""


def test_second_load_only_for_workbooks_with_formulas(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[bool] = []
    original = xlsx_reader._load

    def counting(data: bytes, data_only: bool) -> object:
        loads.append(data_only)
        return original(data, data_only)

    monkeypatch.setattr(xlsx_reader, "_load", counting)
    read_xlsx(FILLED)
    assert loads == [True]
    loads.clear()
    read_xlsx(WORKBOOK)
    assert loads == [True, False]


def test_password_protected_workbook_says_so() -> None:
    with pytest.raises(ReadError, match="密码"):
        read_xlsx(READER_FIXTURES / "encrypted.xlsx")


def test_damaged_or_foreign_files_raise_read_error(tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(FILLED.read_bytes()[:2000])
    word = tmp_path / "word.xlsx"
    word.write_bytes((CORPUS / "seed000-filled.docx").read_bytes())
    text = tmp_path / "text.xlsx"
    text.write_text("名称,数量\n", encoding="utf-8")
    broken_xml = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(FILLED) as source, zipfile.ZipFile(broken_xml, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[:300] if item.filename.endswith("sheet3.xml") else data)
    for path in (truncated, word, text, broken_xml):
        with pytest.raises(ReadError, match="Excel"):
            read_xlsx(path)
