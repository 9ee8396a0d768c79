"""Shared paths and small lookups for the reader tests."""

from __future__ import annotations

import re
from pathlib import Path

from app.core.model import Document, Paragraph, Row, Table

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CORPUS = FIXTURES / "corpus" / "files"
READER_FIXTURES = FIXTURES / "readers"


def squeeze(text: str) -> str:
    """Text without whitespace: PDF lines carry spaces the Word file does not."""
    return re.sub(r"\s+", "", text)


def tables(document: Document) -> list[Table]:
    return [block for block in document.blocks if isinstance(block, Table)]


def paragraphs(document: Document) -> list[Paragraph]:
    return [block for block in document.blocks if isinstance(block, Paragraph)]


def row_starting(table: Table, label: str) -> Row:
    """The row whose first non-blank cell reads `label` (ignoring whitespace)."""
    for row in table.rows:
        texts = [squeeze(text) for text in row.texts if text.strip()]
        if texts and texts[0] == squeeze(label):
            return row
    raise AssertionError(f"no row starts with {label!r}")


def cells_reading(table: Table, text: str) -> list[tuple[int, int]]:
    """(row, cell) of every cell whose text is `text`, to see that a merged value appears once."""
    return [
        (row_index, cell_index)
        for row_index, row in enumerate(table.rows)
        for cell_index, cell in enumerate(row.cells)
        if squeeze(cell.text) == squeeze(text)
    ]


def block_kinds(document: Document) -> str:
    """ "P" for a paragraph, "T" for a table, in block order: the document's shape at a glance."""
    return "".join("T" if isinstance(block, Table) else "P" for block in document.blocks)


SEED000_TITLE = "遂平县科技和工业信息化局2022年政府信息公开工作年度报告"
SEED000_TOTALS = ["107", "6", "0", "0", "0", "0", "113"]  # table 三, row （七）总计, last seven cells


def check_seed000(document: Document, kinds: str) -> list[Table]:
    """What every reader must make of seed000-filled: title first, headings as paragraphs, the three
    tables whole (14, 28 and 4 rows) with table 三's totals and its merged label read once."""
    assert block_kinds(document) == kinds
    first = document.blocks[0]
    assert isinstance(first, Paragraph) and squeeze(first.text) == SEED000_TITLE
    texts = {squeeze(block.text) for block in paragraphs(document)}
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "六、其他需要报告的事项"):
        assert heading in texts
    found = tables(document)
    assert [len(table.rows) for table in found] == [14, 28, 4]
    table_three = found[1]
    assert row_starting(table_three, "（七）总计").texts[-7:] == SEED000_TOTALS
    assert cells_reading(table_three, "三、本年度办理结果") == [(5, 0)]
    label = table_three.rows[5].cells[0]
    assert (label.col, label.colspan, label.rowspan) == (0, 1, 22)
    return found
