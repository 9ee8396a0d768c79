"""Reading an exported Word package the way the export tests need: body, comments, commented text."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A rule code (A301, S101), a relation id (T3-R2) or a format id (F2021): none in the author's copy.
CODES = re.compile(r"(?<![A-Za-z0-9])(?:[ASLVCP]\d{3}|T\d-R\d|F20\d\d)(?![0-9])")


def parts(path: Path) -> tuple[etree._Element, dict[str, str]]:
    """(w:body of word/document.xml, comment id → comment text)."""
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(W + "body")
        names = package.namelist()
        comments_xml = package.read("word/comments.xml") if "word/comments.xml" in names else None
    comments: dict[str, str] = {}
    if comments_xml is not None:
        for comment in etree.fromstring(comments_xml).iter(W + "comment"):
            comments[comment.get(W + "id")] = "".join(t.text or "" for t in comment.iter(W + "t"))
    return body, comments


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t"))


def commented_text(container: etree._Element, cid: str) -> str:
    """The text between w:commentRangeStart and w:commentRangeEnd with this id."""
    inside, parts_ = False, []
    for element in container.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "t"):
        if element.tag == W + "commentRangeStart" and element.get(W + "id") == cid:
            inside = True
        elif element.tag == W + "commentRangeEnd" and element.get(W + "id") == cid:
            return "".join(parts_)
        elif element.tag == W + "t" and inside:
            parts_.append(element.text or "")
    raise AssertionError(f"comment {cid} has no complete range here")


def number(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def grid_cell(tbl: etree._Element, row: int, col: int) -> etree._Element:
    """The w:tc covering grid column `col` of row `row` (a cell spanning columns covers each of them)."""
    column = 0
    for tc in tbl.findall(W + "tr")[row].findall(W + "tc"):
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        width = int(span.get(W + "val")) if span is not None else 1
        if column <= col < column + width:
            return tc
        column += width
    raise AssertionError(f"no cell at grid column {col}")
