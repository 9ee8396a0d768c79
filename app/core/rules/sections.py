"""Section rules: the six sections present, once each, in order; variants and scope said plainly."""

from __future__ import annotations

from collections.abc import Iterator

from app.core.model import Anchor, Finding
from app.core.rules.base import Context, rule


def _checkable(context: Context) -> bool:
    """Section rules apply to a full report in scope, not to a workbook holding only the tables."""
    return not context.out_of_scope and bool(context.report.sections)


@rule("S101", "缺少章节", "error", "section")
def missing_section(context: Context) -> Iterator[Finding]:
    if not _checkable(context):
        return
    present = {hit.key for hit in context.report.sections}
    specs = context.format.sections
    for position, spec in enumerate(specs):
        if spec.key in present:
            continue
        following = next(
            (hit for hit in context.report.sections if [s.key for s in specs].index(hit.key) > position),
            None,
        )
        anchors = (Anchor(block=following.block, before=True),) if following else ()
        where = f"应位于“{following.heading}”之前" if following else "应位于报告末尾"
        yield missing_section.finding(
            f"缺少第{spec.key}部分“{spec.heading}”（{where}）。请按年报格式补写该部分；没有内容的也应保留标题并写明“无”。",
            section=spec.heading,
            anchors=anchors,
        )


@rule("S102", "章节重复", "error", "section")
def duplicated_section(context: Context) -> Iterator[Finding]:
    if not _checkable(context):
        return
    seen: set[str] = set()
    for hit in context.report.sections:
        if hit.key in seen:
            heading = next(s.heading for s in context.format.sections if s.key == hit.key)
            yield duplicated_section.finding(
                f"第{hit.key}部分“{heading}”出现了不止一次，请删除重复的部分或改正标题。",
                section=heading,
                anchors=(Anchor(block=hit.block),),
            )
        seen.add(hit.key)


@rule("S103", "章节顺序错误", "error", "section")
def section_order(context: Context) -> Iterator[Finding]:
    if not _checkable(context):
        return
    order = [s.key for s in context.format.sections]
    highest = -1
    seen: set[str] = set()
    for hit in context.report.sections:
        if hit.key in seen:
            continue
        seen.add(hit.key)
        position = order.index(hit.key)
        if position < highest:
            heading = context.format.sections[position].heading
            yield section_order.finding(
                f"第{hit.key}部分“{heading}”的位置不对：六个部分应按一至六的顺序排列。",
                section=heading,
                anchors=(Anchor(block=hit.block),),
            )
        highest = max(highest, position)


@rule("S104", "章节标题与格式不同", "info", "section")
def variant_heading(context: Context) -> Iterator[Finding]:
    if not _checkable(context):
        return
    for hit in context.report.sections:
        if not hit.variant:
            continue
        spec = next(s for s in context.format.sections if s.key == hit.key)
        yield variant_heading.finding(
            f"标题“{hit.heading}”与格式规定的“{spec.heading}”不完全一致（可接受），建议统一为规定的写法。",
            section=spec.heading,
            expected=spec.heading,
            found=hit.heading,
            anchors=(Anchor(block=hit.block),),
        )


@rule("S105", "只含统计表", "warning", "section")
def tables_only(context: Context) -> Iterator[Finding]:
    if context.report.sections or not context.recognition.tables_seen:
        return
    yield tables_only.finding(
        "文件中只找到统计表，没有找到正文的六个部分（一、总体情况……六、其他需要报告的事项），"
        "正文部分未检查。如这是年报的附表，请连同正文一起检查。"
    )


@rule("S106", "年度不在检查范围", "warning", "section")
def out_of_scope(context: Context) -> Iterator[Finding]:
    if not context.out_of_scope:
        return
    yield out_of_scope.finding(
        f"这是{context.report.year}年度的年报。2019年以前的年报没有全国统一格式，"
        "本工具不检查其章节和表格格式，只核对能识别的表格数字。",
    )


RULES = (missing_section, duplicated_section, section_order, variant_heading, tables_only, out_of_scope)
