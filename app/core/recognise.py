"""The recogniser: finds title, year, body, sections and tables 二/三/四 in a Document.

Tables are found row by row, wherever they are (under their headings, on their own sheets, split over
pages): each table row is classified by its label after normalisation and mapped onto a format's
canonical row by similarity, so drifting columns, typos, wrapped labels and split tables still land on
the right cells. Where it cannot place values it records why, and the parse rules say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.core.formats import Column, ReportFormat, TableRow, all_formats, format_for_year
from app.core.model import (
    Anchor,
    Cell,
    CellValue,
    Document,
    Paragraph,
    RecognisedTable,
    Report,
    Row,
    SectionHit,
    Table,
)
from app.core.text import (
    Marked,
    looks_numeric,
    normalize_label,
    normalize_text,
    parse_number,
    similarity,
    split_marker,
    years_in,
)

HEADING_MAX_LENGTH = 40
SECTION_SIMILARITY = 0.6
ROW_SIMILARITY = 0.55
_HEADING = re.compile(r"^([一二三四五六七八九十]+)[.,:]")
_TITLE_WORDS = ("年度报告", "工作报告", "年报")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?\s*(?:的)?\s*(?:政府|政务)?信息公开")
_PERIOD_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_INNER_MARKER = re.compile(r"(?<=\S)(?=\([一二三四五六七]\)|(?<!\d)\d{1,2}\.(?!\d))")


@dataclass(frozen=True)
class TableLine:
    """A row of any Document table, with its address and its label and value cells split."""

    block: int
    row_index: int
    row: Row
    grid: bool
    labels: tuple[str, ...]  # normalised label cells
    label_cells: int  # how many leading cells are labels
    text: str  # normalised text of the whole row

    def anchor(self, cell: int) -> Anchor:
        return Anchor(block=self.block, row=self.row_index, cell=cell)

    @property
    def value_cells(self) -> tuple[Cell, ...]:
        return self.row.cells[self.label_cells :]


@dataclass(frozen=True)
class RowMatch:
    table: str
    key: str
    written: str  # the label as written (normalised)
    official: str  # the official label (normalised)
    score: float
    line: TableLine


@dataclass(frozen=True)
class RowProblem:
    """A table row the recogniser could not use as it stands."""

    table: str
    kind: str  # "short" (too few values), "extra" (unknown or duplicate row), "long" (too many values)
    label: str
    line: TableLine
    key: str | None = None
    found: int | None = None
    expected: int | None = None


@dataclass
class Recognition:
    """The recogniser's full answer: the public Report plus what the rules need to explain it."""

    report: Report
    format: ReportFormat | None
    layout_scores: dict[str, float] = field(default_factory=dict)
    matches: list[RowMatch] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    tables_seen: set[str] = field(default_factory=set)


# ---------------------------------------------------------------- title, year, body


def _paragraphs(document: Document) -> Iterator[tuple[int, Paragraph]]:
    for index, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            yield index, block


def find_title(document: Document, first_section_block: int | None) -> tuple[str | None, int | None]:
    """The title: the first paragraph naming the annual report, joined with a body line above it."""
    limit = first_section_block if first_section_block is not None else len(document.blocks)
    before: list[tuple[int, str]] = []
    for index, paragraph in _paragraphs(document):
        if index >= limit and before:
            break
        text = paragraph.text.strip()
        if any(word in normalize_text(text) for word in _TITLE_WORDS):
            title = text
            if not _body_from_title(text):
                # Title over two lines: "XX县工业信息科技局" / "2020 年政府信息公开工作年度报告".
                if before and len(before[-1][1]) <= 40 and not _HEADING.match(normalize_label(before[-1][1])):
                    title = before[-1][1] + text
            return re.sub(r"\s+", " ", title).strip(), index
        before.append((index, text))
        if len(before) > 6:
            break
    return None, None


def _body_from_title(title: str) -> str | None:
    text = normalize_text(title)
    match = re.search(r"(?:19|20)\d{2}年", text)
    body = text[: match.start()] if match else ""
    body = body.strip('《》"“” ')
    return body or None


def find_year(document: Document, title: str | None) -> int | None:
    if title:
        match = _TITLE_YEAR.search(normalize_text(title))
        if match:
            return int(match.group(1))
        years = years_in(title)
        if years:
            return years[0]
    head = " ".join(p.text for _, p in list(_paragraphs(document))[:30])
    match = _PERIOD_YEAR.search(normalize_text(head))
    if match:
        return int(match.group(1))
    match = _TITLE_YEAR.search(normalize_text(head))
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------- sections


