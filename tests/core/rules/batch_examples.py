"""Examples for every cross-report rule: batches on which it must fire on one report, and must not.

Each batch is made from the generator of one body's consecutive years (tests/fixtures/crossyear_pairs),
so each example is a realistic pair (or trio) of whole reports with one thing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.check import check_batch, check_file
from app.core.model import Result
from tests.fixtures.copy_pairs import copy_pair, same_tables_pair
from tests.fixtures.crossyear_pairs import earlier_text, later_text

# The later year's 上年结转 says 2 where the earlier year carried 3 (商业企业, so 总计 too).
BROKEN_CARRY = (0, 2, 0, 0, 0, 0, 2)


@dataclass(frozen=True)
class BatchExample:
    description: str
    texts: tuple[Callable[[], str], ...]
    target: int  # the report of the batch the rule must (or must not) speak on

    def run(self, tmp_path: Path) -> Result:
        paths = []
        for number, text in enumerate(self.texts):
            path = tmp_path / f"report{number}.txt"
            path.write_text(text(), encoding="utf-8")
            paths.append(path)
        return check_batch([check_file(path) for path in paths])[self.target]


def _not_a_number_carried_in() -> str:
    return later_text().replace(
        "上年结转政府信息公开申请数量\t\t0\t3", "上年结转政府信息公开申请数量\t\t0\t见附件", 1
    )


CONSISTENT = BatchExample("a consistent pair", (earlier_text, later_text), target=1)
CONSISTENT_EARLIER = BatchExample("a consistent pair, earlier report", (earlier_text, later_text), target=0)

BATCH_EXAMPLES: dict[str, tuple[list[BatchExample], list[BatchExample]]] = {
    "C530": (
        [BatchExample("上年结转 differs", (earlier_text, lambda: later_text(carried_in=BROKEN_CARRY)), 1)],
        [
            CONSISTENT,
            BatchExample(
                "the earlier report of a broken pair",
                (earlier_text, lambda: later_text(carried_in=BROKEN_CARRY)),
                0,
            ),
        ],
    ),
    "C531": (
        [
            BatchExample(
                "现行有效件数 one too many",
                (earlier_text, lambda: later_text().replace("规章\t5\t2\t40", "规章\t5\t2\t41")),
                1,
            )
        ],
        [CONSISTENT],
    ),
    "C532": (
        [BatchExample("one year twice", (earlier_text, earlier_text), 0)],
        [CONSISTENT, CONSISTENT_EARLIER],
    ),
    "C533": (
        [
            BatchExample(
                "the narrative 80% last year's",
                (lambda: copy_pair(0.8)[0], lambda: copy_pair(0.8)[1]),
                1,
            )
        ],
        [
            BatchExample("30% repeated", (lambda: copy_pair(0.3)[0], lambda: copy_pair(0.3)[1]), 1),
            BatchExample(
                "the earlier report of a copy", (lambda: copy_pair(1.0)[0], lambda: copy_pair(1.0)[1]), 0
            ),
        ],
    ),
    "C534": (
        [
            BatchExample(
                "tables 二–四 as last year's",
                (lambda: same_tables_pair()[0], lambda: same_tables_pair()[1]),
                1,
            )
        ],
        [
            CONSISTENT,
            BatchExample(
                "the earlier report", (lambda: same_tables_pair()[0], lambda: same_tables_pair()[1]), 0
            ),
        ],
    ),
    "P650": (
        [BatchExample("a carried-in cell that is text", (earlier_text, _not_a_number_carried_in), 1)],
        [CONSISTENT],
    ),
    "P651": (
        [BatchExample("no year read", (earlier_text, lambda: later_text().replace("2023年", "本年度")), 1)],
        [CONSISTENT, BatchExample("a report alone", (lambda: later_text().replace("2023年", "本年度"),), 0)],
    ),
}
