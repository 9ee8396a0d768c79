"""The command line: `python -m app check [--json | --jsonl] [--jobs N] [--export-dir DIR] PATH...`.

The files are checked on every core (`app.core.pool`: worker processes, as the window's) and come back
compact, in the order of the inputs; the batch pass across reports runs on those compact results, so
the main process keeps a few kilobytes per report, never a parsed document. `--jsonl` writes each
report's line as soon as it and those before it are checked, then a line per report the batch pass
added findings to and a summary line; `--json` writes one document after the batch pass, its cells
kept on disk meanwhile. A run longer than a few seconds tells its progress on stderr.

It never dies on its own output. JSON is written as UTF-8 bytes whatever the console's encoding
(Chinese Windows redirects output as GBK), and file names holding bytes that are not UTF-8 come out as
JSON escapes; the readable text mode replaces what the console cannot show with "?". Problems are told
in one Chinese line on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
import tempfile
import textwrap
import time
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from app import __version__
from app.core.check import check_batch, check_with_cells, collect_files
from app.core.limits import MAX_REVIEWER
from app.core.model import CATEGORY_LABELS, SEVERITY_LABELS, Result
from app.core.packs import Pack, PackError, find_pack
from app.core.pool import WORKER_DIED, default_workers, ordered_map
from app.core.readers import SUPPORTED_SHORT
from app.core.wording import layout_name
from app.ui.jobs import (
    ExportJob,
    export_failure_reason,
    export_one,
    export_workbook,
    plan_export,
    prepare_folder,
)

if TYPE_CHECKING:
    from app.core.batch.roster import RosterLine
    from app.core.session.command import ReviewedBatch
    from app.core.session.rounds import RoundNote

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # what a shell reports for a program stopped by Ctrl+C


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nianbao-checker check",
        description="检查政府信息公开工作年度报告：章节、表格格式、勾稽关系和数值。",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help=f"报告文件（{SUPPORTED_SHORT}）或文件夹")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="检查完毕后以一个 JSON 文档输出全部结果")
    output.add_argument(
        "--jsonl",
        action="store_true",
        help="每检查完一份报告即输出一行 JSON（按输入顺序），最后输出跨报告检查的结果和汇总行",
    )
    parser.add_argument(
        "--jobs",
        type=_positive,
        default=default_workers(),
        metavar="N",
        help="同时检查的进程数（默认：CPU 核数）",
    )
    parser.add_argument("--export-dir", metavar="DIR", help="把批注版 Word 和问题汇总表写入此文件夹")
    parser.add_argument(
        "--reviewer",
        type=_reviewer,
        default="年报检查器",
        help=f"批注作者（默认：年报检查器；最多 {MAX_REVIEWER} 个字）",
    )
    parser.add_argument(
        "--pack",
        metavar="FILE_OR_NAME",
        help="地方规则包：resources/packs 中的名称（如 example-province）或规则包文件（默认：全国通用）",
    )
    parser.add_argument(
        "--review",
        metavar="FILE",
        help="检查记录文件（与窗口保存的相同）：读取并写回；修改后的报告按轮次比较（已改正、仍存在、新出现）",
    )
    parser.add_argument(
        "--roster", metavar="FILE.xlsx", help="报送名单（单位名称、上级单位、类型）：列出未报送的单位"
    )
    return parser


def _reviewer(text: str) -> str:
    if len(text) > MAX_REVIEWER:
        raise argparse.ArgumentTypeError(
            f"批注作者最多 {MAX_REVIEWER} 个字（Word 的限制），现在是 {len(text)} 个"
        )
    return text


def _gui_build_on_windows() -> bool:
    """The Windows window program (nianbao-checker.exe) running `check`: its worker processes were
    seen to hang under Wine after it attached to the parent's console, so it checks in its own process;
    the console companion (nianbao-checker-cli.exe) uses every core."""
    return (
        bool(getattr(sys, "frozen", False))
        and os.name == "nt"
        and not Path(sys.executable).stem.endswith("-cli")
    )


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}")
    return number


def _write(out: TextIO | None, text: str, encoding: str | None = None) -> bool:
    """Write `text` to a console, pipe or file without ever failing on a character it cannot encode;
    False when the reader of a pipe has gone (`| head`).

    `encoding` None means the stream's own (text mode); "utf-8" writes UTF-8 bytes whatever the stream
    says (JSON). Surrogates from undecodable file-name bytes become backslash escapes, which inside a
    JSON string are the escapes for those very characters.
    """
    if out is None:  # a GUI-subsystem build started without a console: nowhere to write
        return True
    buffer = getattr(out, "buffer", None)
    try:
        if buffer is None:  # an in-memory stream (tests, the packaged console fallback) takes any text
            out.write(text)
            return True
        errors = "backslashreplace" if encoding else "replace"
        encoding = encoding or getattr(out, "encoding", None) or "utf-8"
        escaped = text.encode("utf-8", errors="backslashreplace").decode("utf-8")
        out.flush()
        buffer.write(escaped.encode(encoding, errors))
        buffer.flush()
    except BrokenPipeError:
        # The reader stopped early: what it wanted it has. Later writes and the flush at exit go
        # nowhere instead of failing again.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return False
    return True


def _say(text: str) -> None:
    """A line on stderr (progress, export results), never failing on its characters."""
    _write(sys.stderr, text + "\n")


class _NoTraceback(logging.Formatter):
    """Log lines without the traceback: a user reads a reason, not Python's stack."""

    def format(self, record: logging.LogRecord) -> str:
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return super().format(record)


