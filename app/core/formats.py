"""The official report formats, loaded from the data files in resources/formats/.

Each JSON file describes one format: its six sections, the blocks of table 二, the rows and columns
of table 三, the columns of table 四, the arithmetic relations among cells and the labels that
fingerprint it — and what the rules ask of a format: its basis document (国办公开办函〔2021〕30号),
the content statements it requires (the fee statement in 六, the improvements in 五), its shape
(the rows whose presence marks it, the table-二 rows whose 现行有效件数 carries over) and each
table's name and title. `ReportFormat.table(name)` is the one description of a table (rows,
columns, groups, official labels, cells in order) that the recogniser, the rules, the wording and
the exporters use. No code names a format by its id: adding next year's format or a province's
variant is a new data file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from app.core.resources import resource_path
from app.core.text import normalize_label, normalize_text, split_marker


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    decimals: bool = False  # may hold decimals (amounts in 万元)
    negative: bool = False  # may be negative (the 2019 format's 本年增/减)
    unit: str | None = None


@dataclass(frozen=True)
class TableRow:
    key: str
    label: str  # the official label of the row itself ("1.属于国家秘密")
    top: str | None = None  # "一".."四" of table 三
    group: str | None = None  # "一".."七" of table 三
    item: int | None = None  # 1..8 inside a group

    @property
    def leaf(self) -> str:
        """The normalised label text without its list marker."""
        return split_marker(normalize_label(self.label)).text


@dataclass(frozen=True)
class SectionSpec:
    key: str
    heading: str
    variants: tuple[str, ...]

    @property
    def core(self) -> str:
        return split_marker(normalize_label(self.heading)).text

    @property
    def cores(self) -> tuple[tuple[str, bool], ...]:
        """(core, is-variant) of the official heading and each accepted variant."""
        return ((self.core, False),) + tuple((core, True) for core in self.variant_cores)

    @property
    def variant_cores(self) -> tuple[str, ...]:
        return tuple(split_marker(normalize_label(text)).text for text in self.variants)


@dataclass(frozen=True)
class TableTwoBlock:
    key: str
    header: str
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class Relation:
    id: str
    table: str  # "三" or "四"
    for_each: str  # "column": left/right name rows; "row": left/right name columns
    name: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    left_name: str = ""  # how a message names each side ("（七）总计", "（一）至（六）各项之和")
    right_name: str = ""


@dataclass(frozen=True)
class TableSpec:
    """One statistical table of a format: what it is called and which cells it has, in order."""

    key: str  # "二" / "三" / "四": the section it belongs to
    name: str  # "表三": how messages name it
    caption: str  # "收到和处理政府信息公开申请情况": its title in the format
    rows: tuple[TableRow, ...]  # the rows that hold values, in the format's order
    columns: tuple[Column, ...]  # every column (table 二: each block's, first key kept)
    groups: tuple[TableRow, ...] = ()  # label-only group rows such as （三）不予公开
    blocks: tuple[TableTwoBlock, ...] = ()  # table 二's blocks, each with its own columns

    @property
    def title(self) -> str:
        """ "表三（收到和处理政府信息公开申请情况）": the name with the format's title."""
        return f"{self.name}（{self.caption}）" if self.caption else self.name

    @property
    def single_row(self) -> bool:
        """A table of one row (表四): a cell is named by its column alone."""
        return len(self.rows) == 1

    def cells(self) -> tuple[tuple[str, str], ...]:
        """Every (row key, column key) of the table, in the format's order (groups' rows last)."""
        if self.blocks:
            return tuple((row.key, column.key) for b in self.blocks for row in b.rows for column in b.columns)
        return tuple((row.key, column.key) for row in self.rows + self.groups for column in self.columns)

    def row(self, key: str) -> TableRow:
        return next(row for row in self.rows + self.groups if row.key == key)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def has_cell(self, row: str, column: str) -> bool:
        return (row, column) in self.cells()

    def row_label(self, key: str) -> str:
        """The official label of a row, for findings: sub-rows carry their group ("（四）无法提供 1.…")."""
        if self.single_row:
            return self.rows[0].label
        row = self.row(key)
        if row.item is not None:
            group = next((g for g in self.groups if g.group == row.group), None)
            if group is not None:
                return f"{group.label} {row.label}"
        return row.label

    def column_label(self, key: str) -> str:
        return self.column(key).label


