"""The report's outline, chosen as a whole: which lines are the six section headings.

A line is not a heading because it looks like one. Real reports number their sub-items with the words
of the sections (section 一's （一）主动公开政府信息情况 / （二）依申请公开情况 …), list the six parts in a
preamble or a table of contents, and lose or decorate numerals. So the recogniser first gathers every
candidate — a line whose words match a section's title — with its numbering level (一、 / （一） /
1、 / 第一部分 / none, or a Word / HTML heading level), its form and its position; then it chooses the
outline as a whole:

1. lists of the parts are set aside: a run of candidates with no report text between them, whose
   parts come again later (a table of contents), or a heading followed by a list separator;
2. for each numbering level the document uses, the outline at that level is built (each candidate
   its best section; a section read twice is kept twice only when both readings are strong), and the
   level whose outline is most consistent wins: most sections, best words, numerals that agree;
3. sections that level lacks may be filled, in their place between their neighbours, by a heading
   that lost its numeral or a heading of another level numbered as the section — never by an item of
   a sub-list (a （二） after a （一） under the same parent is a sub-item, whatever its words);
4. what could not be decided is said as a doubt naming both readings (`Doubt.section_keys`): a
   missing section for which a plausible heading stands where it belongs, or another level's outline
   nearly as good. The gate then turns S101/S102/S103 on those sections into warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from app.core.formats import ReportFormat
from app.core.model import Document, Doubt, Paragraph, SectionHit, Table
from app.core.recognise.headings import DEPTH, HeadingText, read_heading
from app.core.recognise.sections import (
    HEADING_MAX_LENGTH,
    INLINE_SIMILARITY,
    inline_headings,
    is_table_row_label,
    one_per_repeat,
    section_match,
)
from app.core.text import normalize_label, similarity

NUMBERED_SIMILARITY = 0.6  # a numbered line's words against a section's title
LOST_SIMILARITY = 0.8  # a line whose numeral was lost
PLAIN_SIMILARITY = 0.85  # a line with no numbering
STRONG = 0.85  # a reading strong enough to stand for a repeated section
NUMERAL_AGREES = 0.25  # an outline whose numerals agree with the sections' order is more consistent
NEARLY_AS_GOOD = 0.85  # an alternative outline scoring this share of the best leaves the choice open
TOC_GAP = 12  # characters of report text between two lines of a table of contents, at most
TOC_RUN = 3
_LIST_SEPARATORS = "；;，,、"


@dataclass(frozen=True)
class Candidate:
    """A line that could be a section heading."""

    hit: SectionHit  # the section it reads as, with its place
    level: str  # numbering level, or "style0".."style5" for an unnumbered Word / HTML heading level
    value: int | None  # the number written
    score: float  # its words against the section's title
    form: str  # "paragraph" | "line" | "start" | "inline" | "box" (a one-cell table) | "cell"
    emphasised: bool
    styled: int | None = None  # the heading level the file gives the line (Word style, HTML <hN>)

    @property
    def position(self) -> tuple[int, int, int, int]:
        return (self.hit.block, self.hit.row or 0, self.hit.cell or 0, self.hit.start or 0)


@dataclass(frozen=True)
class Marker:
    """Any line that starts with a numbering, heading or not: the shape of the report's sub-lists."""

    position: tuple[int, int, int, int]
    level: str
    value: int | None


@dataclass
class Outline:
    sections: list[SectionHit] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)
    level: str | None = None


def choose_outline(document: Document, fmt: ReportFormat) -> Outline:
    candidates, markers = gather(document, fmt)
    order = [section.key for section in fmt.sections]
    candidates = _without_lists(candidates, document, order)
    levels = sorted({c.level for c in candidates if c.form != "cell" and c.level != "lost"}, key=_level_rank)
    if not levels:
        levels = ["none"]
    outlines = {level: _skeleton(candidates, level, order) for level in levels}
    scores = {level: _score(outline, order) for level, outline in outlines.items()}
    best = max(levels, key=lambda level: (scores[level], -_level_rank(level)))
    chosen, near = _filled(outlines[best], candidates, markers, best, order)
    outline = Outline(sections=one_per_repeat([c.hit for c in chosen], document), level=best)
    outline.doubts = _doubts(outline, outlines, scores, best, near, order, fmt)
    return outline


