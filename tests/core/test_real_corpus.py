"""The engine on real published reports (../shared/corpus/real): the numbers as read, and no error
that a reviewer would find false. The documents stay where they are; only their labels are compared."""

from __future__ import annotations

import json
import re

import pytest

from app.core.check import check_file
from app.core.formats import format_by_id
from tests.conftest import real_corpus

FOUR_GROUPS = {"复议": "行政复议", "直接起诉": "未经复议直接起诉", "复议后起诉": "复议后起诉"}
READ_FROM = (
    "files/hongze-2023.pdf",
    "files/hongze-2024.pdf",
    "files/pingtan-2023.html",
)


def _labels() -> dict:
    return json.loads((real_corpus() / "labels.json").read_text(encoding="utf-8"))


def _row_label(key: str) -> str:
    """A labels.json table-三 row key ("三(四)1", "一", "三(六)") as the official row label."""
    fmt = format_by_id("F2021")
    match = re.fullmatch(r"三\((.)\)(\d)?", key)
    if match is None:
        top = {"一": "new", "二": "carried_in", "四": "carried_out"}[key]
        return fmt.row_label("三", top)
    group, item = match.group(1), match.group(2)
    if item is None:
        if group == "七":
            return fmt.row_label("三", "total")
        row = next((r for r in fmt.table_three_rows if r.group == group and r.item is None), None)
        key = row.key if row else next(g.key for g in fmt.table_three_groups if g.group == group)
        return fmt.row_label("三", key)
    row = next(r for r in fmt.table_three_rows if r.group == group and r.item == int(item))
    return fmt.row_label("三", row.key)


def _expected_cells(report: dict) -> dict[tuple[str, str, str], int | None]:
    fmt = format_by_id("F2021")
    columns = [c.label for c in fmt.table_three_columns]
    expected = {}
    for key, values in report["table3"].items():
        for column, value in zip(columns, values, strict=True):
            expected[("三", _row_label(key), column)] = value
    for key, value in report["table4"].items():
        group, result = key.split("_")
        expected[("四", fmt.table_four_row.label, f"{FOUR_GROUPS[group]}·{result}")] = value
    return expected


def _report_for(name: str) -> dict:
    return next(r for r in _labels()["reports"] if name in r["files"])


@pytest.mark.parametrize("name", READ_FROM)
def test_every_table_three_and_four_value_read_as_printed(name):
    path = real_corpus() / name
    result = check_file(path)
    assert result.error is None, result.error
    read = {(c.table, c.row, c.column): c.value for c in result.cells}
    expected = _expected_cells(_report_for(name))
    wrong = {
        key: (value, read.get(key, "missing")) for key, value in expected.items() if read.get(key) != value
    }
    right = len(expected) - len(wrong)
    print(f"{name}: {right}/{len(expected)} table-三/四 values read as printed")
    assert not wrong, f"{len(wrong)} of {len(expected)} cells differ (label, read): {list(wrong.items())[:8]}"


@pytest.mark.parametrize("name", READ_FROM)
def test_every_read_cell_is_reliable_on_a_clean_reading(name):
    result = check_file(real_corpus() / name)
    doubtful = [(c.table, c.row, c.column) for c in result.cells if c.table in "三四" and not c.reliable]
    assert not doubtful, doubtful[:5]


def test_crawler_text_tables_are_said_unreadable_not_guessed():
    """Crawler text runs table cells together ("713000074"): no value is read, each table is said."""
    for name in ("pingtan-2019.txt", "pingtan-2021.txt", "pingtan-2022.txt", "pingtan-2023.txt"):
        result = check_file(real_corpus() / "files" / name)
        assert result.error is None, (name, result.error)
        assert result.year == int(name[8:12])
        assert len({hit.key for hit in result.report.sections}) == 6, name
        assert not [c for c in result.cells if c.table in "三四"], name
        said = {f.table for f in result.findings if f.category == "parse" and f.table}
        assert {"三", "四"} <= said, (name, said)
        assert not [f for f in result.findings if f.severity == "error"], name
        assert result.body == "平潭综合实验区", result.body
