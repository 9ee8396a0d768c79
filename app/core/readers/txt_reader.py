"""Plain text reports (copied out of a PDF or a web page).

The encoding is detected (UTF-8 with or without BOM, UTF-16, GB18030/GBK). Lines holding tabs or
`|` separators, and space-separated lines shaped like table rows (a short label and numbers), are table
rows; runs of such lines (blank lines inside allowed) form one table. Text
columns drift, so tables are marked `grid=False`: the recogniser trusts the order of values, not
their column index.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from pathlib import Path

from app.core.model import Cell, Document, Paragraph, ReadError, Row, Source, Table
from app.core.text import looks_numeric

# a markdown or ASCII-art rule (`|---|---|`); a row of blank cells (`|  |  |`) has no dash and is a row
_RULE_LINE = re.compile(r"^[\s|]*[-=_+:][\s\-=_|+:]*$")
MAX_TEXT_BYTES = 20 * 1024 * 1024


def decode_text(data: bytes) -> str:
    """Decode report text whatever encoding the author's tools chose."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if _looks_like_utf16(data):
        return data.decode("utf-16-le", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("无法识别文本文件的编码，请用记事本另存为 UTF-8 编码后再检查。")
    return str(best)


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16LE without a BOM: the ASCII characters (line ends, tabs, digits) put zeros at odd bytes."""
    sample = data[:4096]
    odd_zeros, even_zeros = sample[1::2].count(0), sample[0::2].count(0)
    return len(sample) % 2 == 0 and odd_zeros >= 2 and odd_zeros > 4 * even_zeros


_SPACES = re.compile(r"[ \u3000\xa0]+")
_PROSE_PUNCTUATION = ("。", "，", "；", "：", ",")


def _split_spaced_row(line: str) -> list[str] | None:
    """Cells of a row copied with spaces between cells (pdftotext and the like), or None for prose.

    A row is a short label followed by numbers ("行政许可 5", "一、本年新收… 105 9 0 0 0 0 114"), numbers
    alone (table 四's data row), or three or more short header words ("结果维持 结果纠正 其他结果").
    """
    stripped = line.strip()
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
        return tokens
    return None


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
    data = path.read_bytes()
    if len(data) > MAX_TEXT_BYTES:
        raise ReadError("文本文件超过 20 MB，不像是一份年度报告，请确认选择的文件。")
    if b"\x00" in data[:4096] and not (data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))):
        if not _looks_like_utf16(data):
            raise ReadError("这不是文本文件（含有二进制内容），请确认选择的文件。")
    text = decode_text(data)
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

    for number, line in enumerate(text.splitlines(), start=1):
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
    return Document(path=str(path), kind="txt", blocks=tuple(blocks))