def match_heading(text: str, fmt: ReportFormat) -> tuple[str, bool] | None:
    """(section key, is-variant) when a paragraph is one of the six headings.

    Matched by the text after the numeral, so a renumbered heading ("五、其他需要报告的事项" after a
    dropped section) is still recognised, as a variant."""
    label = normalize_label(text)
    if not label or len(label) > HEADING_MAX_LENGTH:
        return None
    marked = split_marker(label)
    numeral = marked.top
    if numeral is None and len(label) > 20:
        return None
    best: tuple[float, str, bool] | None = None
    for section in fmt.sections:
        for core, is_variant in [(section.core, False)] + [(c, True) for c in section.variant_cores]:
            score = similarity(marked.text, core)
            if best is None or score > best[0]:
                best = (score, section.key, is_variant or score < 1.0)
    if best is None:
        return None
    threshold = SECTION_SIMILARITY if numeral else 0.85
    if best[0] < threshold:
        return None
    return best[1], best[2] or numeral is None or numeral != best[1]


def find_sections(document: Document, fmt: ReportFormat) -> list[SectionHit]:
    hits: list[SectionHit] = []
    for index, paragraph in _paragraphs(document):
        matched = match_heading(paragraph.text, fmt)
        if matched is not None:
            key, variant = matched
            hits.append(SectionHit(key=key, heading=paragraph.text.strip(), block=index, variant=variant))
    return hits


# ---------------------------------------------------------------- table lines


def _split_segments(label: str) -> list[str]:
    """Split a label cell holding several levels ("三、本年度办理结果(一)予以公开") into its parts."""
    parts = _INNER_MARKER.split(label)
    return [part for part in parts if part]


def table_lines(document: Document) -> list[TableLine]:
    lines: list[TableLine] = []
    for block_index, block in enumerate(document.blocks):
        if not isinstance(block, Table):
            continue
        for row_index, row in enumerate(block.rows):
            label_cells = 0
            labels: list[str] = []
            for index, cell in enumerate(row.cells):
                text = cell.text.strip()
                if text and looks_numeric(text):
                    break
                if text:
                    label_cells = index + 1
                    labels.extend(_split_segments(normalize_label(text)))
            lines.append(
                TableLine(
                    block=block_index,
                    row_index=row_index,
                    row=row,
                    grid=block.grid,
                    labels=tuple(labels),
                    label_cells=label_cells,
                    text=normalize_label("".join(row.texts)),
                )
            )
    return lines


def _has_values(line: TableLine) -> bool:
    return any(looks_numeric(cell.text) for cell in line.value_cells)


_THREE_HEADER_WORDS = ("申请人情况", "法人或其他组织")


def _is_three_header(line: TableLine, fmt: ReportFormat) -> bool:
    """Table 三's header: the relation note, or two or more of its column words standing alone."""
    if "勾稽" in line.text or "申请人情况" in line.text:
        return True
    if _is_four_header(line):
        return False  # table 四's header repeats 总计 too
    words = {normalize_label(c.label) for c in fmt.table_three_columns} | set(_THREE_HEADER_WORDS)
    return len(words.intersection(line.labels)) >= 2


def _is_four_header(line: TableLine) -> bool:
    return any(word in line.text for word in ("行政复议", "行政诉讼", "结果维持", "未经复议", "复议后起诉"))


# ---------------------------------------------------------------- value placement


def _place_by_order(line: TableLine, count: int) -> tuple[list[Cell | None], str | None]:
    """Values in order after the label; (cells, problem) where problem is "short"/"long" or None.

    In a real grid every cell after the label is a value slot, blanks included; in drifting text the
    empty cells at either end are padding (merged label columns, trailing tabs) and are dropped.
    """
    cells: list[Cell | None] = list(line.value_cells)
    if line.grid and len(cells) == count:
        return cells, None
    while cells and len(cells) > (count if line.grid else 0) and not cells[-1].text.strip():
        cells.pop()
    while cells and len(cells) > (count if line.grid else 0) and not cells[0].text.strip():
        cells.pop(0)
    if len(cells) == count:
        return cells, None
    if len(cells) < count:
        return cells + [None] * (count - len(cells)), "short"
    return cells[-count:], "long"


def _cell_value(line: TableLine, cell: Cell | None) -> CellValue:
    if cell is None:
        return CellValue(text="", value=None, anchor=None)
    index = line.row.cells.index(cell)
    return CellValue(text=cell.text.strip(), value=parse_number(cell.text).value, anchor=line.anchor(index))


