"""The report's own container in a government site's page, and what around it is site chrome.

A site serves the report inside its page: navigation, breadcrumbs, the 索引号/发布机构/发文日期 block,
sidebars, share buttons, footers. The report is the smallest element holding every section heading
and kind of statistical table the page has (a copy shown twice keeps one copy); lacking those, the
smallest element holding most of the page's plain (non-link) text. Inside it, link lines and the
索引号 fields are still chrome. The title usually stands just above the container, so it is taken
from there, or from the page's own title.
"""

from __future__ import annotations

import re

from lxml import etree

from app.core.model import ReadError
from app.core.readers.html_walk import TableUnit, TextUnit, Unit, clean_text, link_heavy, plain, walk_units

# Labels of the 索引号 block every government site prints above or below a document.
METADATA_LABELS = (
    "索引号",
    "发布机构",
    "发文机关",
    "发文日期",
    "发布日期",
    "成文日期",
    "生成日期",
    "主题分类",
    "公开方式",
    "公开时限",
    "信息来源",
    "文号",
    "浏览次数",
    "访问量",
    "有效性",
    "主题词",
    "发文字号",
    "组配分类",
    "体裁分类",
    "公文种类",
)
# A short line that is one field of that block or of the article's info line ("来源：… 时间：…").
_FIELD_LINE = re.compile(
    r"^(索引号|发布机构|发文机关|发文日期|发布日期|发布时间|成文日期|生成日期|主题分类|公开方式|公开时限|公开范围|"
    r"信息来源|来源|文号|发文字号|时间|日期|浏览次数|访问量|点击数|作者|责任编辑|名称|标题|分类)\s*[:：]"
)
# Files a page may carry the report in, when its own text is only "详见附件".
_ATTACHMENT = re.compile(r"\.(pdf|docx?|wps|xlsx?|et|ofd|zip|rar)$", re.IGNORECASE)
# Words that only the report's statistical tables print (tables 二, 三, 四).
_TABLE_SIGNALS = (
    ("表三", ("申请人情况", "自然人", "本年新收")),
    ("表四", ("行政复议", "行政诉讼")),
    ("表二", ("第二十条", "信息内容")),
)
# The six section headings: the number, then a word each heading has (variants included).
_HEADING = re.compile(r"^([一二三四五六])[、.．，,:：\s]*(.*)$")
_HEADING_WORDS = {
    "一": ("总体情况",),
    "二": ("主动公开",),
    "三": ("收到", "处理政府信息公开申请", "依申请"),
    "四": ("复议", "诉讼"),
    "五": ("问题", "改进"),
    "六": ("其他", "事项"),
}
_TITLE_WORDS = ("信息公开", "政务公开")


def heading_key(text: str) -> str | None:
    """ "一".."六" when the text is one of the six section headings (variants too), else None."""
    squeezed = plain(text)
    if len(squeezed) > 40:
        return None
    match = _HEADING.match(squeezed)
    if match is None:
        return None
    key, rest = match.groups()
    return key if any(word in rest for word in _HEADING_WORDS[key]) else None


def is_title(text: str) -> bool:
    squeezed = plain(text)
    named = "报告" in squeezed or "年报" in squeezed
    return len(squeezed) <= 80 and named and any(word in squeezed for word in _TITLE_WORDS)


def table_signal(element: etree._Element) -> str | None:
    """ "表二", "表三" or "表四" for a table that only the report's statistics print, else None."""
    text = plain("".join(element.itertext()))
    for name, words in _TABLE_SIGNALS:
        if any(word in text for word in words):
            return name
    return None


def is_metadata(text: str) -> bool:
    """The 索引号/发布机构/发文日期 block: two of its labels in a short text, or one field of it.
    Sites space the labels out to align them ("索 引 号"), so spaces do not count."""
    squeezed = plain(text)
    if len(squeezed) <= 80 and _FIELD_LINE.match(squeezed):
        return True
    return len(squeezed) <= 400 and _metadata_labels(squeezed) >= 2


def _metadata_labels(squeezed: str) -> int:
    return sum(label in squeezed for label in METADATA_LABELS)


def _depth(element: etree._Element) -> int:
    return sum(1 for _ in element.iterancestors())


def find_container(units: list[Unit], body: etree._Element) -> tuple[etree._Element, bool]:
    """The smallest element holding the report: every section heading and kind of statistical table
    the page has, or (lacking those) most of its plain text. Where the report stands twice, the
    deeper copy wins, then the first. The flag says whether any such signal was seen at all."""
    found: dict[int, tuple[etree._Element, set[str]]] = {}
    wanted: set[str] = set()
    for unit in units:
        if isinstance(unit, TextUnit):
            # A heading that is a link belongs to a table of contents in the page's margin.
            signal = None if link_heavy(unit) else heading_key(unit.text)
        else:
            signal = table_signal(unit.element)
        if signal is None:
            continue
        wanted.add(signal)
        for element in (unit.element, *unit.element.iterancestors()):
            found.setdefault(id(element), (element, set()))[1].add(signal)
    headings = wanted - {name for name, _ in _TABLE_SIGNALS}
    if len(headings) >= 3:
        # Dict order is the order elements were first met, so max() keeps the first of equals.
        return max((element for element, signals in found.values() if signals == wanted), key=_depth), True
    # Few headings (run into their paragraphs, or absent): the densest text, widened until it holds
    # the headings and tables that were seen. Tables alone would make a table the container.
    container = _densest(units, body)
    while (
        wanted and container is not body and (id(container) not in found or found[id(container)][1] != wanted)
    ):
        parent = container.getparent()
        container = parent if parent is not None else body
    return container, bool(wanted)


