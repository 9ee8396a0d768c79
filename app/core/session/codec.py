"""A compact result as JSON and back, for the review file: what lets a saved review of thousands of
reports open at once, without checking them again (each is re-checked only if its file changed).

Only plain JSON values are written (never pickle: a review file comes from a colleague). A value that
does not decode raises `ValueError`, `KeyError` or `TypeError`; the store turns them into a plain reason.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from app.core.compact import compact
from app.core.fingerprint import Fingerprint
from app.core.model import Anchor, CellValue, CopyBasis, Doubt, Finding, RecognisedTable, Report, Result
from app.core.registry import rule_by_id

_FINDING_FIELDS = [f.name for f in fields(Finding) if f.name != "anchors"]


def _anchor(anchor: Anchor) -> list[Any]:
    return [anchor.block, anchor.row, anchor.cell, anchor.start, anchor.end, anchor.before]


def _anchor_from(data: list[Any]) -> Anchor:
    block, row, cell, start, end, before = data
    return Anchor(int(block), row, cell, start, end, bool(before))


def finding_to_json(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(finding, name) for name in _FINDING_FIELDS}
    data = {name: value for name, value in data.items() if value is not None}
    if finding.anchors:
        data["anchors"] = [_anchor(anchor) for anchor in finding.anchors]
    return data


def finding_from_json(data: dict[str, Any]) -> Finding:
    """A saved finding, made again by its rule's record (a code no rule has is a damaged file)."""
    record = rule_by_id(str(data["rule"]))
    if record is None:
        raise ValueError(f"unknown rule {data['rule']!r}")
    fields_ = {name: data[name] for name in _FINDING_FIELDS if name in data}
    for name in ("rule", "message", "severity", "category"):
        fields_.pop(name, None)
    anchors = tuple(_anchor_from(item) for item in data.get("anchors", ()))
    finding = record.finding(str(data["message"]), severity=data["severity"], anchors=anchors, **fields_)
    category = data.get("category", finding.category)
    return finding if category == finding.category else replace(finding, category=category)


def _table(table: RecognisedTable) -> dict[str, Any]:
    return {
        "cells": [
            [row, column, cell.text, cell.value, _anchor(cell.anchor) if cell.anchor else None]
            for (row, column), cell in table.cells.items()
        ],
        "blocks": list(table.blocks),
        "unreliable": sorted(table.unreliable_rows),
        "collapsed": {key: list(rows) for key, rows in table.collapsed.items()},
    }


def _table_from(name: str, data: dict[str, Any]) -> RecognisedTable:
    cells = {
        (str(row), str(column)): CellValue(str(text), value, _anchor_from(anchor) if anchor else None)
        for row, column, text, value, anchor in data["cells"]
    }
    return RecognisedTable(
        name=name,
        cells=cells,
        blocks=tuple(int(block) for block in data["blocks"]),
        unreliable_rows=frozenset(data["unreliable"]),
        collapsed={key: tuple(rows) for key, rows in data["collapsed"].items()},
    )


def _doubt(doubt: Doubt) -> dict[str, Any]:
    return {
        "kind": doubt.kind,
        "message": doubt.message,
        "table": doubt.table,
        "rows": sorted(doubt.rows) if doubt.rows is not None else None,
        "blocks": list(doubt.blocks),
        "sections": doubt.sections,
    }


def _doubt_from(data: dict[str, Any]) -> Doubt:
    rows = data["rows"]
    return Doubt(
        kind=str(data["kind"]),
        message=str(data["message"]),
        table=data["table"],
        rows=frozenset(rows) if rows is not None else None,
        blocks=tuple(int(block) for block in data["blocks"]),
        sections=bool(data["sections"]),
    )


def _report(report: Report) -> dict[str, Any]:
    return {
        "title": report.title,
        "title_block": report.title_block,
        "year": report.year,
        "body": report.body,
        "layout": report.layout,
        "tables": {name: _table(table) for name, table in report.tables.items()},
        "doubts": [_doubt(doubt) for doubt in report.doubts],
        "copy": _copy_basis(report.copy_basis),
    }


def _copy_basis(basis: CopyBasis | None) -> dict[str, Any] | None:
    if basis is None:
        return None
    return {
        "paragraphs": [list(item) for item in basis.paragraphs],
        "values": [list(v) for v in basis.values],
    }


def _copy_basis_from(data: dict[str, Any] | None) -> CopyBasis | None:
    if data is None:
        return None
    return CopyBasis(
        paragraphs=tuple((int(block), str(key), str(text)) for block, key, text in data["paragraphs"]),
        values=tuple((str(t), str(r), str(c), str(v)) for t, r, c, v in data["values"]),
    )


def _report_from(data: dict[str, Any]) -> Report:
    return Report(
        title=data["title"],
        title_block=data["title_block"],
        year=data["year"],
        body=data["body"],
        layout=data["layout"],
        tables={name: _table_from(name, table) for name, table in data["tables"].items()},
        doubts=[_doubt_from(doubt) for doubt in data["doubts"]],
        copy_basis=_copy_basis_from(data.get("copy")),
    )


def result_to_json(result: Result) -> dict[str, Any]:
    """The compact form of `result` as plain JSON values."""
    result = compact(result)
    data: dict[str, Any] = {"path": result.path, "kind": result.kind}
    if result.error is not None:
        data["error"] = result.error
    if result.report is not None:
        data["report"] = _report(result.report)
    if result.findings:
        data["findings"] = [finding_to_json(finding) for finding in result.findings]
    if result.fingerprint is not None:
        mark = result.fingerprint
        data["fingerprint"] = [mark.size, mark.mtime_ns, mark.sha256]
    if result.places:
        data["places"] = [[_anchor(anchor), words] for anchor, words in result.places.items()]
    return data


def result_from_json(data: dict[str, Any]) -> Result:
    mark = data.get("fingerprint")
    return Result(
        path=str(data["path"]),
        kind=str(data["kind"]),
        error=data.get("error"),
        report=_report_from(data["report"]) if data.get("report") is not None else None,
        findings=tuple(finding_from_json(item) for item in data.get("findings", ())),
        fingerprint=Fingerprint(int(mark[0]), int(mark[1]), str(mark[2])) if mark else None,
        places={_anchor_from(anchor): str(words) for anchor, words in data.get("places", ())},
    )
