"""The review on the command line: `check --review FILE` reads and writes the review file the window
keeps, so a reviewer can check each corrected version from a script and open the same review later.

The reports given are checked (by the caller) and put into the review: a report the review holds,
checked again with other content, begins its next round; a new file of a body and year the review
holds follows that report as its corrected version (`ReviewSession.take_version`). The review's other
reports stay as saved when their files are unchanged and are checked again otherwise, as the window
does on opening. Then the batch pass runs over the whole review, and the review file is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.model import Result
from app.core.packs import Pack
from app.core.session.entry import Entry, path_key
from app.core.session.rounds import RoundNote
from app.core.session.session import ReviewSession
from app.core.session.store import ReviewStore, read_review, restore


def review_round(
    review: Path,
    results: Sequence[Result],
    check: Callable[[Path], Result],
    pack: Pack | None = None,
) -> list[Entry]:
    """The entries of `results` (in their order) after their round in `review`, which is written.

    `check` checks a report of the review that was not given and whose file changed. Raises
    `ReviewFileError` for a review file that cannot be read and `OSError` when it cannot be written.
    """
    saved = read_review(review).reports if review.exists() else []
    session = ReviewSession()
    session.pack = pack
    held: dict[str, tuple[Entry, bool]] = {}
    for report in saved:  # the review's reports first, in its order: a new version comes after them
        entry = Entry(report.path, skipped=report.skipped)
        shown = restore(entry, report)
        if report.skipped:
            entry.result = report.result
        session.add([entry])
        held[path_key(report.path)] = (entry, shown)
    given: list[Entry] = []
    for result in results:
        entry, _ = held.pop(path_key(Path(result.path)), (None, False))
        if entry is None:
            entry = Entry(Path(result.path), skipped=result.error is not None and result.report is None)
            session.add([entry])
        session.start_check([entry])
        session.take_result(entry, result)
        given.append(entry)
    for entry, shown in held.values():  # not given: checked again when its file changed
        if not shown and entry.result is None and not entry.skipped:
            session.start_check([entry])
            session.take_result(entry, check(entry.path))
    for entry in given:
        earlier = session.predecessor(entry) if entry.trail.earlier is None else None
        if earlier is not None:
            session.take_version(entry, earlier)
    session.cross_check()
    ReviewStore(review).save(session)
    return given


def round_json(entry: Entry) -> dict[str, Any]:
    """What `check --json` adds for a report of a review: `round`, `fixed` (the last round's findings
    now gone) and each finding's `since_last` ("remaining" | "new", null in round 1)."""
    if entry.result is None:  # not checked (cannot happen for an entry of review_round)
        return {"file": str(entry.path), "round": entry.round, "fixed": [], "findings": []}
    data = entry.result.to_json()
    comparison = entry.comparison
    data["round"] = entry.round
    data["fixed"] = [finding.to_json() for finding in comparison.fixed] if comparison else []
    for number, finding in enumerate(data["findings"]):  # type: ignore[arg-type]
        finding["since_last"] = comparison.since[number] if comparison else None
    return data


@dataclass(frozen=True)
class ReviewedBatch:
    """The reports of a command line's round, with what the exports and `--json` need of the review."""

    entries: list[Entry]

    @property
    def results(self) -> list[Result]:
        return [entry.result for entry in self.entries if entry.result is not None]

    def reports_json(self) -> list[dict[str, Any]]:
        return [round_json(entry) for entry in self.entries]

    @property
    def dismissed(self) -> dict[str, dict[int, str]]:
        return {str(entry.path): entry.dismissed for entry in self.entries if entry.dismissed}

    @property
    def confirmed(self) -> dict[str, set[int]]:
        return {
            str(entry.path): {n for n, state in entry.states.items() if state.decision == "confirmed"}
            for entry in self.entries
        }

    @property
    def rounds(self) -> dict[str, RoundNote]:
        return {str(entry.path): entry.round_note for entry in self.entries}

    def decisions(self) -> dict[str, Any]:
        """The keyword arguments `export_batch` takes from the review."""
        return {"dismissed": self.dismissed, "confirmed": self.confirmed, "rounds": self.rounds}


def check_with_review(
    review: str | Path, results: Sequence[Result], pack: Pack | None = None
) -> ReviewedBatch:
    """`review_round` for the command line (the review's changed reports checked under `pack`)."""
    from app.core.check import check_file  # the session package is imported by check's callers

    return ReviewedBatch(review_round(Path(review), results, lambda path: check_file(path, pack), pack))
