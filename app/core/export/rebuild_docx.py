"""A Word copy of a PDF, HTML, TXT or XLSX report: the author's document as read, with the comments.

There is no Word file to annotate for these inputs, so `rebuild_docx` writes a new one that is the
author's own document as the reader saw it: every paragraph in reading order, the title and the six
section headings as headings, and every table with the author's own rows, labels and values, merged
where the source merges them. Nothing is redrawn in the official layout and nothing is corrected: where
the author's table differs from the official one, the comment on it says so. What the reader was not
sure of is said in a comment too, so an uncertain reading is never passed off as the author's text.

Comments are the author's (see `comments`): one per problem, naming the page, sheet cell or line of
the original file. Tables are written straight as WordprocessingML: python-docx's cell API rescans the
table on every call and made a 28-row table take a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from app.core.export.annotate_docx import DEFAULT_REVIEWER, Mark, annotate, insert_summary
from app.core.export.comments import Problem, problems
from app.core.export.files import save_new
from app.core.model import Anchor, Document, Paragraph, Result, Table
from app.core.text import parse_number
from app.core.wordml import grid_cells, vertical_merge

KIND_NAMES = {
    "pdf": "PDF",
    "html": "网页（HTML）",
    "txt": "文本（TXT）",
    "xlsx": "Excel（XLSX）",
    "docx": "Word（DOCX）",
}
CONTENT_WIDTH_CM = 16.0
BODY_FONT, HEADING_FONT = "宋体", "黑体"
TWIPS_PER_CM = 567
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Lines a page carries besides the text: page numbers such as "- 6 -", "第 6 页", "6/12".
PAGE_FURNITURE = re.compile(
    r"^[\s\-—–－·]*(?:第\s*\d+\s*页(?:\s*[,，/共]\s*共?\s*\d+\s*页)?|\d+(?:\s*/\s*\d+)?)[\s\-—–－·]*$"
)
TITLE_LEAD_LIMIT = 40
# Column widths follow the longest text in a column (in half-width characters), within these bounds:
# room for "总计" or a five-digit number at least; a long label wraps rather than squeezing the rest.
MIN_COLUMN, NUMBER_COLUMN, MAX_COLUMN = (
    6.0,
    9.0,
    20.0,
)  # a short line above the title (the body's name) is part of the title


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
    left: bool = False  # left-aligned (labels and text); numbers are centred
    size: float = 9
    key: Any = None  # what the box stands for: (row, cell) of the Document table


@dataclass(frozen=True)
class Layout:
    widths: tuple[float, ...]  # column widths in cm
    rows: int
    boxes: tuple[Box, ...]


def author_layout(block: Table) -> Layout:
    """The author's table as read: each row of the Document a row, each cell at its grid column with
    its spans. A cell whose column is taken (a reader's overlap) moves right rather than vanishing;
    for tables without a real grid (tab-separated text) cells simply follow one another."""
    height = max(len(block.rows), 1)
    taken: set[tuple[int, int]] = set()
    boxes: list[Box] = []
    wide = max((len(row.cells) for row in block.rows), default=1) > 10
    for row_index, row in enumerate(block.rows):
        column = 0
        for position, cell in enumerate(row.cells):
            col = cell.col if block.grid else column
            span = max(1, cell.colspan if block.grid else 1)
            while any((row_index, c) in taken for c in range(col, col + span)):
                col += 1
            down = max(1, min(cell.rowspan, height - row_index))
            while down > 1 and any(
                (r, c) in taken
                for r in range(row_index + 1, row_index + down)
                for c in range(col, col + span)
            ):
                down -= 1
            taken.update((r, c) for r in range(row_index, row_index + down) for c in range(col, col + span))
            number = parse_number(cell.text).kind in ("number", "blank")
            boxes.append(
                Box(
                    row_index,
                    col,
                    cell.text,
                    rows=down,
                    cols=span,
                    left=not number,
                    size=7.5 if wide else 9,
                    key=(row_index, position),
                )
            )
            column = col + span
    width = max((box.col + box.cols for box in boxes), default=1)
    return Layout(_widths(boxes, width), height, tuple(boxes))


def _widths(boxes: Sequence[Box], count: int) -> tuple[float, ...]:
    """Column widths by what the columns hold: a label column wider than a column of numbers, whose
    header words ("社会公益组织") may wrap rather than squeeze the labels."""
    texts: list[list[Box]] = [[] for _ in range(count)]
    for box in boxes:
        if box.cols == 1 and box.text.strip():
            texts[box.col].append(box)
    need = []
    for column in texts:
        numbers = sum(1 for box in column if not box.left)
        cap = NUMBER_COLUMN if numbers * 2 > len(column) else MAX_COLUMN
        need.append(max([MIN_COLUMN] + [min(_display_width(box.text), cap) for box in column]))
    total = sum(need)
    return tuple(CONTENT_WIDTH_CM * n / total for n in need)


def _display_width(text: str) -> float:
    return float(sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text))


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
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
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
    _append(word, tbl)
    by_start = {(box.row, box.col): box for box in layout.boxes if box.key is not None}
    cells: dict[Any, Any] = {}
    for row, tr in enumerate(tbl.findall(qn("w:tr"))):
        for tc, col, _span in grid_cells(tr):
            box = by_start.get((row, col))
            if box is not None and vertical_merge(tc) != "continue":
                cells[box.key] = tc
    return cells


def _append(word: WordDocument, element: Any) -> None:
    body = word.element.body
    section = body.find(qn("w:sectPr"))
    if section is not None:
        section.addprevious(element)
    else:
        body.append(element)


# ---------------------------------------------------------------------------------------------------
# Public entry point


def rebuild_docx(
    result: Result,
    out_path: str | Path,
    reviewer: str = DEFAULT_REVIEWER,
    dismissed: Mapping[int, str] | None = None,
    show_dismissed: bool = False,
) -> Path:
    """Write a rebuilt, commented Word copy of a report; returns the path written (numbered if taken).

    Dismissed findings get no comment; they and their reasons appear in the summary only when
    `show_dismissed` is on.
    """
    if result.document is None:
        raise ValueError("rebuild_docx needs a report that was read")
    dismissed = dismissed or {}
    word = _new_word()
    builder = _Builder(word, result)
    builder.build()
    found = problems(result, dismissed)
    marks = builder.marks(found)
    annotate(word, result, found, marks, reviewer)
    insert_summary(word, result, found, dismissed if show_dismissed else {}, reviewer, intro=_intro(result))
    return save_new(out_path, lambda temp: word.save(str(temp)), protected=(Path(result.path),))


def _intro(result: Result) -> str:
    kind = KIND_NAMES.get(result.kind, result.kind.upper())
    return (
        f"本文档根据{kind}文件读到的内容重建：段落、标题和表格按原文件的顺序排列，文字和数字照原样保留，"
        "未做任何改动；读取没有把握的地方已用批注标出。版式与原文件不同，批注中注明了原文件中的位置，"
        "修改请在原文件中进行。"
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


def is_page_furniture(text: str) -> bool:
    """A page number line ("- 6 -", "第6页"): printed on the page, not part of the report's text."""
    return bool(PAGE_FURNITURE.match(text.strip())) if text.strip() else False


class _Builder:
    """Writes the blocks of a Document into a new Word document, remembering where each went."""

    def __init__(self, word: WordDocument, result: Result) -> None:
        if result.document is None:
            raise ValueError("rebuild needs a document")
        self.word = word
        self.result = result
        self.document: Document = result.document
        report = result.report
        self.headings = report.heading_blocks() if report else set()
        self.title_block = report.title_block if report else None
        self.paragraphs: dict[int, Any] = {}  # block → w:p
        self.cells: dict[int, dict[Any, Any]] = {}  # block → (row, cell) → w:tc
        self.elements: dict[int, Any] = {}  # block → its first element in the body (w:p or w:tbl)

    def build(self) -> None:
        for index, block in enumerate(self.document.blocks):
            if isinstance(block, Paragraph):
                self._paragraph(index, block)
            else:
                self._table(index, block)

    def _paragraph(self, index: int, block: Paragraph) -> None:
        if index == self.title_block or self._title_lead(index, block):
            paragraph = self.word.add_paragraph(style="Title")
        elif index in self.headings:
            paragraph = self.word.add_paragraph(style="Heading 1")
        else:
            paragraph = self.word.add_paragraph()
            if not is_page_furniture(block.text):
                paragraph.paragraph_format.first_line_indent = Pt(22)
        paragraph.add_run(block.text)
        self.paragraphs[index] = paragraph._p
        self.elements[index] = paragraph._p

    def _title_lead(self, index: int, block: Paragraph) -> bool:
        """The lines above the title that name the body ("洪泽区人民政府") belong to the title."""
        if self.title_block is None or index >= self.title_block:
            return False
        between = self.document.blocks[index : self.title_block]
        return all(isinstance(b, Paragraph) for b in between) and len(block.text.strip()) <= TITLE_LEAD_LIMIT

    def _table(self, index: int, block: Table) -> None:
        self.cells[index] = add_table(self.word, author_layout(block))
        tbl = next(iter(self.cells[index].values()), None)
        self.elements[index] = tbl.getparent().getparent() if tbl is not None else None
        self.word.add_paragraph()  # Word needs a paragraph between two tables, and it reads better

    # --- problems → marks ----------------------------------------------------------------------------

    def marks(self, found: Sequence[Problem]) -> dict[int, Mark]:
        """For each problem (by position) where its comment goes in the rebuilt document."""
        marks: dict[int, Mark] = {}
        for position, problem in enumerate(found):
            anchor = problem.anchor
            if anchor is None:
                if problem.is_missing_section:
                    marks[position] = Mark(self._gap_at_end(), point="start")
                continue
            mark = self._mark(anchor, problem.shade)
            if mark is not None:
                marks[position] = mark
        return marks

    def _mark(self, anchor: Anchor, shade: bool) -> Mark | None:
        if not 0 <= anchor.block < len(self.document.blocks):
            return None
        block = self.document.blocks[anchor.block]
        if isinstance(block, Paragraph):
            p = self.paragraphs.get(anchor.block)
            if p is None:
                return None
            if anchor.before:
                return Mark(self._gap_before(anchor.block), point="start")
            return Mark(p, anchor.start, anchor.end, block.text)
        if anchor.before:
            return Mark(self._gap_before(anchor.block), point="start")
        cells = self.cells.get(anchor.block, {})
        row = anchor.row if anchor.row is not None else 0
        exact = cells.get((row, anchor.cell)) if anchor.cell is not None else None
        if exact is not None:
            return Mark(exact, shade=shade)
        fallback = cells.get((row, 0))
        if fallback is None:
            fallback = next(iter(cells.values()), None)
        return Mark(fallback) if fallback is not None else None

    def _gap_before(self, block: int) -> Any:
        """An empty paragraph just before a block: where something missing belongs."""
        gap = OxmlElement("w:p")
        self.elements[block].addprevious(gap)
        return gap

    def _gap_at_end(self) -> Any:
        """An empty paragraph after the last of the report's text (a page number is not its end)."""
        gap = OxmlElement("w:p")
        last = next(
            (
                index
                for index in reversed(range(len(self.document.blocks)))
                if self.elements.get(index) is not None and not _furniture_block(self.document.blocks[index])
            ),
            None,
        )
        if last is None:
            _append(self.word, gap)
        else:
            self.elements[last].addnext(gap)
        return gap


def _furniture_block(block: Paragraph | Table) -> bool:
    return isinstance(block, Paragraph) and (not block.text.strip() or is_page_furniture(block.text))
