"""Exports that do not pile up: a round's folder named by its day, the previous copies replaced when
the reviewer says so (no "(2)", no stale workbook beside a new one), no workbook for a one-report
export that asks none, no copy for a report with nothing to fix when passed reports are left out."""

from __future__ import annotations

import datetime as dt

from app.core.check import check_file
from app.core.export import SUFFIX, WORKBOOK_NAME, export_batch, needs_copy, round_folder
from tests.conftest import CORPUS

FILES = CORPUS / "files"


def _inputs(tmp_path):
    wrong, clean = tmp_path / "有错.txt", tmp_path / "无误.docx"
    wrong.write_bytes((FILES / "seed000-t3_cell.txt").read_bytes())
    clean.write_bytes((FILES / "seed000-clean.docx").read_bytes())
    return [check_file(wrong), check_file(clean)]


def test_a_re_export_with_replace_replaces_the_previous_copies_and_workbook(tmp_path):
    results = _inputs(tmp_path)
    out = tmp_path / "out"
    first = export_batch(results, out)
    before = {path.name: path.stat().st_mtime_ns for path in first}
    again = export_batch(results, out, reviewer="李审核", replace=True)
    assert [p.name for p in again] == [p.name for p in first]  # the same names, no "(2)"
    assert sorted(p.name for p in out.iterdir()) == sorted(before)
    assert all(path.stat().st_mtime_ns >= before[path.name] for path in again)
    numbered = export_batch(results, out)  # without replace nothing is ever overwritten
    assert [p.name for p in numbered] == [
        "有错（检查意见）(2).docx",
        "无误（检查意见）(2).docx",
        "问题汇总表(2).xlsx",
    ]


def test_replace_never_replaces_an_input(tmp_path):
    source = tmp_path / "报告（检查意见）.docx"  # an input that happens to carry the copy's name
    source.write_bytes((FILES / "seed000-t3_cell.docx").read_bytes())
    original = source.read_bytes()
    written = export_batch([check_file(source)], tmp_path, replace=True, workbook=False)
    assert source.read_bytes() == original and written[0] != source


def test_one_report_without_workbook_and_passed_reports_left_out(tmp_path):
    results = _inputs(tmp_path)
    assert needs_copy(results[0]) and not needs_copy(results[1])
    written = export_batch(results, tmp_path / "out", workbook=False, passed=False)
    assert [p.name for p in written] == [f"有错{SUFFIX}"]
    assert not (tmp_path / "out" / WORKBOOK_NAME).exists()


def test_a_rounds_folder_is_named_by_its_day_and_numbered_when_taken(tmp_path):
    day = dt.date(2025, 1, 15)
    first = round_folder(tmp_path, day)
    assert first.name == "检查意见 2025-01-15" and not first.exists()
    first.mkdir()
    assert round_folder(tmp_path, day) == first  # still empty: the same round
    (first / "x.docx").write_bytes(b"")
    assert round_folder(tmp_path, day).name == "检查意见 2025-01-15（第2轮）"
