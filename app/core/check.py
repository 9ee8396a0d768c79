"""The one call everything uses: `check_file(path) -> Result` (and helpers to gather files)."""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from app.core.batch import BatchCheck, check_batch_reports
from app.core.compact import compact
from app.core.doubts import gate, read_cells
from app.core.errorlog import internal_error
from app.core.fingerprint import fingerprint
from app.core.model import (
    SEVERITY_ORDER,
    Anchor,
    Document,
    Finding,
    ReadError,
    Report,
    Result,
    Source,
    Table,
)
from app.core.packs import Pack, national_pack
from app.core.readers import SUPPORTED_SHORT, read_document, unsupported_reason
from app.core.readers.archive import NESTED as ARCHIVE_IN_ARCHIVE
from app.core.readers.archive import archive_of, is_archive, list_members
from app.core.recognise import recognise
from app.core.rules import ALL_RULES, Context
from app.core.wording import anchor_place

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


def _located(document: Document, report: Report | None, finding: Finding) -> Finding:
    """The finding with its place in words a person finds in the file (see `app.core.wording`)."""
    if finding.location or not finding.anchors:
        return finding
    return replace(finding, location=anchor_place(document, report, finding.anchors[0]) or None)


def _placed(result: Result, finding: Finding) -> Finding:
    """`_located` for a compact result, from the places it kept."""
    if finding.location or not finding.anchors:
        return finding
    return replace(finding, location=result.places.get(finding.anchors[0]))


def _position(finding: Finding) -> tuple[int, int, int]:
    if not finding.anchors:
        return (-1, 0, 0)
    anchor = finding.anchors[0]
    return (anchor.block, anchor.row or 0, anchor.cell or 0)


def check_document(document: Document, pack: Pack | None = None) -> Result:
    """Check one document read already, under `pack` (the national pack when None)."""
    pack = pack or national_pack()
    recognition = recognise(document)
    report = recognition.report
    result = Result(path=document.path, kind=document.kind, report=report, document=document)
    if not report.sections and not recognition.tables_seen:
        result.error = NOT_A_REPORT
        return result
    context = Context(document=document, recognition=recognition, pack=pack)
    findings = [finding for rule in ALL_RULES if pack.enabled(rule.id) for finding in rule.check(context)]
    # The pack's severities before the gate: an error a pack asks for still needs a reliable reading.
    findings = gate(report, [_located(document, report, finding) for finding in pack.adjust(findings)])
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], _position(f)))
    result.findings = tuple(findings)
    if recognition.format is not None:
        result.cells = read_cells(
            report, recognition.format, lambda anchor: anchor_place(document, report, anchor) or None
        )
    return result


TOO_LARGE = "文件过大或过于复杂，超出了检查器能处理的范围，无法读取。请确认这是一份年度报告，或把报告另存为新文件后再检查。"


def file_problem(path: Path) -> str | None:
    """Why `path` cannot be opened as a file at all, in plain words; None for a readable regular file.

    Asked before any reader touches the path: opening a FIFO blocks forever and a device never ends,
    and "找不到文件" or "可能已损坏" would send the reviewer looking for the wrong cause.
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return "这是一个快捷方式（符号链接），它指向的文件已不存在。"
        return "找不到文件，可能已被移动或删除。"
    except PermissionError:
        return "没有权限访问这个文件所在的文件夹，无法读取。请检查文件夹的访问权限。"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "这是一个指向自身的快捷方式（符号链接循环），无法读取。"
        if error.errno == errno.ENAMETOOLONG:
            return "文件路径太长，无法读取。请把文件移到路径较短的文件夹后再检查。"
        return f"无法访问这个文件（{error.strerror or type(error).__name__}）。"
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        return "这是一个文件夹，不是文件。请选择文件夹里的报告文件，或把文件夹整个拖进来。"
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return "这不是普通文件（是管道或套接字），无法检查。请选择报告文件本身。"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "这不是普通文件（是设备），无法检查。请选择报告文件本身。"
    if not stat.S_ISREG(mode):
        return "这不是普通文件，无法检查。请选择报告文件本身。"
    if not os.access(path, os.R_OK):
        return _NO_PERMISSION
    return None


_NO_PERMISSION = "没有读取这个文件的权限，无法检查。请让文件的所有者开放读取权限，或复制一份后再检查。"


def check_file(path: str | Path, pack: Pack | None = None) -> Result:
    """Read and check one report under `pack` (the national pack when None). Never raises for a bad
    file: the reason goes into `Result.error`.

    The result carries the file's fingerprint, taken before it was read: a file changed while or after
    it was read no longer matches it (see `app.core.fingerprint`)."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".") or "?"
    problem = None if unsupported_reason(path) or _in_archive(path) else file_problem(path)
    if problem:
        return Result(path=str(path), kind=kind, error=problem)
    taken = fingerprint(path)  # only now: opening a pipe or a device would never return
    result = _check_file(path, kind, pack)
    result.fingerprint = taken
    return result


