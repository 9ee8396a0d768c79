"""The review file: written whole once then only what changed, read back with results and decisions,
older JSON reviews still read, damaged files told in plain words."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.core.check import check_compact
from app.core.session import Entry, ReviewSession
from app.core.session.store import (
    FORMAT,
    JSON_VERSION,
    ReviewFileError,
    ReviewStore,
    read_review,
    write_review,
)
from tests.fixtures.crossyear_pairs import CORPUS


def _session(tmp_path: Path, count: int) -> ReviewSession:
    session = ReviewSession()
    source = (CORPUS / "seed000-t3_cell.txt").read_bytes()
    result_of = {}
    for n in range(count):
        path = tmp_path / f"报告{n:03d}.txt"
        path.write_bytes(source)
        entry = Entry(path)
        session.add([entry])
        result_of[n] = check_compact(path)
        session.take_result(entry, result_of[n])
    return session


def _rows_written(store: ReviewStore) -> int:
    return store._db.total_changes if store._db is not None else 0  # noqa: SLF001 (what a save cost)


def test_saving_writes_only_what_changed(tmp_path: Path) -> None:
    session = _session(tmp_path, 30)
    review = tmp_path / "检查记录.review"
    store = ReviewStore(review)
    store.save(session)  # the first save writes the whole review
    before = _rows_written(store)
    entry = session.entry(7)
    session.dismiss(entry, 0, "已与单位核实")
    store.save(session)
    assert _rows_written(store) - before <= 1 + 4  # that report's row, and the meta rows
    session.remove([session.entry(3)])
    store.save(session)
    saved = read_review(review)
    assert len(saved.reports) == 29
    [changed] = [report for report in saved.reports if report.path == entry.path]
    assert [state.reason for state in changed.dismissed] == ["已与单位核实"]
    assert changed.result == entry.result  # the compact result comes back as it was saved
    assert [report.path.name for report in saved.reports][:4] == [
        "报告000.txt",
        "报告001.txt",
        "报告002.txt",
        "报告004.txt",
    ]


def test_a_review_written_whole_is_read_back_whole(tmp_path: Path) -> None:
    session = _session(tmp_path, 3)
    session.dismiss(session.entry(1), 1, "无误")
    review = tmp_path / "交接.review"
    from app.core.session.store import saved_report

    write_review(review, [saved_report(entry) for entry in session.entries()], round_=2)
    saved = read_review(review)
    assert saved.round == 2
    assert [report.result for report in saved.reports] == [entry.result for entry in session.entries()]
    assert [len(report.dismissed) for report in saved.reports] == [0, 1, 0]


def test_a_review_of_an_earlier_version_is_read(tmp_path: Path) -> None:
    review = tmp_path / "当前检查记录.json"
    item = {
        "path": str(tmp_path / "a.txt"),
        "dismissed": [{"rule": "A301", "message": "甲", "reason": "无误", "index": 2}],
    }
    review.write_text(json.dumps({"format": FORMAT, "version": JSON_VERSION, "reports": [item]}), "utf-8")
    [report] = read_review(review).reports
    assert report.result is None and [(s.rule, s.reason, s.index, s.dismissed) for s in report.states] == [
        ("A301", "无误", 2, True)
    ]


@pytest.mark.parametrize(
    "content, words",
    [
        (b"SQLite format 3\x00" + b"\x00" * 200, "已损坏"),
        (b'{"format": "nianbao-checker-review", "version": 1, "reports": [{"pa', "已损坏"),
        (b"[1, 2]", "这不是年报检查器的检查记录文件"),
        (b"\xff\xfe\x00", "已损坏"),
    ],
)
def test_a_damaged_review_is_told_in_plain_words(tmp_path: Path, content: bytes, words: str) -> None:
    review = tmp_path / "坏.review"
    review.write_bytes(content)
    with pytest.raises(ReviewFileError, match=words):
        read_review(review)
    assert review.read_bytes() == content  # reading never changes it


def test_a_database_of_another_version_is_not_read(tmp_path: Path) -> None:
    review = tmp_path / "新版.review"
    with sqlite3.connect(review) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("version", "99"), ("app_version", "9.0")]
        )
    db.close()
    with pytest.raises(ReviewFileError, match="另一个版本"):
        read_review(review)


def test_a_failed_save_keeps_the_last_review(tmp_path: Path) -> None:
    session = _session(tmp_path, 2)
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("x")
    with pytest.raises(OSError, match="无法写入"):
        ReviewStore(blocker / "检查记录.review").save(session)
    assert blocker.read_text() == "x"
