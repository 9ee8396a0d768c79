"""The command line: `python -m app check [--json] [--export-dir DIR] PATH...`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from app import __version__
from app.core.check import check_batch, check_paths
from app.core.model import CATEGORY_LABELS, SEVERITY_LABELS, Result

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nianbao-checker check",
        description="检查政府信息公开工作年度报告：章节、表格格式、勾稽关系和数值。",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="报告文件（TXT/DOCX/PDF/XLSX）或文件夹")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.add_argument("--export-dir", metavar="DIR", help="把批注版 Word 和检查汇总表写入此文件夹")
    parser.add_argument("--reviewer", default="年报检查器", help="批注作者（默认：年报检查器）")
    return parser


def _print_text(result: Result, out) -> None:
    print(f"■ {result.path}", file=out)
    if result.error:
        print(f"  无法读取：{result.error}", file=out)
        return
    layout = {"F2021": "2021年格式", "F2019": "2019年试行格式"}.get(result.layout or "", "未识别")
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


def run_check(argv: Sequence[str], out=None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_CLEAN
    results = check_batch(list(check_paths(args.paths)))
    if args.export_dir:
        from app.core.export import export_batch

        try:
            written = export_batch(results, args.export_dir, reviewer=args.reviewer)
        except OSError as error:
            print(f"导出失败：{error}", file=sys.stderr)
            return EXIT_PROBLEMS
        for path in written:
            print(f"已导出：{path}", file=sys.stderr)
    if args.json:
        json.dump({"reports": [r.to_json() for r in results]}, out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        for result in results:
            _print_text(result, out)
    failed = any(r.error or r.count("error") for r in results)
    return EXIT_PROBLEMS if failed else EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("--version", "-V"):
        print(f"年报检查器 {__version__}")
        return EXIT_CLEAN
    if argv and argv[0] == "check":
        return run_check(argv[1:])
    print("用法：nianbao-checker check [--json] [--export-dir DIR] PATH...", file=sys.stderr)
    return EXIT_USAGE