def check_compact(path: str | Path, pack: Pack | None = None) -> Result:
    """`check_file` and the result made compact in the same process (what a worker process returns:
    the document never crosses to the window)."""
    return compact(check_file(path, pack))


def check_with_cells(path: str | Path, pack: Pack | None = None) -> tuple[Result, list[dict[str, object]]]:
    """`check_compact`, and the cells the check read as JSON objects (what the command line's JSON
    prints of a report, which compaction does not keep)."""
    full = check_file(path, pack)
    return compact(full), [cell.to_json() for cell in full.cells]


def _check_file(path: Path, kind: str, pack: Pack | None) -> Result:
    try:
        document = read_document(path)
    except ReadError as error:
        return Result(path=str(path), kind=kind, error=str(error))
    except (MemoryError, RecursionError):
        return Result(path=str(path), kind=kind, error=TOO_LARGE)
    except PermissionError:
        return Result(path=str(path), kind=kind, error=_NO_PERMISSION)
    except OSError as error:  # the disk or network share failed while reading, not the file's content
        reason = error.strerror or type(error).__name__
        return Result(
            path=str(path), kind=kind, error=f"读取文件时出错（{reason}），请稍后重试或复制到本机后再检查。"
        )
    except Exception as error:  # a reader bug must not stop a batch; said as the checker's own fault
        log.error("reading %s failed: %r", path, error)
        return Result(path=str(path), kind=kind, error=internal_error(path, error, "读取"))
    try:
        return check_document(document, pack)
    except (MemoryError, RecursionError):
        return Result(path=str(path), kind=kind, error=TOO_LARGE)
    except Exception as error:
        log.error("checking %s failed: %r", path, error)
        return Result(path=str(path), kind=kind, error=internal_error(path, error, "检查"))


def _in_archive(path: Path) -> bool:
    """A member of a .zip, named by a path through it (the archive is checked when it is read)."""
    return not path.exists() and archive_of(path) is not None


