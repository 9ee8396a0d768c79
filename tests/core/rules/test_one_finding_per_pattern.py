"""A pattern repeated in every row is one finding naming its cells, not one per row (issue 16.4):
blank columns of table 三 (TXT and HTML), a label deviation repeated in every row."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.check import check_file
from tests.fixtures.blank_patterns import (
    COLUMNS,
    LEGAL_PERSONS,
    blank_columns_page,
    blank_columns_txt,
    markers_dropped_txt,
    word_added_txt,
)

COLUMN_CLASSES = [LEGAL_PERSONS, (1,), (5,), (0, 1), (2, 3)]


def _check(tmp_path: Path, text: str, suffix: str):
    path = tmp_path / f"report.{suffix}"
    path.write_text(text, encoding="utf-8")
    result = check_file(path)
    assert result.error is None
    return result


def _blank_findings(result):
    return [f for f in result.findings if f.rule == "V401"]


@pytest.mark.parametrize("columns", COLUMN_CLASSES, ids=lambda c: "+".join(COLUMNS[i] for i in c))
def test_columns_blank_in_every_row_of_a_page_are_one_finding(columns, tmp_path):
    result = _check(tmp_path, blank_columns_page(columns), "html")
    [finding] = _blank_findings(result)
    for index in columns:
        assert f"“{COLUMNS[index]}”" in finding.message
    assert finding.table == "三" and finding.severity == "warning"
    assert len(finding.anchors) == 25 * len(columns)  # every blank cell is marked
    assert {anchor.cell for anchor in finding.anchors} and len(set(finding.anchors)) == len(finding.anchors)


def test_the_five_legal_person_columns_blank_in_a_text_report_are_one_warning(tmp_path):
    result = _check(tmp_path, blank_columns_txt(LEGAL_PERSONS), "txt")
    [finding] = _blank_findings(result)
    assert finding.column is None and "5列" in finding.message and "25行" in finding.message


def test_one_column_blank_throughout_names_that_column(tmp_path):
    [finding] = _blank_findings(_check(tmp_path, blank_columns_page((5,)), "html"))
    assert finding.column == "其他"


def test_a_blank_column_and_another_blank_cell_are_two_findings(tmp_path):
    # 自然人 of 三、（一）予以公开 (the third value row) blank as well
    findings = _blank_findings(_check(tmp_path, blank_columns_page(LEGAL_PERSONS, also=(2, 0)), "html"))
    assert len(findings) == 2
    [cell] = [f for f in findings if f.row]
    assert (cell.column, len(cell.anchors)) == ("自然人", 1) and "予以公开" in cell.row


def test_a_column_blank_in_two_rows_only_is_said_row_by_row(tmp_path):
    findings = _blank_findings(_check(tmp_path, blank_columns_txt((1,), rows=2), "txt"))
    assert len(findings) == 2 and all(f.column == "商业企业" and f.row for f in findings)


@pytest.mark.parametrize("text", [markers_dropped_txt, word_added_txt], ids=["markers dropped", "word added"])
def test_a_label_deviation_repeated_in_every_row_is_one_finding(text, tmp_path):
    result = _check(tmp_path, text(), "txt")
    [finding] = [f for f in result.findings if f.rule == "L205"]
    assert "19行" in finding.message and len(finding.anchors) == 19


def test_one_deviating_label_is_still_its_own_finding(tmp_path):
    text = markers_dropped_txt().replace("重复申请", "重复提出的申请", 1)
    findings = [f for f in _check(tmp_path, text, "txt").findings if f.rule == "L205"]
    assert len(findings) == 2
    assert any(f.found == "重复提出的申请" and f.row for f in findings)
