"""The copy of last year: the share of the narrative repeated, the passages named, tables unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.batch.lastyear import compare_narratives, copy_basis, tables_copied
from app.core.check import check_batch, check_file
from app.core.packs import load_pack, pack_dir
from tests.fixtures.copy_pairs import copy_pair, same_tables_pair, zero_tables
from tests.fixtures.crossyear_pairs import earlier_text, later_text, write_pair


def _checked(tmp_path: Path, earlier: str, later: str, pack=None):
    first, second = write_pair(tmp_path, earlier, later)
    return check_batch([check_file(first), check_file(second)], pack=pack)


def _rules(result, rule: str):
    return [finding for finding in result.findings if finding.rule == rule]


@pytest.mark.parametrize(("share", "warned"), [(0.0, False), (0.3, False), (0.8, True), (1.0, True)])
@pytest.mark.parametrize("digits_changed", [False, True])
def test_the_copy_share_is_measured_and_warned_over_half(
    tmp_path: Path, share: float, warned: bool, digits_changed: bool
) -> None:
    earlier, later, copied = copy_pair(share, digits_changed)
    results = _checked(tmp_path, earlier, later)
    first, second = (copy_basis(r.document, r.report) for r in results)
    likeness = compare_narratives(first, second)
    assert likeness is not None
    assert likeness.share == pytest.approx(copied, abs=0.03)
    found = _rules(results[1], "C533")
    assert bool(found) == warned
    assert not _rules(results[0], "C533")  # the earlier report is not the copy
    if warned:
        (finding,) = found
        assert finding.found == pytest.approx(copied, abs=0.03) and finding.expected == 0.5
        assert finding.related_file == str(tmp_path / "a.txt")
        # the longest repeated passage is quoted, with its section
        longest = likeness.passages[0]
        assert longest.text[:10] in finding.message and f"第{longest.section}部分" in finding.message


def test_the_passages_named_are_those_copied(tmp_path: Path) -> None:
    earlier, later, _ = copy_pair(0.3)
    results = _checked(tmp_path, earlier, later)
    first, second = (copy_basis(r.document, r.report) for r in results)
    likeness = compare_narratives(first, second)
    assert likeness is not None and likeness.passages
    earlier_words = "".join(text for _, _, text in first.paragraphs)
    assert all(passage.text in earlier_words for passage in likeness.passages)
    fresh = [text for _, _, text in second.paragraphs if text not in earlier_words]
    assert fresh and not any(passage.text in text for passage in likeness.passages for text in fresh)


def test_the_threshold_comes_from_the_pack(tmp_path: Path) -> None:
    earlier, later, copied = copy_pair(0.45)
    national = _checked(tmp_path / "national", earlier, later)
    local = _checked(tmp_path / "local", earlier, later, pack=load_pack(pack_dir() / "example-province.json"))
    assert 0.4 < copied < 0.5
    assert not _rules(national[1], "C533")
    (finding,) = _rules(local[1], "C533")
    assert finding.expected == 0.4 and "超过 40%" in finding.message


def test_tables_identical_to_last_years_are_a_warning(tmp_path: Path) -> None:
    results = _checked(tmp_path, *same_tables_pair())
    (finding,) = _rules(results[1], "C534")
    assert "表二、表三、表四" in finding.message and finding.related_file == str(tmp_path / "a.txt")
    assert not _rules(results[0], "C534")


def test_tables_that_changed_or_are_all_zero_are_not(tmp_path: Path) -> None:
    changed = _checked(tmp_path / "changed", earlier_text(), later_text())
    assert not _rules(changed[1], "C534")
    earlier, later = same_tables_pair()
    zeros = _checked(tmp_path / "zeros", zero_tables(earlier), zero_tables(later))
    first, second = (copy_basis(r.document, r.report) for r in zeros)
    assert first.values == second.values and first.values  # identical indeed, and read
    assert not tables_copied(first, second)
    assert not _rules(zeros[1], "C534")


def test_reports_of_other_bodies_or_years_apart_are_not_compared(tmp_path: Path) -> None:
    earlier, later, _ = copy_pair(1.0)
    other_body = _checked(
        tmp_path / "body", earlier, later.replace("遂平县科技和工业信息化局", "西平县教育局", 1)
    )
    assert not _rules(other_body[1], "C533")
    gap = _checked(tmp_path / "gap", earlier, later.replace("2023", "2024"))
    assert not _rules(gap[1], "C533")


def test_compact_results_saved_before_copies_were_compared_are_not_compared(tmp_path: Path) -> None:
    from dataclasses import replace

    from app.core.compact import compact

    first, second = write_pair(tmp_path, *same_tables_pair())
    old = [compact(check_file(path)) for path in (first, second)]
    old = [replace(r, report=replace(r.report, copy_basis=None)) for r in old]  # as an older review has them
    results = check_batch(old)
    assert not _rules(results[1], "C534") and not _rules(results[1], "C533")
    assert _rules(check_batch([compact(check_file(path)) for path in (first, second)])[1], "C534")
