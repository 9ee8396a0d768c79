"""Fuzz run: mutants of the corpus through `check_file`; exceptions, slow files, internal errors.

    nice python bench/bench_fuzz.py [--count 20000] [--seed 0] [--corpus DIR] [--only N]
    nice python bench/bench_fuzz.py --bombs

`--bombs` instead times the generated hostile classes (tests/fixtures/hostile.py), among them files
just inside each budget, each in a child process under 1 GB: seconds, peak MB and the answer.

Each mutant is rebuilt from its number (`tests/fixtures/mutants.py`), written to a temporary file and
checked in this process under a 2 GB address-space limit. Reported: exceptions out of `check_file`
(must be 0), runs over 10 s (must be 0), and errors a reader did not turn into its own message
(「文件无法读取（XxxError）」, 「检查时出错（…）」; must be 0), each with the mutant numbers to rebuild
them (`--only N` re-runs one and prints its traceback or result). A hang guard stops a single mutant
after 60 s and counts it as slow.
"""

from __future__ import annotations

import argparse
import collections
import json
import logging
import resource
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.check import check_file  # noqa: E402
from tests.fixtures.mutants import corpus_files, is_internal_error, mutant  # noqa: E402

SLOW_SECONDS = 10.0
HANG_GUARD_SECONDS = 60
ADDRESS_SPACE = 2 * 1024**3


class _Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Hang


def run(count: int, seed: int, corpus: Path, only: int | None) -> dict[str, object]:
    files = corpus_files(corpus)
    exceptions: list[tuple[int, str]] = []
    slow: list[tuple[int, float]] = []
    internal: list[tuple[int, str]] = []
    outcomes: collections.Counter[str] = collections.Counter()
    by_format: collections.Counter[str] = collections.Counter()
    numbers = [only] if only is not None else range(seed, seed + count)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-fuzz-") as folder:
        for done, number in enumerate(numbers, start=1):
            case = mutant(files, number)
            path = Path(folder) / f"m{number}{case.suffix}"
            path.write_bytes(case.data)
            by_format[case.suffix] += 1
            signal.alarm(HANG_GUARD_SECONDS)
            start = time.perf_counter()
            try:
                result = check_file(path)
            except _Hang:
                slow.append((number, float(HANG_GUARD_SECONDS)))
                outcomes["hang"] += 1
                continue
            except BaseException as error:  # noqa: BLE001 - counting exactly these is the point
                exceptions.append((number, f"{type(error).__name__}: {error}"[:200]))
                outcomes["exception"] += 1
                if only is not None:
                    traceback.print_exc()
                continue
            finally:
                signal.alarm(0)
                path.unlink(missing_ok=True)
            seconds = time.perf_counter() - start
            if seconds > SLOW_SECONDS:
                slow.append((number, round(seconds, 1)))
            if is_internal_error(result.error):
                internal.append((number, f"{case.suffix} {case.mutation}: {result.error}"))
                outcomes["internal error"] += 1
            elif result.error and "过大或过于复杂" in result.error:
                outcomes["too large"] += 1
            elif result.error:
                outcomes["refused with a reason"] += 1
            else:
                outcomes["read and checked"] += 1
            if only is not None:
                print(
                    case.source.name, case.mutation, json.dumps(result.to_json(), ensure_ascii=False)[:2000]
                )
            if done % 500 == 0:
                elapsed = time.perf_counter() - started
                print(
                    f"{done} mutants, {elapsed:.0f} s: {len(exceptions)} exceptions, {len(slow)} slow, "
                    f"{len(internal)} internal errors",
                    file=sys.stderr,
                    flush=True,
                )
    return {
        "mutants": len(numbers),
        "seconds": round(time.perf_counter() - started, 1),
        "by_format": dict(by_format),
        "outcomes": dict(outcomes),
        "exceptions": exceptions,
        "slow": slow,
        "internal_errors": internal,
    }


def bombs() -> int:
    """Seconds and peak memory for each hostile class and for files just inside the budgets."""
    from tests.core.hostile.limits import check_limited
    from tests.fixtures import hostile

    row = "行政许可\t5\t0\t3\t2\t1\t0\t11\n".encode()
    cases = {
        "docx zip bomb (80 MB)": ("docx", hostile.docx_zip_bomb),
        "docx 39,000 paragraphs (inside the budget)": (
            "docx",
            lambda: hostile.docx_with_body(b"<w:p><w:r><w:t>1</w:t></w:r></w:p>" * 39_000),
        ),
        "xlsx zip bomb (80 MB)": ("xlsx", hostile.xlsx_zip_bomb),
        "xlsx merged whole column": ("xlsx", hostile.xlsx_merged_column),
        "xlsx merged whole grid": ("xlsx", hostile.xlsx_merged_sheet),
        "xlsx SUM(A1:XFD1048576) uncached": ("xlsx", hostile.xlsx_sum_whole_sheet),
        "xlsx 2,000,000 empty styled cells": ("xlsx", lambda: hostile.xlsx_styled_empty_cells(2_000_000)),
        "xlsx 49,000 cells (inside the budget)": ("xlsx", lambda: hostile.xlsx_many_cells(49_000)),
        "txt 19 MB of table rows": ("txt", lambda: hostile.txt_table_rows(19 * hostile.MB)),
        "txt 7,000 rows of 8 cells (inside the budget)": ("txt", lambda: row * 7_000),
        "txt one header row 1,000 times": ("txt", hostile.txt_repeated_header),
        "pdf 500 blank pages": ("pdf", lambda: hostile.pdf_many_blank_pages(500)),
    }
    with tempfile.TemporaryDirectory(prefix="bench-bombs-") as folder:
        print(f"{'case':48} {'s':>6} {'peak MB':>8}  answer")
        for name, (suffix, make) in cases.items():
            path = Path(folder) / f"case.{suffix}"
            path.write_bytes(make())
            run = check_limited(path)
            answer = (run.error or f"read: {len(run.rules)} findings")[:60]
            print(f"{name:48} {run.seconds:6.2f} {run.peak_mb:8d}  {answer}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", default=str(ROOT / "tests" / "fixtures" / "corpus" / "files"))
    parser.add_argument("--only", type=int, help="re-run the mutant with this number and show what happened")
    parser.add_argument("--json", help="also write the full report to this file")
    parser.add_argument("--bombs", action="store_true", help="time the hostile classes instead")
    args = parser.parse_args()
    if args.bombs:
        return bombs()
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    signal.signal(signal.SIGALRM, _on_alarm)
    logging.disable(logging.CRITICAL)  # readers log the bugs they catch; the counts below say it all
    report = run(args.count, args.seed, Path(args.corpus), args.only)
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"mutants: {report['mutants']} in {report['seconds']} s; by format: {report['by_format']}")
    print(f"outcomes: {report['outcomes']}")
    for key in ("exceptions", "slow", "internal_errors"):
        items = report[key]
        print(f"{key}: {len(items)}")
        for item in items[:20]:
            print(f"  {item}")
    failed = report["exceptions"] or report["slow"] or report["internal_errors"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
