"""The data every part of the checker shares.

A reader turns a file into a `Document`: an ordered tuple of blocks (`Paragraph` or `Table`), each
block and each table cell keeping a `Source` (where it stood in the original file). The recogniser maps
that document onto an official format (`Report`), the rules yield `Finding`s, and `Result` carries all
of it to the exporters, the command line and the window.

Findings point back into the document with `Anchor`s (block index, row, cell, character span), so the
exporters and the window can mark the exact spot; `app.core.wording.anchor_place` turns an anchor
into the words a person reads (`Finding.location`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from app.core.fingerprint import Fingerprint

Severity = Literal["error", "warning", "info"]
Category = Literal["section", "layout", "arithmetic", "value", "consistency", "content", "parse"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
CATEGORY_LABELS: dict[str, str] = {
    "section": "章节",
    "layout": "表格格式",
    "arithmetic": "勾稽关系",
    "value": "数值",
    "consistency": "一致性",
    "content": "内容",
    "parse": "读取",
}


@dataclass(frozen=True)
class Source:
    """A place in the original file. Only the fields that make sense for its format are set."""

    page: int | None = None  # PDF page, 1-based
    bbox: tuple[float, float, float, float] | None = None  # PDF box (x0, top, x1, bottom) in points
    sheet: str | None = None  # XLSX sheet name
    address: str | None = None  # XLSX cell address such as "D12"
    line: int | None = None  # TXT line, 1-based
    paragraph: int | None = None  # DOCX: index of the w:p among the body's paragraphs, 0-based
    table: int | None = None  # DOCX: index of the w:tbl among the body's tables, 0-based
    row: int | None = None  # row index inside the source table (DOCX w:tr, PDF row), 0-based
    col: int | None = None  # grid column inside the source table, 0-based
    element: str | None = None  # HTML: the element's path in the page ("/html/body/div[2]/p[3]")

    def describe(self) -> str:
        """The reader's raw coordinates in words ("第3页", "表格1第2行第3列"): for tests and logs.

        What a reviewer reads is `app.core.wording.anchor_place`, which names the place as the author
        finds it (the section, the table's official row and column) and fills `Finding.location`."""
        parts: list[str] = []
        if self.sheet is not None:
            parts.append(f"工作表“{self.sheet}”" + (f" {self.address}" if self.address else ""))
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"{'网页' if self.element is not None else ''}第{self.line}行")
        if self.table is not None:
            cell = f"表格{self.table + 1}"
            if self.row is not None:
                cell += f"第{self.row + 1}行"
            if self.col is not None:
                cell += f"第{self.col + 1}列"
            parts.append(cell)
        elif self.paragraph is not None:
            parts.append(f"第{self.paragraph + 1}段")
        return "，".join(parts)


@dataclass(frozen=True)
class Cell:
    """One table cell as read. A merged cell appears once, at its top-left grid position."""

    text: str
    col: int  # grid column inside its table, 0-based
    source: Source
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    source: Source

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass(frozen=True)
class Paragraph:
    text: str
    source: Source
    kind: Literal["paragraph"] = "paragraph"
    # The heading level the file itself gives (0 = Word's 标题 1 / outline level 1, HTML <h1>), None
    # for body text: the outline reads it where the numerals are Word's automatic numbering.
    level: int | None = None


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    source: Source
    # True when `Cell.col` is a real grid column (DOCX, XLSX, ruled PDF tables); False for text whose
    # columns drift (tab- or bar-separated TXT), where only the order of the values can be trusted.
    grid: bool = True
    # True for text tables whose cells are delimited (`label | 258 | 12 |  |  | 1 |`): an empty position
    # between separators is a blank cell, not padding, though the columns may still drift.
    positional: bool = False
    kind: Literal["table"] = "table"


Block = Paragraph | Table


@dataclass(frozen=True)
class ReaderNote:
    """Something the reader noticed that a reviewer should know (a formula with no cached value...).

    `doubt=True` means the reader is not sure of what it read there (text order scrambled, a table
    whose grid could not be established, text taken from a fallback without table structure): the
    block (row, cell) it names, or the whole document when `block` is None, is a doubtful reading, and
    no error-level finding may rest on it (rules turn such findings into parse warnings).
    """

    message: str
    source: Source
    block: int | None = None
    row: int | None = None
    cell: int | None = None
    doubt: bool = False


