"""Every Document table row as a TableLine: its label cells split from its value cells; header rows."""

from __future__ import annotations

import re

from app.core.formats import ReportFormat
from app.core.model import (
    Document,
    Paragraph,
    Table,
)
from app.core.recognise.records import TableLine
from app.core.text import (
    looks_numeric,
    normalize_label,
)

_INNER_MARKER = re.compile(r"(?<=\S)(?=\([一二三四五六七]\)|(?<!\d)\d{1,2}\.(?!\d))")


def _split_segments(label: str) -> list[str]:
    """Split a label cell holding several levels ("三、本年度办理结果(一)予以公开") into its parts."""
    parts = _INNER_MARKER.split(label)
    return [part for part in parts if part]


def table_lines(document: Document) -> list[TableLine]:
    lines: list[TableLine] = []
    for block_index, block in enumerate(document.blocks):
        if not isinstance(block, Table):
            continue
        before = document.blocks[block_index - 1] if block_index else None
        caption = (
            normalize_label(before.text) if isinstance(before, Paragraph) and len(before.text) <= 30 else ""
        )
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
                    positional=block.positional,
                    labels=tuple(labels),
                    label_cells=label_cells,
                    text=normalize_label("".join(row.texts)),
                    caption=caption if row_index == 0 else "",
                )
            )
    return lines


def has_values(line: TableLine) -> bool:
    return any(looks_numeric(cell.text) for cell in line.value_cells)


_THREE_HEADER_WORDS = ("申请人情况", "法人或其他组织")


def is_three_header(line: TableLine, fmt: ReportFormat) -> bool:
    """Table 三's header: the relation note, or two or more of its column words standing alone."""
    if "勾稽" in line.text or "申请人情况" in line.text:
        return True
    if is_four_header(line):
        return False  # table 四's header repeats 总计 too
    words = {normalize_label(c.label) for c in fmt.table_three_columns} | set(_THREE_HEADER_WORDS)
    return len(words.intersection(line.labels)) >= 2


def is_four_header(line: TableLine) -> bool:
    return any(word in line.text for word in ("行政复议", "行政诉讼", "结果维持", "未经复议", "复议后起诉"))
