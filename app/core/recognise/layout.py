"""Evidence for each format: fingerprint labels and the shape of table 三's （六）."""

from __future__ import annotations

from app.core.formats import all_formats
from app.core.recognise.records import RowMatch, TableLine
from app.core.text import (
    normalize_label,
)


def layout_scores(lines: list[TableLine], matches_by_format: dict[str, list[RowMatch]]) -> dict[str, float]:
    """Evidence for each format: its fingerprint labels found, and the shape of table 三's （六）."""
    text = "".join(line.text for line in lines)
    scores: dict[str, float] = {}
    for fmt in all_formats():
        score = float(sum(1 for mark in fmt.fingerprints if normalize_label(mark) in text))
        keys = {match.key for match in matches_by_format.get(fmt.id, [])}
        exact_two = sum(
            1
            for match in matches_by_format.get(fmt.id, [])
            if match.table == "二" and match.written == match.official
        )
        score += exact_two * 0.5
        if fmt.id == "F2021" and any(key.startswith("other.") for key in keys):
            score += 2
        if fmt.id == "F2019" and "other" in keys:
            score += 2
        scores[fmt.id] = score
    return scores
