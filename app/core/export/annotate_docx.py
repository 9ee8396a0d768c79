"""Review comments on a copy of the author's own Word file.

`annotate_docx` opens the original DOCX from its bytes (the file itself is never opened for writing),
turns every problem of the report (see `comments`: findings about one spot or one cell merged, dismissed
ones left out) into a real Word comment anchored on the exact text it concerns (a character span of a
paragraph, a table cell; a point where a missing section belongs), shades the cells at fault, and puts a
summary block at the very top. Nothing else in the body changes: runs are split only where a comment
must start or end, and a split run keeps its formatting.

The machinery that places comments (`Mark`, `annotate`, `insert_summary`) is shared with
`rebuild_docx`, which builds a new Word document for PDF, TXT and XLSX input and marks it the same way.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from docx import Document as open_docx
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.run import Run

from app.core.check import source_of
from app.core.export.comments import (
    Problem,
    comment_lines,
    merge_problems,
    problem_counts,
    problems,
    summary_line,
)
from app.core.export.files import save_new
from app.core.export.safe_text import (
    document_texts,
    dropped_characters,
    dropped_note,
    safe_offset,
    xml_safe,
)
from app.core.limits import MAX_REVIEWER
from app.core.model import SEVERITY_LABELS, SEVERITY_ORDER, Anchor, Document, Paragraph, Result, Source, Table
from app.core.readers.docx_reader import body_blocks  # the reader's own walk and grouping
from app.core.wording import layout_name
from app.core.wordml import (
    cell_at,
    paragraph_text,
    run_text,
    shown_text,
    text_runs,
    vertical_merge,
    wrapped_children,
)

DEFAULT_REVIEWER = "年报检查器"
# The longest comment author the schema allows (w:author is at most 255 characters); the settings
# dialog and the command line should bound the name to it, and the exporter cuts anything longer.
# Cell fills: light red for errors, light yellow for warnings, light blue for notes.
FILLS: dict[str, str] = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
SEVERITY_COLORS: dict[str, RGBColor] = {
    "error": RGBColor(0xC0, 0x00, 0x00),
    "warning": RGBColor(0x9C, 0x57, 0x00),
    "info": RGBColor(0x1F, 0x4E, 0x79),
}
SUMMARY_TITLE = "检查意见汇总"
SUMMARY_END = "（以上为检查意见汇总。以下为报告原文。）"
ALL_MARKED = "各问题已用批注标在正文相应位置。"
# Said when some problems have no spot in the text that can hold a comment (a finding about the whole
# report, a place Word cannot anchor on): their numbers, found by the place the summary gives.
NOT_MARKED = (
    "第 {numbers} 项在正文中没有批注（{why}），请按上面写明的位置查找；其余各问题已用批注标在正文相应位置。"
)
NOT_MARKED_ALL = "以上问题在正文中没有批注（{why}），请按上面写明的位置查找。"
NOT_MARKED_WHY = "涉及整份报告，或所在位置无法添加批注"
NOT_MARKED_TAG = "（正文中未标注）"
DISMISSED_HEADING = "检查人已忽略的问题（无需修改）："

# Comment styles, as Word defines them (批注文字 10 pt, 批注引用 8 pt), with a Chinese font of their own:
# python-docx only refers to CommentText and CommentReference, so comments took the author's Normal style
# (two-character indents, a Japanese theme font's ＭＳ 明朝).
COMMENT_FONT = "宋体"
COMMENT_STYLES = {
    "annotation text": (
        "CommentText",
        '<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="annotation text"/>'
        '<w:basedOn w:val="{normal}"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:left="0" w:leftChars="0" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/></w:pPr>'
        '<w:rPr><w:rFonts w:eastAsia="{font}"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>',
    ),
    "annotation reference": (
        "CommentReference",
        '<w:style w:type="character" w:styleId="{id}"><w:name w:val="annotation reference"/>'
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>',
    ),
}

# Run content that counts as text, as python-docx's `Run.text` counts it.
# The elements that follow w:shd inside w:tcPr (schema order matters to Word).
_AFTER_SHD = frozenset(
    qn(tag)
    for tag in (
        "w:noWrap",
        "w:tcMar",
        "w:textDirection",
        "w:tcFitText",
        "w:vAlign",
        "w:hideMark",
        "w:headers",
        "w:cellIns",
        "w:cellDel",
        "w:cellMerge",
        "w:tcPrChange",
    )
)


@dataclass(frozen=True)
class Mark:
    """Where one finding's comment goes: a w:p (optionally a character span of it) or a w:tc."""

    element: Any  # lxml CT_P or CT_Tc
    start: int | None = None
    end: int | None = None
    text: str | None = None  # the paragraph text the reader saw, to map the span onto the runs
    shade: bool = False  # the cell is at fault and gets the severity's fill
    # A point rather than a range: the comment sits at the start or the end of the paragraph (where a
    # missing section belongs), covering none of the author's text.
    point: Literal["start", "end"] | None = None

    @property
    def is_cell(self) -> bool:
        return self.element.tag == qn("w:tc")


