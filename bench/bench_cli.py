"""Benchmark the command line on a province's folder: the corpus repeated to N reports.

    python bench/bench_cli.py [--reports 1000] [--output jsonl|json|text] [--jobs N] [--pdf-repeat 5]

A temporary folder gets N reports as symbolic links to ../shared/corpus/files (the corpus repeated,
each link numbered), and `python -m app check --OUTPUT FOLDER` runs on it with its output thrown away.
Reported: wall seconds, seconds per report, the cores used (CPU seconds of the command and its worker
processes over wall seconds), the peak memory of the main process and of the largest worker.
Target on the 2-core reference machine (issue 20): 1,000 reports in <= 30 s; main process <= 600 MB.

Then the PDF ratio (issue 20.6): the real 5-page WPS report (../shared/corpus/real/files/hongze-2023.pdf)
read and checked, against PDFium's own text extraction of the same file (pypdfium2: every page's text
page and its text), medians of `--pdf-repeat` runs in this one process. Target: at most 7×.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "files"
REAL_PDF = ROOT.parent / "shared" / "corpus" / "real" / "files" / "hongze-2023.pdf"
TARGET_SECONDS_PER_1000 = 30.0
TARGET_MAIN_MB = 600
TARGET_PDF_RATIO = 7.0

# Runs the command line in this child and reports its own peak and its workers' (waited for) peak.
_MEASURED = """
import json, resource, sys
from app.__main__ import main
status = main(sys.argv[1:])
own = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"status": status, "main_mb": own.ru_maxrss // 1024, "worker_mb": workers.ru_maxrss // 1024,
                  "main_cpu": own.ru_utime + own.ru_stime}), file=sys.stderr)
"""


def make_folder(folder: Path, reports: int) -> int:
    files = sorted(path for path in CORPUS.iterdir() if path.is_file())
    for number in range(reports):
        source = files[number % len(files)]
        (folder / f"{number:05d}-{source.name}").symlink_to(source)
    return len(files)


def run_cli(folder: Path, output: str, jobs: int | None) -> dict[str, float]:
    args = ["check", f"--{output}"] if output != "text" else ["check"]
    if jobs:
        args += ["--jobs", str(jobs)]
    before = os.times()
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURED, *args, str(folder)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    measured = json.loads(completed.stderr.strip().splitlines()[-1])
    return {"wall": wall, "cpu": cpu, **measured}


def pdf_ratio(repeat: int) -> tuple[float, float] | None:
    if not REAL_PDF.is_file():
        return None
    import pypdfium2

    sys.path.insert(0, str(ROOT))
    from app.core.check import check_file
    from bench.bench_pdf import median_time

    def pdfium_text() -> None:
        document = pypdfium2.PdfDocument(str(REAL_PDF))
        try:
            for page in document:
                page.get_textpage().get_text_range()
        finally:
            document.close()

    return median_time(lambda: check_file(REAL_PDF), repeat), median_time(pdfium_text, repeat)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--output", choices=("jsonl", "json", "text"), default="jsonl")
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: the CLI's, every core)"
    )
    parser.add_argument("--pdf-repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as temporary:
        folder = Path(temporary)
        distinct = make_folder(folder, args.reports)
        run = run_cli(folder, args.output, args.jobs)
    per_1000 = run["wall"] / args.reports * 1000
    print(f"command line, {args.reports} reports ({distinct} distinct, repeated), --{args.output}:")
    print(
        f"  wall {run['wall']:.1f} s ({run['wall'] / args.reports * 1000:.1f} ms per report), exit {run['status']}"
    )
    print(
        f"  cores used {run['cpu'] / run['wall']:.2f} (CPU {run['cpu']:.1f} s, of which the main process "
        f"{run['main_cpu']:.1f} s; {os.cpu_count()} cores here, load average {os.getloadavg()[0]:.1f})"
    )
    print(f"  peak memory: main process {run['main_mb']} MB, largest worker {run['worker_mb']} MB")
    verdict = "ok" if per_1000 <= TARGET_SECONDS_PER_1000 and run["main_mb"] <= TARGET_MAIN_MB else "OVER"
    print(f"  target <= {TARGET_SECONDS_PER_1000:.0f} s per 1,000 and main <= {TARGET_MAIN_MB} MB: {verdict}")
    ratio = pdf_ratio(args.pdf_repeat)
    if ratio is None:
        print(f"PDF ratio: skipped, {REAL_PDF} is absent")
    else:
        checked, text = ratio
        print(
            f"PDF {REAL_PDF.name}: read and checked {checked:.3f} s, PDFium text {text:.3f} s, "
            f"ratio {checked / text:.1f}× (target <= {TARGET_PDF_RATIO:.0f}×)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
