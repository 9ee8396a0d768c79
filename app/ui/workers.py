"""Running work off the GUI thread, with results delivered back on it.

`TaskRunner.submit(fn, *args, on_done=..., on_error=..., isolated=False)` runs `fn(*args)` and calls
`on_done(value)` or `on_error(exception)` on the GUI thread. The window is given a runner, it does not
make one:

- `TaskRunner` itself runs each task at once on the calling thread: the synchronous runner for tests.
- `PoolRunner` runs tasks on its own QThreadPool (one thread per CPU); results come back through a
  queued signal. `cancel()` drops the tasks that have not started and forgets every callback;
  `shutdown()` also waits for the running ones, so closing the window mid-batch never crashes.

An `isolated` task (reading and checking a report) runs in a worker process, driven by its pool
thread. Python threads share one interpreter lock: with the checks on threads alone, every paint of
the window waited for the workers and the list stuttered for up to a second in a 100-file batch;
in processes the checks also use every core, and a reader crashing on a malformed file takes down a
worker process, not the window. If a worker process dies, the pool is renewed and the task retried
once; a second death is reported as that file's error.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.core.pool import WORKER_DIED  # the words the command line uses too

log = logging.getLogger(__name__)

DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
Call = Callable[[Callable[..., Any], tuple[Any, ...]], Any]


class _Relay(QObject):
    """Carries a task's outcome from whichever thread ran it to the runner's thread."""

    finished = Signal(int, object)  # ticket, value
    failed = Signal(int, object)  # ticket, exception


class _Task(QRunnable):
    def __init__(
        self,
        ticket: int,
        call: Call,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        relay: _Relay,
        cancelled: threading.Event,
    ) -> None:
        super().__init__()
        self.ticket = ticket
        self._call = call
        self._fn = fn
        self._args = args
        self._relay = relay
        self._cancelled = cancelled

    def run(self) -> None:
        if self._cancelled.is_set():
            return
        try:
            value = self._call(self._fn, self._args)
        except Exception as error:  # reported to the caller; one bad task never stops the others
            log.exception("background task failed")
            self._relay.failed.emit(self.ticket, error)
            return
        self._relay.finished.emit(self.ticket, value)


def _call_here(fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    return fn(*args)


class TaskRunner(QObject):
    """Runs each task immediately on the calling thread (the synchronous runner used in tests)."""

    task_done = Signal(int)  # ticket; emitted after the task's callback ran
    idle = Signal()  # no task left waiting for its callback

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tickets = itertools.count(1)
        self._callbacks: dict[int, tuple[DoneCallback, ErrorCallback | None]] = {}
        self._cancelled = threading.Event()
        self._closed = False
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._relay.failed.connect(self._deliver_error)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: DoneCallback,
        on_error: ErrorCallback | None = None,
        isolated: bool = False,
    ) -> int:
        """Run `fn(*args)` (in a worker process when `isolated`); returns a ticket for `forget`.

        An isolated task's function, arguments and value must pickle."""
        ticket = next(self._tickets)
        if self._closed:
            return ticket
        self._callbacks[ticket] = (on_done, on_error)
        call = self._call_isolated if isolated else _call_here
        self._start(_Task(ticket, call, fn, args, self._relay, self._cancelled))
        return ticket

    def _start(self, task: _Task) -> None:
        task.run()

    def _call_isolated(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        return fn(*args)

    def pending(self) -> int:
        """Tasks submitted whose callback has not run yet."""
        return len(self._callbacks)

    def forget(self, ticket: int) -> None:
        """Ignore the outcome of one task (its file was removed from the batch)."""
        if self._callbacks.pop(ticket, None) is not None and not self._callbacks:
            self.idle.emit()

    def cancel(self) -> None:
        """Drop every task not started yet and ignore the outcome of the running ones."""
        self._cancelled.set()
        self._cancelled = threading.Event()  # tasks submitted from now on run normally
        had_work = bool(self._callbacks)
        self._callbacks.clear()
        if had_work:
            self.idle.emit()

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Cancel, refuse new tasks and wait for the running ones; False on timeout."""
        self._closed = True
        self.cancel()
        return True

    def _deliver(self, ticket: int, value: object) -> None:
        callbacks = self._callbacks.pop(ticket, None)
        if callbacks is None or self._closed:
            return
        callbacks[0](value)
        self._after(ticket)

    def _deliver_error(self, ticket: int, error: object) -> None:
        callbacks = self._callbacks.pop(ticket, None)
        if callbacks is None or self._closed:
            return
        on_error = callbacks[1]
        if on_error is not None:
            on_error(error if isinstance(error, BaseException) else RuntimeError(str(error)))
        self._after(ticket)

    def _after(self, ticket: int) -> None:
        self.task_done.emit(ticket)
        if not self._callbacks:
            self.idle.emit()


class PoolRunner(TaskRunner):
    """Runs tasks on its own thread pool, one thread per CPU; isolated tasks in worker processes."""

    def __init__(
        self, parent: QObject | None = None, threads: int | None = None, processes: bool = True
    ) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(1, threads or os.cpu_count() or 2))
        self._use_processes = processes
        self._executor: ProcessPoolExecutor | None = None
        self._executor_lock = threading.Lock()

    def _start(self, task: _Task) -> None:
        self.pool.start(task)

    def _call_isolated(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        if not self._use_processes:
            return fn(*args)
        for attempt in (1, 2):
            executor = self._processes()
            if executor is None:  # shutting down
                raise RuntimeError("已停止")
            try:
                future: Future[Any] = executor.submit(fn, *args)
                return future.result()
            except BrokenProcessPool:
                log.warning("a worker process died (attempt %d)", attempt)
                self._renew(executor)
        raise RuntimeError(WORKER_DIED)

    def _processes(self) -> ProcessPoolExecutor | None:
        with self._executor_lock:
            if self._closed:
                return None
            if self._executor is None:
                # spawn everywhere: forking a process that runs Qt threads is unsafe
                self._executor = ProcessPoolExecutor(
                    max_workers=self.pool.maxThreadCount(), mp_context=multiprocessing.get_context("spawn")
                )
            return self._executor

    def _renew(self, broken: ProcessPoolExecutor) -> None:
        with self._executor_lock:
            if self._executor is broken:
                self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def cancel(self) -> None:
        self.pool.clear()  # queued tasks are dropped before they start
        super().cancel()

    def shutdown(self, timeout_ms: int = -1) -> bool:
        super().shutdown(timeout_ms)
        with self._executor_lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        done = self.pool.waitForDone(timeout_ms)
        if executor is not None and done:
            executor.shutdown(wait=True)
        return done
