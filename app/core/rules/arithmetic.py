"""Arithmetic rules: every relation of tables 三 and 四 (T3-R1..R3, T4-R1..R3), from the format data.

Each relation is instantiated over the cells it covers (per column or per row), blanks read as 0 and
said so. When one cell alone explains every broken instance (it is in all of them, in no balanced one,
and one correction mends them all), that cell is named with the value it should have (应为). Otherwise
each broken relation is one finding, written in the report's row labels with the larger side said in
words and no 应为 (no single cell is named); a relation broken down the 总计 column only because a
column it adds up is broken is said inside that column's finding, not as a finding of its own.
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
    return [r.key for r in fmt.table(table).rows]


def _column_keys(fmt: ReportFormat, table: str) -> list[str]:
    return [c.key for c in fmt.table(table).columns]


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


def _term_names(keys: tuple[CellKey, ...], name: str) -> list[str] | None:
    """The side's own words for each of its cells ("一、本年新收+二、上年结转" names two), when the
    format's data names them one by one; None when the name covers the side as a whole."""
    names = [part.strip() for part in name.split("+")] if name else []
    return names if len(names) == len(keys) > 1 else None


def formula(relation: Relation) -> str:
    """A relation in the report's own words: 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理."""
    return f"{_spaced(relation.left_name)} = {_spaced(relation.right_name)}"


def _spaced(name: str) -> str:
    return " + ".join(part.strip() for part in name.split("+"))


def _side(table: RecognisedTable, keys: tuple[CellKey, ...], name: str) -> tuple[str, str]:
    """A side's words and its figures as filled: ("一、本年新收 + 二、上年结转", "0 + 0 = 0")."""
    total = _number(sum(_value(table.cells[key]) for key in keys))
    if _term_names(keys, name) is None:
        return _spaced(name), str(total)
    figures = " + ".join(str(_number(_value(table.cells[key]))) for key in keys)
    return _spaced(name), f"{figures} = {total}"


def _imbalance(table: RecognisedTable, instance: Instance, residual: float) -> str:
    """Both sides with their figures, and which is larger by how much, said in words."""
    relation = instance.relation
    left, left_figures = _side(table, instance.left, relation.left_name)
    right, right_figures = _side(table, instance.right, relation.right_name)
    larger = left if residual > 0 else right
    return (
        f"{left} 应等于 {right}，填的是 {left_figures} 和 {right_figures}，"
        f"{larger} 多了 {_number(abs(residual))}"
    )


def _scope(fmt: ReportFormat, table: str, instance: Instance) -> str:
    """Where an instance runs: “自然人”列, “一、本年新收”行 (表四 has one row: nothing to say)."""
    if instance.relation.for_each == "column":
        return f"“{fmt.column_label(table, instance.over)}”列"
    return "" if fmt.table(table).single_row else f"“{fmt.row_label(table, instance.over)}”行"


def implied(fmt: ReportFormat, evaluation: Evaluation) -> dict[Instance, list[Instance]]:
    """Broken instances that follow from others: a relation run down the 总计 column is the sum of
    the same relation down the columns 总计 adds up, when every row it touches adds up (and the
    same across rows). Such an instance is said inside the finding of the instance that causes it,
    not as a finding of its own: one mistyped figure is one problem, not one per column.

    Returns {implied instance: the broken instances it is the sum of}."""
    broken = {(item.relation.id, item.over): item for item, _ in evaluation.broken}
    balanced = {(item.relation.id, item.over) for item in evaluation.balanced}
    result: dict[Instance, list[Instance]] = {}
    for (relation_id, over), instance in broken.items():
        for total in fmt.relations:
            # `total` sums along the other axis: total.left[0] = sum(total.right), one per line.
            if total.table != instance.table or len(total.left) != 1 or total.left[0] != over:
                continue
            if total.for_each == instance.relation.for_each:
                continue
            lines = {key[0] if instance.relation.for_each == "column" else key[1] for key in instance.cells}
            if not all((total.id, line) in balanced for line in lines):
                continue
            causes = [broken[(relation_id, part)] for part in total.right if (relation_id, part) in broken]
            if causes:
                result[instance] = causes
    return result


