"""Benchmark: the window with a province's batch — largest event-loop gap, main-process memory, review
open time — at 1,000, 3,000 and 10,000 reports (offscreen).

    QT_QPA_PLATFORM=offscreen python bench/bench_window.py [--sizes 1000,3000,10000] [--real 1000]

Targets on the 2-core reference machine (issue 22): the event loop never waits more than 50 ms (the
largest gap of a 5 ms timer) while the batch is checked, filtered, sorted, re-checked, dismissed,
exported or restored from the saved review; the main process stays under 500 MB; the saved review
opens in 2 s or less.

The reports are the corpus repeated (hard links in a temporary folder). Checking 10,000 reports for
real on 2 shared cores takes well over an hour, so by default the checks are answered by a fake fast
runner: each file's result is the real compact result of its corpus original (checked once, for real),
given its own body (two consecutive years per body, so the batch pass compares 5,000 chains) and
delivered as fast as the window takes them. Everything else is the real window: the list, the session,
the batch pass, the incremental review file, the workbook. `--real N` also runs N reports through the
real process pool (the true checks), for the wall time and the gaps with real workers.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.core.check import check_compact  # noqa: E402
from app.core.model import Result  # noqa: E402
from app.ui.jobs import ExportedCopy, export_one  # noqa: E402
from app.ui.settings import Settings  # noqa: E402
from app.ui.window import MainWindow  # noqa: E402
from app.ui.workers import PoolRunner  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "files"
DELIVER_PER_TICK = 25  # results the fake runner hands back per 1 ms tick (far faster than real workers)
GAP_TARGET, MEMORY_TARGET, OPEN_TARGET = 0.050, 500, 2.0


class SilentPrompts:
    """Answers every question as a reviewer in a hurry would; shows nothing."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def ask_dismiss_reason(self, message: str) -> str:
        return "已核实"

    def confirm(self, *args: object) -> bool:
        return True

    def error(self, title: str, text: str) -> None:
        self.errors.append((title, text))

    def export_done(self, summary: object) -> None:
        pass

    def __getattr__(self, name: str):  # any other question: no answer
        return lambda *args, **kwargs: None


def _function(fn: object) -> object:
    return fn.func if isinstance(fn, partial) else fn


class FakeRunner(PoolRunner):
    """The real pool for folder scans, re-reads (in worker processes), the batch pass and the workbook;
    checks and Word copies answered at once from prepared results (see the module's docstring)."""

    def __init__(self, answers: dict[str, Result]) -> None:
        super().__init__()  # re-reads for the preview in worker processes, as the window does
        self.answers = answers
        self._queue: list[tuple[int, object]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._deliver_some)

    def submit(self, fn, *args, on_done, on_error=None, isolated=False) -> int:  # noqa: ANN001
        target = _function(fn)
        if target is check_compact:
            answer: object = self.answers[str(args[0])]
        elif target is export_one:
            answer = ExportedCopy(args[0].target, ())
        else:
            return super().submit(fn, *args, on_done=on_done, on_error=on_error, isolated=isolated)
        ticket = next(self._tickets)
        self._callbacks[ticket] = (on_done, on_error)
        self._queue.append((ticket, answer))
        if not self._timer.isActive():
            self._timer.start()
        return ticket

    def _deliver_some(self) -> None:
        batch, self._queue = self._queue[:DELIVER_PER_TICK], self._queue[DELIVER_PER_TICK:]
        if not self._queue:
            self._timer.stop()
        for ticket, answer in batch:
            self._deliver(ticket, answer)

    def pending(self) -> int:
        return len(self._callbacks)


