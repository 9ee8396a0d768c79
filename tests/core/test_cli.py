"""The command line: JSON shape, readable text, exit statuses."""

from __future__ import annotations

import io
import json
import os
import resource
import signal
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


# --- output the console cannot show, odd names, exit statuses, failures told without a traceback -----

REPORT = CORPUS / "files" / "seed000-t3_cell.txt"  # has error-level findings: exit status 1
CLEAN = CORPUS / "seeds" / "001_4b40133624080b57.txt"


def _run(args: list[str], encoding: str | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": encoding or "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "app", "check", *args],
        cwd=ROOT,
        capture_output=True,
        env=env,
        timeout=120,
        **kwargs,
    )


def test_json_is_utf8_bytes_even_on_a_gbk_console(tmp_path):
    path = tmp_path / "年报📄.txt"
    path.write_bytes(REPORT.read_bytes())
    completed = _run(["--json", str(path)], encoding="gbk")
    [report] = json.loads(completed.stdout.decode("utf-8"))["reports"]
    assert report["file"] == str(path) and report["year"] == 2022
    assert completed.returncode == 1 and b"Traceback" not in completed.stderr


def test_file_name_bytes_that_are_not_utf8_are_escaped_in_json(tmp_path):
    raw_name = os.fsencode(tmp_path) + b"/bad\xff\xfe.txt"
    with open(raw_name, "wb") as handle:
        handle.write(REPORT.read_bytes())
    completed = _run(["--json", os.fsdecode(raw_name)], encoding="utf-8")
    [report] = json.loads(completed.stdout.decode("utf-8"))["reports"]
    assert os.fsencode(report["file"]) == raw_name  # the escapes decode to the very bytes of the name
    assert completed.returncode == 1 and b"Traceback" not in completed.stderr


def test_text_mode_replaces_what_a_gbk_console_cannot_show(tmp_path):
    path = tmp_path / "年报📄.txt"
    path.write_bytes(CLEAN.read_bytes())
    completed = _run([str(path)], encoding="gbk")
    text = completed.stdout.decode("gbk")
    assert "年报?.txt" in text and "2021年格式" in text
    assert completed.returncode == 0 and b"Traceback" not in completed.stderr


def test_empty_folder_exits_one_with_a_message(tmp_path):
    out = io.StringIO()
    status = run_check(["--json", str(tmp_path)], out)
    [report] = json.loads(out.getvalue())["reports"]
    assert status == 1 and "文件夹是空的" in report["error"]


def test_export_failure_is_one_chinese_line_without_traceback(tmp_path):
    blocker = tmp_path / "占用"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    completed = _run(["--export-dir", str(blocker / "导出"), str(CLEAN)], encoding="utf-8")
    stderr = completed.stderr.decode("utf-8")
    assert completed.returncode == 1 and "导出失败" in stderr and "Traceback" not in stderr


def _small_file_size_limit() -> None:
    # What a full disk does to a writer, without filling one: writes past 16 KB fail with EFBIG.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))


def test_write_failure_during_export_is_said_in_chinese_and_other_output_survives(tmp_path):
    completed = _run(
        ["--json", "--export-dir", str(tmp_path / "out"), str(CLEAN)],
        encoding="utf-8",
        preexec_fn=_small_file_size_limit,
    )
    stderr = completed.stderr.decode("utf-8")
    assert "导出失败" in stderr and "磁盘空间不足" in stderr and "Traceback" not in stderr
    assert json.loads(completed.stdout.decode("utf-8"))["reports"][0]["year"]  # the results still printed
    assert completed.returncode == 1
