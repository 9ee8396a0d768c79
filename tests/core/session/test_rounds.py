"""Rounds of review: a report, its corrected version fixing some errors and introducing one, and a
third round; findings matched by rule and place, dismissals carried, the review file keeping it all."""

from __future__ import annotations

import os
from pathlib import Path

from app.core.check import check_compact
from app.core.session import Entry, ReviewSession
from app.core.session.rounds import compare_findings, summary_line
from app.core.session.store import ReviewStore, read_review, restore
from tests.core.rules.examples import base_text

# Round 1: 规章's 本年制发件数 is a dash (V402), 行政规范性文件's 现行有效件数 says 见附件 (V403).
DASH = ("规章\t5\t2\t37", "规章\t—\t2\t37")
SEE_ATTACHED = ("行政规范性文件\t5\t1\t0", "行政规范性文件\t5\t1\t见附件")
# Round 2 fixes the dash, keeps 见附件 and writes 行政许可's figure with its unit (V404, new).
WITH_UNIT = ("行政许可\t5", "行政许可\t5件")


def version(*edits: tuple[str, str]) -> str:
    text = base_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    return text


ROUNDS = (version(DASH, SEE_ATTACHED), version(SEE_ATTACHED, WITH_UNIT), version())


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a later save
    return path


def check(session: ReviewSession, entry: Entry) -> None:
    session.start_check([entry])
    session.take_result(entry, check_compact(entry.path))
    session.cross_check()


def first_round(folder: Path) -> tuple[ReviewSession, Entry]:
    """A session holding 报告.txt as round 1 wrote it, checked."""
    session = ReviewSession()
    entry = Entry(write(folder / "报告.txt", ROUNDS[0]))
    session.add([entry])
    check(session, entry)
    return session, entry


def rules_of(findings) -> list[tuple[str, str | None]]:
    return [(finding.rule, finding.row) for finding in findings]


def test_the_same_file_corrected_twice(tmp_path: Path) -> None:
    session, entry = first_round(tmp_path)
    path = entry.path
    assert entry.round == 1 and entry.comparison is None and entry.trail.began
    assert rules_of(entry.result.findings) == [("V402", "规章"), ("V403", "行政规范性文件")]
    session.dismiss(entry, 0, "破折号表示未发生")  # the dash: fixed in round 2, its dismissal goes
    session.dismiss(entry, 1, "附件已核对")  # 见附件: remains, its dismissal carries

    write(path, ROUNDS[1])
    check(session, entry)
    assert entry.round == 2
    comparison = entry.comparison
    findings = entry.result.findings
    assert dict(zip(rules_of(findings), comparison.since, strict=True)) == {
        ("V403", "行政规范性文件"): "remaining",
        ("V404", "行政许可"): "new",
    }
    assert rules_of(comparison.fixed) == [("V402", "规章")]
    assert {findings[n].rule: reason for n, reason in entry.dismissed.items()} == {"V403": "附件已核对"}
    assert (
        summary_line(entry.round, comparison)
        == "第2次检查：上次的 2 个问题已改正 1 个，仍有 1 个，新发现 1 个"
    )

    write(path, ROUNDS[2])
    check(session, entry)
    assert entry.round == 3 and entry.result.findings == ()
    assert sorted(rules_of(entry.comparison.fixed)) == [("V403", "行政规范性文件"), ("V404", "行政许可")]
    assert (
        summary_line(3, entry.comparison) == "第3次检查：上次的 2 个问题已改正 2 个，仍有 0 个，新发现 0 个"
    )
    history = entry.trail.history
    assert [(line.number, line.findings, line.fixed, line.new) for line in history] == [
        (1, 2, 0, 0),
        (2, 2, 1, 1),
    ]


def test_checking_the_same_content_again_is_not_a_round(tmp_path: Path) -> None:
    session, entry = first_round(tmp_path)
    check(session, entry)  # a pack changed, the review reopened: the same file
    assert entry.round == 1 and entry.comparison is None


def test_a_corrected_version_under_another_name_follows_its_predecessor(tmp_path: Path) -> None:
    first = write(tmp_path / "报告.txt", ROUNDS[0])
    session = ReviewSession()
    old = Entry(first)
    session.add([old])
    check(session, old)
    session.dismiss(old, 1, "附件已核对")
    new = Entry(write(tmp_path / "报告（修改稿）.txt", ROUNDS[1]))
    session.add([new])
    check(session, new)
    assert session.predecessor(new) is old
    assert session.take_version(new, old)
    assert new.round == 2 and old.round == 1
    assert rules_of(new.comparison.fixed) == [("V402", "规章")]
    by_rule = dict(zip((f.rule for f in new.result.findings), new.comparison.since, strict=True))
    assert by_rule["V403"] == "remaining" and by_rule["V404"] == "new"
    assert {new.result.findings[n].rule: r for n, r in new.dismissed.items()} == {"V403": "附件已核对"}
    assert not session.take_version(new, old)  # once


def test_the_review_file_keeps_the_rounds_and_a_changed_file_begins_the_next(tmp_path: Path) -> None:
    path = write(tmp_path / "报告.txt", ROUNDS[0])
    review = tmp_path / "检查记录.review"
    session = ReviewSession()
    entry = Entry(path)
    session.add([entry])
    check(session, entry)
    write(path, ROUNDS[1])
    check(session, entry)
    session.dismiss(entry, 0, "附件已核对")
    ReviewStore(review).save(session)

    # reopened as it was: round 2 shown as saved
    (saved,) = read_review(review).reports
    again = Entry(path)
    assert restore(again, saved)
    assert again.round == 2 and again.comparison == entry.comparison

    # the author corrected it once more before the review was reopened: round 3
    write(path, ROUNDS[2])
    (saved,) = read_review(review).reports
    later = Entry(path)
    assert not restore(later, saved)
    reopened = ReviewSession()
    reopened.add([later])
    check(reopened, later)
    assert later.round == 3 and len(later.comparison.fixed) == 2


def test_findings_are_matched_by_place_not_wording() -> None:
    from app.core.batch.rules import DUPLICATE
    from app.core.rules.values import RULES

    placeholder = next(rule for rule in RULES if rule.id == "V402")
    before = [placeholder.finding("第一种说法", table="二", row="规章", column="本年制发件数")]
    after = [
        placeholder.finding("换了一种说法", table="二", row="规章", column="本年制发件数"),
        placeholder.finding("同一规则，另一处", table="二", row="行政许可", column="本年处理决定数量"),
        DUPLICATE.finding("重复"),
    ]
    comparison = compare_findings(before, after)
    assert comparison.since == ("remaining", "new", "new") and comparison.fixed == ()
