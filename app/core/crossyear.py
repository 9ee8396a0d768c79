"""Moved to the package `app.core.batch` (bodies, chains, duplicates, the cross-report rules).

Kept only so that branches started before the move still import; new code imports `app.core.batch`.
Remove once every branch has merged.
"""

from __future__ import annotations

from app.core.batch import BatchCheck, check_batch_reports, own_findings
from app.core.batch.bodies import body_key, display_body, short_names
from app.core.batch.chains import STATUS_LABELS, Chain, Comparison, chain_marks, compare_pair, group_reasons
from app.core.batch.rules import BATCH_RULE_IDS as CROSS_REPORT_RULES
from app.core.doubts import cell_number

CHAIN_BROKEN, IN_FORCE_BREAK, DUPLICATE, NOT_COMPARABLE, NO_YEAR = "C530", "C531", "C532", "P650", "P651"

__all__ = [
    "CHAIN_BROKEN",
    "CROSS_REPORT_RULES",
    "DUPLICATE",
    "IN_FORCE_BREAK",
    "NOT_COMPARABLE",
    "NO_YEAR",
    "STATUS_LABELS",
    "BatchCheck",
    "Chain",
    "Comparison",
    "body_key",
    "cell_number",
    "chain_marks",
    "check_batch_reports",
    "compare_pair",
    "display_body",
    "group_reasons",
    "own_findings",
    "short_names",
]
