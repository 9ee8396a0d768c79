"""The text of an original report, taken independently of our readers, and how much of it a Word copy
holds in order. Used by the coverage test of the exported copies and by tools that print the figures.

Source text: pypdfium2 for PDFs (from the title to the end; page numbers and running heads/feet left
out); the report's container element for HTML (from the title on); the file itself for TXT; the cell values for XLSX; the body's text for DOCX.
Both sides are compared without whitespace and after NFKC (WPS PDFs print 一 as the Kangxi radical ⼀).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

from app.core.export.annotate_docx import SUMMARY_END
from app.core.export.rebuild_docx import is_page_furniture
from app.core.readers.txt_reader import decode_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LAST_HEADING = "六、其他需要报告的事项"


def normalised(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def source_text(path: Path, title: str | None = None) -> str:
    """The original's text, normalised."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _from_title(_pdf_text(path), title)
    if suffix in (".html", ".htm"):
        return _from_title(_html_container_text(path), title)
    if suffix == ".txt":
        return normalised(decode_text(path.read_bytes()))
    if suffix == ".xlsx":
        return normalised(_xlsx_text(path))
    if suffix == ".docx":
        return normalised(_docx_body_text(path))
    raise ValueError(path)


def _pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = [page.get_textpage().get_text_range().splitlines() for page in pdf]
    finally:
        pdf.close()
    running = _running_lines(pages)
    return "\n".join(
        line
        for lines in pages
        for line in lines
        if not is_page_furniture(line) and _shape(line) not in running
    )


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", normalised(line))


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Running heads and feet (a browser's date, title and address on every page): lines of some
    length that recur, digits aside, on at least half the pages of a document of two or more."""
    if len(pages) < 2:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        for shape in {_shape(line) for line in lines if len(normalised(line)) >= 6}:
            counts[shape] = counts.get(shape, 0) + 1
    return {shape for shape, count in counts.items() if count >= 2 and count * 2 >= len(pages)}


def _from_title(text: str, title: str | None) -> str:
    """From the title on: a cover, a page's metadata block (索引号…名称: <title>) or a scanner's stamp
    before it is not the report's text. The title is the last occurrence before 总体情况."""
    flat = normalised(text)
    first_section = flat.find("总体情况")
    probe = normalised(title or "")[:8]
    if probe and probe in flat:
        end = first_section if first_section > 0 else len(flat)
        at = flat.rfind(probe, 0, end)
        return flat[at if at >= 0 else flat.index(probe) :]
    lines = [normalised(line) for line in text.splitlines()]
    for number, line in enumerate(lines):
        if "年度报告" in line:
            first = number - 1 if number > 0 and 0 < len(lines[number - 1]) <= 20 else number
            return "".join(lines[first:])
    return flat


def _container(path: Path):
    """The smallest element holding both the first and the last section of the report."""
    import lxml.html

    root = lxml.html.fromstring(path.read_bytes())
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    best, size = root, len(normalised(root.text_content()))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        text = normalised(element.text_content())
        if "总体情况" in text and LAST_HEADING in text and len(text) < size:
            best, size = element, len(text)
    return best


def _html_container_text(path: Path) -> str:
    return _container(path).text_content()


def html_table_rows(path: Path, title: str | None = None) -> list[int]:
    """Row counts of the report's tables: in its container, from the title on (not the page's 索引号
    block), tables of two rows or more that hold no other table."""
    container = _container(path)
    flat = normalised(container.text_content())
    start = len(flat) - len(_from_title(container.text_content(), title))
    counts = []
    for table in container.iter("table"):
        if table.xpath(".//table"):
            continue  # a layout table holding other tables
        if flat.find(normalised(table.text_content()), start) < 0:
            continue
        # A row with no text at all (Word's width-fixing last row) is not a row a reader sees.
        rows = [tr for tr in table.iter("tr") if normalised(tr.text_content())]
        if len(rows) >= 2:
            counts.append(len(rows))
    return counts


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True, read_only=True)
    parts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.extend(_cell(value) for value in row if value is not None)
    book.close()
    return "\n".join(parts)


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _docx_body_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(W + "body")
    return "".join(t.text or "" for t in body.iter(W + "t"))


def copy_text_and_tables(path: Path) -> tuple[str, list[int]]:
    """The exported copy's text after the summary block (normalised), and its tables' row counts."""
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(W + "body")
    children = list(body)
    start = next(
        i
        for i, child in enumerate(children)
        if "".join(t.text or "" for t in child.iter(W + "t")) == SUMMARY_END
    )
    rest = children[start + 1 :]
    text = "".join(t.text or "" for child in rest for t in child.iter(W + "t"))
    tables = [len(child.findall(W + "tr")) for child in rest if child.tag == W + "tbl"]
    return normalised(text), tables


def in_order_share(source: str, copy: str) -> float:
    """The share of the source's characters found in the copy in the same order (longest matching
    blocks, so a scrambled or missing passage counts as missing)."""
    if not source:
        return 1.0
    matcher = difflib.SequenceMatcher(None, source, copy, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(source)
