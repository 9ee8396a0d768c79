"""The command line: `python -m app check [--json] [--export-dir DIR] PATH...`.

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
import sys
from collections.abc import Sequence
from typing import TextIO

from app import __version__
from app.core.check import check_batch, check_paths
from app.core.model import CATEGORY_LABELS, SEVERITY_LABELS, Result
from app.core.packs import PackError, find_pack
from app.core.readers import SUPPORTED_SHORT
from app.core.wording import layout_name

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nianbao-checker check",
        description="检查政府信息公开工作年度报告：章节、表格格式、勾稽关系和数值。",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help=f"报告文件（{SUPPORTED_SHORT}）或文件夹")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.add_argument("--export-dir", metavar="DIR", help="把批注版 Word 和问题汇总表写入此文件夹")
    parser.add_argument("--reviewer", default="年报检查器", help="批注作者（默认：年报检查器）")
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


def _write(out: TextIO | None, text: str, encoding: str | None = None) -> None:
    """Write `text` to a console, pipe or file without ever failing on a character it cannot encode.

    `encoding` None means the stream's own (text mode); "utf-8" writes UTF-8 bytes whatever the stream
    says (JSON). Surrogates from undecodable file-name bytes become backslash escapes, which inside a
    JSON string are the escapes for those very characters.
    """
    if out is None:  # a GUI-subsystem build started without a console: nowhere to write
        return
    buffer = getattr(out, "buffer", None)
    try:
        if buffer is None:  # an in-memory stream (tests, the packaged console fallback) takes any text
            out.write(text)
            return
        errors = "backslashreplace" if encoding else "replace"
        encoding = encoding or getattr(out, "encoding", None) or "utf-8"
        escaped = text.encode("utf-8", errors="backslashreplace").decode("utf-8")
        out.flush()
        buffer.write(escaped.encode(encoding, errors))
        buffer.flush()
    except BrokenPipeError:
        pass  # the reader of a pipe (`| head`) stopped early: what it wanted it has


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
    _quiet_logging()
    try:
        pack = find_pack(args.pack)
    except PackError as error:
        _say(f"无法使用规则包：{error}")
        return EXIT_USAGE
    checked = list(check_paths(args.paths, pack))
    reviewed = _reviewed(args.review, checked, pack) if args.review else None
    if args.review and reviewed is None:
        return EXIT_USAGE
    results = reviewed.results if reviewed else check_batch(checked, pack=pack)
    roster = _roster(args.roster, results) if args.roster else None
    if args.roster and roster is None:
        return EXIT_USAGE
    export_failed = False
    if args.export_dir:
        from app.core.export import PartialExportError, export_batch

        try:
            decided = reviewed.decisions() if reviewed else {}
            written = export_batch(results, args.export_dir, reviewer=args.reviewer, roster=roster, **decided)
        except PartialExportError as error:
            written, export_failed = error.written, True
            _say(f"导出失败：{error}")
        except OSError as error:  # ExportError included: the reason is already said in Chinese
            _say(f"导出失败：{error}")
            written, export_failed = [], True
        except Exception as error:  # an exporter bug: said in one line, the details go to the log
            logging.getLogger(__name__).debug("export failed", exc_info=True)
            _say(f"导出失败（{type(error).__name__}），请把这些报告反馈给开发人员。")
            written, export_failed = [], True
        for path in written:
            _say(f"已导出：{path}")
    if args.json:
        reports = reviewed.reports_json() if reviewed else [r.to_json() for r in results]
        listed: dict[str, object] = {"reports": reports}
        if roster is not None:
            from app.core.batch.roster import roster_json

            listed["roster"] = roster_json(roster)
        text = json.dumps(listed, ensure_ascii=False, indent=1)
        _write(out, text + "\n", encoding="utf-8")
    else:
        printed = io.StringIO()
        for result in results:
            _print_text(result, printed)
        if roster is not None:
            from app.core.batch.roster import not_reported_text

            print(not_reported_text(roster), file=printed)
        _write(out, printed.getvalue())
    failed = export_failed or any(r.error or r.count("error") for r in results)
    return EXIT_PROBLEMS if failed else EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("--version", "-V"):
        _write(sys.stdout, f"年报检查器 {__version__}\n")
        return EXIT_CLEAN
    if argv and argv[0] == "check":
        return run_check(argv[1:])
    print("用法：nianbao-checker check [--json] [--export-dir DIR] PATH...", file=sys.stderr)
    return EXIT_USAGE
