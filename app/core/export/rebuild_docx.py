"""A Word copy of a PDF, TXT or XLSX report, rebuilt from what was read, with the review comments.

There is no Word file to annotate for these inputs, so `rebuild_docx` writes a new one: the title,
the section headings, the paragraphs in reading order, and the three statistics tables laid out as in
the official template (headers and merged cells from the format data in resources/formats), holding
the values exactly as read. Each finding becomes a comment on the paragraph, character span or table
cell it concerns, with the place in the original file (page, sheet and cell, line) noted in the
comment; cells named by arithmetic and value findings are shaded, as in `annotate_docx`.

Tables are described as `Layout`s (boxes on a grid, merged boxes spanning rows and columns) and
written straight as WordprocessingML: python-docx's cell API rescans the table on every call and
made the 28-row table three take a second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

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
from app.core.model import Anchor, CellValue, Document, Finding, Paragraph, RecognisedTable, Result, Table

KIND_NAMES = {"pdf": "PDF", "txt": "文本（TXT）", "xlsx": "Excel（XLSX）", "docx": "Word（DOCX）"}
TABLE_TITLES = {
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
}
T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_TOP_THREE = "三、本年度办理结果"
CONTENT_WIDTH_CM = 16.0
BODY_FONT, HEADING_FONT = "宋体", "黑体"
TWIPS_PER_CM = 567
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CellKey = tuple[str, str]  # (row key, column key) of a format


# ---------------------------------------------------------------------------------------------------
# Table layouts


@dataclass(frozen=True)
class Box:
    """One (possibly merged) cell of a table layout."""

    row: int
    col: int
    text: str
    rows: int = 1
    cols: int = 1
    left: bool = False  # left-aligned (row labels); headers and values are centred
    size: float = 9
    key: Any = None  # what the box stands for: ("cell", CellKey), ("label", row key), ("corner",)...


@dataclass(frozen=True)
class Layout:
    widths: tuple[float, ...]  # column widths in cm
    rows: int
    boxes: tuple[Box, ...]
    header_rows: int = 0  # repeated at the top of each page


def table_two_layout(fmt: ReportFormat, values: Mapping[CellKey, CellValue]) -> Layout:
    """Table 二: per 第二十条 item a header row, a column-label row and its rows; one label column."""
    span = max(len(block.columns) for block in fmt.table_two)
    boxes: list[Box] = []
    row = 0
    for block in fmt.table_two:
        boxes.append(Box(row, 0, block.header, cols=span + 1, key=("corner",) if row == 0 else None))
        boxes.append(Box(row + 1, 0, "信息内容"))
        ranges = _spread(len(block.columns), span)
        for column, (first, count) in zip(block.columns, ranges, strict=True):
            boxes.append(Box(row + 1, first, column.label, cols=count))
        for offset, table_row in enumerate(block.rows, start=row + 2):
            boxes.append(Box(offset, 0, table_row.label, left=True, key=("label", table_row.key)))
            for column, (first, count) in zip(block.columns, ranges, strict=True):
                key = (table_row.key, column.key)
                boxes.append(Box(offset, first, _text(values, key), cols=count, key=("cell", key)))
        row += 2 + len(block.rows)
    label = 4.0
    return Layout((label,) + ((CONTENT_WIDTH_CM - label) / span,) * span, row, tuple(boxes))


def _spread(count: int, span: int) -> list[tuple[int, int]]:
    """(first grid column, columns) of `count` value columns over the `span` columns after the label:
    one each, the last taking what is left, as the official template does."""
    ranges = [(1 + position, 1) for position in range(count)]
    if ranges:
        first, _ = ranges[-1]
        ranges[-1] = (first, span - first + 1)
    return ranges


def table_three_layout(fmt: ReportFormat, values: Mapping[CellKey, CellValue]) -> Layout:
    """Table 三: the 3×3 note corner, 申请人情况 headers, 三、本年度办理结果 and the groups merged down."""
    columns = fmt.table_three_columns
    count = len(columns)
    boxes = [Box(0, 0, T3_CORNER, rows=3, cols=3, size=8, key=("corner",)), *_applicant_header(columns)]
    first = 3
    top_three = [i for i, row in enumerate(fmt.table_three_rows, start=first) if row.top == "三"]
    if top_three:
        boxes.append(Box(top_three[0], 0, T3_TOP_THREE, rows=len(top_three)))
    groups = {group.group: group.label for group in fmt.table_three_groups}
    members: dict[str, list[int]] = {}
    for index, row in enumerate(fmt.table_three_rows, start=first):
        if row.top != "三":
            boxes.append(Box(index, 0, row.label, cols=3, left=True, key=("label", row.key)))
        elif row.item is not None and row.group in groups:
            members.setdefault(row.group, []).append(index)
            boxes.append(Box(index, 2, row.label, left=True, key=("label", row.key)))
        else:
            boxes.append(Box(index, 1, row.label, cols=2, left=True, key=("label", row.key)))
        for position, column in enumerate(columns, start=3):
            key = (row.key, column.key)
            boxes.append(Box(index, position, _text(values, key), key=("cell", key)))
    for group, rows in members.items():
        boxes.append(Box(rows[0], 1, groups[group], rows=len(rows), left=True))
    labels = (1.6, 1.9, 4.2)
    widths = labels + ((CONTENT_WIDTH_CM - sum(labels)) / count,) * count
    return Layout(widths, first + len(fmt.table_three_rows), tuple(boxes), header_rows=3)


def _applicant_header(columns: Sequence[Column]) -> list[Box]:
    """申请人情况 over all value columns; 自然人 and 总计 down two rows; 法人或其他组织 over the rest."""
    last = 2 + len(columns)
    boxes = [
        Box(0, 3, "申请人情况", cols=len(columns)),
        Box(1, 3, columns[0].label, rows=2),
        Box(1, 4, "法人或其他组织", cols=len(columns) - 2),
        Box(1, last, columns[-1].label, rows=2),
    ]
    boxes += [Box(2, position, column.label) for position, column in enumerate(columns[1:-1], start=4)]
    return boxes


def table_four_layout(fmt: ReportFormat, values: Mapping[CellKey, CellValue]) -> Layout:
    """Table 四: 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉) over three header rows, one value row."""
    columns = fmt.table_four_columns
    groups: dict[str, list[int]] = {}
    for position, column in enumerate(columns):
        groups.setdefault(_group(column), []).append(position)
    review, *lawsuits = list(groups)
    spans = groups[review]
    boxes = [Box(0, spans[0], review, cols=len(spans), key=("corner",))]
    boxes += [Box(1, position, _leaf(columns[position]), rows=2, size=8) for position in spans]
    if lawsuits:
        lawsuit_columns = [position for name in lawsuits for position in groups[name]]
        boxes.append(Box(0, lawsuit_columns[0], "行政诉讼", cols=len(lawsuit_columns)))
        for name in lawsuits:
            boxes.append(Box(1, groups[name][0], name, cols=len(groups[name])))
            boxes += [Box(2, position, _leaf(columns[position]), size=8) for position in groups[name]]
    row_key = fmt.table_four_row.key
    for position, column in enumerate(columns):
        key = (row_key, column.key)
        boxes.append(Box(3, position, _text(values, key), key=("cell", key)))
    return Layout((CONTENT_WIDTH_CM / len(columns),) * len(columns), 4, tuple(boxes), header_rows=3)


def grid_layout(block: Table) -> Layout:
    """An unrecognised table as a plain grid: every cell at its column, no merges."""
    boxes = []
    for row_index, row in enumerate(block.rows):
        for position, cell in enumerate(row.cells):
            column = cell.col if block.grid else position
            boxes.append(Box(row_index, column, cell.text, left=True, key=("grid", (row_index, position))))
    width = max((box.col + 1 for box in boxes), default=1)
    unique = {(box.row, box.col): box for box in boxes}  # two cells claiming one column: the last wins
    return Layout((CONTENT_WIDTH_CM / width,) * width, max(len(block.rows), 1), tuple(unique.values()))


def _group(column: Column) -> str:
    return column.label.split("·", 1)[0]


def _leaf(column: Column) -> str:
    return column.label.split("·", 1)[-1]


def _text(values: Mapping[CellKey, CellValue], key: CellKey) -> str:
    value = values.get(key)
    return value.text if value is not None else ""


# ---------------------------------------------------------------------------------------------------
# Layout → w:tbl


def table_xml(layout: Layout) -> str:
    """WordprocessingML for a layout: fixed column widths, single borders, merges as gridSpan/vMerge."""
    widths = [round(width * TWIPS_PER_CM) for width in layout.widths]
    starts = {(box.row, box.col): box for box in layout.boxes}
    below = {(row, box.col): box for box in layout.boxes for row in range(box.row + 1, box.row + box.rows)}
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(
        border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    parts = [
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{width}"/>' for width in widths),
        "</w:tblGrid>",
    ]
    for row in range(layout.rows):
        header = "<w:tblHeader/>" if row < layout.header_rows else ""
        parts.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        col = 0
        while col < len(widths):
            box = starts.get((row, col))
            if box is not None:
                parts.append(_tc_xml(box, widths, "restart" if box.rows > 1 else None))
            elif (row, col) in below:
                box = below[(row, col)]
                parts.append(_tc_xml(Box(row, col, "", cols=box.cols), widths, "continue"))
            else:
                box = Box(row, col, "")
                parts.append(_tc_xml(box, widths, None))
            col += box.cols
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _tc_xml(box: Box, widths: Sequence[int], merge: str | None) -> str:
    width = sum(widths[box.col : box.col + box.cols])
    span = f'<w:gridSpan w:val="{box.cols}"/>' if box.cols > 1 else ""
    vmerge = {None: "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}[merge]
    align = "left" if box.left else "center"
    size = round(box.size * 2)
    runs = ""
    if box.text:
        lines = [f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in box.text.split("\n")]
        runs = (
            f'<w:r><w:rPr><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>{"<w:br/>".join(lines)}</w:r>'
        )
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{vmerge}<w:vAlign w:val="center"/></w:tcPr>'
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>{runs}</w:p></w:tc>'
    )


def add_table(word: WordDocument, layout: Layout) -> dict[Any, Any]:
    """Append a layout's table to the body; the w:tc of every keyed box."""
    tbl = parse_xml(table_xml(layout))
    body = word.element.body
    section = body.find(qn("w:sectPr"))
    if section is not None:
        section.addprevious(tbl)
    else:
        body.append(tbl)
    by_start = {(box.row, box.col): box for box in layout.boxes if box.key is not None}
    cells: dict[Any, Any] = {}
    for row, tr in enumerate(tbl.findall(qn("w:tr"))):
        col = 0
        for tc in tr.findall(qn("w:tc")):
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            box = by_start.get((row, col))
            if box is not None and (merge is None or merge.get(qn("w:val")) == "restart"):
                cells[box.key] = tc
            span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            col += int(span.get(qn("w:val"))) if span is not None else 1
    return cells


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


