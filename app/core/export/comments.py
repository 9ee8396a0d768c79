"""What the author reads in the Word copy: one comment per problem, in plain Chinese.

The checker's findings are written for reviewers (the workbook keeps every one, with its rule id).
The author needs something else: one comment for each thing to fix, at the spot as they see it, with
the value found and the value expected, and no rule codes, relation ids or format ids. So findings are
gathered into `Problem`s here:

- findings about the same spot (the same cell, the same span of text) become one problem;
- arithmetic findings that share exactly one cell (a mistyped cell breaks its column's sum and its
  row's 总计) become one problem on that cell;
- the reader's doubts (`ReaderNote.doubt`) become problems of their own unless a finding already says
  the same thing at the same spot, so text copied from an uncertain reading is never shown as sure.

Dismissed findings are the reviewer's business: they stay out of the author's copy unless the reviewer
asks for them (`show_dismissed`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.batch.rules import DUPLICATE, NO_YEAR, NOT_COMPARABLE
from app.core.model import (
    CATEGORY_LABELS,
    SEVERITY_LABELS,
    SEVERITY_ORDER,
    Anchor,
    Finding,
    ReaderNote,
    Result,
    Severity,
)
from app.core.wording import END_OF_REPORT, WHOLE_REPORT, anchor_place, place, plain_value

DOUBT_LABEL = "读取存疑"
DOUBT_ADVICE = "这里是按读到的样子照录的，可能与原文件不一致，请对照原文件核对。"
SHARED_CELL_INTRO = "以下几处勾稽关系都不成立，它们都涉及这一格，请先核对这一格："
SAME_SPOT_INTRO = "这里有以下几个问题："
SHADED_CATEGORIES = frozenset({"arithmetic", "value"})
# Notes about the reviewer's batch, not the author's report: another file of the same body and year, a
# report left out of the cross-year checks, a carry-over the reviewer must compare by hand. They stay in
# the reviewer's workbook; the author can do nothing with them.
REVIEWER_ONLY_RULES = frozenset({DUPLICATE.id, NO_YEAR.id, NOT_COMPARABLE.id})


@dataclass(frozen=True)
class Problem:
    """One thing the author should fix (or check), and where its comment goes."""

    findings: tuple[Finding, ...]
    indices: tuple[int, ...]  # positions of the findings in Result.findings
    anchor: Anchor | None  # the spot the comment is attached to; None: at the end of the report
    shade: bool = False  # the anchor is the cell at fault: it gets the severity's fill
    doubt: ReaderNote | None = None  # a doubtful reading this problem reports (or carries)

    @property
    def severity(self) -> Severity:
        if not self.findings:
            return "warning"
        return min((f.severity for f in self.findings), key=lambda s: SEVERITY_ORDER[s])

    @property
    def is_missing_section(self) -> bool:
        return any(f.category == "section" and f.section and not f.anchors for f in self.findings) or bool(
            self.anchor and self.anchor.before
        )


# ---------------------------------------------------------------------------------------------------
# Findings → problems


def _spot(anchor: Anchor) -> tuple:
    return (anchor.block, anchor.row, anchor.cell, anchor.start, anchor.end, anchor.before)


def _cells(finding: Finding) -> set[tuple[int, int, int]]:
    return {(a.block, a.row, a.cell) for a in finding.anchors if a.row is not None and a.cell is not None}


def _shared_cell_groups(findings: Sequence[tuple[int, Finding]]) -> list[list[int]]:
    """Arithmetic findings (positions in `findings`) whose cells all meet in exactly one cell."""
    arithmetic = [position for position, (_, f) in enumerate(findings) if f.category == "arithmetic"]
    parent = {position: position for position in arithmetic}

    def root(position: int) -> int:
        while parent[position] != position:
            position = parent[position]
        return position

    for i, first in enumerate(arithmetic):
        for second in arithmetic[i + 1 :]:
            if _cells(findings[first][1]) & _cells(findings[second][1]):
                parent[root(second)] = root(first)
    groups: dict[int, list[int]] = {}
    for position in arithmetic:
        groups.setdefault(root(position), []).append(position)
    return [group for group in groups.values() if len(group) > 1]


def problems(result: Result, dismissed: Mapping[int, str] | None = None) -> list[Problem]:
    """The problems of a report for the author, in the order of the findings (worst first)."""
    dismissed = dismissed or {}
    open_ = [
        (i, f)
        for i, f in enumerate(result.findings)
        if i not in dismissed and f.rule not in REVIEWER_ONLY_RULES
    ]
    merged: list[Problem] = []
    taken: set[int] = set()
    for group in _shared_cell_groups(open_):
        common = set.intersection(*(_cells(open_[position][1]) for position in group))
        if len(common) != 1:
            continue
        block, row, cell = common.pop()
        members = [open_[position] for position in group]
        merged.append(
            Problem(
                findings=tuple(f for _, f in members),
                indices=tuple(i for i, _ in members),
                anchor=Anchor(block=block, row=row, cell=cell),
                shade=True,
            )
        )
        taken.update(group)
    by_spot: dict[tuple, list[tuple[int, Finding]]] = {}
    order: list[tuple] = []
    for position, (index, finding) in enumerate(open_):
        if position in taken:
            continue
        key = _spot(finding.anchors[0]) if finding.anchors else ("end", index)
        if key not in by_spot:
            by_spot[key] = []
            order.append(key)
        by_spot[key].append((index, finding))
    for key in order:
        members = by_spot[key]
        first = members[0][1]
        anchor = first.anchors[0] if first.anchors else None
        shade = any(
            f.category in SHADED_CATEGORIES and f.anchors and f.anchors[0].cell is not None
            for _, f in members
        )
        merged.append(Problem(tuple(f for _, f in members), tuple(i for i, _ in members), anchor, shade))
    merged = _with_doubts(result, merged)
    return sorted(merged, key=_problem_order)


def _problem_order(problem: Problem) -> tuple:
    first = min(problem.indices) if problem.indices else 10**9
    return (SEVERITY_ORDER[problem.severity], first)


def _with_doubts(result: Result, found: list[Problem]) -> list[Problem]:
    """Attach each doubtful reading to the problem that already reports it, or add it as its own."""
    if result.document is None:
        return found
    out = list(found)
    for note in result.document.notes:
        if not note.doubt:
            continue
        anchor = Anchor(block=note.block, row=note.row, cell=note.cell) if note.block is not None else None
        position = next(
            (
                n
                for n, problem in enumerate(out)
                if any(
                    f.message.endswith(note.message) or note.message in f.message for f in problem.findings
                )
                and (anchor is None or problem.anchor is None or problem.anchor.block == anchor.block)
            ),
            None,
        )
        if position is not None:
            problem = out[position]
            out[position] = Problem(problem.findings, problem.indices, problem.anchor, problem.shade, note)
        else:
            out.append(Problem((), (), anchor, False, note))
    return out


def merge_problems(group: Sequence[Problem]) -> Problem:
    """Problems that end up on one spot, as one (the first one's anchor)."""
    if len(group) == 1:
        return group[0]
    first = group[0]
    return Problem(
        findings=tuple(f for p in group for f in p.findings),
        indices=tuple(i for p in group for i in p.indices),
        anchor=first.anchor,
        shade=any(p.shade for p in group),
        doubt=next((p.doubt for p in group if p.doubt is not None), None),
    )


# ---------------------------------------------------------------------------------------------------
# Texts


# A page of a PDF or a line of a text file: in a rebuilt Word copy that is not the copy's own page or
# line, so it is said as the original file's.
_ORIGINAL_PAGE_OR_LINE = re.compile(r"^第\d+[页行]")
ORIGINAL = "原文件"


def where(result: Result, problem: Problem) -> str:
    """The place of a problem as the author finds it in their own file."""
    words = ""
    if problem.anchor is not None and result.document is not None:
        words = anchor_place(result.document, result.report, problem.anchor)
    if not words:
        words = (
            place(result.document, result.report, problem.findings[0]) if problem.findings else WHOLE_REPORT
        )
    if result.kind != "docx" and _ORIGINAL_PAGE_OR_LINE.match(words):
        words = ORIGINAL + words
    return words


def split_place(place: str) -> tuple[str, str]:
    """ "第3页，表三“…”行“…”列" → ("第3页", "表三“…”行“…”列"): cut at the first "，" outside the quoted
    labels, so a row label holding "，" stays whole."""
    depth = 0
    for position, char in enumerate(place):
        if char == "“":
            depth += 1
        elif char == "”":
            depth = max(0, depth - 1)
        elif char == "，" and depth == 0:
            return place[:position], place[position + 1 :]
    return place, ""


def _values(finding: Finding) -> str:
    """ "现为 X，应为 Y" — unless the message already says both."""
    said = [plain_value(v) for v in (finding.found, finding.expected) if v is not None]
    if said and all(value in finding.message for value in said):
        return ""
    parts = []
    if finding.found is not None:
        parts.append(f"现为 {plain_value(finding.found)}")
    if finding.expected is not None:
        parts.append(f"应为 {plain_value(finding.expected)}")
    return "，".join(parts)


def _tag(problem: Problem) -> str:
    if not problem.findings:
        return f"【{DOUBT_LABEL}】"
    finding = problem.findings[0]
    return f"【{SEVERITY_LABELS[problem.severity]}·{CATEGORY_LABELS[finding.category]}】"


def comment_lines(result: Result, problem: Problem) -> list[str]:
    """The comment of one problem, one string per paragraph: what is wrong, the values, the place."""
    lines: list[str] = []
    if not problem.findings:
        note = problem.doubt
        lines.append(f"{_tag(problem)}{note.message if note else ''}".rstrip("。") + "。" + DOUBT_ADVICE)
    elif len(problem.findings) == 1:
        finding = problem.findings[0]
        lines.append(f"{_tag(problem)}{finding.message}")
        values = _values(finding)
        if values:
            lines.append(values)
    else:
        shared = all(f.category == "arithmetic" for f in problem.findings)
        lines.append(_tag(problem) + (SHARED_CELL_INTRO if shared else SAME_SPOT_INTRO))
        for number, finding in enumerate(problem.findings, start=1):
            values = _values(finding)
            lines.append(f"{number}. {finding.message}" + (f"（{values}）" if values else ""))
    if problem.findings and problem.doubt is not None:
        lines.append(f"【{DOUBT_LABEL}】{DOUBT_ADVICE}")
    place = _short_place(where(result, problem), "".join(lines))
    if place:
        lines.append(f"位置：{place}")
    return lines


def _short_place(place: str, text: str) -> str:
    """ "第3页，表三“…”行“…”列" beside a text that names the cell itself: the page is enough; in a
    Word file (no pages) nothing is left to add."""
    position, spot = split_place(place)
    if not spot:  # the end of the report is said even when the message says it: it is the spot
        return "" if place in text and place != END_OF_REPORT else place
    return position if spot in text else place


def summary_line(result: Result, problem: Problem) -> str:
    """One problem in the summary on top: the place, then what is wrong."""
    if not problem.findings:
        text = (problem.doubt.message if problem.doubt else "").rstrip("。") + "。" + DOUBT_ADVICE
    else:
        text = "；".join(dict.fromkeys(f.message.rstrip("。") for f in problem.findings)) + "。"
    place = _short_place(where(result, problem), text)
    return f"{place}：{text}" if place else text


def problem_counts(found: Sequence[Problem]) -> str:
    """ "错误 1 处、警告 3 处、提示 0 处" (a doubtful reading counts as a warning)."""
    return "、".join(
        f"{SEVERITY_LABELS[s]} {sum(1 for p in found if p.severity == s)} 处"
        for s in ("error", "warning", "info")
    )
