"""The report as the engine read it, as HTML for a QTextBrowser (pure Python, no Qt).

Every block gets an anchor `b{block}`, every table cell `b{block}r{row}c{cell}`; each marked place also
gets `f{N}` for each finding N on it. A marked place links to `finding:N` so a click selects the
finding. The finding being looked at has its first anchor (the suspect cell, when one cell explains
it) drawn in the strong tint, its other places in the light one. A dismissed finding leaves no mark
unless it is the one being looked at. A layout finding about a whole table (not one of its rows or
cells) marks the table with a band above it, not the label its anchor happens to sit on. A table's
heading rows go in <thead> (see `header_rows`): the preview keeps them in sight over a scrolled table.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.core.model import SEVERITY_ORDER, Anchor, Cell, Document, Finding, Paragraph, Result, Table
from app.core.readers import kind_name
from app.core.wording import layout_name
from app.ui.look import MUTED_COLOR, SEVERITY_COLORS, SEVERITY_TINTS

STYLE_SHEET = """
h1 { font-size: x-large; font-weight: bold; margin-top: 8px; margin-bottom: 8px; }
h2 { font-size: large; font-weight: bold; margin-top: 14px; margin-bottom: 6px; }
p { margin-top: 3px; margin-bottom: 3px; line-height: 140%; }
td { padding: 3px; }
.intro { color: #555555; }
.muted { color: #888888; }
"""


def place_name(anchor: Anchor) -> str:
    """The HTML anchor name of the spot a finding anchor points at."""
    if anchor.before:
        return f"b{anchor.block}before"
    if anchor.row is not None and anchor.cell is not None:
        return f"b{anchor.block}r{anchor.row}c{anchor.cell}"
    if anchor.row is not None:
        return f"b{anchor.block}r{anchor.row}"
    return f"b{anchor.block}"


def about_whole_table(finding: Finding) -> bool:
    """A layout finding that names no row or column: the table as a whole is the problem."""
    return finding.category == "layout" and finding.row is None and finding.column is None


def mark_place(finding: Finding, anchor: Anchor) -> str:
    """The place a finding's anchor is marked at in the preview."""
    if anchor.row is not None and about_whole_table(finding):
        return f"b{anchor.block}"
    return place_name(anchor)


def focus_place(finding: Finding) -> str | None:
    """The place the preview scrolls to and marks strongly: the first anchor's."""
    return mark_place(finding, finding.anchors[0]) if finding.anchors else None


@dataclass
class _Mark:
    findings: list[int] = field(default_factory=list)
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, finding) in a paragraph


class _Marks:
    """Which findings sit on which places."""

    def __init__(
        self, findings: tuple[Finding, ...], dismissed: Mapping[int, str], highlight: int | None = None
    ) -> None:
        self.findings = findings
        self.dismissed = dismissed
        self.places: dict[str, _Mark] = {}
        self.unplaced: list[int] = []
        for number, finding in enumerate(findings):
            if number in dismissed and number != highlight:
                continue
            if not finding.anchors:
                self.unplaced.append(number)
            for anchor in finding.anchors:
                mark = self.places.setdefault(mark_place(finding, anchor), _Mark())
                if number not in mark.findings:
                    mark.findings.append(number)
                if anchor.start is not None and anchor.end is not None and anchor.row is None:
                    mark.spans.append((anchor.start, anchor.end, number))

    def tone(self, numbers: list[int]) -> str:
        """The tint key of a place: its worst open finding's severity, or "dismissed"."""
        open_ = [self.findings[n].severity for n in numbers if n not in self.dismissed]
        return min(open_, key=SEVERITY_ORDER.__getitem__) if open_ else "dismissed"

    def lead(self, numbers: list[int]) -> int:
        """The finding a click on the place selects: the worst open one."""
        return min(numbers, key=lambda n: (n in self.dismissed, SEVERITY_ORDER[self.findings[n].severity], n))


def _tint(tone: str, strong: bool) -> str:
    light, dark = SEVERITY_TINTS[tone]
    return dark if strong else light


def _link(number: int, inner: str) -> str:
    return f'<a href="finding:{number}" style="color:#1a1a1a; text-decoration:none">{inner}</a>'


def _names(place: str, mark: _Mark | None) -> str:
    names = [place] + [f"f{n}" for n in (mark.findings if mark else [])]
    return "".join(f'<a name="{name}"></a>' for name in names)


def render_document(
    result: Result, dismissed: Mapping[int, str] | None = None, highlight: int | None = None
) -> str:
    """The whole preview of a checked report; `highlight` is the finding being looked at."""
    document = result.document
    assert document is not None
    marks = _Marks(result.findings, dismissed or {}, highlight)
    looked_at = highlight is not None and 0 <= highlight < len(result.findings)
    first = focus_place(result.findings[highlight]) if looked_at else None
    focus = {first} if first else set()
    heading_blocks = result.report.heading_blocks() if result.report else set()
    title_block = result.report.title_block if result.report else None
    parts = [_intro(result, document)]
    parts.append(_unplaced(marks, highlight))
    for number, block in enumerate(document.blocks):
        before = f"b{number}before"
        if before in marks.places:
            parts.append(_gap(marks, before, before in focus))
        if isinstance(block, Table):
            banded = f"b{number}" in marks.places
            if banded:
                parts.append(_table_band(marks, f"b{number}", f"b{number}" in focus))
            parts.append(_table(block, number, marks, focus, named=not banded))
        else:
            tag = "h1" if number == title_block else "h2" if number in heading_blocks else "p"
            parts.append(_paragraph(block, number, tag, marks, focus))
    return "\n".join(part for part in parts if part)


def _intro(result: Result, document: Document) -> str:
    facts = [
        f"{kind_name(document.kind)}文件",
        f"年度 {result.year}" if result.year else "年度未识别",
        layout_name(result.layout) if result.layout else "表格格式未识别",
        f"{len(document.blocks)} 段/表",
    ]
    note = "下面是检查器从文件中读到的内容，问题所在处已用颜色标出；点一下标出的地方可查看对应问题。"
    if document.kind == "pdf":
        note += "请对照原文确认 PDF 的文字和表格读得是否正确。"
    return (
        f'<p class="intro"><b>{html.escape(Path(result.path).name)}</b>　·　'
        f"{html.escape('　·　'.join(facts))}</p>"
        f'<p class="intro">{html.escape(note)}</p><hr/>'
    )


def _unplaced(marks: _Marks, highlight: int | None) -> str:
    if not marks.unplaced:
        return ""
    items = []
    for number in marks.unplaced:
        finding = marks.findings[number]
        tone = "dismissed" if number in marks.dismissed else finding.severity
        background = _tint(tone, number == highlight)
        items.append(
            f'<p style="background-color:{background}"><a name="f{number}"></a>'
            f"{_link(number, html.escape(finding.message))}</p>"
        )
    return "<p><b>整份报告的问题（没有具体位置）：</b></p>" + "".join(items)


def _band(marks: _Marks, place: str, strong: bool, lead: str) -> str:
    """A coloured line standing for a place with no text of its own: a gap, or a whole table."""
    mark = marks.places[place]
    tone = marks.tone(mark.findings)
    text = "；".join(marks.findings[n].message for n in mark.findings)
    color = SEVERITY_COLORS.get(tone, MUTED_COLOR)
    return (
        f'<p style="background-color:{_tint(tone, strong)}; color:{color}">{_names(place, mark)}'
        f"{_link(marks.lead(mark.findings), lead + html.escape(text))}</p>"
    )


def _gap(marks: _Marks, place: str, strong: bool) -> str:
    return _band(marks, place, strong, "▲ 此处缺少内容：")


def _table_band(marks: _Marks, place: str, strong: bool) -> str:
    return _band(marks, place, strong, "▼ 下面这张表：")


def _paragraph(block: Paragraph, number: int, tag: str, marks: _Marks, focus: set[str]) -> str:
    place = f"b{number}"
    mark = marks.places.get(place)
    text = block.text
    if mark is None:
        return f"<{tag}>{_names(place, None)}{html.escape(text)}</{tag}>"
    strong = place in focus
    tone = marks.tone(mark.findings)
    whole = [n for n in mark.findings if all(span[2] != n for span in mark.spans)]
    style = f' style="background-color:{_tint(tone, strong)}"' if whole else ""
    body = _marked_spans(text, mark.spans, marks, strong) if mark.spans else html.escape(text)
    if whole:
        body = _link(marks.lead(whole), body)
    return f"<{tag}{style}>{_names(place, mark)}{body}</{tag}>"


def _marked_spans(text: str, spans: list[tuple[int, int, int]], marks: _Marks, strong: bool) -> str:
    out, cursor = [], 0
    for start, end, number in sorted(spans):
        start, end = max(start, cursor), min(end, len(text))
        if start >= end:
            continue
        tone = "dismissed" if number in marks.dismissed else marks.findings[number].severity
        out.append(html.escape(text[cursor:start]))
        inner = f'<span style="background-color:{_tint(tone, strong)}">{html.escape(text[start:end])}</span>'
        out.append(_link(number, inner))
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


HEADER_ROWS_MAX = 4  # a table's column headings take at most this many rows


def _is_figure(text: str) -> bool:
    return text.replace(".", "", 1).replace("-", "", 1).strip().isdigit()


def header_rows(block: Table) -> int:
    """How many leading rows of a table are its column headings: the rows before the first one that
    holds a figure (none when the first rows hold none: a table of text has no headings to keep)."""
    for number, row in enumerate(block.rows[: HEADER_ROWS_MAX + 1]):
        if any(_is_figure(cell.text) for cell in row.cells):
            return number
    return 0


def _table(block: Table, number: int, marks: _Marks, focus: set[str], named: bool = True) -> str:
    """The table; its heading rows in <thead>, which Qt keeps as the table's header rows, so the
    preview can hold them in sight while the table's body scrolls under them."""
    width = max((cell.col + cell.colspan for row in block.rows for cell in row.cells), default=1)
    covered: dict[int, set[int]] = {}  # row -> grid columns taken by a cell spanning down from above
    rows_html = []
    for r, row in enumerate(block.rows):
        taken = covered.get(r, set())
        cells_html: list[str] = []
        column = 0
        row_place = f"b{number}r{r}"
        row_mark = marks.places.get(row_place)
        prefix = _names(row_place, row_mark) if row_mark is not None else ""
        for c, cell in enumerate(row.cells):
            target = cell.col if block.grid else column
            while block.grid and column < target:
                if column not in taken:
                    cells_html.append("<td></td>")
                column += 1
            place = f"{row_place}c{c}"
            cells_html.append(_cell(cell, place, marks, focus, prefix if c == 0 else ""))
            for below in range(r + 1, r + cell.rowspan):
                covered.setdefault(below, set()).update(range(target, target + cell.colspan))
            column = target + cell.colspan
        while block.grid and column < width:
            if column not in taken:
                cells_html.append("<td></td>")
            column += 1
        row_style = ""
        if row_mark is not None:
            row_style = f' bgcolor="{_tint(marks.tone(row_mark.findings), row_place in focus)}"'
        rows_html.append(f"<tr{row_style}>{''.join(cells_html)}</tr>")
    heading = header_rows(block)
    if heading:
        rows_html = ["<thead>", *rows_html[:heading], "</thead><tbody>", *rows_html[heading:], "</tbody>"]
    return (
        f'{_names(f"b{number}", None) if named else ""}<table border="1" cellspacing="0" cellpadding="4" width="99%"'
        f' style="border-collapse:collapse; border-style:solid; border-color:#b0b0b0; margin-top:6px; margin-bottom:10px">'
        f"{''.join(rows_html)}</table>"
    )


def _cell(cell: Cell, place: str, marks: _Marks, focus: set[str], prefix: str = "") -> str:
    text = cell.text
    spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
        f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
    )
    align = ' align="center"' if _is_figure(text) else ""
    mark = marks.places.get(place)
    if mark is None:
        return f"<td{spans}{align}>{prefix}{_names(place, None)}{html.escape(text)}</td>"
    strong = place in focus
    shown = html.escape(text) if text.strip() else '<span style="color:#9e9e9e">（空白）</span>'
    if strong:
        shown = f"<b>{shown}</b>"
    return (
        f'<td{spans} align="center" bgcolor="{_tint(marks.tone(mark.findings), strong)}">'
        f"{prefix}{_names(place, mark)}{_link(marks.lead(mark.findings), shown)}</td>"
    )


def render_message(title: str, text: str, hint: str = "") -> str:
    """A plain page for a report that has no document to show (unreadable, skipped, being checked)."""
    hint_html = f'<p class="muted">{html.escape(hint)}</p>' if hint else ""
    return (
        f'<div style="margin:24px"><h2>{html.escape(title)}</h2><p>{html.escape(text)}</p>{hint_html}</div>'
    )
