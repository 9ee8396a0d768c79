"""Evidence for each format: fingerprint labels, exact table-二 labels and the rows its shape declares
(the 2021 format's （六） split into three rows, the 2019 format's （六） as one row)."""

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
        if keys.intersection(fmt.shape.layout_rows):
            score += fmt.shape.layout_weight
        scores[fmt.id] = score
    return scores
