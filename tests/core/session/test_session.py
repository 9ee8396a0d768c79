"""The review session without Qt: entries, counts kept as it goes, decisions that follow their findings."""

from __future__ import annotations

from pathlib import Path

from app.core.check import check_compact
from app.core.model import Finding, Result
from app.core.session import Entry, ReviewSession, Status, finding_keys, match_states
from app.core.session.state import FindingState
from tests.fixtures.crossyear_pairs import CORPUS, earlier_text, later_text, write_pair


def _finding(rule: str = "A301", message: str = "问题", severity: str = "error", **place) -> Finding:
    return Finding(rule=rule, category="arithmetic", severity=severity, message=message, **place)


def _result(*findings: Finding) -> Result:
    return Result(path="/tmp/报告.txt", kind="txt", findings=tuple(findings))


def test_counts_follow_every_change_without_a_recount() -> None:
    session = ReviewSession()
    entries = [Entry(Path(f"{n}.txt")) for n in range(5)]
    session.add(entries)
    assert session.counts()[Status.CHECKING] == 5
    session.take_result(entries[0], _result(_finding()))
    session.take_result(entries[1], _result())
    assert session.counts()[Status.PROBLEMS] == 1 and session.counts()[Status.PASSED] == 1
    session.dismiss(entries[0], 0, "已与单位核实")
    assert session.counts()[Status.PROBLEMS] == 0 and session.counts()[Status.PASSED] == 2
    session.remove([entries[1], entries[3]])
    assert [entry.row for entry in session.entries()] == [0, 1, 2]
    assert session.entry(2) is entries[4] and entries[3].row == -1
    assert session.counts() == {**dict.fromkeys(Status, 0), Status.PASSED: 1, Status.CHECKING: 2}
    assert session.find(Path("4.txt")) is entries[4] and not session.contains_path(Path("3.txt"))
    # a result for an entry removed meanwhile changes nothing
    assert not session.take_result(entries[3], _result(_finding()))
    assert session.counts()[Status.PROBLEMS] == 0


def test_the_entries_to_save_are_only_those_that_changed() -> None:
    session = ReviewSession()
    entries = [Entry(Path(f"{n}.txt")) for n in range(4)]
    session.add(entries)
    assert session.take_dirty() == entries
    session.take_result(entries[2], _result())
    assert session.take_dirty() == [entries[2]] and session.take_dirty() == []
    session.remove([entries[1]])
    assert session.take_dirty() == [] and len(session.removed) == 1


def test_a_decision_is_keyed_by_rule_and_place_not_wording() -> None:
    before = [_finding(table="三", row="总计", column="自然人", message="相差 1")]
    keys = finding_keys(before)
    assert keys == ["A301|三|总计|自然人||"]
    state = FindingState(keys[0], "A301", "相差 1", "dismissed", "无误", 0)
    # the next version words it differently and a new finding comes first: the decision follows its place
    after = [
        _finding(rule="S101", message="缺少章节"),
        _finding(table="三", row="总计", column="自然人", message="差 1 件"),
    ]
    [(number, moved)] = match_states([state], after).items()
    assert number == 1 and moved.reason == "无误" and moved.message == "差 1 件"
    # the same rule without a place is found again by its wording (or at its old position), never by
    # the key alone: two such findings of one rule are told apart by what they say
    loose = FindingState("C540|||||", "C540", "正文说 3 件", "dismissed", "无误", 0)
    assert match_states([loose], [_finding(rule="S101"), _finding(rule="C540", message="正文说 4 件")]) == {}


def test_the_batch_pass_keeps_decisions_on_chain_findings(tmp_path: Path) -> None:
    first, second = write_pair(tmp_path, earlier_text(), later_text(carried_in=(0, 2, 0, 0, 0, 0, 2)))
    session = ReviewSession()
    earlier, later = Entry(first), Entry(second)
    session.add([earlier, later])
    for entry in (earlier, later):
        session.take_result(entry, check_compact(entry.path))
    assert later in session.cross_check()
    chain = next(n for n, f in enumerate(later.result.findings) if f.rule == "C530")
    session.dismiss(later, chain, "已与上年报告核对")
    assert session.chain_broken(earlier) and session.chain_broken(later)
    session.start_check([later])
    session.take_result(later, check_compact(second))
    assert later.dismissed == {} and later.dismissal_count == 1  # waiting for the batch pass
    session.cross_check()
    assert later.dismissed == {chain: "已与上年报告核对"} and later.pending == ()


def test_a_compact_result_is_what_a_session_holds() -> None:
    result = check_compact(CORPUS / "seed000-t3_cell.docx")
    assert result.document is None and result.fingerprint is not None
    session = ReviewSession()
    entry = Entry(CORPUS / "seed000-t3_cell.docx")
    session.add([entry])
    session.take_result(entry, result)
    assert entry.status is Status.PROBLEMS and entry.status_text == "2 个错误"
