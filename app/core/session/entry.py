"""One report of a review session: its file, its compact result, the reviewer's decisions."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass, field
from pathlib import Path

from app.core import wording
from app.core.batch.rules import BATCH_RULE_IDS as CROSS_REPORT_RULES
from app.core.model import Result
from app.core.session.rounds import Comparison, RoundNote, Trail, carried, now, summary_line
from app.core.session.state import DEFAULT_REASON, Decision, FindingState, match_states, state_of


class Status(enum.Enum):
    CHECKING = "checking"
    PASSED = "passed"
    PROBLEMS = "problems"
    UNREADABLE = "unreadable"
    SKIPPED = "skipped"


def other_content(before: Result, after: Result) -> bool:
    """The file checked now is not the one checked before (by content: its hash)."""
    if before.fingerprint is None or after.fingerprint is None:
        return False
    return before.fingerprint.sha256 != after.fingerprint.sha256


def path_key(path: Path) -> str:
    """How two names of one file compare equal (resolved, case-folded where the system folds)."""
    try:
        path = path.resolve()
    except OSError:
        pass
    return os.path.normcase(str(path))


@dataclass(eq=False)  # entries are compared by identity: the same file may be added, removed, re-added
class Entry:
    path: Path
    result: Result | None = None
    skipped: bool = False  # not checked at all (a type the checker does not read)
    states: dict[int, FindingState] = field(default_factory=dict)  # finding index -> decided state
    ticket: int | None = None  # the runner's ticket while being checked
    # States from a saved review not yet matched to findings (the report is being checked, or could not
    # be read this time, or its cross-report findings wait for the batch pass): kept, and saved again.
    pending: tuple[FindingState, ...] = ()
    row: int = -1  # position in its session; -1 when in none
    trail: Trail = field(default_factory=Trail)  # the review's rounds of this report (see `rounds`)
    # The last check's result while the report is checked again: other content begins a new round.
    before: Result | None = None

    # --- decisions ----------------------------------------------------------------------------------
    @property
    def dismissed(self) -> dict[int, str]:
        """Dismissed findings: index into result.findings -> reason (what the exports and views read)."""
        return {n: state.reason for n, state in self.states.items() if state.dismissed}

    def decide(self, number: int, decision: Decision, reason: str = "") -> None:
        if self.result is None or not 0 <= number < len(self.result.findings):
            return
        if decision == "open" and not reason:
            self.states.pop(number, None)
        else:
            self.states[number] = state_of(self.result.findings, number, decision, reason)

    def dismiss(self, number: int, reason: str) -> None:
        self.decide(number, "dismissed", reason.strip() or DEFAULT_REASON)

    def restore(self, number: int) -> None:
        """Undo a dismissal: the finding is open again."""
        if number in self.states and self.states[number].dismissed:
            del self.states[number]

    # --- checks -------------------------------------------------------------------------------------
    def start_check(self) -> None:
        """Mark as being checked; the decisions wait in `pending` for the fresh findings."""
        self.pending = self.saved()
        if self.result is not None and self.result.error is None and not self.skipped:
            self.before = self.result
        self.result = None
        self.states = {}

    def take_result(self, result: Result) -> None:
        """A check's result; each waiting decision follows its finding (a finding gone is fixed).
        Content other than the last check's begins a new round: only the decisions on findings that
        remain carry into it."""
        before, self.before = self.before, None
        new_round = before is not None and result.error is None and other_content(before, result)
        if new_round and before is not None:
            self.trail = self.trail.next(before.findings)
        elif not self.trail.began and result.error is None:
            self.trail = Trail(began=now())
        self.result = result
        if result.error is None and self.pending:
            self.states = match_states(self.pending, result.findings)
            if new_round:
                self.states = carried(self.states, self.comparison)
            # Findings across reports come with the batch pass (`ReviewSession.cross_check`): theirs wait.
            self.pending = tuple(item for item in self.pending if item.rule in CROSS_REPORT_RULES)

    def take_batch_result(self, result: Result) -> None:
        """The result with the batch pass's findings added; every decision placed on it again."""
        saved = self.saved()
        self.result, self.states, self.pending = result, match_states(saved, result.findings), ()

    def saved(self) -> tuple[FindingState, ...]:
        """Every decision of this report, for the review file."""
        held = [self.states[n] for n in sorted(self.states)]
        placed = {(state.rule, state.message) for state in held}
        # a waiting state already placed again (the batch pass ran twice) is not saved twice
        return (*held, *(item for item in self.pending if (item.rule, item.message) not in placed))

    # --- rounds -------------------------------------------------------------------------------------
    @property
    def round(self) -> int:
        return self.trail.number

    @property
    def comparison(self) -> Comparison | None:
        """This round's findings against the last round's (None in round 1 or without a result)."""
        if self.result is None or self.result.error is not None:
            return None
        return self.trail.compare(self.result.findings)

    @property
    def round_text(self) -> str:
        """The round in words for the window ("" in round 1): 第2次检查（…起）：上次的 … 个问题已改正 …"""
        comparison = self.comparison
        if comparison is None:
            return ""
        since = f"（{self.trail.began}）" if self.trail.began else ""
        return summary_line(self.round, comparison).replace("：", f"{since}：", 1)

    @property
    def round_lines(self) -> list[str]:
        """Every round of this report, one line each (the list's tooltip); none in round 1."""
        if self.trail.earlier is None:
            return []
        lines = [
            f"第{line.number}次检查（{line.began}）：{line.findings} 个问题"
            + (f"，比上次改正 {line.fixed} 个、新发现 {line.new} 个" if line.number > 1 else "")
            for line in self.trail.history
        ]
        return [*lines, self.round_text]

    @property
    def round_note(self) -> RoundNote:
        return RoundNote(self.round, self.comparison)

    def follow(self, earlier: Entry) -> bool:
        """This entry is the corrected version of `earlier` (another file, the same body and year): it
        begins the round after `earlier`'s, and `earlier`'s decisions on findings that remain carry
        over. False (nothing done) when either has no findings to compare or this one has rounds."""
        if (
            self.result is None
            or self.result.error is not None
            or earlier.result is None
            or earlier.result.error is not None
            or self.trail.earlier is not None
        ):
            return False
        self.trail = earlier.trail.next(earlier.result.findings)
        taken = carried(match_states(earlier.saved(), self.result.findings), self.comparison)
        self.states = {**taken, **self.states}
        return True

    @property
    def dismissal_count(self) -> int:
        return sum(1 for state in self.saved() if state.dismissed)

    # --- what the list shows ------------------------------------------------------------------------
    @property
    def status(self) -> Status:
        if self.result is None:
            return Status.CHECKING
        if self.skipped:
            return Status.SKIPPED
        if self.result.error:
            return Status.UNREADABLE
        return Status.PROBLEMS if self.open_count("error") or self.open_count("warning") else Status.PASSED

    def open_count(self, severity: str) -> int:
        """Findings of a severity the reviewer has not dismissed."""
        return wording.open_count(self.result, self.dismissed, severity) if self.result is not None else 0

    @property
    def status_text(self) -> str:
        if self.result is None:
            return "检查中"
        if self.skipped:
            return "已跳过"
        return wording.status_text(self.result, self.dismissed)  # the workbook's words too

    @property
    def reason(self) -> str | None:
        """Why the file was skipped or could not be read."""
        return self.result.error if self.result is not None else None
