"""What a rule is: a small immutable record with a stable id, a category, a severity and a check.

A check takes the `Context` (the Document and what the recogniser made of it) and yields Findings.
Ids never change meaning; the first letter tells the family (S sections, L layout, A arithmetic,
V values, C consistency and content, P parse).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from app.core.formats import ReportFormat, all_formats
from app.core.model import Category, Document, Finding, Severity
from app.core.packs import Pack, national_pack
from app.core.recognise import Recognition


@dataclass(frozen=True)
class Context:
    document: Document
    recognition: Recognition
    # what several rules derive from the same document, computed once per check (by key)
    derived: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    # the local rule pack: deadlines, thresholds, tolerated rows (the national pack by default)
    pack: Pack = field(default_factory=national_pack, compare=False, repr=False)

    @property
    def report(self):
        return self.recognition.report

    @property
    def format(self) -> ReportFormat:
        """The format the tables are read against; the newest when the recogniser chose none."""
        return self.recognition.format or all_formats()[-1]

    @property
    def out_of_scope(self) -> bool:
        """Reports for 2018 and earlier used free local layouts: the national format does not apply."""
        year = self.report.year
        return year is not None and year < min(self.format.first_year, 2019)


Check = Callable[[Context], Iterator[Finding]]


@dataclass(frozen=True)
class RuleRecord:
    """What every rule is, whatever it reads: a stable id, a name, its usual severity and category.

    Every Finding is made by a record's `finding`, so every code a finding can carry is a record in
    the registry (`app.core.registry`) with examples.
    """

    id: str
    name: str
    severity: Severity  # the usual severity; a check may lower it where the evidence is weaker
    category: Category

    def finding(self, message: str, *, severity: Severity | None = None, **fields) -> Finding:
        """A Finding of this rule; `fields` are Finding's optional fields (table, row, anchors...)."""
        return Finding(
            rule=self.id,
            category=self.category,
            severity=severity or self.severity,
            message=message,
            **fields,
        )


@dataclass(frozen=True)
class Rule(RuleRecord):
    """A rule on one report: `check` reads the Context and yields the report's findings."""

    check: Check


@dataclass(frozen=True)
class BatchRule(RuleRecord):
    """A rule across the reports of a batch: its findings come from a pass in `app.core.batch`."""


def rule(id: str, name: str, severity: Severity, category: Category) -> Callable[[Check], Rule]:
    """Decorator turning a check function into a Rule record (no registry: modules list their rules)."""

    def make(check: Check) -> Rule:
        return Rule(id=id, name=name, severity=severity, category=category, check=check)

    return make
