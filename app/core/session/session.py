"""The review session: the reports being reviewed and everything the reviewer decided, without Qt.

The window drives it (its list model is a thin adapter, `app.ui.batch_model`), and so can the command
line: add files, start their checks, hand in the results, run the batch pass across reports, record
decisions, save. Every change goes through the session, so what it keeps up to date as it goes costs
in proportion to what changed, whatever the batch's size: the count of reports per status, each
entry's position (`Entry.row`), the lookup by file, and the set of entries the review file must write
again (`ReviewStore.save` writes only those).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.core.batch import BatchCheck, check_batch_reports, own_findings
from app.core.batch.bodies import body_key
from app.core.batch.chains import Chain, chain_marks
from app.core.check import check_batch
from app.core.model import Result
from app.core.packs import Pack
from app.core.session.entry import Entry, Status, path_key
from app.core.session.state import Decision


@dataclass
class BatchPass:
    """What the last batch pass found beyond each report's own findings."""

    chains: list[Chain] = field(default_factory=list)
    marks: dict[str, list[str]] = field(default_factory=dict)  # path -> its carry-over chains, in words
    broken: set[str] = field(default_factory=set)  # paths in a carry-over chain that does not hold


@dataclass(frozen=True)
class BatchInput:
    """What one batch pass reads: the checked entries, the results they held, those results without
    earlier cross-report findings, and the rule pack."""

    checked: list[Entry]
    sources: list[Result]
    own: list[Result]
    pack: Pack | None


@dataclass(frozen=True)
class BatchOutput:
    found: BatchCheck  # check_batch_reports' findings
    results: list[Result]  # each report with the findings across reports added


def batch_output(batch_input: BatchInput) -> BatchOutput:
    """The batch pass itself: pure, on compact results, so it may run on a worker thread."""
    found = check_batch_reports(batch_input.own, pack=batch_input.pack)
    return BatchOutput(found, check_batch(batch_input.own, found, pack=batch_input.pack))


def _marked(batch: BatchPass, entry: Entry) -> tuple[bool, list[str]]:
    path = str(entry.path)
    return path in batch.broken, batch.marks.get(path, [])


