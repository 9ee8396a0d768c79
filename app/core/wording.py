"""The words a person reads: format names, places in a report, a report's status.

The exporters and the window both speak through this module, so a reviewer reads the same thing in
the window, in the workbook and in the Word copy sent back to the author. Nothing here is a code:
no rule ids, relation ids or format ids (those stay in `Finding.rule`, `Finding.relation` and
`Report.layout` for the workbook and the window's detail view).

`place` turns a finding's anchor into the spot as the author finds it in their own document: the page
of a PDF, the sheet and cell of a workbook, the line of a text file, the official table with its row
and column, the section and paragraph counted as a reader counts them (empty paragraphs and layout
tables are not counted, because nobody sees them).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from app.core.formats import ReportFormat, all_formats
from app.core.model import (
    Anchor,
    Document,
    Finding,
    Paragraph,
    RecognisedTable,
    Report,
    Result,
    Source,
    Table,
)

UNKNOWN_LAYOUT = "未识别"
WHOLE_REPORT = "全文"
END_OF_REPORT = "报告末尾"
QUOTE_LIMIT = 24  # longest span quoted in a place (longer ones are cut with an ellipsis)

STATUS_PASSED = "通过"
STATUS_UNREADABLE = "无法读取"


# ---------------------------------------------------------------------------------------------------
# Formats


def _short_names() -> dict[str, str]:
    """Format id → "2021年格式": the year the format starts, and 试行 when its name says so."""
    names = {}
    for fmt in all_formats():
        trial = "试行" if "试行" in fmt.name else ""
        names[fmt.id] = f"{fmt.first_year}年{trial}格式"
    return names


def layout_name(layout: str | None) -> str:
    """A format id → "2021年格式" (its first year, 试行 when its name says so); "未识别" for None or an
    unknown id."""
    if not layout:
        return UNKNOWN_LAYOUT
    return _short_names().get(layout, UNKNOWN_LAYOUT)


def layout_explained(layout: str | None) -> str:
    """What 「未识别」 in 格式 means, for a tooltip or legend ("" for a recognised format)."""
    if layout and layout in _short_names():
        return ""
    names = "、".join(sorted(set(_short_names().values()), reverse=True))
    return (
        f"格式“{UNKNOWN_LAYOUT}”：统计表对不上任何一种官方格式（{names}），可能缺少统计表、表格没有读出来，"
        "或行列与格式不符；表内数字没有按格式核对，原因见问题列表。"
    )


def shown_name(path: str | Path) -> str:
    """A report's file name as a person reads it: 压缩包名/成员名 for a report inside a .zip (the path
    runs through the archive), else the file's own name."""
    parts = Path(path).parts
    for index in range(len(parts) - 2, -1, -1):
        if parts[index].lower().endswith(".zip"):
            return "/".join(parts[index:])
    return Path(path).name


def _format(report: Report | None) -> ReportFormat | None:
    if report is None or not report.layout:
        return None
    return next((fmt for fmt in all_formats() if fmt.id == report.layout), None)


def plain_value(value: object) -> str:
    """A finding's expected/found value as shown to a person: format ids become their names."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and value in _short_names():
        return _short_names()[value]
    return str(value)


# ---------------------------------------------------------------------------------------------------
# Status of a report (window and workbook)


def open_count(result: Result, dismissed: Collection[int], severity: str) -> int:
    """Findings of a severity the reviewer has not dismissed."""
    return sum(
        1
        for index, finding in enumerate(result.findings)
        if finding.severity == severity and index not in dismissed
    )


def status_text(result: Result, dismissed: Collection[int] = ()) -> str:
    """The verdict on a checked report, word for word as the window shows it.

    通过 only when no error and no warning is left open (notes do not count); otherwise the counts
    ("2 个错误 34 个警告"); 无法读取 for a file that could not be read (its reason is said elsewhere).
    """
    if result.error:
        return STATUS_UNREADABLE
    errors, warnings = open_count(result, dismissed, "error"), open_count(result, dismissed, "warning")
    if not errors and not warnings:
        return f"{STATUS_PASSED}（已忽略 {len(dismissed)} 项）" if dismissed else STATUS_PASSED
    parts = [f"{count} 个{label}" for count, label in ((errors, "错误"), (warnings, "警告")) if count]
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------------
# Places


def place(document: Document | None, report: Report | None, finding: Finding) -> str:
    """Where a finding is, as the author finds it in their own file ("全文" when it has no spot).

    Without the document (a compact result) the place the check wrote into the finding is used."""
    if document is None and finding.location:
        return finding.location
    if document is None or not finding.anchors:
        if finding.section and finding.category == "section":
            return END_OF_REPORT
        return WHOLE_REPORT
    return anchor_place(document, report, finding.anchors[0]) or WHOLE_REPORT


def anchor_place(document: Document, report: Report | None, anchor: Anchor) -> str:
    """One anchor as a place: file position (page, sheet and cell, line) and the spot in the report."""
    if not 0 <= anchor.block < len(document.blocks):
        return ""
    block = document.blocks[anchor.block]
    if isinstance(block, Table):
        source = _table_source(block, anchor)
        spot = _table_spot(document, report, block, anchor)
    else:
        source = block.source
        spot = _paragraph_spot(document, report, block, anchor)
    return "，".join(part for part in (_file_position(document, source), spot) if part)


def _file_position(document: Document, source: Source) -> str:
    """The page, sheet cell or line: what the author's viewer (or the page's editor) shows. DOCX has
    none: Word numbers no paragraphs and its pages depend on the printer."""
    if document.kind == "pdf" and source.page is not None:
        return f"第{source.page}页"
    if document.kind == "xlsx" and source.sheet is not None:
        return f"工作表“{source.sheet}”" + (f" {source.address}" if source.address else "")
    if document.kind == "txt" and source.line is not None:
        return f"第{source.line}行"
    if document.kind == "html" and source.line is not None:  # where the page's editor finds it
        return f"网页源代码第{source.line}行"
    return ""


def _table_source(block: Table, anchor: Anchor) -> Source:
    if anchor.row is None or not 0 <= anchor.row < len(block.rows):
        return block.source
    row = block.rows[anchor.row]
    if anchor.cell is not None and 0 <= anchor.cell < len(row.cells):
        return row.cells[anchor.cell].source
    return row.source


# --- paragraphs -------------------------------------------------------------------------------------


def _paragraph_spot(document: Document, report: Report | None, block: Paragraph, anchor: Anchor) -> str:
    if report is not None and anchor.block == report.title_block:
        return "标题"
    hits = sorted(report.sections, key=lambda hit: hit.block) if report else []
    heading = next((hit for hit in hits if hit.block == anchor.block), None)
    if heading is not None:
        where = f"第{heading.key}部分标题“{_cut(heading.heading)}”"
        return f"{where}之前" if anchor.before else where
    owner = report.span_of(anchor.block) if report else None
    first = owner.first_block + 1 if owner else _body_start(report)
    number = _visible_paragraphs(document, first, anchor.block)
    where = f"第{owner.key}部分第{number}段" if owner else f"正文开头第{number}段"
    if anchor.before:
        return f"{where}之前"
    quoted = _quote(block.text, anchor.start, anchor.end)
    return f"{where}{quoted}"


def _body_start(report: Report | None) -> int:
    if report is not None and report.title_block is not None:
        return report.title_block + 1
    return 0


def _visible_paragraphs(document: Document, first: int, last: int) -> int:
    """The paragraph's number counting only the paragraphs with text from `first` to `last`."""
    return max(
        1,
        sum(
            1
            for block in document.blocks[first : last + 1]
            if isinstance(block, Paragraph) and block.text.strip()
        ),
    )