@dataclass(frozen=True)
class Document:
    path: str
    kind: Literal["txt", "docx", "pdf", "xlsx", "html"]
    blocks: tuple[Block, ...]
    notes: tuple[ReaderNote, ...] = ()
    published: date | None = None  # the day a saved web page says it was published (its 发布时间)


@dataclass(frozen=True)
class Anchor:
    """A spot in a Document: a block, optionally one cell of it, optionally a character span."""

    block: int
    row: int | None = None
    cell: int | None = None
    start: int | None = None
    end: int | None = None
    # True when the finding concerns something absent that belongs just before this block
    # (a missing section is anchored on the heading that follows the gap).
    before: bool = False


@dataclass(frozen=True)
class Finding:
    rule: str
    category: Category
    severity: Severity
    message: str
    section: str | None = None
    table: str | None = None  # "二", "三" or "四"
    row: str | None = None  # official row label
    column: str | None = None  # official column label
    expected: int | float | str | None = None
    found: int | float | str | None = None
    anchors: tuple[Anchor, ...] = ()
    location: str | None = None  # wording.anchor_place of the first anchor, filled in by the checker
    relation: str | None = None  # "T3-R2" for arithmetic findings
    related_file: str | None = None  # the other report of a cross-report finding (carry-over chains)

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "section": self.section,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "expected": self.expected,
            "found": self.found,
            "location": self.location,
            "related_file": self.related_file,
        }


@dataclass(frozen=True)
class CellValue:
    """A canonical cell of an official table, with what was read there."""

    text: str  # as read ("" when blank)
    value: int | float | None  # parsed number; None when blank, a placeholder or not a number
    anchor: Anchor | None  # where it stands in the Document; None when the cell was not found


@dataclass(frozen=True)
class SectionHit:
    key: str  # "一".."六"
    heading: str  # the text as written
    block: int
    variant: bool = False  # an accepted variant, or close but not equal to the official heading
    start: int | None = None  # character span inside the block's text when the heading is part of it
    end: int | None = None
    row: int | None = None  # set when the heading stands in a table cell (a layout wrapper, a text box)
    cell: int | None = None
    boxed: bool = False  # the whole text of a one-cell table: a heading drawn in a box, not a table's

    @property
    def in_table(self) -> bool:
        return self.row is not None

    @property
    def opens_text(self) -> bool:
        """True when the report's text under this heading follows it (not a heading seen in a table)."""
        return not self.in_table or self.boxed

    @property
    def anchor(self) -> Anchor:
        return Anchor(block=self.block, row=self.row, cell=self.cell, start=self.start, end=self.end)


@dataclass(frozen=True)
class Doubt:
    """Something the checker could not read reliably, and what it therefore cannot verify.

    Doubts come from the reader (`ReaderNote.doubt`) and from the recogniser (a table whose shape did
    not match, values that could not be placed, a heading seen only inside a table). Rules consult them
    through `app.core.doubts`; no error-level finding may rest on a doubtful reading.
    """

    kind: str  # "reader", "garbled", "table_shape", "unplaced", "heading_in_table", "no_cells"
    message: str  # what could not be read and why, in plain Chinese
    table: str | None = None  # "二", "三", "四" when it concerns one table
    rows: frozenset[str] | None = None  # canonical row keys; None = the whole table (or document)
    blocks: tuple[int, ...] = ()  # Document blocks it concerns; () = the whole document
    sections: bool = False  # True when a section heading may be hidden in what could not be read
    # The sections whose presence, repetition or order could not be decided (the outline was open
    # between two readings): only section findings about these keys rest on it.
    section_keys: frozenset[str] | None = None


@dataclass
class RecognisedTable:
    """A table mapped onto a layout: cells keyed by (row key, column key) of the format's data."""

    name: str  # "二", "三", "四"
    cells: dict[tuple[str, str], CellValue] = field(default_factory=dict)
    blocks: tuple[int, ...] = ()  # the Document blocks it was read from
    unreliable_rows: frozenset[str] = frozenset()  # rows whose values could not be placed
    # a group printed as one row with values ("group.六" → its sub-rows), read under the group's key
    collapsed: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class SectionSpan:
    """One section as the outline has it: its heading and the report text up to the next heading.

    `pieces` are (block index, text) of the paragraphs under the heading, the heading's own line left
    out and a heading inside running text cutting its paragraph."""

    key: str
    heading: SectionHit
    first_block: int  # the heading's block
    end_block: int  # the block where the next section's heading stands (exclusive bound)
    pieces: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class CopyBasis:
    """What the copy-of-last-year pass (`app.core.batch.lastyear`) compares, kept by compaction: the
    report's narrative (paragraphs outside the tables) and the values of tables 二–四."""

    paragraphs: tuple[tuple[int, str, str], ...] = ()  # (block, section key or "", text as written)
    values: tuple[tuple[str, str, str, str], ...] = ()  # (table, row key, column key, value as text)


