"""The engine on each class of document real offices and sites produce, generated here (no real text):
tab, `|`-delimited and one-cell-per-line web copies, a crawler's one-line copy, a report printing the
2019 tables with every cell empty, a table 三 printing （六）其他处理 as one row, a pre-2019 report."""

from __future__ import annotations

import pytest

from app.core.check import check_file
from tests.fixtures.text.reports import (
    bar_text,
    cell_per_line_text,
    consistent_data,
    crawler_text,
    docx_report,
    tab_text,
)

SHAPES = {"tab": tab_text, "bar": bar_text, "cell_per_line": cell_per_line_text}


def _check(tmp_path, text: str, name: str = "report.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_file(path)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_consistent_report_reads_every_value_in_every_shape(tmp_path, shape):
    data = consistent_data()
    result = _check(tmp_path, SHAPES[shape](data))
    assert result.error is None
    assert [f.rule for f in result.findings] == []
    fmt = data.format
    read = {(c.row, c.column): c.value for c in result.cells if c.table == "三"}
    for row in fmt.table_three_rows:
        for column, value in zip(fmt.table_three_columns, data.three[row.key], strict=True):
            assert read[(fmt.row_label("三", row.key), column.label)] == value
    four = [c.value for c in result.cells if c.table == "四"]
    assert four == data.four


def test_numbered_table_rows_standing_alone_are_never_sections(tmp_path):
    result = _check(tmp_path, cell_per_line_text(consistent_data()))
    keys = [hit.key for hit in result.report.sections]
    assert keys == ["一", "二", "三", "四", "五", "六"]
    assert not [f for f in result.findings if f.category == "section"]


def test_blank_positions_between_bars_are_blank_cells_and_blank_totals_are_found(tmp_path):
    data = consistent_data()
    for key in ("new", "granted", "total"):
        data.three[key][6] = None  # 总计 left blank, as real reports do
        data.three[key][2] = None  # and a blank in the middle of the row
    result = _check(tmp_path, bar_text(data))
    blanks = {(c.row, c.column) for c in result.cells if c.table == "三" and c.value is None}
    fmt = data.format
    for key in ("new", "granted", "total"):
        assert (fmt.row_label("三", key), "总计") in blanks
        assert (fmt.row_label("三", key), "科研机构") in blanks
    assert not [f for f in result.findings if f.rule == "P601"], "rows with blanks must be placed"
    blank_findings = [f for f in result.findings if f.category == "value" and f.table == "三"]
    assert {f.row for f in blank_findings} >= {
        fmt.row_label("三", key) for key in ("new", "granted", "total")
    }


def test_crawler_copy_is_recognised_and_its_run_together_tables_said_per_table(tmp_path):
    data = consistent_data(year=2022)
    result = _check(tmp_path, crawler_text(data))
    assert result.error is None
    assert result.year == 2022
    assert result.body == "示例县农业农村局"
    assert [hit.key for hit in result.report.sections] == ["一", "二", "三", "四", "五", "六"]
    assert not result.cells, "cells run together must not be guessed"
    said = {f.table for f in result.findings if f.rule == "P602"}
    assert said == {"二", "三", "四"}
    assert all("连在一起" in f.message for f in result.findings if f.rule == "P602")
    assert not [f for f in result.findings if f.severity == "error"]


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_the_2019_tables_with_every_cell_empty_are_recognised_as_outdated(tmp_path, kind):
    data = consistent_data(year=2022, layout="F2019")
    data.two = {key: [None] * len(values) for key, values in data.two.items()}
    data.three = {key: [None] * 7 for key in data.three}
    data.four = [None] * 15
    if kind == "txt":
        result = _check(tmp_path, bar_text(data))
    else:
        docx_report(data, tmp_path / "report.docx")
        result = check_file(tmp_path / "report.docx")
    assert result.layout == "F2019"
    assert [f.rule for f in result.findings if f.severity == "error"] == ["L201"]
    # an unfilled table is one problem, not one per row
    assert sorted(f.table for f in result.findings if f.rule == "V401") == ["三", "二", "四"]


def _collapse_other(data):
    rows = [data.three.pop(key) for key in ("other.1", "other.2", "other.3")]
    return [sum(values) for values in zip(*rows, strict=True)]


def test_other_handling_printed_as_one_row_is_a_layout_warning_and_counts_as_its_group(tmp_path):
    data = consistent_data()
    data.three["other.1"] = [2, 0, 0, 0, 0, 0, 2]
    data.three["granted"] = [data.three["granted"][0] - 2, 1, 0, 0, 0, 0, data.three["granted"][6] - 2]
    text = tab_text(data)
    for key in ("other.2", "other.3"):
        label = next(r.label for r in data.format.table_three_rows if r.key == key)
        text = "\n".join(line for line in text.split("\n") if not line.startswith(label))
    label = next(r.label for r in data.format.table_three_rows if r.key == "other.1")
    text = text.replace(f"（六）其他处理 {label}", "（六）其他处理")
    result = _check(tmp_path, text)
    rules = [f.rule for f in result.findings]
    assert rules.count("L206") == 1 and "L203" not in rules and "L204" not in rules
    assert not [f for f in result.findings if f.severity == "error"]
    group = [c for c in result.cells if c.row == "（六）其他处理"]
    assert [c.value for c in group] == [2, 0, 0, 0, 0, 0, 2]
    # the group's numbers take part in the arithmetic: a wrong one is found
    broken = _check(
        tmp_path,
        text.replace("（六）其他处理\t2\t0\t0\t0\t0\t0\t2", "（六）其他处理\t5\t0\t0\t0\t0\t0\t5"),
        "b.txt",
    )
    assert any(f.rule == "A301" and f.severity == "error" for f in broken.findings)


def test_a_pre_2019_report_gets_the_out_of_scope_answer_not_a_crash(tmp_path):
    text = (
        "示例县农业农村局2017年政府信息公开工作年度报告\n"
        "一、概述\n2017年，我局按照条例要求做好政府信息公开工作。\n"
        "二、主动公开政府信息情况\n全年主动公开信息120条。\n"
    )
    result = _check(tmp_path, text)
    assert result.error is None
    assert result.year == 2017
    assert [f.rule for f in result.findings if f.rule.startswith("S")] == ["S106"]
    assert not [f for f in result.findings if f.severity == "error"]
