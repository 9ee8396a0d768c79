"""The work the window hands to its runner, and how their failures are told to the user.

Plain functions with no Qt in them: `check_compact` (from the core) runs in a worker process and sends
back a compact result; an export runs as one task per report (`export_one`, in a worker process: it
reads the report again, refusing one whose file changed since its check) and one for the workbook
(`export_workbook`), so the window can show how far it got.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.core.batch.roster import RosterLine
from app.core.model import ReadCell, Result
from app.core.packs import Pack
from app.core.session.rounds import RoundNote


@dataclass
class ExportSummary:
    """What an export did: the files written, and the reports that got no Word copy and why."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    renamed: list[Path] = field(default_factory=list)  # written under a numbered name: the name was taken


@dataclass(frozen=True)
class ExportJob:
    result: Result
    target: Path  # the name it should get; an existing file there makes it numbered


def plan_export(results: Sequence[Result], folder: Path) -> tuple[list[ExportJob], list[tuple[str, str]]]:
    """The Word copy each readable report gets, and the reports skipped with the reason."""
    from app.core.export import output_names, readable

    jobs, skipped = [], []
    for result, name in zip(results, output_names(results), strict=True):
        if readable(result):
            jobs.append(ExportJob(result, folder / name))
        else:
            skipped.append((Path(result.path).name, result.error or "没有读出内容"))
    return jobs, skipped


@dataclass(frozen=True)
class ExportedCopy:
    path: Path  # the Word copy written
    cells: tuple[ReadCell, ...]  # the report's cells as read again, for the workbook's 数据汇总


def export_one(
    job: ExportJob,
    reviewer: str,
    dismissed: Mapping[int, str],
    show_dismissed: bool = False,
    pack: Pack | None = None,
    round_line: str = "",
) -> ExportedCopy:
    """One report's Word copy, from the file read again (`FileChanged`, with the file checked again
    under `pack`, when it is not the file that was checked: never old findings on new text)."""
    from app.core.export import export_report  # python-docx loads only when exporting
    from app.core.session.reread import reread

    full = reread(job.result, pack)
    written = export_report(full, job.target, reviewer, dismissed, show_dismissed, round_line=round_line)
    return ExportedCopy(written, full.cells)


def export_workbook(
    results: list[Result],
    folder: Path,
    dismissed: Mapping[str, Mapping[int, str]],
    confirmed: Mapping[str, Collection[int]] | None = None,
    rounds: Mapping[str, RoundNote] | None = None,
    roster: list[RosterLine] | None = None,
) -> tuple[Path, bool]:
    """The batch's workbook; (the path written, whether its name was taken and it got a number)."""
    from app.core.export import WORKBOOK_NAME, write_workbook

    path = write_workbook(results, folder / WORKBOOK_NAME, dismissed, confirmed, rounds, roster)
    return path, path.name != WORKBOOK_NAME


def prepare_folder(folder: Path) -> Path:
    """Create the export folder on demand; an `OSError` with a plain reason when that fails."""
    from app.core.export.files import ensure_folder

    return ensure_folder(folder)


def failed_check(path: Path, error: BaseException) -> Result:
    """The result of a check that did not return (its worker process died, say)."""
    reason = str(error) if isinstance(error, RuntimeError) else f"检查时出错（{type(error).__name__}）。"
    return Result(str(path), path.suffix.lower().lstrip(".") or "?", error=reason)


def export_failure_reason(error: BaseException) -> str:
    """Why one report got no Word copy, in a line."""
    if isinstance(error, OSError):
        return str(error)
    return f"导出时出错（{type(error).__name__}），请把这份报告反馈给开发人员。"


def export_error_text(error: BaseException) -> str:
    """What went wrong with an export and what to do about it."""
    if isinstance(error, ImportError):
        return "这个版本没有包含导出功能，请安装完整版本。"
    if isinstance(error, OSError):
        return (
            f"{error}\n\n请换一个文件夹（例如“文档”），或先关闭正在打开这些文件的 Word / Excel，再导出一次。"
        )
    return f"导出时出错：{error}\n\n请把出错的报告反馈给开发人员。"
