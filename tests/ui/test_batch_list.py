"""The report list at a province's size: its sorted and filtered view follows every change exactly, and
the work one update does (rows worked out, whole-list passes, model resets, rows the view asks for)
does not grow with the batch. Counted, not timed: bench/bench_window.py has the times."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from app.core.model import Finding, Result
from app.core.session import Entry, Status
from app.ui.batch_model import STATUS_FILTERS, BatchFilter, BatchModel, sort_key
from app.ui.batch_panel import BatchPanel

ASCENDING, DESCENDING = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def _result(name: str, errors: int, warnings: int = 0, error: str | None = None) -> Result:
    findings = [Finding("A301", "arithmetic", "error", f"错{n}") for n in range(errors)]
    findings += [Finding("L201", "layout", "warning", f"警{n}") for n in range(warnings)]
    return Result(path=name, kind="txt", error=error, findings=tuple(findings))


def _random_result(rng: random.Random, name: str) -> Result:
    if rng.random() < 0.1:
        return _result(name, 0, error="文件已损坏")
    return _result(name, rng.choice((0, 0, 1, 2, 5)), rng.choice((0, 1)))


def _shown(proxy: BatchFilter) -> list[Entry]:
    return [proxy.entry_at(row) for row in range(proxy.rowCount())]


def _expected(model: BatchModel, column: int, order: Qt.SortOrder, statuses, text: str) -> list[Entry]:  # noqa: ANN001
    """The list as it should read, worked out from scratch."""
    entries = [
        entry
        for entry in model.entries()
        if (statuses is None or entry.status in statuses) and text.casefold() in entry.path.name.casefold()
    ]
    if column < 0:
        return entries
    ordered = sorted(enumerate(entries), key=lambda item: (sort_key(item[1], column), item[0]))
    ordered = [entry for _number, entry in ordered]
    return ordered[::-1] if order == DESCENDING else ordered


@pytest.mark.parametrize(("steps", "tested"), [(250, False), (40, True)])
def test_the_sorted_filtered_list_follows_every_change(qtmodeltester, qapp, steps: int, tested: bool) -> None:
    """A random walk of adds, results, re-checks, dismissals, removals, moves, sorts and filters: the
    list reads as worked out from scratch, and a held row follows its report. The shorter walk runs
    under Qt's model tester (which checks every signal, too slow for the longer one)."""
    rng = random.Random(22)
    model = BatchModel()
    proxy = BatchFilter()
    proxy.setSourceModel(model)
    if tested:
        qtmodeltester.check(proxy)
    names = iter(f"{rng.choice('甲乙丙丁')}{number:04d}.txt" for number in range(10_000))
    column, order, statuses, text = -1, ASCENDING, None, ""
    selected = None  # an entry held by a persistent index, as the view's selection holds it
    held = QPersistentModelIndex(QModelIndex())
    for _step in range(steps):
        action = rng.random()
        if action < 0.25 or not model.rowCount():
            model.add([Entry(Path(next(names))) for _ in range(rng.choice((1, 1, 3, 80)))])
        elif action < 0.55:  # results arrive (or a re-check starts) for some rows
            entries = rng.sample(model.entries(), min(model.rowCount(), rng.choice((1, 2, 5, 100))))
            for entry in entries:
                if entry.result is None:
                    entry.result = _random_result(rng, entry.path.name)
                elif rng.random() < 0.5:
                    entry.start_check()
                elif entry.result.findings:
                    entry.dismiss(0, "无误")
            model.changed(entries)
        elif action < 0.65:
            model.remove(rng.sample(model.entries(), min(model.rowCount(), rng.choice((1, 4)))))
        elif action < 0.7 and model.rowCount() > 2:
            entry, anchor = rng.sample(model.entries(), 2)
            model.move_after(entry, anchor)
        elif action < 0.8:
            column, order = rng.randrange(-1, model.columnCount()), rng.choice((ASCENDING, DESCENDING))
            proxy.sort(column, order)
        elif action < 0.9:
            statuses = rng.choice(list(STATUS_FILTERS.values()))
            proxy.set_statuses(statuses)
        else:
            text = rng.choice(("", "甲", "乙0", "00"))
            proxy.set_text(text)
        if selected is None and proxy.rowCount():
            held_row = rng.randrange(proxy.rowCount())
            selected, held = proxy.entry_at(held_row), QPersistentModelIndex(proxy.index(held_row, 0))
        order_seen = order if column >= 0 else ASCENDING
        assert _shown(proxy) == _expected(model, column, order_seen, statuses, text)
        if selected is not None:
            row = proxy.row_of(selected)
            if row is None:  # filtered out or removed: the persistent index let go of it
                assert not held.isValid()
                selected = None
            else:
                assert held.isValid() and held.row() == row
    assert model.rowCount() > steps // 2


