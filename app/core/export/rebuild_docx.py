"""A Word copy of a PDF, TXT or XLSX report, rebuilt from what was read, with the review comments.

There is no Word file to annotate for these inputs, so `rebuild_docx` writes a new one: the title,
the section headings, the paragraphs in reading order, and the three statistics tables laid out as in
the official template (headers and merged cells from the format data in resources/formats), holding
the values exactly as read. Each finding becomes a comment on the paragraph, character span or table
cell it concerns, with the place in the original file (page, sheet and cell, line) noted in the
comment; cells named by arithmetic and value findings are shaded, as in `annotate_docx`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.document import Document as WordDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell

from app.core.check import source_of
from app.core.export.annotate_docx import (
    DEFAULT_REVIEWER,
    LAYOUT_NAMES,
    SHADED_CATEGORIES,
    Mark,
    annotate,
    insert_summary,
)
from app.core.export.files import save_new
from app.core.formats import Column, ReportFormat, format_by_id
from app.core.model import Anchor, Document, Finding, Paragraph, RecognisedTable, Result, Table

KIND_NAMES = {"pdf": "PDF", "txt": "文本（TXT）", "xlsx": "Excel（XLSX）", "docx": "Word（DOCX）"}
TABLE_TITLES = {"二": "主动公开政府信息情况", "三": "收到和处理政府信息公开申请情况", "四": "政府信息公开行政复议、行政诉讼情况"}
T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_TOP_THREE = "三、本年度办理结果"
CONTENT_WIDTH_CM = 16.0
BODY_FONT, HEADING_FONT = "宋体", "黑体"

CellKey = tuple[str, str]  # (row key, column key) of a format


@dataclass
class RebuiltTable:
    """One official table as written: the w:tc of every value cell and of every row's label."""

    name: str
    cells: dict[CellKey, Any] = field(default_factory=dict)
    labels: dict[str, Any] = field(default_factory=dict)  # row key → w:tc of its label
    corner: Any = None  # the top-left w:tc, for findings about the table as a whole


# ---------------------------------------------------------------------------------------------------
# Public entry point


def rebuild_docx(
    result: Result,
    out_path: str | Path,
    reviewer: str = DEFAULT_REVIEWER,
    dismissed: Mapping[int, str] | None = None,
) -> Path:
    """Write a rebuilt, commented Word copy of a report; returns the path written (numbered if taken)."""
    if result.document is None:
        raise ValueError("rebuild_docx needs a report that was read")
    dismissed = dismissed or {}
    word = _new_word()
    builder = _Builder(word, result)
    builder.build()
    marks = builder.marks(result.findings)
    annotate(word, result.findings, marks, reviewer, dismissed)
    insert_summary(word, result, dismissed, reviewer, intro=_intro(result))
    return save_new(out_path, lambda temp: word.save(str(temp)), protected=(Path(result.path),))


def _intro(result: Result) -> str:
    kind = KIND_NAMES.get(result.kind, result.kind.upper())
    layout = LAYOUT_NAMES.get(result.layout or "")
    tables = f"统计表按{layout}的官方样式排列，" if layout else ""
    return (
        f"本文档根据{kind}文件的内容重建：{tables}单元格中是从原文件读到的内容；"
        "版式与原文件不同，批注中注明了原文件中的位置，修改请在原文件中进行。"
    )


# ---------------------------------------------------------------------------------------------------
# The new document and its styles


def _new_word() -> WordDocument:
    word = new_docx()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    _style_font(word, "Normal", BODY_FONT, 11, bold=False)
    for name in ("Title", "Heading 1", "Heading 2"):
        _style_font(word, name, HEADING_FONT, {"Title": 18, "Heading 1": 14, "Heading 2": 12}[name], bold=True)
    word.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _drop_title_border(word)
    return word


def _style_font(word: WordDocument, name: str, east_asian: str, size: float, bold: bool) -> None:
    style = word.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _drop_title_border(word: WordDocument) -> None:
    p_pr = word.styles["Title"].element.pPr
    if p_pr is not None:
        for border in p_pr.findall(qn("w:pBdr")):
            p_pr.remove(border)


# ---------------------------------------------------------------------------------------------------
# Building the body


