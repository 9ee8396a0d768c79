"""Title, year and body of a report."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.core.model import (
    Document,
    Paragraph,
)
from app.core.text import (
    normalize_label,
    normalize_text,
    years_in,
)

_HEADING = re.compile(r"^([一二三四五六七八九十]+)[.,:]")
_FIELD_LABEL = re.compile(r"^(?:标题|题目|文章标题|名称|title)\s*[:：]\s*", re.IGNORECASE)
_TITLE_WORDS = ("年度报告", "工作报告", "年报")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?\s*(?:的)?\s*(?:政府|政务)?信息公开")
_OTHER_FIELD = re.compile(r"^[^\s:：]{1,8}\s*[:：]")  # 「栏目:」「来源：」…, the title's own label stripped
_ANY_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
_PERIOD_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")


def paragraphs(document: Document) -> Iterator[tuple[int, Paragraph]]:
    for index, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            yield index, block


def find_title(document: Document, first_section_block: int | None) -> tuple[str | None, int | None]:
    """The title: the paragraph naming the annual report, joined with a body line above it.

    The title is a whole title — a year, 公开 and 年度报告 or 年报 in one line, not a sentence —
    standing before the first section: the last such line there, since a saved web page printed to PDF
    or copied into Word opens with the site's navigation (the breadcrumb 「政府信息公开年报」, a list of
    other years' reports in the margin) and the article's own title stands right above the article.
    Only without any whole title is the first of the opening lines naming the report taken (a template
    titled without its year).
    """
    limit = first_section_block if first_section_block is not None else _NO_SECTION_LIMIT
    whole = [
        (index, text)
        for index, paragraph in paragraphs(document)
        if index < limit and _is_whole_title(text := _FIELD_LABEL.sub("", paragraph.text.strip()))
    ]
    if not whole:
        return _opening_title(document, limit)
    index, title = whole[-1]
    if not body_from_title(title):
        # Title over two lines: "XX县工业信息科技局" / "2020 年政府信息公开工作年度报告".
        above = _paragraph_above(document, index)
        if (
            above
            and len(above) <= 40
            and not _HEADING.match(normalize_label(above))
            and not _is_whole_title(above)
        ):
            title = above + title
    return re.sub(r"\s+", " ", title).strip(), index


def _paragraph_above(document: Document, index: int) -> str | None:
    for block in reversed(document.blocks[:index]):
        if isinstance(block, Paragraph) and block.text.strip():
            return _FIELD_LABEL.sub("", block.text.strip())
    return None


# How far into a document without any recognised section the title is looked for.
_NO_SECTION_LIMIT = 60
_TITLE_MAX = 80  # characters: a longer paragraph is a sentence about the report, not its title


def _is_whole_title(text: str) -> bool:
    """A line that reads as a whole title; never a field of a page's or a crawler's metadata
    (「本地目录: …/80576_XX2019年度…年度报告」, 「栏目: 政府信息公开年报」) nor a path or link."""
    plain = normalize_text(text)
    return (
        len(plain) <= _TITLE_MAX
        and not _OTHER_FIELD.match(plain)
        and not any(mark in plain for mark in ("/", "\\", "http", ".htm"))
        and not plain.endswith(("。", "；", ";", "，", ","))
        and _ANY_YEAR.search(plain) is not None
        and "公开" in plain
        and any(word in plain for word in _TITLE_WORDS)
    )


def _opening_title(document: Document, limit: int) -> tuple[str | None, int | None]:
    """The title among the first lines: the first paragraph naming the annual report."""
    before: list[tuple[int, str]] = []
    for index, paragraph in paragraphs(document):
        if index >= limit and before:
            break
        # a crawler's or a site's field label before the title ("标题: …")
        text = _FIELD_LABEL.sub("", paragraph.text.strip())
        if any(word in normalize_text(text) for word in _TITLE_WORDS):
            title = text
            if not body_from_title(text):
                # Title over two lines: "XX县工业信息科技局" / "2020 年政府信息公开工作年度报告".
                if before and len(before[-1][1]) <= 40 and not _HEADING.match(normalize_label(before[-1][1])):
                    title = before[-1][1] + text
            return re.sub(r"\s+", " ", title).strip(), index
        before.append((index, text))
        if len(before) > 6:
            break
    return None, None


def body_from_title(title: str) -> str | None:
    text = normalize_text(title)
    match = re.search(r"(?:19|20)\d{2}年", text)
    body = text[: match.start()] if match else ""
    body = body.strip('《》"“” ')
    return body or None


def find_year(document: Document, title: str | None) -> int | None:
    if title:
        match = _TITLE_YEAR.search(normalize_text(title))
        if match:
            return int(match.group(1))
        years = years_in(title)
        if years:
            return years[0]
    head = " ".join(p.text for _, p in list(paragraphs(document))[:30])
    match = _PERIOD_YEAR.search(normalize_text(head))
    if match:
        return int(match.group(1))
    match = _TITLE_YEAR.search(normalize_text(head))
    return int(match.group(1)) if match else None
