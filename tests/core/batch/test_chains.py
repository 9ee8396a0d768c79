"""Carry-over chains on pairs generated from a corpus report (tests/fixtures/crossyear_pairs.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.core.batch import chain_marks, check_batch_reports
from app.core.batch.rules import (
    BATCH_RULE_IDS,
    CHAIN_BROKEN,
    COPIED_TABLES,
    COPIED_TEXT,
    DUPLICATE,
    IN_FORCE_BREAK,
    NO_YEAR,
    NOT_COMPARABLE,
)
from app.core.check import check_batch, check_document, check_file
from app.core.model import ReaderNote, Source
from app.core.readers.txt_reader import read_txt
from tests.fixtures.crossyear_pairs import earlier_text, later_docx, later_text, write_pair

# The chains' rules: the generated next year repeats the earlier year's narrative word for word, which
# the copy-of-last-year pass rightly says (tests/core/batch/test_lastyear.py); here only chains count.
CROSS_RULES = BATCH_RULE_IDS - {COPIED_TEXT.id, COPIED_TABLES.id}


def cross(result) -> list:
    return [finding for finding in result.findings if finding.rule in CROSS_RULES]


def checked(*paths: Path) -> list:
    return check_batch([check_file(path) for path in paths])


def test_a_consistent_pair_is_silent_and_its_chain_holds(tmp_path):
    first, second = write_pair(tmp_path, earlier_text(), later_text())
    results = checked(first, second)
    assert [cross(r) for r in results] == [[], []]
    [chain] = check_batch_reports(results).chains
    assert chain.status == "holds"
    assert {c.status for c in chain.comparisons} == {"holds"}  # table 三 and both 现行有效件数 rows


def test_one_column_differing_is_an_error_on_the_later_report_naming_the_earlier(tmp_path):
    # 商业企业 carried 3 into the next year; the next year says 2 (so its 总计 says 2 too).
    first, second = write_pair(tmp_path, earlier_text(), later_text(carried_in=(0, 2, 0, 0, 0, 0, 2)))
    earlier, later = checked(first, second)
    assert cross(earlier) == []
    broken = [f for f in cross(later) if f.rule == CHAIN_BROKEN.id]
    assert {f.column for f in broken} == {"商业企业", "总计"}
    for finding in broken:
        assert finding.severity == "error"
        assert finding.related_file == str(first)
        assert first.name in finding.message
        assert (finding.expected, finding.found) in ((3, 2),)
        assert finding.location  # the later report's 上年结转 cell
    [chain] = check_batch_reports([earlier, later]).chains
    assert chain.status == "broken"


def test_order_in_the_batch_does_not_matter(tmp_path):
    first, second = write_pair(tmp_path, earlier_text(), later_text(carried_in=(1, 3, 0, 0, 0, 0, 4)))
    later, earlier = checked(second, first)
    assert {f.column for f in cross(later) if f.rule == CHAIN_BROKEN.id} == {"自然人", "总计"}
    assert cross(earlier) == []


def test_bodies_match_on_their_normalised_name_not_on_file_names(tmp_path):
    first, second = write_pair(
        tmp_path,
        earlier_text(),
        later_text(body="驻马店市遂平县科技和工业信息化局", carried_in=(0, 2, 0, 0, 0, 0, 2)),
        names=("甲.txt", "乙.txt"),
    )
    assert {f.column for f in cross(checked(first, second)[1]) if f.rule == CHAIN_BROKEN.id} == {
        "商业企业",
        "总计",
    }


def test_two_different_bodies_are_never_compared(tmp_path):
    # Same file names as a real pair would have, consecutive years, carry-over that would not match.
    first, second = write_pair(
        tmp_path,
        earlier_text(),
        later_text(body="西平县科技和工业信息化局", carried_in=(5, 5, 0, 0, 0, 0, 10)),
        names=("2022年报.txt", "2023年报.txt"),
    )
    results = checked(first, second)
    assert [cross(r) for r in results] == [[], []]
    assert check_batch_reports(results).chains == []


def test_the_same_body_twice_in_one_year_is_a_duplicate_and_not_chained(tmp_path):
    first, second = write_pair(tmp_path, earlier_text(), earlier_text())
    third = tmp_path / "c.txt"
    third.write_text(later_text(carried_in=(0, 2, 0, 0, 0, 0, 2)), encoding="utf-8")
    results = checked(first, second, third)
    for result, other in ((results[0], second), (results[1], first)):
        [duplicate] = cross(result)
        assert (duplicate.rule, duplicate.severity, duplicate.related_file) == (
            DUPLICATE.id,
            "info",
            str(other),
        )
    assert cross(results[2]) == []  # no chain from an ambiguous year
    [chain] = check_batch_reports(results).chains
    assert chain.status == "not_comparable" and chain.note


def test_a_report_whose_year_cannot_be_read_is_left_out_with_a_note(tmp_path):
    first, second = write_pair(tmp_path, earlier_text(), later_text().replace("2023年", "本年度"))
    earlier, later = checked(first, second)
    assert [f.rule for f in cross(later)] == [NO_YEAR.id]
    assert cross(earlier) == []
    assert check_batch_reports([earlier, later]).chains == []


def test_a_doubtful_reading_gives_a_parse_warning_not_an_error(tmp_path):
    first, second = write_pair(tmp_path, earlier_text(), later_text(carried_in=(0, 2, 0, 0, 0, 0, 2)))
    document = read_txt(second)
    table_three = check_document(document).report.tables["三"].blocks[0]
    doubtful = replace(
        document,
        notes=(ReaderNote("表格的列无法确定", Source(line=1), block=table_three, doubt=True),),
    )
    earlier, later = check_batch([check_file(first), check_document(doubtful)])
    findings = cross(later)
    assert [f.rule for f in findings] == [NOT_COMPARABLE.id]
    assert findings[0].severity == "warning" and findings[0].category == "parse"
    assert findings[0].related_file == str(first)
    assert "表格的列无法确定" in findings[0].message


def test_a_cell_that_is_not_a_number_makes_that_column_not_comparable(tmp_path):
    text = later_text().replace(
        "上年结转政府信息公开申请数量\t\t0\t3", "上年结转政府信息公开申请数量\t\t0\t见附件", 1
    )
    first, second = write_pair(tmp_path, earlier_text(), text)
    earlier, later = checked(first, second)
    [finding] = [f for f in cross(later) if f.rule == NOT_COMPARABLE.id]
    assert "商业企业" in finding.message and "见附件" in finding.message
    assert not [f for f in cross(later) if f.rule == CHAIN_BROKEN.id]


def test_in_force_documents_not_following_from_last_year_is_a_warning(tmp_path):
    text = later_text().replace("规章\t5\t2\t40", "规章\t5\t2\t41")
    first, second = write_pair(tmp_path, earlier_text(), text)
    [finding] = [f for f in cross(checked(first, second)[1]) if f.rule == IN_FORCE_BREAK.id]
    assert finding.severity == "warning"
    assert (finding.expected, finding.found, finding.related_file) == (40, 41, str(first))
    assert "37 + 5 − 2 = 40" in finding.message


def test_years_apart_are_not_chained(tmp_path):
    first, second = write_pair(
        tmp_path, earlier_text(), later_text(year=2024, carried_in=(9, 9, 0, 0, 0, 0, 18))
    )
    results = checked(first, second)
    assert [cross(r) for r in results] == [[], []]


def test_inputs_are_not_changed_by_the_batch_pass(tmp_path):
    first, second = write_pair(tmp_path, earlier_text(), later_text(carried_in=(0, 2, 0, 0, 0, 0, 2)))
    originals = [check_file(first), check_file(second)]
    before = [r.findings for r in originals]
    check_batch(originals)
    assert [r.findings for r in originals] == before


def test_a_broken_chain_is_marked_on_both_reports(tmp_path):
    first, second = write_pair(tmp_path, earlier_text(), later_text(carried_in=(0, 2, 0, 0, 0, 0, 2)))
    marks = chain_marks(check_batch_reports(checked(first, second)).chains)
    assert marks == {
        str(first): ["跨年度 2022→2023（与《b.txt》）：不一致"],
        str(second): ["跨年度 2022→2023（与《a.txt》）：不一致"],
    }


def test_a_failing_batch_pass_leaves_the_reports_as_checked(tmp_path, monkeypatch):
    import app.core.batch as batch

    def broken(_batch):
        raise RuntimeError("a bug in the batch pass")

    first, second = write_pair(tmp_path, earlier_text(), later_text(carried_in=(0, 2, 0, 0, 0, 0, 2)))
    originals = [check_file(first), check_file(second)]
    monkeypatch.setattr(batch, "PASSES", (broken,))
    assert [r.findings for r in check_batch(originals)] == [r.findings for r in originals]


def test_a_failing_pass_costs_only_its_own_findings(tmp_path, monkeypatch):
    import app.core.batch as batch

    def broken(_batch):
        raise RuntimeError("a bug in the batch pass")

    first, second = write_pair(tmp_path, earlier_text(), later_text(carried_in=(0, 2, 0, 0, 0, 0, 2)))
    monkeypatch.setattr(batch, "PASSES", (broken, *batch.PASSES))
    later = checked(first, second)[1]
    assert {f.column for f in cross(later) if f.rule == CHAIN_BROKEN.id} == {"商业企业", "总计"}


def test_chains_hold_across_formats_txt_then_docx(tmp_path):
    earlier = tmp_path / "2022.txt"
    earlier.write_text(earlier_text(), encoding="utf-8")
    consistent = later_docx(tmp_path / "一致" / "2023.docx")
    broken = later_docx(tmp_path / "不一致" / "2023.docx", carried_in=(0, 2, 0, 0, 0, 0, 2))
    assert [f for r in checked(earlier, consistent) for f in cross(r) if f.rule == CHAIN_BROKEN.id] == []
    later = checked(earlier, broken)[1]
    assert {f.column for f in cross(later) if f.rule == CHAIN_BROKEN.id} == {"商业企业", "总计"}
    # anchored on the DOCX table cell itself
    assert all(
        f.location and f.anchors[0].cell is not None for f in cross(later) if f.rule == CHAIN_BROKEN.id
    )
