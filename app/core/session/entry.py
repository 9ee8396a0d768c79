"""One report of a review session: its file, its compact result, the reviewer's decisions."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass, field
from pathlib import Path

from app.core import wording
from app.core.batch.rules import BATCH_RULE_IDS as CROSS_REPORT_RULES
from app.core.model import Result
from app.core.session.state import DEFAULT_REASON, Decision, FindingState, match_states, state_of


class Status(enum.Enum):
    CHECKING = "checking"
    PASSED = "passed"
    PROBLEMS = "problems"
    UNREADABLE = "unreadable"
    SKIPPED = "skipped"


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
        self.result = None
        self.states = {}

    def take_result(self, result: Result) -> None:
        """A check's result; each waiting decision follows its finding (a finding gone is fixed)."""
        self.result = result
        if result.error is None and self.pending:
            self.states = match_states(self.pending, result.findings)
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