@dataclass
class Report:
    """What the recogniser understood of a document."""

    title: str | None = None
    title_block: int | None = None
    year: int | None = None
    body: str | None = None
    layout: str | None = None  # the id of the format the tables follow (resources/formats), or None
    sections: list[SectionHit] = field(default_factory=list)
    tables: dict[str, RecognisedTable] = field(default_factory=dict)
    doubts: list[Doubt] = field(default_factory=list)
    spans: tuple[SectionSpan, ...] = ()  # the sections in document order (recognise.spans)
    copy_basis: CopyBasis | None = None  # set by compaction (the full report has its document)

    def span_of(self, block: int, offset: int = 0) -> SectionSpan | None:
        """The section span that holds this place of the document, None before the first heading."""
        owner = None
        for span in self.spans:
            hit = span.heading
            if not hit.opens_text:
                continue
            if (hit.block, hit.start or 0) <= (block, offset):
                owner = span
            else:
                break
        return owner

    def section_of(self, block: int, offset: int = 0) -> str | None:
        """The key of the section that holds this place of the document, None before the first."""
        span = self.span_of(block, offset)
        return span.key if span else None

    def heading_blocks(self) -> set[int]:
        """The blocks that hold a section heading."""
        return {hit.block for hit in self.sections}

    def section_pieces(self, key: str) -> tuple[tuple[int, str], ...]:
        """(block, text) of every paragraph of section `key` (all its readings, when repeated)."""
        return tuple(piece for span in self.spans if span.key == key for piece in span.pieces)

    def section_text(self, key: str) -> str:
        """The text of section `key`, its heading left out."""
        return "\n".join(text for _, text in self.section_pieces(key))

    def section_heading(self, key: str) -> SectionHit | None:
        """The first heading read as section `key`."""
        return next((hit for hit in self.sections if hit.key == key), None)


@dataclass(frozen=True)
class ReadCell:
    """One table cell as read, named by the official labels (what `check --json` lists as `cells`)."""

    table: str  # "二", "三", "四"
    row: str  # official row label, as in findings
    column: str  # official column label, as in findings
    value: int | float | None  # None when blank or not a number
    text: str  # as printed
    location: str | None
    reliable: bool  # False when the reading of this cell is in doubt (see app.core.doubts)
    anchor: Anchor | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "text": self.text,
            "location": self.location,
            "reliable": self.reliable,
        }


@dataclass
class Result:
    """A report's check. Right after `check_file` it holds the parsed document, the whole reading and
    every cell; `app.core.compact.compact` keeps only what the window, the batch pass and the review
    file need afterwards (`document` None, `cells` empty, the report cut to the chains' cells, the
    places of their anchors in `places`), and the preview and the exports read the file again."""

    path: str
    kind: str  # "txt", "docx", "pdf", "xlsx" or the file's suffix
    error: str | None = None
    report: Report | None = None
    document: Document | None = None
    findings: tuple[Finding, ...] = ()
    cells: tuple[ReadCell, ...] = ()
    fingerprint: Fingerprint | None = None  # the file as it was read (see app.core.fingerprint)
    # Where the anchors the batch pass may use stand, in words (filled in by compaction, when the
    # document that `wording.anchor_place` needs is gone).
    places: dict[Anchor, str] = field(default_factory=dict)

    @property
    def compact(self) -> bool:
        """True when the parsed document is not kept (the file must be read again to show it)."""
        return self.document is None and self.error is None and self.report is not None

    @property
    def title(self) -> str | None:
        return self.report.title if self.report else None

    @property
    def year(self) -> int | None:
        return self.report.year if self.report else None

    @property
    def body(self) -> str | None:
        return self.report.body if self.report else None

    @property
    def layout(self) -> str | None:
        return self.report.layout if self.report else None

    def count(self, severity: str) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.path,
            "format": self.kind,
            "title": self.title,
            "year": self.year,
            "body": self.body,
            "layout": self.layout,
            "error": self.error,
            "findings": [finding.to_json() for finding in self.findings],
            "cells": [cell.to_json() for cell in self.cells],
        }


class ReadError(Exception):
    """A file that cannot be read as a report; the message is shown to the user as it is."""