def _quote(text: str, start: int | None, end: int | None) -> str:
    if start is None or end is None or not 0 <= start < end <= len(text):
        return ""
    return f"“{_cut(text[start:end])}”"


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


# --- tables -----------------------------------------------------------------------------------------


def _table_spot(document: Document, report: Report | None, block: Table, anchor: Anchor) -> str:
    official = _official_spot(report, anchor)
    if official:
        return official
    return _plain_table_spot(document, report, block, anchor)


def _official_spot(report: Report | None, anchor: Anchor) -> str:
    """表三“（四）无法提供 1.本机关不掌握相关政府信息”行“法律服务机构”列, from the recognised cells."""
    fmt = _format(report)
    if report is None or fmt is None:
        return ""
    for table in report.tables.values():
        if anchor.block not in table.blocks and not _holds_block(table, anchor.block):
            continue
        key = _cell_key(table, anchor)
        name = fmt.table(table.name).name
        if key is None:
            row_key = _row_key(table, anchor)
            if row_key is None:
                return name
            return f"{name}“{fmt.row_label(table.name, row_key)}”行"
        return name + _cell_words(fmt, table.name, key)
    return ""


def _holds_block(table: RecognisedTable, block: int) -> bool:
    return any(cell.anchor is not None and cell.anchor.block == block for cell in table.cells.values())


def _cell_key(table: RecognisedTable, anchor: Anchor) -> tuple[str, str] | None:
    if anchor.row is None or anchor.cell is None:
        return None
    for key, cell in table.cells.items():
        spot = cell.anchor
        if spot is not None and (spot.block, spot.row, spot.cell) == (anchor.block, anchor.row, anchor.cell):
            return key
    return None


def _row_key(table: RecognisedTable, anchor: Anchor) -> str | None:
    if anchor.row is None:
        return None
    for (row_key, _), cell in table.cells.items():
        spot = cell.anchor
        if spot is not None and (spot.block, spot.row) == (anchor.block, anchor.row):
            return row_key
    return None


def _cell_words(fmt: ReportFormat, table: str, key: tuple[str, str]) -> str:
    column = fmt.column_label(table, key[1])
    if "·" in column:  # 表四: "复议后起诉·总计" → “复议后起诉”下的“总计”列
        group, leaf = column.split("·", 1)
        column_words = f"“{group}”下的“{leaf}”列"
    else:
        column_words = f"“{column}”列"
    if fmt.table(table).single_row:  # one row only: naming it adds nothing
        return column_words
    return f"“{fmt.row_label(table, key[0])}”行{column_words}"


def _plain_table_spot(document: Document, report: Report | None, block: Table, anchor: Anchor) -> str:
    """A table the checker did not map: named by its section and its first words (a count of tables
    would count boxes the author never drew), then the row and the cell's text."""
    section = _section_of(report, anchor.block)
    opening = next((cell.text for row in block.rows for cell in row.cells if cell.text.strip()), "")
    where = f"{section}表格" + (f"（“{_cut(opening)}”开头）" if opening else "")
    if anchor.row is None or not 0 <= anchor.row < len(block.rows):
        return where
    cells = block.rows[anchor.row].cells
    if anchor.cell is not None and 0 <= anchor.cell < len(cells) and cells[anchor.cell].text.strip():
        return f"{where}“{_cut(cells[anchor.cell].text)}”"
    text = next((cell.text for cell in cells if cell.text.strip()), "")
    return f"{where}第{anchor.row + 1}行" + (f"“{_cut(text)}”" if text else "")


def _section_of(report: Report | None, block: int) -> str:
    key = report.section_of(block) if report else None
    return f"第{key}部分" if key else ""
