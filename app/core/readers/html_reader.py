"""Web pages (.html, .htm, and .mht/.mhtml web archives): the report as the site publishes it.

A government site serves the report inside its own page: navigation, breadcrumbs, the
索引号/发布机构/发文日期 block, sidebars, share buttons, footers, scripts. The reader walks the page
once into text units (paragraphs and tables, in document order), then keeps the report's own
container: the smallest element holding every section heading and statistical table the page has
(a copy of the report shown twice keeps only one copy). A page without those signals keeps the
smallest element holding most of its plain (non-link) text. The title usually stands just above the
content, outside that container, so it is taken from there (or from the page's own title).

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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree

from app.core.model import Block, Cell, Document, Paragraph, ReaderNote, ReadError, Row, Source, Table
from app.core.readers.common import OLE_SIGNATURE, join_lines

MAX_HTML_BYTES = 50 * 1024 * 1024

# Elements that start and end a line of text. Anything else (span, font, strong, a, o:p...) is inline.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main menu nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul".split()
)
# Elements whose text a reader of the page does not see as content.
SKIP_TAGS = frozenset(
    "script style noscript template head title meta link iframe frame frameset object embed applet "
    "svg math canvas select option textarea button input audio video map area xml".split()
)
_CELL_TAGS = ("td", "th")
_LINE_TAGS = frozenset("p div br li h1 h2 h3 h4 h5 h6".split())
_SECTION_WORDS = ("tbody", "thead", "tfoot")

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
_ENCODING_DECLARATION = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)|<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""",
    re.IGNORECASE,
)
_GB_NAMES = frozenset(
    {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "euc-cn", "csgb2312", "gb_2312-80"}
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# A line break in the source next to a Chinese character: editors (Word above all) wrap long lines
# anywhere, and Chinese puts no space there.
_SOURCE_BREAK = re.compile(
    r"(?<=[^\x00-\x7f])[ \t\r\f]*\n[ \t\r\n\f]*|[ \t\r\f]*\n[ \t\r\n\f]*(?=[^\x00-\x7f])"
)
_SPACES = re.compile(r"[ \t\r\n\f\xa0]+")
# Word writes a list number's tab as spaces ("一、&nbsp;&nbsp; 总体情况"); Chinese has none there.
_LIST_NUMBER_SPACE = re.compile(
    r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])\s+(?=\D)"
)
_SPAN = re.compile(r"\s*(\d+)")
_MAX_SPAN = 1000  # no report table is this wide or tall; a larger span is a typo or a trap
_MAX_GRID_POSITIONS = 2_000_000  # grid positions all spans of one table may cover together
_MAX_DEPTH = 400  # deeper nesting is read as plain text rather than walked (Python's stack is finite)
_LAYOUT_CELL_CHARS = 300  # a cell holding more text than this is page layout, not a table value


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
    return Document(path=str(path), kind="html", blocks=tuple(blocks), notes=tuple(notes))


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
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), None
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


# --- the walk: a page (or one element of it) as text units in document order --------------------


@dataclass
class TextUnit:
    """A line of text in the page: the block element it stands in and the line it starts on."""

    text: str
    element: etree._Element
    line: int | None
    link_chars: int = 0


@dataclass
class TableUnit:
    element: etree._Element


Unit = TextUnit | TableUnit


