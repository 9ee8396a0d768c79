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


# --- every core, input order, streaming, the batch pass on compact results --------------------------


def test_the_streamed_json_document_is_the_one_json_dumps_writes():
    from app.cli import json_document

    reports = [
        {"file": "甲.txt", "findings": [{"rule": "C101", "found": 1.5}], "cells": []},
        {"file": "b\udcff.txt", "findings": [], "cells": [{"text": "a\nb", "value": None}]},
    ]
    for batch in ([], reports[:1], reports):
        expected = json.dumps({"reports": batch}, ensure_ascii=False, indent=1) + "\n"
        assert "".join(json_document(batch)) == expected


def _batch_folder(tmp_path: Path) -> Path:
    """A broken carry-over chain (a cross-report finding), an unreadable file, a clean report."""
    from tests.fixtures.crossyear_pairs import earlier_text, later_text, write_pair

    folder = tmp_path / "批"
    write_pair(folder, earlier_text(), later_text(carried_in=(0, 2, 0, 0, 0, 0, 2)), ("1.txt", "2.txt"))
    (folder / "3.txt").write_bytes(b"")
    (folder / "4.txt").write_bytes(CLEAN.read_bytes())
    return folder


def test_jsonl_streams_in_input_order_and_adds_up_to_the_json_document(tmp_path):
    folder = _batch_folder(tmp_path)
    whole, lines = io.StringIO(), io.StringIO()
    assert run_check(["--json", "--jobs", "1", str(folder)], whole) == 1
    assert run_check(["--jsonl", "--jobs", "2", str(folder)], lines) == 1
    reports = json.loads(whole.getvalue())["reports"]
    records = [json.loads(line) for line in lines.getvalue().splitlines()]
    kinds = [record.pop("record") for record in records]
    assert kinds[: len(reports)] == ["report"] * len(reports) and kinds[-1] == "summary"
    streamed = records[: len(reports)]
    assert [r["file"] for r in streamed] == [r["file"] for r in reports]  # input order
    added = {
        r["file"]: r["findings"] for r, kind in zip(records, kinds, strict=True) if kind == "cross_report"
    }
    assert any(f["rule"] == "C530" for f in added[str(folder / "2.txt")])
    for line, report in zip(streamed, reports, strict=True):
        assert {k: v for k, v in line.items() if k != "findings"} == {
            k: v for k, v in report.items() if k != "findings"
        }  # the cells too, which compact results do not keep
        findings = line["findings"] + added.get(line["file"], [])
        assert sorted(map(json.dumps, findings)) == sorted(map(json.dumps, report["findings"]))
    assert records[-1]["reports"] == len(reports) and records[-1]["unreadable"] == 1


def test_json_on_several_processes_is_the_json_of_one(tmp_path):
    folder = _batch_folder(tmp_path)
    one, two = io.StringIO(), io.StringIO()
    run_check(["--json", "--jobs", "1", str(folder)], one)
    run_check(["--json", "--jobs", "2", str(folder)], two)
    assert one.getvalue() == two.getvalue()
    assert json.loads(one.getvalue())["reports"][1]["cells"]  # cells as before compaction


def test_progress_of_a_long_run_goes_to_stderr(tmp_path, monkeypatch):
    from app import cli

    monkeypatch.setattr(cli._Progress, "QUIET_SECONDS", 0.0)
    stderr, out = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    run_check(["--jsonl", "--jobs", "1", str(_batch_folder(tmp_path))], out)
    assert "已检查 1/4 份" in stderr.getvalue() and "检查完毕：4 份" in stderr.getvalue()
    assert "已检查" not in out.getvalue()


def test_export_from_compact_results_keeps_the_cells_in_the_workbook(tmp_path):
    from openpyxl import load_workbook

    folder = _batch_folder(tmp_path)
    target = tmp_path / "导出"
    run_check(["--jobs", "2", "--export-dir", str(target), str(folder)], io.StringIO())
    names = sorted(path.name for path in target.iterdir())
    assert names == sorted(["问题汇总表.xlsx", *(f"{n}（检查意见）.docx" for n in (1, 2, 4))])
    book = load_workbook(target / "问题汇总表.xlsx", read_only=True)
    sheet = book["数据汇总"]
    values = [value for row in sheet.iter_rows(min_row=2, values_only=True) for value in row[1:]]
    assert sum(isinstance(value, (int, float)) for value in values) > 100  # the numbers read again


def test_jobs_must_be_a_positive_number():
    assert run_check(["--jobs", "0", str(CLEAN)], io.StringIO()) == 2


def test_the_main_process_keeps_compact_results_only(tmp_path, monkeypatch):
    """What the batch pass (and so the whole run) holds per report is the compact result: no parsed
    document, no cells (those went to the output or the spool), whatever the count."""
    from app import cli

    seen: list = []
    original = cli.check_batch

    def batch(results, pack=None):
        seen.extend(results)
        return original(results, pack=pack)

    monkeypatch.setattr(cli, "check_batch", batch)
    run_check(["--json", "--jobs", "1", str(_batch_folder(tmp_path))], io.StringIO())
    assert len(seen) == 4
    assert all(r.document is None and r.cells == () for r in seen)
    assert sum(r.compact for r in seen) == 3  # the unreadable one has no report at all


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path):
    """`check --jsonl FOLDER | head -1`: the reader has what it wanted; the run stops without a
    traceback or Python's "Exception ignored" at exit."""
    for number in range(40):
        (tmp_path / f"{number:02d}.txt").symlink_to(REPORT)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "check", "--jsonl", "--jobs", "1", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    first = json.loads(process.stdout.readline())
    process.stdout.close()
    _out, stderr = process.communicate(timeout=120)
    assert first["record"] == "report" and first["file"].endswith("00.txt")
    assert process.returncode == 1
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr, stderr.decode()


def test_ctrl_c_stops_the_run_in_one_line_without_tracebacks(tmp_path):
    """Ctrl+C reaches the whole process group (the command line and its worker processes): one
    Chinese line, the shell's status for an interrupted program, no traceback from any process."""
    for number in range(60):
        (tmp_path / f"{number:02d}.txt").symlink_to(REPORT)
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "check", "--jsonl", "--jobs", "2", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        start_new_session=True,  # its own group, as a console's foreground job
    )
    assert json.loads(process.stdout.readline())["record"] == "report"  # the workers are at work
    os.killpg(process.pid, signal.SIGINT)
    _out, stderr = process.communicate(timeout=120)
    text = stderr.decode("utf-8")
    assert process.returncode == 130 and "已中断" in text, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text


def test_a_reviewer_name_longer_than_word_takes_is_a_usage_error(tmp_path, capsys):
    """Word keeps a comment's author to 255 characters: a longer --reviewer is refused with the reason,
    before anything is checked or written."""
    from app.cli import main

    out = tmp_path / "out"
    assert main(["check", "--reviewer", "李" * 256, "--export-dir", str(out), str(tmp_path)]) == 2
    assert "最多 255 个字" in capsys.readouterr().err
    assert not out.exists()
