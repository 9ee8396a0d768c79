"""The pass that says when one body's report for one year is in the batch more than once."""

from __future__ import annotations

from app.core.batch.base import Batch, PassOutput, on_title
from app.core.batch.bodies import display_body
from app.core.batch.rules import DUPLICATE

MAX_NAMED = 3  # other files named in a duplicate note; a folder may hold many copies


def note_duplicates(batch: Batch) -> PassOutput:
    """One note per report of a body and year seen more than once, naming (a few of) the others."""
    output = PassOutput()
    for key in batch.groups:
        for indices in batch.by_year(key).values():
            if len(indices) < 2:
                continue
            for index in indices:
                output.findings.append((index, _duplicate_note(batch, index, indices)))
    return output


def _duplicate_note(batch: Batch, index: int, indices: list[int]):
    result = batch.results[index]
    others = [batch.results[other].path for other in indices if other != index]
    listed = "、".join(f"《{batch.names[path]}》" for path in others[:MAX_NAMED])
    if len(others) > MAX_NAMED:
        listed += f"等{len(others)}份"
    return DUPLICATE.finding(
        f"本批文件中{listed}与本报告是同一单位（{display_body(result)}）同一年度（{result.year}年）"
        "的报告，可能是重复文件或修订稿；这些报告都不参与跨年度结转核对，请确认以哪一份为准。",
        anchors=on_title(result),
        related_file=others[0],
    )