class CountingModel(BatchModel):
    """The batch list counting what the view asks of it."""

    asked = 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
        CountingModel.asked += 1
        return super().data(index, role)


def _work_of_one_update(size: int, column: int) -> dict[str, int]:
    """The work a shown list does for one report's result, with `size` reports in it."""
    model = CountingModel()
    panel = BatchPanel(model, [])
    panel.resize(640, 480)
    panel.show()
    entries = [Entry(Path(f"{number:05d}.txt")) for number in range(size)]
    model.add(entries)
    for number, entry in enumerate(entries):
        entry.result = _result(entry.path.name, number % 3, number % 2)
    model.changed(entries)
    panel.view.sortByColumn(column, ASCENDING)
    panel.proxy.set_statuses(None)
    for _ in range(5):
        QCoreApplication.processEvents()
    signals = {"resets": 0, "layouts": 0, "changed ranges": 0, "moves": 0}
    proxy = panel.proxy
    proxy.modelReset.connect(lambda: signals.__setitem__("resets", signals["resets"] + 1))
    proxy.layoutChanged.connect(lambda *_: signals.__setitem__("layouts", signals["layouts"] + 1))
    proxy.dataChanged.connect(lambda *_: signals.__setitem__("changed ranges", signals["changed ranges"] + 1))
    proxy.rowsMoved.connect(lambda *_: signals.__setitem__("moves", signals["moves"] + 1))
    faces, rebuilds = model.faces_made, proxy.rebuilds
    CountingModel.asked = 0
    middle = entries[size // 2]
    middle.start_check()  # re-checked: 检查中, then its result
    model.changed([middle])
    middle.take_result(_result(middle.path.name, 4))
    model.changed([middle])
    panel.view._relayout()  # the columns follow (the timer's work, done now)
    for _ in range(5):
        QCoreApplication.processEvents()
    panel.close()
    return {
        **signals,
        "rows worked out": model.faces_made - faces,
        "whole-list passes": proxy.rebuilds - rebuilds,
        "asked by the view": CountingModel.asked,
    }


@pytest.mark.parametrize("column", [-1, BatchModel.STATUS])
def test_an_update_costs_the_same_at_100_and_1000_reports(qapp, column: int) -> None:
    small, large = _work_of_one_update(100, column), _work_of_one_update(1_000, column)
    assert small["resets"] == small["layouts"] == small["whole-list passes"] == 0
    assert small["rows worked out"] <= 2 + 500 // 100  # the entry twice (+ the width sample's share)
    assert large == small


def test_sorting_and_filtering_the_list_ask_nothing_of_qt_per_comparison(qapp) -> None:
    model = CountingModel()
    proxy = BatchFilter()
    proxy.setSourceModel(model)
    entries = [Entry(Path(f"{number:05d}.txt"), _result(str(number), number % 4)) for number in range(2_000)]
    model.add(entries)
    CountingModel.asked = 0
    faces = model.faces_made
    proxy.sort(BatchModel.STATUS, DESCENDING)
    proxy.set_statuses(frozenset({Status.PROBLEMS}))
    proxy.set_text("01")
    proxy.sort(BatchModel.FILE, ASCENDING)
    assert CountingModel.asked == 0  # keys come from the rows' faces, not through Qt
    assert model.faces_made == faces  # and each face was worked out once, when it was first shown
    assert all(entry.status is Status.PROBLEMS and "01" in entry.path.name for entry in _shown(proxy))
