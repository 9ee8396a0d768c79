"""The six section headings, wherever they stand.

A heading is found as a paragraph of its own, as a line inside a paragraph, at the start of a run-on
paragraph or inside one (crawler text puts a whole report on a few lines: `…如下。 二、主动公开政府信息
情况第二十条…`), or in a table cell (a layout wrapper, a text box drawn as a table). Table 三's numbered
row labels (`一、本年新收政府信息公开申请数量`, `四、结转下年度继续办理`) look like headings and never are.

A heading read twice with nothing of the report between the two readings is one heading, not a
repeated section: a browser prints the line that straddles a page foot on both pages (a text copy
keeps both), with at most the page's printed furniture (URL, date, page number) between them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.core.formats import ReportFormat, all_formats
from app.core.model import Document, Paragraph, SectionHit
from app.core.text import normalize_label, similarity, split_marker

HEADING_MAX_LENGTH = 40
# A heading inside running text must match closely, with its own numeral: prose is full of 一、二、.
INLINE_SIMILARITY = 0.85
ROW_LABEL_SIMILARITY = 0.75
_INLINE_MARKER = re.compile(r"(?:第([一二三四五六])部分\s*[:：、.．]?\s*|([一二三四五六])\s*[、.．，,]\s*)")
# 「【总体情况】」 in running text: a bracketed heading carries no numeral, its words must be the heading's
_INLINE_BRACKETED = re.compile(r"[【〔〖]([^【】〔〕〖〗]{2,30})[】〕〗]")
_LIST_SEPARATORS = "；;，,、"
# Blocks between two readings of one heading that still count as "nothing between": printed page
# furniture, never a paragraph of the report or a table.
REPEAT_GAP_BLOCKS = 6
FURNITURE_WORDS = 40  # ideographs: a running title fits, a paragraph of the report does not
_SENTENCE_ENDS = ("。", "！", "？", "；", "：", ".", ";", ":")


@lru_cache(maxsize=1)
def _row_label_cores() -> tuple[str, ...]:
    labels = {label for fmt in all_formats() for label in fmt.table_three_top_labels}
    return tuple(split_marker(normalize_label(label)).text for label in labels)


def is_table_row_label(label: str) -> bool:
    """A normalised label that is one of table 三's numbered rows, not a section heading."""
    core = split_marker(label).text
    return any(similarity(core, row) >= ROW_LABEL_SIMILARITY for row in _row_label_cores())


def section_match(words: str, fmt: ReportFormat) -> tuple[str, float, bool] | None:
    """(section key, similarity, is-variant) of the section whose title the words read closest to."""
    best: tuple[float, str, bool] | None = None
    for section in fmt.sections:
        for core, is_variant in section.cores:
            score = similarity(words, core)
            if best is None or score > best[0]:
                best = (score, section.key, is_variant or score < 1.0)
    if best is None:
        return None
    return best[1], best[0], best[2]


def inline_headings(text: str, fmt: ReportFormat) -> list[tuple[str, bool, int, int]]:
    """(key, variant, start, end) of headings standing inside running text, with their own numeral."""
    found: list[tuple[str, bool, int, int]] = []
    for marker in _INLINE_MARKER.finditer(text):
        numeral = marker.group(1) or marker.group(2)
        section = next((s for s in fmt.sections if s.key == numeral), None)
        if section is None:
            continue
        best: tuple[float, int, bool] | None = None
        for core, is_variant in section.cores:
            for length in range(max(2, len(core) - 3), len(core) + 6):
                end = marker.end() + length
                if end > len(text):
                    break
                candidate = normalize_label(text[marker.end() : end])
                score = similarity(candidate, core)
                if best is None or score > best[0] or (score == best[0] and end < best[1]):
                    best = (score, end, is_variant or score < 1.0)
        if best is None or best[0] < INLINE_SIMILARITY:
            continue
        score, end, variant = best
        following = text[end : end + 4].lstrip()
        if following[:1] and following[0] in _LIST_SEPARATORS:
            continue  # a list of the parts ("一、总体情况；二、…") in a preamble, not the heading itself
        preceding = text[max(0, marker.start() - 4) : marker.start()].rstrip()
        if preceding[-1:] and preceding[-1] in _LIST_SEPARATORS:
            continue  # the last part of such a list ("…；六、其他需要报告的事项。")
        found.append((section.key, variant, marker.start(), end))
    for bracketed in _INLINE_BRACKETED.finditer(text):
        words = normalize_label(bracketed.group(1))
        for section in fmt.sections:
            if max(similarity(words, core) for core, _ in section.cores) >= INLINE_SIMILARITY:
                found.append((section.key, True, bracketed.start(), bracketed.end()))
                break
    found.sort(key=lambda hit: hit[2])
    return found


def one_per_repeat(hits: list[SectionHit], document: Document) -> list[SectionHit]:
    """Two readings of one heading back to back (nothing but page furniture between) kept as one:
    the reading that is the official heading with its numeral, else the later one."""
    kept: list[SectionHit] = []
    for hit in hits:
        previous = kept[-1] if kept else None
        if previous is not None and previous.key == hit.key and _nothing_between(previous, hit, document):
            if not (hit.variant and not previous.variant):
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept


def _nothing_between(first: SectionHit, second: SectionHit, document: Document) -> bool:
    if first.in_table or second.in_table:
        return False
    if first.block == second.block:
        if first.end is None or second.start is None:
            return False
        return not document.blocks[first.block].text[first.end : second.start].strip()  # type: ignore[union-attr]
    if second.block - first.block > REPEAT_GAP_BLOCKS:
        return False
    if first.end is not None and document.blocks[first.block].text[first.end :].strip():  # type: ignore[union-attr]
        return False
    if second.start is not None and document.blocks[second.block].text[: second.start].strip():  # type: ignore[union-attr]
        return False
    between = document.blocks[first.block + 1 : second.block]
    return all(isinstance(block, Paragraph) and _furniture(block.text) for block in between)


def _furniture(text: str) -> bool:
    """A line that is no sentence of the report (a URL, a print date, 「第 2 页」, a running title):
    few words (a URL may be long, but it is no Chinese text) and no sentence's end."""
    text = text.strip()
    words = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
    return words <= FURNITURE_WORDS and not text.endswith(_SENTENCE_ENDS)