class _Builder:
    """Writes the blocks of a Document into a new Word document, remembering where each went."""

    def __init__(self, word: WordDocument, result: Result) -> None:
        assert result.document is not None
        self.word = word
        self.result = result
        self.document: Document = result.document
        report = result.report
        self.tables: dict[str, RecognisedTable] = dict(report.tables) if report else {}
        self.format: ReportFormat | None = format_by_id(result.layout) if result.layout else None
        self.paragraphs: dict[int, Any] = {}  # block → w:p
        self.grids: dict[int, dict[tuple[int, int], Any]] = {}  # block → (row, cell) → w:tc
        self.rebuilt: dict[str, RebuiltTable] = {}
        self.cell_keys: dict[tuple[int, int, int], tuple[str, CellKey]] = {}
        self.row_keys: dict[tuple[int, int], tuple[str, str]] = {}
        self.block_tables: dict[int, list[str]] = {}
        self.last_paragraph: Any = None
        self._index_tables()

    def _index_tables(self) -> None:
        """Invert RecognisedTable.cells: a document cell → (table, (row key, column key))."""
        for name, table in self.tables.items():
            for block in table.blocks:
                self.block_tables.setdefault(block, []).append(name)
            for key, value in table.cells.items():
                anchor = value.anchor
                if anchor is None or anchor.row is None or anchor.cell is None:
                    continue
                self.cell_keys[(anchor.block, anchor.row, anchor.cell)] = (name, key)
                self.row_keys.setdefault((anchor.block, anchor.row), (name, key[0]))

    # --- placement ---------------------------------------------------------------------------------

    def build(self) -> None:
        pending = [name for name in ("二", "三", "四") if name in self.tables and self.format is not None]
        sections = self._section_ranges()
        for index, block in enumerate(self.document.blocks):
            if isinstance(block, Paragraph):
                self._paragraph(index, block)
                for name in list(pending):
                    start, end = sections.get(name, (None, None))
                    if start == index and not self._inside(name, start, end):
                        self._official(name)
                        pending.remove(name)
                continue
            names = self.block_tables.get(index)
            if names:
                for name in names:
                    if name in pending:
                        self._official(name)
                        pending.remove(name)
                continue
            self._grid(index, block)
        for name in pending:
            self._official(name)

    def _section_ranges(self) -> dict[str, tuple[int, int]]:
        """Section key → (heading block, block where the next section starts)."""
        report = self.result.report
        hits = sorted(report.sections, key=lambda hit: hit.block) if report else []
        ranges: dict[str, tuple[int, int]] = {}
        for position, hit in enumerate(hits):
            end = hits[position + 1].block if position + 1 < len(hits) else len(self.document.blocks)
            ranges.setdefault(hit.key, (hit.block, end))
        return ranges

    def _inside(self, name: str, start: int, end: int | None) -> bool:
        """True when the table was read inside its own section: it then stays where it was."""
        blocks = self.tables[name].blocks
        return bool(blocks) and end is not None and start < min(blocks) < end

    # --- paragraphs and plain tables -----------------------------------------------------------------

    def _paragraph(self, index: int, block: Paragraph) -> None:
        report = self.result.report
        headings = {hit.block for hit in report.sections} if report else set()
        if report is not None and index == report.title_block:
            paragraph = self.word.add_paragraph(style="Title")
        elif index in headings:
            paragraph = self.word.add_paragraph(style="Heading 1")
        else:
            paragraph = self.word.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(22)
        paragraph.add_run(block.text)
        self.paragraphs[index] = paragraph._p
        self.last_paragraph = paragraph._p

    def _grid(self, index: int, block: Table) -> None:
        """An unrecognised table as a simple grid: every cell at its column, no merges."""
        width = max(
            (self._grid_column(block, cell, position) + 1 for row in block.rows
             for position, cell in enumerate(row.cells)),
            default=1,
        )
        table = self._table(max(len(block.rows), 1), width, [CONTENT_WIDTH_CM / width] * width)
        cells: dict[tuple[int, int], Any] = {}
        for row_index, row in enumerate(block.rows):
            for position, cell in enumerate(row.cells):
                target = table.cell(row_index, self._grid_column(block, cell, position))
                _put(target, cell.text, align=WD_ALIGN_PARAGRAPH.LEFT)
                cells[(row_index, position)] = target._tc
        self.grids[index] = cells
        self.word.add_paragraph()

    @staticmethod
    def _grid_column(block: Table, cell: Any, position: int) -> int:
        return cell.col if block.grid else position

    def _table(self, rows: int, columns: int, widths_cm: Sequence[float]) -> WordTable:
        table = self.word.add_table(rows=rows, cols=columns)
        table.style = self.word.styles["Table Grid"]
        table.autofit = False
        table.alignment = 1  # centred
        for position, width in enumerate(widths_cm):
            table.columns[position].width = Cm(width)
            for cell in table.columns[position].cells:
                cell.width = Cm(width)
        return table

    # --- official tables -----------------------------------------------------------------------------

    def _official(self, name: str) -> None:
        assert self.format is not None
        caption = self.word.add_paragraph(style="Heading 2")
        caption.add_run(f"表{name}　{TABLE_TITLES[name]}")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        values = self.tables[name].cells
        build = {"二": self._table_two, "三": self._table_three, "四": self._table_four}[name]
        self.rebuilt[name] = build(self.format, values)
        self.word.add_paragraph()

    def _table_two(self, fmt: ReportFormat, values: Mapping[CellKey, Any]) -> RebuiltTable:
        span = max(len(block.columns) for block in fmt.table_two)
        rows = sum(2 + len(block.rows) for block in fmt.table_two)
        label_width = 4.0
        table = self._table(rows, span + 1, [label_width] + [(CONTENT_WIDTH_CM - label_width) / span] * span)
        rebuilt = RebuiltTable("二", corner=table.cell(0, 0)._tc)
        row = 0
        for block in fmt.table_two:
            _put(_merge(table, row, 0, row, span), block.header)
            _put(table.cell(row + 1, 0), "信息内容")
            ranges = _spread(len(block.columns), span)
            for column, (first, last) in zip(block.columns, ranges, strict=True):
                _put(_merge(table, row + 1, first, row + 1, last), column.label)
            for offset, table_row in enumerate(block.rows, start=row + 2):
                label = table.cell(offset, 0)
                _put(label, table_row.label, align=WD_ALIGN_PARAGRAPH.LEFT)
                rebuilt.labels[table_row.key] = label._tc
                for column, (first, last) in zip(block.columns, ranges, strict=True):
                    cell = _merge(table, offset, first, offset, last)
                    _put(cell, _text(values, (table_row.key, column.key)))
                    rebuilt.cells[(table_row.key, column.key)] = cell._tc
            row += 2 + len(block.rows)
        return rebuilt

    def _table_three(self, fmt: ReportFormat, values: Mapping[CellKey, Any]) -> RebuiltTable:
        columns = fmt.table_three_columns
        count = len(columns)
        widths = [1.6, 1.9, 4.2]
        widths += [(CONTENT_WIDTH_CM - sum(widths)) / count] * count
        table = self._table(3 + len(fmt.table_three_rows), 3 + count, widths)
        corner = _merge(table, 0, 0, 2, 2)
        _put(corner, T3_CORNER, size=8)
        rebuilt = RebuiltTable("三", corner=corner._tc)
        self._table_three_header(table, columns)
        groups = {group.group: group.label for group in fmt.table_three_groups}
        first_row = 3
        top_three = [i for i, row in enumerate(fmt.table_three_rows, start=first_row) if row.top == "三"]
        if top_three:
            _put(_merge(table, top_three[0], 0, top_three[-1], 0), T3_TOP_THREE)
        group_rows: dict[str, list[int]] = {}
        for index, row in enumerate(fmt.table_three_rows, start=first_row):
            if row.top != "三":
                label = _merge(table, index, 0, index, 2)
            elif row.item is not None and row.group in groups:
                group_rows.setdefault(row.group, []).append(index)
                label = table.cell(index, 2)
            else:
                label = _merge(table, index, 1, index, 2)
            _put(label, row.label, align=WD_ALIGN_PARAGRAPH.LEFT)
            rebuilt.labels[row.key] = label._tc
            for position, column in enumerate(columns, start=3):
                cell = table.cell(index, position)
                _put(cell, _text(values, (row.key, column.key)))
                rebuilt.cells[(row.key, column.key)] = cell._tc
        for group, indexes in group_rows.items():
            _put(_merge(table, indexes[0], 1, indexes[-1], 1), groups[group], align=WD_ALIGN_PARAGRAPH.LEFT)
        return rebuilt

    @staticmethod
    def _table_three_header(table: WordTable, columns: Sequence[Column]) -> None:
        last = 2 + len(columns)
        _put(_merge(table, 0, 3, 0, last), "申请人情况")
        _put(_merge(table, 1, 3, 2, 3), columns[0].label)
        _put(_merge(table, 1, 4, 1, last - 1), "法人或其他组织")
        _put(_merge(table, 1, last, 2, last), columns[-1].label)
        for position, column in enumerate(columns[1:-1], start=4):
            _put(table.cell(2, position), column.label)

    def _table_four(self, fmt: ReportFormat, values: Mapping[CellKey, Any]) -> RebuiltTable:
        columns = fmt.table_four_columns
        count = len(columns)
        table = self._table(4, count, [CONTENT_WIDTH_CM / count] * count)
        groups: dict[str, list[int]] = {}
        for position, column in enumerate(columns):
            groups.setdefault(_group(column), []).append(position)
        review, *lawsuits = list(groups)
        review_columns = groups[review]
        _put(_merge(table, 0, review_columns[0], 0, review_columns[-1]), review)
        for position in review_columns:
            _put(_merge(table, 1, position, 2, position), _leaf(columns[position]), size=8)
        if lawsuits:
            lawsuit_columns = [position for name in lawsuits for position in groups[name]]
            _put(_merge(table, 0, lawsuit_columns[0], 0, lawsuit_columns[-1]), "行政诉讼")
            for name in lawsuits:
                _put(_merge(table, 1, groups[name][0], 1, groups[name][-1]), name)
                for position in groups[name]:
                    _put(table.cell(2, position), _leaf(columns[position]), size=8)
        rebuilt = RebuiltTable("四", corner=table.cell(0, 0)._tc)
        row_key = fmt.table_four_row.key
        for position, column in enumerate(columns):
            cell = table.cell(3, position)
            _put(cell, _text(values, (row_key, column.key)))
            rebuilt.cells[(row_key, column.key)] = cell._tc
        rebuilt.labels[row_key] = rebuilt.corner
        return rebuilt

    # --- findings → marks ----------------------------------------------------------------------------

    def marks(self, findings: Sequence[Finding]) -> dict[int, Mark]:
        marks: dict[int, Mark] = {}
        for index, finding in enumerate(findings):
            for position, anchor in enumerate(finding.anchors):
                target = self._target(anchor)
                if target is None:
                    continue
                element, start, end, text, exact = target
                shade = position == 0 and exact and finding.category in SHADED_CATEGORIES
                marks[index] = Mark(element, start, end, text, shade=shade, note=self._note(anchor))
                break
            else:
                if finding.category == "section" and finding.section and not finding.anchors:
                    if self.last_paragraph is not None:
                        marks[index] = Mark(self.last_paragraph)
        return marks

    def _note(self, anchor: Anchor) -> str | None:
        source = source_of(self.document, anchor)
        where = source.describe() if source else ""
        return f"原文件位置：{where}" if where else None

    def _target(self, anchor: Anchor) -> tuple[Any, int | None, int | None, str | None, bool] | None:
        """(element, start, end, text, is the exact cell) for an anchor, or None if not written."""
        if not 0 <= anchor.block < len(self.document.blocks):
            return None
        block = self.document.blocks[anchor.block]
        if isinstance(block, Paragraph):
            p = self.paragraphs.get(anchor.block)
            if p is None:
                return None
            if anchor.before:
                return p, None, None, None, False
            return p, anchor.start, anchor.end, block.text, False
        row = anchor.row if anchor.row is not None else 0
        cell = anchor.cell if anchor.cell is not None else 0
        if anchor.block in self.block_tables:
            return self._official_target(anchor.block, row, cell, anchor.cell is not None)
        grid = self.grids.get(anchor.block, {})
        tc = grid.get((row, cell)) or grid.get((row, 0)) or grid.get((0, 0))
        return (tc, None, None, None, anchor.cell is not None) if tc is not None else None

    def _official_target(self, block: int, row: int, cell: int, named: bool) -> tuple | None:
        hit = self.cell_keys.get((block, row, cell))
        if hit is not None and hit[0] in self.rebuilt:
            name, key = hit
            return self.rebuilt[name].cells[key], None, None, None, named
        row_hit = self.row_keys.get((block, row))
        if row_hit is not None and row_hit[0] in self.rebuilt:
            name, row_key = row_hit
            label = self.rebuilt[name].labels.get(row_key)
            if label is not None:
                return label, None, None, None, False
        for name in self.block_tables.get(block, []):
            if name in self.rebuilt:
                return self.rebuilt[name].corner, None, None, None, False
        return None


# ---------------------------------------------------------------------------------------------------
# Cell helpers


def _merge(table: WordTable, top: int, left: int, bottom: int, right: int) -> _Cell:
    first = table.cell(top, left)
    if (top, left) == (bottom, right):
        return first
    return first.merge(table.cell(bottom, right))


def _spread(count: int, span: int) -> list[tuple[int, int]]:
    """Grid columns (first, last) of `count` value columns across `span` columns after the label:
    one column each, the last one taking what is left (as the official template does)."""
    ranges = [(1 + position, 1 + position) for position in range(count)]
    if ranges:
        ranges[-1] = (ranges[-1][0], span)
    return ranges


def _group(column: Column) -> str:
    return column.label.split("·", 1)[0]


def _leaf(column: Column) -> str:
    return column.label.split("·", 1)[-1]


def _text(values: Mapping[CellKey, Any], key: CellKey) -> str:
    value = values.get(key)
    return value.text if value is not None else ""


def _put(cell: _Cell, text: str, *, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER, size: float = 9) -> None:
    """Write text into a cell (one run, table-sized font), vertically centred."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = Pt(0)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
