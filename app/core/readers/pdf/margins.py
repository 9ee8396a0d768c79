"""Lines in a page's top and bottom margins that belong to the printout, not to the report.

Running page numbers (「-1-」「- 6 -」「第 1 页」「1/5」「第1页 共5页」), and what a browser or an office
suite prints on every page — the date and time with the page title, the address of the page, a running
header — are left out of the body. A margin line is printout when it reads like a page number, starts
with a URL or a date-and-time stamp, or recurs (digits aside) in the margins of at least two pages.
A line elsewhere on the page is body text, whatever it reads.
"""

from __future__ import annotations

import re
from collections import Counter

from app.core.readers.pdf.text import Line

MARGIN = 0.1  # top and bottom share of the page where page numbers and print headers stand

_PAGE_NUMBER = re.compile(
    r"^[-—–－_\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／共]\s*\d{1,4}\s*页?)?[-—–－_\s]*$"
)
_PRINT_STAMP = re.compile(
    r"^\s*(?:(?:https?|file)://|www\.|\d{2,4}[/.\-]\d{1,2}[/.\-]\d{1,2}(?:\s+|[,，]\s*)\d{1,2}:\d{2}"
    r"|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}[,，]?\s+\d{1,2}:\d{2})"
)
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def in_margin(line: Line, height: float) -> bool:
    return line.bottom < height * MARGIN or line.top > height * (1 - MARGIN)


def is_page_number(line: Line, height: float) -> bool:
    return in_margin(line, height) and bool(_PAGE_NUMBER.match(line.text))


def looks_printed_by_the_printer(line: Line, height: float) -> bool:
    """A margin line that reads as a page number or a browser's URL/date stamp, wherever it recurs."""
    return in_margin(line, height) and _reads_as_printout(line.text)


def _reads_as_printout(text: str) -> bool:
    """A page number, or the URL/date stamp a browser prints, whatever page it stands on."""
    return bool(_PAGE_NUMBER.match(text) or _PRINT_STAMP.match(text))


def printout_lines(pages: list[tuple[list[Line], float]]) -> set[int]:
    """`id()` of every margin line that is printout, given each page's lines and height."""
    keys: Counter[str] = Counter()
    margin_lines: list[tuple[Line, str]] = []
    for page_lines, height in pages:
        seen: set[str] = set()
        for line in page_lines:
            if in_margin(line, height):
                # The same words at the head of one page and the foot of another (a title's first line,
                # the signature) are not a running header: the band is part of the key.
                band = "top" if line.bottom < height * MARGIN else "foot"
                key = band + _SPACE.sub("", _DIGITS.sub("#", line.text))
                margin_lines.append((line, key))
                if key not in seen:
                    seen.add(key)
                    keys[key] += 1
    dropped: set[int] = set()
    for line, key in margin_lines:
        if _reads_as_printout(line.text) or keys[key] >= 2:
            dropped.add(id(line))
    return dropped