# ---------------------------------------------------------------------------------------------------
# Public entry point


def annotate_docx(
    result: Result,
    out_path: str | Path,
    reviewer: str = DEFAULT_REVIEWER,
    dismissed: Mapping[int, str] | None = None,
    show_dismissed: bool = False,
    round_line: str = "",
    replace: bool = False,
) -> Path:
    """Write a commented copy of a DOCX report; returns the path written (numbered if taken).
    `round_line` opens the summary from the review's second round on (第N次检查：…).

    Dismissed findings get no comment; they and their reasons appear in the summary only when
    `show_dismissed` is on (the author's copy is not the place for the reviewer's notes by default).
    """
    if result.document is None or result.document.kind != "docx":
        raise ValueError("annotate_docx needs a checked DOCX report")
    dismissed = dismissed or {}
    original = Path(result.path)
    word = open_docx(io.BytesIO(original.read_bytes()))
    found = problems(result, dismissed)
    marks = docx_marks(result.document, word, found)
    annotate(word, result, found, marks, reviewer)
    unmarked = [position for position in range(len(found)) if position not in marks]
    shown = dismissed if show_dismissed else {}
    insert_summary(word, result, found, shown, reviewer, unmarked=unmarked, round_line=round_line)
    return save_new(out_path, lambda temp: word.save(str(temp)), protected=(original,), replace=replace)


# ---------------------------------------------------------------------------------------------------
# Problem → place in the original DOCX


def docx_marks(document: Document, word: WordDocument, found: Sequence[Problem]) -> dict[int, Mark]:
    """For each problem (by position) the spot of the original DOCX its comment belongs on."""
    body = word.element.body
    paragraphs = body.xpath("./w:p")
    tables = body.xpath("./w:tbl")
    elements = block_elements(body, document)
    marks: dict[int, Mark] = {}
    for position, problem in enumerate(found):
        anchor = problem.anchor
        if anchor is None:
            if problem.is_missing_section:
                last = _last_text_paragraph(paragraphs)
                if last is not None:
                    marks[position] = Mark(last, point="end")
            continue
        mark = _docx_mark(document, anchor, paragraphs, tables, elements)
        if mark is not None:
            marks[position] = Mark(
                mark.element, mark.start, mark.end, mark.text, problem.shade and mark.is_cell, mark.point
            )
    return marks


def block_elements(body: Any, document: Document) -> list[Any] | None:
    """The element of every block of `document`: its w:p, or the w:tbl pieces of a table as
    [(python-docx table index or None, w:tbl)]; found by the DOCX reader's own walk of the body, so
    paragraphs and tables inside content controls and layout tables are found too (python-docx's
    numbering does not reach them). None when the walk does not give the document's blocks."""
    found: list[Any] = [block[0] if isinstance(block, tuple) else block.pieces for block in body_blocks(body)]
    if len(found) != len(document.blocks):
        return None
    for element, block in zip(found, document.blocks, strict=True):
        if isinstance(block, Paragraph) != (not isinstance(element, list)):
            return None
    return found


def _last_text_paragraph(paragraphs: Sequence[Any]) -> Any | None:
    for p in reversed(paragraphs):
        if paragraph_text(p).strip():
            return p
    return paragraphs[-1] if paragraphs else None


