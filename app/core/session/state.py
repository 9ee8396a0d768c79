"""What the reviewer decided about each finding, and how a decision finds its finding again.

A decision is a `FindingState` record: the finding's stable key (rule + place, never the wording, see
`finding_key`), the rule and message as they were when decided, the decision itself (忽略 with a
reason today; 属实 / 未处理 and a round's status fit the same record) and where the finding stood.
Findings are re-created by every check, so decisions are matched to the fresh findings by
`match_states`: the same key and wording first, then the same rule and wording (a place relabelled),
then the same key (the wording changed, the place is the same), then the same rule at the same position.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from app.core.model import Finding

Decision = Literal["open", "confirmed", "dismissed"]
DECISIONS: tuple[Decision, ...] = ("open", "confirmed", "dismissed")
DEFAULT_REASON = "已核实"


@dataclass(frozen=True)
class FindingState:
    """One finding's review state, kept across checks and restarts."""

    key: str  # finding_key(): rule + place; "" in reviews saved before keys existed
    rule: str
    message: str  # the wording when decided: a second way to find the finding again
    decision: Decision = "open"
    reason: str = ""  # why it was dismissed (or the note to a confirmed finding)
    index: int = -1  # where the finding stood among the report's findings

    @property
    def dismissed(self) -> bool:
        return self.decision == "dismissed"


def _place(finding: Finding) -> tuple[str, ...]:
    return tuple(
        part or "" for part in (finding.table, finding.row, finding.column, finding.section, finding.relation)
    )


def finding_keys(findings: Sequence[Finding]) -> list[str]:
    """The stable key of each finding: rule and place (table, row, column, section, relation), and a
    number when the same rule fires more than once at one place."""
    seen: dict[str, int] = {}
    keys = []
    for finding in findings:
        base = "|".join((finding.rule, *_place(finding)))
        count = seen.get(base, 0)
        seen[base] = count + 1
        keys.append(base if count == 0 else f"{base}#{count}")
    return keys


def finding_key(findings: Sequence[Finding], number: int) -> str:
    return finding_keys(findings[: number + 1])[number]


def placed(key: str) -> bool:
    """True when a key names a place (not only a rule): matching on it alone is safe."""
    base = key.split("#", 1)[0]
    return any(base.split("|")[1:])


def state_of(findings: Sequence[Finding], number: int, decision: Decision, reason: str = "") -> FindingState:
    finding = findings[number]
    return FindingState(
        finding_key(findings, number), finding.rule, finding.message, decision, reason, number
    )


def match_states(saved: Iterable[FindingState], findings: Sequence[Finding]) -> dict[int, FindingState]:
    """The saved states placed on a fresh check's findings (index -> state, brought up to date); a
    state whose finding is gone (fixed) is dropped."""
    keys = finding_keys(findings)
    taken: dict[int, FindingState] = {}
    waiting = list(saved)

    def settle(accepts) -> None:  # noqa: ANN001 (a local predicate)
        nonlocal waiting
        left = []
        for item in waiting:
            number = next(
                (n for n, finding in enumerate(findings) if n not in taken and accepts(item, n, finding)),
                None,
            )
            if number is None:
                left.append(item)
            else:
                taken[number] = replace(
                    item, key=keys[number], message=findings[number].message, index=number
                )
        waiting = left

    settle(lambda item, n, finding: item.key == keys[n] and item.message == finding.message)
    settle(lambda item, n, finding: item.rule == finding.rule and item.message == finding.message)
    settle(lambda item, n, finding: placed(item.key) and item.key == keys[n])
    settle(lambda item, n, finding: n == item.index and item.rule == finding.rule)
    return taken
