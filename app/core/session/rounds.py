"""Rounds of review: a corrected version checked again, its findings set against the last round's.

The author sends the report back corrected, often twice. Each time a report the review already holds
is checked again with other content (the same file changed, or a new file of the same body and year,
`ReviewSession.take_version`), a new round begins: each finding is matched with the last round's by
rule and place (`state.finding_keys`: table, row, column, section, relation — never the wording or a
line number) and is 仍存在 ("remaining") or 新出现 ("new"); the last round's findings not matched are
已改正 (`fixed`). The comparison is made from the last round's findings kept in `Trail.earlier`, so it
stays true when the batch pass adds or takes away its findings afterwards.

`Trail` is what an entry keeps (and the review file saves): the round's number, when it began, the
last round's findings, and a line per earlier round for the window's display.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from app.core.model import Finding
from app.core.session.state import finding_keys

Since = Literal["remaining", "new"]
SINCE_WORDS: dict[str, str] = {"remaining": "仍存在", "new": "新出现"}
FIXED_WORDS = "已改正"


@dataclass(frozen=True)
class Comparison:
    """A round's findings set against the last round's."""

    since: tuple[Since, ...]  # one per current finding
    fixed: tuple[Finding, ...]  # the last round's findings now gone
    earlier_count: int

    @property
    def remaining(self) -> int:
        return sum(1 for mark in self.since if mark == "remaining")

    @property
    def new(self) -> int:
        return sum(1 for mark in self.since if mark == "new")


def compare_findings(earlier: Sequence[Finding], later: Sequence[Finding]) -> Comparison:
    """Each later finding remaining or new, by rule and place; the earlier ones not matched, fixed."""
    earlier_keys = finding_keys(earlier)
    left = Counter(earlier_keys)
    since: list[Since] = []
    for key in finding_keys(later):
        if left[key] > 0:
            left[key] -= 1
            since.append("remaining")
        else:
            since.append("new")
    fixed = []
    for key, finding in zip(reversed(earlier_keys), reversed(earlier), strict=True):
        if left[key] > 0:  # the last of a key's findings are the ones gone
            left[key] -= 1
            fixed.append(finding)
    return Comparison(tuple(since), tuple(reversed(fixed)), len(earlier))


@dataclass(frozen=True)
class RoundLine:
    """One finished round, as the window lists it."""

    number: int
    began: str  # local time the round's check began, "2025-01-08 14:03"
    findings: int
    fixed: int = 0  # of the round before (0 in round 1)
    new: int = 0


@dataclass(frozen=True)
class Trail:
    """A report's rounds: the current one and what it is compared with."""

    number: int = 1
    began: str = ""
    earlier: tuple[Finding, ...] | None = None  # the last round's findings (None in round 1)
    history: tuple[RoundLine, ...] = ()  # the rounds before this one

    def compare(self, findings: Sequence[Finding]) -> Comparison | None:
        """The current findings against the last round's; None in round 1."""
        return None if self.earlier is None else compare_findings(self.earlier, findings)

    def next(self, last: Sequence[Finding]) -> Trail:
        """A new round after one that ended with the findings `last`."""
        done = self.compare(last)
        line = RoundLine(
            self.number,
            self.began,
            len(last),
            len(done.fixed) if done else 0,
            done.new if done else 0,
        )
        return Trail(self.number + 1, now(), tuple(last), (*self.history, line))

    def line(self, findings: Sequence[Finding]) -> RoundLine:
        """The current round as a line."""
        done = self.compare(findings)
        fixed, new = (len(done.fixed), done.new) if done else (0, 0)
        return RoundLine(self.number, self.began, len(findings), fixed, new)


@dataclass(frozen=True)
class RoundNote:
    """What the exports say of a report's round: the Word copy's first line, the workbook's column."""

    number: int
    comparison: Comparison | None  # None in round 1

    @property
    def summary(self) -> str:
        return summary_line(self.number, self.comparison)

    def status(self, index: int) -> str:
        return status_words(self.comparison, index)

    @property
    def fixed(self) -> tuple[Finding, ...]:
        return self.comparison.fixed if self.comparison else ()


def now() -> str:
    return time.strftime("%Y-%m-%d %H:%M")


def summary_line(number: int, comparison: Comparison | None) -> str:
    """The Word copy's first line from round 2 on: 「第N次检查：上次的 X 个问题已改正 Y 个，仍有 Z 个，新发现 W 个」."""
    if comparison is None:
        return ""
    return (
        f"第{number}次检查：上次的 {comparison.earlier_count} 个问题已改正 {len(comparison.fixed)} 个，"
        f"仍有 {comparison.remaining} 个，新发现 {comparison.new} 个"
    )


def status_words(comparison: Comparison | None, index: int) -> str:
    """The workbook's status column for finding `index`: 仍存在 / 新出现, "" in round 1."""
    if comparison is None or not 0 <= index < len(comparison.since):
        return ""
    return SINCE_WORDS[comparison.since[index]]


# --- the review file --------------------------------------------------------------------------------
def trail_to_json(trail: Trail, finding_to_json) -> dict[str, Any]:  # noqa: ANN001 (codec's function)
    data: dict[str, Any] = {"number": trail.number, "began": trail.began}
    if trail.earlier is not None:
        data["earlier"] = [finding_to_json(finding) for finding in trail.earlier]
    if trail.history:
        data["history"] = [
            [line.number, line.began, line.findings, line.fixed, line.new] for line in trail.history
        ]
    return data


def trail_from_json(data: dict[str, Any], finding_from_json) -> Trail:  # noqa: ANN001
    earlier = data.get("earlier")
    return Trail(
        number=int(data["number"]),
        began=str(data.get("began", "")),
        earlier=tuple(finding_from_json(item) for item in earlier) if earlier is not None else None,
        history=tuple(
            RoundLine(int(n), str(began), int(count), int(fixed), int(new))
            for n, began, count, fixed, new in data.get("history", ())
        ),
    )


def carried(states: dict, comparison: Comparison | None) -> dict:
    """The decisions that carry into a new round: those on findings that remain (a new finding at a
    fixed one's index is another problem, its dismissal does not carry)."""
    if comparison is None:
        return states
    return {
        number: state
        for number, state in states.items()
        if 0 <= number < len(comparison.since) and comparison.since[number] == "remaining"
    }


__all__ = [
    "FIXED_WORDS",
    "SINCE_WORDS",
    "Comparison",
    "RoundLine",
    "RoundNote",
    "Since",
    "Trail",
    "carried",
    "compare_findings",
    "now",
    "status_words",
    "summary_line",
]