def _instance_finding(
    owner: Rule,
    table: RecognisedTable,
    fmt: ReportFormat,
    instance: Instance,
    residual: float,
    follows: list[tuple[Instance, float, list[Instance]]],
) -> Finding:
    """One broken relation: no 应为 (no single cell is named), the cell the author fills last marked."""
    relation = instance.relation
    # 一+二 = （七）+四: the carried-over row is the balancing item the author fills last.
    named = instance.left[0] if len(instance.left) == 1 else instance.right[-1]
    row_label, column_label = _labels(fmt, table.name, named)
    message = f"{fmt.table(table.name).name}{_scope(fmt, table.name, instance)}：{_imbalance(table, instance, residual)}。"
    lines = "列" if relation.for_each == "column" else "行"
    for other, other_residual, causes in follows:
        gap = f"{_scope(fmt, table.name, other)}的同一关系也相差 {_number(abs(other_residual))}（它是各{lines}之和）"
        if len(causes) == 1:
            message += f"{gap}，也是这里造成的。"
        else:
            names = "、".join(_scope(fmt, table.name, cause) for cause in causes)
            message += f"{gap}，来自{names}的差额。"
    message += f"{_blank_note(table, fmt, instance.cells)}请核对这些数字。"
    cells = (named,) + instance.cells + tuple(key for other, _, _ in follows for key in other.cells)
    anchors = tuple(table.cells[key].anchor for key in cells if table.cells[key].anchor)
    return owner.finding(
        message,
        table=table.name,
        row=row_label,
        column=column_label,
        anchors=tuple(dict.fromkeys(anchors)),
        relation="、".join(dict.fromkeys([relation.id] + [other.relation.id for other, _, _ in follows])),
    )


def _broken_findings(
    owner: Rule, table: RecognisedTable, fmt: ReportFormat, evaluation: Evaluation
) -> Iterator[Finding]:
    """One finding per broken relation that does not follow from another one."""
    following = implied(fmt, evaluation)
    residuals = {instance: residual for instance, residual in evaluation.broken}
    # An implied instance is said once, in the finding of the first instance it follows from.
    folded: dict[Instance, list[tuple[Instance, float, list[Instance]]]] = {}
    for instance, causes in following.items():
        if all(cause not in following for cause in causes):
            folded.setdefault(causes[0], []).append((instance, residuals[instance], causes))
    dropped = {item for items in folded.values() for item, _, _ in items}
    for instance, residual in evaluation.broken:
        if instance not in dropped:
            yield _instance_finding(owner, table, fmt, instance, residual, folded.get(instance, []))


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
        yield from _broken_findings(owner, table, fmt, evaluation)
        return
    key, corrected = single
    row_label, column_label = _labels(fmt, name, key)
    cell = table.cells[key]
    relations = "、".join(dict.fromkeys(instance.relation.id for instance, _ in evaluation.broken))
    details = "；".join(
        f"{_scope(fmt, name, instance) or '表内'}的 {formula(instance.relation)}"
        f"（现在 {_larger_side(instance, residual)} 多了 {_number(abs(residual))}）"
        for instance, residual in evaluation.broken
    )
    found = cell.text or "空白"
    count = "这条关系" if len(evaluation.broken) == 1 else f"这{_count_word(len(evaluation.broken))}条关系都"
    yield owner.finding(
        f"{fmt.table(name).name}“{row_label}”行“{column_label}”列填的是 {found}，应为 {_number(corrected)}。"
        f"改成 {_number(corrected)} 后，{count}成立：{details}。请核对该格数字。",
        table=name,
        row=row_label,
        column=column_label,
        expected=_number(corrected),
        found=_number(_value(cell)) if cell.value is not None else None,
        anchors=(cell.anchor,) if cell.anchor else (),
        relation=relations,
    )


def _larger_side(instance: Instance, residual: float) -> str:
    relation = instance.relation
    return _spaced(relation.left_name if residual > 0 else relation.right_name)


def _count_word(count: int) -> str:
    return "两" if count == 2 else "一二三四五六七八九十"[count - 1] if count <= 10 else str(count)


@rule("A301", "表三勾稽关系不成立", "error", "arithmetic")
def check_table_three(context: Context) -> Iterator[Finding]:
    yield from _table_findings(context, "三", check_table_three)


@rule("A302", "表四勾稽关系不成立", "error", "arithmetic")
def check_table_four(context: Context) -> Iterator[Finding]:
    yield from _table_findings(context, "四", check_table_four)


RULES = (check_table_three, check_table_four)
