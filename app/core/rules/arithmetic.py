"""Arithmetic rules: every relation of tables 三 and 四 (T3-R1..R3, T4-R1..R3), from the format data.

Each relation is instantiated over the cells it covers (per column or per row), blanks read as 0 and
said so. When one cell alone explains every broken instance (it is in all of them, in no balanced one,
and one correction mends them all), that cell is named with the value it should have.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.core.formats import Relation, ReportFormat
from app.core.model import CellValue, Finding, RecognisedTable
from app.core.rules.base import Context, Rule, rule

CellKey = tuple[str, str]  # (row key, column key)
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Instance:
    """One relation over concrete cells: sum(left) == sum(right)."""

    relation: Relation
    table: str
    over: str  # the column key (for_each column) or row key (for_each row)
    left: tuple[CellKey, ...]
    right: tuple[CellKey, ...]

    @property
    def cells(self) -> tuple[CellKey, ...]:
        return self.left + self.right

    def residual(self, values: dict[CellKey, float]) -> float:
        return sum(values[key] for key in self.left) - sum(values[key] for key in self.right)


def _row_keys(fmt: ReportFormat, table: str) -> list[str]:
    return [r.key for r in fmt.table_three_rows] if table == "三" else [fmt.table_four_row.key]


def _column_keys(fmt: ReportFormat, table: str) -> list[str]:
    columns = fmt.table_three_columns if table == "三" else fmt.table_four_columns
    return [c.key for c in columns]


def instances(fmt: ReportFormat, table: str) -> list[Instance]:
    """Every relation of `table` over concrete cells: once per column, or once per row."""
    result = []
    for relation in fmt.relations:
        if relation.table != table:
            continue
        per_column = relation.for_each == "column"
        for over in (_column_keys if per_column else _row_keys)(fmt, table):
            left = tuple(_cell_key(key, over, per_column) for key in relation.left)
            right = tuple(_cell_key(key, over, per_column) for key in relation.right)
            result.append(Instance(relation, table, over, left, right))
    return result


def _cell_key(key: str, over: str, per_column: bool) -> CellKey:
    """A relation names rows when it runs down each column, columns when it runs along each row."""
    return (key, over) if per_column else (over, key)


def _usable(table: RecognisedTable, key: CellKey) -> bool:
    cell = table.cells.get(key)
    if cell is None or key[0] in table.unreliable_rows:
        return False
    return cell.value is not None or not cell.text or cell.text in ("-", "—", "/", "无")


def _value(cell: CellValue) -> float:
    return cell.value if cell.value is not None else 0


@dataclass(frozen=True)
class Evaluation:
    broken: list[tuple[Instance, float]]
    balanced: list[Instance]
    values: dict[CellKey, float]


def _collapsed(instance: Instance, table: RecognisedTable) -> Instance:
    """Sub-rows absent because their group was printed as one row are replaced by the group's row."""
    if not table.collapsed:
        return instance

    def side(keys: tuple[CellKey, ...]) -> tuple[CellKey, ...]:
        result: list[CellKey] = []
        for row, column in keys:
            group = next((g for g, subs in table.collapsed.items() if row in subs), None)
            key = (group, column) if group is not None and (row, column) not in table.cells else (row, column)
            if key not in result or key == (row, column):
                result.append(key)
        return tuple(result)

    return Instance(
        instance.relation, instance.table, instance.over, side(instance.left), side(instance.right)
    )


def evaluate(fmt: ReportFormat, table: RecognisedTable) -> Evaluation:
    broken: list[tuple[Instance, float]] = []
    balanced: list[Instance] = []
    values: dict[CellKey, float] = {}
    group_rows = [
        Instance(
            relation,
            table.name,
            group,
            tuple((group, k) for k in relation.left),
            tuple((group, k) for k in relation.right),
        )
        for group in table.collapsed
        for relation in fmt.relations
        if relation.table == table.name and relation.for_each == "row"
    ]
    for instance in [_collapsed(item, table) for item in instances(fmt, table.name)] + group_rows:
        if not all(_usable(table, key) for key in instance.cells):
            continue
        for key in instance.cells:
            values[key] = _value(table.cells[key])
        residual = instance.residual(values)
        if abs(residual) > TOLERANCE:
            broken.append((instance, residual))
        else:
            balanced.append(instance)
    return Evaluation(broken, balanced, values)


def pinpoint(evaluation: Evaluation) -> tuple[CellKey, float] | None:
    """The one cell, and its corrected value, that explains every broken instance; None if not unique."""
    if not evaluation.broken:
        return None
    candidates = set(evaluation.broken[0][0].cells)
    for instance, _ in evaluation.broken[1:]:
        candidates &= set(instance.cells)
    for instance in evaluation.balanced:
        candidates -= set(instance.cells)
    answers: list[tuple[CellKey, float]] = []
    for key in candidates:
        deltas = set()
        for instance, residual in evaluation.broken:
            sign = (instance.left.count(key) - instance.right.count(key)) or None
            if sign is None:
                break
            deltas.add(round(-residual / sign, 6))
        else:
            if len(deltas) == 1:
                answers.append((key, evaluation.values[key] + deltas.pop()))
    return answers[0] if len(answers) == 1 else None


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 4)