def _archive_members(archive: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The reports inside a .zip, and its other members with the reason they are not checked."""
    members, problem = list_members(archive)
    if problem:
        return [], [(archive, problem)]
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for member, _info in members:
        if is_archive(member):
            skipped.append((member, ARCHIVE_IN_ARCHIVE))
        elif is_own_output(member):
            continue
        elif reason := unsupported_reason(member):
            skipped.append((member, reason))
        else:
            files.append(member)
    if not files and not skipped:
        skipped.append((archive, "压缩包里没有文件。"))
    return files, skipped


def is_own_output(path: Path) -> bool:
    """An annotated copy or a summary workbook this tool wrote (into a folder it may be asked to check)."""
    name = path.name
    return "（检查意见）" in name or (
        name.startswith(("问题汇总表", "检查汇总")) and path.suffix.lower() == ".xlsx"
    )


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand folders into the supported files below them; (files, skipped paths with the reason).

    Inside folders, hidden files, Office lock files (~$…) and this tool's own exports are passed over.
    Everything else that cannot be checked is listed with its reason, so nothing is left out silently:
    unsupported files, pipes and devices, subfolders that cannot be opened, and a folder that holds
    no report at all.
    """
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, passed_over = _collect_folder(path)
            files.extend(found)
            skipped.extend(passed_over)
            if not found and not any(where == path for where, _ in passed_over):
                skipped.append((path, _empty_folder_reason(passed_over)))
        elif not path.exists() and not path.is_symlink():
            skipped.append((path, "找不到该文件或文件夹。"))
        elif is_archive(path):
            found, passed_over = _archive_members(path)
            files.extend(found)
            skipped.extend(passed_over)
        else:
            reason = unsupported_reason(path)
            if reason:
                skipped.append((path, reason))
            else:
                files.append(path)
    return list(dict.fromkeys(files)), skipped


def _collect_folder(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        skipped.append((where, "无法打开这个文件夹（没有访问权限或已损坏），其中的文件没有检查。"))

    # os.walk does not follow links to folders, so a link pointing at its own parent cannot loop.
    for root, folders, names in os.walk(folder, onerror=unreadable):
        # A page saved complete keeps its pictures, scripts and frames in "<page>_files" (Word:
        # "<page>.files") beside it: parts of the page, not reports.
        pages = [Path(name).stem for name in names if Path(name).suffix.lower() in (".html", ".htm")]
        companions = {page + ending for page in pages for ending in ("_files", ".files")}
        folders[:] = sorted(name for name in folders if name not in companions)
        for name in sorted(names):
            child = Path(root) / name
            if name.startswith(("~$", ".")) or is_own_output(child):
                continue
            if is_archive(child):
                found, passed_over = _archive_members(child)
                files.extend(found)
                skipped.extend(passed_over)
                continue
            reason = unsupported_reason(child)
            if reason:
                skipped.append((child, reason))
                continue
            problem = file_problem(child)
            if problem and not child.is_file():  # pipes, devices, dangling links: said, not opened
                skipped.append((child, problem))
            else:
                files.append(child)
    return files, skipped


def _empty_folder_reason(skipped: list[tuple[Path, str]]) -> str:
    if skipped:
        return f"文件夹里没有可检查的报告文件（{SUPPORTED_SHORT}）。"
    return f"文件夹是空的，没有可检查的报告文件（{SUPPORTED_SHORT}）。"


def check_paths(paths: Iterable[str | Path], pack: Pack | None = None) -> Iterator[Result]:
    files, skipped = collect_files(paths)
    for path, reason in skipped:
        yield Result(path=str(path), kind=path.suffix.lower().lstrip(".") or "?", error=reason)
    for path in files:
        yield check_file(path, pack)


def check_batch(
    results: Sequence[Result], batch: BatchCheck | None = None, pack: Pack | None = None
) -> list[Result]:
    """The batch-level pass: findings that need several reports (carry-over chains between years,
    duplicates) added to the reports they concern. The inputs are not changed; new Results are returned.
    `batch` is the cross-report check of these same results when the caller has it already (the window
    also shows its chains), so it is not worked out twice. `pack` turns cross-report rules off or
    changes their severity as it does for the per-report rules.
    """
    pack = pack or national_pack()
    if batch is None:
        batch = check_batch_reports(results, pack=pack)
    checked: list[Result] = []
    for result, found in zip(results, batch.findings, strict=True):
        extra = pack.adjust(found)
        if not extra:
            checked.append(result)
            continue
        if result.document is not None:
            extra = [_located(result.document, result.report, finding) for finding in extra]
        else:  # compact: the places of the anchors the batch pass uses were kept
            extra = [_placed(result, finding) for finding in extra]
        # Stable: the report's own findings keep their order within each severity.
        merged = sorted((*result.findings, *extra), key=lambda f: SEVERITY_ORDER[f.severity])
        checked.append(replace(result, findings=tuple(merged)))
    return checked