# --- gathering ----------------------------------------------------------------------------------------


def gather(document: Document, fmt: ReportFormat) -> tuple[list[Candidate], list[Marker]]:
    candidates: list[Candidate] = []
    markers: list[Marker] = []
    for index, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            styled = block.level
            lines = block.text.split("\n")
            offset = 0
            for line in lines:
                form = "paragraph" if len(lines) == 1 else "line"
                _read_line(line, offset, (index, None, None), form, styled, fmt, candidates, markers)
                offset += len(line) + 1
        elif isinstance(block, Table):
            boxed = len(block.rows) == 1 and len(block.rows[0].cells) == 1
            for row_index, row in enumerate(block.rows):
                for cell_index, cell in enumerate(row.cells):
                    place = (index, row_index, cell_index)
                    offset = 0
                    for line in cell.text.split("\n"):
                        form = "box" if boxed and "\n" not in cell.text else "cell"
                        _read_line(line, offset, place, form, None, fmt, candidates, markers if boxed else [])
                        offset += len(line) + 1
    return candidates, markers


def _read_line(
    line: str,
    offset: int,
    place: tuple[int, int | None, int | None],
    form: str,
    styled: int | None,
    fmt: ReportFormat,
    candidates: list[Candidate],
    markers: list[Marker],
) -> None:
    block, row, cell = place
    heading = read_heading(line)
    if heading.level != "none":
        markers.append(Marker((block, row or 0, cell or 0, offset), heading.level, heading.value))
    level = heading.level
    if level == "none" and styled is not None:
        level = f"style{styled}"

    def add(key: str, variant: bool, score: float, start: int | None, end: int | None, kind: str) -> None:
        whole = start is None
        text = line if whole else line[start - offset : end - offset]  # type: ignore[operator]
        hit = SectionHit(key, text.strip(), block, variant, start, end, row, cell, boxed=form == "box")
        candidates.append(Candidate(hit, level, heading.value, score, kind, heading.emphasised, styled))

    matched = _whole_line(heading, fmt)
    if matched is not None:
        key, score, variant = matched
        whole_block = form in ("paragraph", "box") or (form == "cell" and "\n" not in line and offset == 0)
        start, end = (None, None) if whole_block else (offset, offset + len(line))
        add(key, _variant(variant, heading, key, fmt), score, start, end, form)
        return
    if heading.level != "none":
        started = _heading_then_text(line, heading, fmt)
        if started is not None:
            key, score, variant, end = started
            # a heading and its first sentence in a table cell stays a heading seen only in a table
            kind = "cell" if form == "cell" else "start"
            add(key, _variant(variant, heading, key, fmt), score, offset, offset + end, kind)
    if len(heading.words) > HEADING_MAX_LENGTH and form != "cell":
        for key, variant, start, end in inline_headings(line, fmt):
            if start == 0:
                continue  # a heading at the start of the line was tried above
            inline = read_heading(line[start:end])
            candidates.append(
                Candidate(
                    SectionHit(key, line[start:end].strip(), block, variant, offset + start, offset + end),
                    inline.level,
                    inline.value,
                    INLINE_SIMILARITY,
                    "inline",
                    inline.emphasised,
                )
            )


def _whole_line(heading: HeadingText, fmt: ReportFormat) -> tuple[str, float, bool] | None:
    words = heading.words
    if not words or len(words) > HEADING_MAX_LENGTH or is_table_row_label(words):
        return None
    if heading.level == "none" and len(words) > 20:
        return None
    matched = section_match(words, fmt)
    if matched is None:
        return None
    key, score, variant = matched
    threshold = {"none": PLAIN_SIMILARITY, "lost": LOST_SIMILARITY}.get(heading.level, NUMBERED_SIMILARITY)
    return (key, score, variant) if score >= threshold else None


