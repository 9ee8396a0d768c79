"""The pass that compares one body's consecutive years: carry-over chains and 现行有效件数.

What no single report shows is whether one year's 四、结转下年度继续办理 reappears as the next year's
二、上年结转 (column by column), and whether table 二's 现行有效件数 follows from last year's figure.
An error is said only when both cells were read reliably (`app.core.doubts.is_reliable`); otherwise
the pair is "not comparable" and a parse warning says what could not be compared. A year held twice
is not chained (the duplicates pass says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.core.batch.base import Batch, PassOutput
from app.core.batch.bodies import display_body
from app.core.batch.rules import CHAIN_BROKEN, IN_FORCE_BREAK, NOT_COMPARABLE
from app.core.doubts import cell_number
from app.core.formats import ReportFormat, all_formats
from app.core.model import Anchor, Finding, Report, Result

Status = Literal["holds", "broken", "not_comparable"]
STATUS_LABELS: dict[str, str] = {"holds": "成立", "broken": "不一致", "not_comparable": "无法比较"}

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


def _anchor(report: Report, table: str, row: str, column: str) -> tuple[Anchor, ...]:
    recognised = report.tables.get(table)
    cell = recognised.cells.get((row, column)) if recognised else None
    return (cell.anchor,) if cell is not None and cell.anchor is not None else ()


def compare_chains(batch: Batch) -> PassOutput:
    """Every pair of consecutive years of one body compared; findings go on the later report."""
    output = PassOutput()
    for year, earlier, later in batch.year_pairs():
        body = display_body(batch.results[later[0]])
        if len(earlier) > 1 or len(later) > 1:
            note = f"{year if len(earlier) > 1 else year + 1}年度有两份报告，无法确定以哪一份为准，未作比较"
            output.chains.append(Chain(body, batch.results[earlier[0]], batch.results[later[0]], note=note))
            continue
        first, second = batch.results[earlier[0]], batch.results[later[0]]
        chain = compare_pair(body, first, second, batch.names[first.path])
        output.chains.append(chain)
        output.findings.extend((later[0], finding) for finding in chain_findings(chain))
    return output


def compare_pair(body: str, earlier: Result, later: Result, earlier_name: str = "") -> Chain:
    """Year N's 结转下年度继续办理 against year N+1's 上年结转, column by column, and 现行有效件数."""
    earlier_name = earlier_name or Path(earlier.path).name
    if earlier.report is None or later.report is None:
        return Chain(body, earlier, later, note="报告未能读取", earlier_name=earlier_name)
    comparisons: list[Comparison] = []
    fmt = _format_of(later)
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


def _format_of(result: Result) -> ReportFormat:
    """The format a result's tables were read against (the newest when none was recognised)."""
    layout = result.report.layout if result.report else None
    return next((fmt for fmt in all_formats() if fmt.id == layout), all_formats()[-1])


def _in_force_comparisons(earlier: Result, later: Result) -> list[Comparison]:
    """现行有效件数 = last year's + this year's 制发 − 废止, on the table-二 rows both formats carry
    over (the 2019 table 二 has no 现行有效件数)."""
    if earlier.layout is None or later.layout is None:
        return []
    fmt = _format_of(later)
    rows = [row for row in fmt.shape.in_force_rows if row in _format_of(earlier).shape.in_force_rows]
    comparisons = []
    for row in rows:
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
    fmt = _format_of(later)
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
                CHAIN_BROKEN.finding(
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
            NOT_COMPARABLE.finding(
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
                IN_FORCE_BREAK.finding(
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
