"""The official report formats, loaded from the data files in resources/formats/.

Each JSON file describes one format: its six sections, the blocks of table 二, the rows and columns
of table 三, the columns of table 四, the arithmetic relations among cells and the labels that
fingerprint it. Adding next year's format or a province's extra rows is a new or edited data file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.core.resources import resource_path
from app.core.text import normalize_label, split_marker


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    decimals: bool = False  # may hold decimals (amounts in 万元)
    negative: bool = False  # may be negative (F2019 本年增/减)
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

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def row_label(self, table: str, key: str) -> str:
        """The official label of a row, for findings: sub-rows carry their group ("（四）无法提供 1.…")."""
        if table == "四":
            return self.table_four_row.label
        if table == "三":
            rows = self.table_three_rows + self.table_three_groups
        else:
            rows = tuple(r for b in self.table_two for r in b.rows)
        row = next(row for row in rows if row.key == key)
        if row.item is not None:
            group = next((g for g in self.table_three_groups if g.group == row.group), None)
            if group is not None:
                return f"{group.label} {row.label}"
        return row.label

    def column_label(self, table: str, key: str) -> str:
        if table == "三":
            columns = self.table_three_columns
        elif table == "四":
            columns = self.table_four_columns
        else:
            columns = tuple(c for b in self.table_two for c in b.columns)
        return next(column.label for column in columns if column.key == key)


def _columns(items: list[dict]) -> tuple[Column, ...]:
    return tuple(Column(**item) for item in items)


def _rows(items: list[dict]) -> tuple[TableRow, ...]:
    return tuple(TableRow(**item) for item in items)


def load_format(path: Path) -> ReportFormat:
    data = json.loads(path.read_text(encoding="utf-8"))
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


@lru_cache(maxsize=1)
def all_formats() -> tuple[ReportFormat, ...]:
    """Every format under resources/formats, oldest first."""
    paths = sorted(resource_path("formats").glob("*.json"))
    return tuple(sorted((load_format(path) for path in paths), key=lambda f: f.first_year))


def format_by_id(format_id: str) -> ReportFormat:
    return next(fmt for fmt in all_formats() if fmt.id == format_id)


def format_for_year(year: int) -> ReportFormat | None:
    return next((fmt for fmt in all_formats() if fmt.covers(year)), None)
