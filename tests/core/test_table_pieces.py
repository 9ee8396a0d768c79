"""Tables printed in pieces are joined back by their labels (tests/fixtures/table_pieces)."""

from __future__ import annotations

import pytest

from app.core.check import check_file
from tests.fixtures import outline_classes as classes
from tests.fixtures import table_pieces as pieces
from tests.fixtures.text import reports

CONTAINERS = ("txt", "md-html", "docx", "html-p")


def _four_values(result) -> list[object]:
    cells = {(c.table, c.column): c.value for c in result.cells if c.table == "四"}
    return [cells.get(("四", column)) for column in _four_columns()]


def _four_columns() -> list[str]:
    fmt = reports.consistent_data().format
    return [column.label for column in fmt.table_four_columns]


@pytest.mark.parametrize("container", CONTAINERS)
@pytest.mark.parametrize("order", [("review", "direct", "after"), ("after", "review", "direct")])
def test_table_four_in_three_pieces_is_read_whole(tmp_path, container, order):
    data = reports.consistent_data()
    data.four = [1, 0, 2, 0, 3, 0, 1, 0, 0, 1, 2, 0, 0, 1, 3]
    items = pieces.report_items(data, four=pieces.four_pieces(data, order))
    result = check_file(classes.write(items, container, tmp_path / "report"))
    assert result.error is None
    assert _four_values(result) == data.four
    assert not [f for f in result.findings if f.table == "四" and f.category in ("parse", "arithmetic")]


@pytest.mark.parametrize("container", CONTAINERS)
def test_a_wrong_total_in_one_piece_is_still_found(tmp_path, container):
    data = reports.consistent_data()
    data.four = [1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]  # 复议 total 2 for one case
    items = pieces.report_items(data, four=pieces.four_pieces(data))
    result = check_file(classes.write(items, container, tmp_path / "report"))
    errors = [f for f in result.findings if f.severity == "error" and f.table == "四"]
    assert errors and all(f.category == "arithmetic" for f in errors)


def test_a_piece_missing_is_a_doubt_not_an_error(tmp_path):
    data = reports.consistent_data()
    data.four = [1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    four = pieces.four_pieces(data)[:2]  # 复议后起诉 not printed
    result = check_file(classes.write(pieces.report_items(data, four=four), "txt", tmp_path / "report"))
    assert not [f for f in result.findings if f.severity == "error" and f.table == "四"]
    assert [f for f in result.findings if f.table == "四" and f.category == "parse"]


@pytest.mark.parametrize("container", CONTAINERS)
@pytest.mark.parametrize("between", ["header", "stub"])
def test_table_three_split_at_its_groups_is_read_whole(tmp_path, container, between):
    data = reports.consistent_data()
    whole = check_file(classes.write(classes.items(classes.Style(), data), container, tmp_path / "whole"))
    items = pieces.report_items(data, three=pieces.three_pieces(data, between))
    result = check_file(classes.write(items, container, tmp_path / "split"))
    assert result.error is None

    def cells(r):
        return [(c.row, c.column, c.value) for c in r.cells if c.table == "三"]

    assert cells(result) == cells(whole) and len(cells(result)) >= 25 * 7
    assert not [f for f in result.findings if f.severity == "error"]