def _heading_then_text(
    line: str, heading: HeadingText, fmt: ReportFormat
) -> tuple[str, float, bool, int] | None:
    """「一、总体情况。本年度，我局…」: a numbered heading and its first sentence on one line. The end is
    where the heading's words stop in the line as given."""
    body = line[heading.offset :]
    best: tuple[float, str, bool, int] | None = None
    for section in fmt.sections:
        for core, is_variant in section.cores:
            for length in range(max(2, len(core) - 2), len(core) + 4):
                end = _end_of(body, length)
                if end is None:
                    break
                score = similarity(normalize_label(body[:end]), core)
                if best is None or score > best[0]:
                    best = (score, section.key, is_variant or score < 1.0, end)
    if best is None or best[0] < INLINE_SIMILARITY:
        return None
    score, key, variant, end = best
    following = body[end:].lstrip()
    if following[:1] and following[0] in _LIST_SEPARATORS:
        return None  # 「一、总体情况；二、主动公开…」 lists the parts
    if is_table_row_label(normalize_label(body[:end])):
        return None
    return key, score, variant, heading.offset + end


def _end_of(body: str, length: int) -> int | None:
    """The index in `body` after `length` non-space characters, or None when the text is shorter."""
    seen = 0
    for index, char in enumerate(body):
        if not char.isspace():
            seen += 1
            if seen == length:
                return index + 1
    return None


def _variant(variant: bool, heading: HeadingText, key: str, fmt: ReportFormat) -> bool:
    """A heading is a variant when its words differ, or its numeral is not the section's."""
    ordinal = [s.key for s in fmt.sections].index(key) + 1
    return variant or heading.value != ordinal or heading.level not in ("top", "part")


# --- lists of the parts ---------------------------------------------------------------------------------


def _without_lists(candidates: list[Candidate], document: Document, order: list[str]) -> list[Candidate]:
    """A table of contents (headings one after another with no report text between them, the same
    parts coming again later) is not the outline."""
    ordered = sorted((c for c in candidates if c.form != "cell"), key=lambda c: c.position)
    runs: list[list[Candidate]] = []
    rank = {key: position for position, key in enumerate(order)}
    for candidate in ordered:
        previous = runs[-1][-1] if runs else None
        if (
            previous is not None
            and rank[candidate.hit.key] > rank[previous.hit.key]  # a list of the parts runs in order
            and _nothing_but_headings(previous, candidate, document)
        ):
            runs[-1].append(candidate)
        else:
            runs.append([candidate])
    dropped: set[int] = set()
    for run in runs:
        keys = [c.hit.key for c in run]
        if len(set(keys)) < TOC_RUN:
            continue
        last = run[-1].position
        later = {c.hit.key for c in ordered if c.position > last}
        if len(set(keys) & later) >= TOC_RUN:
            dropped.update(id(c) for c in run)
    return [c for c in candidates if id(c) not in dropped]


def _nothing_but_headings(first: Candidate, second: Candidate, document: Document) -> bool:
    a, b = first.hit, second.hit
    if a.block == b.block:
        block = document.blocks[a.block]
        if not isinstance(block, Paragraph) or a.end is None or b.start is None:
            return False
        return _letters(block.text[a.end : b.start]) <= TOC_GAP
    between = 0
    first_block = document.blocks[a.block]
    if isinstance(first_block, Paragraph) and a.end is not None:
        between += _letters(first_block.text[a.end :])
    for block in document.blocks[a.block + 1 : b.block]:
        if isinstance(block, Table):
            return False
        between += _letters(block.text)
        if between > TOC_GAP:
            return False
    second_block = document.blocks[b.block]
    if isinstance(second_block, Paragraph) and b.start is not None:
        between += _letters(second_block.text[: b.start])
    return between <= TOC_GAP


