"""Web pages (.html, .htm, and .mht/.mhtml web archives): the report as the site publishes it.

The page is decoded (BOM, declared charset, detection: never fails), parsed with lxml, walked into
text units (`html_walk`), cut down to the report's own container without the site's chrome
(`html_container`), and turned into blocks, data tables on their grid (`html_tables`).

Blocks: a `Paragraph` per block-level element (p, div, h1-h6, li...), `<br>` ending a line; a
`Table` per data `<table>`, its rowspan/colspan resolved into grid columns (a merged cell appears once,
at its top-left). Tables that lay out the page (holding other tables, one cell, or long text) are
walked into, not read as data. Word's "save as web page" output needs nothing special beyond that:
`<o:p>`, `&nbsp;`-only cells, `<![if !supportLists]>` list numbers (the parser turns the markers into
comments; the numbers between them are kept) and `mso-hide:all` text are handled in the walk.

Every block and cell has a `Source` with the line (lxml's sourceline) and the element path.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.html
from lxml import etree

from app.core.model import Block, Document, Paragraph, ReaderNote, ReadError, Source
from app.core.readers.common import OLE_SIGNATURE, decode_marked, join_hard_wrapped
from app.core.readers.html_container import report_units
from app.core.readers.html_dates import published_on
from app.core.readers.html_tables import ElementPaths, read_table
from app.core.readers.html_walk import TableUnit, Unit, tag_name

MAX_HTML_BYTES = 50 * 1024 * 1024
_ENCODING_DECLARATION = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)|<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""",
    re.IGNORECASE,
)
_GB_NAMES = frozenset(
    {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "euc-cn", "csgb2312", "gb_2312-80"}
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def read_html(path: Path) -> Document:
    """Read a saved web page (or a .mht/.mhtml web archive) into a `Document`."""
    if path.stat().st_size > MAX_HTML_BYTES:
        raise ReadError("网页文件超过 50 MB，不像是一份年度报告的网页，请确认选择的文件。")
    data = path.read_bytes()
    declared: str | None = None
    if path.suffix.lower() in (".mht", ".mhtml"):
        from app.core.readers.mhtml import html_part

        data, declared = html_part(data)
    refuse_other_formats(data)
    text, guessed = _decode(data, declared)
    root = parse_html(text)
    blocks = read_page(root)
    if not blocks:
        raise ReadError(
            "网页里没有正文文字：可能是只在浏览器里才加载内容的动态页面。请在浏览器中打开该网页，"
            "把报告正文复制到 Word 中另存为 .docx，或下载网站提供的 Word/PDF 版本，再检查。"
        )
    notes = broken_text_notes(blocks)
    if guessed:
        notes.insert(0, _guessed_note(guessed))
    return Document(
        path=str(path), kind="html", blocks=tuple(blocks), notes=tuple(notes), published=published_on(root)
    )


def broken_text_notes(blocks: list[Block], limit: int = 10) -> list[ReaderNote]:
    """A doubt on each paragraph and cell holding bytes no charset could decode (shown as U+FFFD)."""
    notes: list[ReaderNote] = []
    message = "网页这里有无法解码的字节（显示为“\ufffd”），文字或数字可能不准确，请对照原网页核对。"
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            if "\ufffd" in block.text:
                notes.append(ReaderNote(message, block.source, block=index, doubt=True))
            continue
        for row_index, row in enumerate(block.rows):
            for cell_index, cell in enumerate(row.cells):
                if "\ufffd" in cell.text:
                    notes.append(ReaderNote(message, cell.source, index, row_index, cell_index, doubt=True))
    return notes[:limit]


def _guessed_note(encoding: str) -> ReaderNote:
    return ReaderNote(
        f"网页的文字编码无法确定，按猜测的编码（{encoding}）读取，文字可能有误。如有乱码，请在浏览器中打开网页、"
        "另存为网页后再检查。",
        Source(),
        doubt=True,
    )


def refuse_other_formats(data: bytes) -> None:
    """A PDF, Word or Excel file renamed to .html is not read as a page of garbage."""
    head = data[:8].lstrip()
    if head.startswith(b"%PDF"):
        raise ReadError("这其实是 PDF 文件，只是扩展名写成了网页（.html）。请把扩展名改为 .pdf 后再检查。")
    if head.startswith(b"PK") or head.startswith(OLE_SIGNATURE):
        raise ReadError(
            "这其实是 Word 或 Excel 文件，只是扩展名写成了网页（.html）。请用 Word、Excel 或 WPS 打开后"
            "另存为 .docx 或 .xlsx，再检查。"
        )
    sample = data[:4096]
    if b"\x00" in sample and not _is_utf16(sample):
        raise ReadError("这不是网页文件（含有二进制内容），请确认选择的文件。")


def _is_utf16(sample: bytes) -> bool:
    return sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def decode_html(data: bytes, declared: str | None = None) -> str:
    return _decode(data, declared)[0]


def _decode(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """The page's text: BOM first, then the declared charset, then detection; never fails.

    Sites copy page templates between systems, so a declaration can be wrong: bytes that are valid
    UTF-8 are UTF-8 whatever the page says, and a declaration the bytes do not decode under is
    ignored. Every GB charset is decoded as GB18030, which contains the others. Bytes no charset
    decodes cleanly (a page cut short, a bad copy) get the reading with the fewest broken characters.
    """
    marked = decode_marked(data)
    if marked is not None:
        return marked, None
    named = _codec(declared) or _codec(_declared_charset(data))
    for encoding in dict.fromkeys(("utf-8", named or "utf-8", "gb18030")):
        decoded = _strict(data, encoding)
        if decoded is not None:
            return decoded, None
    readings = [
        data.decode(encoding, errors="replace")
        for encoding in dict.fromkeys((named or "utf-8", "utf-8", "gb18030"))
    ]
    best = min(readings, key=_broken)  # min() keeps the first of equals: the declared charset
    if _broken(best) * 100 <= sum(1 for char in best if ord(char) > 0x7F):
        return best, None
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    return (str(guess), guess.encoding) if guess is not None else (best, None)


def _broken(text: str) -> int:
    return text.count("\ufffd")


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _declared_charset(data: bytes) -> str | None:
    match = _ENCODING_DECLARATION.search(data[:8192])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", errors="replace")


def _codec(name: str | None) -> str | None:
    """A Python codec for a declared charset name, or None for a name no codec has."""
    if not name:
        return None
    name = name.strip().lower()
    if name in _GB_NAMES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def parse_html(text: str) -> etree._Element:
    # lxml refuses a str that still carries an XML encoding declaration (XHTML pages, Word's filtered
    # HTML); the text is already decoded, so the declaration has nothing left to say.
    text = _XML_DECLARATION.sub("", text, count=1)
    if "<" not in text or not re.search(r"<\s*[A-Za-z!/]", text):
        raise ReadError("文件里没有网页标记（HTML），可能是纯文本：请把扩展名改为 .txt 后再检查。")
    try:
        # huge_tree: libxml2 otherwise drops everything nested deeper than 256 elements, silently.
        return lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ReadError(
            "网页无法解析，文件可能已损坏或不是网页，请在浏览器中打开确认后另存一份再检查。"
        ) from error


def read_page(root: etree._Element) -> list[Block]:
    """The report's blocks: paragraphs and tables of its own container, its title first."""
    return _blocks(report_units(root), ElementPaths(root))


def _blocks(units: list[Unit], path_of: ElementPaths) -> list[Block]:
    blocks: list[Block] = []
    paragraphs = tables = 0
    for unit in units:
        if isinstance(unit, TableUnit):
            table = read_table(unit.element, tables, path_of)
            if table is not None:
                blocks.append(table)
                tables += 1
            continue
        source = Source(line=unit.line, element=path_of(unit.element), paragraph=paragraphs)
        blocks.append(Paragraph(text=unit.text, source=source, level=_heading_level(unit.element)))
        paragraphs += 1
    # A report shown as hard-wrapped lines (<pre>, or <br> after every few dozen characters): the
    # lines of one element are joined back where the wrap cut them.
    return join_hard_wrapped(blocks, lambda paragraph: paragraph.text, _same_element_next)


def _heading_level(element) -> int | None:
    """<h1>…<h6> → 0…5: the page's own outline level."""
    name = tag_name(element) if element is not None else None
    return int(name[1]) - 1 if name and len(name) == 2 and name[0] == "h" and name[1] in "123456" else None


def _same_element_next(previous: Paragraph, paragraph: Paragraph) -> bool:
    return (
        paragraph.source.element == previous.source.element
        and paragraph.source.paragraph == (previous.source.paragraph or 0) + 1
    )