def _densest(units: list[Unit], body: etree._Element) -> etree._Element:
    """The deepest element holding two thirds of the page's plain (non-link) text, tables included."""
    chars: dict[int, tuple[etree._Element, int]] = {}
    total = 0
    for unit in units:
        if isinstance(unit, TextUnit):
            own = len(unit.text) - unit.link_chars
        else:
            own = len(plain("".join(unit.element.itertext())))
        total += own
        for element in (unit.element, *unit.element.iterancestors()):
            _, count = chars.get(id(element), (element, 0))
            chars[id(element)] = (element, count + own)
    holding = [element for element, count in chars.values() if total and count * 3 >= total * 2]
    return max(holding, key=_depth) if holding else body


def _contains(container: etree._Element, element: etree._Element) -> bool:
    return element is container or any(ancestor is container for ancestor in element.iterancestors())


def find_title(units: list[Unit], container: etree._Element, root: etree._Element) -> list[TextUnit]:
    """The report's title where the container lacks it: the last title line above the container
    (not a link: sidebars list other years' reports) with the body's name when it stands on the line
    before in the same heading, else the page's own title."""
    above: TextUnit | None = None
    before: TextUnit | None = None
    previous: Unit | None = None
    for unit in units:
        if _contains(container, unit.element):
            break
        if (
            isinstance(unit, TextUnit)
            and is_title(unit.text)
            and not link_heavy(unit)
            and not is_metadata(unit.text)
        ):
            above, before = unit, previous if isinstance(previous, TextUnit) else None
        previous = unit
    if above is not None:
        if before is not None and _first_title_line(before, above):
            return [before, above]
        return [above]
    for meta in root.iter("meta"):
        if (meta.get("name") or meta.get("property") or "").lower() in ("articletitle", "og:title"):
            content = clean_text(meta.get("content") or "")
            if is_title(content):
                return [TextUnit(content, meta, meta.sourceline)]
    for title in root.iter("title"):
        for part in re.split(r"[_|｜]|\s[-—]\s", title.text_content() or ""):
            part = clean_text(part)
            if is_title(part):
                return [TextUnit(part, title, title.sourceline)]
    return []


def _first_title_line(line: TextUnit, title: TextUnit) -> bool:
    """A title broken over two lines ("某某局" / "2023年政府信息公开工作年度报告") in one heading."""
    same_heading = line.element is title.element or line.element.getparent() is title.element.getparent()
    ordinary = not (link_heavy(line) or is_metadata(line.text) or heading_key(line.text))
    return same_heading and ordinary and len(line.text) <= 40


def report_units(root: etree._Element) -> list[Unit]:
    """The report's text units and tables: its container's, without chrome, its title first."""
    body = root.find("body")
    if body is None:
        body = root
    units = walk_units(body)
    container, seen = find_container(units, body)
    if not seen:
        attachment = report_attachment(body)
        if attachment:
            raise ReadError(
                f"这个网页上没有报告正文，报告在附件“{attachment}”里：请在网页上下载这个附件，再检查下载的文件。"
            )
    kept = walk_units(container) if container is not body else units
    kept = [unit for unit in kept if not is_chrome(unit)]
    first_texts = [unit.text for unit in kept[:5] if isinstance(unit, TextUnit)]
    if not any(is_title(text) for text in first_texts):
        kept[:0] = find_title(units, container, root)
    return kept


def is_chrome(unit: Unit) -> bool:
    """Site furniture left inside the container: link lists (share, 上一篇/下一篇), the 索引号 block."""
    if isinstance(unit, TableUnit):
        if table_signal(unit.element):
            return False
        return _metadata_labels(plain("".join(unit.element.itertext()))) >= 2
    # Links are never the report's text: a heading as a link is a table of contents, a title as a
    # link is 上一篇/下一篇 pointing at another year's report.
    return link_heavy(unit) or (is_metadata(unit.text) and not heading_key(unit.text))


def report_attachment(body: etree._Element) -> str | None:
    """The name of a linked file that looks like the report (a page whose text is "详见附件")."""
    for link in body.iter("a"):
        href = (link.get("href") or "").split("?")[0].split("#")[0]
        if not _ATTACHMENT.search(href):
            continue
        name = clean_text(link.text_content()) or href.rsplit("/", 1)[-1]
        if any(word in name + href for word in ("报告", "年报")) or name.startswith("附件"):
            return name
    return None
