"""Benchmark: read and check the corpus in-process; median seconds per report for each format.

    python bench/bench_check.py [--corpus DIR] [--repeat N]

Targets on the 2-core reference machine: TXT and XLSX <= 0.05 s, DOCX and HTML <= 0.1 s, a 4-page PDF
<= 0.3 s. The corpus has no web pages, so saved pages of each kind (portal, GBK, Word, layout table,
web archive) are generated from tests/fixtures/html_pages.py into a temporary folder and timed too.
Each file is checked once to warm imports and caches, then timed `--repeat` times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.check import check_file  # noqa: E402

TARGETS = {"txt": 0.05, "xlsx": 0.05, "docx": 0.1, "pdf": 0.3, "html": 0.1}
HTML_SUFFIXES = (".html", ".htm", ".mht", ".mhtml")


def kind_of(path: Path) -> str:
    return "html" if path.suffix.lower() in HTML_SUFFIXES else path.suffix.lower().lstrip(".")


def write_web_pages(folder: Path) -> list[Path]:
    """Saved report pages of each kind reviewers receive, three reports each."""
    from tests.fixtures.html_pages import (
        layout_table_page,
        make_report,
        mht_archive,
        site_page_bytes,
        word_page_bytes,
    )

    paths: list[Path] = []
    for seed in range(3):
        report = make_report(seed)
        pages = {
            f"portal-{seed}.html": site_page_bytes(report),
            f"portal-gbk-{seed}.html": site_page_bytes(report, "gbk"),
            f"word-{seed}.htm": word_page_bytes(report),
            f"layout-{seed}.html": layout_table_page(report).encode("utf-8"),
            f"archive-{seed}.mht": mht_archive(site_page_bytes(report, "gbk"), "gbk"),
        }
        for name, data in pages.items():
            (folder / name).write_bytes(data)
            paths.append(folder / name)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT / "tests" / "fixtures" / "corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = sorted(p for p in Path(args.corpus).rglob("*") if kind_of(p) in TARGETS)
    times: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as pages:
        if not any(kind_of(path) == "html" for path in files):
            files += write_web_pages(Path(pages))
        for path in files:
            check_file(path)  # warm-up: imports, format data, caches
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = check_file(path)
                times[kind_of(path)].append(time.perf_counter() - start)
                if result.error:
                    print(f"unreadable: {path.name}: {result.error}")
    print(f"{'format':8}{'files':>6}{'median s':>10}{'max s':>8}{'target':>8}  verdict")
    for kind in sorted(times):
        values = times[kind]
        median = statistics.median(values)
        verdict = "ok" if median <= TARGETS[kind] else "SLOW"
        count = len(values) // args.repeat
        print(f"{kind:8}{count:>6}{median:>10.3f}{max(values):>8.3f}{TARGETS[kind]:>8.2f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
