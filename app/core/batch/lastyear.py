"""The pass that finds last year's report copied: the narrative repeated, the tables unchanged.

Assessors (third-party 政务公开 evaluations, provincial scoring rules) deduct points when a report
repeats more than half of last year's text. For each body's consecutive years in a batch, the later
report's narrative (the paragraphs of sections 一–六 outside the tables, headings left out) is
compared with the earlier one's on character shingles: a character of this year's text counts as
repeated when it lies in a run of `SHINGLE` characters that last year's text holds too. Punctuation
and spaces are passed over and every number counts as the same number, so a paragraph copied with
its year and figures updated is still a copy. Over the pack's `copy_share_warning` (0.5 nationally)
the later report gets a warning naming the longest repeated passages.

Tables 二–四 with every cell as last year's, while not all zero, are a warning of their own: figures
copied rather than counted.

The pass reads `Report.copy_basis` on compact results and derives it from the document on full ones
(`copy_basis`), so compaction keeps exactly what is compared here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from app.core.batch.base import Batch, PassOutput, on_title
from app.core.batch.rules import COPIED_TABLES, COPIED_TEXT
from app.core.model import CopyBasis, Document, Finding, Report, Result

SHINGLE = 8  # characters: long enough that the format's own phrases do not make a copy of each other
MIN_PARAGRAPH = 15  # shorter pieces are labels and sub-headings, not narrative
MIN_PASSAGE = 20  # a repeated run shorter than this is not named
NAMED_PASSAGES = 3
QUOTED = 24  # characters of a passage quoted in the message
COPY_TABLES = ("二", "三", "四")
_ZERO = frozenset({"0", ""})


# ------------------------------------------------------------------ what is compared


def copy_basis(document: Document | None, report: Report) -> CopyBasis:
    """What this pass compares of a report: its narrative paragraphs and tables 二–四's values."""
    if report.copy_basis is not None:
        return report.copy_basis
    if document is None:  # a compact result saved before copies were compared: nothing kept to compare
        return CopyBasis()
    return CopyBasis(paragraphs=_narrative(report), values=_values(report))


def _narrative(report: Report) -> tuple[tuple[int, str, str], ...]:
    in_tables = {block for table in report.tables.values() for block in table.blocks}
    skipped = in_tables | {report.title_block}
    # The preamble (before section 一) is left out: its 本报告由…根据《条例》…编制 and statistics period
    # are the template's own words, the same every year by design.
    pieces = [
        (block, span.key, text)
        for span in report.spans
        for block, text in span.pieces
        if block not in skipped
    ]
    return tuple(piece for piece in pieces if len(_letters(piece[2])[0]) >= MIN_PARAGRAPH)


def _values(report: Report) -> tuple[tuple[str, str, str, str], ...]:
    values = []
    for name in COPY_TABLES:
        table = report.tables.get(name)
        if table is None:
            return ()  # a table not read: nothing to compare
        for (row, column), cell in sorted(table.cells.items()):
            shown = f"{cell.value:g}" if cell.value is not None else cell.text.strip()
            values.append((name, row, column, shown))
    return tuple(values)