def _docx_mark(
    document: Document, anchor: Anchor, paragraphs: list, tables: list, elements: list | None = None
) -> Mark | None:
    if not 0 <= anchor.block < len(document.blocks):
        return None
    block = document.blocks[anchor.block]
    if isinstance(block, Paragraph):
        if elements is not None:
            p = elements[anchor.block]
        else:
            source = block.source
            if source.paragraph is None or not 0 <= source.paragraph < len(paragraphs):
                return None
            p = paragraphs[source.paragraph]
        if anchor.before:
            return Mark(p, point="start")
        return Mark(p, anchor.start, anchor.end, block.text)
    source = _cell_source(document, block, anchor)
    if source is None:
        return None
    tbl = _piece(elements[anchor.block], source) if elements is not None else None
    if tbl is None:
        if source.table is None or not 0 <= source.table < len(tables):
            return None
        tbl = tables[source.table]
    tc = grid_cell(tbl, source.row or 0, source.col or 0)
    return Mark(tc) if tc is not None else None


def _piece(pieces: list, source: Source) -> Any | None:
    """The w:tbl of a (possibly split) table that holds a cell's row."""
    if source.table is not None:
        return next((tbl for index, tbl in pieces if index == source.table), None)
    # inside a content control the pieces have no index: the first one long enough
    row = source.row or 0
    return next((tbl for _, tbl in pieces if row < len(list(wrapped_children(tbl, qn("w:tr"))))), None)


def _cell_source(document: Document, block: Table, anchor: Anchor) -> Source | None:
    """The source of the cell an anchor names; a row or table anchor means its first cell."""
    if not block.rows:
        return block.source
    row = anchor.row if anchor.row is not None and anchor.row < len(block.rows) else 0
    cell = anchor.cell if anchor.cell is not None else 0
    if not block.rows[row].cells:
        return block.rows[row].source
    cell = min(cell, len(block.rows[row].cells) - 1)
    return source_of(document, Anchor(block=anchor.block, row=row, cell=cell))


def grid_cell(tbl: Any, row: int, col: int) -> Any | None:
    """The w:tc covering grid column `col` of w:tr number `row` (the top of a vertical merge).

    Rows and cells are counted as the DOCX reader counts them: w:tr and w:tc wrapped in content
    controls included, grid columns starting after the row's w:gridBefore.
    """
    rows = list(wrapped_children(tbl, qn("w:tr")))
    if not 0 <= row < len(rows):
        return None
    tc = cell_at(rows[row], col)
    while tc is not None and vertical_merge(tc) == "continue" and row > 0:
        row -= 1
        above = cell_at(rows[row], col)
        if above is None:
            break
        tc = above
    return tc


# ---------------------------------------------------------------------------------------------------
# Runs: text, splitting, spans


def paragraph_runs(p: Any) -> list[Any]:
    """The runs holding a paragraph's visible text, in order (as the DOCX reader reads them; comment
    reference runs left out)."""
    return [r for r in text_runs(p) if r.find(qn("w:commentReference")) is None]


def _pieces(r: Any) -> list[Any]:
    return [child for child in r if child.tag != qn("w:rPr")]


def _piece_length(child: Any) -> int:
    return len(shown_text(child))


def split_run(r: Any, offset: int) -> Any | None:
    """Split a run at a character offset into two runs with the same formatting; the new right run."""
    if offset <= 0 or offset >= len(run_text(r)):
        return None
    right = copy.deepcopy(r)
    position = 0
    for left_piece, right_piece in zip(_pieces(r), _pieces(right), strict=True):
        length = _piece_length(left_piece)
        start, end = position, position + length
        position = end
        if end <= offset:
            right.remove(right_piece)
        elif start >= offset:
            r.remove(left_piece)
        else:  # a w:t straddling the offset
            text = left_piece.text or ""
            _set_text(left_piece, text[: offset - start])
            _set_text(right_piece, text[offset - start :])
    r.addnext(right)
    return right


def _set_text(t: Any, text: str) -> None:
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _split_at(p: Any, offset: int) -> None:
    position = 0
    for r in paragraph_runs(p):
        length = len(run_text(r))
        if position < offset < position + length:
            split_run(r, offset - position)
            return
        position += length


