"""What every cross-report pass reads and gives: the batch grouped by body and year, and its output.

A pass is a function `Batch -> PassOutput`, listed in `app.core.batch.PASSES`. To add one (a check of
the text copied from last year, a deadline across a roster…), write it in its own module and add it
to that tuple; it reads the groups here instead of matching bodies again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from app.core.batch.bodies import body_key, short_names
from app.core.model import Anchor, Finding, Result
from app.core.packs import Pack, national_pack

if TYPE_CHECKING:
    from app.core.batch.chains import Chain


@dataclass(frozen=True)
class Batch:
    """The results of one batch, in batch order, grouped by body (normalised name) and year."""

    results: Sequence[Result]
    pack: Pack = field(default_factory=national_pack)  # deadlines and thresholds a pass may read

    @cached_property
    def names(self) -> dict[str, str]:
        """How messages name each file (see `short_names`)."""
        return short_names(self.results)

    @cached_property
    def groups(self) -> dict[str, list[int]]:
        """Body key → indices of its read results that have a year, in batch order."""
        groups: dict[str, list[int]] = {}
        for index, result in enumerate(self.results):
            if result.report is None or result.year is None:
                continue
            key = body_key(result.body)
            if key is not None:
                groups.setdefault(key, []).append(index)
        return groups

    def by_year(self, key: str) -> dict[int, list[int]]:
        """Year → indices of the body's results for that year (two or more: a duplicate)."""
        years: dict[int, list[int]] = {}
        for index in self.groups.get(key, []):
            years.setdefault(self.results[index].year or 0, []).append(index)
        return years

    def year_pairs(self) -> Iterator[tuple[int, list[int], list[int]]]:
        """(year, indices for that year, indices for the next year) for every body holding both."""
        for key in self.groups:
            years = self.by_year(key)
            for year in sorted(years):
                if year + 1 in years:
                    yield year, years[year], years[year + 1]


@dataclass
class PassOutput:
    """What one pass found: findings by result index, and the chains it compared (if any)."""

    findings: list[tuple[int, Finding]] = field(default_factory=list)
    chains: list[Chain] = field(default_factory=list)


BatchPass = Callable[[Batch], PassOutput]


def on_title(result: Result) -> tuple[Anchor, ...]:
    """Notes about a whole report sit on its title, where a reader of the annotated copy sees them."""
    block = result.report.title_block if result.report else None
    return (Anchor(block=block),) if block is not None else ()
