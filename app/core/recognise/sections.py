"""The six section headings, wherever they stand."""

from __future__ import annotations

from app.core.formats import ReportFormat
from app.core.model import (
    Document,
    SectionHit,
)
from app.core.recognise.title import paragraphs
from app.core.text import (
    normalize_label,
    similarity,
    split_marker,
)

HEADING_MAX_LENGTH = 40
SECTION_SIMILARITY = 0.6


def match_heading(text: str, fmt: ReportFormat) -> tuple[str, bool] | None:
    """(section key, is-variant) when a paragraph is one of the six headings.

    Matched by the text after the numeral, so a renumbered heading ("五、其他需要报告的事项" after a
    dropped section) is still recognised, as a variant."""
    label = normalize_label(text)
    if not label or len(label) > HEADING_MAX_LENGTH:
        return None
    marked = split_marker(label)
    numeral = marked.top
    if numeral is None and len(label) > 20:
        return None
    best: tuple[float, str, bool] | None = None
    for section in fmt.sections:
        for core, is_variant in [(section.core, False)] + [(c, True) for c in section.variant_cores]:
            score = similarity(marked.text, core)
            if best is None or score > best[0]:
                best = (score, section.key, is_variant or score < 1.0)
    if best is None:
        return None
    threshold = SECTION_SIMILARITY if numeral else 0.85
    if best[0] < threshold:
        return None
    return best[1], best[2] or numeral is None or numeral != best[1]


def find_sections(document: Document, fmt: ReportFormat) -> list[SectionHit]:
    hits: list[SectionHit] = []
    for index, paragraph in paragraphs(document):
        matched = match_heading(paragraph.text, fmt)
        if matched is not None:
            key, variant = matched
            hits.append(SectionHit(key=key, heading=paragraph.text.strip(), block=index, variant=variant))
    return hits