@dataclass(frozen=True)
class Statement:
    """A content statement a format requires in a section, recognised by its meaning-bearing words.

    Made when a sentence of the section holds one of `words`; or holds a `topics` word (not inside a
    `not_topics` phrase) with a negation (`before`) at most `gap` characters before it or an amount
    (`after`) at most `gap` characters after it, in its clause: 未发生收费, 未收取任何费用, 收费0元.
    """

    key: str
    section: str
    what: str  # what the statement says, for the message ("本年度收取信息处理费的情况")
    advice: str  # how to make it
    words: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    not_topics: tuple[str, ...] = ()
    before: str = ""  # a regular expression
    after: str = ""
    gap: int = 8


@dataclass(frozen=True)
class Shape:
    """What marks a format's tables and what carries over between its years."""

    layout_rows: tuple[str, ...] = ()  # table-三 row keys whose presence is evidence for the format
    layout_weight: float = 0.0
    in_force_rows: tuple[str, ...] = ()  # table-二 rows with 本年制发 / 本年废止 / 现行有效件数


@dataclass(frozen=True)
class ReportFormat:
    id: str
    name: str
    first_year: int
    last_year: int | None
    sections: tuple[SectionSpec, ...]
    table_two: tuple[TableTwoBlock, ...]
    table_three_columns: tuple[Column, ...]
    table_three_rows: tuple[TableRow, ...]
    table_three_groups: tuple[TableRow, ...]  # label-only group rows such as （三）不予公开
    table_four_row: TableRow
    table_four_columns: tuple[Column, ...]
    relations: tuple[Relation, ...]
    fingerprints: tuple[str, ...]
    # table 三's top-level row labels (一、本年新收… 四、结转下年度继续办理): numbered like sections, never sections
    table_three_top_labels: tuple[str, ...] = ()
    tables: tuple[TableSpec, ...] = ()  # 二, 三, 四
    basis: str = ""  # the document that issued the format ("国办公开办函〔2021〕30号")
    signs: str = ""  # how its tables are told apart, in words (for a message on an outdated layout)
    shape: Shape = Shape()
    statements: tuple[Statement, ...] = ()

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def table(self, name: str) -> TableSpec:
        return next(table for table in self.tables if table.key == name)

    def statement(self, key: str) -> Statement | None:
        """The content statement `key` if the format requires it."""
        return next((statement for statement in self.statements if statement.key == key), None)

    def row_label(self, table: str, key: str) -> str:
        """The official label of a row, for findings: sub-rows carry their group ("（四）无法提供 1.…")."""
        return self.table(table).row_label(key)

    def column_label(self, table: str, key: str) -> str:
        return self.table(table).column_label(key)

    @property
    def basis_pattern(self) -> re.Pattern | None:
        """The basis document as written in a report, with any kind of bracket around its year."""
        if not self.basis:
            return None
        brackets = {"〔": "[〔\\[(（]", "〕": "[〕\\])）]"}
        return re.compile("".join(brackets.get(char, re.escape(char)) for char in self.basis))


def _columns(items: list[dict]) -> tuple[Column, ...]:
    return tuple(Column(**item) for item in items)


def _rows(items: list[dict]) -> tuple[TableRow, ...]:
    return tuple(TableRow(**item) for item in items)


def _unique(columns: list[Column]) -> tuple[Column, ...]:
    return tuple(
        {column.key: column for column in reversed(columns)}[key]
        for key in dict.fromkeys(c.key for c in columns)
    )


