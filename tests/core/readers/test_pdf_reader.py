"""read_pdf on corpus reports (tables running over pages) and on PDFs made to fail in real ways."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from conftest import (
    CORPUS,
    READER_FIXTURES,
    block_kinds,
    cells_reading,
    check_seed000,
    paragraphs,
    row_starting,
    squeeze,
    tables,
)

from app.core.model import Document, Paragraph, ReadError
from app.core.readers.docx_reader import read_docx
from app.core.readers.pdf import read_pdf
from app.core.readers.pdf.geometry import reading_space
from app.core.readers.pdf.margins import is_page_number
from app.core.readers.pdf.text import Char, Line, lines, page_text

FILLED = CORPUS / "seed000-filled.pdf"


@pytest.fixture(scope="module")
def filled() -> Document:
    return read_pdf(FILLED)


def test_corpus_report_reads_in_order(filled: Document) -> None:
    document = filled
    assert document.kind == "pdf"
    check_seed000(document, "P" * 19 + "TPTPT" + "P" * 9)  # each table runs over a page break
    first = document.blocks[0]
    assert first.source.page == 1 and first.source.bbox is not None  # the title's two lines, one block
    # A heading is a paragraph of its own, not glued to the text after it.
    assert "(二)依申请公开政府办理情况" in [squeeze(block.text) for block in paragraphs(document)]


def test_paragraphs_match_the_word_original() -> None:
    """Lines are grouped into the Word file's paragraphs, also over a page break and after a heading
    that fills its whole line (seed002)."""
    for name in ("seed000-filled", "seed002-clean"):
        from_pdf = [squeeze(block.text) for block in paragraphs(read_pdf(CORPUS / f"{name}.pdf"))]
        from_word = [squeeze(block.text) for block in paragraphs(read_docx(CORPUS / f"{name}.docx"))]
        assert from_pdf == from_word, name


def test_table_three_over_two_pages(filled: Document) -> None:
    table_three = tables(filled)[1]
    # The row the page break cut: "2.没有" on page 3, "现成信息需要另行制作" on page 4, one row.
    broken = row_starting(table_three, "2.没有现成信息需要另行制作")
    assert broken.texts[-7:] == ["3", "0", "0", "0", "0", "0", "3"]
    assert {cell.source.page for cell in broken.cells} == {3}
    assert not any(squeeze(row.texts[0]).startswith("现成信息") for row in table_three.rows)
    # The merged label the page break cut spans its rows on both pages.
    assert row_starting(table_three, "（四）无法提供").cells[0].rowspan == 3
    assert table_three.rows[-1].source.page == 4
    assert table_three.rows[-1].cells[-1].source.bbox is not None


def test_table_four_header_alone_at_the_bottom_of_a_page(filled: Document) -> None:
    table_four = tables(filled)[2]
    top = table_four.rows[0].cells
    assert [(cell.text, cell.col, cell.colspan, cell.source.page) for cell in top] == [
        ("行政复议", 0, 5, 4),
        ("行政诉讼", 5, 10, 4),
    ]
    assert table_four.rows[1].cells[0].rowspan == 2
    assert table_four.rows[-1].texts == [
        "0",
        "3",
        "2",
        "3",
        "8",
        "1",
        "0",
        "2",
        "2",
        "5",
        "2",
        "3",
        "0",
        "1",
        "6",
    ]
    assert [cell.col for cell in table_four.rows[-1].cells] == list(range(15))


def test_table_two_continues_with_fewer_ruled_columns(filled: Document) -> None:
    table_two = tables(filled)[0]
    licence = row_starting(table_two, "行政许可")
    assert [(cell.text, cell.col, cell.colspan) for cell in licence.cells] == [
        ("行政许可", 0, 1),
        ("5", 1, 3),
    ]
    assert licence.source.page == 3
    assert row_starting(table_two, "行政事业性收费").texts == ["行政事业性收费", "205.3321"]


def test_long_table_with_repeated_header_and_merge_over_the_page_break() -> None:
    document = read_pdf(READER_FIXTURES / "long_table.pdf")
    assert block_kinds(document) == "PPTP"
    (table,) = tables(document)
    assert len(table.rows) == 51  # header once, 50 value rows
    assert cells_reading(table, "项目") == [(0, 0)]
    merged = row_starting(table, "三、本年度办理结果").cells[0]
    assert merged.rowspan == 31  # rows 20–50, the lower part drawn again on page 2
    assert row_starting(table, "10.事项10").texts == ["", "10.事项10", "", ""]  # blank cells are read
    last = table.rows[-1]
    assert last.texts == ["50.事项50", "", ""] and last.source.page == 2
    assert [cell.col for cell in last.cells] == [1, 2, 3]
    closing = document.blocks[-1]
    assert isinstance(closing, Paragraph) and closing.source.page == 2


def _plumber_lines(page: pdfplumber.page.Page, number: int) -> list[Line]:
    chars = [
        Char(char["text"], char["x0"], char["x1"], char["top"], char["bottom"], char["size"])
        for char in page.chars
        if not char["text"].isspace()
    ]
    return lines(chars, number)


def test_pdfium_reads_the_lines_pdfminer_reads() -> None:
    """Characters come from PDFium; their lines and boxes must be those pdfminer's characters give."""
    with pdfium.PdfDocument(str(FILLED)) as document, pdfplumber.open(FILLED) as plumber:
        for index in (0, 2, 4):
            page = document[index]
            chars, _ = page_text(page, lambda angles, page=page: reading_space(page, angles))
            through_pdfium = lines(chars, index + 1)
            through_plumber = _plumber_lines(plumber.pages[index], index + 1)
            assert [line.text for line in through_pdfium] == [line.text for line in through_plumber]
            for ours, theirs in zip(through_pdfium, through_plumber, strict=True):
                assert max(abs(a - b) for a, b in zip(ours.box, theirs.box, strict=True)) < 2


