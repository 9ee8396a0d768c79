"""Every rule, by family. A rule is a `Rule` record; each family module ends in a tuple of its rules."""

from __future__ import annotations

from app.core.rules import arithmetic, consistency, layout, narrative, parse, preamble, sections, values
from app.core.rules.base import Context, Rule

ALL_RULES: tuple[Rule, ...] = (
    sections.RULES
    + layout.RULES
    + arithmetic.RULES
    + values.RULES
    + consistency.RULES
    + narrative.RULES
    + preamble.RULES
    + parse.RULES
)

__all__ = ["ALL_RULES", "Context", "Rule"]