def _letters(text: str) -> int:
    """Characters of report text: page numbers and dots of a table of contents do not count."""
    return sum(1 for char in text if char.isalpha())


# --- choosing ---------------------------------------------------------------------------------------


def _level_rank(level: str) -> int:
    if level.startswith("style"):
        return 10 + int(level[5:])
    depth = DEPTH.get(level)
    return depth if depth is not None else 20


def _in_level(candidate: Candidate, level: str) -> bool:
    if candidate.form == "cell":
        return False
    return candidate.level == level or (level == "top" and candidate.level == "lost")


def _skeleton(candidates: list[Candidate], level: str, order: list[str]) -> list[Candidate]:
    """The outline at one numbering level: each section's readings at that level, a section kept
    twice only when both readings are strong (a weak second reading is not a repeated section)."""
    by_key: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        if _in_level(candidate, level):
            by_key.setdefault(candidate.hit.key, []).append(candidate)
    kept: list[Candidate] = []
    for key, readings in by_key.items():
        strong = [c for c in readings if _strong(c, key, order)]
        kept.extend(strong if len(strong) > 1 else [max(readings, key=lambda c: _weight(c, order))])
    return sorted(kept, key=lambda c: c.position)


def _strong(candidate: Candidate, key: str, order: list[str]) -> bool:
    return candidate.score >= STRONG or (
        candidate.value == order.index(key) + 1 and candidate.score >= NUMBERED_SIMILARITY
    )


def _weight(candidate: Candidate, order: list[str]) -> float:
    agrees = candidate.value == order.index(candidate.hit.key) + 1
    return candidate.score + (NUMERAL_AGREES if agrees else 0.0) + (0.05 if candidate.emphasised else 0.0)


def _score(outline: list[Candidate], order: list[str]) -> float:
    best: dict[str, float] = {}
    for candidate in outline:
        best[candidate.hit.key] = max(best.get(candidate.hit.key, 0.0), _weight(candidate, order))
    return sum(best.values())


def _filled(
    skeleton: list[Candidate],
    candidates: list[Candidate],
    markers: list[Marker],
    level: str,
    order: list[str],
) -> tuple[list[Candidate], dict[str, Candidate]]:
    """The skeleton with its gaps filled where a heading of another form stands in the gap's place;
    `near` holds, per section still missing, a plausible heading that could not be taken surely."""
    chosen = list(skeleton)
    near: dict[str, Candidate] = {}
    for key in order:
        if any(c.hit.key == key for c in chosen):
            continue
        low, high = _gap(chosen, key, order)
        styles = [c.styled for c in skeleton if c.styled is not None]
        outline_style = min(styles) if styles else None
        fillers: list[tuple[float, Candidate]] = []
        for candidate in candidates:
            if candidate.hit.key != key:
                continue
            if candidate.form == "cell":
                fillers.append((candidate.score - 2.0, candidate))  # a heading only a table holds
                continue
            if not low < candidate.position < high:
                continue
            if (
                outline_style is not None
                and candidate.styled is not None
                and candidate.styled > outline_style
            ):
                continue  # the file's own heading levels put it under the sections: a sub-heading
            verdict = _as_filler(candidate, markers, level, low, high, order)
            if verdict == "yes":
                fillers.append((_weight(candidate, order), candidate))
            elif verdict == "maybe" and (key not in near or candidate.score > near[key].score):
                near[key] = candidate
        if fillers:
            filler = max(fillers, key=lambda pair: pair[0])[1]
            if filler.form != "cell":  # another numbering than the outline's: a variant heading
                filler = replace(filler, hit=replace(filler.hit, variant=True))
            chosen.append(filler)
            chosen.sort(key=lambda c: c.position)
            near.pop(key, None)
    return chosen, near