@dataclass
class _Walker:
    units: list[Unit] = field(default_factory=list)
    _parts: list[str] = field(default_factory=list)
    _link_chars: int = 0
    _element: etree._Element | None = None
    _line: int | None = None

    def walk(
        self, element: etree._Element, block: etree._Element, in_link: bool = False, depth: int = 0
    ) -> None:
        tag = _tag(element)
        if tag is None or tag in SKIP_TAGS or _hidden(element):
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table":
            self.flush()
            self._table(element, in_link, depth)
            return
        is_block = tag in BLOCK_TAGS
        if is_block:
            self.flush()
            block = element
        in_link = in_link or (tag == "a" and element.get("href") is not None)  # <a name> is no link
        if depth > _MAX_DEPTH:
            self.add("".join(element.itertext()), block, element.sourceline, in_link)
        else:
            self.add(element.text, block, element.sourceline, in_link)
            for child in element:
                self.walk(child, block, in_link, depth + 1)
                # The tail follows the child's end, so the child's line is the nearest one known.
                self.add(child.tail, block, child.sourceline, in_link)
        if is_block:
            self.flush()

    def _table(self, element: etree._Element, in_link: bool, depth: int) -> None:
        if not is_layout_table(element):
            self.units.append(TableUnit(element))
            return
        for part in element:
            if _tag(part) == "caption":
                self.walk(part, part, in_link, depth + 1)
        for row in table_rows(element):
            for cell in row_cells(row):
                self.walk(cell, cell, in_link, depth + 1)

    def add(self, text: str | None, block: etree._Element, line: int | None, in_link: bool) -> None:
        if not text:
            return
        if self._element is None and text.strip():
            self._element, self._line = block, line
        self._parts.append(text)
        if in_link:
            self._link_chars += len(text.strip())

    def flush(self) -> None:
        text = clean_text("".join(self._parts))
        if text and self._element is not None:
            self.units.append(TextUnit(text, self._element, self._line, min(self._link_chars, len(text))))
        self._parts, self._link_chars, self._element, self._line = [], 0, None, None


def walk_units(element: etree._Element) -> list[Unit]:
    walker = _Walker()
    walker.walk(element, element)
    walker.flush()
    return walker.units


def _tag(element: etree._Element) -> str | None:
    """The lower-case tag name; None for comments and processing instructions."""
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else None


def _hidden(element: etree._Element) -> bool:
    # Word marks text it never shows (field codes, hidden paragraphs) with mso-hide:all.
    style = element.get("style")
    return bool(style) and "mso-hide:all" in style.replace(" ", "").lower()


def clean_text(text: str) -> str:
    """Text as a browser shows it: source line breaks inside Chinese text vanish, spaces collapse."""
    text = _SPACES.sub(" ", _SOURCE_BREAK.sub("", text)).strip()
    return _LIST_NUMBER_SPACE.sub(r"\1", text)


# --- tables ---------------------------------------------------------------------------------------


