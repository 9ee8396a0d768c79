"""Value rules: blank cells, placeholders, text, units, non-integers and negatives in the three tables."""

from __future__ import annotations

from collections.abc import Iterator

from app.core.formats import Column, ReportFormat
from app.core.model import CellValue, Finding, RecognisedTable
from app.core.rules.base import Context, rule
from app.core.text import parse_number


def _columns(fmt: ReportFormat, table: str) -> dict[str, Column]:
    return {column.key: column for column in fmt.table(table).columns}


def _cells(context: Context) -> Iterator[tuple[RecognisedTable, str, str, CellValue]]:
    for spec in context.format.tables:
        table = context.report.tables.get(spec.key)
        if table is None:
            continue
        for (row, column), cell in table.cells.items():
            if row in table.unreliable_rows:
                continue
            yield table, row, column, cell


def _where(context: Context, table: str, row: str, column: str) -> str:
    fmt = context.format
    return f"{fmt.table(table).name}“{fmt.row_label(table, row)}”行“{fmt.column_label(table, column)}”列"


@rule("V401", "空白单元格", "warning", "value")
def blank_cells(context: Context) -> Iterator[Finding]:
    by_row: dict[tuple[str, str], list[tuple[str, CellValue]]] = {}
    for table, row, column, cell in _cells(context):
        if not cell.text:
            by_row.setdefault((table.name, row), []).append((column, cell))
    fmt = context.format
    empty_tables = {
        name
        for name, table in context.report.tables.items()
        if table.cells and all(not cell.text for cell in table.cells.values())
    }
    for name in sorted(empty_tables, key="二三四".index):
        # an unfilled table (a template sent as it is) is one problem, not one per row
        cells = [cell for cell in context.report.tables[name].cells.values() if cell.anchor]
        yield blank_cells.finding(
            f"{fmt.table(name).name}整张表都是空白，一个数字也没有填写。请按实际情况填写，没有发生的填0。",
            table=name,
            anchors=tuple(cell.anchor for cell in cells[:1]),
        )
    whole_columns: dict[str, list[str]] = {}
    for name in dict.fromkeys(table for table, _ in by_row):
        if name in empty_tables:
            continue
        columns, finding = _blank_columns(context, name, by_row)
        whole_columns[name] = columns
        if finding is not None:
            yield finding
    for (table, row), found in by_row.items():
        if table in empty_tables:
            continue
        cells = [(column, cell) for column, cell in found if column not in whole_columns.get(table, ())]
        if not cells:
            continue
        names = "、".join(fmt.column_label(table, column) for column, _ in cells)
        yield blank_cells.finding(
            f"{fmt.table(table).name}“{fmt.row_label(table, row)}”行有{len(cells)}个空白单元格（{names}）。"
            "格式要求每格都填数字，没有发生的填0。",
            table=table,
            row=fmt.row_label(table, row),
            column=fmt.column_label(table, cells[0][0]) if len(cells) == 1 else None,
            anchors=tuple(cell.anchor for _, cell in cells if cell.anchor),
        )


MIN_ROWS_OF_A_COLUMN = 3  # a column blank in fewer rows than this is said row by row


