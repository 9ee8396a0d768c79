"""Consistency and content rules: the text agrees with the tables and with the report year."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.core.formats import ReportFormat, Statement, all_formats, format_for_year
from app.core.model import Anchor, Finding, Paragraph
from app.core.rules.base import Context, Rule, rule
from app.core.statements import says
from app.core.text import normalize_text
from app.core.wording import layout_name

_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*至\s*(?:(?:19|20)\d{2}\s*年)?\s*12\s*月\s*31\s*日"
)
_NO_APPLICATIONS = re.compile(r"(?:未|没有)收到(?:(?!复议|诉讼|投诉|举报|信访)[^。；，]){0,12}申请")
_NO_REVIEW = re.compile(r"(?:未|没有)(?!经)(?:发生|出现|收到)?[^。；，]{0,10}行政复议")
_NO_LAWSUIT = re.compile(r"(?:未|没有)(?!经)(?:发生|出现|收到)?[^。；，]{0,16}行政诉讼")


def _paragraphs(context: Context) -> Iterator[tuple[int, str]]:
    """(block index, text as written): spans found here are exact offsets into the paragraph."""
    for index, block in enumerate(context.document.blocks):
        if isinstance(block, Paragraph):
            yield index, block.text


def _cell_total(context: Context, table: str, row: str, columns: tuple[str, ...]) -> float | None:
    recognised = context.report.tables.get(table)
    if recognised is None:
        return None
    values = [recognised.cells.get((row, column)) for column in columns]
    if any(cell is None or cell.value is None for cell in values):
        return None
    return sum(cell.value for cell in values)


@rule("C501", "标题年度与统计期限不一致", "error", "consistency")
def period_year(context: Context) -> Iterator[Finding]:
    year = context.report.year
    if year is None:
        return
    for index, text in _paragraphs(context):
        match = _PERIOD.search(text)
        if not match:
            continue
        period = int(match.group(1))
        if period != year:
            yield period_year.finding(
                f"报告年度是{year}年，但统计期限写的是{period}年1月1日至12月31日，请改为{year}年。",
                expected=year,
                found=period,
                anchors=(Anchor(block=index, start=match.start(), end=match.end()),),
            )
        return


def _text_vs_table(
    context: Context, pattern: re.Pattern, total: float | None, what: str, table_name: str
) -> Iterator[tuple[int, re.Match, str]]:
    if not total:
        return
    for index, text in _paragraphs(context):
        match = pattern.search(text)
        if match:
            yield (
                index,
                match,
                (
                    f"正文说“{match.group(0)}”，但{table_name}中{what}合计为 {total:g}，文字与表格矛盾，请核对。"
                ),
            )


@rule("C502", "正文称未收到申请但表三有数", "error", "consistency")
def no_applications(context: Context) -> Iterator[Finding]:
    total = _cell_total(context, "三", "new", ("total",))
    for index, match, message in _text_vs_table(context, _NO_APPLICATIONS, total, "本年新收申请", "表三"):
        # "未收到申请" alone could mean another kind of application: certain only when it names 信息公开.
        certain = "信息公开" in match.group(0) or "依申请" in match.group(0)
        yield no_applications.finding(
            message,
            severity="error" if certain else "warning",
            table="三",
            row="一、本年新收政府信息公开申请数量",
            column="总计",
            found=total,
            anchors=(Anchor(block=index, start=match.start(), end=match.end()),),
        )


@rule("C503", "正文称无复议诉讼但表四有数", "error", "consistency")
def no_cases(context: Context) -> Iterator[Finding]:
    review = _cell_total(context, "四", "cases", ("review.total",))
    lawsuits = _cell_total(context, "四", "cases", ("direct.total", "after.total"))
    for pattern, total, what in ((_NO_REVIEW, review, "行政复议"), (_NO_LAWSUIT, lawsuits, "行政诉讼")):
        for index, match, message in _text_vs_table(context, pattern, total, what, "表四"):
            yield no_cases.finding(
                message,
                table="四",
                found=total,
                anchors=(Anchor(block=index, start=match.start(), end=match.end()),),
            )


@rule("C504", "引用了旧格式文件", "warning", "consistency")
def old_basis(context: Context) -> Iterator[Finding]:
    year = context.report.year
    due = format_for_year(year) if year is not None else None
    if due is None:
        return
    older = [
        fmt
        for fmt in all_formats()
        if fmt.first_year < due.first_year and fmt.basis and fmt.basis != due.basis
    ]
    if not older:
        return
    for index, text in _paragraphs(context):
        for fmt in older:
            match = fmt.basis_pattern.search(text)
            if match:
                yield old_basis.finding(
                    f"{year}年度年报引用了“{fmt.basis}”，{due.first_year}年度起的年报格式依据是{due.basis}。",
                    anchors=(Anchor(block=index, start=match.start(), end=match.end()),),
                )
                break


def _missing_statement(
    context: Context, owner: Rule, fmt: ReportFormat | None, key: str
) -> Iterator[Finding]:
    """The format's statement `key` not made in its section (nothing when the format asks none)."""
    statement: Statement | None = fmt.statement(key) if fmt is not None else None
    if statement is None or context.out_of_scope:
        return
    hit = context.report.section_heading(statement.section)
    if hit is None:
        return
    text = "\n".join(normalize_text(text) for _, text in context.report.section_pieces(statement.section))
    if says(statement, text):
        return
    yield owner.finding(
        f"第{statement.section}部分没有说明{statement.what}。按{layout_name(fmt.id)}，{statement.advice}。",
        section=hit.heading,
        anchors=(Anchor(block=hit.block),),
    )


@rule("C505", "未说明信息处理费", "warning", "content")
def processing_fee(context: Context) -> Iterator[Finding]:
    # Asked by the format the tables follow: a report on the 2019 tables was not asked for it.
    layout = next((fmt for fmt in all_formats() if fmt.id == context.report.layout), None)
    yield from _missing_statement(context, processing_fee, layout, "processing_fee")


@rule("C506", "未说明改进情况", "warning", "content")
def improvement(context: Context) -> Iterator[Finding]:
    yield from _missing_statement(context, improvement, context.format, "improvement")


RULES = (period_year, no_applications, no_cases, old_basis, processing_fee, improvement)