@dataclass
class _ColumnMap:
    """Grid columns of table 三's value columns, learnt from a header, per Document table."""

    by_block: dict[int, dict[str, int]] = field(default_factory=dict)
    last: dict[str, int] | None = None
    last_width: int = 0

    def learn(self, line: TableLine, columns: tuple[Column, ...], header_lines: list[TableLine]) -> None:
        found: dict[str, int] = {}
        for header in header_lines:
            for cell in header.row.cells:
                label = normalize_label(cell.text)
                for column in columns:
                    if column.key not in found and similarity(label, normalize_label(column.label)) >= 0.8:
                        found[column.key] = cell.col
                        break
        if len(found) == len(columns) and len(set(found.values())) == len(columns):
            self.by_block[line.block] = found
            self.last = found
            self.last_width = _width(line.row)

    def for_line(self, line: TableLine) -> dict[str, int] | None:
        if not line.grid:
            return None
        if line.block in self.by_block:
            return self.by_block[line.block]
        if self.last is not None and _width(line.row) == self.last_width:
            return self.last
        return None


@dataclass
class _TextShape:
    """Where the values stand in well-formed rows of a drifting text table, by row length.

    Text copied from a Word table keeps one tab per cell, so rows of the same length put their values
    at the same positions; a row with blank cells is read at the positions its well-formed siblings use.
    """

    starts: dict[tuple[int, int], int] = field(default_factory=dict)

    def learn(self, line: TableLine, placed: list[Cell | None]) -> None:
        if all(cell is not None and cell.text.strip() for cell in placed):
            first = line.row.cells.index(placed[0])
            self.starts.setdefault((line.block, len(line.row.cells)), first)

    def place(self, line: TableLine, count: int) -> list[Cell | None] | None:
        start = self.starts.get((line.block, len(line.row.cells)))
        if start is None or start < line.label_cells:
            return None
        cells = list(line.row.cells[start : start + count])
        outside = [c for c in line.value_cells if c not in cells and c.text.strip()]
        return cells if len(cells) == count and not outside else None


def _width(row: Row) -> int:
    return max((cell.col + cell.colspan for cell in row.cells), default=0)


def _place_by_grid(
    line: TableLine, columns: tuple[Column, ...], grid: dict[str, int]
) -> list[Cell | None] | None:
    by_col = {cell.col: cell for cell in line.value_cells}
    placed = [by_col.get(grid[column.key]) for column in columns]
    used = {id(cell) for cell in placed if cell is not None}
    stray = [cell for cell in line.value_cells if id(cell) not in used and cell.text.strip()]
    if stray:
        return None  # numbers outside the header's columns: the header map does not fit this row
    return placed


# ---------------------------------------------------------------- table 三


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
    column_map = _ColumnMap()
    shapes = _TextShape()
    headers: dict[int, list[TableLine]] = {}
    unreliable: set[str] = set()
    blocks: list[int] = []
    for line in lines:
        if _is_three_header(line, fmt):
            headers.setdefault(line.block, []).append(line)
            column_map.learn(line, columns, headers[line.block])
            continue
        marks = _update_context(context, line.labels)
        if not _may_hold_values(line, shapes, len(columns)):
            continue
        row, score = _best_three_row(marks, context, fmt)
        written = line.labels[-1] if line.labels else ""
        if row is None or score < ROW_SIMILARITY:
            if _has_values(line) and _is_group_label(marks, fmt):
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
            table.cells[(row.key, column.key)] = _cell_value(line, cell)
    table.blocks = tuple(blocks)
    table.unreliable_rows = frozenset(unreliable)
    return table


def _may_hold_values(line: TableLine, shapes: _TextShape, count: int) -> bool:
    """A row with numbers, or an all-blank row in a real grid or shaped like its well-formed siblings.

    Rows without any number in drifting text are usually group labels or header words on their own.
    """
    if _has_values(line):
        return True
    if line.grid:
        return bool(line.value_cells)
    return shapes.place(line, count) is not None


def _place_three_row(
    line: TableLine, columns: tuple[Column, ...], column_map: _ColumnMap, shapes: _TextShape
) -> tuple[list[Cell | None], str | None]:
    """Place a row's values: by the header's grid columns, else by order, else by its siblings' shape."""
    grid = column_map.for_line(line)
    placed = _place_by_grid(line, columns, grid) if grid else None
    if placed is not None:
        return placed, None
    placed, problem = _place_by_order(line, len(columns))
    if problem is None:
        if not line.grid:
            shapes.learn(line, placed)
        return placed, None
    by_shape = None if line.grid else shapes.place(line, len(columns))
    return (by_shape, None) if by_shape is not None else (placed, problem)


