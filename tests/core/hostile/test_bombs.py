"""Bombs: files built to exhaust memory or time are answered within budget, under a 1 GB limit.

Each class from the issue is generated here (tests/fixtures/hostile.py) and checked in a child process
with 1 GB of address space: the answer is either a normal reading or the plain 「文件过大或过于复杂」,
the peak memory stays under 500 MB, and the input file is unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest

from tests.core.hostile.limits import check_limited
from tests.fixtures import hostile

TOO_LARGE = "文件过大或过于复杂"
PEAK_BUDGET_MB = 500


def _refused_naming(part: str) -> Callable:
    def expect(run) -> None:
        assert run.error and TOO_LARGE in run.error and part in run.error

    return expect


def _read(run) -> None:
    assert run.error is None or TOO_LARGE not in run.error
    assert run.error is None or "已损坏（" not in run.error  # no internal error dressed as damage


def _formula_too_large(run) -> None:
    assert run.error is None
    assert any("公式范围过大，未计算" in message for message in run.messages)


def _clear_error(run) -> None:
    assert run.error and "MemoryError" not in run.error and "RecursionError" not in run.error


CASES: dict[str, tuple[str, Callable[[], bytes], Callable]] = {
    "docx zip bomb (80 MB of text)": (
        "bomb.docx",
        hostile.docx_zip_bomb,
        _refused_naming("word/document.xml"),
    ),
    "docx paragraph bomb (millions of w:p)": (
        "paragraphs.docx",
        lambda: hostile.docx_paragraph_bomb(20),
        _refused_naming("word/document.xml"),
    ),
    "docx of 150,000 small paragraphs (under the element budget)": (
        "many-paragraphs.docx",
        lambda: hostile.docx_with_body(b"<w:p><w:r><w:t>1</w:t></w:r></w:p>" * 150_000),
        _refused_naming("段落"),
    ),
    "txt of table rows past the cell budget": (
        "cells.txt",
        lambda: ("行\t" + "\t".join(["5"] * 30) + "\n").encode() * 5000,
        _refused_naming("分隔符"),
    ),
    "xlsx zip bomb (shared strings)": ("bomb.xlsx", hostile.xlsx_zip_bomb, _refused_naming("sharedStrings")),
    "xlsx merged whole column": ("column.xlsx", hostile.xlsx_merged_column, _read),
    "xlsx merged whole grid": ("grid.xlsx", hostile.xlsx_merged_sheet, _read),
    "xlsx SUM over the whole grid, no cached value": (
        "sum.xlsx",
        hostile.xlsx_sum_whole_sheet,
        _formula_too_large,
    ),
    "xlsx 2 million empty styled cells": (
        "styled.xlsx",
        lambda: hostile.xlsx_styled_empty_cells(2_000_000),
        _read,
    ),
    "xlsx data dump of 150,000 cells": (
        "dump.xlsx",
        lambda: hostile.xlsx_many_cells(150_000),
        _refused_naming("单元格"),
    ),
    "txt of table rows past the size budget": (
        "rows.txt",
        lambda: hostile.txt_table_rows(19 * hostile.MB),
        _refused_naming("MB"),
    ),
    "txt of table rows past the line budget": (
        "lines.txt",
        lambda: hostile.txt_table_rows(hostile.MB),
        _refused_naming("行"),
    ),
    "docx billion laughs": ("laughs.docx", hostile.billion_laughs_docx, _clear_error),
    "xlsx billion laughs": ("laughs.xlsx", hostile.billion_laughs_xlsx, _read),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bomb_is_answered_within_budget_and_left_unchanged(tmp_path, case):
    name, make, expect = CASES[case]
    path = tmp_path / name
    path.write_bytes(make())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    run = check_limited(path)
    expect(run)
    assert run.peak_mb < PEAK_BUDGET_MB, f"{case}: peak {run.peak_mb} MB"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
