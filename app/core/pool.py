"""Work on every core, its outcomes in input order: the command line's worker processes.

`ordered_map(fn, items, workers, died)` runs `fn(item)` in `workers` spawned processes (the window's
pool spawns too: a reader crashing on a malformed file takes down a worker, not the caller) and yields
the outcomes in the order of `items`, as soon as each one and all before it are done. Only a window of
`ahead` items is in flight or waiting to be yielded, so the caller's memory does not grow with the count.

When a worker process dies, every task it shared the pool with fails with it: each is run once more on
its own, in a one-process pool, and a second death is that item's outcome `died(item)`. With one worker
(or one item) the work runs in the calling process, with no start-up cost.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TypeVar

log = logging.getLogger(__name__)

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

WORKER_DIED = "检查这个文件时，后台检查进程意外退出（文件可能已损坏或格式异常）。"


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def _leave_interrupts_to_the_caller() -> None:
    """Ctrl+C in a console reaches every process of the group: a worker ignores it (no traceback of
    its own) and the caller, which decides what an interruption means, stops the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _starting_workers() -> Iterator[None]:
    """Around a submit, which may start a worker process: Ctrl+C ignored for that moment, so the
    process starts with it ignored (Python keeps an ignored SIGINT ignored) and a Ctrl+C while it is
    still starting up prints no traceback from it. Only the main thread may change signal handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Processes:
    """A spawned process pool renewed when it breaks, and a one-process pool for the retries."""

    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._context = multiprocessing.get_context("spawn")  # forking a process with threads is unsafe
        self._shared: ProcessPoolExecutor | None = None
        self._alone: ProcessPoolExecutor | None = None

    def submit(self, fn: Callable[[Item], Outcome], item: Item) -> Future[Outcome]:
        for _attempt in (1, 2):
            if self._shared is None:
                self._shared = ProcessPoolExecutor(
                    self._workers, mp_context=self._context, initializer=_leave_interrupts_to_the_caller
                )
            try:
                with _starting_workers():
                    return self._shared.submit(fn, item)
            except BrokenProcessPool:
                self._drop_shared()
        raise BrokenProcessPool("the pool broke as it was renewed")

    def outcome(
        self,
        fn: Callable[[Item], Outcome],
        item: Item,
        future: Future[Outcome],
        died: Callable[[Item], Outcome],
    ) -> Outcome:
        try:
            return future.result()
        except BrokenProcessPool:
            log.warning("a worker process died; running its task again on its own")
            self._drop_shared()
        if self._alone is None:
            self._alone = ProcessPoolExecutor(
                1, mp_context=self._context, initializer=_leave_interrupts_to_the_caller
            )
        try:
            with _starting_workers():
                retried = self._alone.submit(fn, item)
            return retried.result()
        except BrokenProcessPool:
            log.warning("a worker process died twice on the same task")
            self._alone.shutdown(wait=False, cancel_futures=True)
            self._alone = None
            return died(item)

    def _drop_shared(self) -> None:
        if self._shared is not None:
            self._shared.shutdown(wait=False, cancel_futures=True)
            self._shared = None

    def close(self) -> None:
        for executor in (self._shared, self._alone):
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
        self._shared = self._alone = None


def ordered_map(
    fn: Callable[[Item], Outcome],
    items: Iterable[Item],
    workers: int,
    died: Callable[[Item], Outcome],
    ahead: int = 0,
) -> Iterator[Outcome]:
    """`fn(item)` for every item, in worker processes, yielded in input order (see the module's
    docstring). `fn` and the items must pickle; `ahead` (default: four per worker) bounds the items
    in flight."""
    items = list(items) if not isinstance(items, list) else items
    if workers <= 1 or len(items) <= 1:
        for item in items:
            yield fn(item)
        return
    processes = _Processes(min(workers, len(items)))
    waiting: deque[tuple[Item, Future[Outcome]]] = deque()
    limit = max(ahead or workers * 4, workers)
    try:
        for item in items:
            waiting.append((item, processes.submit(fn, item)))
            if len(waiting) >= limit:
                yield processes.outcome(fn, *waiting.popleft(), died)
        while waiting:
            yield processes.outcome(fn, *waiting.popleft(), died)
    finally:
        processes.close()
