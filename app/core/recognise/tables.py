"""Tables 二, 三 and 四 found row by row and mapped onto a format's canonical cells."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.formats import Column, ReportFormat, TableRow, all_formats
from app.core.model import (
    Cell,
    RecognisedTable,
    Report,
)
from app.core.recognise.lines import has_values, is_four_header, is_three_header
from app.core.recognise.placement import ColumnMap, TextShape, cell_value, place_by_grid, place_by_order
from app.core.recognise.records import Recognition, RowMatch, RowProblem, TableLine
from app.core.text import (
    Marked,
    looks_numeric,
    normalize_label,
    similarity,
    split_marker,
)

ROW_SIMILARITY = 0.55


@dataclass
class _Context:
    top: str | None = None
    group: str | None = None


def _update_context(context: _Context, labels: tuple[str, ...]) -> list[Marked]:
    marks = [split_marker(label) for label in labels]
    for mark in marks:
        if mark.top:
            context.top, context.group = mark.top, None
        if mark.group:
            context.group = mark.group
    return marks


def _score_three_row(marks: list[Marked], context: _Context, row: TableRow) -> float:
    if not marks:
        return 0.0
    last = marks[-1]
    score = similarity(last.text, row.leaf)
    if last.item is not None:
        score += 0.15 if row.item == last.item else -0.15
        if row.item is None:
            score -= 0.3
    elif last.group is not None and row.item is not None:
        score -= 0.3
    if last.top is not None and row.top is not None and row.top != last.top:
        score -= 0.3
    if row.group is not None and context.group is not None and row.group != context.group:
        score -= 0.3
    if row.group is None and last.group is not None:
        score -= 0.3
    return score


def _best_three_row(
    marks: list[Marked], context: _Context, fmt: ReportFormat
) -> tuple[TableRow | None, float]:
    best: tuple[TableRow | None, float] = (None, 0.0)
    for row in fmt.table_three_rows:
        score = _score_three_row(marks, context, row)
        if score > best[1]:
            best = (row, score)
    return best


def _is_group_label(marks: list[Marked], fmt: ReportFormat) -> bool:
    last = marks[-1] if marks else None
    if last is None or last.group is None:
        return False
    return any(g.group == last.group and similarity(last.text, g.leaf) >= 0.6 for g in fmt.table_three_groups)


def recognise_table_three(lines: list[TableLine], fmt: ReportFormat, result: Recognition) -> RecognisedTable:
    table = RecognisedTable(name="三")
    columns = fmt.table_three_columns
    context = _Context()
    column_map = ColumnMap()
    shapes = TextShape()
    unreliable: set[str] = set()
    blocks: list[int] = []
    for line in lines:
        if is_three_header(line, fmt):
            column_map.learn(line, columns)
            continue
        marks = _update_context(context, line.labels)
        if not _may_hold_values(line, shapes, len(columns)):
            continue
        row, score = _best_three_row(marks, context, fmt)
        written = line.labels[-1] if line.labels else ""
        if row is None or score < ROW_SIMILARITY:
            if has_values(line) and _is_group_label(marks, fmt):
                result.problems.append(RowProblem("三", "subtotal", written, line))
            continue
        if any(key == row.key for key, _ in table.cells):
            result.problems.append(RowProblem("三", "extra", written, line, key=row.key))
            continue
        if line.block not in blocks:
            blocks.append(line.block)
        result.matches.append(RowMatch("三", row.key, written, normalize_label(row.label), score, line))
        placed, problem = _place_three_row(line, columns, column_map, shapes)
        if problem:
            found = sum(1 for cell in line.value_cells if cell.text.strip())
            result.problems.append(RowProblem("三", problem, written, line, row.key, found, len(columns)))
            unreliable.add(row.key)
        for column, cell in zip(columns, placed, strict=True):
            table.cells[(row.key, column.key)] = cell_value(line, cell)
    _collapse_groups(table, fmt, result, column_map, shapes, unreliable)
    table.blocks = tuple(blocks)
    table.unreliable_rows = frozenset(unreliable)
    return table


def _collapse_groups(
    table: RecognisedTable,
    fmt: ReportFormat,
    result: Recognition,
    column_map: ColumnMap,
    shapes: TextShape,
    unreliable: set[str],
) -> None:
    """A group printed as one row with numbers (（六）其他处理 in the 2019 shape) whose sub-rows are all
    absent stands for them: its values are read under the group's key, and the arithmetic uses them as
    the sum of the sub-rows. Nothing is moved into the sub-rows."""
    columns = fmt.table_three_columns
    for problem in list(result.problems):
        if problem.table != "三" or problem.kind != "subtotal":
            continue
        group = split_marker(problem.label).group
        spec = next((g for g in fmt.table_three_groups if g.group == group), None)
        sub_rows = tuple(row.key for row in fmt.table_three_rows if row.group == group)
        present = {key for key, _ in table.cells}
        if spec is None or not sub_rows or present.intersection(sub_rows) or spec.key in table.collapsed:
            continue
        placed, trouble = _place_three_row(problem.line, columns, column_map, shapes)
        if trouble:
            unreliable.add(spec.key)
        for column, cell in zip(columns, placed, strict=True):
            table.cells[(spec.key, column.key)] = cell_value(problem.line, cell)
        table.collapsed[spec.key] = sub_rows
        result.problems.remove(problem)
        result.collapsed.append(
            RowMatch("三", spec.key, problem.label, normalize_label(spec.label), 1.0, problem.line)
        )


def _may_hold_values(line: TableLine, shapes: TextShape, count: int) -> bool:
    """A row with numbers, or an all-blank row in a real grid or shaped like its well-formed siblings.

    Rows without any number in drifting text are usually group labels or header words on their own.
    """
    if has_values(line):
        return True
    if line.grid:
        return bool(line.value_cells)
    # a text row of blanks is a row only with a position for every value: header words standing alone
    # in a one-cell-per-line copy ("总计 |", "其他 |") have fewer
    return _blank_row(line, count) or shapes.place(line, count) is not None


def _blank_row(line: TableLine, count: int) -> bool:
    """A drifting-text row with a cell for every value and nothing in any (a Word table copied with
    its zeros left blank: `\t1.属于国家秘密\t\t\t\t\t\t\t`). Wherever the columns drift, every value
    of it is blank, so reading it as blanks cannot put a number under the wrong column."""
    cells = line.value_cells
    return not line.grid and len(cells) >= count and not any(cell.text.strip() for cell in cells)


def _place_three_row(
    line: TableLine, columns: tuple[Column, ...], column_map: ColumnMap, shapes: TextShape
) -> tuple[list[Cell | None], str | None]:
    """Place a row's values: by the header's grid columns, else by order, else by its siblings' shape."""
    grid = column_map.for_line(line)
    placed = place_by_grid(line, columns, grid) if grid else None
    if placed is not None:
        return placed, None
    if _blank_row(line, len(columns)):
        # every position blank: the trailing cells, as a copied Word row keeps its merged labels in front
        return list(line.value_cells[-len(columns) :]), None
    placed, problem = place_by_order(line, len(columns))
    if problem is None:
        if not line.grid:
            shapes.learn(line, placed)
        return placed, None
    by_shape = None if line.grid else shapes.place(line, len(columns))
    return (by_shape, None) if by_shape is not None else (placed, problem)


