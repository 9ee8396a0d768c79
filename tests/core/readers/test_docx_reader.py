"""read_docx on a corpus report and on Word files built to hold what real reports hold."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import CORPUS, READER_FIXTURES, block_kinds, cells_reading, check_seed000, paragraphs, tables

from app.core.model import Paragraph, ReadError, Table
from app.core.readers.common import join_lines
from app.core.readers.docx_reader import read_docx

FILLED = CORPUS / "seed000-filled.docx"


def test_corpus_report_reads_in_order() -> None:
    document = read_docx(FILLED)
    assert document.kind == "docx"
    table_three = check_seed000(document, "P" * 19 + "TPTPT" + "P" * 9)[1]
    assert document.blocks[0].source.paragraph == 0
    header = table_three.rows[0].cells
    assert [(cell.text, cell.col, cell.colspan, cell.rowspan) for cell in header] == [
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 0, 3, 3),
        ("申请人情况", 3, 7, 1),
    ]
    # Grid columns, not positions in the row: 自然人 stands in column 3 under the merged header.
    assert [cell.col for cell in table_three.rows[1].cells] == [3, 4, 9]


def test_sources_find_the_same_place_through_python_docx() -> None:
    document = read_docx(FILLED)
    word = docx.Document(str(FILLED))
    for block in document.blocks:
        if isinstance(block, Paragraph):
            assert block.source.paragraph is not None
            assert word.paragraphs[block.source.paragraph].text == block.text
            continue
        assert isinstance(block, Table)
        assert block.source.table is not None
        for row in block.rows:
            assert row.source.table is not None and row.source.row is not None
            # python-docx repeats a merged cell in every grid column it spans: index by grid column.
            word_cells = word.tables[row.source.table].rows[row.source.row].cells
            for cell in row.cells:
                assert cell.source.col is not None
                assert word_cells[cell.source.col].text == cell.text


def test_merged_cells_blank_cells_wrapped_lines_and_nested_tables() -> None:
    document = read_docx(READER_FIXTURES / "merged.docx")
    assert block_kinds(document) == "PPPTPTP"
    table = tables(document)[0]
    top = table.rows[0].cells
    assert [(cell.text, cell.col, cell.colspan, cell.rowspan) for cell in top] == [
        ("项目", 0, 1, 2),
        ("申请人情况", 1, 3, 1),
    ]
    assert [cell.col for cell in table.rows[1].cells] == [1, 2, 3]  # the continuation is not emitted
    assert table.rows[2].texts == ["一、本年新收数量", "5", "", "5"]  # two lines joined; a real blank
    notes = tables(document)[1]
    assert notes.rows[0].texts == ["Open Data", "备注"]  # a break between Latin words was a space
    assert notes.rows[1].texts == ["嵌套", "3 4"]  # a nested table's values stay apart


def test_paragraph_indices_count_empty_paragraphs_and_skip_content_controls() -> None:
    document = read_docx(READER_FIXTURES / "merged.docx")
    sources = [(block.text, block.source.paragraph) for block in paragraphs(document)]
    assert sources == [
        ("某局2023年政府信息公开工作年度报告", 0),
        ("控件中的段落", None),  # python-docx does not list paragraphs inside a w:sdt
        ("三、收到和处理政府信息公开申请情况", 2),  # index 1 is the dropped empty paragraph
        ("说明表", 3),
        ("四、政府信息公开行政复议、行政诉讼情况", 4),
    ]


def test_table_split_by_a_page_break_is_joined() -> None:
    document = read_docx(READER_FIXTURES / "split_table.docx")
    assert block_kinds(document) == "PTTP"
    joined, other = tables(document)
    assert [row.texts[0] for row in joined.rows] == [
        "项目",
        "数量",
        "一、本年新收",
        "三、本年度办理结果",
        "（二）部分公开",
        "四、结转下年度继续办理",
    ]
    assert cells_reading(joined, "项目") == [(0, 0)]  # the repeated header rows are dropped
    result = joined.rows[3].cells[0]
    assert result.rowspan == 2  # the vMerge goes on in the second w:tbl
    continued = joined.rows[4]
    assert (continued.source.table, continued.source.row) == (1, 2)  # where the row physically is
    assert continued.cells[0].source.table == 1 and continued.cells[0].col == 1
    assert joined.source.table == 0
    assert other.source.table == 2 and other.rows[1].texts == ["1", "2", "3"]  # another grid: kept apart


def test_tracked_changes_read_as_accepted() -> None:
    document = read_docx(READER_FIXTURES / "tracked_changes.docx")
    texts = [(block.text, block.source.paragraph) for block in paragraphs(document)]
    assert texts == [
        ("标题", 0),
        ("本年收到申请15件，详见门户网站第3页。", 1),  # no deleted "12", moved-away text or field code
        ("删除段落之后", 3),  # paragraph 2 held only deleted text
    ]
    assert tables(document)[0].rows[1].texts == ["予以公开", "4"]


def test_join_lines_keeps_chinese_together() -> None:
    assert join_lines(["三、本", "年度办", "理结果"]) == "三、本年度办理结果"
    assert join_lines(["205.33", "21"]) == "205.3321"
    assert join_lines(["Open", "Data", ""]) == "Open Data"


def test_password_protected_file_says_so() -> None:
    with pytest.raises(ReadError, match="密码"):
        read_docx(READER_FIXTURES / "encrypted.docx")


def test_old_word_file_renamed_says_so(tmp_path: Path) -> None:
    legacy = tmp_path / "old.docx"
    data = (READER_FIXTURES / "encrypted.docx").read_bytes()
    legacy.write_bytes(
        data.replace("EncryptionInfo".encode("utf-16-le"), "WordDocument\0\0".encode("utf-16-le"))
    )
    with pytest.raises(ReadError, match=r"旧版 Word（\.doc）"):
        read_docx(legacy)


def test_damaged_or_foreign_files_raise_read_error(tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(FILLED.read_bytes()[:3000])
    text = tmp_path / "text.docx"
    text.write_text("这不是 Word 文件", encoding="utf-8")
    workbook = tmp_path / "workbook.docx"
    workbook.write_bytes((CORPUS / "seed000-filled.xlsx").read_bytes())
    broken_xml = tmp_path / "broken.docx"
    with zipfile.ZipFile(FILLED) as source, zipfile.ZipFile(broken_xml, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[:500] if item.filename == "word/document.xml" else data)
    for path in (truncated, text, workbook, broken_xml):
        with pytest.raises(ReadError) as raised:
            read_docx(path)
        assert "Word" in str(raised.value), path


def test_reading_leaves_the_file_untouched(tmp_path: Path) -> None:
    copy = tmp_path / "report.docx"
    copy.write_bytes(FILLED.read_bytes())
    os.utime(copy, (1_000_000_000, 1_000_000_000))
    read_docx(copy)
    assert copy.read_bytes() == FILLED.read_bytes()
    assert copy.stat().st_mtime == 1_000_000_000
