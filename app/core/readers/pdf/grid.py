"""Table grids found from the rules a page draws.

A ruled table is where horizontal and vertical rules cross into cells (pdfplumber's finder, fed with
the rules `geometry` found instead of every rectangle edge on the page); it counts as a table only if
some row holds two cells side by side — a stack of one-column boxes is a frame around text, not a
table. A table with horizontal rules only (三线表: a rule above, one under the header, one below) has
its columns from the text: the gaps that stay open between the words of every body line.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, NamedTuple

from pdfplumber.table import Table as PlumberTable
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

from app.core.readers.pdf.geometry import Box, TooComplex
from app.core.readers.pdf.geometry import edge as edge_record
from app.core.readers.pdf.margins import looks_printed_by_the_printer
from app.core.readers.pdf.text import LIST_MARKER, Char, lines
from app.core.text import looks_numeric

TOLERANCE = 3.0  # points within which two rules are the same rule, or meet (pdfplumber's default)
MAX_RULES = 20_000  # drawn rule pieces on one page past which merging them would take too long
MAX_CROSSINGS = 4_000  # horizontal × vertical rules, merged: a 60-row, 60-column grid (table 三: ~300)
MAX_THREE_LINE_RULES = 300  # free horizontal rules on a page past which no 三线表 is sought
COLUMN_GAP = 1.2  # a gap this many font sizes wide between words separates columns of a 三线表


class Origin(NamedTuple):
    """A cell where it starts, with the grid rows and columns it spans."""

    box: Box
    rowspan: int
    colspan: int


@dataclass
class Grid:
    """A table's geometry: where its columns and rows start, and which cell covers what."""

    box: Box
    column_starts: list[float]
    row_starts: list[float]
    origins: dict[tuple[int, int], Origin]  # (row, column) where a cell starts → the cell
    covering: dict[tuple[int, int], tuple[int, int]]  # any (row, column) → where its cell starts
    aligned: bool = False  # columns from text alignment (三线表), not from rules

    def place(self, char: Char) -> tuple[int, int] | None:
        """The cell (where it starts) whose box holds the character's centre; None outside the grid."""
        if not self.contains(char):
            return None
        x, y = _centre(char)
        row = bisect.bisect_right(self.row_starts, y) - 1
        column = bisect.bisect_right(self.column_starts, x) - 1
        return self.covering.get((row, column))

    def contains(self, char: Char) -> bool:
        x, y = _centre(char)
        x0, top, x1, bottom = self.box
        return x0 <= x < x1 and top <= y < bottom


