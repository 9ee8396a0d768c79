"""Benchmark the PDF reader: seconds per file to read, and to read and check, on every PDF at hand.

    python bench/bench_pdf.py [--repeat N]

Files: the generated corpus (tests/fixtures/corpus), the real reports in ../shared/corpus/real (when
present), each generated PDF class (tests/fixtures/pdf_classes.py), and long documents made of the
WPS-style report repeated, to show the time grows with the pages and stays within 10 s per 50 pages.
Target on the 2-core reference machine: a 5-page report read and checked in <= 0.3 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.check import check_file  # noqa: E402
from app.core.readers.pdf import read_pdf  # noqa: E402
from tests.fixtures import pdf_classes  # noqa: E402

TARGET = 0.3
PER_50_PAGES = 10.0


def median_time(action: Callable[[], object], repeat: int) -> float:
    """The median of `repeat` runs of `action`, after one warm-up run."""
    action()  # warm-up: imports, format data
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _generated(folder: Path) -> list[Path]:
    made = {
        "class-wps_boxes": pdf_classes.wps_boxes(),
        "class-browser_print": pdf_classes.browser_print(),
        "class-three_line_table": pdf_classes.three_line_table(),
        "class-sideways_table": pdf_classes.sideways_table(),
        "class-pdfminer_breaker": pdf_classes.pdfminer_breaker(),
        "class-page_numbers": pdf_classes.page_numbers("第页共页"),
    }
    paths = []
    for name, data in made.items():
        path = folder / f"{name}.pdf"
        path.write_bytes(data)
        paths.append(path)
    return paths


def _long(folder: Path, pages: int) -> Path:
    layout = pdf_classes.Layout(
        pdf_classes.Style(line_boxes=True, page_number=lambda number, _: f"- {number} -")
    )
    layout.title(pdf_classes.TITLE)
    index = 0
    while len(layout.pdf.pages) < pages:
        layout.heading(pdf_classes.HEADINGS[index % 6])
        layout.paragraph(pdf_classes.paragraph_text(index))
        layout.table(pdf_classes.TABLE_HEADER, pdf_classes.TABLE_ROWS)
        index += 1
    path = folder / f"long-{pages}-pages.pdf"
    path.write_bytes(layout.finish())
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        files = sorted((ROOT / "tests" / "fixtures" / "corpus").rglob("*.pdf"))
        real = ROOT.parent / "shared" / "corpus" / "real" / "files"
        files += sorted(real.glob("*.pdf")) if real.is_dir() else []
        files += _generated(folder)
        print(f"{'file':40}{'pages':>6}{'read s':>9}{'check s':>9}  verdict")
        checks: list[float] = []
        for path in files:
            pages = len({block.source.page for block in read_pdf(path).blocks})
            read = median_time(lambda path=path: read_pdf(path), args.repeat)
            check = median_time(lambda path=path: check_file(path), args.repeat)
            checks.append(check)
            verdict = "ok" if check <= TARGET else "SLOW"
            print(f"{path.name[:40]:40}{pages:>6}{read:>9.3f}{check:>9.3f}  {verdict}")
        print(f"median check {statistics.median(checks):.3f} s, max {max(checks):.3f} s (target {TARGET} s)")
        print(f"\n{'long document':40}{'pages':>6}{'read s':>9}{'s/50 p':>9}  verdict")
        for pages in (50, 200):
            path = _long(folder, pages)
            read = median_time(lambda path=path: read_pdf(path), 1)
            per_50 = read / pages * 50
            verdict = "ok" if per_50 <= PER_50_PAGES else "SLOW"
            print(f"{path.name:40}{pages:>6}{read:>9.3f}{per_50:>9.3f}  {verdict}")
        blank = folder / "blank-2000-pages.pdf"
        blank.write_bytes(pdf_classes.blank_pages(2000))
        start = time.perf_counter()
        result = check_file(blank)
        print(f"{blank.name:40}{2000:>6}{time.perf_counter() - start:>9.3f}  {result.error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
