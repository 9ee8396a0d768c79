"""Publication and preamble: published by the deadline, and the report saying its period, basis and
contact.

- C507: a saved web page's own 发布时间 (`Document.published`, read from the site's block that the
  reader sets aside) later than the deadline for the body's kind: 条例第四十九条 (2019 revision) — a
  县级以上人民政府部门 by 1月31日, a 县级以上地方人民政府's own report by 3月31日 of the next year;
  other kinds (乡镇, 街道) by the deadline the rule pack sets, none nationally.
- C508 / C509 / C516: the report states nowhere the statistics period, the basis it was written on, or
  a contact (each a plain 提示: many reports put them at the top, some at the end, some forget).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from app.core.model import Anchor, Finding, Paragraph
from app.core.rules.base import Context, rule
from app.core.text import normalize_text

KIND_WORDS = {
    "department": "县级以上人民政府部门",
    "government": "县级以上地方人民政府",
    "township": "乡镇、街道",
}
_TOWNSHIP = re.compile(r"(?:乡|镇|街道|街道办事处)(?:人民政府|政府|办事处)?(?:办公室|党政办公室|党政办)?$")
_GOVERNMENT = re.compile(r"(?:人民政府|政府)(?:办公室|办公厅)?$|(?:省|市|区|县|自治州|州|旗|盟)$")
_DEPARTMENT = re.compile(r"(?:局|委员会|委|厅|办公室|办|中心|院|署|队|站|所|会|社|处|部|馆)$")

_PERIOD = re.compile(
    r"(?:19|20)\d{2}\s*年\s*(?:1\s*月\s*1\s*日)?[^。；]{0,12}?至[^。；]{0,12}?12\s*月\s*31\s*日"
)
_PERIOD_WORDS = re.compile(r"统计(?:期限|时限|区间|周期|时段|时间)|数据期限")
_LAW = re.compile(r"《(?:中华人民共和国)?政府信息公开条例》|《条例》")
_WRITTEN = re.compile(r"编制|编写|撰写|制作|制定|形成|本报告|本年度报告")
_CONTACT = re.compile(r"联系|咨询|疑问")
_MEANS = re.compile(r"电话|地址|邮编|邮箱|邮件|传真|@|\d{3,4}\s*[-－—]\s*\d{7,8}|\d{7,11}")
_WHOM = re.compile(r"(?:请|可)(?:与|向|联系)[^，。；]{2,30}?(?:联系|咨询|反映)?")
_SENTENCE = re.compile(r"[^。；！？\n]+")


def body_kind(name: str | None) -> str | None:
    """ "department", "government" or "township" (the keys of a pack's deadlines) from the body's name;
    None when the name does not tell (a 管委会, an unnamed body)."""
    if not name:
        return None
    text = normalize_text(name).strip('《》“”" ')
    if "管委会" in text or "管理委员会" in text:
        return None  # a development zone's committee: its county decides which deadline applies
    if _TOWNSHIP.search(text):
        return "township"
    if _GOVERNMENT.search(text):
        return "government"
    if _DEPARTMENT.search(text):
        return "department"
    return None


def _title_anchor(context: Context) -> tuple[Anchor, ...]:
    block = context.report.title_block
    return (Anchor(block=block),) if block is not None else ()


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@rule("C507", "晚于期限公布", "warning", "content")
def published_late(context: Context) -> Iterator[Finding]:
    published, year = context.document.published, context.report.year
    kind = body_kind(context.report.body)
    if published is None or year is None or kind is None:
        return
    deadline = context.pack.deadline(kind, year)
    if deadline is None or published <= deadline:
        return
    basis = "《中华人民共和国政府信息公开条例》第四十九条" if kind != "township" else "本地规定"
    yield published_late.finding(
        f"网页显示本报告的发布时间是{_day(published)}，晚于{KIND_WORDS[kind]}公布{year}年度报告的期限"
        f"（{_day(deadline)}前，{basis}）。请核实发布时间；如确属逾期公布，应在今后按期公布。",
        expected=deadline.isoformat(),
        found=published.isoformat(),
        anchors=_title_anchor(context),
    )


def _sentences(context: Context) -> Iterator[str]:
    title = context.report.title_block
    for index, block in enumerate(context.document.blocks):
        if isinstance(block, Paragraph) and index != title:
            yield from _SENTENCE.findall(normalize_text(block.text))


def _asks(context: Context) -> bool:
    """Only a report read as one (its sections there, in scope) is asked for its preamble."""
    return len(context.report.sections) >= 3 and not context.out_of_scope


@rule("C508", "未说明统计期限", "info", "content")
def no_period(context: Context) -> Iterator[Finding]:
    if not _asks(context):
        return
    if any(_PERIOD.search(text) or _PERIOD_WORDS.search(text) for text in _sentences(context)):
        return
    year = context.report.year or "本"
    yield no_period.finding(
        f"报告没有说明数据的统计期限。请在报告开头写明“本报告中所列数据的统计期限自{year}年1月1日起至"
        f"{year}年12月31日止”。",
        anchors=_title_anchor(context),
    )


@rule("C509", "未说明编制依据", "info", "content")
def no_basis(context: Context) -> Iterator[Finding]:
    if not _asks(context):
        return
    if any(_LAW.search(text) and _WRITTEN.search(text) for text in _sentences(context)):
        return
    yield no_basis.finding(
        "报告没有说明编制依据。请在报告开头写明本报告根据《中华人民共和国政府信息公开条例》和"
        "年度报告格式的要求编制。",
        anchors=_title_anchor(context),
    )


@rule("C516", "未提供联系方式", "info", "content")
def no_contact(context: Context) -> Iterator[Finding]:
    if not _asks(context):
        return
    if any(
        _CONTACT.search(text) and (_MEANS.search(text) or _WHOM.search(text)) for text in _sentences(context)
    ):
        return
    yield no_contact.finding(
        "报告没有提供联系方式。请写明对本报告有疑问时的联系单位和电话（或地址、邮箱）。",
        anchors=_title_anchor(context),
    )


RULES = (published_late, no_period, no_basis, no_contact)
