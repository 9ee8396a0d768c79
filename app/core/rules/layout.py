"""Layout rules: which format the tables follow against the report year; rows and labels that deviate."""

from __future__ import annotations

from collections.abc import Iterator

from app.core.model import Anchor, Finding
from app.core.recognise import RowMatch
from app.core.rules.base import Context, rule
from app.core.wording import layout_name

TABLE_TITLES = {"二": "表二（主动公开）", "三": "表三（依申请公开）", "四": "表四（复议诉讼）"}


def _first_table_anchor(context: Context) -> tuple[Anchor, ...]:
    for match in context.recognition.matches:
        return (match.line.anchor(0),)
    return ()


@rule("L201", "使用了过时的表格格式", "error", "layout")
def outdated_layout(context: Context) -> Iterator[Finding]:
    report = context.report
    if report.layout != "F2019" or report.year is None or report.year < 2021:
        return
    yield outdated_layout.finding(
        f"这是{report.year}年度的年报，统计表却使用了2019年试行格式（国办公开办函〔2019〕60号）："
        "表二有“本年新制作数量”“上一年项目数量”等旧栏目，或表三“（六）其他处理”没有分列三项。"
        "2021年度起应使用国办公开办函〔2021〕30号规定的新格式，请按新格式重新填报三张表。",
        expected="F2021",
        found="F2019",
        anchors=_first_table_anchor(context),
    )


@rule("L202", "按新格式补报旧年度", "warning", "layout")
def backfilled_layout(context: Context) -> Iterator[Finding]:
    report = context.report
    if report.layout != "F2021" or report.year not in (2019, 2020):
        return
    yield backfilled_layout.finding(
        f"这是{report.year}年度的年报，统计表却使用了2021年新格式。{report.year}年度应使用"
        "2019年试行格式（国办公开办函〔2019〕60号），请确认是否为补报。",
        expected="F2019",
        found="F2021",
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
                f"{TABLE_TITLES[name]}没有找到“{row.label}”这一行。请按{layout_name(fmt.id)}补齐该行（没有数据的填0）。",
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
            message = f"{TABLE_TITLES[problem.table]}中“{problem.label}”一行填了数字，格式中该行只是分组标题，不应有小计。"
        elif problem.key:
            official = context.format.row_label(problem.table, problem.key)
            message = f"{TABLE_TITLES[problem.table]}中“{official}”一行出现了两次，第二次的数字未参与核算，请删除重复行。"
        else:
            message = f"{TABLE_TITLES[problem.table]}中有格式之外的行“{problem.label}”，这是对全国统一格式的改动，请确认是否需要。"
        yield extra_rows.finding(
            message + _local_note(context, problem.table, problem.label),
            table=problem.table,
            row=problem.label,
            anchors=(problem.line.anchor(0),),
        )


@rule("L205", "行名称与格式不同", "warning", "layout")
def label_deviation(context: Context) -> Iterator[Finding]:
    for match in context.recognition.matches:
        if match.table == "四" or _same_label(match):
            continue
        official = context.format.row_label(match.table, match.key)
        yield label_deviation.finding(
            f"{TABLE_TITLES[match.table]}的行名称“{match.written}”与格式规定的“{official}”不一致，请改为规定的名称。"
            + (
                _local_note(context, match.table, match.written)
                or _local_note(context, match.table, match.official)
            ),
            table=match.table,
            row=official,
            expected=official,
            found=match.written,
            anchors=(match.line.anchor(max(match.line.label_cells - 1, 0)),),
        )


def _local_note(context: Context, table: str, label: str) -> str:
    note = context.pack.label_note(table, label)
    return f"（{context.pack.name}：{note}）" if note else ""


def _same_label(match: RowMatch) -> bool:
    written = match.written.replace('"', "").replace("'", "")
    official = match.official.replace('"', "").replace("'", "")
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
        yield collapsed_group.finding(
            f"{TABLE_TITLES['三']}的“{match.written}”只填了一行，这是2019年格式的写法；"
            f"{context.report.year or '2021'}年度应使用2021年格式，把该项分为{len(subs)}行（{'、'.join(subs)}）分别填写。"
            "核对勾稽关系时，暂把这一行当作这几行之和。",
            table="三",
            row=fmt.row_label("三", match.key),
            expected="、".join(subs),
            found=match.written,
            anchors=(match.line.anchor(max(match.line.label_cells - 1, 0)),),
        )


RULES = (outdated_layout, backfilled_layout, missing_rows, extra_rows, label_deviation, collapsed_group)
