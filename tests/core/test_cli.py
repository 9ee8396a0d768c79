"""The command line: JSON shape, readable text, exit statuses."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from app.cli import run_check
from tests.conftest import CORPUS

ROOT = Path(__file__).resolve().parents[2]


def test_json_shape_and_exit_status():
    out = io.StringIO()
    status = run_check(["--json", str(CORPUS / "files" / "seed000-t3_cell.txt")], out)
    data = json.loads(out.getvalue())
    [report] = data["reports"]
    assert set(report) >= {"file", "format", "title", "year", "layout", "error", "findings"}
    assert (report["format"], report["year"], report["layout"], report["error"]) == (
        "txt",
        2022,
        "F2021",
        None,
    )
    for finding in report["findings"]:
        assert set(finding) == {
            "rule",
            "category",
            "severity",
            "message",
            "section",
            "table",
            "row",
            "column",
            "expected",
            "found",
            "location",
            "related_file",
        }
    assert status == 1


def test_clean_report_exits_zero_and_prints_chinese():
    out = io.StringIO()
    status = run_check([str(CORPUS / "seeds" / "001_4b40133624080b57.txt")], out)
    assert status == 0
    assert "2021年格式" in out.getvalue()


def test_folder_argument_and_unreadable_file(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    out = io.StringIO()
    status = run_check(["--json", str(tmp_path)], out)
    [report] = json.loads(out.getvalue())["reports"]
    assert report["error"] and status == 1


def test_usage_error_exits_two():
    completed = subprocess.run(
        [sys.executable, "-m", "app", "check"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 2


def test_version():
    completed = subprocess.run(
        [sys.executable, "-m", "app", "--version"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0 and "年报检查器" in completed.stdout
