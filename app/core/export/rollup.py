"""The office's roll-up: the 数据汇总 and 跨年度 sheets of the batch workbook.

A supervising office sums its units' tables: sheet 数据汇总 has one row per report (file, body, year,
table format) and one column per table-二/三/四 cell of the official formats, holding the value as read
(`Result.cells`): numbers as numbers, anything else as printed, blank cells left blank. Sheet 跨年度
lists every pair of consecutive years of one body that the batch holds and how it compared: the
carry-over of table 三 (成立 / 不一致 / 无法比较, with the figures) and table 二's 现行有效件数.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.core.batch import check_batch_reports
from app.core.batch.bodies import display_body
from app.core.batch.chains import STATUS_LABELS, Chain, Comparison, group_reasons
from app.core.export.sheets import ERROR_FONT, finish_sheet, paint_row
from app.core.formats import ReportFormat, all_formats
from app.core.model import ReadCell, Result
from app.core.wording import layout_name

SUMMARY_SHEET = "数据汇总"
CROSS_YEAR_SHEET = "跨年度"
SUMMARY_LEADING = ("文件", "单位", "年度", "表格格式")
CROSS_YEAR_HEADERS = (
    "单位",
    "上一年度",
    "上一年度文件",
    "本年度",
    "本年度文件",
    "核对项",
    "依上一年度应为",
    "本年度填报",
    "结果",
    "说明",
)

CellKey = tuple[str, str, str]  # (table, official row label, official column label), as in ReadCell


def add_rollup_sheets(book: Workbook, results: Sequence[Result]) -> None:
    """Append the 数据汇总 and 跨年度 sheets for `results` to `book`."""
    _fill_summary(book.create_sheet(SUMMARY_SHEET), results)
    _fill_cross_year(book.create_sheet(CROSS_YEAR_SHEET), check_batch_reports(results).chains)


def summary_header(key: CellKey) -> str:
    table, row, column = key
    return f"表{table} {column}" if table == "四" else f"表{table} {row}·{column}"


def _format_cells(fmt: ReportFormat) -> list[CellKey]:
    """Every value cell of a format's tables 二, 三, 四 in reading order, named as `ReadCell` names them."""
    keys: list[CellKey] = []
    for block in fmt.table_two:
        for row in block.rows:
            keys.extend(("二", fmt.row_label("二", row.key), column.label) for column in block.columns)
    for row in fmt.table_three_rows:
        keys.extend(("三", fmt.row_label("三", row.key), column.label) for column in fmt.table_three_columns)
    keys.extend(("四", fmt.table_four_row.label, column.label) for column in fmt.table_four_columns)
    return keys


def summary_columns(results: Sequence[Result]) -> list[CellKey]:
    """The cells of the formats the batch uses (newest first), then any other cell read."""
    used = {result.layout for result in results}
    keys: list[CellKey] = []
    for fmt in reversed(all_formats()):
        if fmt.id in used:
            keys.extend(_format_cells(fmt))
    for result in results:
        keys.extend((cell.table, cell.row, cell.column) for cell in result.cells)
    return list(dict.fromkeys(keys))


def _as_read(cell: ReadCell | None) -> int | float | str | None:
    """A number as a number; a placeholder or text as printed; a blank cell blank."""
    if cell is None:
        return None
    if cell.value is not None:
        return cell.value
    return cell.text.strip() or None


def _fill_summary(sheet: Worksheet, results: Sequence[Result]) -> None:
    columns = summary_columns(results)
    headers = (*SUMMARY_LEADING, *(summary_header(key) for key in columns))
    sheet.append(headers)
    for result in results:
        read = {(cell.table, cell.row, cell.column): cell for cell in result.cells}
        # An unreadable file has no body or year to sum under: whatever was guessed is not shown as fact.
        readable = result.error is None
        sheet.append(
            [
                result.path,
                display_body(result) if readable and result.body else "",
                result.year if readable else None,
                layout_name(result.layout) if readable else "",
            ]
            + [_as_read(read.get(key)) for key in columns]
        )
    finish_sheet(sheet, headers)


def _fill_cross_year(sheet: Worksheet, chains: Sequence[Chain]) -> None:
    sheet.append(CROSS_YEAR_HEADERS)
    for chain in chains:
        for row in _chain_rows(chain):
            sheet.append(row)
            if row[8] == STATUS_LABELS["broken"]:
                paint_row(sheet, sheet.max_row, ERROR_FONT)
    finish_sheet(sheet, CROSS_YEAR_HEADERS)


def _chain_rows(chain: Chain) -> list[list[object]]:
    """One row for table 三's carry-over (all columns), one per 现行有效件数 compared."""
    lead = [chain.body, chain.earlier.year, chain.earlier.path, chain.later.year, chain.later.path]
    carry = [c for c in chain.comparisons if c.table == "三"]
    total = next((c for c in carry if c.key == "total"), None)
    details = _carry_details(carry) or chain.note
    rows = [
        lead
        + [
            "表三 上年结转 = 上一年度结转下年度继续办理",
            total.earlier if total else None,
            total.later if total else None,
            STATUS_LABELS[chain.status],
            details,
        ]
    ]
    for comparison in chain.comparisons:
        if comparison.table == "二":
            rows.append(
                lead
                + [
                    comparison.item,
                    comparison.earlier,
                    comparison.later,
                    STATUS_LABELS[comparison.status],
                    (
                        f"应为 {comparison.reason}"
                        if comparison.status != "not_comparable"
                        else comparison.reason
                    )
                    + ("（文件也会因到期失效，仅供核对）" if comparison.status == "broken" else ""),
                ]
            )
    return rows


def _carry_details(carry: list[Comparison]) -> str:
    """自然人 0→0；商业企业 3→2（不一致）…, then the columns that could not be compared and why."""
    compared = [
        f"{c.label} {c.earlier:g}→{c.later:g}" + ("" if c.status == "holds" else "（不一致）")
        for c in carry
        if c.status != "not_comparable"
    ]
    blocked = group_reasons([(c.label, c.reason) for c in carry if c.status == "not_comparable"], len(carry))
    return "；".join(compared + blocked)