def _new_word() -> WordDocument:
    word = new_docx()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    _style_font(word, "Normal", BODY_FONT, 11, bold=False)
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12)):
        _style_font(word, name, HEADING_FONT, size, bold=True)
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


@dataclass
class RebuiltTable:
    """One official table as written: the w:tc of each value cell and row label, and its corner."""

    name: str
    cells: dict[Any, Any] = field(default_factory=dict)  # Box.key → w:tc

    def cell(self, key: CellKey) -> Any | None:
        return self.cells.get(("cell", key))

    def label(self, row_key: str) -> Any | None:
        return self.cells.get(("label", row_key))

    @property
    def corner(self) -> Any | None:
        return self.cells.get(("corner",))


LAYOUTS = {"二": table_two_layout, "三": table_three_layout, "四": table_four_layout}


class _Builder:
    """Writes the blocks of a Document into a new Word document, remembering where each went."""

    def __init__(self, word: WordDocument, result: Result) -> None:
        assert result.document is not None
        self.word = word
        self.result = result
        self.document: Document = result.document
        report = result.report
        self.format: ReportFormat | None = format_by_id(result.layout) if result.layout else None
        # Without a format there is no official layout: recognised tables are then written as grids.
        tables = dict(report.tables) if report and self.format else {}
        self.tables: dict[str, RecognisedTable] = {name: tables[name] for name in LAYOUTS if name in tables}
        self.headings = {hit.block for hit in report.sections} if report else set()
        self.title_block = report.title_block if report else None
        self.paragraphs: dict[int, Any] = {}  # block → w:p
        self.grids: dict[int, dict[Any, Any]] = {}  # block → Box.key → w:tc
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
        """Blocks in reading order; each official table after its section heading (or where it was
        read, when that is inside its section), recognised source tables not repeated."""
        pending = list(self.tables)
        sections = self._section_ranges()
        for index, block in enumerate(self.document.blocks):
            if isinstance(block, Paragraph):
                self._paragraph(index, block)
                for name in list(pending):
                    start, end = sections.get(name, (None, None))
                    if start == index and not self._read_inside(name, start, end):
                        self._official(name, captioned=False)
                        pending.remove(name)
                continue
            names = self.block_tables.get(index)
            if names:
                for name in names:
                    if name in pending:
                        self._official(name, captioned=not self._in_section(name, index, sections))
                        pending.remove(name)
                continue
            self._grid(index, block)
        for name in pending:
            self._official(name, captioned=True)

    def _section_ranges(self) -> dict[str, tuple[int, int]]:
        """Section key → (heading block, block where the next section starts)."""
        report = self.result.report
        hits = sorted(report.sections, key=lambda hit: hit.block) if report else []
        ranges: dict[str, tuple[int, int]] = {}
        for position, hit in enumerate(hits):
            end = hits[position + 1].block if position + 1 < len(hits) else len(self.document.blocks)
            ranges.setdefault(hit.key, (hit.block, end))
        return ranges

    @staticmethod
    def _in_section(name: str, index: int, sections: Mapping[str, tuple[int, int]]) -> bool:
        """True when block `index` lies in the table's own section (its heading then names it)."""
        start, end = sections.get(name, (None, None))
        return start is not None and end is not None and start < index < end

    def _read_inside(self, name: str, start: int, end: int | None) -> bool:
        """True when the table was read inside its own section: it then stays where it was."""
        blocks = self.tables[name].blocks
        return bool(blocks) and end is not None and start < min(blocks) < end

    # --- writing -----------------------------------------------------------------------------------

    def _paragraph(self, index: int, block: Paragraph) -> None:
        if index == self.title_block:
            paragraph = self.word.add_paragraph(style="Title")
        elif index in self.headings:
            paragraph = self.word.add_paragraph(style="Heading 1")
        else:
            paragraph = self.word.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(22)
        paragraph.add_run(block.text)
        self.paragraphs[index] = paragraph._p
        self.last_paragraph = paragraph._p

    def _grid(self, index: int, block: Table) -> None:
        self.grids[index] = add_table(self.word, grid_layout(block))
        self.word.add_paragraph()

    def _official(self, name: str, captioned: bool) -> None:
        """Table 二, 三 or 四 in the official layout; a caption when no section heading names it."""
        assert self.format is not None
        if captioned:
            caption = self.word.add_paragraph(style="Heading 2")
            caption.add_run(f"表{name}　{TABLE_TITLES[name]}")
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        layout = LAYOUTS[name](self.format, self.tables[name].cells)
        self.rebuilt[name] = RebuiltTable(name, add_table(self.word, layout))
        self.word.add_paragraph()

    # --- findings → marks ----------------------------------------------------------------------------

    def marks(self, findings: Sequence[Finding]) -> dict[int, Mark]:
        """For each finding (by index) where its comment goes in the rebuilt document."""
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
        """(element, start, end, reader text, is the exact cell named) for an anchor; None if absent."""
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
        for key in (("grid", (row, cell)), ("grid", (row, 0)), ("grid", (0, 0))):
            if key in grid:
                return grid[key], None, None, None, anchor.cell is not None and key[1] == (row, cell)
        return None

    def _official_target(self, block: int, row: int, cell: int, named: bool) -> tuple | None:
        """A cell of a recognised table: its value cell, else its row's label, else the table corner."""
        hit = self.cell_keys.get((block, row, cell))
        if hit is not None and hit[0] in self.rebuilt:
            tc = self.rebuilt[hit[0]].cell(hit[1])
            if tc is not None:
                return tc, None, None, None, named
        row_hit = self.row_keys.get((block, row))
        if row_hit is not None and row_hit[0] in self.rebuilt:
            label = self.rebuilt[row_hit[0]].label(row_hit[1])
            if label is not None:
                return label, None, None, None, False
        for name in self.block_tables.get(block, []):
            if name in self.rebuilt and self.rebuilt[name].corner is not None:
                return self.rebuilt[name].corner, None, None, None, False
        return None
