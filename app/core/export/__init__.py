"""Exports of a checking run: a commented Word copy of every report and the batch's issue list.

`export_batch(results, out_dir)` writes, for every report that could be read, `<原文件名>（检查意见）.docx`
(a commented copy of a DOCX, the document as read and commented for PDF, HTML, TXT and XLSX) for the
report's author, and one `问题汇总表.xlsx` for the reviewer and the office above. The reviewer's
dismissals go into the workbook; into the authors' copies only with `show_dismissed=True`. Files are
written safely (see `files`): the inputs are never touched and existing files are never overwritten.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.export.annotate_docx import DEFAULT_REVIEWER, annotate_docx
from app.core.export.files import WORKBOOK, ExportError, PartialExportError, ensure_folder, save_new
from app.core.export.rebuild_docx import rebuild_docx
from app.core.export.workbook import write_workbook
from app.core.model import Result

if TYPE_CHECKING:
    from app.core.batch.roster import RosterLine
    from app.core.session.rounds import RoundNote

__all__ = [
    "SUFFIX",
    "WORKBOOK_NAME",
    "ExportError",
    "PartialExportError",
    "annotate_docx",
    "export_batch",
    "export_report",
    "output_names",
    "needs_copy",
    "readable",
    "round_folder",
    "rebuild_docx",
    "save_new",
    "write_workbook",
]

log = logging.getLogger(__name__)
SUFFIX = "（检查意见）.docx"
WORKBOOK_NAME = WORKBOOK  # what the window calls it
ROUND_PREFIX = "检查意见 "


def readable(result: Result) -> bool:
    """True for a report that was read and checked (it gets a Word copy); a compact result (its
    document not kept) is read again by `export_report`."""
    return result.error is None and (result.document is not None or result.compact)


def needs_copy(result: Result, dismissed: Mapping[int, str] | None = None) -> bool:
    """True when the report did not pass: an error or a warning left open for its author after the
    reviewer's dismissals (as the status 通过 counts them: 提示 alone do not make a copy worth sending,
    and the reviewer's own notes never do)."""
    from app.core.export.comments import REVIEWER_ONLY_RULES

    dismissed = dismissed or {}
    return any(
        index not in dismissed
        and finding.severity in ("error", "warning")
        and finding.rule not in REVIEWER_ONLY_RULES
        for index, finding in enumerate(result.findings)
    )


def round_folder(base: str | Path, day: dt.date | None = None) -> Path:
    """The folder of one export round under `base`, named by its day: "检查意见 2024-03-08", then
    "检查意见 2024-03-08（第2轮）" … when that day's folder already holds files. Not created here."""
    base = Path(base)
    day = day or dt.date.today()
    number = 1
    while True:
        name = f"{ROUND_PREFIX}{day.isoformat()}" + (f"（第{number}轮）" if number > 1 else "")
        folder = base / name
        if not folder.exists() or (folder.is_dir() and not any(folder.iterdir())):
            return folder
        number += 1


def output_names(results: Sequence[Result]) -> list[str]:
    """The Word file name for each result: `<stem>（检查意见）.docx`.

    When two inputs of the batch share a stem (报告.docx and 报告.pdf), the non-DOCX ones keep their
    suffix in the name (`报告.pdf（检查意见）.docx`) so each copy says which file it came from.
    """
    stems: dict[str, int] = {}
    for result in results:
        stem = Path(result.path).stem.casefold()
        stems[stem] = stems.get(stem, 0) + 1
    names = []
    for result in results:
        path = Path(result.path)
        shared = stems[path.stem.casefold()] > 1 and path.suffix.lower() != ".docx"
        names.append(f"{path.name if shared else path.stem}{SUFFIX}")
    return names


