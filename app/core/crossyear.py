"""Reports of one body across years: names matched, carry-over chains compared, duplicates said.

A supervising office checks a folder holding every unit's reports of several years. What no single
report shows is whether one year's 四、结转下年度继续办理 reappears as the next year's 二、上年结转
(column by column), and whether table 二's 现行有效件数 follows from last year's figure. This module
groups the reports of a batch by body — on a normalised name (淮安市洪泽区人民政府 = 洪泽区人民政府),
never on file names — and compares each pair of consecutive years.

A cross-report finding goes on the later report, names the earlier one and carries its path in
`Finding.related_file`. An error is said only when both cells were read reliably
(`app.core.doubts.is_reliable`); otherwise the pair is "not comparable" and a parse warning says what
could not be compared. Two reports of one body and year are a duplicate (info), never chained.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from app.core.doubts import is_reliable, table_doubts
from app.core.formats import format_by_id
from app.core.model import Anchor, Finding, Report, Result
from app.core.text import normalize_text

log = logging.getLogger(__name__)
CHAIN_BROKEN = "C530"  # 上年结转 differs from last year's 结转下年度继续办理 (both read reliably)
IN_FORCE_BREAK = "C531"  # 现行有效件数 does not follow from last year's figure, 制发 and 废止
DUPLICATE = "C532"  # the same body and year twice in one batch
NOT_COMPARABLE = "P650"  # a chain whose cells could not all be read reliably
NO_YEAR = "P651"  # a report left out of the chains because its year could not be read
CROSS_REPORT_RULES = frozenset({CHAIN_BROKEN, IN_FORCE_BREAK, DUPLICATE, NOT_COMPARABLE, NO_YEAR})

Status = Literal["holds", "broken", "not_comparable"]
MAX_NAMED = 3  # other files named in a duplicate note; a folder may hold many copies
STATUS_LABELS: dict[str, str] = {"holds": "成立", "broken": "不一致", "not_comparable": "无法比较"}

# ------------------------------------------------------------------ body names

_LEADING_NOISE = re.compile(r"^(?:标题|题目|名称)[:：]")
# Longest first: the office of a government publishes the government's report under either name.
_SUFFIXES = (
    "人民政府办公室",
    "人民政府办公厅",
    "政府办公室",
    "政府办公厅",
    "党工委管委会",
    "管理委员会",
    "人民政府",
    "管委会",
    "政府办",
    "办公室",
    "办公厅",
    "政府",
)
# A higher level (province, city, prefecture) in front of a lower place name: 淮安市|洪泽区.
_HIGHER_LEVEL = re.compile(r"^[^省市区县]{2,8}?(?:省|自治区|特别行政区|市|自治州|州|地区|盟)")
# What must follow for the higher level to be dropped: itself a place name (洪泽区, 遂平县).
# Two characters at least before the level word, so 市场监督管理局 or 城市管理局 is never taken for
# a place and 北京市市场监督管理局 never becomes the same body as 上海市市场监督管理局.
_PLACE = re.compile(r"^[^省市区县]{2,7}?(?:市|区|县|旗)")


def body_key(name: str | None) -> str | None:
    """The comparable form of a body's name: 淮安市洪泽区人民政府 and 洪泽区人民政府 give 洪泽区.

    Drops the 人民政府 / 办公室 / 管委会 endings and province or city prefixes standing before a lower
    place name. None when there is no usable name.
    """
    if not name:
        return None
    text = normalize_text(name).strip("《》\"“”'‘’ ")
    text = _LEADING_NOISE.sub("", text)
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) - len(suffix) >= 2:
                text = text[: -len(suffix)]
                changed = True
                break
    while True:
        match = _HIGHER_LEVEL.match(text)
        if not match or not _PLACE.match(text[match.end() :]):
            break
        text = text[match.end() :]
    return text if len(text) >= 2 else None


def display_body(result: Result) -> str:
    body = result.body or ""
    return _LEADING_NOISE.sub("", normalize_text(body)) or body


def short_names(results: Sequence[Result]) -> dict[str, str]:
    """How messages name each file: its name, or its path where two files of the batch share a name."""
    counts: dict[str, int] = {}
    for result in results:
        name = Path(result.path).name
        counts[name] = counts.get(name, 0) + 1
    return {r.path: r.path if counts[Path(r.path).name] > 1 else Path(r.path).name for r in results}


# ------------------------------------------------------------------ records


@dataclass(frozen=True)
class Comparison:
    """One figure compared across a pair of years."""

    item: str  # what was compared, in words ("表三 上年结转 · 自然人")
    earlier: int | float | None
    later: int | float | None
    status: Status
    reason: str = ""  # why it could not be compared (for table 二: the sum that gives `earlier`)
    label: str = ""  # official column label (table 三) or row label (table 二)
    key: str = ""  # the format's column key (table 三) or row key (table 二)
    table: str = "三"


@dataclass(frozen=True)
class Chain:
    """Two reports of one body for consecutive years and what was compared between them."""

    body: str
    earlier: Result
    later: Result
    comparisons: tuple[Comparison, ...] = ()
    note: str = ""  # set when the pair was not compared at all
    earlier_name: str = ""  # how messages name the earlier file (see short_names)

    @property
    def status(self) -> Status:
        carry = [c for c in self.comparisons if c.table == "三"]
        if self.note or not carry:
            return "not_comparable"
        if any(c.status == "broken" for c in carry):
            return "broken"
        if any(c.status == "not_comparable" for c in carry):
            return "not_comparable"
        return "holds"


@dataclass
class BatchCheck:
    """What the batch pass found: the chains compared and the findings for each result (by index)."""

    chains: list[Chain]
    findings: list[list[Finding]]
    groups: dict[str, list[int]]  # body key → indices of its results, in batch order


# ------------------------------------------------------------------ reading cells


def cell_number(report: Report, table: str, row: str, column: str) -> tuple[int | float | None, str]:
    """(value, reason it cannot be used): a blank read reliably counts as 0 (the format asks for 0)."""
    doubts = table_doubts(report, table)
    recognised = report.tables.get(table)
    if recognised is None:
        return None, doubts[0].message if doubts else f"未找到表{table}"
    if not is_reliable(report, table, row, column):
        if row in recognised.unreliable_rows:
            return None, f"表{table}这一行的数字未能逐格分清，无法确定各列的值"
        if not any(key[0] == row for key in recognised.cells):
            return None, f"表{table}没有读到这一行的数字"
        if (row, column) not in recognised.cells:
            return None, f"表{table}没有读到这一格"
        return None, f"表{table}这一格未能可靠读取" + (f"（{doubts[0].message}）" if doubts else "")
    cell = report.tables[table].cells[(row, column)]
    if cell.value is not None:
        return cell.value, ""
    if not cell.text.strip():
        return 0, ""
    return None, f"表{table}这一格填的是“{cell.text.strip()}”，不是数字"


def _anchor(report: Report, table: str, row: str, column: str) -> tuple[Anchor, ...]:
    recognised = report.tables.get(table)
    cell = recognised.cells.get((row, column)) if recognised else None
    return (cell.anchor,) if cell is not None and cell.anchor is not None else ()


# ------------------------------------------------------------------ the pass


def check_batch_reports(results: Sequence[Result]) -> BatchCheck:
    """Group the batch's reports by body and compare every pair of consecutive years.

    Never raises: a bug here must not cost the reviewer the batch's own findings (it is logged).
    """
    try:
        return _check_batch_reports(results)
    except Exception:
        log.exception("the batch pass across reports failed")
        return BatchCheck(chains=[], findings=[[] for _ in results], groups={})


def _check_batch_reports(results: Sequence[Result]) -> BatchCheck:
    findings: list[list[Finding]] = [[] for _ in results]
    names = short_names(results)
    groups: dict[str, list[int]] = {}
    for index, result in enumerate(results):
        if result.report is None:
            continue
        if result.year is None:
            if len(results) > 1 and result.error is None:
                findings[index].append(_no_year_note(result))
            continue
        key = body_key(result.body)
        if key is None:
            continue
        groups.setdefault(key, []).append(index)
    chains: list[Chain] = []
    for indices in groups.values():
        by_year: dict[int, list[int]] = {}
        for index in indices:
            by_year.setdefault(results[index].year or 0, []).append(index)
        for same_year in by_year.values():
            _note_duplicates(results, same_year, findings, names)
        for year in sorted(by_year):
            if year + 1 not in by_year:
                continue
            earlier, later = by_year[year], by_year[year + 1]
            body = display_body(results[later[0]])
            if len(earlier) > 1 or len(later) > 1:
                note = (
                    f"{year if len(earlier) > 1 else year + 1}年度有两份报告，无法确定以哪一份为准，未作比较"
                )
                chains.append(Chain(body, results[earlier[0]], results[later[0]], note=note))
                continue
            chain = compare_pair(
                body, results[earlier[0]], results[later[0]], names[results[earlier[0]].path]
            )
            chains.append(chain)
            findings[later[0]].extend(chain_findings(chain))
    return BatchCheck(chains=chains, findings=findings, groups=groups)


def _on_title(result: Result) -> tuple[Anchor, ...]:
    """Notes about a whole report sit on its title, where a reader of the annotated copy sees them."""
    block = result.report.title_block if result.report else None
    return (Anchor(block=block),) if block is not None else ()


def _no_year_note(result: Result) -> Finding:
    return Finding(
        rule=NO_YEAR,
        category="parse",
        severity="info",
        message="未能识别本报告的年度，本报告未参与跨年度结转核对（上年结转、现行有效件数）。",
        anchors=_on_title(result),
    )


def _note_duplicates(
    results: Sequence[Result], indices: list[int], findings: list[list[Finding]], names: dict[str, str]
) -> None:
    """One note per report of a body and year seen more than once, naming (a few of) the others."""
    if len(indices) < 2:
        return
    for index in indices:
        result = results[index]
        others = [results[other].path for other in indices if other != index]
        listed = "、".join(f"《{names[path]}》" for path in others[:MAX_NAMED])
        if len(others) > MAX_NAMED:
            listed += f"等{len(others)}份"
        findings[index].append(
            Finding(
                rule=DUPLICATE,
                category="consistency",
                severity="info",
                message=(
                    f"本批文件中{listed}与本报告是同一单位（{display_body(result)}）同一年度（{result.year}年）"
                    "的报告，可能是重复文件或修订稿；这些报告都不参与跨年度结转核对，请确认以哪一份为准。"
                ),
                anchors=_on_title(result),
                related_file=others[0],
            )
        )


def compare_pair(body: str, earlier: Result, later: Result, earlier_name: str = "") -> Chain:
    """Year N's 结转下年度继续办理 against year N+1's 上年结转, column by column, and 现行有效件数."""
    earlier_name = earlier_name or Path(earlier.path).name
    if earlier.report is None or later.report is None:
        return Chain(body, earlier, later, note="报告未能读取", earlier_name=earlier_name)
    comparisons: list[Comparison] = []
    fmt = format_by_id(later.report.layout or "F2021")
    for column in fmt.table_three_columns:
        before, why_before = cell_number(earlier.report, "三", "carried_out", column.key)
        after, why_after = cell_number(later.report, "三", "carried_in", column.key)
        item = f"表三 上年结转 · {column.label}"
        if before is None or after is None:
            reasons = []
            if why_before:
                reasons.append(f"{earlier.year}年报告{why_before}")
            if why_after:
                reasons.append(f"{later.year}年报告{why_after}")
            reason = "；".join(reasons)
            comparisons.append(
                Comparison(item, before, after, "not_comparable", reason, column.label, column.key)
            )
        else:
            status: Status = "holds" if before == after else "broken"
            comparisons.append(Comparison(item, before, after, status, "", column.label, column.key))
    comparisons.extend(_in_force_comparisons(earlier, later))
    return Chain(body, earlier, later, tuple(comparisons), earlier_name=earlier_name)


def _in_force_comparisons(earlier: Result, later: Result) -> list[Comparison]:
    """现行有效件数 = last year's + this year's 制发 − 废止 (F2021 table 二 only)."""
    if earlier.layout != "F2021" or later.layout != "F2021":
        return []
    fmt = format_by_id("F2021")
    comparisons = []
    for row in ("rules", "normative"):
        label = fmt.row_label("二", row)
        item = f"表二 现行有效件数 · {label}"
        last, why_last = cell_number(earlier.report, "二", row, "in_force")
        made, why_made = cell_number(later.report, "二", row, "made")
        repealed, why_repealed = cell_number(later.report, "二", row, "repealed")
        now, why_now = cell_number(later.report, "二", row, "in_force")
        if last is None or made is None or repealed is None or now is None:
            reason = "；".join(dict.fromkeys(r for r in (why_last, why_made, why_repealed, why_now) if r))
            comparisons.append(Comparison(item, last, now, "not_comparable", reason, label, row, "二"))
            continue
        expected = last + made - repealed
        status: Status = "holds" if expected == now else "broken"
        sum_text = f"{last:g} + {made:g} − {repealed:g} = {expected:g}"
        comparisons.append(Comparison(item, expected, now, status, sum_text, label, row, "二"))
    return comparisons


def chain_findings(chain: Chain) -> list[Finding]:
    """The findings a compared pair gives its later report."""
    earlier, later = chain.earlier, chain.later
    if later.report is None:
        return []
    fmt = format_by_id(later.report.layout or "F2021")
    other = f"同一单位{earlier.year}年度报告《{chain.earlier_name or Path(earlier.path).name}》"
    carried_in = fmt.row_label("三", "carried_in")
    carried_out = fmt.row_label("三", "carried_out")
    found: list[Finding] = []
    blocked: list[tuple[str, str]] = []
    for comparison in chain.comparisons:
        if comparison.table != "三":
            continue
        if comparison.status == "broken":
            found.append(
                Finding(
                    rule=CHAIN_BROKEN,
                    category="consistency",
                    severity="error",
                    message=(
                        f"表三“{carried_in}”行“{comparison.label}”列填的是 {comparison.later:g}，"
                        f"但{other}表三“{carried_out}”行同列为 {comparison.earlier:g}。"
                        "上一年度结转下年度继续办理的申请，应作为本年度的上年结转，请核对两份报告。"
                    ),
                    table="三",
                    row=carried_in,
                    column=comparison.label,
                    expected=comparison.earlier,
                    found=comparison.later,
                    anchors=_anchor(later.report, "三", "carried_in", comparison.key),
                    related_file=earlier.path,
                )
            )
        elif comparison.status == "not_comparable":
            blocked.append((comparison.label, comparison.reason))
    if blocked:
        found.append(
            Finding(
                rule=NOT_COMPARABLE,
                category="parse",
                severity="warning",
                message=(
                    f"无法核对本报告表三“{carried_in}”与{other}表三“{carried_out}”是否衔接："
                    f"{'；'.join(group_reasons(blocked, len(fmt.table_three_columns)))}。请对照两份原件人工核对。"
                ),
                table="三",
                row=carried_in,
                anchors=_anchor(later.report, "三", "carried_in", fmt.table_three_columns[0].key),
                related_file=earlier.path,
            )
        )
    for comparison in chain.comparisons:
        if comparison.table == "二" and comparison.status == "broken":
            found.append(
                Finding(
                    rule=IN_FORCE_BREAK,
                    category="consistency",
                    severity="warning",
                    message=(
                        f"表二“{comparison.label}”的现行有效件数为 {comparison.later:g}，而按{other}的"
                        f"现行有效件数加本年制发、减本年废止应为 {comparison.reason}。"
                        "文件也会因到期等原因失效，如属此情况可不改，否则请核对。"
                    ),
                    table="二",
                    row=comparison.label,
                    column=fmt.column_label("二", "in_force"),
                    expected=comparison.earlier,
                    found=comparison.later,
                    anchors=_anchor(later.report, "二", comparison.key, "in_force"),
                    related_file=earlier.path,
                )
            )
    return found


def group_reasons(blocked: list[tuple[str, str]], compared: int) -> list[str]:
    """Columns that fail for the same reason are said once: “自然人”、“总计”列（reason）.

    `compared` is how many columns the pair compared, so "all of them" follows the pair's own format.
    """
    by_reason: dict[str, list[str]] = {}
    for column, reason in blocked:
        by_reason.setdefault(reason, []).append(f"“{column}”")
    if len(by_reason) == 1 and len(blocked) == compared:
        return [f"各列都无法比较（{next(iter(by_reason))}）"]
    return [f"{'、'.join(columns)}列（{reason}）" for reason, columns in by_reason.items()]


def chain_marks(chains: Sequence[Chain]) -> dict[str, list[str]]:
    """For each file in a chain, one line per chain it is in (the window marks a broken chain on both):
    "跨年度 2023→2024（与《b.pdf》）：不一致"."""
    marks: dict[str, list[str]] = {}
    for chain in chains:
        status = STATUS_LABELS[chain.status]
        span = f"{chain.earlier.year}→{chain.later.year}"
        for this, other in ((chain.earlier, chain.later), (chain.later, chain.earlier)):
            line = f"跨年度 {span}（与《{Path(other.path).name}》）：{status}"
            marks.setdefault(this.path, []).append(line)
    return marks


def own_findings(result: Result) -> Result:
    """The result as its own check gave it: without the findings a batch pass added (to run it again
    when the batch changes)."""
    if not any(finding.rule in CROSS_REPORT_RULES for finding in result.findings):
        return result
    return replace(result, findings=tuple(f for f in result.findings if f.rule not in CROSS_REPORT_RULES))