def _centre(char: Char) -> tuple[float, float]:
    return (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2


def find_grids(rules: list[dict[str, Any]], chars: list[Char], height: float) -> list[Grid]:
    """The ruled tables and the horizontal-rule-only tables of a page, top to bottom."""
    if not rules:
        return []
    if len(rules) > MAX_RULES:
        raise TooComplex
    edges = merge_edges(rules, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
    edges = [edge for edge in edges if max(edge["width"], edge["height"]) >= TOLERANCE]
    closing = _closing_rules(edges)
    if closing:  # merged again, so that a closing rule and a short rule drawn beside it are one rule
        edges = merge_edges(edges + closing, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
    horizontal = sum(1 for edge in edges if edge["orientation"] == "h")
    if horizontal * (len(edges) - horizontal) > MAX_CROSSINGS:
        raise TooComplex  # graph paper or a drawing: crossing every rule would take minutes
    cells = intersections_to_cells(edges_to_intersections(edges, TOLERANCE, TOLERANCE))
    grids = [_ruled_grid(group) for group in cells_to_tables(cells)]
    grids = [grid for grid in grids if _has_two_columns(grid)]
    grids.extend(_rule_only_grids(edges, grids, chars, height))
    grids.sort(key=lambda grid: grid.box[1])
    return grids


def _closing_rules(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules across the open ends of a table the page break cut.

    WPS draws the part of a table above a page break without its bottom rule, and the part below
    without its top rule: the vertical rules just stop, side by side at one height. Where two or more
    do, and no horizontal rule is drawn there, that height closes the table's cells.
    """
    verticals = [edge for edge in edges if edge["orientation"] == "v"]
    horizontals = [edge for edge in edges if edge["orientation"] == "h"]
    closing: list[dict[str, Any]] = []
    for end in ("top", "bottom"):
        for group in _clusters(verticals, end):
            if len(group) < 2:
                continue
            y = sum(edge[end] for edge in group) / len(group)
            x0 = min(edge["x0"] for edge in group)
            x1 = max(edge["x0"] for edge in group)
            covered = any(
                abs(edge["top"] - y) <= TOLERANCE
                and edge["x0"] <= x0 + TOLERANCE
                and edge["x1"] >= x1 - TOLERANCE
                for edge in horizontals
            )
            if not covered and x1 - x0 > TOLERANCE:
                closing.append(edge_record(x0, y, x1, y))
    return closing


def _clusters(verticals: list[dict[str, Any]], end: str) -> list[list[dict[str, Any]]]:
    groups: list[list[dict[str, Any]]] = []
    for edge in sorted(verticals, key=lambda edge: edge[end]):
        if groups and edge[end] - groups[-1][-1][end] <= TOLERANCE:
            groups[-1].append(edge)
        else:
            groups.append([edge])
    return groups


def _ruled_grid(cells: list[tuple[float, float, float, float]]) -> Grid:
    table = PlumberTable(None, cells)  # rows and bbox come from the cells alone; no page needed
    rows = table.rows
    column_starts = sorted({cell[0] for cell in cells})
    row_starts = [row.bbox[1] for row in rows]
    origins: dict[tuple[int, int], Origin] = {}
    covering: dict[tuple[int, int], tuple[int, int]] = {}
    for row_index, row in enumerate(rows):
        for column_index, box in enumerate(row.cells):
            if box is None:
                continue  # covered by a merged cell; that cell is read once, where it starts
            cell = Origin(box, span(row_starts, box[1], box[3]), span(column_starts, box[0], box[2]))
            origins[(row_index, column_index)] = cell
            for r in range(row_index, row_index + cell.rowspan):
                for c in range(column_index, column_index + cell.colspan):
                    covering[(r, c)] = (row_index, column_index)
    return Grid(table.bbox, column_starts, row_starts, origins, covering)


def span(starts: list[float], low: float, high: float) -> int:
    """How many grid lines starting in [low, high) a cell covers."""
    return max(1, sum(1 for start in starts if low - TOLERANCE <= start < high - TOLERANCE))


def _has_two_columns(grid: Grid) -> bool:
    rows: dict[int, int] = {}
    for row, _ in grid.origins:
        rows[row] = rows.get(row, 0) + 1
    return any(count >= 2 for count in rows.values())


# --- tables drawn with horizontal rules only --------------------------------------------------------


def _rule_only_grids(
    edges: list[dict[str, Any]], ruled: list[Grid], chars: list[Char], height: float
) -> list[Grid]:
    """三线表: runs of full-width horizontal rules with no vertical rule, columns from text alignment.

    A 三线表 the page break cut has an open end: the part above the break has no rule below it, the
    part below none above it. Where only table rows stand between the last rule and the foot of the
    page (or between the head of the page and the first rule), they belong to the table.
    """
    horizontals = sorted(
        (edge for edge in edges if edge["orientation"] == "h" and not _inside_any(edge, ruled)),
        key=lambda edge: edge["top"],
    )
    if len(horizontals) > MAX_THREE_LINE_RULES:
        return []  # not a page of tables: ruled writing paper, a form, a drawing
    verticals = [edge for edge in edges if edge["orientation"] == "v"]
    grids: list[Grid] = []
    used: set[int] = set()
    for start, first in enumerate(horizontals):
        if start in used:
            continue
        run = [first]
        for index in range(start + 1, len(horizontals)):
            edge = horizontals[index]
            if abs(edge["x0"] - first["x0"]) <= TOLERANCE and abs(edge["x1"] - first["x1"]) <= TOLERANCE:
                run.append(edge)
                used.add(index)
        pieces = _split_at_prose(run, chars)
        for number, piece in enumerate(pieces):
            tops = [edge["top"] for edge in piece]
            extent = (first["x0"], first["x1"])
            if number == 0:
                tops = _open_end(extent, chars, tops[0], height, above=True) + tops
            if number == len(pieces) - 1:
                tops = tops + _open_end(extent, chars, tops[-1], height, above=False)
            if len(tops) < 2:
                continue
            box = (first["x0"], tops[0], first["x1"], tops[-1])
            if any(_crosses(vertical, box) for vertical in verticals):
                continue  # a vertical rule inside: a ruled table the finder could not close
            grid = _aligned_grid(box, tops, chars)
            if grid is not None:
                grids.append(grid)
    return grids


def _open_end(
    extent: tuple[float, float], chars: list[Char], rule: float, height: float, above: bool
) -> list[float]:
    """Where a 三线表 cut by the page break ends on its open side: [] when it does not go on there.

    It goes on when table rows, and nothing else, fill the page between its outermost rule and the
    page's edge (a page number or print stamp aside): no running text, most lines in two columns.
    """
    x0, x1 = extent
    side = [char for char in chars if (char.bottom <= rule if above else char.bottom > rule)]
    side_lines = [line for line in lines(side, 0) if not looks_printed_by_the_printer(line, height)]
    if not side_lines or any(line.x0 < x0 - TOLERANCE or line.x1 > x1 + TOLERANCE for line in side_lines):
        return []
    band = [
        char for char in side if any(line.top - 1 <= char.bottom <= line.bottom + 1 for line in side_lines)
    ]
    words = [_words(line_chars) for line_chars in _line_chars(band, side_lines)]
    if any(end - start > 0.6 * (x1 - x0) for line_words in words for start, end in line_words):
        return []  # running text: the table ended at its rule
    if sum(1 for line_words in words if len(line_words) >= 2) * 2 < len(words):
        return []
    return [side_lines[0].top - 1] if above else [side_lines[-1].bottom + 2]


def _split_at_prose(run: list[dict[str, Any]], chars: list[Char]) -> list[list[dict[str, Any]]]:
    """The run of rules cut where running text stands between two of them (two tables, not one)."""
    pieces: list[list[dict[str, Any]]] = [[run[0]]]
    width = run[0]["x1"] - run[0]["x0"]
    for above, below in zip(run, run[1:], strict=False):
        band = [char for char in chars if above["top"] < char.bottom <= below["top"]]
        prose = any(
            end - start > 0.6 * width
            for char_list in _line_chars(band, lines(band, 0))
            for start, end in _words(char_list)
        )
        if prose:
            pieces.append([below])
        else:
            pieces[-1].append(below)
    return pieces


def _inside_any(edge: dict[str, Any], grids: list[Grid]) -> bool:
    for grid in grids:
        x0, top, x1, bottom = grid.box
        if top - TOLERANCE <= edge["top"] <= bottom + TOLERANCE and edge["x0"] < x1 and edge["x1"] > x0:
            return True
    return False


def _crosses(vertical: dict[str, Any], box: Box) -> bool:
    x0, top, x1, bottom = box
    return (
        x0 + TOLERANCE < vertical["x0"] < x1 - TOLERANCE
        and vertical["top"] < bottom
        and vertical["bottom"] > top
    )


def _aligned_grid(box: Box, rule_tops: list[float], chars: list[Char]) -> Grid | None:
    """The grid of a 三线表 between its outer rules, or None when its text is not in columns."""
    x0, top, x1, bottom = box
    inside = [
        char for char in chars if x0 <= (char.x0 + char.x1) / 2 <= x1 and top < char.bottom <= bottom + 1
    ]
    text_lines = lines(inside, 0)
    if len(text_lines) < 2:
        return None
    header_end = rule_tops[1] if len(rule_tops) >= 3 else top
    line_chars = _line_chars(inside, text_lines)
    line_words = [_words(char_list) for char_list in line_chars]
    in_body = [line.top >= header_end - 1 for line in text_lines]
    body_words = [words for words, body in zip(line_words, in_body, strict=True) if body]
    columns = _columns([word for words in body_words for word in words])
    if len(columns) < 2 or sum(1 for words in body_words if len(words) >= 2) < 2:
        return None
    column_starts = [x0] + [
        (columns[index - 1][1] + columns[index][0]) / 2 for index in range(1, len(columns))
    ]
    # Each row reaches halfway to the next; a line that only wraps the row above starts none.
    starts = [
        index
        for index in range(len(text_lines))
        if index == 0
        or not in_body[index]
        or not in_body[index - 1]
        or not _wraps_row_above(line_chars[index], line_chars[index - 1], column_starts)
    ]
    row_starts = [top] + [(text_lines[index - 1].bottom + text_lines[index].top) / 2 for index in starts[1:]]
    origins: dict[tuple[int, int], Origin] = {}
    covering: dict[tuple[int, int], tuple[int, int]] = {}
    for row_index, first_line in enumerate(starts):
        row_top = row_starts[row_index]
        row_bottom = row_starts[row_index + 1] if row_index + 1 < len(row_starts) else bottom
        spans = _word_columns(line_words[first_line], column_starts)
        column = 0
        while column < len(column_starts):
            colspan = spans.get(column, 1)
            left = column_starts[column]
            right = column_starts[column + colspan] if column + colspan < len(column_starts) else x1
            origins[(row_index, column)] = Origin((left, row_top, right, row_bottom), 1, colspan)
            for covered in range(column, column + colspan):
                covering[(row_index, covered)] = (row_index, column)
            column += colspan
    return Grid((x0, top, x1, bottom), column_starts, row_starts, origins, covering, aligned=True)


def _wraps_row_above(line: list[Char], above: list[Char], column_starts: list[float]) -> bool:
    """Whether a body line of a 三线表 is the wrapped rest of the row above it.

    With no rule between rows, two cases show: a label wrapped onto a line of its own (text in the
    first column only, not starting a new item), and the values of a row whose label wrapped, set
    between its label lines (only numbers, under a row above that has none).
    """
    texts = _column_texts(line, column_starts)
    above_texts = _column_texts(above, column_starts)
    if set(texts) == {0}:
        return not LIST_MARKER.match(texts[0])
    values = [text for column, text in texts.items() if column > 0]
    return 0 not in texts and all(looks_numeric(text) for text in values) and set(above_texts) == {0}


def _column_texts(chars: list[Char], column_starts: list[float]) -> dict[int, str]:
    texts: dict[int, str] = {}
    for char in sorted(chars, key=lambda char: char.x0):
        column = bisect.bisect_right(column_starts, (char.x0 + char.x1) / 2) - 1
        texts[max(0, column)] = texts.get(max(0, column), "") + char.text
    return texts


def _line_chars(chars: list[Char], text_lines: list[Any]) -> list[list[Char]]:
    groups: list[list[Char]] = [[] for _ in text_lines]
    for char in chars:
        best = min(range(len(text_lines)), key=lambda index: abs(text_lines[index].bottom - char.bottom))
        groups[best].append(char)
    return groups


def _words(chars: list[Char]) -> list[tuple[float, float]]:
    """The x-extents of the runs of a line's characters that no wide gap separates."""
    words: list[tuple[float, float]] = []
    for char in sorted(chars, key=lambda char: char.x0):
        if words and char.x0 - words[-1][1] <= COLUMN_GAP * char.size:
            words[-1] = (words[-1][0], max(words[-1][1], char.x1))
        else:
            words.append((char.x0, char.x1))
    return words


def _columns(words: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Columns as the x-ranges the words of the body lines cover together, left to right."""
    columns: list[tuple[float, float]] = []
    for start, end in sorted(words):
        if columns and start <= columns[-1][1]:
            columns[-1] = (columns[-1][0], max(columns[-1][1], end))
        else:
            columns.append((start, end))
    return columns


def _word_columns(words: list[tuple[float, float]], column_starts: list[float]) -> dict[int, int]:
    """Column → how many columns a word starting there covers (a header over several columns)."""
    spans: dict[int, int] = {}
    for start, end in words:
        first = bisect.bisect_right(column_starts, start) - 1
        last = bisect.bisect_right(column_starts, end - 0.5) - 1
        if first >= 0 and last > first:
            spans[first] = max(spans.get(first, 1), last - first + 1)
    return spans
