"""Files whose size comes from formatting are read, within 1 GB of address space, with the findings of
the same report without the formatting: a workbook formatted down to row 1,048,576 (whole-column
styles, a sheet part of over 60 MB of styled empty cells) and a Word report with a 3,000-row table."""

from __future__ import annotations

import zipfile

import pytest

from app.core.check import check_file
from tests.conftest import CORPUS
from tests.core.hostile.limits import check_limited
from tests.fixtures.formatted_office import (
    LAST_ROW,
    MB,
    styled_to_the_last_row,
    with_long_table,
    with_shared_strings,
)

pytestmark = pytest.mark.slow
WORKBOOK = CORPUS / "files" / "seed000-t3_cell.xlsx"  # table 三 on sheet 3, one mistyped cell
REPORT = CORPUS / "files" / "seed000-t3_cell.docx"


def _same_findings(run, expected) -> None:
    assert run.error is None
    assert run.rules == [finding.rule for finding in expected.findings]
    assert run.messages == [finding.message for finding in expected.findings]


def test_a_workbook_formatted_to_the_last_row_reads_as_the_report(tmp_path):
    path = styled_to_the_last_row(WORKBOOK, tmp_path / "整列设置格式.xlsx", "xl/worksheets/sheet3.xml")
    with zipfile.ZipFile(path) as package:
        part = package.getinfo("xl/worksheets/sheet3.xml")
        xml_tail = package.read(part)[-2000:]
    assert part.file_size >= 60 * MB and f'<row r="{LAST_ROW}"'.encode() in xml_tail
    expected = check_file(WORKBOOK)
    assert any(finding.rule.startswith("A") for finding in expected.findings)  # the mistyped cell
    _same_findings(check_limited(path), expected)


def test_a_word_report_with_a_3000_row_table_is_read(tmp_path):
    path = with_long_table(REPORT, tmp_path / "附公开目录.docx", rows=3000, columns=8)
    run = check_limited(path)
    _same_findings(run, check_file(REPORT))


def test_a_workbook_with_a_large_shared_strings_part_reads_as_the_report(tmp_path):
    path = with_shared_strings(WORKBOOK, tmp_path / "共享字符串.xlsx")
    with zipfile.ZipFile(path) as package:
        assert package.getinfo("xl/sharedStrings.xml").file_size >= 50 * MB
    _same_findings(check_limited(path), check_file(WORKBOOK))
