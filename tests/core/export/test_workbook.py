"""The issue list workbook: one row per report and per finding, dismissed findings marked, readable
formatting (bold frozen header, filter, sized columns, red error rows, wrapped text)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app.core.check import check_file
from app.core.export.workbook import FINDING_HEADERS, REPORT_HEADERS, write_workbook
from app.core.model import CATEGORY_LABELS, SEVERITY_LABELS, Finding, Result
from app.core.wording import place, plain_value, status_text
from tests.conftest import CORPUS

FILES = CORPUS / "files"


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    broken = tmp_path_factory.mktemp("broken") / "空文件.docx"
    broken.write_bytes(b"")
    names = ["seed000-t3_cell.txt", "seed000-t3_cell.docx", "seed001-old_layout.txt", "seed000-clean.docx"]
    return [check_file(FILES / name) for name in names] + [check_file(broken)]


def test_reports_sheet_has_a_row_per_report_with_its_status(results, tmp_path):
    path = write_workbook(results, tmp_path / "问题汇总表.xlsx")
    sheet = load_workbook(path)["报告"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == REPORT_HEADERS
    assert len(rows) == 1 + len(results)
    for result, row in zip(results, rows[1:], strict=True):
        record = dict(zip(REPORT_HEADERS, row, strict=True))
        assert record["文件"] == result.path
        if result.error:
            assert (record["状态"], record["原因"]) == ("无法读取", result.error)
            assert record["单位"] is None and record["年度"] is None and record["表格格式"] is None
            continue
        assert (record["单位"], record["年度"]) == (result.body, result.year)
        assert record["表格格式"] == {"F2021": "2021年格式", "F2019": "2019年试行格式"}[result.layout]
        assert (record["错误数"], record["警告数"]) == (result.count("error"), result.count("warning"))
        assert record["状态"] == status_text(result)


def test_a_report_with_only_warnings_does_not_pass(tmp_path):
    warnings = tuple(
        Finding(rule="V401", category="value", severity="warning", message=f"空白{n}") for n in range(34)
    )
    result = Result(path="报告.pdf", kind="pdf", findings=warnings)
    sheet = load_workbook(write_workbook([result], tmp_path / "问题汇总表.xlsx"))["报告"]
    record = dict(zip(REPORT_HEADERS, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True))
    assert record["状态"] == "34 个警告"


def test_an_unreadable_file_shows_no_body_or_title(tmp_path):
    """A file that is not a report keeps whatever the recogniser guessed out of the workbook."""
    text = tmp_path / "通知.txt"
    text.write_text("标题:平潭综合实验区\n关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    result = check_file(text)
    assert result.error
    sheet = load_workbook(write_workbook([result], tmp_path / "问题汇总表.xlsx"))["报告"]
    record = dict(zip(REPORT_HEADERS, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True))
    assert record["单位"] is None and record["年度"] is None
    assert record["状态"] == "无法读取" and record["原因"] == result.error


def test_every_sheet_prints_landscape_one_page_wide_with_repeated_header_and_footer(results, tmp_path):
    book = load_workbook(write_workbook(results, tmp_path / "问题汇总表.xlsx"))
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1"
        assert "&F" in sheet.oddFooter.center.text and "&P" in sheet.oddFooter.center.text


def test_findings_sheet_has_a_row_per_finding(results, tmp_path):
    path = write_workbook(results, tmp_path / "问题汇总表.xlsx")
    rows = list(load_workbook(path)["问题"].iter_rows(values_only=True))
    assert rows[0] == FINDING_HEADERS
    expected = [
        (
            result.path,
            finding.rule,
            SEVERITY_LABELS[finding.severity],
            CATEGORY_LABELS[finding.category],
            place(result.document, result.report, finding),
            finding.message,
            plain_value(finding.expected) if isinstance(finding.expected, str) else finding.expected,
            plain_value(finding.found) if isinstance(finding.found, str) else finding.found,
            "未处理",  # no decision yet
        )
        for result in results
        for finding in result.findings
    ]
    assert rows[1:] == expected


def test_dismissed_findings_are_marked_with_their_reason_and_not_counted(results, tmp_path):
    result = results[0]
    index = next(i for i, f in enumerate(result.findings) if f.category == "arithmetic")
    dismissed = {result.path: {index: "原表数据经核实无误"}}
    book = load_workbook(write_workbook(results, tmp_path / "问题汇总表.xlsx", dismissed))
    findings = [
        dict(zip(FINDING_HEADERS, row, strict=True))
        for row in book["问题"].iter_rows(min_row=2, values_only=True)
    ]
    marked = [row for row in findings if row["处理"] != "未处理"]
    assert [(row["文件"], row["说明"], row["处理"]) for row in marked] == [
        (result.path, result.findings[index].message, "忽略：原表数据经核实无误")
    ]
    report = dict(zip(REPORT_HEADERS, next(book["报告"].iter_rows(min_row=2, values_only=True)), strict=True))
    assert report["错误数"] == result.count("error") - 1


def test_formatting_header_filter_widths_red_errors_wrapping(results, tmp_path):
    book = load_workbook(write_workbook(results, tmp_path / "问题汇总表.xlsx"))
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
        color = row[0].font.color
        red = (
            color is not None and isinstance(color.rgb, str) and color.rgb.endswith("C00000")
        )  # not a theme's
        assert red == (severity == "错误")
        assert row[message].alignment.wrap_text
    reports = book["报告"]
    unreadable = [row for row in reports.iter_rows(min_row=2) if row[6].value == "无法读取"]
    assert unreadable and all(row[0].font.color.rgb.endswith("C00000") for row in unreadable)


def test_each_finding_says_the_reviewers_decision(results, tmp_path):
    result = results[0]
    dismissed_index, confirmed_index = [i for i, f in enumerate(result.findings) if f.severity == "error"][:2]
    book = load_workbook(
        write_workbook(
            results,
            tmp_path / "问题汇总表.xlsx",
            {result.path: {dismissed_index: "与原件一致"}},
            {result.path: {confirmed_index}},
        )
    )
    rows = [
        dict(zip(FINDING_HEADERS, row, strict=True))
        for row in book["问题"].iter_rows(min_row=2, values_only=True)
    ]
    own = [row["处理"] for row in rows if row["文件"] == result.path]
    assert own[dismissed_index] == "忽略：与原件一致"
    assert own[confirmed_index] == "属实（退回修改）"
    assert {row["处理"] for row in rows} == {"忽略：与原件一致", "属实（退回修改）", "未处理"}
    report = dict(zip(REPORT_HEADERS, next(book["报告"].iter_rows(min_row=2, values_only=True)), strict=True))
    assert report["错误数"] == result.count("error") - 1  # a finding found 属实 is still an error
