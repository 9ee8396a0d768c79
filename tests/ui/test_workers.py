"""The runners: synchronously inside qtbot.waitSignal, and on the real thread pool."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QThread

from app.core.check import check_file
from app.core.model import Result
from app.ui.workers import WORKER_DIED, PoolRunner, TaskRunner


def test_synchronous_runner_checks_a_file(qtbot, corpus_files: Path) -> None:
    runner = TaskRunner()
    results: list[Result] = []
    with qtbot.waitSignal(runner.task_done, timeout=5000) as blocker:
        ticket = runner.submit(check_file, corpus_files / "seed000-t3_cell.txt", on_done=results.append)
    assert blocker.args == [ticket]
    assert results[0].count("error") == 2
    assert runner.pending() == 0


def test_synchronous_runner_reports_errors(qtbot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def broken() -> None:
        raise OSError("无法写入")

    with qtbot.waitSignal(runner.idle, timeout=5000):
        runner.submit(broken, on_done=lambda _value: None, on_error=errors.append)
    assert isinstance(errors[0], OSError) and str(errors[0]) == "无法写入"


def test_pool_runner_checks_off_the_gui_thread(qtbot, corpus_files: Path) -> None:
    runner = PoolRunner()
    gui_thread = QThread.currentThread()
    threads: list[QThread] = []
    results: list[Result] = []

    def check(path: Path) -> Result:
        threads.append(QThread.currentThread())
        return check_file(path)

    files = sorted(corpus_files.glob("seed00[01]-*.txt"))
    with qtbot.waitSignal(runner.idle, timeout=20000):
        for path in files:
            runner.submit(check, path, on_done=results.append)
    assert len(results) == len(files)
    assert all(thread is not gui_thread for thread in threads)
    assert runner.pool.maxThreadCount() >= 1
    assert runner.shutdown()


def test_pool_runner_cancel_drops_pending_work(qtbot) -> None:
    runner = PoolRunner(threads=1)
    release = threading.Event()
    started: list[int] = []
    delivered: list[int] = []

    def job(n: int) -> int:
        started.append(n)
        release.wait(5)
        return n

    for n in range(20):
        runner.submit(job, n, on_done=delivered.append)
    qtbot.waitUntil(lambda: started == [0], timeout=5000)
    runner.cancel()
    release.set()
    assert runner.shutdown(5000)
    qtbot.wait(50)
    assert started == [0]  # the 19 queued jobs never ran
    assert delivered == []  # and the running one's result was ignored
    assert runner.pool.activeThreadCount() == 0


def test_pool_runner_refuses_work_after_shutdown(qtbot) -> None:
    runner = PoolRunner()
    assert runner.shutdown(1000)
    ran: list[int] = []
    runner.submit(lambda: ran.append(1), on_done=lambda _value: None)
    time.sleep(0.05)
    assert ran == [] and runner.pending() == 0


def test_isolated_tasks_run_in_a_worker_process(qtbot, corpus_files: Path) -> None:
    runner = PoolRunner()
    results: list[Result] = []
    with qtbot.waitSignal(runner.idle, timeout=60000):
        runner.submit(check_file, corpus_files / "seed000-t3_cell.txt", on_done=results.append, isolated=True)
        runner.submit(os.getpid, on_done=results.append, isolated=True)
    assert runner.shutdown(10000)
    checked = next(value for value in results if isinstance(value, Result))
    assert checked == check_file(corpus_files / "seed000-t3_cell.txt")  # the whole result crossed over
    assert next(value for value in results if isinstance(value, int)) != os.getpid()


def test_a_dying_worker_process_fails_only_its_task(qtbot, corpus_files: Path) -> None:
    runner = PoolRunner(threads=1)
    outcomes: list[object] = []
    with qtbot.waitSignal(runner.idle, timeout=60000):
        runner.submit(os._exit, 3, on_done=outcomes.append, on_error=outcomes.append, isolated=True)
        runner.submit(check_file, corpus_files / "seed001-clean.docx", on_done=outcomes.append, isolated=True)
    assert runner.shutdown(10000)
    died, checked = outcomes
    assert isinstance(died, RuntimeError) and str(died) == WORKER_DIED
    assert isinstance(checked, Result) and checked.error is None


def test_qt_calls_do_not_leak_references_to_singletons(qapp) -> None:
    """PySide6 6.12.0 dropped a reference to None on every void call and to True on every emit, which
    aborts Python 3.11 after a few thousand calls; the pinned version must not."""
    runner = TaskRunner()
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        runner.idle.emit()
        runner.setObjectName("runner")
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert after[0] > before[0] - 100 and after[1] > before[1] - 100
