"""Carry-over chains on the real reports (../shared/corpus/real; labels.json lists the cross-year pairs)."""

from __future__ import annotations

import json

from app.core.batch import check_batch_reports
from app.core.batch.rules import CHAIN_BROKEN, NOT_COMPARABLE
from app.core.check import check_batch, check_file
from tests.conftest import real_corpus
from tests.core.batch.test_chains import cross


def batch(*names: str) -> list:
    files = real_corpus() / "files"
    return check_batch([check_file(files / name) for name in names])


def test_labels_list_the_pairs_these_tests_use():
    pairs = json.loads((real_corpus() / "labels.json").read_text(encoding="utf-8"))["cross_year"]
    by_files = {tuple(pair["files"]): pair["overall"] for pair in pairs}
    assert by_files[("hongze-2023", "hongze-2024")] == "holds"
    assert by_files[("pingtan-2022", "pingtan-2023")] == "holds"


def test_hongze_2023_to_2024_chain_holds():
    # The titles name the body two ways (洪泽区人民政府 / 淮安市洪泽区人民政府).
    results = batch("hongze-2023.pdf", "hongze-2024.pdf")
    assert [cross(r) for r in results] == [[], []]
    [chain] = check_batch_reports(results).chains
    assert chain.status == "holds"
    assert {c.earlier for c in chain.comparisons if c.table == "三"} == {0}


def test_pingtan_2023_web_page_beside_2022_crawler_text_is_not_comparable_and_no_error():
    results = batch("pingtan-2022.txt", "pingtan-2023.html")
    assert results[1].error is None, results[1].error
    assert not [f for r in results for f in cross(r) if f.severity == "error"]
    [chain] = check_batch_reports(results).chains
    assert chain.status == "not_comparable"
    [note] = [f for f in cross(results[1]) if f.rule == NOT_COMPARABLE.id]
    assert note.severity == "warning" and note.related_file.endswith("pingtan-2022.txt")


def test_pingtan_crawler_texts_are_chained_but_never_an_error():
    results = batch("pingtan-2019.txt", "pingtan-2021.txt", "pingtan-2022.txt", "pingtan-2023.txt")
    assert not [f for r in results for f in cross(r) if f.rule == CHAIN_BROKEN.id or f.severity == "error"]
    chains = check_batch_reports(results).chains
    assert [(c.earlier.year, c.later.year) for c in chains] == [(2021, 2022), (2022, 2023)]
    assert {c.status for c in chains} == {"not_comparable"}  # cells run together: nothing to compare