def test_page_numbers_in_the_margins_are_dropped() -> None:
    def line(text: str, top: float) -> Line:
        return Line(text, (290, top, 310, top + 10), 10, 1)

    assert is_page_number(line("- 3 -", 800), 842)
    assert is_page_number(line("第 3 页 共 5 页", 810), 842)
    assert is_page_number(line("3/5", 810), 842)
    assert not is_page_number(line("3", 400), 842)  # a number in the body stays
    assert not is_page_number(line("2023年", 810), 842)


def test_scanned_pdf_has_no_text_layer() -> None:
    with pytest.raises(ReadError, match="扫描件") as raised:
        read_pdf(READER_FIXTURES / "scanned.pdf")
    assert "Word" in str(raised.value)


def test_blank_pages_are_said_to_be_blank_not_scanned() -> None:
    with pytest.raises(ReadError, match="空白") as raised:
        read_pdf(READER_FIXTURES / "blank.pdf")
    assert "扫描" not in str(raised.value)


def test_fonts_without_unicode_map_are_said_plainly() -> None:
    with pytest.raises(ReadError, match="Unicode 映射"):
        read_pdf(READER_FIXTURES / "no_unicode_map.pdf")


def test_a_scanned_page_among_text_pages_is_noted(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.pdf"
    with pdfium.PdfDocument.new() as document:
        for name in ("restricted.pdf", "scanned.pdf"):
            with pdfium.PdfDocument(str(READER_FIXTURES / name)) as part:
                document.import_pages(part)
        document.save(mixed)
    result = read_pdf(mixed)
    assert squeeze(result.blocks[0].text) == "某局2023年政府信息公开工作年度报告"
    assert [(note.source.page, "扫描" in note.message) for note in result.notes] == [(2, True)]


def test_password_and_permissions() -> None:
    with pytest.raises(ReadError, match="密码"):
        read_pdf(READER_FIXTURES / "encrypted.pdf")
    # Only an owner password (no printing/copying limits matter here): it opens and reads.
    restricted = read_pdf(READER_FIXTURES / "restricted.pdf")
    assert squeeze(restricted.blocks[0].text) == "某局2023年政府信息公开工作年度报告"


def test_damaged_or_foreign_files_raise_read_error(tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(FILLED.read_bytes()[:2000])
    word = tmp_path / "word.pdf"
    word.write_bytes((CORPUS / "seed000-filled.docx").read_bytes())
    for path in (truncated, word):
        with pytest.raises(ReadError, match="PDF"):
            read_pdf(path)


def test_reading_from_several_threads_at_once(filled: Document) -> None:
    """The window reads files on a thread pool; PDFium must not be entered twice at the same time."""
    paths = [FILLED, READER_FIXTURES / "long_table.pdf", FILLED, READER_FIXTURES / "restricted.pdf"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(read_pdf, paths))
    assert results[0] == results[2] == filled
    assert len(tables(results[1])[0].rows) == 51 and results[3].blocks


def test_runs_of_scanned_pages_are_one_note(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.pdf"
    with pdfium.PdfDocument.new() as document:
        for name in ("restricted.pdf", *["scanned.pdf"] * 7, "restricted.pdf", "scanned.pdf"):
            with pdfium.PdfDocument(str(READER_FIXTURES / name)) as part:
                document.import_pages(part)
        document.save(mixed)
    notes = [note for note in read_pdf(mixed).notes if "扫描" in note.message]
    assert len(notes) == 1
    assert notes[0].message.startswith("第2至8页、第10页（共 8 页）没有可读取的文字")
    assert notes[0].source.page == 2
