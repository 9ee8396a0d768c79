"""Layout rules: which format the tables follow against the report year; rows and labels that deviate."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.core.formats import ReportFormat, all_formats, format_for_year
from app.core.model import Anchor, Finding
from app.core.recognise import RowMatch
from app.core.rules.base import Context, rule
from app.core.wording import layout_name


def _first_table_anchor(context: Context) -> tuple[Anchor, ...]:
    for match in context.recognition.matches:
        return (match.line.anchor(0),)
    return ()


def _layout_and_due(context: Context) -> tuple[ReportFormat, ReportFormat] | None:
    """(the format the tables follow, the format the report's year asks for) when they differ."""
    report = context.report
    if report.layout is None or report.year is None:
        return None
    used = next((fmt for fmt in all_formats() if fmt.id == report.layout), None)
    due = format_for_year(report.year)
    if used is None or due is None or used.covers(report.year):
        return None
    return used, due


@rule("L201", "使用了过时的表格格式", "error", "layout")
def outdated_layout(context: Context) -> Iterator[Finding]:
    pair = _layout_and_due(context)
    if pair is None or pair[0].first_year > pair[1].first_year:
        return
    used, due = pair
    yield outdated_layout.finding(
        f"这是{context.report.year}年度的年报，统计表却使用了{layout_name(used.id)}（{used.basis}）："
        f"{used.signs}。{due.first_year}年度起应使用{due.basis}规定的新格式，请按新格式重新填报三张表。",
        expected=due.id,
        found=used.id,
        anchors=_first_table_anchor(context),
    )


@rule("L202", "按新格式补报旧年度", "warning", "layout")
def backfilled_layout(context: Context) -> Iterator[Finding]:
    pair = _layout_and_due(context)
    if pair is None or pair[0].first_year < pair[1].first_year:
        return
    used, due = pair
    year = context.report.year
    yield backfilled_layout.finding(
        f"这是{year}年度的年报，统计表却使用了{used.first_year}年新格式。{year}年度应使用"
        f"{layout_name(due.id)}（{due.basis}），请确认是否为补报。",
        expected=due.id,
        found=used.id,
        anchors=_first_table_anchor(context),
    )


@rule("L203", "表格缺少行", "warning", "layout")
def missing_rows(context: Context) -> Iterator[Finding]:
    fmt = context.format
    tables = context.report.tables
    expected_rows = {
        "二": [row for block in fmt.table_two for row in block.rows],
        "三": list(fmt.table_three_rows),
    }
    for name, rows in expected_rows.items():
        table = tables.get(name)
        if table is None:
            continue
        present = {key for key, _ in table.cells}
        present |= {row for rows in table.collapsed.values() for row in rows}
        anchor = _table_anchor(context, name)
        for row in rows:
            if row.key in present:
                continue
            yield missing_rows.finding(
                f"{fmt.table(name).title}没有找到“{row.label}”这一行。请按{layout_name(fmt.id)}补齐该行（没有数据的填0）。",
                table=name,
                row=fmt.row_label(name, row.key),
                anchors=anchor,
            )


def _table_anchor(context: Context, name: str) -> tuple[Anchor, ...]:
    for match in context.recognition.matches:
        if match.table == name:
            return (Anchor(block=match.line.block),)
    return ()


@rule("L204", "表格多出行", "warning", "layout")
def extra_rows(context: Context) -> Iterator[Finding]:
    for problem in context.recognition.problems:
        if problem.kind not in ("extra", "subtotal"):
            continue
        if (
            problem.kind == "extra"
            and not problem.key
            and context.pack.tolerates_row(problem.table, problem.label)
        ):
            continue  # a row the local pack adds to the national format
        if problem.kind == "subtotal":
            message = f"{_title(context, problem.table)}中“{problem.label}”一行填了数字，格式中该行只是分组标题，不应有小计。"
        elif problem.key:
            official = context.format.row_label(problem.table, problem.key)
            message = f"{_title(context, problem.table)}中“{official}”一行出现了两次，第二次的数字未参与核算，请删除重复行。"
        else:
            message = f"{_title(context, problem.table)}中有格式之外的行“{problem.label}”，这是对全国统一格式的改动，请确认是否需要。"
        yield extra_rows.finding(
            message + _local_note(context, problem.table, problem.label),
            table=problem.table,
            row=problem.label,
            anchors=(problem.line.anchor(0),),
        )


@rule("L205", "行名称与格式不同", "warning", "layout")
def label_deviation(context: Context) -> Iterator[Finding]:
    deviating = [m for m in context.recognition.matches if m.table != "四" and not _same_label(m)]
    by_pattern: dict[tuple[str, str], list[RowMatch]] = {}
    for match in deviating:
        pattern = _deviation_pattern(match)
        if pattern is not None:
            by_pattern.setdefault((match.table, pattern), []).append(match)
    repeated = {id(m) for group in by_pattern.values() if len(group) >= MIN_REPEATED_ROWS for m in group}
    for (table, _), group in by_pattern.items():
        if len(group) >= MIN_REPEATED_ROWS:
            yield _repeated_deviation(context, table, group)
    for match in deviating:
        if id(match) in repeated:
            continue
        official = context.format.row_label(match.table, match.key)
        yield label_deviation.finding(
            f"{_title(context, match.table)}的行名称“{match.written}”与格式规定的“{official}”不一致，请改为规定的名称。"
            + (
                _local_note(context, match.table, match.written)
                or _local_note(context, match.table, match.official)
            ),
            table=match.table,
            row=official,
            expected=official,
            found=match.written,
            anchors=(_label_anchor(match),),
        )


MIN_REPEATED_ROWS = 3  # the same deviation in this many rows is one finding naming them
_NUMERALS = re.compile(r"\d+|[一二三四五六七八九十]+")


def _deviation_pattern(match: RowMatch) -> str | None:
    """What a written label lacks or adds against the official one, numbers generalised: 「属于国家秘密」
    for 「1.属于国家秘密」 gives "-0.|"; None when the difference is not a mere prefix or suffix."""
    written, official = _plain(match.written), _plain(match.official)
    if written and written in official:
        start = official.index(written)
        lacks, adds = (official[:start], official[start + len(written) :]), ("", "")
    elif official in written:
        start = written.index(official)
        lacks, adds = ("", ""), (written[:start], written[start + len(official) :])
    else:
        return None
    return "|".join(_NUMERALS.sub("0", part) for part in (*lacks, *adds))


def _repeated_deviation(context: Context, table: str, group: list[RowMatch]) -> Finding:
    fmt = context.format
    first = group[0]
    official = fmt.row_label(table, first.key)
    listed = "、".join(f"“{match.written}”" for match in group[:4]) + (
        f"等{len(group)}行" if len(group) > 4 else ""
    )
    return label_deviation.finding(
        f"{_title(context, table)}有{len(group)}行的行名称与格式规定的写法有同样的差别（{listed}），"
        f"如“{first.written}”按格式应为“{official}”。请按格式统一改正这些行名称。",
        table=table,
        expected=official,
        found=first.written,
        anchors=tuple(_label_anchor(match) for match in group),
    )


def _label_anchor(match: RowMatch) -> Anchor:
    return match.line.anchor(max(match.line.label_cells - 1, 0))


def _plain(label: str) -> str:
    return label.replace('"', "").replace("'", "")


def _title(context: Context, table: str) -> str:
    return context.format.table(table).title


def _local_note(context: Context, table: str, label: str) -> str:
    note = context.pack.label_note(table, label)
    return f"（{context.pack.name}：{note}）" if note else ""


def _same_label(match: RowMatch) -> bool:
    written, official = _plain(match.written), _plain(match.official)
    return written == official or written.endswith(official)


@rule("L206", "分组只填了一行", "warning", "layout")
def collapsed_group(context: Context) -> Iterator[Finding]:
    fmt = context.format
    for match in context.recognition.collapsed:
        subs = [
            row.label
            for row in fmt.table_three_rows
            if row.key in context.report.tables["三"].collapsed[match.key]
        ]
        group = fmt.table("三").row(match.key).group
        whole = next((other for other in all_formats() if _as_one_row(other, group)), None)
        older = f"这是{layout_name(whole.id)}的写法；" if whole is not None else ""
        yield collapsed_group.finding(
            f"{fmt.table('三').title}的“{match.written}”只填了一行，{older}"
            f"{context.report.year or fmt.first_year}年度应使用{layout_name(fmt.id)}，把该项分为{len(subs)}行（{'、'.join(subs)}）分别填写。"
            "核对勾稽关系时，暂把这一行当作这几行之和。",
            table="三",
            row=fmt.row_label("三", match.key),
            expected="、".join(subs),
            found=match.written,
            anchors=(_label_anchor(match),),
        )


def _as_one_row(fmt: ReportFormat, group: str | None) -> bool:
    """Whether `fmt` has the group of table 三 as one row of values (not split into items)."""
    return any(row.group == group and row.item is None for row in fmt.table("三").rows)


RULES = (outdated_layout, backfilled_layout, missing_rows, extra_rows, label_deviation, collapsed_group)
