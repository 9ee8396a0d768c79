"""The batch's issue list (问题清单) as an Excel workbook.

Sheet "报告" has one row per report (file, body, year, table format, counts, status); sheet "问题" has
one row per finding (file, rule, severity, category, location, message, expected, found, and how it
was handled: dismissed findings are marked 已核实/忽略 with the reviewer's reason). Headers are bold
and frozen, both sheets have an auto filter, columns are sized to their content, error rows are red
and long text wraps.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core.export.files import save_new
from app.core.model import CATEGORY_LABELS, SEVERITY_LABELS, Result

REPORT_HEADERS = ("文件", "单位", "年度", "表格格式", "错误数", "警告数", "状态")
FINDING_HEADERS = ("文件", "规则", "严重程度", "类别", "位置", "说明", "应为", "实为", "处理")
LAYOUT_NAMES = {"F2021": "2021年格式", "F2019": "2019年试行格式"}
DISMISSED_LABEL = "已核实/忽略"
STATUS_PASSED, STATUS_ERRORS, STATUS_UNREADABLE = "通过", "有错误", "无法读取"
WRAPPED_HEADERS = frozenset({"文件", "说明", "处理", "状态", "位置"})
MAX_WIDTH = {"说明": 70, "处理": 36, "状态": 48, "文件": 48, "位置": 24}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ERROR_FONT = Font(color="C00000")
DISMISSED_FONT = Font(color="808080")

Dismissed = Mapping[str, Mapping[int, str]]


def write_workbook(
    results: Iterable[Result], out_path: str | Path, dismissed: Dismissed | None = None
) -> Path:
    """Write the issue list of a batch; returns the path written (numbered if the name is taken)."""
    results = list(results)
    dismissed = dismissed or {}
    book = Workbook()
    reports = book.active
    reports.title = "报告"
    _fill_reports(reports, results, dismissed)
    findings = book.create_sheet("问题")
    _fill_findings(findings, results, dismissed)
    from app.core.export.rollup import add_rollup_sheets  # rollup builds on this module's helpers

    add_rollup_sheets(book, results)
    return save_new(out_path, lambda temp: book.save(temp), protected=[Path(r.path) for r in results])


def report_status(result: Result, dismissed: Mapping[int, str]) -> str:
    """通过 / 有错误 / 无法读取：reason — the verdict on one report."""
    if result.error:
        return f"{STATUS_UNREADABLE}：{result.error}"
    if _open_count(result, dismissed, "error"):
        return STATUS_ERRORS
    return STATUS_PASSED


def _open_count(result: Result, dismissed: Mapping[int, str], severity: str) -> int:
    return sum(1 for i, f in enumerate(result.findings) if f.severity == severity and i not in dismissed)


def _fill_reports(sheet: Worksheet, results: Sequence[Result], dismissed: Dismissed) -> None:
    sheet.append(REPORT_HEADERS)
    for result in results:
        handled = dismissed.get(result.path, {})
        status = report_status(result, handled)
        sheet.append(
            [
                result.path,
                result.body or "",
                result.year,
                LAYOUT_NAMES.get(result.layout or "", "" if result.error else "未识别"),
                None if result.error else _open_count(result, handled, "error"),
                None if result.error else _open_count(result, handled, "warning"),
                status,
            ]
        )
        if status != STATUS_PASSED:
            _paint_row(sheet, sheet.max_row, ERROR_FONT)
    _finish(sheet, REPORT_HEADERS)


def _fill_findings(sheet: Worksheet, results: Sequence[Result], dismissed: Dismissed) -> None:
    sheet.append(FINDING_HEADERS)
    for result in results:
        handled = dismissed.get(result.path, {})
        for index, finding in enumerate(result.findings):
            reason = handled.get(index)
            action = f"{DISMISSED_LABEL}：{reason or '未填写理由'}" if index in handled else ""
            sheet.append(
                [
                    result.path,
                    finding.rule,
                    SEVERITY_LABELS[finding.severity],
                    CATEGORY_LABELS[finding.category],
                    finding.location or "",
                    finding.message,
                    finding.expected,
                    finding.found,
                    action,
                ]
            )
            if index in handled:
                _paint_row(sheet, sheet.max_row, DISMISSED_FONT)
            elif finding.severity == "error":
                _paint_row(sheet, sheet.max_row, ERROR_FONT)
    _finish(sheet, FINDING_HEADERS)


def _paint_row(sheet: Worksheet, row: int, font: Font) -> None:
    for cell in sheet[row]:
        cell.font = font


def _finish(sheet: Worksheet, headers: Sequence[str]) -> None:
    """Bold frozen header, auto filter, sized columns, wrapped long text."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 1)}"
    for position, header in enumerate(headers, start=1):
        letter = get_column_letter(position)
        widest = max((_display_width(cell.value) for cell in sheet[letter]), default=4)
        sheet.column_dimensions[letter].width = min(widest + 2, MAX_WIDTH.get(header, 30))
        if header in WRAPPED_HEADERS:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        else:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(vertical="top")


def _display_width(value: object) -> int:
    """Columns a value needs: CJK characters are two wide."""
    if value is None:
        return 0
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)
