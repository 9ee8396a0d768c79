"""The one call everything uses: `check_file(path) -> Result` (and helpers to gather files)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from app.core.doubts import gate, read_cells
from app.core.model import (
    SEVERITY_ORDER,
    Anchor,
    Document,
    Finding,
    ReadError,
    Result,
    Source,
    Table,
)
from app.core.readers import SUPPORTED_SUFFIXES, read_document, unsupported_reason
from app.core.recognise import recognise
from app.core.rules import ALL_RULES, Context

log = logging.getLogger(__name__)
NOT_A_REPORT = (
    "没有找到年度报告的章节（一、总体情况……）或统计表，这可能不是政府信息公开工作年度报告。请确认选择的文件。"
)


def source_of(document: Document, anchor: Anchor) -> Source | None:
    """The original-file location of an anchor."""
    if not 0 <= anchor.block < len(document.blocks):
        return None
    block = document.blocks[anchor.block]
    if isinstance(block, Table) and anchor.row is not None and anchor.row < len(block.rows):
        row = block.rows[anchor.row]
        if anchor.cell is not None and anchor.cell < len(row.cells):
            return row.cells[anchor.cell].source
        return row.source
    return block.source


def _located(document: Document, finding: Finding) -> Finding:
    if finding.location or not finding.anchors:
        return finding
    source = source_of(document, finding.anchors[0])
    return replace(finding, location=source.describe() if source else None)


def _position(finding: Finding) -> tuple[int, int, int]:
    if not finding.anchors:
        return (-1, 0, 0)
    anchor = finding.anchors[0]
    return (anchor.block, anchor.row or 0, anchor.cell or 0)


def check_document(document: Document) -> Result:
    recognition = recognise(document)
    report = recognition.report
    result = Result(path=document.path, kind=document.kind, report=report, document=document)
    if not report.sections and not recognition.tables_seen:
        result.error = NOT_A_REPORT
        return result
    context = Context(document=document, recognition=recognition)
    findings = [finding for rule in ALL_RULES for finding in rule.check(context)]
    findings = gate(report, [_located(document, finding) for finding in findings])
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], _position(f)))
    result.findings = tuple(findings)
    if recognition.format is not None:
        result.cells = read_cells(report, recognition.format, lambda anchor: _describe(document, anchor))
    return result


def _describe(document: Document, anchor: Anchor) -> str | None:
    source = source_of(document, anchor)
    return source.describe() if source else None


def check_file(path: str | Path) -> Result:
    """Read and check one report. Never raises for a bad file: the reason goes into `Result.error`."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".") or "?"
    try:
        document = read_document(path)
    except ReadError as error:
        return Result(path=str(path), kind=kind, error=str(error))
    except MemoryError:
        return Result(path=str(path), kind=kind, error="文件过大，内存不足，无法读取。")
    except Exception as error:  # a reader bug must not stop a batch; the user gets a plain reason
        log.exception("reading %s failed", path)
        return Result(
            path=str(path), kind=kind, error=f"文件无法读取（{type(error).__name__}），可能已损坏。"
        )
    try:
        return check_document(document)
    except Exception as error:
        log.exception("checking %s failed", path)
        return Result(
            path=str(path),
            kind=kind,
            error=f"检查时出错（{type(error).__name__}），请把此文件反馈给开发人员。",
        )


def is_own_output(path: Path) -> bool:
    """An annotated copy or a summary workbook this tool wrote (into a folder it may be asked to check)."""
    name = path.name
    return "（检查意见）" in name or (name.startswith(("问题汇总表", "检查汇总")) and path.suffix.lower() == ".xlsx")


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand folders into the supported files below them; (files, skipped files with the reason).

    Inside folders, hidden files, Office lock files (~$…) and this tool's own exports are passed over.
    """
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith(("~$", ".")) and not is_own_output(child):
                    if child.suffix.lower() in SUPPORTED_SUFFIXES:
                        files.append(child)
                    else:
                        skipped.append((child, unsupported_reason(child) or ""))
        elif not path.exists():
            skipped.append((path, "找不到该文件或文件夹。"))
        else:
            reason = unsupported_reason(path)
            if reason:
                skipped.append((path, reason))
            else:
                files.append(path)
    return list(dict.fromkeys(files)), skipped


def check_paths(paths: Iterable[str | Path]) -> Iterator[Result]:
    files, skipped = collect_files(paths)
    for path, reason in skipped:
        yield Result(path=str(path), kind=path.suffix.lower().lstrip(".") or "?", error=reason)
    for path in files:
        yield check_file(path)
