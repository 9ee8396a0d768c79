"""The workbook's 报送情况 sheet: each unit of the roster, whether its report is in the batch, and how
its check came out (see `app.core.batch.roster`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl import Workbook

from app.core.batch.roster import FOUND, NOT_FOUND, RosterLine
from app.core.export.sheets import ERROR_FONT, append_row, finish_sheet, paint_row
from app.core.wording import open_count, status_text

ROSTER_SHEET = "报送情况"
ROSTER_HEADERS = ("单位名称", "上级单位", "类型", "报送情况", "报告文件", "年度", "状态", "错误数")


def add_roster_sheet(
    book: Workbook, lines: Sequence[RosterLine], dismissed: Mapping[str, Mapping[int, str]]
) -> None:
    """Append the 报送情况 sheet: a row per unit and report (a unit without a report in red)."""
    sheet = book.create_sheet(ROSTER_SHEET)
    append_row(sheet, ROSTER_HEADERS)
    for line in lines:
        unit = line.unit
        if not line.reports:
            append_row(sheet, [unit.name, unit.parent, unit.kind, NOT_FOUND, "", None, "", None])
            paint_row(sheet, sheet.max_row, ERROR_FONT)
        for result in line.reports:
            handled = dismissed.get(result.path, {})
            readable = result.error is None
            append_row(
                sheet,
                [
                    unit.name,
                    unit.parent,
                    unit.kind,
                    FOUND,
                    result.path,
                    result.year if readable else None,
                    status_text(result, handled),
                    open_count(result, handled, "error") if readable else None,
                ],
            )
    finish_sheet(sheet, ROSTER_HEADERS)
