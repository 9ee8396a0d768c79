"""A compact result (what a report keeps after its check) serves the batch pass exactly as the full one:
the same cross-report findings, at the same places, in every chain situation the fixtures generate."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from app.core.check import check_batch, check_compact, check_file
from app.core.compact import compact
from app.core.fingerprint import CHANGED, GONE, changed_since
from tests.fixtures.copy_pairs import copy_pair, same_tables_pair
from tests.fixtures.crossyear_pairs import CORPUS, earlier_text, later_docx, later_text, write_pair

PAIRS = {
    "holds": (earlier_text(), later_text()),
    "broken": (earlier_text(), later_text(carried_in=(0, 2, 0, 0, 0, 0, 2))),
    "in force": (earlier_text(), later_text().replace("规章\t5\t2\t40", "规章\t5\t2\t41")),
    "not a number": (
        earlier_text(),
        later_text().replace(
            "上年结转政府信息公开申请数量\t\t0\t3", "上年结转政府信息公开申请数量\t\t0\t见附件", 1
        ),
    ),
    "duplicate": (earlier_text(), earlier_text()),
    "no year": (earlier_text(), later_text().replace("2023年", "本年度")),
    "narrative copied": copy_pair(0.8)[:2],
    "tables copied": same_tables_pair(),
}


@pytest.mark.parametrize("case", PAIRS)
def test_the_batch_pass_on_compact_results_equals_the_pass_on_full_ones(tmp_path: Path, case: str) -> None:
    first, second = write_pair(tmp_path, *PAIRS[case])
    full = check_batch([check_file(first), check_file(second)])
    small = check_batch([check_compact(first), check_compact(second)])
    assert [r.findings for r in small] == [r.findings for r in full]
    if case == "broken":
        assert any(f.rule == "C530" and f.location for f in small[1].findings)
    if case.endswith("copied"):
        assert any(f.rule in ("C533", "C534") for f in small[1].findings)


def test_chains_across_formats_hold_on_compact_results(tmp_path: Path) -> None:
    first = tmp_path / "2022.txt"
    first.write_text(earlier_text(), encoding="utf-8")
    second = later_docx(tmp_path / "2023.docx", carried_in=(0, 2, 0, 0, 0, 0, 2))
    full = check_batch([check_file(first), check_file(second)])
    small = check_batch([check_compact(first), check_compact(second)])
    assert [r.findings for r in small] == [r.findings for r in full]


def test_a_compact_result_keeps_no_document_and_is_a_fraction_of_the_full_one() -> None:
    full = check_file(CORPUS / "seed000-t3_cell.docx")
    small = compact(full)
    assert small.document is None and small.cells == () and small.compact
    assert small.findings == full.findings and small.fingerprint == full.fingerprint
    assert (small.title, small.year, small.body, small.layout) == (
        full.title,
        full.year,
        full.body,
        full.layout,
    )
    assert len(pickle.dumps(small)) * 5 < len(pickle.dumps(full))


def test_the_fingerprint_tells_a_replaced_file(tmp_path: Path) -> None:
    report = tmp_path / "报告.txt"
    report.write_text(earlier_text(), encoding="utf-8")
    result = check_file(report)
    assert result.fingerprint is not None and changed_since(report, result.fingerprint) is None
    stat = report.stat()
    # the corrected version, same length, the old time kept (a copy that preserves times)
    report.write_text(earlier_text().replace("规章\t", "规章 ", 1), encoding="utf-8")
    import os

    os.utime(report, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert report.stat().st_size == stat.st_size
    assert changed_since(report, result.fingerprint) == CHANGED
    report.unlink()
    assert changed_since(report, result.fingerprint) == GONE