# ---------------------------------------------------------------- table 二


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
            if current_block is not None and _has_values(line):
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
            table.cells[(row.key, column.key)] = _cell_value(line, cell)
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


# ---------------------------------------------------------------- table 四


def recognise_table_four(lines: list[TableLine], fmt: ReportFormat, result: Recognition) -> RecognisedTable:
    table = RecognisedTable(name="四")
    columns = fmt.table_four_columns
    row = fmt.table_four_row
    seen_header = False
    for line in lines:
        if _is_four_header(line) and not _has_values(line):
            seen_header = True
            continue
        if not seen_header:
            continue
        numeric = sum(1 for cell in line.value_cells if looks_numeric(cell.text))
        if numeric < len(columns) // 2:
            continue
        placed, problem = _place_by_order(line, len(columns))
        written = line.labels[-1] if line.labels else ""
        if problem:
            found = sum(1 for cell in line.value_cells if cell.text.strip())
            result.problems.append(RowProblem("四", problem, written, line, row.key, found, len(columns)))
            table.unreliable_rows = frozenset({row.key})
        result.matches.append(RowMatch("四", row.key, written, normalize_label(row.label), 1.0, line))
        for column, cell in zip(columns, placed, strict=True):
            table.cells[(row.key, column.key)] = _cell_value(line, cell)
        table.blocks = (line.block,)
        break
    return table


# ---------------------------------------------------------------- layout


def _partition(lines: list[TableLine], fmt: ReportFormat) -> dict[str, list[TableLine]]:
    """Assign each table row to table 二, 三 or 四 by what it says, in document order."""
    parts: dict[str, list[TableLine]] = {"二": [], "三": [], "四": []}
    three_leaves = [normalize_label(row.label) for f in all_formats() for row in f.table_three_rows]
    current: str | None = None
    for line in lines:
        if "第二十条" in line.text or (line.labels and line.labels[0] == "信息内容"):
            current = "二"
        elif _is_three_header(line, fmt):
            current = "三"
        elif _is_four_header(line) and not _has_values(line):
            current = "四"
        elif current != "三" and line.labels and _has_values(line):
            label = line.labels[0]
            if max(similarity(label, leaf) for leaf in three_leaves) >= 0.8 and len(label) > 6:
                current = "三"
        if current:
            parts[current].append(line)
    return parts


def layout_scores(lines: list[TableLine], matches_by_format: dict[str, list[RowMatch]]) -> dict[str, float]:
    """Evidence for each format: its fingerprint labels found, and the shape of table 三's （六）."""
    text = "".join(line.text for line in lines)
    scores: dict[str, float] = {}
    for fmt in all_formats():
        score = float(sum(1 for mark in fmt.fingerprints if normalize_label(mark) in text))
        keys = {match.key for match in matches_by_format.get(fmt.id, [])}
        exact_two = sum(
            1
            for match in matches_by_format.get(fmt.id, [])
            if match.table == "二" and match.written == match.official
        )
        score += exact_two * 0.5
        if fmt.id == "F2021" and any(key.startswith("other.") for key in keys):
            score += 2
        if fmt.id == "F2019" and "other" in keys:
            score += 2
        scores[fmt.id] = score
    return scores


def _recognise_tables(lines: list[TableLine], fmt: ReportFormat) -> Recognition:
    result = Recognition(report=Report(), format=fmt)
    parts = _partition(lines, fmt)
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


def recognise(document: Document) -> Recognition:
    """Map a Document onto the official formats."""
    formats = all_formats()
    default = formats[-1]
    sections = find_sections(document, default)
    first_section = sections[0].block if sections else None
    title, title_block = find_title(document, first_section)
    year = find_year(document, title)
    lines = table_lines(document)
    attempts = {fmt.id: _recognise_tables(lines, fmt) for fmt in formats}
    scores = layout_scores(lines, {key: value.matches for key, value in attempts.items()})
    chosen: ReportFormat | None = None
    if any(attempt.tables_seen for attempt in attempts.values()):
        by_year = format_for_year(year) if year else None
        chosen = max(formats, key=lambda f: (scores[f.id], f is by_year, f.first_year))
    recognition = attempts[chosen.id] if chosen else Recognition(report=Report(), format=None)
    recognition.layout_scores = scores
    report = recognition.report
    report.title, report.title_block, report.year = title, title_block, year
    report.body = _body_from_title(title) if title else None
    report.layout = chosen.id if chosen and recognition.tables_seen else None
    report.sections = sections
    if recognition.format is None:
        recognition.format = format_for_year(year) if year else default
    return recognition
