"""The words a person reads: format names, places as the author finds them, status, plain messages."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from app.core.check import check_file
from app.core.model import Anchor, Finding, Result
from app.core.wording import layout_name, place, plain_value, status_text
from tests.conftest import CORPUS

FILES = CORPUS / "files"
# A rule code (A301, S101), a relation id (T3-R2) or a format id (F2021) glued into a message.
CODES = re.compile(r"(?<![A-Za-z0-9])(?:[ASLVCP]\d{3}|T\d-R\d|F20\d\d)(?![0-9])")


def test_layout_names_come_from_the_format_data() -> None:
    assert layout_name("F2021") == "2021年格式"
    assert layout_name("F2019") == "2019年试行格式"
    assert layout_name(None) == "未识别"
    assert layout_name("F1999") == "未识别"
    assert plain_value("F2019") == "2019年试行格式"
    assert plain_value(3.0) == "3"


def _finding(severity: str) -> Finding:
    return Finding(rule="V401", category="value", severity=severity, message="空白")


@pytest.mark.parametrize(
    ("severities", "dismissed", "expected"),
    [
        ((), (), "通过"),
        (("info",), (), "通过"),
        (("warning",) * 34, (), "34 个警告"),
        (("error", "error", "warning"), (), "2 个错误 1 个警告"),
        (("error", "warning"), (0,), "1 个警告"),
        (("error",), (0,), "通过（已忽略 1 项）"),
    ],
)
def test_status_says_counts_unless_nothing_is_open(severities, dismissed, expected) -> None:
    result = Result(path="x.docx", kind="docx", findings=tuple(_finding(s) for s in severities))
    assert status_text(result, dismissed) == expected


def test_an_unreadable_file_is_said_so() -> None:
    assert status_text(Result(path="x.pdf", kind="pdf", error="加密")) == "无法读取"


def _pinpointed(path) -> tuple[Result, Finding]:
    result = check_file(path)
    [finding] = [f for f in result.findings if f.rule == "A301"]
    return result, finding


@pytest.mark.parametrize(
    ("suffix", "position"),
    [("docx", r""), ("pdf", r"第\d+页，"), ("xlsx", r"工作表“[^”]+” [A-Z]+\d+，"), ("txt", r"第\d+行，")],
)
def test_a_table_cell_is_named_by_the_official_table_row_and_column(suffix: str, position: str) -> None:
    path = FILES / f"seed000-t3_cell.{suffix}"
    if not path.exists():
        pytest.skip(f"{path.name} is not in the corpus")
    result, finding = _pinpointed(path)
    words = place(result.document, result.report, finding)
    expected = f"^{position}表三“{re.escape(finding.row or '')}”行“{re.escape(finding.column or '')}”列$"
    assert re.match(expected, words), words
    assert "表格" not in words


def test_a_paragraph_is_counted_within_its_section_as_the_reader_sees_it() -> None:
    result = check_file(FILES / "seed000-filled.docx")
    document, report = result.document, result.report
    heading = next(hit for hit in report.sections if hit.key == "一")
    following = min(hit.block for hit in report.sections if hit.block > heading.block)
    visible = [
        index
        for index in range(heading.block + 1, following)
        if getattr(document.blocks[index], "kind", "") == "paragraph" and document.blocks[index].text.strip()
    ]
    finding = replace(_finding("warning"), anchors=(Anchor(block=visible[1], start=0, end=2),))
    words = place(document, report, finding)
    assert words == f"第一部分第2段“{document.blocks[visible[1]].text[:2]}”"
    before = replace(finding, anchors=(Anchor(block=heading.block, before=True),))
    assert place(document, report, before) == f"第一部分标题“{heading.heading}”之前"


def test_a_missing_last_section_is_placed_at_the_end() -> None:
    finding = Finding(rule="S101", category="section", severity="error", message="缺少", section="六、其他")
    assert place(None, None, finding) == "报告末尾"


def test_messages_carry_no_codes_and_no_doubled_brackets() -> None:
    """Every message of the corpus reads as plain Chinese: codes live in Finding.rule/relation only."""
    paths = sorted(FILES.iterdir())
    seen = 0
    for path in paths:
        result = check_file(path)
        for finding in result.findings:
            seen += 1
            assert not CODES.search(finding.message), (path.name, finding.message)
            assert "（（" not in finding.message, (path.name, finding.message)
    assert seen > 50