def _blank_columns(
    context: Context, name: str, by_row: dict[tuple[str, str], list[tuple[str, CellValue]]]
) -> tuple[list[str], Finding | None]:
    """Columns blank in every row read of the table, and the one finding that says so (a page that
    leaves the five 法人或其他组织 columns empty is one problem, not one per row)."""
    fmt = context.format
    table = context.report.tables[name]
    blank = {(row, column): cell for (t, row), cells in by_row.items() if t == name for column, cell in cells}
    rows_of: dict[str, list[str]] = {}
    for row, column in table.cells:
        if row not in table.unreliable_rows:
            rows_of.setdefault(column, []).append(row)
    columns = [
        column.key
        for column in fmt.table(name).columns
        if len(rows_of.get(column.key, ())) >= MIN_ROWS_OF_A_COLUMN
        and all((row, column.key) in blank for row in rows_of[column.key])
    ]
    if not columns:
        return [], None
    cells = [blank[(row, column)] for column in columns for row in rows_of[column]]
    rows = len({row for column in columns for row in rows_of[column]})
    labels = "、".join(f"“{fmt.column_label(name, column)}”" for column in columns)
    finding = blank_cells.finding(
        f"{fmt.table(name).name}{labels}{'这' + str(len(columns)) + '列' if len(columns) > 1 else '列'}"
        f"在全部{rows}行中都是空白（共{len(cells)}个单元格）。格式要求每格都填数字，没有发生的填0。",
        table=name,
        column=fmt.column_label(name, columns[0]) if len(columns) == 1 else None,
        anchors=tuple(cell.anchor for cell in cells if cell.anchor),
    )
    return columns, finding


@rule("V402", "占位符代替数字", "warning", "value")
def placeholders(context: Context) -> Iterator[Finding]:
    for table, row, column, cell in _cells(context):
        if cell.text and parse_number(cell.text).kind == "placeholder":
            yield placeholders.finding(
                f"{_where(context, table.name, row, column)}填的是“{cell.text}”，应填数字（没有的填0）。",
                **_cell_fields(context, table.name, row, column, cell),
            )


@rule("V403", "不是数字", "warning", "value")
def not_a_number(context: Context) -> Iterator[Finding]:
    for table, row, column, cell in _cells(context):
        if cell.text and parse_number(cell.text).kind == "text":
            yield not_a_number.finding(
                f"{_where(context, table.name, row, column)}填的是“{cell.text}”，不是数字，无法参与核算。",
                **_cell_fields(context, table.name, row, column, cell),
            )


@rule("V404", "单元格带单位", "warning", "value")
def units_in_cells(context: Context) -> Iterator[Finding]:
    columns = {column.key: column for spec in context.format.tables for column in spec.columns}
    for table, row, column, cell in _cells(context):
        parsed = parse_number(cell.text)
        if parsed.kind != "unit":
            continue
        expected_unit = columns[column].unit
        if expected_unit and parsed.unit != expected_unit:
            message = (
                f"{_where(context, table.name, row, column)}写作“{cell.text}”，该栏单位是{expected_unit}，"
                f"请换算为{expected_unit}并只填数字。"
            )
        else:
            message = (
                f"{_where(context, table.name, row, column)}写作“{cell.text}”，表格中只填数字，不带单位。"
            )
        yield units_in_cells.finding(message, **_cell_fields(context, table.name, row, column, cell))


@rule("V405", "不是整数", "warning", "value")
def non_integers(context: Context) -> Iterator[Finding]:
    for table, row, column, cell in _cells(context):
        if cell.value is None or isinstance(cell.value, int) or float(cell.value).is_integer():
            continue
        if _columns(context.format, table.name)[column].decimals:
            continue
        yield non_integers.finding(
            f"{_where(context, table.name, row, column)}是 {cell.text}，件数应为整数。",
            **_cell_fields(context, table.name, row, column, cell),
        )


@rule("V406", "负数", "warning", "value")
def negatives(context: Context) -> Iterator[Finding]:
    for table, row, column, cell in _cells(context):
        if cell.value is None or cell.value >= 0 or _columns(context.format, table.name)[column].negative:
            continue
        yield negatives.finding(
            f"{_where(context, table.name, row, column)}是负数 {cell.text}，件数不能为负。",
            **_cell_fields(context, table.name, row, column, cell),
        )


def _cell_fields(context: Context, table: str, row: str, column: str, cell: CellValue) -> dict:
    return {
        "table": table,
        "row": context.format.row_label(table, row),
        "column": context.format.column_label(table, column),
        "found": cell.text,
        "anchors": (cell.anchor,) if cell.anchor else (),
    }


RULES = (blank_cells, placeholders, not_a_number, units_in_cells, non_integers, negatives)