def table_rows(table: etree._Element) -> Iterator[etree._Element]:
    """The table's own rows (not those of tables nested in its cells), in document order."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in _SECTION_WORDS:
            yield from (row for row in child if _tag(row) == "tr")


def row_cells(row: etree._Element) -> list[etree._Element]:
    return [cell for cell in row if _tag(cell) in _CELL_TAGS]


def is_layout_table(table: etree._Element) -> bool:
    """A table that lays out the page rather than holding data: walk into it instead of reading it.

    Page layouts nest the content (and its data tables) in table cells, wrap it in a one-cell table,
    or put whole columns of text, paragraph after paragraph, in a cell; no report table does these
    (a long note in a data cell is one paragraph).
    """
    if any(True for _ in table.iterdescendants("table")):
        return True
    cells = [cell for row in table_rows(table) for cell in row_cells(row)]
    if len(cells) <= 1:
        return True
    return any(_holds_page_text(cell) for cell in cells)


def _holds_page_text(cell: etree._Element) -> bool:
    if len(_plain("".join(cell.itertext()))) <= _LAYOUT_CELL_CHARS:
        return False
    breaks = sum(1 for element in cell.iterdescendants() if _tag(element) in _LINE_TAGS)
    return breaks >= 2


def _plain(text: str) -> str:
    return _SPACES.sub("", text)


def _span(value: str | None) -> int:
    match = _SPAN.match(value or "")
    return min(int(match.group(1)), _MAX_SPAN) if match else 1


@dataclass
class _GridCell:
    element: etree._Element
    row: int
    col: int
    colspan: int
    rowspan: int


def grid_cells(rows: list[etree._Element]) -> list[list[_GridCell]]:
    """Each row's cells placed on the table grid (the HTML table model): a cell takes the first
    column its row has free after the cells above that span down into it."""
    taken: list[set[int]] = [set() for _ in rows]
    placed: list[list[_GridCell]] = []
    budget = _MAX_GRID_POSITIONS
    for index, row in enumerate(rows):
        column = 0
        cells: list[_GridCell] = []
        for element in row_cells(row):
            while column in taken[index]:
                column += 1
            colspan = max(_span(element.get("colspan")), 1)
            rowspan = _span(element.get("rowspan"))
            # rowspan="0" spans to the end of the table; no span reaches past it.
            rowspan = len(rows) - index if rowspan == 0 else min(rowspan, len(rows) - index)
            if colspan * rowspan > budget:  # a page built to hang the reader: spans no longer count
                colspan = rowspan = 1
            budget -= colspan * rowspan
            for covered in range(index, index + rowspan):
                taken[covered].update(range(column, column + colspan))
            cells.append(_GridCell(element, index, column, colspan, rowspan))
            column += colspan
        placed.append(cells)
    return placed


def cell_text(element: etree._Element) -> str:
    lines = [unit.text for unit in walk_units(element) if isinstance(unit, TextUnit)]
    return join_lines(lines)


def read_table(element: etree._Element, number: int, path_of: _Paths) -> Table | None:
    """A data table with its grid resolved; None when it has no text at all."""
    rows = list(table_rows(element))
    placed = grid_cells(rows)
    texts = [[cell_text(cell.element) for cell in cells] for cells in placed]
    keep = [
        bool(cells) and not (_width_row(row) and not any(text))
        for row, cells, text in zip(rows, placed, texts, strict=True)
    ]
    if not any(any(row) for row in texts):
        return None
    new_index: dict[int, int] = {}
    for index, kept in enumerate(keep):
        if kept:
            new_index[index] = len(new_index)
    read_rows: list[Row] = []
    for index, cells in enumerate(placed):
        if not keep[index]:
            continue
        row_number = new_index[index]
        row_cells_read = tuple(
            Cell(
                text=text,
                col=cell.col,
                source=Source(
                    line=cell.element.sourceline,
                    element=path_of(cell.element),
                    table=number,
                    row=row_number,
                    col=cell.col,
                ),
                colspan=cell.colspan,
                # Rows dropped above (no cells) do not count in the span.
                rowspan=max(1, sum(1 for covered in range(index, index + cell.rowspan) if keep[covered])),
            )
            for cell, text in zip(cells, texts[index], strict=True)
            if not _placeholder(cell.element)
        )
        row_source = Source(
            line=rows[index].sourceline, element=path_of(rows[index]), table=number, row=row_number
        )
        read_rows.append(Row(cells=row_cells_read, source=row_source))
    source = Source(line=element.sourceline, element=path_of(element), table=number)
    return Table(rows=tuple(read_rows), source=source, grid=True)


def _placeholder(cell: etree._Element) -> bool:
    """Word's filler where a row starts or ends off the grid: it holds grid columns, not a value."""
    return "mso-cell-special:placeholder" in (cell.get("style") or "").replace(" ", "").lower()


def _width_row(row: etree._Element) -> bool:
    """Word's last row of empty cells that only fixes the column widths (not a row of blanks)."""
    marker = row.getprevious()
    after_marker = (
        marker is not None and _tag(marker) is None and "supportMisalignedColumns" in (marker.text or "")
    )
    return after_marker or row.get("height") == "0"


class _Paths:
    """Element paths ("/html/body/div[2]/p[3]"), the way a developer tool or XPath names them."""

    def __init__(self, root: etree._Element) -> None:
        self._tree = root.getroottree()

    def __call__(self, element: etree._Element) -> str:
        return str(self._tree.getpath(element))


