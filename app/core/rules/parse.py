"""Parse rules: what could not be read reliably is said, never passed over in silence."""

from __future__ import annotations

from collections.abc import Iterator

from app.core.model import Anchor, Finding
from app.core.rules.base import Context, rule


@rule("P601", "行内数值个数不对", "warning", "parse")
def misplaced_values(context: Context) -> Iterator[Finding]:
    by_table: dict[str, list] = {}
    for problem in context.recognition.problems:
        if problem.kind in ("short", "long"):
            by_table.setdefault(problem.table, []).append(problem)
    fmt = context.format
    for table, problems in by_table.items():
        rows = "、".join(
            f"“{fmt.row_label(table, p.key).split(' ')[-1]}”（读到{p.found}个）" for p in problems[:6]
        ) + (f"等{len(problems)}行" if len(problems) > 6 else "")
        yield misplaced_values.finding(
            f"{fmt.table(table).title}中 {rows} 的数值个数与格式不符（应为{problems[0].expected}个），"
            "无法确定缺了或多了哪一列，这些行未参与勾稽核算。请对照原表核对这些行。",
            table=table,
            row=fmt.row_label(table, problems[0].key) if len(problems) == 1 else None,
            anchors=tuple(Anchor(block=p.line.block, row=p.line.row_index) for p in problems),
        )


@rule("P602", "未能识别统计表", "warning", "parse")
def table_not_found(context: Context) -> Iterator[Finding]:
    report = context.report
    if not report.sections or context.out_of_scope:
        return
    for name, title in ((spec.key, spec.title) for spec in context.format.tables):
        if name in report.tables:
            continue
        # a table sits in the section of its own number
        heading = report.section_heading(name)
        flattened = next((d for d in report.doubts if d.kind == "no_cells" and d.table == name), None)
        if flattened is not None:
            yield table_not_found.finding(
                f"{flattened.message}。", table=name, anchors=(Anchor(block=flattened.blocks[0]),)
            )
            continue
        yield table_not_found.finding(
            f"未能识别{title}，该表的格式和数字都没有检查。如果表格是图片或格式特殊，请人工核对。",
            table=name,
            section=heading.heading if heading else None,
            anchors=(Anchor(block=heading.block),) if heading else (),
        )


@rule("P603", "读取时发现的问题", "warning", "parse")
def reader_notes(context: Context) -> Iterator[Finding]:
    for note in context.document.notes:
        anchors = ()
        if note.block is not None:
            anchors = (Anchor(block=note.block, row=note.row, cell=note.cell),)
        yield reader_notes.finding(note.message, anchors=anchors)


@rule("P604", "未能识别年度", "warning", "parse")
def year_unknown(context: Context) -> Iterator[Finding]:
    if context.report.year is not None:
        return
    yield year_unknown.finding(
        "未能从标题或统计期限中识别报告年度，因此无法判断应使用哪一年的表格格式。请检查标题是否写明“XXXX年政府信息公开工作年度报告”。",
        anchors=(Anchor(block=context.report.title_block),) if context.report.title_block is not None else (),
    )


RULES = (misplaced_values, table_not_found, reader_notes, year_unknown)