def recognise_table_two(lines: list[TableLine], fmt: ReportFormat, result: Recognition) -> RecognisedTable:
    table = RecognisedTable(name="二")
    rows = [(block, row) for block in fmt.table_two for row in block.rows]
    blocks: list[int] = []
    current_block = None
    for line in lines:
        if "第二十条" in line.text:
            current_block = _match_two_block(line.text, fmt)
            continue
        if not line.labels or "信息内容" in line.labels[0]:
            continue
        label = split_marker(line.labels[0]).text
        best = max(rows, key=lambda item: _two_score(label, item, current_block))
        block, row = best
        score = _two_score(label, best, current_block)
        if score < 0.7:
            if current_block is not None and has_values(line):
                result.problems.append(RowProblem("二", "extra", line.labels[0], line))
            continue
        if any(key == row.key for key, _ in table.cells):
            result.problems.append(RowProblem("二", "extra", line.labels[0], line, key=row.key))
            continue
        if line.block not in blocks:
            blocks.append(line.block)
        result.matches.append(RowMatch("二", row.key, label, row.leaf, min(score, 1.0), line))
        cells = list(line.value_cells)
        while len(cells) > len(block.columns) and not cells[-1].text.strip():
            cells.pop()
        placed: list[Cell | None] = cells[: len(block.columns)]
        placed += [None] * (len(block.columns) - len(placed))
        for column, cell in zip(block.columns, placed, strict=True):
            table.cells[(row.key, column.key)] = cell_value(line, cell)
    table.blocks = tuple(blocks)
    return table


def _match_two_block(text: str, fmt: ReportFormat) -> str | None:
    best = max(fmt.table_two, key=lambda block: similarity(text, normalize_label(block.header)))
    return best.key if similarity(text, normalize_label(best.header)) >= 0.85 else None


def _two_score(label: str, item: tuple, current_block: str | None) -> float:
    block, row = item
    score = similarity(label, row.leaf)
    if current_block is not None and block.key == current_block:
        score += 0.05
    return score


