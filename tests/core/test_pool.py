"""Worker processes in input order (`app.core.pool`): outcomes in order, a dying worker's tasks run
again on their own, and a second death is that item's outcome."""

from __future__ import annotations

import os

from app.core import pool
from app.core.pool import ordered_map

KILLER = 3


def _square(number: int) -> int:
    return number * number


def _square_or_die(number: int) -> int:
    if number == KILLER:
        os._exit(1)  # what a reader crashing in C does to its process
    return number * number


def test_outcomes_come_in_input_order():
    assert list(ordered_map(_square, range(20), 2, died=lambda n: -1, ahead=3)) == [n * n for n in range(20)]


def test_a_task_that_kills_its_worker_is_its_own_outcome_and_the_others_survive():
    outcomes = list(ordered_map(_square_or_die, range(8), 2, died=lambda n: -n))
    assert outcomes == [-n if n == KILLER else n * n for n in range(8)]


def _process(_item: object) -> int:
    return os.getpid()


def test_one_worker_or_one_item_runs_in_this_process():
    assert list(ordered_map(_process, ["a"], 4, died=lambda _: 0)) == [os.getpid()]
    assert list(ordered_map(_process, ["a", "b"], 1, died=lambda _: 0)) == [os.getpid()] * 2
    assert os.getpid() not in ordered_map(_process, ["a", "b"], 2, died=lambda _: 0)


def test_no_more_than_ahead_items_are_in_flight(monkeypatch):
    in_flight, most = 0, 0
    submit, outcome = pool._Processes.submit, pool._Processes.outcome

    def counted_submit(self, fn, item):
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        return submit(self, fn, item)

    def counted_outcome(self, *args):
        nonlocal in_flight
        in_flight -= 1
        return outcome(self, *args)

    monkeypatch.setattr(pool._Processes, "submit", counted_submit)
    monkeypatch.setattr(pool._Processes, "outcome", counted_outcome)
    assert len(list(ordered_map(_square, range(50), 2, died=lambda n: -1, ahead=5))) == 50
    assert most == 5
