"""`check --review FILE`: the command line's rounds in the review file the window keeps — the JSON
fields (`round`, `fixed`, `since_last`), the Word copy's first summary line, the workbook's 本轮 column."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
from openpyxl import load_workbook

from app.cli import run_check
from app.core.session.store import read_review
from tests.core.session.test_rounds import ROUNDS, write


def _run(*args: str) -> tuple[int, dict]:
    out = io.StringIO()
    status = run_check(["--json", *args], out)
    return status, json.loads(out.getvalue())


def _only(data: dict) -> dict:
    (report,) = data["reports"]
    return report


def test_three_rounds_on_the_command_line(tmp_path: Path) -> None:
    report = write(tmp_path / "报告.txt", ROUNDS[0])
    review = tmp_path / "检查记录.review"

    _, data = _run("--review", str(review), str(report))
    first = _only(data)
    assert first["round"] == 1 and first["fixed"] == []
    assert [f["since_last"] for f in first["findings"]] == [None, None]
    assert review.exists() and len(read_review(review).reports) == 1

    _, data = _run("--review", str(review), str(report))  # the same file again: still round 1
    assert _only(data)["round"] == 1

    write(report, ROUNDS[1])
    exports = tmp_path / "导出"
    _, data = _run("--review", str(review), "--export-dir", str(exports), str(report))
    second = _only(data)
    assert second["round"] == 2
    assert {f["rule"]: f["since_last"] for f in second["findings"]} == {"V403": "remaining", "V404": "new"}
    assert [(f["rule"], f["row"]) for f in second["fixed"]] == [("V402", "规章")]
    assert set(second["fixed"][0]) >= {"rule", "message", "table", "row", "column", "location"}

    (copy,) = exports.glob("*.docx")
    lines = [p.text for p in docx.Document(str(copy)).paragraphs[:3]]
    assert lines[1] == "第2次检查：上次的 2 个问题已改正 1 个，仍有 1 个，新发现 1 个"
    book = load_workbook(next(exports.glob("*.xlsx")))
    rows = list(book["问题"].iter_rows(values_only=True))
    assert rows[0][-1] == "本轮"
    assert sorted((row[1], row[-1]) for row in rows[1:]) == [
        ("V402", "已改正"),
        ("V403", "仍存在"),
        ("V404", "新出现"),
    ]

    write(report, ROUNDS[2])
    status, data = _run("--review", str(review), str(report))
    third = _only(data)
    assert third["round"] == 3 and third["findings"] == [] and status == 0
    assert sorted(f["rule"] for f in third["fixed"]) == ["V403", "V404"]
    (saved,) = read_review(review).reports
    assert saved.trail.number == 3 and [line.number for line in saved.trail.history] == [1, 2]


def test_a_corrected_version_under_another_name_is_the_next_round(tmp_path: Path) -> None:
    review = tmp_path / "检查记录.review"
    old = write(tmp_path / "报告.txt", ROUNDS[0])
    _run("--review", str(review), str(old))
    new = write(tmp_path / "报告（修改稿）.txt", ROUNDS[1])
    _, data = _run("--review", str(review), str(new))
    report = _only(data)
    assert report["round"] == 2 and [f["rule"] for f in report["fixed"]] == ["V402"]
    assert len(read_review(review).reports) == 2  # the review holds both versions


def test_a_review_file_that_cannot_be_read_is_said_plainly(tmp_path: Path, capsys) -> None:
    review = tmp_path / "坏.review"
    review.write_bytes(b"not a review")
    report = write(tmp_path / "报告.txt", ROUNDS[0])
    status = run_check(["--review", str(review), str(report)], io.StringIO())
    assert status == 2
    assert "无法使用检查记录" in capsys.readouterr().err
    assert review.read_bytes() == b"not a review"


def test_without_a_review_the_json_is_as_before(tmp_path: Path) -> None:
    report = write(tmp_path / "报告.txt", ROUNDS[0])
    _, data = _run(str(report))
    assert "round" not in _only(data) and "since_last" not in _only(data)["findings"][0]