class Gaps:
    """The largest wait of the event loop: the largest interval between ticks of a 5 ms timer."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.largest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.largest = max(self.largest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.largest = 0.0
        self.timer.start()

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.largest


def run_until(done, timeout: float = 3600.0) -> None:  # noqa: ANN001
    end = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > end:
            raise TimeoutError("the window did not finish in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def settle(seconds: float = 0.3) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def make_batch(folder: Path, count: int) -> list[Path]:
    originals = sorted(path for path in CORPUS.iterdir() if path.is_file())
    files = []
    for number in range(count):
        original = originals[number % len(originals)]
        target = folder / f"{number // 500:03d}" / f"{number:05d}-{original.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(original, target)
        except OSError:
            shutil.copy2(original, target)
        files.append(target)
    return files


def fake_answers(files: list[Path]) -> dict[str, Result]:
    """Each file's result: its original's real compact result, with a body of its own (two years each)."""
    templates: dict[str, Result] = {}
    answers = {}
    for number, path in enumerate(files):
        original = path.name.split("-", 1)[1]
        if original not in templates:
            templates[original] = check_compact(CORPUS / original)
        template = templates[original]
        report = template.report
        if report is not None and template.error is None:
            report = replace(
                report, body=f"第{number // 2:05d}号县科技和工业信息化局", year=2022 + number % 2
            )
        answers[str(path)] = replace(template, path=str(path), report=report)
    return answers


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def measure(count: int, real: bool, work: Path) -> dict[str, float]:
    folder = work / f"批量{count}"
    files = make_batch(folder, count)
    review = work / f"检查记录{count}.review"
    store = QSettings(str(work / f"settings{count}.ini"), QSettings.Format.IniFormat)
    runner = PoolRunner() if real else FakeRunner(fake_answers(files))
    window = MainWindow(Settings(store), runner, SilentPrompts(), review)  # type: ignore[arg-type]
    window.show()
    settle()
    figures: dict[str, float] = {"reports": count}
    gaps = Gaps()
    before_mb = current_mb()

    def phase(name: str, action, done=None) -> None:  # noqa: ANN001
        gaps.start()
        began = time.perf_counter()
        action()
        if done is not None:
            run_until(done)
        settle(0.25)
        figures[f"{name} s"] = time.perf_counter() - began - 0.25
        figures[f"{name} gap ms"] = gaps.stop() * 1000

    checked = lambda: window.batch.rowCount() == count and not window.checking()  # noqa: E731
    phase("check", lambda: window.add_paths([folder]), checked)
    figures["held MB"] = current_mb() - before_mb
    view = window.batch_view

    def filters() -> None:
        for index in range(window.status_filter.count()):
            window.status_filter.setCurrentIndex(index)
            QCoreApplication.processEvents()
        window.status_filter.setCurrentIndex(0)
        for text in ("00012", "科技", ""):
            window.search.setText(text)
            QCoreApplication.processEvents()

    def sorts() -> None:
        for column in range(window.batch.columnCount()):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                view.sortByColumn(column, order)
                QCoreApplication.processEvents()
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

    def dismissals() -> None:
        entries = [entry for entry in window.batch.entries() if entry.result and entry.result.findings][:100]
        for entry in entries:
            window.select_entry(entry)
            QCoreApplication.processEvents()
            window.dismiss_finding(0, "已核实")
            QCoreApplication.processEvents()
            if len(entry.result.findings) > 1:
                window.confirm_finding(1)  # 属实
                QCoreApplication.processEvents()

    phase("filter", filters)
    phase("sort", sorts)
    phase("dismiss", dismissals)
    window.batch_view.clearSelection()
    phase("re-check", window.recheck_selected, checked)
    exported: list[object] = []
    window.export_finished.connect(exported.append)
    phase("export", lambda: window.export(folder=work / f"导出{count}"), lambda: bool(exported))
    window.close()
    runner.shutdown()
    settle()

    runner = PoolRunner() if real else FakeRunner(fake_answers(files))
    reopened = MainWindow(Settings(store), runner, SilentPrompts(), review)  # type: ignore[arg-type]
    reopened.show()
    began = time.perf_counter()
    gaps.start()
    reopened.restore_session()
    run_until(lambda: reopened.batch.rowCount() == count and not reopened.checking())
    figures["open s"] = time.perf_counter() - began
    figures["open gap ms"] = gaps.stop() * 1000
    figures["re-checked on open"] = sum(1 for entry in reopened.batch.entries() if entry.ticket is not None)
    reopened.close()
    runner.shutdown()
    figures["peak MB"] = peak_mb()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--real", type=int, default=0, help="also run this many reports through real checks")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    sizes = [(int(size), False) for size in args.sizes.split(",") if size] + (
        [(args.real, True)] if args.real else []
    )
    with tempfile.TemporaryDirectory(prefix="bench-window-") as temporary:
        for count, real in sizes:
            figures = measure(count, real, Path(temporary))
            kind = "real checks" if real else "fake fast runner"
            print(f"\n{count} reports ({kind}):")
            for name, value in figures.items():
                print(f"  {name:22s} {value:10.1f}")
            worst = max(value for name, value in figures.items() if name.endswith("gap ms"))
            print(
                f"  largest gap {worst:.0f} ms (target {GAP_TARGET * 1000:.0f}) · "
                f"peak {figures['peak MB']:.0f} MB (target {MEMORY_TARGET}) · "
                f"review opens in {figures['open s']:.2f} s (target {OPEN_TARGET})"
            )
            sys.stdout.flush()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
