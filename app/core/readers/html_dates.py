"""The day a saved web page says it was published: the site's own 发布时间, set aside from the report.

Government sites print it in the block the reader leaves out as chrome (`html_container`): the
索引号 table (发布日期), the article's info line (来源：… 时间：…), or only in the page's head
(<meta name="PubDate">, <meta name="firstpublishedtime">, as the common site systems write it).
成文日期 and 发文日期 are the day the document was signed, not published, and are not taken.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

_DAY = r"((?:19|20)\d{2})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})"
# A label that says "published" whatever surrounds it.
_PUBLISHED = re.compile(r"(?:发布|公开|发表|上线)(?:时间|日期)\s*[:：]?\s*" + _DAY)
# 时间：/ 日期： alone only in the article's info line, beside 来源, 浏览, 作者 or 字号.
_INFO_LINE = re.compile(
    r"(?:来源|作者|浏览|点击|字号|编辑)[^\n]{0,60}?(?<![成发]文)(?:时间|日期)\s*[:：]\s*" + _DAY
)
_META_NAMES = frozenset({"pubdate", "publishdate", "firstpublishedtime", "releasedate", "publishtime"})
_META_DAY = re.compile(r"^\s*" + _DAY)
_SKIPPED = frozenset({"script", "style", "noscript", "template"})
_BLOCKS = frozenset({"p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "table", "ul", "dl", "dd"})


def published_on(root: etree._Element) -> date | None:
    """The page's publication day, None when it says none (or says it in no way read here)."""
    text = _page_text(root)
    for pattern in (_PUBLISHED, _INFO_LINE):
        for match in pattern.finditer(text):
            day = _day(match)
            if day is not None:
                return day
    for meta in root.iter("meta"):
        if (meta.get("name") or "").strip().lower() in _META_NAMES:
            match = _META_DAY.match(meta.get("content") or "")
            day = _day(match) if match else None
            if day is not None:
                return day
    return None


def _page_text(root: etree._Element) -> str:
    """The page's visible text, a line break before each block-level element (what `_INFO_LINE`
    needs), in reading order."""
    body = root.find("body")
    parts: list[str] = []
    hidden = 0  # inside a script or style
    for event, element in etree.iterwalk(body if body is not None else root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIPPED:
                hidden += 1
            elif not hidden:
                if tag in _BLOCKS:
                    parts.append("\n")
                parts.append(element.text or "" if tag else "")
            continue
        if tag in _SKIPPED:
            hidden -= 1
        if not hidden and element.tail:
            parts.append(element.tail)
    return "".join(parts).replace("\xa0", " ").replace("\u3000", " ")


def _day(match: re.Match) -> date | None:
    year, month, day = (int(part) for part in match.groups()[-3:])
    try:
        return date(year, month, day)
    except ValueError:
        return None
