"""The batch's issue list (问题汇总表) as an Excel workbook, the file a supervising office circulates.

Sheet "报告" has one row per report (file, body, year, table format, counts, status in the window's
very words, and why a file could not be read); sheet "问题" has one row per finding (file, rule id —
reviewers filter on it —, severity, category, the place as the author finds it, message, expected,
found, and the reviewer's decision in 处理: 属实（退回修改）, 忽略 with the reviewer's reason, or 未处理).
Headers are bold and frozen, both sheets have an auto filter, columns are sized to their content,
error rows are red, long text wraps, and each sheet prints landscape, one page wide, the header row
repeated, the file name and page number in the footer.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from app.core.export.files import save_new
from app.core.export.rollup import add_rollup_sheets
from app.core.export.sheets import ERROR_FONT, finish_sheet, paint_row
from app.core.model import CATEGORY_LABELS, SEVERITY_LABELS, Result
from app.core.wording import STATUS_PASSED, layout_name, open_count, place, plain_value, status_text

REPORT_HEADERS = ("文件", "单位", "年度", "表格格式", "错误数", "警告数", "状态", "原因")
FINDING_HEADERS = ("文件", "规则", "严重程度", "类别", "位置", "说明", "应为", "实为", "处理")
DISMISSED_LABEL = "忽略"
CONFIRMED_LABEL = "属实（退回修改）"
OPEN_LABEL = "未处理"
DISMISSED_FONT = Font(color="808080")

Dismissed = Mapping[str, Mapping[int, str]]
Confirmed = Mapping[str, Collection[int]]


def decision_text(index: int, dismissed: Mapping[int, str], confirmed: Collection[int]) -> str:
    """The 处理 cell of one finding: the reviewer's decision in words."""
    if index in dismissed:
        return f"{DISMISSED_LABEL}：{dismissed[index] or '未填写理由'}"
    return CONFIRMED_LABEL if index in confirmed else OPEN_LABEL


def write_workbook(
    results: Iterable[Result],
    out_path: str | Path,
    dismissed: Dismissed | None = None,
    confirmed: Confirmed | None = None,
) -> Path:
    """Write the issue list of a batch; returns the path written (numbered if the name is taken).

    `dismissed` maps a result's path to {finding index: reason}, `confirmed` to the indexes the
    reviewer found 属实; every other finding is 未处理."""
    results = list(results)
    dismissed = dismissed or {}
    book = Workbook()
    reports = book.active
    reports.title = "报告"
    _fill_reports(reports, results, dismissed)
    findings = book.create_sheet("问题")
    _fill_findings(findings, results, dismissed, confirmed or {})
    add_rollup_sheets(book, results)
    return save_new(out_path, lambda temp: book.save(temp), protected=[Path(r.path) for r in results])


def _fill_reports(sheet: Worksheet, results: Sequence[Result], dismissed: Dismissed) -> None:
    sheet.append(REPORT_HEADERS)
    for result in results:
        handled = dismissed.get(result.path, {})
        status = status_text(result, handled)
        # An unreadable file has no body or year: whatever the recogniser guessed is not shown as fact.
        readable = result.error is None
        sheet.append(
            [
                result.path,
                (result.body or "") if readable else "",
                result.year if readable else None,
                layout_name(result.layout) if readable else "",
                open_count(result, handled, "error") if readable else None,
                open_count(result, handled, "warning") if readable else None,
                status,
                result.error or "",
            ]
        )
        if not status.startswith(STATUS_PASSED):
            paint_row(sheet, sheet.max_row, ERROR_FONT)
    finish_sheet(sheet, REPORT_HEADERS)


def _fill_findings(
    sheet: Worksheet, results: Sequence[Result], dismissed: Dismissed, confirmed: Confirmed
) -> None:
    sheet.append(FINDING_HEADERS)
    for result in results:
        handled = dismissed.get(result.path, {})
        sure = confirmed.get(result.path, ())
        for index, finding in enumerate(result.findings):
            action = decision_text(index, handled, sure)
            sheet.append(
                [
                    result.path,
                    finding.rule,
                    SEVERITY_LABELS[finding.severity],
                    CATEGORY_LABELS[finding.category],
                    place(result.document, result.report, finding),
                    finding.message,
                    _value(finding.expected),
                    _value(finding.found),
                    action,
                ]
            )
            if index in handled:
                paint_row(sheet, sheet.max_row, DISMISSED_FONT)
            elif finding.severity == "error":
                paint_row(sheet, sheet.max_row, ERROR_FONT)
    finish_sheet(sheet, FINDING_HEADERS)


def _value(value: object) -> object:
    """Numbers stay numbers (filters and sums work); format ids become their names."""
    return plain_value(value) if isinstance(value, str) else value
