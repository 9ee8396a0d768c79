"""A new version of a report (same body and year, another file) found and moved beside the one it
replaces, in the Qt-free session: rows renumbered, nothing else moved."""

from __future__ import annotations

from pathlib import Path

from app.core.model import Report, Result
from app.core.session import Entry, ReviewSession


def _checked(name: str, body: str | None, year: int | None = 2022) -> Entry:
    entry = Entry(Path(name))
    entry.take_result(Result(path=name, kind="txt", report=Report(body=body, year=year)))
    return entry


def test_the_predecessor_is_the_first_earlier_report_of_the_same_body_and_year() -> None:
    session = ReviewSession()
    old, other, older_year, new = (
        _checked("2022年报.pdf", "遂平县科技和工业信息化局"),
        _checked("附件1.docx", "西平县科技和工业信息化局"),
        _checked("2021年报.pdf", "遂平县科技和工业信息化局", 2021),
        _checked("修改后.docx", "遂平县 科技和工业信息化局"),  # the same body, written loosely
    )
    unknown = _checked("无单位.txt", None)
    session.add([old, other, older_year, new, unknown])
    assert session.predecessor(new) is old
    assert session.predecessor(old) is None and session.predecessor(older_year) is None
    assert session.predecessor(unknown) is None


def test_moving_after_renumbers_the_rows_between() -> None:
    session = ReviewSession()
    entries = [_checked(f"{n}.txt", f"单位{n}") for n in range(5)]
    session.add(entries)
    session.move_after(entries[4], entries[1])
    assert [entry.path.name for entry in session.entries()] == ["0.txt", "1.txt", "4.txt", "2.txt", "3.txt"]
    assert [entry.row for entry in session.entries()] == [0, 1, 2, 3, 4]
    session.move_after(entries[0], entries[3])  # downwards too
    assert [entry.path.name for entry in session.entries()] == ["1.txt", "4.txt", "2.txt", "3.txt", "0.txt"]
    assert all(session.contains(entry) for entry in entries)
