"""Section spans: which part of the document each section holds, computed once for every rule.

A section runs from its heading to the next section's heading. A heading inside running text (crawler
copies) cuts its paragraph: the section's text starts after its heading and stops where the next
heading starts, even within one block. Headings seen only in a table cell open no span of text.
"""

from __future__ import annotations

from app.core.model import Document, Paragraph, SectionHit, SectionSpan


def section_spans(sections: list[SectionHit], document: Document) -> tuple[SectionSpan, ...]:
    hits = sorted((hit for hit in sections if hit.opens_text), key=lambda hit: (hit.block, hit.start or 0))
    spans: list[SectionSpan] = []
    for position, hit in enumerate(hits):
        following = hits[position + 1] if position + 1 < len(hits) else None
        end_block = following.block if following else len(document.blocks)
        spans.append(SectionSpan(hit.key, hit, hit.block, end_block, _pieces(hit, following, document)))
    in_tables = [hit for hit in sections if not hit.opens_text]
    spans.extend(SectionSpan(hit.key, hit, hit.block, hit.block + 1) for hit in in_tables)
    return tuple(sorted(spans, key=lambda span: (span.heading.block, span.heading.start or 0)))


def _pieces(hit: SectionHit, following: SectionHit | None, document: Document) -> tuple[tuple[int, str], ...]:
    last = min(following.block if following else len(document.blocks) - 1, len(document.blocks) - 1)
    pieces: list[tuple[int, str]] = []
    for index in range(hit.block, last + 1):
        block = document.blocks[index]
        if not isinstance(block, Paragraph):
            continue
        start = (hit.end if hit.end is not None else len(block.text)) if index == hit.block else 0
        stop = len(block.text)
        if following is not None and index == following.block:
            if following.start is None:
                break
            stop = following.start
        text = block.text[start:stop]
        if text.strip():
            pieces.append((index, text))
    return tuple(pieces)