class ReviewSession:
    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._by_path: dict[str, Entry] = {}
        self._counts: dict[Status, int] = dict.fromkeys(Status, 0)
        self._counted: dict[int, Status] = {}  # id(entry) -> the status it is counted under
        self.batch = BatchPass()
        self.round = 1  # the review round (rounds of re-checking build on this)
        self.pack: Pack | None = None  # the rule pack the batch pass applies (the national one when None)
        self.dirty: set[int] = set()  # id(entry) of entries changed since the last save
        self.removed: set[str] = set()  # path keys removed since the last save
        self.cleared = False  # everything removed since the last save

    # --- the entries --------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> list[Entry]:
        return list(self._entries)

    def entry(self, row: int) -> Entry:
        return self._entries[row]

    def find(self, path: Path) -> Entry | None:
        return self._by_path.get(path_key(path))

    def contains_path(self, path: Path) -> bool:
        return path_key(path) in self._by_path

    def contains(self, entry: Entry) -> bool:
        return 0 <= entry.row < len(self._entries) and self._entries[entry.row] is entry

    def add(self, entries: Sequence[Entry]) -> None:
        """Append entries (files already in the session are the caller's to leave out)."""
        for entry in entries:
            entry.row = len(self._entries)
            self._entries.append(entry)
            self._by_path[path_key(entry.path)] = entry
            self.removed.discard(path_key(entry.path))
            self._count(entry)

    def remove(self, entries: Iterable[Entry]) -> list[int]:
        """Remove entries; the rows they had, in descending order (the order views remove them)."""
        rows = sorted({entry.row for entry in entries if self.contains(entry)}, reverse=True)
        for row in rows:
            entry = self._entries[row]
            self._uncount(entry)
            key = path_key(entry.path)
            if self._by_path.get(key) is entry:
                del self._by_path[key]
            self.removed.add(key)
            entry.row = -1
        if rows:
            gone = set(rows)
            self._entries = [entry for row, entry in enumerate(self._entries) if row not in gone]
            for row, entry in enumerate(self._entries[rows[-1] :], start=rows[-1]):
                entry.row = row
        return rows

    def predecessor(self, entry: Entry) -> Entry | None:
        """The first earlier entry with the same body and year under another name: the version
        `entry` replaces (None when it is the first of its body and year, or not recognised)."""
        result = entry.result
        if result is None or result.error or not result.body or not result.year:
            return None
        key = (body_key(result.body), result.year)
        for candidate in self._entries[: max(entry.row, 0)]:
            other = candidate.result
            if (
                other is not None
                and not other.error
                and other.body
                and (body_key(other.body), other.year) == key
            ):
                return candidate
        return None

    def take_version(self, entry: Entry, earlier: Entry) -> bool:
        """`entry` is the corrected version of `earlier` (see `predecessor`): it begins the next round,
        `earlier`'s decisions on the findings that remain carried over (`Entry.follow`)."""
        if not (self.contains(entry) and self.contains(earlier)) or not entry.follow(earlier):
            return False
        self.touch(entry)
        return True

    def move_after(self, entry: Entry, anchor: Entry) -> None:
        """Put `entry` right below `anchor`; the rows between them are renumbered."""
        if not (self.contains(entry) and self.contains(anchor)) or entry is anchor:
            return
        self._entries.pop(entry.row)
        self._entries.insert(anchor.row + 1 if anchor.row < entry.row else anchor.row, entry)
        low, high = sorted((entry.row, anchor.row))
        for row in range(low, high + 2):
            if row < len(self._entries):
                self._entries[row].row = row
                self.touch(self._entries[row])

    def clear(self) -> None:
        for entry in self._entries:
            entry.row = -1
        self._entries.clear()
        self._by_path.clear()
        self._counts = dict.fromkeys(Status, 0)
        self._counted.clear()
        self.batch = BatchPass()
        self.dirty.clear()
        self.removed.clear()
        self.cleared = True

    # --- checks -------------------------------------------------------------------------------------
    def start_check(self, entries: Iterable[Entry]) -> list[Entry]:
        started = [entry for entry in entries if self.contains(entry)]
        for entry in started:
            entry.start_check()
            self.touch(entry)
        return started

    def take_result(self, entry: Entry, result: Result) -> bool:
        """A check's result for an entry; False when the entry left the session meanwhile."""
        entry.ticket = None
        if not self.contains(entry):
            return False
        entry.take_result(result)
        self.touch(entry)
        return True

    def cross_check(self) -> list[Entry]:
        """The findings across reports (carry-over chains between years, duplicates) added to every
        checked report, keeping the reviewer's decisions; the entries whose findings changed."""
        batch_input = self.batch_input()
        return self.take_batch_output(batch_input, batch_output(batch_input))

    def batch_input(self) -> BatchInput:
        """What the batch pass reads, taken now (the pass itself may run on another thread:
        `batch_output`, then `take_batch_output` here)."""
        checked = [entry for entry in self._entries if entry.result is not None and not entry.skipped]
        sources = [entry.result for entry in checked if entry.result is not None]
        return BatchInput(checked, sources, [own_findings(result) for result in sources], self.pack)

    def take_batch_output(self, batch_input: BatchInput, output: BatchOutput) -> list[Entry]:
        """The pass's findings placed on the entries still holding the results it read (an entry
        re-checked or removed meanwhile is left as it is: the next pass covers it)."""
        checked, found = batch_input.checked, output.found
        before = self.batch
        self.batch = BatchPass(
            chains=found.chains,
            marks=chain_marks(found.chains),
            broken={
                report.path
                for chain in found.chains
                if chain.status == "broken"
                for report in (chain.earlier, chain.later)
            },
        )
        changed = []
        for entry, source, result in zip(checked, batch_input.sources, output.results, strict=True):
            if entry.result is not source or not self.contains(entry):
                continue
            if entry.result is not None and (result.findings != entry.result.findings or entry.pending):
                entry.take_batch_result(result)
                self.touch(entry)
                changed.append(entry)
            elif _marked(before, entry) != _marked(self.batch, entry):
                changed.append(entry)  # its chains (the list's marks) changed, not its findings
        return changed

    def chain_broken(self, entry: Entry) -> bool:
        return str(entry.path) in self.batch.broken

    def chain_marks(self, entry: Entry) -> list[str]:
        return self.batch.marks.get(str(entry.path), [])

    # --- decisions ----------------------------------------------------------------------------------
    def decide(self, entry: Entry, number: int, decision: Decision, reason: str = "") -> None:
        entry.decide(number, decision, reason)
        self.touch(entry)

    def dismiss(self, entry: Entry, number: int, reason: str) -> None:
        entry.dismiss(number, reason)
        self.touch(entry)

    def restore(self, entry: Entry, number: int) -> None:
        entry.restore(number)
        self.touch(entry)

    def dismissal_count(self) -> int:
        return sum(entry.dismissal_count for entry in self._entries if entry.states or entry.pending)

    # --- counts -------------------------------------------------------------------------------------
    def touch(self, entry: Entry) -> None:
        """An entry changed: its status recounted, and it is written at the next save."""
        if not self.contains(entry):
            return
        self._uncount(entry)
        self._count(entry)
        self.dirty.add(id(entry))

    def counts(self) -> dict[Status, int]:
        return dict(self._counts)

    def _count(self, entry: Entry) -> None:
        status = entry.status
        self._counts[status] += 1
        self._counted[id(entry)] = status
        self.dirty.add(id(entry))

    def _uncount(self, entry: Entry) -> None:
        status = self._counted.pop(id(entry), None)
        if status is not None:
            self._counts[status] -= 1
        self.dirty.discard(id(entry))

    def take_dirty(self, limit: int | None = None) -> list[Entry]:
        """The entries changed since the last call (for an incremental save), in batch order; at most
        `limit` of them (the rest stay marked for the next call)."""
        dirty = [entry for entry in self._entries if id(entry) in self.dirty] if self.dirty else []
        if limit is None:
            self.dirty = set()
            return dirty
        dirty = dirty[:limit]
        self.dirty.difference_update(id(entry) for entry in dirty)
        return dirty