# --- the report's own container -------------------------------------------------------------------


def heading_key(text: str) -> str | None:
    """ "一".."六" when the text is one of the six section headings (variants too), else None."""
    squeezed = _plain(text)
    if len(squeezed) > 40:
        return None
    match = _HEADING.match(squeezed)
    if match is None:
        return None
    key, rest = match.groups()
    return key if any(word in rest for word in _HEADING_WORDS[key]) else None


def is_title(text: str) -> bool:
    squeezed = _plain(text)
    named = "报告" in squeezed or "年报" in squeezed
    return len(squeezed) <= 80 and named and any(word in squeezed for word in _TITLE_WORDS)


def table_signal(element: etree._Element) -> str | None:
    """ "表二", "表三" or "表四" for a table that only the report's statistics print, else None."""
    text = _plain("".join(element.itertext()))
    for name, words in _TABLE_SIGNALS:
        if any(word in text for word in words):
            return name
    return None


def is_metadata(text: str) -> bool:
    """The 索引号/发布机构/发文日期 block: two of its labels in a short text, or one field of it.
    Sites space the labels out to align them ("索 引 号"), so spaces do not count."""
    squeezed = _plain(text)
    if len(squeezed) <= 80 and _FIELD_LINE.match(squeezed):
        return True
    return len(squeezed) <= 400 and _metadata_labels(squeezed) >= 2


def _metadata_labels(squeezed: str) -> int:
    return sum(label in squeezed for label in METADATA_LABELS)


def _link_heavy(unit: TextUnit) -> bool:
    return unit.link_chars >= 0.6 * len(unit.text)


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
            signal = None if _link_heavy(unit) else heading_key(unit.text)
        else:
            signal = table_signal(unit.element)
        if signal is None:
            continue
        wanted.add(signal)
        for element in (unit.element, *unit.element.iterancestors()):
            found.setdefault(id(element), (element, set()))[1].add(signal)
    headings = wanted - {name for name, _ in _TABLE_SIGNALS}
    if len(headings) >= 3 or len(wanted) > len(headings):
        # Dict order is the order elements were first met, so max() keeps the first of equals.
        return max((element for element, signals in found.values() if signals == wanted), key=_depth), True
    # Few signals: the densest text, widened until it holds the headings that were seen.
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
            plain = len(unit.text) - unit.link_chars
        else:
            plain = len(_plain("".join(unit.element.itertext())))
        total += plain
        for element in (unit.element, *unit.element.iterancestors()):
            _, count = chars.get(id(element), (element, 0))
            chars[id(element)] = (element, count + plain)
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
            and not _link_heavy(unit)
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
    plain = not (_link_heavy(line) or is_metadata(line.text) or heading_key(line.text))
    return same_heading and plain and len(line.text) <= 40


def read_page(root: etree._Element) -> list[Block]:
    """The report's blocks: its container's paragraphs and tables, its title first."""
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
    kept = [unit for unit in kept if not _chrome(unit)]
    first_texts = [unit.text for unit in kept[:5] if isinstance(unit, TextUnit)]
    if not any(is_title(text) for text in first_texts):
        kept[:0] = find_title(units, container, root)
    return _blocks(kept, _Paths(root))


def _chrome(unit: Unit) -> bool:
    """Site furniture left inside the container: link lists (share, 上一篇/下一篇), the 索引号 block."""
    if isinstance(unit, TableUnit):
        if table_signal(unit.element):
            return False
        return _metadata_labels(_plain("".join(unit.element.itertext()))) >= 2
    # Links are never the report's text: a heading as a link is a table of contents, a title as a
    # link is 上一篇/下一篇 pointing at another year's report.
    return _link_heavy(unit) or (is_metadata(unit.text) and not heading_key(unit.text))


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


def _blocks(units: list[Unit], path_of: _Paths) -> list[Block]:
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
        blocks.append(Paragraph(text=unit.text, source=source))
        paragraphs += 1
    return blocks
