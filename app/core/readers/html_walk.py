"""A web page, or one element of it, as text units in document order (the HTML reader's walk).

A `TextUnit` is a line of text as a browser shows it: one per block-level element (p, div, h1-h6,
li...), `<br>` ending a line, source line breaks inside Chinese text dropped, spaces collapsed. A
`TableUnit` is a data `<table>`; tables that lay out the page (holding other tables, one cell, or
columns of paragraphs) are walked into instead. Scripts, styles, forms' controls, comments (Word's
conditional comments among them) and Word's `mso-hide:all` text are not content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

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
_MAX_DEPTH = 400  # deeper nesting is read as plain text rather than walked (Python's stack is finite)
_LAYOUT_CELL_CHARS = 300  # a cell holding more text than this is page layout, not a table value


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
        self,
        element: etree._Element,
        block: etree._Element,
        in_link: bool = False,
        depth: int = 0,
        in_pre: bool = False,
    ) -> None:
        tag = tag_name(element)
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
        in_pre = in_pre or tag == "pre"
        if depth > _MAX_DEPTH:
            self.add("".join(element.itertext()), block, element.sourceline, in_link, in_pre)
        else:
            self.add(element.text, block, element.sourceline, in_link, in_pre)
            for child in element:
                self.walk(child, block, in_link, depth + 1, in_pre)
                # The tail follows the child's end, so the child's line is the nearest one known.
                self.add(child.tail, block, child.sourceline, in_link, in_pre)
        if is_block:
            self.flush()

    def _table(self, element: etree._Element, in_link: bool, depth: int) -> None:
        for part in element:
            if tag_name(part) == "caption":
                self.walk(part, part, in_link, depth + 1)
        if not is_layout_table(element):
            self.units.append(TableUnit(element))
            return
        for row in table_rows(element):
            for cell in row_cells(row):
                self.walk(cell, cell, in_link, depth + 1)

    def add(
        self, text: str | None, block: etree._Element, line: int | None, in_link: bool, in_pre: bool = False
    ) -> None:
        if not text:
            return
        if in_pre and "\n" in text:  # preformatted text (a report pasted as plain text): lines are lines
            for offset, piece in enumerate(text.split("\n")):
                if offset:
                    self.flush()
                self.add(piece, block, None if line is None else line + offset, in_link)
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


def tag_name(element: etree._Element) -> str | None:
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


def table_rows(table: etree._Element) -> Iterator[etree._Element]:
    """The table's own rows (not those of tables nested in its cells), in document order."""
    for child in table:
        tag = tag_name(child)
        if tag == "tr":
            yield child
        elif tag in _SECTION_WORDS:
            yield from (row for row in child if tag_name(row) == "tr")


def row_cells(row: etree._Element) -> list[etree._Element]:
    return [cell for cell in row if tag_name(cell) in _CELL_TAGS]


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
    if len(plain("".join(cell.itertext()))) <= _LAYOUT_CELL_CHARS:
        return False
    breaks = sum(1 for element in cell.iterdescendants() if tag_name(element) in _LINE_TAGS)
    return breaks >= 2


def plain(text: str) -> str:
    return _SPACES.sub("", text)


def link_heavy(unit: TextUnit) -> bool:
    return unit.link_chars >= 0.6 * len(unit.text)