def _tables(data: dict, fmt: ReportFormat) -> tuple[TableSpec, ...]:
    two = data["table_two"]
    return (
        TableSpec(
            "二",
            two.get("name", "表二"),
            two.get("title", ""),
            rows=tuple(row for block in fmt.table_two for row in block.rows),
            columns=_unique([column for block in fmt.table_two for column in block.columns]),
            blocks=fmt.table_two,
        ),
        TableSpec(
            "三",
            data["table_three"].get("name", "表三"),
            data["table_three"].get("title", ""),
            rows=fmt.table_three_rows,
            columns=fmt.table_three_columns,
            groups=fmt.table_three_groups,
        ),
        TableSpec(
            "四",
            data["table_four"].get("name", "表四"),
            data["table_four"].get("title", ""),
            rows=(fmt.table_four_row,),
            columns=fmt.table_four_columns,
        ),
    )


def _statement(item: dict) -> Statement:
    listed = {
        key: tuple(normalize_text(word) for word in item.get(key, ()))
        for key in ("words", "topics", "not_topics")
    }
    return Statement(
        key=item["key"],
        section=item["section"],
        what=item["what"],
        advice=item["advice"],
        before=item.get("before", ""),
        after=item.get("after", ""),
        gap=item.get("gap", 8),
        **listed,
    )


def load_format(path: Path) -> ReportFormat:
    data = json.loads(path.read_text(encoding="utf-8"))
    fmt = _load_tables(data)
    shape = data.get("shape", {})
    return replace(
        fmt,
        tables=_tables(data, fmt),
        basis=data.get("basis", ""),
        signs=data.get("signs", ""),
        shape=Shape(
            layout_rows=tuple(shape.get("layout_rows", ())),
            layout_weight=float(shape.get("layout_weight", 0)),
            in_force_rows=tuple(shape.get("in_force_rows", ())),
        ),
        statements=tuple(_statement(item) for item in data.get("statements", ())),
    )


def _load_tables(data: dict) -> ReportFormat:
    three = data["table_three"]
    four = data["table_four"]
    return ReportFormat(
        id=data["id"],
        name=data["name"],
        first_year=data["first_year"],
        last_year=data["last_year"],
        sections=tuple(
            SectionSpec(item["key"], item["heading"], tuple(item.get("variants", ())))
            for item in data["sections"]
        ),
        table_two=tuple(
            TableTwoBlock(block["key"], block["header"], _columns(block["columns"]), _rows(block["rows"]))
            for block in data["table_two"]["blocks"]
        ),
        table_three_columns=_columns(three["columns"]),
        table_three_rows=_rows(three["rows"]),
        table_three_groups=_rows(
            [
                {"key": f"group.{g['group']}", "label": g["label"], "top": g["top"], "group": g["group"]}
                for g in three["groups"]
            ]
        ),
        table_four_row=TableRow(**four["row"]),
        table_four_columns=_columns(four["columns"]),
        relations=tuple(
            Relation(
                id=item["id"],
                table=item["table"],
                for_each=item["for_each"],
                name=item["name"],
                left=tuple(item["left"]),
                right=tuple(item["right"]),
                left_name=item.get("left_name", ""),
                right_name=item.get("right_name", ""),
            )
            for item in data["relations"]
        ),
        fingerprints=tuple(data["fingerprints"]),
        table_three_top_labels=tuple(three.get("top_labels", ())),
    )


def formats_dir() -> Path:
    """Where the format files are: resources/formats (tests may point elsewhere)."""
    return resource_path("formats")


def all_formats() -> tuple[ReportFormat, ...]:
    """Every format in `formats_dir()`, oldest first."""
    return load_formats(formats_dir())


@lru_cache(maxsize=4)
def load_formats(directory: Path) -> tuple[ReportFormat, ...]:
    """Every format file in `directory`, oldest first."""
    paths = sorted(directory.glob("*.json"))
    return tuple(sorted((load_format(path) for path in paths), key=lambda f: f.first_year))


def format_by_id(format_id: str) -> ReportFormat:
    return next(fmt for fmt in all_formats() if fmt.id == format_id)


def format_for_year(year: int) -> ReportFormat | None:
    return next((fmt for fmt in all_formats() if fmt.covers(year)), None)