def _letters(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text's letters and digits (each run of digits one '#'), and the span of `text` each stands
    for."""
    kept: list[str] = []
    where: list[tuple[int, int]] = []
    for offset, char in enumerate(text):
        if char.isdigit():
            if kept and kept[-1] == "#" and where[-1][1] == offset:
                where[-1] = (where[-1][0], offset + 1)
                continue
            kept.append("#")
        elif char.isalnum():
            kept.append(char.lower())
        else:
            continue
        where.append((offset, offset + 1))
    return "".join(kept), where


def _shingles(text: str) -> Iterator[str]:
    return (text[start : start + SHINGLE] for start in range(len(text) - SHINGLE + 1))


# ------------------------------------------------------------------ the comparison


@dataclass(frozen=True)
class Passage:
    """A run of this year's narrative found in last year's."""

    block: int
    section: str
    text: str  # as written
    length: int  # letters and digits it holds


@dataclass(frozen=True)
class Likeness:
    share: float  # repeated letters / all letters of this year's narrative
    passages: tuple[Passage, ...]  # the longest first


def compare_narratives(earlier: CopyBasis, later: CopyBasis) -> Likeness | None:
    """How much of `later`'s narrative repeats `earlier`'s; None when either has no narrative."""
    known = {shingle for _, _, text in earlier.paragraphs for shingle in _shingles(_letters(text)[0])}
    if not known or not later.paragraphs:
        return None
    total = repeated = 0
    passages: list[Passage] = []
    for block, section, text in later.paragraphs:
        letters, where = _letters(text)
        covered = [False] * len(letters)
        for start, shingle in enumerate(_shingles(letters)):
            if shingle in known:
                covered[start : start + SHINGLE] = [True] * SHINGLE
        total += len(letters)
        repeated += sum(covered)
        passages.extend(_runs(block, section, text, covered, where))
    if total == 0:
        return None
    passages.sort(key=lambda passage: -passage.length)
    return Likeness(repeated / total, tuple(passages))


def _runs(
    block: int, section: str, text: str, covered: list[bool], where: list[tuple[int, int]]
) -> Iterator[Passage]:
    start = None
    for position, inside in enumerate([*covered, False]):
        if inside and start is None:
            start = position
        elif not inside and start is not None:
            if position - start >= MIN_PASSAGE:
                written = text[where[start][0] : where[position - 1][1]]
                yield Passage(block, section, written, position - start)
            start = None


def tables_copied(earlier: CopyBasis, later: CopyBasis) -> bool:
    """Tables 二–四 read in both, the same cells with the same values, and not all zero."""
    if not later.values or later.values != earlier.values:
        return False
    return any(value not in _ZERO for _, _, _, value in later.values)


# ------------------------------------------------------------------ the pass


def compare_last_year(batch: Batch) -> PassOutput:
    """Every body's consecutive years compared; the findings go on the later report."""
    output = PassOutput()
    threshold = batch.pack.threshold("copy_share_warning")
    for _year, earlier, later in batch.year_pairs():
        if len(earlier) > 1 or len(later) > 1:
            continue  # which one is last year's is not known (the duplicates pass says so)
        first, second = batch.results[earlier[0]], batch.results[later[0]]
        other = f"同一单位{first.year}年度报告《{batch.names[first.path]}》"
        for finding in pair_findings(first, second, other, threshold):
            output.findings.append((later[0], finding))
    return output


def pair_findings(earlier: Result, later: Result, other: str, threshold: float) -> list[Finding]:
    if earlier.report is None or later.report is None:
        return []
    before = copy_basis(earlier.document, earlier.report)
    after = copy_basis(later.document, later.report)
    found: list[Finding] = []
    likeness = compare_narratives(before, after)
    if likeness is not None and likeness.share > threshold:
        found.append(
            COPIED_TEXT.finding(
                f"本报告正文（表格以外的文字）约 {likeness.share:.0%} 与{other}相同或只改了数字，"
                f"超过 {threshold:.0%}。{_named(likeness.passages)}"
                "年度报告应写本年度的工作情况，请按本年度实际重新撰写这些内容。",
                expected=round(threshold, 4),
                found=round(likeness.share, 4),
                anchors=on_title(later),
                related_file=earlier.path,
            )
        )
    if tables_copied(before, after):
        found.append(
            COPIED_TABLES.finding(
                f"本报告表二、表三、表四的每一个单元格都与{other}完全相同（且不全为零），"
                "可能照搬了上一年度的数据。请核对是否已按本年度的统计填写。",
                anchors=on_title(later),
                related_file=earlier.path,
            )
        )
    return found


def _named(passages: Sequence[Passage]) -> str:
    if not passages:
        return ""
    named = []
    for passage in passages[:NAMED_PASSAGES]:
        where = f"第{passage.section}部分" if passage.section else "开头说明"
        quoted = passage.text if len(passage.text) <= QUOTED else passage.text[:QUOTED] + "……"
        named.append(f"{where}“{quoted}”")
    more = f"等{len(passages)}处" if len(passages) > NAMED_PASSAGES else ""
    return f"重复的段落有：{'；'.join(named)}{more}。"
