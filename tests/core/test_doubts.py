"""No error-level finding rests on a doubtful reading: the doubts the reader and the recogniser record,
the questions rules ask of them, and the gate that turns a confident finding on doubtful ground into a
warning saying what could not be verified."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.core import check as check_module
from app.core.check import check_document
from app.core.doubts import doubts_for, is_reliable, sections_reliable
from app.core.model import Finding, ReaderNote, Source, Table
from app.core.readers.txt_reader import read_txt
from app.core.rules.base import rule
from tests.fixtures.text.reports import consistent_data, tab_text


def _document(tmp_path, mistype: bool = True, drop_section: bool = True):
    data = consistent_data()
    if mistype:
        data.three["granted"][0] += 3  # breaks T3-R2 and T3-R3 at one cell
    text = tab_text(data)
    if drop_section:
        text = text.replace("五、存在的主要问题及改进情况\n", "")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return read_txt(path)


def _table_three_block(document) -> int:
    return next(
        index
        for index, block in enumerate(document.blocks)
        if isinstance(block, Table)
        and any("予以公开" in cell.text for row in block.rows for cell in row.cells)
    )


def _doubtful_documents(tmp_path):
    base = _document(tmp_path)
    table = _table_three_block(base)
    note = "第3页的文字顺序无法确定"
    return {
        "table 三 in doubt": replace(
            base, notes=(ReaderNote(note, Source(line=1), block=table, doubt=True),)
        ),
        "whole reading in doubt": replace(base, notes=(ReaderNote(note, Source(line=1), doubt=True),)),
        "a paragraph in doubt": replace(base, notes=(ReaderNote(note, Source(line=1), block=3, doubt=True),)),
    }


def test_the_same_document_read_surely_gives_errors(tmp_path):
    result = check_document(_document(tmp_path))
    errors = {f.rule for f in result.findings if f.severity == "error"}
    assert {"A301", "S101"} <= errors


@pytest.mark.parametrize("case", ["table 三 in doubt", "whole reading in doubt", "a paragraph in doubt"])
def test_no_error_rests_on_a_doubtful_reading(tmp_path, case):
    document = _doubtful_documents(tmp_path)[case]
    result = check_document(document)
    for finding in result.findings:
        if finding.severity == "error":
            assert not doubts_for(result.report, finding), (case, finding.rule, finding.message)
    demoted = [f for f in result.findings if f.message.startswith("无法确认")]
    assert demoted, "the doubtful findings are said as warnings, not dropped"
    assert all(f.severity == "warning" for f in demoted)


def test_arithmetic_on_a_doubted_table_is_a_warning_naming_the_doubt(tmp_path):
    result = check_document(_doubtful_documents(tmp_path)["table 三 in doubt"])
    arithmetic = [f for f in result.findings if f.rule == "A301"]
    assert arithmetic and all(f.severity == "warning" for f in arithmetic)
    assert all("文字顺序无法确定" in f.message for f in arithmetic)
    assert not is_reliable(result.report, "三", "granted", "natural")
    assert is_reliable(result.report, "四")
    assert not any(c.reliable for c in result.cells if c.table == "三")
    # a missing section elsewhere still stands: the doubt is about table 三 only
    assert any(f.rule == "S101" and f.severity == "error" for f in result.findings)


def test_a_doubtful_paragraph_means_a_missing_heading_cannot_be_asserted(tmp_path):
    result = check_document(_doubtful_documents(tmp_path)["a paragraph in doubt"])
    assert not sections_reliable(result.report)
    assert [f.severity for f in result.findings if f.rule == "S101"] == ["warning"]
    assert any(f.rule == "A301" and f.severity == "error" for f in result.findings)


def test_a_rule_that_ignores_the_doubts_is_still_stopped(tmp_path, monkeypatch):
    """Rules should consult the doubts; one that does not still cannot raise an error on them."""

    @rule("X999", "无视疑点的规则", "error", "arithmetic")
    def careless(context):
        yield careless.finding("表三有误。", table="三")

    monkeypatch.setattr(check_module, "ALL_RULES", check_module.ALL_RULES + (careless,))
    doubted = check_document(_doubtful_documents(tmp_path)["table 三 in doubt"])
    sure = check_document(_document(tmp_path))
    assert [f.severity for f in sure.findings if f.rule == "X999"] == ["error"]
    assert [f.severity for f in doubted.findings if f.rule == "X999"] == ["warning"]


def test_recogniser_doubts_flattened_table_and_heading_in_table(tmp_path):
    data = consistent_data()
    text = tab_text(data).replace("一、总体情况\n", "\t一、总体情况\t\n")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    result = check_document(read_txt(path))
    kinds = {d.kind for d in result.report.doubts}
    assert "heading_in_table" in kinds
    assert not [f for f in result.findings if f.rule == "S101"], "a heading in a cell is still present"


def test_finding_fields_survive_the_gate(tmp_path):
    result = check_document(_doubtful_documents(tmp_path)["table 三 in doubt"])
    finding = next(f for f in result.findings if f.rule == "A301")
    assert isinstance(finding, Finding) and finding.table == "三" and finding.anchors
