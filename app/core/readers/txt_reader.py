"""Plain text reports (copied out of a PDF or a web page).

The encoding is detected (UTF-8 with or without BOM, UTF-16 with or without BOM, GB18030/GBK; UTF-8
with a few bad bytes is read with them replaced and a note saying where). Past a size budget the file
is refused in plain words before it is decoded. Lines holding tabs or
`|` separators, and space-separated lines shaped like table rows (a short label and numbers), are table
rows; runs of such lines (blank lines inside allowed) form one table. Text
columns drift, so tables are marked `grid=False`: the recogniser trusts the order of values, not
their column index.

Text hard-wrapped at a fixed width (a crawler's or a mail client's output: every full line N characters or
display columns, cut wherever the count falls, mid-heading or mid-number) is joined back: a line of the
wrapping width runs on into the next, so a heading cut in two is one heading again.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from pathlib import Path

from app.core.model import Cell, Document, Paragraph, ReaderNote, ReadError, Row, Source, Table
from app.core.readers.common import decode_marked, join_hard_wrapped, too_complex
from app.core.text import looks_numeric

# a markdown or ASCII-art rule (`|---|---|`); a row of blank cells (`|  |  |`) has no dash and is a row
_RULE_LINE = re.compile(r"^[\s|]*[-=_+:][\s\-=_|+:]*$")
# A report's text is tens of kilobytes; a file this large is a log or a data dump, and its table rows
# would become millions of cells.
MAX_TEXT_BYTES = 2 * 1024 * 1024
MAX_LINES = 20_000
# Cell separators (a tab, a bar, a run of spaces): each may become a cell, and a report has a few
# thousand; every cell costs the recogniser time, so a file of tens of thousands is refused up front.
MAX_SEPARATORS = 60_000
_SEPARATOR = re.compile(r"[\t|]|[ \u3000\xa0]+")
# "Valid UTF-8 but for a few bytes" (a transfer error, a stray byte): at most this many bad sequences,
# and at least ten well-formed multibyte characters for each, so GBK text is never taken for it.
MAX_BAD_SEQUENCES = 16


def decode_text(data: bytes) -> str:
    """Decode report text whatever encoding the author's tools chose."""
    return decode_report_text(data)[0]


def decode_report_text(data: bytes) -> tuple[str, tuple[ReaderNote, ...]]:
    """The text, and a note when a few bytes could not be decoded and were replaced (saying where).

    Tried in order: a BOM; UTF-16 without one (LE or BE, told by where the zero bytes of its ASCII
    characters fall); UTF-8; UTF-8 but for a few bad bytes; GB18030 (GBK, GB2312); a statistical guess.
    """
    marked = decode_marked(data)
    if marked is not None:
        return marked, ()
    utf16 = utf16_byte_order(data)
    if utf16:
        return data.decode(utf16, errors="replace"), ()
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    bad = _bad_utf8_offsets(data)
    if bad is not None:
        text = data.decode("utf-8", errors="replace")
        return text, (_replaced_bytes_note(data, bad),)
    try:
        return data.decode("gb18030"), ()
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("无法识别文本文件的编码，请用记事本另存为 UTF-8 编码后再检查。")
    return str(best), ()


def _bad_utf8_offsets(data: bytes) -> list[int] | None:
    """Where the bad bytes of text that is UTF-8 but for a few of them start; None if it is not that."""
    bad: list[int] = []
    position = 0
    while True:
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            bad.append(position + error.start)
            if len(bad) > MAX_BAD_SEQUENCES:
                return None
            position += error.end
    multibyte = sum(1 for byte in data if byte >= 0xC0) - len(bad)
    return bad if multibyte >= 10 * len(bad) else None


def _replaced_bytes_note(data: bytes, offsets: list[int]) -> ReaderNote:
    # One damaged character leaves up to three bad sequences behind it: count the spots, not those.
    spots = [offset for index, offset in enumerate(offsets) if index == 0 or offset - offsets[index - 1] > 3]
    lines = sorted({data.count(b"\n", 0, offset) + 1 for offset in spots})
    where = "、".join(f"第{line}行" for line in lines[:8]) + ("等" if len(lines) > 8 else "")
    return ReaderNote(
        message=(
            f"文件中有 {len(spots)} 处字节不是有效的 UTF-8 文字（{where}），已用“\ufffd”代替后继续检查。"
            "请核对这几处的文字和数字，必要时重新导出文本。"
        ),
        source=Source(line=lines[0]),
    )


