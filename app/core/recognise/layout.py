"""Evidence for each format: fingerprint labels, exact table-二 labels and the rows its shape declares
(the 2021 format's （六） split into three rows, the 2019 format's （六） as one row)."""

from __future__ import annotations

from app.core.formats import all_formats
from app.core.model import Document, Paragraph
from app.core.recognise.records import RowMatch, TableLine
from app.core.text import (
    normalize_label,
)

LABEL_LENGTH = 16  # a paragraph this short may be a table cell printed on its own line


def label_paragraphs(document: Document) -> frozenset[str]:
    """Short paragraphs, normalised: the cells of a table printed one per line (a township page whose
    empty template lost its grid) are labels standing alone."""
    return frozenset(
        normalize_label(block.text)
        for block in document.blocks
        if isinstance(block, Paragraph) and 0 < len(block.text.strip()) <= LABEL_LENGTH
    )


def layout_scores(
    lines: list[TableLine],
    matches_by_format: dict[str, list[RowMatch]],
    labels: frozenset[str] = frozenset(),
) -> dict[str, float]:
    """Evidence for each format: its fingerprint labels found (in table rows, or as `labels` standing
    alone), and the shape of table 三's （六）."""
    text = "".join(line.text for line in lines)
    scores: dict[str, float] = {}
    for fmt in all_formats():
        marks = [normalize_label(mark) for mark in fmt.fingerprints]
        score = float(sum(1 for mark in marks if mark in text or mark in labels))
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