def _quiet_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    # A writer that failed mid-save (disk full) leaves a zip file that fails again when collected;
    # the failure was already reported in Chinese, so its second traceback is only noise.
    logging.getLogger(__name__).debug("ignored: %r in %r", unraisable.exc_value, unraisable.object)


def _quiet_logging() -> None:
    sys.unraisablehook = _quiet_unraisable
    if sys.stderr is None or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_NoTraceback("%(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger().addHandler(handler)


def _print_text(result: Result, out) -> None:
    print(f"■ {result.path}", file=out)
    if result.error:
        print(f"  无法读取：{result.error}", file=out)
        return
    layout = layout_name(result.layout)
    print(
        f"  {result.title or '（未识别标题）'} ｜ 年度：{result.year or '未识别'} ｜ 表格：{layout}",
        file=out,
    )
    if not result.findings:
        print("  未发现问题。", file=out)
    counts = "，".join(f"{SEVERITY_LABELS[s]} {result.count(s)} 个" for s in ("error", "warning", "info"))
    for number, finding in enumerate(result.findings, start=1):
        where = f"（{finding.location}）" if finding.location else ""
        print(
            f"  {number}. [{SEVERITY_LABELS[finding.severity]}·{CATEGORY_LABELS[finding.category]}] "
            f"{finding.message}{where} [{finding.rule}]",
            file=out,
        )
    print(f"  合计：{counts}", file=out)


class _Progress:
    """How far a long run got, on stderr: nothing for a run shorter than a few seconds; on a terminal
    one line rewritten in place, elsewhere (a log file) a line every ten seconds."""

    QUIET_SECONDS, TERMINAL_EVERY, LOG_EVERY = 2.0, 0.5, 10.0

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self._total, self._stream, self._done = total, stream, 0
        self._started = self._shown = time.monotonic()
        self._terminal = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self._said = False

    def step(self) -> None:
        self._done += 1
        now = time.monotonic()
        if self._stream is None or now - self._started < self.QUIET_SECONDS:
            return
        if now - self._shown < (self.TERMINAL_EVERY if self._terminal else self.LOG_EVERY) and self._said:
            return
        self._shown, self._said = now, True
        line = f"已检查 {self._done}/{self._total} 份（{now - self._started:.0f} 秒）"
        _write(self._stream, f"\r{line}" if self._terminal else line + "\n")

    def finish(self, what: str) -> None:
        if self._said:
            seconds = time.monotonic() - self._started
            _write(
                self._stream,
                ("\r" if self._terminal else "") + f"{what}：{self._total} 份，用时 {seconds:.1f} 秒\n",
            )


class _CellSpool:
    """The cells of every report, kept on disk until the JSON document is written (they do not change
    in the batch pass, and in memory they would grow with the batch). A disk that is full, or no
    temporary folder, keeps the rest in memory: the output comes first."""

    def __init__(self) -> None:
        self._kept: list[bytes] = []
        try:
            self._file: BinaryIO | None = tempfile.TemporaryFile(buffering=0)
        except OSError:
            self._file = None

    def add(self, cells: list[dict[str, object]]) -> None:
        line = json.dumps(cells, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
        if self._file is not None and not self._kept:
            start = self._file.tell()
            try:
                if self._file.write(line) == len(line):
                    return
            except OSError:
                pass
            self._file.truncate(start)
        self._kept.append(line)

    def replay(self) -> Iterator[list[dict[str, object]]]:
        if self._file is not None:
            self._file.seek(0)
            with io.BufferedReader(self._file) as lines:
                yield from (json.loads(line.decode("utf-8", "surrogatepass")) for line in lines)
        for line in self._kept:
            yield json.loads(line.decode("utf-8", "surrogatepass"))


def _report_json(result: Result, cells: list[dict[str, object]]) -> dict[str, object]:
    report = result.to_json()
    report["cells"] = cells
    return report


def json_document(reports: Iterable[dict[str, object]]) -> Iterator[str]:
    """`json.dumps({"reports": [...]}, ensure_ascii=False, indent=1)` and its newline, one report at a
    time: the same text without holding the whole batch's."""
    opened = False
    for report in reports:
        text = json.dumps(report, ensure_ascii=False, indent=1)
        yield (",\n" if opened else '{\n "reports": [\n') + textwrap.indent(text, "  ", lambda _line: True)
        opened = True
    yield "\n ]\n}\n" if opened else '{\n "reports": []\n}\n'


def _json_line(record: dict[str, object]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def _skipped(path: Path, reason: str) -> Result:
    return Result(path=str(path), kind=path.suffix.lower().lstrip(".") or "?", error=reason)


def _worker_died(path: Path) -> tuple[Result, list[dict[str, object]]]:
    return _skipped(path, WORKER_DIED), []


def _checked(args: argparse.Namespace, pack: Pack) -> tuple[int, Generator[tuple[Result, list], None, None]]:
    """How many reports, and each one's compact result with its cells, in the order of the inputs:
    what cannot be checked first (as `check_paths` gives them), then the files, on every core."""
    files, skipped = collect_files(args.paths)

    def results() -> Generator[tuple[Result, list], None, None]:
        for path, reason in skipped:
            yield _skipped(path, reason), []
        yield from ordered_map(partial(check_with_cells, pack=pack), files, args.jobs, _worker_died)

    return len(files) + len(skipped), results()


def _new_findings(before: Result, after: Result) -> list[dict[str, object]]:
    """The findings the batch pass added to a report (its own findings keep their order)."""
    own = set(before.findings)
    return [finding.to_json() for finding in after.findings if finding not in own]


def _reviewed(review: str, results: list[Result], pack):  # noqa: ANN001, ANN202 (see check_with_review)
    """The round in the review file, or None after saying why it could not be used."""
    from app.core.session.command import check_with_review
    from app.core.session.store import ReviewFileError

    try:
        return check_with_review(review, results, pack)
    except (ReviewFileError, OSError) as error:
        _say(f"无法使用检查记录：{error}")
        return None


def _roster(path: str, results: list[Result]):  # noqa: ANN202 (a list of roster.RosterLine)
    """The roster matched to the batch, or None after saying why it could not be read."""
    from app.core.batch.roster import RosterError, check_roster

    try:
        return check_roster(path, results)
    except RosterError as error:
        _say(f"无法使用报送名单：{error}")
        return None


def run_check(argv: Sequence[str], out=None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_CLEAN
    if _gui_build_on_windows():
        args.jobs = 1
    _quiet_logging()
    try:
        pack = find_pack(args.pack)
    except PackError as error:
        _say(f"无法使用规则包：{error}")
        return EXIT_USAGE
    checked = None
    try:
        total, checked = _checked(args, pack)
        return _run(args, pack, out, total, checked)
    except KeyboardInterrupt:  # Ctrl+C: said in a line; the worker processes ignore it and are stopped
        if checked is not None:
            checked.close()
        _say("\n已中断，检查没有完成，也没有输出汇总结果。")
        return EXIT_INTERRUPTED


def _run(
    args: argparse.Namespace,
    pack: Pack,
    out: TextIO,
    total: int,
    checked: Generator[tuple[Result, list], None, None],
) -> int:
    progress = _Progress(total, sys.stderr)
    spool = _CellSpool() if args.json else None
    own: list[Result] = []
    for result, cells in checked:
        own.append(result)
        if args.jsonl:
            line = _json_line({"record": "report", **_report_json(result, cells)})
            if not _write(out, line, encoding="utf-8"):  # nobody reads on: the rest is not checked
                checked.close()
                return EXIT_PROBLEMS
        elif spool is not None:
            spool.add(cells)
        progress.step()
    progress.finish("检查完毕")
    reviewed = _reviewed(args.review, own, pack) if args.review else None
    if args.review and reviewed is None:
        return EXIT_USAGE
    # on the compact results: the chains' facts were kept (a review runs the pass over all it holds)
    results = reviewed.results if reviewed else check_batch(own, pack=pack)
    roster = _roster(args.roster, results) if args.roster else None
    if args.roster and roster is None:
        return EXIT_USAGE
    export_failed = bool(args.export_dir) and not _export(results, args, pack, reviewed, roster)
    if args.jsonl:
        for before, after in zip(own, results, strict=True):
            if after is not before:
                line = {
                    "record": "cross_report",
                    "file": after.path,
                    "findings": _new_findings(before, after),
                }
                _write(out, _json_line(line), encoding="utf-8")
        for data in reviewed.reports_json() if reviewed else ():
            rounds = {key: data[key] for key in ("file", "round", "fixed")}
            rounds["since_last"] = [finding["since_last"] for finding in data["findings"]]
            _write(out, _json_line({"record": "round", **rounds}), encoding="utf-8")
        if roster is not None:
            from app.core.batch.roster import roster_json

            _write(out, _json_line({"record": "roster", "units": roster_json(roster)}), encoding="utf-8")
        _write(out, _json_line(_summary(results)), encoding="utf-8")
    elif spool is not None:
        if reviewed is not None:
            reports = [
                {**data, "cells": cells}
                for data, cells in zip(reviewed.reports_json(), spool.replay(), strict=True)
            ]
        else:
            reports = map(_report_json, results, spool.replay())
        if roster is None:
            for chunk in json_document(reports):
                _write(out, chunk, encoding="utf-8")
        else:  # a roster's run: one body of reports with the units beside them
            from app.core.batch.roster import roster_json

            listed = {"reports": list(reports), "roster": roster_json(roster)}
            _write(out, json.dumps(listed, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        for result in results:
            printed = io.StringIO()
            _print_text(result, printed)
            _write(out, printed.getvalue())
        if roster is not None:
            from app.core.batch.roster import not_reported_text

            _write(out, not_reported_text(roster) + "\n")
    failed = export_failed or any(r.error or r.count("error") for r in results)
    return EXIT_PROBLEMS if failed else EXIT_CLEAN


def _summary(results: Sequence[Result]) -> dict[str, object]:
    """The last line of `--jsonl`: the run is complete, and what it found."""
    return {
        "record": "summary",
        "reports": len(results),
        "unreadable": sum(1 for r in results if r.error),
        "with_errors": sum(1 for r in results if not r.error and r.count("error")),
        "findings": sum(len(r.findings) for r in results),
    }


@dataclass(frozen=True)
class _Decided:
    """What a review (`--review`) gives the exports: dismissals, 属实, each report's round."""

    dismissed: dict[str, dict[int, str]]
    confirmed: dict[str, set[int]]
    rounds: dict[str, RoundNote]

    @staticmethod
    def of(reviewed: ReviewedBatch | None) -> _Decided:
        if reviewed is None:
            return _Decided({}, {}, {})
        return _Decided(reviewed.dismissed, reviewed.confirmed, reviewed.rounds)

    def round_line(self, path: str) -> str:
        note = self.rounds.get(path)
        return note.summary if note is not None else ""


def _export_one(
    job: ExportJob, reviewer: str, pack: Pack, decided: _Decided
) -> tuple[Path | None, tuple, str | None, Result | None]:
    """One report's Word copy, in a worker process: (path, cells read again, why not, fresh result of a
    file changed since its check). Never raises: one report's failure must not cost the others."""
    from app.core.session.reread import FileChanged

    path = job.result.path
    try:
        copy = export_one(
            job, reviewer, decided.dismissed.get(path, {}), False, pack, decided.round_line(path)
        )
    except FileChanged as error:
        return None, (), str(error), error.fresh
    except Exception as error:
        if not isinstance(error, OSError):
            logging.getLogger(__name__).exception("exporting %s failed", job.result.path)
        return None, (), export_failure_reason(error), None
    return copy.path, copy.cells, None, None


def _export(
    results: list[Result],
    args: argparse.Namespace,
    pack: Pack,
    reviewed: ReviewedBatch | None = None,
    roster: list[RosterLine] | None = None,
) -> bool:
    """The Word copies (on every core) and the workbook, as the window exports; False when something
    could not be written (said on stderr)."""
    folder = Path(args.export_dir)
    try:
        prepare_folder(folder)
        jobs, _unreadable = plan_export(results, folder)
    except OSError as error:  # ExportError included: the reason is already said in Chinese
        _say(f"导出失败：{error}")
        return False
    decided = _Decided.of(reviewed)
    written: list[Path] = []
    failures: list[tuple[str, str]] = []
    read_again: dict[str, Result] = {}
    for job, (path, cells, reason, fresh) in zip(
        jobs,
        ordered_map(
            partial(_export_one, reviewer=args.reviewer, pack=pack, decided=decided),
            jobs,
            args.jobs,
            _export_died,
        ),
        strict=True,
    ):
        if path is not None:
            written.append(path)
            read_again[job.result.path] = replace(job.result, cells=cells)
        else:
            failures.append((job.result.path, reason or ""))
            if fresh is not None:  # the workbook lists the file as it is now, never the old findings
                read_again[job.result.path] = fresh
    try:
        # one report: its copy only; the workbook is for a batch, a review's rounds or a roster
        if len(results) > 1 or reviewed is not None or roster is not None:
            book, _renamed = export_workbook(
                [read_again.get(r.path, r) for r in results],
                folder,
                decided.dismissed,
                decided.confirmed,
                decided.rounds,
                roster,
            )
            written.append(book)
    except OSError as error:
        failures.append((str(folder), str(error)))
    except Exception as error:  # an exporter bug: said in one line, the details go to the log
        logging.getLogger(__name__).debug("export failed", exc_info=True)
        _say(f"导出失败（{type(error).__name__}），请把这些报告反馈给开发人员。")
        return False
    if failures:
        from app.core.export.files import PartialExportError  # python-docx loads only for an export

        _say(f"导出失败：{PartialExportError(written, failures)}")
    for path in written:
        _say(f"已导出：{path}")
    return not failures


def _export_died(job: ExportJob) -> tuple[None, tuple, str, None]:
    return None, (), "导出这份报告时，后台进程意外退出。", None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("--version", "-V"):
        _write(sys.stdout, f"年报检查器 {__version__}\n")
        return EXIT_CLEAN
    if argv and argv[0] == "check":
        return run_check(argv[1:])
    print(
        "用法：nianbao-checker check [--json | --jsonl] [--jobs N] [--export-dir DIR] PATH...",
        file=sys.stderr,
    )
    return EXIT_USAGE
