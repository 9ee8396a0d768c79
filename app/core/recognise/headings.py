"""How a line is written as a heading: its decoration stripped and its numbering read, in one place.

Real reports decorate headings in every way a writer, an editor or an extraction path can: Markdown
(`## 一、总体情况`, `**一、总体情况**`), bullets (`● `, `■ `), brackets (`【总体情况】`), spaces inside
(`一、总 体 情 况`), full-width or Traditional characters, Kangxi radicals from a browser's PDF. The
numbering says the level of the heading in the report's outline, which matters more than its words:
a `（一）主动公开政府信息情况` under 一、 is a sub-item, whatever it says.

Levels, from the top: `part` (第一部分 / 第一章), `top` (一、), `paren` (（一）), `arabic` (1、 1.),
`arabic_paren` (（1）); `lost` is a top-level numbering whose numeral was lost (`、主动公开…`), `none`
a line with no numbering at all. Every reader's text goes through `read_heading`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.core.text import normalize_label

# How deep each numbering stands in a Chinese official document's outline (a smaller number is higher).
DEPTH = {"part": 0, "top": 1, "lost": 1, "paren": 2, "arabic": 3, "arabic_paren": 4, "none": None}
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = "[一二三四五六七八九十]{1,3}"

# Decoration before the heading: Markdown heading marks and emphasis, quote marks, bullets, dashes.
_LEADING = re.compile(r"^(?:#{1,6}|[>*_•●○◆◇■□▪▫►▶▸◎★☆·\-–—=~]+)\s*")
_TRAILING = re.compile(r"[\s*_#:：。.，,;；]+$")
_BRACKETS = {"【": "】", "〔": "〕", "[": "]", "〖": "〗", "《": "》"}

_NUMBERINGS = (
    ("part", re.compile(rf"^第\s*({_NUMERAL}|\d{{1,2}})\s*(?:部分|章|篇|节)\s*[:：、.．,，]?\s*")),
    ("top", re.compile(rf"^({_NUMERAL})\s*[、.．,，:：]\s*")),
    ("paren", re.compile(rf"^[（(]\s*({_NUMERAL})\s*[）)]\s*[、.．,，:：]?\s*")),
    ("arabic_paren", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*[、.．,，:：]?\s*")),
    ("arabic", re.compile(r"^(\d{1,2})\s*(?:[、．,，:：]|\.(?!\d))\s*")),
    # 「一 总体情况」: a numeral and a space, then the words (Word's list number with a tab)
    ("top", re.compile(rf"^({_NUMERAL})\s+(?=[^\s\d])")),
    # 「、主动公开政府信息情况」: a list number's numeral lost, its mark kept
    ("lost", re.compile(r"^[、.．]\s*(?=[^\s\d、.．])")),
)


@dataclass(frozen=True)
class HeadingText:
    """A line read as a heading would be: numbering, and the words after it (normalised)."""

    level: str  # "part" | "top" | "paren" | "arabic" | "arabic_paren" | "lost" | "none"
    value: int | None  # the number written (3 for 三、 or （三） or 3.), None when there is none
    words: str  # normalised words after the numbering, decoration stripped
    offset: int  # where the words start in the line as given (for spans)
    emphasised: bool  # decorated as a heading (Markdown marks, bullets, brackets)


def fold(text: str) -> str:
    """NFKC character by character where that keeps the length (full-width, Kangxi radicals), so
    positions in the folded text are positions in the original."""
    return "".join(
        folded if len(folded := unicodedata.normalize("NFKC", char)) == 1 else char for char in text
    )


def numeral_value(numeral: str) -> int | None:
    """三 → 3, 十二 → 12, 7 → 7."""
    if numeral.isdigit():
        return int(numeral)
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + _CHINESE_DIGITS.get(numeral[1:], 0)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return _CHINESE_DIGITS.get(tens, 0) * 10 + (_CHINESE_DIGITS.get(ones, 0) if ones else 0)
    return _CHINESE_DIGITS.get(numeral)


def read_heading(line: str) -> HeadingText:
    """The numbering and words of a line, whatever decoration it carries."""
    text = fold(line)
    position = 0
    emphasised = False
    while True:  # 「## **一、总体情况**」: several layers of decoration
        stripped = text[position:].lstrip()
        position = len(text) - len(stripped)
        match = _LEADING.match(stripped)
        if match is None or not match.group(0).strip():
            break
        emphasised = True
        position += match.end()
    rest = text[position:]
    if rest[:1] in _BRACKETS and _BRACKETS[rest[0]] in rest[1:40]:
        closing = rest.index(_BRACKETS[rest[0]], 1)
        inner = rest[1:closing]
        tail = rest[closing + 1 :]
        if not tail.strip() or _numbering(inner)[0] != "none" or len(inner) <= 30:
            emphasised = True
            level, value, length = _numbering(inner)
            words = normalize_label(_TRAILING.sub("", inner[length:]))
            if tail.strip():
                words += normalize_label(tail)
            return HeadingText(level, value, words, position + 1 + length, emphasised)
    level, value, length = _numbering(rest)
    words = normalize_label(_TRAILING.sub("", rest[length:]))
    return HeadingText(level, value, words, position + length, emphasised)


def _numbering(text: str) -> tuple[str, int | None, int]:
    for level, pattern in _NUMBERINGS:
        match = pattern.match(text)
        if match is None:
            continue
        numeral = match.group(1) if match.groups() else None
        value = numeral_value(numeral) if numeral else None
        if numeral is not None and value is None:
            continue
        return level, value, match.end()
    return "none", None, 0
