"""The one registry: every rule a finding can carry, per report and across reports.

Per-report rules (`app.core.rules.ALL_RULES`) run in `check_document`; cross-report rules
(`app.core.batch.BATCH_RULES`) in the batch passes. Both are `RuleRecord`s with a stable id, and
`tests/core/rules` holds examples for every id listed here.
"""

from __future__ import annotations

from app.core.batch.rules import BATCH_RULES
from app.core.rules import ALL_RULES
from app.core.rules.base import RuleRecord

REGISTRY: tuple[RuleRecord, ...] = (*ALL_RULES, *BATCH_RULES)
_BY_ID: dict[str, RuleRecord] = {record.id: record for record in REGISTRY}


def rule_by_id(rule_id: str) -> RuleRecord | None:
    """The record of a rule id; None for an id no rule has."""
    return _BY_ID.get(rule_id)
