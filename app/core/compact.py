"""What a report keeps after its check: a compact `Result`.

The parsed document of a report weighs a few hundred kilobytes in memory; a province's batch holds
thousands. After its check a report keeps what the window lists, the findings table shows, the review
file saves and the batch pass across reports compares: the findings (with their places in words), the
title, year, body and format, the cells of the carry-over chains with the doubts that decide whether
they were read reliably, the places of those cells, and the file's fingerprint. The preview and the
exports read the file again (`app.core.session.reread`), and notice when it changed.

Whatever a new cross-report comparison reads of a report must be kept here:
`tests/core/test_compact.py` checks that the batch pass gives the same findings on compact results as
on full ones.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.model import Anchor, RecognisedTable, Report, Result
from app.core.wording import anchor_place

# The rows the batch pass reads (batch.chains.compare_pair): table 三's carry-over rows, table 二's
# 现行有效件数 rows with what was made and repealed.
CHAIN_ROWS: dict[str, frozenset[str]] = {
    "三": frozenset({"carried_out", "carried_in"}),
    "二": frozenset({"rules", "normative"}),
}


def _anchored(table: str, key: tuple[str, str]) -> bool:
    """A cell a cross-report finding is anchored on (batch.chains._anchor): its place is kept in words."""
    row, column = key
    return (table == "三" and row == "carried_in") or (table == "二" and column == "in_force")


def compact_report(report: Report) -> Report:
    """The report cut to what the batch pass compares: no sections, only the chains' cells."""
    tables = {
        name: RecognisedTable(
            name=name,
            cells={key: cell for key, cell in table.cells.items() if key[0] in CHAIN_ROWS[name]},
            blocks=table.blocks,
            unreliable_rows=table.unreliable_rows,
            collapsed=dict(table.collapsed),
        )
        for name, table in report.tables.items()
        if name in CHAIN_ROWS
    }
    return Report(
        title=report.title,
        title_block=report.title_block,
        year=report.year,
        body=report.body,
        layout=report.layout,
        tables=tables,
        doubts=list(report.doubts),
    )


def compact(result: Result) -> Result:
    """`result` without its document and cells (see the module's docstring); a compact or unreadable
    result comes back as it is."""
    document, report = result.document, result.report
    if document is None or report is None:
        return replace(result, document=None, cells=())
    slim = compact_report(report)
    anchors = [
        cell.anchor
        for name, table in slim.tables.items()
        for key, cell in table.cells.items()
        if cell.anchor is not None and _anchored(name, key)
    ]
    if report.title_block is not None:
        anchors.append(Anchor(block=report.title_block))
    places = {anchor: anchor_place(document, report, anchor) for anchor in anchors}
    return replace(
        result,
        document=None,
        report=slim,
        cells=(),
        places={anchor: words for anchor, words in places.items() if words},
    )