def recognise_table_four(lines: list[TableLine], fmt: ReportFormat, result: Recognition) -> RecognisedTable:
    table = RecognisedTable(name="四")
    columns = fmt.table_four_columns
    row = fmt.table_four_row
    seen_header = False
    for line in lines:
        if is_four_header(line) and not has_values(line):
            seen_header = True
            continue
        if not seen_header:
            continue
        numeric = sum(1 for cell in line.value_cells if looks_numeric(cell.text))
        blank_row = (
            (line.grid or line.positional) and len(line.value_cells) >= len(columns) and not line.labels
        )
        if numeric < len(columns) // 2 and not blank_row:
            continue
        placed, problem = place_by_order(line, len(columns))
        written = line.labels[-1] if line.labels else ""
        if problem:
            found = sum(1 for cell in line.value_cells if cell.text.strip())
            result.problems.append(RowProblem("四", problem, written, line, row.key, found, len(columns)))
            table.unreliable_rows = frozenset({row.key})
        result.matches.append(RowMatch("四", row.key, written, normalize_label(row.label), 1.0, line))
        for column, cell in zip(columns, placed, strict=True):
            table.cells[(row.key, column.key)] = cell_value(line, cell)
        table.blocks = (line.block,)
        break
    if not table.cells:
        _four_in_pieces(lines, fmt, result, table)
    return table


def _four_in_pieces(
    lines: list[TableLine], fmt: ReportFormat, result: Recognition, table: RecognisedTable
) -> None:
    """Table 四 printed as small tables, one per group (复议 / 直接起诉 / 复议后起诉), each a header naming
    its group and one row of its values: joined back by the groups' labels. A group whose values are
    missing leaves the row unreliable (a parse warning, never an arithmetic error on a guess)."""
    row = fmt.table_four_row
    groups: dict[str, list] = {}
    for column in fmt.table_four_columns:
        groups.setdefault(column.key.split(".")[0], []).append(column)
    labels = {group: normalize_label(columns[0].label.split("·")[0]) for group, columns in groups.items()}
    found: dict[str, tuple[TableLine, list]] = {}
    current: str | None = None
    last: TableLine | None = None
    for line in lines:
        for text in (line.caption, "" if has_values(line) else line.text):
            # a group named whole or by its last words (「直接起诉」 for 未经复议直接起诉, as printed captions say)
            named = [group for group, label in labels.items() if label in text or label[-4:] in text]
            if named:
                current = named[0] if len(named) == 1 else None
        if not has_values(line):
            continue
        if current is None or current in found:
            continue
        placed, problem = place_by_order(line, len(groups[current]))
        if problem:
            current = None
            continue
        found[current] = (line, placed)
        last, current = line, None
    if not found or last is None:
        return
    for group, (line, placed) in found.items():
        for column, cell in zip(groups[group], placed, strict=True):
            table.cells[(row.key, column.key)] = cell_value(line, cell)
        written = line.labels[-1] if line.labels else labels[group]
        result.matches.append(RowMatch("四", row.key, written, normalize_label(row.label), 1.0, line))
    table.blocks = tuple(sorted({line.block for line, _ in found.values()}))
    if len(found) < len(groups):
        filled = sum(len(groups[group]) for group in found)
        result.problems.append(
            RowProblem(
                "四", "short", labels[next(iter(found))], last, row.key, filled, len(fmt.table_four_columns)
            )
        )
        table.unreliable_rows = frozenset({row.key})


def partition(lines: list[TableLine], fmt: ReportFormat) -> dict[str, list[TableLine]]:
    """Assign each table row to table 二, 三 or 四 by what it says, in document order."""
    parts: dict[str, list[TableLine]] = {"二": [], "三": [], "四": []}
    three_leaves = [normalize_label(row.label) for f in all_formats() for row in f.table_three_rows]
    current: str | None = None
    for line in lines:
        if "第二十条" in line.text or (line.labels and line.labels[0] == "信息内容"):
            current = "二"
        elif is_three_header(line, fmt):
            current = "三"
        elif is_four_header(line) and not has_values(line):
            current = "四"
        elif current != "三" and line.labels and has_values(line):
            label = line.labels[0]
            if max(similarity(label, leaf) for leaf in three_leaves) >= 0.8 and len(label) > 6:
                current = "三"
        if current:
            parts[current].append(line)
    return parts


def recognise_tables(lines: list[TableLine], fmt: ReportFormat) -> Recognition:
    result = Recognition(report=Report(), format=fmt)
    parts = partition(lines, fmt)
    for name, recognise in (
        ("二", recognise_table_two),
        ("三", recognise_table_three),
        ("四", recognise_table_four),
    ):
        table = recognise(parts[name], fmt, result)
        if table.cells:
            result.report.tables[name] = table
            result.tables_seen.add(name)
    return result
