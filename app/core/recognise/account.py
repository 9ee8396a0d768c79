"""The recognition's account of its doubts: what it could not read surely, and why.

Each doubt names what it concerns (a table, blocks of the document, or the whole reading) so that rules
and the final gate (`app.core.doubts`) can tell a reliable reading from a doubtful one. Sources:
the reader's own doubts (`ReaderNote.doubt`), tables whose text is there but whose cells cannot be
separated (crawler text: `一、本年新收政府信息公开申请数量 713000074`), tables matched on too few rows,
and headings seen only inside a table.
"""

from __future__ import annotations

import re

from app.core.formats import all_formats
from app.core.model import Document, Doubt, Paragraph, Table
from app.core.recognise.records import Recognition
from app.core.text import normalize_text

# Table text with its numbers run together: a label of the table followed closely by a run of digits.
_FLATTENED = {
    "二": re.compile(r"(?:本年制发件数|本年新制作数量|处理决定数量|第二十条第).{0,40}?\d{2,}"),
    "三": re.compile(
        r"(?:本年新收政府信息公开申请数量|上年结转政府信息公开申请数量|予以公开|总计)\s*(\d[\d\s]{3,})"
    ),
    "四": re.compile(r"(?:结果维持|尚未审结).{0,60}?总计.{0,120}?\d"),
}
MIN_ROW_SHARE = 0.6


def account_doubts(document: Document, recognition: Recognition) -> list[Doubt]:
    doubts = _reader_doubts(document, recognition)
    doubts += _flattened_tables(document, recognition)
    doubts += _thin_tables(recognition)
    doubts += _headings_in_tables(recognition)
    return doubts


def _table_of_block(recognition: Recognition, block: int) -> str | None:
    return next((name for name, table in recognition.report.tables.items() if block in table.blocks), None)


def _reader_doubts(document: Document, recognition: Recognition) -> list[Doubt]:
    doubts: list[Doubt] = []
    for note in document.notes:
        if not note.doubt:
            continue
        if note.block is None:
            doubts.append(Doubt("reader", note.message, sections=True))
            continue
        block = document.blocks[note.block] if 0 <= note.block < len(document.blocks) else None
        table = _table_of_block(recognition, note.block)
        doubts.append(
            Doubt(
                "reader",
                note.message,
                table=table,
                blocks=(note.block,),
                # a heading may hide in text, or in a box drawn as a table, that could not be read surely
                sections=isinstance(block, Paragraph) or (isinstance(block, Table) and table is None),
            )
        )
    return doubts


def _flattened_tables(document: Document, recognition: Recognition) -> list[Doubt]:
    doubts: list[Doubt] = []
    for name, pattern in _FLATTENED.items():
        if name in recognition.report.tables:
            continue
        for index, block in enumerate(document.blocks):
            if not isinstance(block, Paragraph):
                continue
            match = pattern.search(normalize_text(block.text))
            if match is None:
                continue
            sample = match.group(0)[-24:]
            doubts.append(
                Doubt(
                    "no_cells",
                    f"{_title(recognition, name)}的文字在，但各格数字连在一起（如“{sample}”），无法分清每一格，"
                    "该表的数字没有读取、没有核对。请对照原件人工核对，或改用 Word、PDF 或网页原件检查",
                    table=name,
                    blocks=(index,),
                )
            )
            break
    return doubts


def _title(recognition: Recognition, name: str) -> str:
    """The table's title in the format read against (the newest when none was chosen)."""
    return (recognition.format or all_formats()[-1]).table(name).title


def _thin_tables(recognition: Recognition) -> list[Doubt]:
    """A table 三 matched on only a few of its rows is probably not read as the author laid it out."""
    fmt = recognition.format
    table = recognition.report.tables.get("三")
    if fmt is None or table is None:
        return []
    rows = {key for key, _ in table.cells} | {row for rows in table.collapsed.values() for row in rows}
    expected = len(fmt.table_three_rows)
    if len(rows) >= MIN_ROW_SHARE * expected:
        return []
    return [
        Doubt(
            "table_shape",
            f"{fmt.table('三').title}只认出{len(rows)}行（应有{expected}行），表格的结构没有读准",
            table="三",
            blocks=table.blocks,
        )
    ]


def _headings_in_tables(recognition: Recognition) -> list[Doubt]:
    return [
        Doubt(
            "heading_in_table",
            f"第{hit.key}部分的标题“{hit.heading}”只在表格里找到，不是正文中的标题",
            blocks=(hit.block,),
        )
        for hit in recognition.report.sections
        if hit.in_table and not hit.boxed
    ]