def _gap(chosen: list[Candidate], key: str, order: list[str]) -> tuple[tuple, tuple]:
    """The positions between which section `key` belongs: after its predecessors' headings, before
    its successors'."""
    rank = order.index(key)
    before = [c.position for c in chosen if order.index(c.hit.key) < rank]
    after = [c.position for c in chosen if order.index(c.hit.key) > rank]
    low = max(before) if before else (-1, 0, 0, 0)
    high = min(after) if after else (1 << 30, 0, 0, 0)
    return low, high


def _as_filler(
    candidate: Candidate, markers: list[Marker], level: str, low: tuple, high: tuple, order: list[str]
) -> str:
    """'yes' when the candidate can stand for the missing section, 'maybe' when it might, 'no' when it
    is surely something else (an item of a sub-list)."""
    ordinal = order.index(candidate.hit.key) + 1
    top = _level_rank(level)
    depth = _level_rank(candidate.level)
    deeper = [m for m in markers if low < m.position < high and _level_rank(m.level) > top]
    if candidate.level == "lost":
        return "yes"
    if candidate.level == "none" or candidate.level.startswith("style"):
        if candidate.score < PLAIN_SIMILARITY:
            return "maybe" if candidate.score >= NUMBERED_SIMILARITY else "no"
        before = any(m.position < candidate.position for m in deeper)
        after = any(m.position > candidate.position for m in deeper)
        # in the middle of the parent's numbered sub-list: it may be one more sub-heading
        return "maybe" if before and after else "yes"
    if candidate.value is not None and candidate.value != ordinal:
        return "no"  # （一） inside 一 is a sub-item of 一, whatever its words
    if depth > top:
        if any(
            m.level == candidate.level and (m.value or 0) < ordinal
            for m in deeper
            if m.position < candidate.position
        ):
            return "no"  # one item of a sub-list numbered on from its siblings
        return "yes" if candidate.score >= STRONG else "maybe"
    # a higher level than the outline's (第五部分 among 一、…): the section written another way
    return "yes" if candidate.score >= STRONG or candidate.value == ordinal else "maybe"


# --- what could not be decided -----------------------------------------------------------------------


def _doubts(
    outline: Outline,
    outlines: dict[str, list[Candidate]],
    scores: dict[str, float],
    best: str,
    near: dict[str, Candidate],
    order: list[str],
    fmt: ReportFormat,
) -> list[Doubt]:
    doubts: list[Doubt] = []
    found = {hit.key for hit in outline.sections}
    headings = {section.key: section.heading for section in fmt.sections}
    for key, candidate in near.items():
        if key in found:
            continue
        doubts.append(
            Doubt(
                "outline",
                f"没有找到第{key}部分“{headings[key]}”的标题；“{candidate.hit.heading}”在该部分应在的位置，"
                f"可能就是它，也可能是上一部分中的小标题",
                section_keys=frozenset({key}),
            )
        )
    chosen = _counts(outlines[best])
    for level, alternative in outlines.items():
        if level == best or scores[level] < NEARLY_AS_GOOD * scores[best]:
            continue
        other = _counts(alternative)
        # the sections the chosen outline would call missing or repeated, which the other reads once
        open_keys = {k for k in order if (k not in found or chosen.get(k, 0) > 1) and other.get(k) == 1}
        if not open_keys:
            continue
        names = "、".join(f"第{k}部分" for k in order if k in open_keys)
        doubts.append(
            Doubt(
                "outline",
                f"报告的标题层级不易判断：按“{_level_name(best)}”作为一级标题读与按“{_level_name(level)}”"
                f"作为一级标题读，{names}的结果不同",
                section_keys=frozenset(open_keys),
            )
        )
    return doubts


def _counts(outline: list[Candidate]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for candidate in outline:
        counts[candidate.hit.key] = counts.get(candidate.hit.key, 0) + 1
    return counts


def _level_name(level: str) -> str:
    names = {"part": "第一部分", "top": "一、", "paren": "（一）", "arabic": "1.", "arabic_paren": "（1）"}
    if level.startswith("style"):
        return f"{int(level[5:]) + 1}级标题样式"
    return names.get(level, "无编号")
