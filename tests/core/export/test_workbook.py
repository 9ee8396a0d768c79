"""The issue list workbook: one row per report and per finding, dismissed findings marked, readable
formatting (bold frozen header, filter, sized columns, red error rows, wrapped text)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app.core.check import check_file
from app.core.export.workbook import FINDING_HEADERS, REPORT_HEADERS, write_workbook
from app.core.model import CATEGORY_LABELS, SEVERITY_LABELS
from tests.conftest import CORPUS

FILES = CORPUS / "files"


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    broken = tmp_path_factory.mktemp("broken") / "空文件.docx"
    broken.write_bytes(b"")
    names = ["seed000-t3_cell.txt", "seed000-t3_cell.docx", "seed001-old_layout.txt", "seed000-clean.docx"]
    return [check_file(FILES / name) for name in names] + [check_file(broken)]


def test_reports_sheet_has_a_row_per_report_with_its_status(results, tmp_path):
    path = write_workbook(results, tmp_path / "检查汇总.xlsx")
    sheet = load_workbook(path)["报告"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == REPORT_HEADERS
    assert len(rows) == 1 + len(results)
    for result, row in zip(results, rows[1:], strict=True):
        record = dict(zip(REPORT_HEADERS, row, strict=True))
        assert record["文件"] == result.path
        if result.error:
            assert record["状态"] == f"无法读取：{result.error}"
            continue
        assert (record["单位"], record["年度"]) == (result.body, result.year)
        assert record["表格格式"] == {"F2021": "2021年格式", "F2019": "2019年试行格式"}[result.layout]
        assert (record["错误数"], record["警告数"]) == (result.count("error"), result.count("warning"))
        assert record["状态"] == ("有错误" if result.count("error") else "通过")


def test_findings_sheet_has_a_row_per_finding(results, tmp_path):
    path = write_workbook(results, tmp_path / "检查汇总.xlsx")
    rows = list(load_workbook(path)["问题"].iter_rows(values_only=True))
    assert rows[0] == FINDING_HEADERS
    expected = [
        (
            result.path,
            finding.rule,
            SEVERITY_LABELS[finding.severity],
            CATEGORY_LABELS[finding.category],
            finding.location or None,
            finding.message,
            finding.expected,
            finding.found,
            None,
        )
        for result in results
        for finding in result.findings
    ]
    assert rows[1:] == expected


def test_dismissed_findings_are_marked_with_their_reason_and_not_counted(results, tmp_path):
    result = results[0]
    index = next(i for i, f in enumerate(result.findings) if f.category == "arithmetic")
    dismissed = {result.path: {index: "原表数据经核实无误"}}
    book = load_workbook(write_workbook(results, tmp_path / "检查汇总.xlsx", dismissed))
    findings = [
        dict(zip(FINDING_HEADERS, row, strict=True))
        for row in book["问题"].iter_rows(min_row=2, values_only=True)
    ]
    marked = [row for row in findings if row["处理"]]
    assert [(row["文件"], row["说明"], row["处理"]) for row in marked] == [
        (result.path, result.findings[index].message, "已核实/忽略：原表数据经核实无误")
    ]
    report = dict(zip(REPORT_HEADERS, next(book["报告"].iter_rows(min_row=2, values_only=True)), strict=True))
    assert report["错误数"] == result.count("error") - 1


def test_formatting_header_filter_widths_red_errors_wrapping(results, tmp_path):
    book = load_workbook(write_workbook(results, tmp_path / "检查汇总.xlsx"))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.bold for cell in sheet[1])
        assert all(sheet.column_dimensions[cell.column_letter].width > 4 for cell in sheet[1])
    sheet = book["问题"]
    headers = [cell.value for cell in sheet[1]]
    message = headers.index("说明")
    assert sheet.column_dimensions[sheet[1][message].column_letter].width >= 40
    for row in sheet.iter_rows(min_row=2):
        severity = row[headers.index("严重程度")].value
        red = row[0].font.color is not None and row[0].font.color.rgb.endswith("C00000")
        assert red == (severity == "错误")
        assert row[message].alignment.wrap_text
    reports = book["报告"]
    unreadable = [row for row in reports.iter_rows(min_row=2) if str(row[-1].value).startswith("无法读取")]
    assert unreadable and all(row[0].font.color.rgb.endswith("C00000") for row in unreadable)