def _labels(fmt: ReportFormat, table: str, key: CellKey) -> tuple[str, str]:
    return fmt.row_label(table, key[0]), fmt.column_label(table, key[1])


def _blank_note(table: RecognisedTable, fmt: ReportFormat, keys: tuple[CellKey, ...]) -> str:
    blanks = [key for key in keys if table.cells[key].value is None]
    if not blanks:
        return ""
    names = "、".join(
        f"“{_labels(fmt, table.name, key)[0]}/{_labels(fmt, table.name, key)[1]}”" for key in blanks
    )
    return f"（其中{names}为空白，按0计算；空白不等于0，请填写数字）"


def _describe(table: RecognisedTable, fmt: ReportFormat, keys: tuple[CellKey, ...], name: str) -> str:
    """One side of a relation: its cells with values when few, else the side's name from the data."""
    if name and (len(keys) == 1 or len(keys) > 3):
        return name
    parts = []
    for key in keys:
        row, column = _labels(fmt, table.name, key)
        label = column.split("·")[-1] if len(set(k[0] for k in keys)) == 1 else row.split(" ")[-1]
        parts.append(f"{label}({_number(_value(table.cells[key]))})")
    return "+".join(parts)


TABLE_NAMES = {"三": "表三", "四": "表四"}


def _instance_finding(
    owner: Rule, table: RecognisedTable, fmt: ReportFormat, instance: Instance, residual: float
) -> Finding:
    relation = instance.relation
    left_total = sum(_value(table.cells[key]) for key in instance.left)
    right_total = sum(_value(table.cells[key]) for key in instance.right)
    if len(instance.left) == 1:
        named = instance.left[0]
        expected, found = right_total, left_total
    else:
        # 一+二 = （七）+四: the carried-over row is the balancing item the author fills last.
        named = instance.right[-1]
        expected = _value(table.cells[named]) + residual
        found = _value(table.cells[named])
    row_label, column_label = _labels(fmt, table.name, named)
    scope = (
        f"“{fmt.column_label(table.name, instance.over)}”列"
        if relation.for_each == "column"
        else ("" if table.name == "四" else f"“{fmt.row_label(table.name, instance.over)}”行")
    )
    message = (
        f"{TABLE_NAMES[table.name]}{scope}不符合勾稽关系“{relation.name}”："
        f"{_describe(table, fmt, instance.left, relation.left_name)} = {_number(left_total)}，"
        f"而 {_describe(table, fmt, instance.right, relation.right_name)} = {_number(right_total)}，"
        f"相差 {_number(residual)}。"
        f"{_blank_note(table, fmt, instance.cells)}请核对这些数字。"
    )
    anchors = tuple(table.cells[key].anchor for key in (named,) + instance.cells if table.cells[key].anchor)
    return owner.finding(
        message,
        table=table.name,
        row=row_label,
        column=column_label,
        expected=_number(expected),
        found=_number(found),
        anchors=tuple(dict.fromkeys(anchors)),
        relation=relation.id,
    )


def _table_findings(context: Context, name: str, owner: Rule) -> Iterator[Finding]:
    table = context.report.tables.get(name)
    if table is None:
        return
    fmt = context.format
    evaluation = evaluate(fmt, table)
    if not evaluation.broken:
        return
    single = pinpoint(evaluation)
    if single is None:
        for instance, residual in evaluation.broken:
            yield _instance_finding(owner, table, fmt, instance, residual)
        return
    key, corrected = single
    row_label, column_label = _labels(fmt, name, key)
    cell = table.cells[key]
    relations = "、".join(dict.fromkeys(instance.relation.id for instance, _ in evaluation.broken))
    details = "；".join(
        f"“{instance.relation.name}”相差 {_number(residual)}" for instance, residual in evaluation.broken
    )
    found = cell.text or "空白"
    yield owner.finding(
        f"{TABLE_NAMES[name]}“{row_label}”行“{column_label}”列填的是 {found}，应为 {_number(corrected)}："
        f"只有改正这一格，下列勾稽关系才都成立：{details}。请核对该格数字。",
        table=name,
        row=row_label,
        column=column_label,
        expected=_number(corrected),
        found=_number(_value(cell)) if cell.value is not None else None,
        anchors=(cell.anchor,) if cell.anchor else (),
        relation=relations,
    )


@rule("A301", "表三勾稽关系不成立", "error", "arithmetic")
def check_table_three(context: Context) -> Iterator[Finding]:
    yield from _table_findings(context, "三", check_table_three)


@rule("A302", "表四勾稽关系不成立", "error", "arithmetic")
def check_table_four(context: Context) -> Iterator[Finding]:
    yield from _table_findings(context, "四", check_table_four)


RULES = (check_table_three, check_table_four)
