"""The text of an original report, taken independently of our readers, and how much of it a Word copy
holds in order. Used by the coverage test of the exported copies and by tools that print the figures.

Source text: pypdfium2 for PDFs (from the title to the end, page numbers left out); the report's
container element for HTML; the file itself for TXT; the cell values for XLSX; the body's text for DOCX.
Both sides are compared without whitespace and after NFKC (WPS PDFs print 一 as the Kangxi radical ⼀).
"""

from __future__ import annotations

import difflib
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
        return normalised(_html_container_text(path))
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
        pages = []
        for page in pdf:
            text = page.get_textpage().get_text_range()
            pages.append("\n".join(line for line in text.splitlines() if not is_page_furniture(line)))
        return "\n".join(pages)
    finally:
        pdf.close()


def _from_title(text: str, title: str | None) -> str:
    """From the title on: a cover page or a scanner's stamp before it is not the report's text."""
    flat = normalised(text)
    probe = normalised(title or "")[:8]
    if probe and probe in flat:
        return flat[flat.index(probe) :]
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


def html_table_rows(path: Path) -> list[int]:
    """Row counts of the tables inside the report's container (tables of two rows or more)."""
    counts = []
    for table in _container(path).iter("table"):
        if table.xpath(".//table"):
            continue  # a layout table holding other tables
        rows = [tr for tr in table.iter("tr") if tr.xpath("./td|./th")]
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
