"""Text that a Word file or a workbook can hold.

XML 1.0, the text of every .docx and .xlsx part, cannot hold most control characters (U+0000–U+0008,
U+000B, U+000C, U+000E–U+001F), lone surrogates, U+FFFE or U+FFFF. A TXT or HTML report may carry them
(a vertical tab pasted from Word, an escape code, a mis-decoded byte order mark); python-docx and openpyxl
refuse such text and the copy would not be written at all. They are dropped on the way into an export
(they are invisible in the original too), and the copy's summary says once how many were dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from app.core.model import Document, Paragraph

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML cannot hold."""
    return NOT_XML.sub("", text) if NOT_XML.search(text) else text


def safe_offset(text: str, offset: int) -> int:
    """Where character `offset` of `text` lands in `xml_safe(text)`."""
    return offset - len(NOT_XML.findall(text, 0, max(0, offset)))


def document_texts(document: Document) -> Iterable[str]:
    for block in document.blocks:
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield cell.text


def dropped_characters(texts: Iterable[str]) -> Counter:
    """How often each character XML cannot hold occurs in `texts`."""
    found: Counter = Counter()
    for text in texts:
        found.update(NOT_XML.findall(text))
    return found


def dropped_note(found: Counter) -> str | None:
    """The summary's one line about dropped characters, or None when there were none."""
    if not found:
        return None
    codes = "、".join(f"U+{ord(char):04X}" for char in sorted(found)[:6]) + ("等" if len(found) > 6 else "")
    return (
        f"原文件中有 {sum(found.values())} 个 Word 文档无法容纳的控制字符（{codes}，原文件中也看不见），"
        "本副本已将其删去，其余文字未改动。"
    )
