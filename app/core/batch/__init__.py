"""The work across the reports of a batch: bodies matched, carry-over chains, duplicates.

A supervising office checks a folder holding every unit's reports of several years. The batch is
grouped once by body (on a normalised name, never on file names) and year (`base.Batch`); then each
pass in `PASSES` reads it and gives findings for the reports it concerns. Per-report rules never
import this package; `app.core.check.check_batch` runs it.

To add a pass: a module here with a function `Batch -> PassOutput`, its rule records in `rules.py`
(with examples: the meta-test asks for them), and the function added to `PASSES`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.core.batch.base import Batch, BatchPass, PassOutput
from app.core.batch.bodies import body_key
from app.core.batch.chains import Chain, chain_marks, compare_chains
from app.core.batch.duplicates import note_duplicates
from app.core.batch.lastyear import compare_last_year
from app.core.batch.rules import BATCH_RULE_IDS, BATCH_RULES
from app.core.batch.years import note_missing_years
from app.core.model import Finding, Result
from app.core.packs import Pack, national_pack

log = logging.getLogger(__name__)

PASSES: tuple[BatchPass, ...] = (note_missing_years, note_duplicates, compare_chains, compare_last_year)


@dataclass
class BatchCheck:
    """What the batch pass found: the chains compared and the findings for each result (by index)."""

    chains: list[Chain]
    findings: list[list[Finding]]
    groups: dict[str, list[int]]  # body key → indices of its results, in batch order


def check_batch_reports(
    results: Sequence[Result], passes: Sequence[BatchPass] | None = None, pack: Pack | None = None
) -> BatchCheck:
    """Group the batch's reports by body and year and run every pass (`PASSES` unless given) over them.

    Never raises: a bug in one pass must not cost the reviewer the batch's own findings nor the other
    passes' (it is logged).
    """
    batch = Batch(results, pack or national_pack())
    findings: list[list[Finding]] = [[] for _ in results]
    chains: list[Chain] = []
    try:
        groups = batch.groups
    except Exception:
        log.exception("grouping the batch by body failed")
        return BatchCheck(chains=[], findings=findings, groups={})
    for run in PASSES if passes is None else passes:
        try:
            output = run(batch)
        except Exception:
            log.exception("the batch pass %s failed", getattr(run, "__name__", run))
            continue
        for index, finding in output.findings:
            findings[index].append(finding)
        chains.extend(output.chains)
    return BatchCheck(chains=chains, findings=findings, groups=groups)


def own_findings(result: Result) -> Result:
    """The result as its own check gave it: without the findings a batch pass added (to run it again
    when the batch changes)."""
    if not any(finding.rule in BATCH_RULE_IDS for finding in result.findings):
        return result
    return replace(result, findings=tuple(f for f in result.findings if f.rule not in BATCH_RULE_IDS))


__all__ = [
    "BATCH_RULES",
    "BATCH_RULE_IDS",
    "PASSES",
    "Batch",
    "BatchCheck",
    "BatchPass",
    "Chain",
    "PassOutput",
    "body_key",
    "chain_marks",
    "check_batch_reports",
    "own_findings",
]