def span_runs(p: Any, start: int | None, end: int | None, seen: str | None = None) -> list[Any]:
    """The runs covering exactly characters start..end of a paragraph (splitting runs as needed).

    `seen` is the paragraph text the span counts in (the reader's, which is `paragraph_text`); when
    the runs no longer show that text, or no span is given, the whole paragraph."""
    runs = paragraph_runs(p)
    full = "".join(run_text(r) for r in runs)
    if start is not None and end is not None and seen is not None and seen != full and xml_safe(seen) == full:
        start, end, seen = safe_offset(seen, start), safe_offset(seen, end), full  # characters dropped
    if start is not None and end is not None and runs and (seen is None or seen == full):
        if 0 <= start < end <= len(full):
            _split_at(p, end)
            _split_at(p, start)
            covered = _runs_between(p, start, end)
            if covered:
                return covered
    return runs or [_new_run(p)]


def _runs_between(p: Any, start: int, end: int) -> list[Any]:
    covered = []
    position = 0
    for r in paragraph_runs(p):
        length = len(run_text(r))
        if length and position >= start and position + length <= end:
            covered.append(r)
        position += length
    return covered


def _new_run(p: Any) -> Any:
    r = OxmlElement("w:r")
    p.append(r)
    return r


def cell_runs(tc: Any) -> list[Any]:
    """All runs of a cell's paragraphs, those of a table nested in it and of content controls included;
    a cell with no runs gets an empty one."""
    paragraphs = list(wrapped_children(tc, qn("w:p")))
    if not paragraphs:
        paragraphs = [OxmlElement("w:p")]
        tc.append(paragraphs[0])
    runs = [r for p in tc.iter(qn("w:p")) for r in paragraph_runs(p)]
    return runs or [_new_run(paragraphs[-1])]


def shade(tc: Any, fill: str) -> None:
    """Give a table cell a solid background, keeping w:tcPr in schema order."""
    tc_pr = tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd", attrs={qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    successor = next((child for child in tc_pr if child.tag in _AFTER_SHD), None)
    if successor is not None:
        successor.addprevious(shd)
    else:
        tc_pr.append(shd)


# ---------------------------------------------------------------------------------------------------
# Comments and shading


def reviewer_name(reviewer: str | None) -> str:
    """The name comments are signed with: one line, characters Word can hold, at most `MAX_REVIEWER`
    characters; a blank name is the default one."""
    name = " ".join(xml_safe(reviewer or "").split())
    return name[:MAX_REVIEWER] or DEFAULT_REVIEWER


def initials_of(reviewer: str) -> str:
    """Word shows initials in narrow comment bubbles: "年报检查器" → "检查", "Li Ming" → "LM"."""
    reviewer = reviewer.strip()
    if reviewer == DEFAULT_REVIEWER:
        return "检查"
    if reviewer.isascii():
        return "".join(word[0] for word in reviewer.split())[:4].upper()
    return reviewer[:2]


def annotate(
    word: WordDocument,
    result: Result,
    found: Sequence[Problem],
    marks: Mapping[int, Mark],
    reviewer: str,
) -> None:
    """Add a comment for every placed problem; shade the cells at fault with the worst severity.

    Problems whose marks land on the same spot (a table-level and a row-level finding both falling back
    to the table's first cell) share one comment: one spot, one comment."""
    reviewer = reviewer_name(reviewer)
    fills: dict[Any, str] = {}
    spots: dict[tuple, list[int]] = {}
    for position in sorted(marks):
        mark = marks[position]
        spots.setdefault((id(mark.element), mark.start, mark.end, mark.point), []).append(position)
    for positions in spots.values():
        mark = marks[positions[0]]
        problem = merge_problems([found[position] for position in positions])
        text = xml_safe("\n".join(comment_lines(result, problem)))
        if mark.point is not None:
            _point_comment(word, mark, text, reviewer)
        else:
            runs = (
                cell_runs(mark.element)
                if mark.is_cell
                else span_runs(mark.element, mark.start, mark.end, mark.text)
            )
            word.add_comment(
                [Run(runs[0], word), Run(runs[-1], word)],
                text=text,
                author=reviewer,
                initials=initials_of(reviewer),
            )
        if any(marks[position].shade for position in positions):
            current = fills.get(mark.element)
            if current is None or SEVERITY_ORDER[problem.severity] < SEVERITY_ORDER[current]:
                fills[mark.element] = problem.severity
    for tc, severity in fills.items():
        shade(tc, FILLS[severity])
    if spots:
        style_comments(word)