def utf16_byte_order(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for UTF-16 text without a BOM, else None.

    ASCII characters (line ends, tabs, digits) put a zero byte beside them: after them in LE, before
    them in BE. Chinese characters have none, so a text of both shows zeros at one parity only.
    """
    sample = data[:4096]
    if len(sample) % 2:
        sample = sample[:-1]
    odd_zeros, even_zeros = sample[1::2].count(0), sample[0::2].count(0)
    if odd_zeros >= 2 and odd_zeros > 4 * even_zeros and _ascii_partners(sample[1::2], sample[0::2]):
        return "utf-16-le"
    if even_zeros >= 2 and even_zeros > 4 * odd_zeros and _ascii_partners(sample[0::2], sample[1::2]):
        return "utf-16-be"
    return None


_TEXT_BYTES = frozenset(b"\t\n\r") | frozenset(range(0x20, 0x7F))


def _ascii_partners(high: bytes, low: bytes) -> bool:
    """Whether the bytes beside the zero high bytes are text (tabs, line ends, printable ASCII)."""
    partners = [low_byte for high_byte, low_byte in zip(high, low, strict=False) if high_byte == 0]
    return sum(1 for byte in partners if byte in _TEXT_BYTES) >= 0.9 * len(partners)


_SPACES = re.compile(r"[ \u3000\xa0]+")
_PROSE_PUNCTUATION = ("。", "，", "；", "：", ",")
_MARKED_LINE = re.compile(r"^(?:#{1,6}|[*•●○◆■□▪►])\s")


def _split_spaced_row(line: str) -> list[str] | None:
    """Cells of a row copied with spaces between cells (pdftotext and the like), or None for prose.

    A row is a short label followed by numbers ("行政许可 5", "一、本年新收… 105 9 0 0 0 0 114"), numbers
    alone (table 四's data row), or three or more short header words ("结果维持 结果纠正 其他结果").
    """
    stripped = line.strip()
    if _MARKED_LINE.match(stripped):
        return None  # a Markdown heading or a bullet item is a line of text, whatever its words
    tokens = _SPACES.split(stripped)
    if len(tokens) < 2:
        return None
    numeric = [looks_numeric(token) for token in tokens]
    first_number = numeric.index(True) if True in numeric else len(tokens)
    label = "".join(tokens[:first_number])
    # Labels may hold commas ("只计这一情形，不计其他情形"); prose ending in one number may too.
    prose = any(mark in label for mark in _PROSE_PUNCTUATION)
    numbers = len(tokens) - first_number
    if numbers and all(numeric[first_number:]):
        if len(label) <= 60 and (label or numbers >= 4) and (numbers >= 2 or not prose):
            return tokens
        return None
    if not numbers and not prose and len(tokens) >= 3 and all(len(token) <= 10 for token in tokens):
        return None if _letter_spaced_heading(tokens) else tokens
    return None


def _letter_spaced_heading(tokens: list[str]) -> bool:
    """「一 、 总 体 情 况」「第 二 部 分 主 动 公 开」: a numbered line written with a space between its
    characters is a heading, not a row of header words."""
    mean = sum(len(token) for token in tokens) / len(tokens)
    return mean <= 3 and tokens[0][:1] in "一二三四五六七八九十第（(123456789"


def _split_row(line: str) -> list[str] | None:
    """The cells of a table line, or None for a plain text line."""
    if "\t" in line:
        return line.rstrip("\r\n").split("\t")
    stripped = line.strip()
    if stripped == "|":
        return [""]  # an empty cell of a web copy
    if stripped.count("|") >= 2 or stripped.endswith("|"):
        return [part.strip() for part in stripped.strip("|").split("|")]
    return _split_spaced_row(stripped)


def regroup_cell_per_line(rows: list[Row]) -> list[Row]:
    """Web copies put one cell per line ("规章 |", "5 |"): rebuild rows, a label and the values after it."""
    if any(len(row.cells) > 1 for row in rows):
        return rows
    rebuilt: list[list[Cell]] = []
    for row in rows:
        if not row.cells:
            continue
        cell = row.cells[0]
        is_value = not cell.text or looks_numeric(cell.text)
        if is_value and rebuilt:
            rebuilt[-1].append(replace(cell, col=len(rebuilt[-1])))
        else:
            rebuilt.append([replace(cell, col=0)])
    return [Row(cells=tuple(cells), source=cells[0].source) for cells in rebuilt]


def read_txt(path: Path) -> Document:
    with path.open("rb") as stream:  # never more than the budget is read, whatever the file's size
        data = stream.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise too_complex(f"文本超过 {MAX_TEXT_BYTES // (1024 * 1024)} MB", "记事本")
    if b"\x00" in data[:4096] and not (data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))):
        if utf16_byte_order(data) is None:
            raise ReadError("这不是文本文件（含有二进制内容），请确认选择的文件。")
    text, notes = decode_report_text(data)
    lines = text.splitlines()
    # counted as the reader splits them: a file of bare \r line ends is as many lines as one of \n
    if len(lines) > MAX_LINES:
        raise too_complex(f"超过 {MAX_LINES} 行", "记事本")
    if sum(1 for _ in _SEPARATOR.finditer(text)) > MAX_SEPARATORS:
        raise too_complex(f"超过 {MAX_SEPARATORS} 个分隔符，相当于几万个表格单元格", "记事本")
    blocks: list[Paragraph | Table] = []
    pending_rows: list[Row] = []

    delimited: list[bool] = []

    def close_table() -> None:
        if pending_rows:
            rows = regroup_cell_per_line(pending_rows)
            positional = all(delimited)
            blocks.append(Table(rows=tuple(rows), source=rows[0].source, grid=False, positional=positional))
            pending_rows.clear()
            delimited.clear()

    markup_tables = _markup_tables(lines)
    for number, line in enumerate(lines, start=1):
        if number in markup_tables:
            table = markup_tables[number]
            if table is not None:
                close_table()
                blocks.append(table)
            continue
        cells = _split_row(line)
        if cells is not None:
            if _RULE_LINE.match(line) and line.strip() != "|":
                continue  # a markdown or ASCII-art rule between header rows
            source = Source(line=number)
            delimited.append("|" in line)
            pending_rows.append(
                Row(
                    cells=tuple(
                        Cell(text=text.strip(), col=index, source=Source(line=number, col=index))
                        for index, text in enumerate(cells)
                    ),
                    source=source,
                )
            )
            continue
        if not line.strip():
            continue  # blank lines end nothing: tables copied from PDFs carry them inside
        close_table()
        blocks.append(Paragraph(text=line.strip(), source=Source(line=number)))
    close_table()
    return Document(path=str(path), kind="txt", blocks=tuple(_unwrapped(blocks, lines)), notes=notes)


_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


def _markup_tables(lines: list[str]) -> dict[int, Table | None]:
    """HTML tables inside a text (the Markdown that PDF-to-text tools write keeps tables as
    `<table><tr><td>…`): line number → the table read from the lines starting there (None for the
    other lines it covers). Text outside them is read as usual."""
    found: dict[int, Table | None] = {}
    number = 0
    while number < len(lines):
        if not _TABLE_OPEN.search(lines[number]):
            number += 1
            continue
        end = number
        while end < len(lines) and not _TABLE_CLOSE.search(lines[end]):
            end += 1
        if end == len(lines):
            break  # never closed: read as text
        table = _read_markup_table("\n".join(lines[number : end + 1]), number + 1, len(found))
        if table is not None:
            found.update({covered: None for covered in range(number + 1, end + 2)})
            found[number + 1] = table
        number = end + 1
    return found


def _read_markup_table(markup: str, first_line: int, count: int) -> Table | None:
    import lxml.html
    from lxml import etree

    from app.core.readers.html_tables import ElementPaths, read_table

    try:
        root = lxml.html.document_fromstring(markup, parser=lxml.html.HTMLParser(huge_tree=True))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    element = next(root.iter("table"), None)
    if element is None:
        return None
    table = read_table(element, count, ElementPaths(root))
    if table is None:
        return None

    def moved(source: Source) -> Source:
        line = first_line + (source.line or 1) - 1
        return Source(line=line, row=source.row, col=source.col)

    rows = tuple(
        replace(
            row, source=moved(row.source), cells=tuple(replace(c, source=moved(c.source)) for c in row.cells)
        )
        for row in table.rows
    )
    return replace(table, rows=rows, source=Source(line=first_line))


def _unwrapped(blocks: list[Paragraph | Table], lines: list[str]) -> list[Paragraph | Table]:
    """Paragraphs of hard-wrapped text joined back (see `join_hard_wrapped`); one line continues
    another when it is the next line of the file (`lines`, the file's lines as read)."""

    def line_of(paragraph: Paragraph) -> str:
        return lines[paragraph.source.line - 1] if paragraph.source.line else paragraph.text

    def follows(previous: Paragraph, paragraph: Paragraph) -> bool:
        return paragraph.source.line is not None and paragraph.source.line == (previous.source.line or 0) + 1

    return join_hard_wrapped(blocks, line_of, follows)
