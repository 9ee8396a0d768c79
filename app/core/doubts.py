"""The recognition's account of its doubts, and the questions rules ask of it.

A finding at error level must rest on a reliable reading. The reader marks what it could not read
surely (`ReaderNote.doubt`), the recogniser adds what it could not map (`Report.doubts`), and rules ask
here before they speak with confidence: `is_reliable` for a table cell, `sections_reliable` before
calling a section missing. `gate` is the last line of defence in `check_document`: an error-level
finding that rests on a doubtful reading anyway becomes a warning that says what could not be verified.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from app.core.formats import ReportFormat
from app.core.model import Anchor, Doubt, Finding, ReadCell, Report

_TABLE_OF_FINDING = {"二", "三", "四"}


def table_doubts(report: Report, table: str) -> list[Doubt]:
    return [doubt for doubt in report.doubts if doubt.table == table]


def is_reliable(report: Report, table: str, row_key: str | None = None, col_key: str | None = None) -> bool:
    """True when the cell (row, column) of `table` — or the whole table when row_key is None — was read
    reliably: the table was found, the row's values were placed, and no doubt covers it."""
    recognised = report.tables.get(table)
    if recognised is None:
        return False
    if row_key is not None and row_key in recognised.unreliable_rows:
        return False
    if row_key is not None and col_key is not None and (row_key, col_key) not in recognised.cells:
        return False
    for doubt in report.doubts:
        if _whole_reading(doubt):
            return False
        if doubt.table != table and not _covers_blocks(doubt, recognised.blocks):
            continue
        if (
            doubt.table == table
            and doubt.rows is not None
            and row_key is not None
            and row_key not in doubt.rows
        ):
            continue
        return False
    return True


def cell_number(report: Report, table: str, row: str, column: str) -> tuple[int | float | None, str]:
    """(value, reason it cannot be used): a blank read reliably counts as 0 (the format asks for 0)."""
    doubts = table_doubts(report, table)
    recognised = report.tables.get(table)
    if recognised is None:
        return None, doubts[0].message if doubts else f"未找到表{table}"
    if not is_reliable(report, table, row, column):
        if row in recognised.unreliable_rows:
            return None, f"表{table}这一行的数字未能逐格分清，无法确定各列的值"
        if not any(key[0] == row for key in recognised.cells):
            return None, f"表{table}没有读到这一行的数字"
        if (row, column) not in recognised.cells:
            return None, f"表{table}没有读到这一格"
        return None, f"表{table}这一格未能可靠读取" + (f"（{doubts[0].message}）" if doubts else "")
    cell = report.tables[table].cells[(row, column)]
    if cell.value is not None:
        return cell.value, ""
    if not cell.text.strip():
        return 0, ""
    return None, f"表{table}这一格填的是“{cell.text.strip()}”，不是数字"


def sections_reliable(report: Report) -> bool:
    """False when some heading may be hidden in text that could not be read reliably."""
    return not any(_may_hide_headings(doubt) for doubt in report.doubts)


def _whole_reading(doubt: Doubt) -> bool:
    """A doubt about the whole document (no table, no blocks, no sections named)."""
    return doubt.table is None and not doubt.blocks and doubt.section_keys is None


def _may_hide_headings(doubt: Doubt) -> bool:
    return doubt.sections or _whole_reading(doubt)


def _covers_blocks(doubt: Doubt, blocks: tuple[int, ...]) -> bool:
    return bool(doubt.blocks) and bool(set(doubt.blocks).intersection(blocks))


def doubts_for(report: Report, finding: Finding) -> list[Doubt]:
    """The doubts an error-level finding would rest on."""
    found: list[Doubt] = []
    anchor_blocks = {anchor.block for anchor in finding.anchors if isinstance(anchor, Anchor)}
    for doubt in report.doubts:
        if doubt.section_keys is not None:
            if finding.category == "section" and _section_key(finding) in doubt.section_keys:
                found.append(doubt)
        elif _whole_reading(doubt) or (finding.category == "section" and _may_hide_headings(doubt)):
            found.append(doubt)
        elif finding.table in _TABLE_OF_FINDING and doubt.table == finding.table:
            found.append(doubt)
        elif doubt.blocks and anchor_blocks.intersection(doubt.blocks):
            found.append(doubt)
    return found


def _section_key(finding: Finding) -> str | None:
    """The section a section finding is about: its official heading starts with the numeral."""
    return finding.section[:1] if finding.section else None


def gate(report: Report, findings: list[Finding]) -> list[Finding]:
    """Error-level findings resting on a doubtful reading become warnings saying what is unverified."""
    gated: list[Finding] = []
    for finding in findings:
        doubts = doubts_for(report, finding) if finding.severity == "error" else []
        if not doubts:
            gated.append(finding)
            continue
        reasons = "；".join(dict.fromkeys(doubt.message for doubt in doubts))
        gated.append(
            replace(
                finding,
                severity="warning",
                message=f"无法确认：{reasons}。因此下面的问题未能核实，请对照原件人工核对：{finding.message}",
            )
        )
    return gated


def read_cells(
    report: Report, fmt: ReportFormat, describe: Callable[[Anchor], str | None]
) -> tuple[ReadCell, ...]:
    """Every table cell the recogniser read, in the format's order, named by the official labels."""
    order = {spec.key: spec.cells() for spec in fmt.tables}
    cells: list[ReadCell] = []
    for name, keys in order.items():
        table = report.tables.get(name)
        if table is None:
            continue
        for key in keys:
            value = table.cells.get(key)
            if value is None:
                continue
            cells.append(
                ReadCell(
                    table=name,
                    row=fmt.row_label(name, key[0]),
                    column=fmt.column_label(name, key[1]),
                    value=value.value,
                    text=value.text,
                    location=describe(value.anchor) if value.anchor else None,
                    reliable=is_reliable(report, name, key[0], key[1]),
                    anchor=value.anchor,
                )
            )
    return tuple(cells)