def style_comments(word: WordDocument) -> None:
    """Give the comments Word's comment styles (defined where the document lacks them), a Chinese font,
    and the time in local time (python-docx writes UTC: Word in China showed them 8 hours early)."""
    text_style, reference_style = _comment_style_ids(word)
    stamp = dt.datetime.now().replace(microsecond=0).isoformat()  # local time, as Word writes it
    comments = word.part._comments_part.element
    for comment in comments.findall(qn("w:comment")):
        comment.set(qn("w:date"), stamp)
        for p in comment.findall(qn("w:p")):
            p_pr = p.get_or_add_pPr()
            p_pr.get_or_add_pStyle().set(qn("w:val"), text_style)
            for r in p.findall(qn("w:r")):
                r_pr = r.get_or_add_rPr()
                if r.find(qn("w:annotationRef")) is not None:
                    r_pr.get_or_add_rStyle().set(qn("w:val"), reference_style)
                elif r_pr.find(qn("w:rFonts")) is None:
                    r_pr.get_or_add_rFonts().set(qn("w:eastAsia"), COMMENT_FONT)
    for reference in word.element.body.iter(qn("w:commentReference")):
        r_pr = reference.getparent().get_or_add_rPr()
        r_pr.get_or_add_rStyle().set(qn("w:val"), reference_style)


def _comment_style_ids(word: WordDocument) -> tuple[str, str]:
    """The style ids of 批注文字 and 批注引用: the document's own where it has them (found by Word's
    built-in names), else new ones added to its styles."""
    styles = word.styles.element
    ids = []
    normal = next(
        (
            style.get(qn("w:styleId"))
            for style in styles.findall(qn("w:style"))
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on")
        ),
        "Normal",
    )
    taken = {style.get(qn("w:styleId")) for style in styles.findall(qn("w:style"))}
    for name, (wanted, xml) in COMMENT_STYLES.items():
        found = next(
            (
                style.get(qn("w:styleId"))
                for style in styles.findall(qn("w:style"))
                if (
                    style.find(qn("w:name")) is not None
                    and style.find(qn("w:name")).get(qn("w:val"), "").lower() == name
                )
            ),
            None,
        )
        if found is None:
            found = wanted if wanted not in taken else f"{wanted}Checker"
            markup = xml.format(id=found, normal=normal, font=COMMENT_FONT)
            styles.append(parse_xml(markup.replace("<w:style ", f'<w:style xmlns:w="{_W_NS}" ', 1)))
            taken.add(found)
        ids.append(found)
    return ids[0], ids[1]


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _point_comment(word: WordDocument, mark: Mark, text: str, reviewer: str) -> None:
    """A comment at the start or end of a paragraph that covers no text: Word needs a run to hang the
    range on, so a scratch run is added and taken out again, leaving the range marks and reference."""
    scratch = OxmlElement("w:r")
    p = mark.element
    if mark.point == "start":
        p_pr = p.find(qn("w:pPr"))
        if p_pr is not None:
            p_pr.addnext(scratch)
        else:
            p.insert(0, scratch)
    else:
        p.append(scratch)
    word.add_comment(
        [Run(scratch, word), Run(scratch, word)], text=text, author=reviewer, initials=initials_of(reviewer)
    )
    p.remove(scratch)


# ---------------------------------------------------------------------------------------------------
# The summary block at the top


def _add_line(
    word: WordDocument, parts: Sequence[tuple[str, dict]], *, size: float = 11, space_after: float = 2
) -> Any:
    """A new body paragraph of formatted parts ((text, {"bold", "color", "font"})); its w:p."""
    paragraph = word.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after, fmt.space_before, fmt.line_spacing = Pt(space_after), Pt(0), 1.0
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _no_indent(paragraph._p)
    for text, style in parts:
        run = paragraph.add_run(xml_safe(text))
        run.font.size = Pt(style.get("size", size))
        run.font.bold = style.get("bold", False)
        if "color" in style:
            run.font.color.rgb = style["color"]
        _east_asian_font(run, style.get("font", "宋体"))
    return paragraph._p


