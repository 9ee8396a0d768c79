"""A report laid out inside a one-cell or one-column outer table reads like the report itself:
its headings are paragraphs and its statistics tables are tables, in order (issue 8)."""

from __future__ import annotations

import pytest

from app.core.check import check_file
from app.core.model import Paragraph, Table
from app.core.readers.docx_reader import read_docx
from tests.core.readers.conftest import CORPUS
from tests.fixtures.layout_docx import wrap_in_table

REPORTS = ["seed000-t3_cell.docx", "seed001-filled.docx"]


def _shape(document):
    return [
        (block.text,) if isinstance(block, Paragraph) else tuple(tuple(row.texts) for row in block.rows)
        for block in document.blocks
    ]


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("name", REPORTS)
def test_wrapped_report_reads_as_its_blocks_in_order(tmp_path, name, rows):
    original = CORPUS / name
    wrapped = tmp_path / name
    wrapped.write_bytes(wrap_in_table(original.read_bytes(), rows=rows))
    document = read_docx(wrapped)
    assert _shape(document) == _shape(read_docx(original))
    assert sum(isinstance(block, Table) for block in document.blocks) >= 3


@pytest.mark.parametrize("name", REPORTS)
def test_wrapped_report_gets_the_same_findings(tmp_path, name):
    original = CORPUS / name
    wrapped = tmp_path / name
    wrapped.write_bytes(wrap_in_table(original.read_bytes()))
    plain, boxed = check_file(original), check_file(wrapped)
    assert boxed.error is None
    assert (boxed.year, boxed.layout) == (plain.year, plain.layout)
    assert [(f.rule, f.message) for f in boxed.findings] == [(f.rule, f.message) for f in plain.findings]


def test_paragraphs_inside_the_wrapper_say_where_they_stand(tmp_path):
    wrapped = tmp_path / "boxed.docx"
    wrapped.write_bytes(wrap_in_table((CORPUS / REPORTS[0]).read_bytes(), rows=3))
    paragraphs = [block for block in read_docx(wrapped).blocks if isinstance(block, Paragraph)]
    assert {(p.source.table, p.source.row) for p in paragraphs} >= {(0, 0), (0, 2)}
    assert paragraphs[0].source.describe() == "表格1第1行第1列"


def test_a_real_one_column_table_is_still_a_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("附表")
    table = document.add_table(rows=3, cols=1)
    for index, text in enumerate(["项目", "5", "6"]):
        table.cell(index, 0).text = text
    path = tmp_path / "one-column.docx"
    document.save(path)
    [_, block] = read_docx(path).blocks
    assert isinstance(block, Table) and [row.texts for row in block.rows] == [["项目"], ["5"], ["6"]]