def export_report(
    result: Result,
    target: str | Path,
    reviewer: str = DEFAULT_REVIEWER,
    dismissed: Mapping[int, str] | None = None,
    show_dismissed: bool = False,
    replace: bool = False,
    round_line: str = "",
) -> Path:
    """The commented Word copy of one report (`replace`: a previous copy of that name is replaced). A DOCX that cannot be annotated in place (damaged
    since it was checked, unusual structure) falls back to a rebuilt copy. A compact result's file is
    read again first; one changed since its check raises `FileChanged` (an `ExportError`).
    `round_line` (第N次检查：…) opens the summary from a review's second round on."""
    from app.core.session.reread import reread

    result = reread(result)
    extra = {"replace": True} if replace else {}
    if result.kind == "docx":
        try:
            return annotate_docx(result, target, reviewer, dismissed, show_dismissed, round_line, **extra)
        except ExportError:
            raise
        except Exception:
            log.exception("annotating %s failed; writing a rebuilt copy instead", result.path)
    return rebuild_docx(result, target, reviewer, dismissed, show_dismissed, round_line, **extra)


def export_batch(
    results: Iterable[Result],
    out_dir: str | Path,
    reviewer: str = DEFAULT_REVIEWER,
    dismissed: Mapping[str, Mapping[int, str]] | None = None,
    show_dismissed: bool = False,
    confirmed: Mapping[str, Collection[int]] | None = None,
    rounds: Mapping[str, RoundNote] | None = None,
    roster: Sequence[RosterLine] | None = None,
    *,
    workbook: bool = True,
    passed: bool = True,
    replace: bool = False,
) -> list[Path]:
    """Write the Word copies and `问题汇总表.xlsx` into `out_dir`; the paths written, in order.

    `workbook=False` writes the copies only (a one-report export needs no workbook); `passed=False`
    gives no copy to a report with nothing for its author to fix; `replace` replaces the copies and the
    workbook a previous export of these reports left under the same names (else the new ones are
    numbered "(2)" beside them).

    `dismissed` maps a result's path to {index into result.findings: the reviewer's reason}; the
    reasons reach the authors' copies only when `show_dismissed` is on (a setting, off by default).
    `confirmed` maps a path to the findings the reviewer found 属实 (the workbook's 处理 column).
    `rounds` maps a path to its round of review (`session.rounds.RoundNote`): the Word copy's first
    summary line and the workbook's 本轮 column. `roster` adds the workbook's 报送情况 sheet.
    Raises `ExportError` (an OSError with a plain Chinese message) when the folder cannot be written,
    and `PartialExportError` (its `written` and `failures`) after writing the rest when some reports
    could not be.
    """
    results = list(results)
    dismissed = dismissed or {}
    folder = ensure_folder(out_dir)
    written: list[Path] = []
    failures: list[tuple[str, str]] = []  # one report's failure must not cost the reviewer the rest
    for result, name in zip(results, output_names(results), strict=True):
        if not readable(result):
            continue
        handled = dismissed.get(result.path, {})
        if not passed and not needs_copy(result, handled):
            continue
        try:
            line = rounds[result.path].summary if rounds and result.path in rounds else ""
            written.append(
                export_report(result, folder / name, reviewer, handled, show_dismissed, replace, line)
            )
        except ExportError as error:
            failures.append((result.path, str(error)))
        except Exception as error:
            log.exception("exporting %s failed", result.path)
            failures.append(
                (result.path, f"导出时出错（{type(error).__name__}），请把此报告反馈给开发人员。")
            )
    try:
        if workbook:
            written.append(
                write_workbook(results, folder / WORKBOOK_NAME, dismissed, confirmed, rounds, roster, replace)
            )
    except ExportError as error:
        failures.append((WORKBOOK_NAME, str(error)))
    except Exception as error:  # the copies written stay written and are listed
        log.exception("writing the workbook failed")
        failures.append(
            (WORKBOOK_NAME, f"写入时出错（{type(error).__name__}），请把这批报告反馈给开发人员。")
        )
    if failures:
        raise PartialExportError(written, failures)
    return written
