"""The pass that says which reports were left out of the cross-year checks for want of a year."""

from __future__ import annotations

from app.core.batch.base import Batch, PassOutput, on_title
from app.core.batch.rules import NO_YEAR


def note_missing_years(batch: Batch) -> PassOutput:
    """One note per read report without a year, in a batch of more than one report."""
    output = PassOutput()
    if len(batch.results) < 2:
        return output
    for index, result in enumerate(batch.results):
        if result.report is not None and result.year is None and result.error is None:
            output.findings.append(
                (
                    index,
                    NO_YEAR.finding(
                        "未能识别本报告的年度，本报告未参与跨年度结转核对（上年结转、现行有效件数）。",
                        anchors=on_title(result),
                    ),
                )
            )
    return output
