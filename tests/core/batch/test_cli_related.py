"""`check --json` on a folder holding several years of one body: chain findings carry related_file."""

from __future__ import annotations

import io
import json

from app.cli import run_check
from app.core.batch.rules import (
    CHAIN_BROKEN,
    COPIED_TABLES,
    COPIED_TEXT,
    DUPLICATE,
    IN_FORCE_BREAK,
    NOT_COMPARABLE,
)
from tests.fixtures.crossyear_pairs import earlier_text, later_text, write_pair


def test_related_file_on_chain_findings_and_null_on_all_others(tmp_path):
    folder = tmp_path / "各年度年报"
    first, second = write_pair(folder, earlier_text(), later_text(carried_in=(0, 2, 0, 0, 0, 0, 2)))
    # 2024 carries 2023's 3 in (holds) but repeats 2023's 现行有效件数 (40, where 40 + 5 − 2 = 43).
    (folder / "2024.txt").write_text(later_text(year=2024), encoding="utf-8")
    out = io.StringIO()
    status = run_check(["--json", str(folder)], out)
    reports = {report["file"]: report for report in json.loads(out.getvalue())["reports"]}
    assert status == 1  # the broken chain is an error
    chain = [f for f in reports[str(second)]["findings"] if f["rule"] == CHAIN_BROKEN.id]
    assert {f["column"] for f in chain} == {"商业企业", "总计"}
    assert {f["related_file"] for f in chain} == {str(first)}
    for report in reports.values():
        for finding in report["findings"]:
            assert "related_file" in finding
            cross = (CHAIN_BROKEN, IN_FORCE_BREAK, NOT_COMPARABLE, DUPLICATE, COPIED_TEXT, COPIED_TABLES)
            if finding["rule"] in {rule.id for rule in cross}:
                assert finding["related_file"] in reports and finding["related_file"] != report["file"]
            else:
                assert finding["related_file"] is None, finding
    latest = reports[str(folder / "2024.txt")]["findings"]
    assert not [f for f in latest if f["rule"] == CHAIN_BROKEN.id]
    # Both rows repeat last year: 规章 40 (43 expected) and 行政规范性文件 4 (8 expected).
    assert [f["related_file"] for f in latest if f["rule"] == IN_FORCE_BREAK.id] == [str(second)] * 2