def _no_indent(p: Any) -> None:
    """Cancel the indents the author's Normal style may set (Chinese templates indent two characters)."""
    ind = p.get_or_add_pPr().get_or_add_ind()
    for attribute in ("w:left", "w:leftChars", "w:firstLine", "w:firstLineChars"):
        ind.set(qn(attribute), "0")


def _east_asian_font(run: Run, name: str) -> None:
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _summary_lines(
    word: WordDocument,
    result: Result,
    found: Sequence[Problem],
    dismissed: Mapping[int, str],
    reviewer: str,
    intro: str | None,
    unmarked: Collection[int] = (),
    round_line: str = "",
) -> list[Any]:
    grey = {"color": RGBColor(0x59, 0x59, 0x59), "size": 10}
    lines = [_add_line(word, [(SUMMARY_TITLE, {"bold": True, "size": 16, "font": "黑体"})], space_after=6)]
    if round_line:  # the review's round: what the author fixed since the last check
        lines.append(_add_line(word, [(round_line, {"bold": True})]))
    facts = (
        f"文件：{Path(result.path).name}　单位：{result.body or '未识别'}　年度：{result.year or '未识别'}"
        f"　表格格式：{layout_name(result.layout)}　检查人：{reviewer}"
    )
    lines.append(_add_line(word, [(facts, grey)]))
    if intro:
        lines.append(_add_line(word, [(intro, grey)]))
    dropped = dropped_note(dropped_characters(document_texts(result.document))) if result.document else None
    if dropped:
        lines.append(_add_line(word, [(dropped, grey)]))
    lines.append(_add_line(word, [("问题数量：", {"bold": True}), (problem_counts(found), {})]))
    if not found:
        lines.append(_add_line(word, [("未发现需要处理的问题。", {})]))
    for number, problem in enumerate(found, start=1):
        severity = problem.severity
        tag = f"【{SEVERITY_LABELS[severity]}】" if problem.findings else "【读取存疑】"
        parts = [
            (f"{number}. ", {}),
            (tag, {"bold": True, "color": SEVERITY_COLORS[severity]}),
            (summary_line(result, problem), {}),
        ]
        if number - 1 in unmarked:
            parts.append((NOT_MARKED_TAG, grey))
        lines.append(_add_line(word, parts, size=10.5))
    if found:
        numbers = [str(position + 1) for position in sorted(unmarked) if 0 <= position < len(found)]
        if not numbers:
            said = ALL_MARKED
        elif len(numbers) == len(found):
            said = NOT_MARKED_ALL.format(why=NOT_MARKED_WHY)
        else:
            said = NOT_MARKED.format(numbers="、".join(numbers), why=NOT_MARKED_WHY)
        lines.append(_add_line(word, [(said, {})]))
    if dismissed:
        lines.append(_add_line(word, [(DISMISSED_HEADING, {"bold": True})]))
        for number, (index, reason) in enumerate(sorted(dismissed.items()), start=1):
            if not 0 <= index < len(result.findings):
                continue
            finding = result.findings[index]
            text = f"{number}. {finding.message}"
            lines.append(
                _add_line(word, [(text, {}), (f"（理由：{reason or '未填写'}）", {"bold": True})], size=10.5)
            )
    end = _add_line(word, [(SUMMARY_END, grey)], space_after=0)
    Run(_new_run(end), word).add_break(WD_BREAK.PAGE)
    lines.append(end)
    return lines


def insert_summary(
    word: WordDocument,
    result: Result,
    found: Sequence[Problem],
    dismissed: Mapping[int, str],
    reviewer: str = DEFAULT_REVIEWER,
    intro: str | None = None,
    unmarked: Collection[int] = (),
    round_line: str = "",
) -> None:
    """Put the summary block (heading, counts, numbered problems; dismissed findings with their
    reasons only when passed in `dismissed`) at the very top. `unmarked` are the positions in `found`
    of the problems that got no comment: the summary says so instead of claiming all are marked."""
    body = word.element.body
    lines = _summary_lines(
        word, result, found, dismissed, reviewer_name(reviewer), intro, unmarked, round_line
    )
    for position, p in enumerate(lines):
        body.insert(position, p)
