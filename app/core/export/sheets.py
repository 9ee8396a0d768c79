"""What every sheet of the issue list shares: a bold frozen header with a filter, columns sized to their
content (CJK characters two wide), long text wrapped, red error rows, and a print setup."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

WRAPPED_HEADERS = frozenset({"文件", "说明", "处理", "状态", "位置", "原因"})
MAX_WIDTH = {"说明": 70, "处理": 36, "状态": 24, "文件": 48, "位置": 36, "原因": 48}
FOOTER = "&F　第 &P 页，共 &N 页"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ERROR_FONT = Font(color="C00000")


def paint_row(sheet: Worksheet, row: int, font: Font) -> None:
    for cell in sheet[row]:
        cell.font = font


def finish_sheet(sheet: Worksheet, headers: Sequence[str]) -> None:
    """Bold frozen header, auto filter, sized columns, wrapped long text, print setup."""
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
    _print_setup(sheet)


def _display_width(value: object) -> int:
    """Columns a value needs: CJK characters are two wide."""
    if value is None:
        return 0
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def _print_setup(sheet: Worksheet) -> None:
    """Landscape, one page wide (as many pages down as needed), the header row on every page, the file
    name and page number in the footer: without this LibreOffice prints one column per page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddFooter.center.text = FOOTER
    sheet.evenFooter.center.text = FOOTER
