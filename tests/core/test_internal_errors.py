"""The checker's own failure is said as such: 「检查器内部错误…请把此文件反馈给开发人员」 with the log
file that holds the traceback, never 「可能已损坏」 (the file is not at fault)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from app.core import check
from app.core.check import check_file
from tests.conftest import CORPUS

ROOT = Path(__file__).resolve().parents[2]
DOCX = CORPUS / "files" / "seed000-t3_cell.docx"
PDF = CORPUS / "files" / "seed000-clean.pdf"


@pytest.fixture
def state_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


def _logged(error: str, state_home: Path) -> str:
    log = state_home / "nianbao-checker" / "nianbao-checker-errors.log"
    assert f"“{log}”" in error
    return log.read_text(encoding="utf-8")


def test_a_reader_that_cannot_import_a_module_is_the_checkers_fault(state_home, monkeypatch):
    monkeypatch.setitem(sys.modules, "app.core.readers.docx_reader", None)  # import fails: ImportError
    error = check_file(DOCX).error
    assert error.startswith("检查器内部错误") and "ModuleNotFoundError" in error
    assert "请把此文件反馈给开发人员" in error and "可能已损坏" not in error
    log = _logged(error, state_home)
    assert str(DOCX) in log and "Traceback" in log and "ModuleNotFoundError" in log


def test_a_rule_that_raises_is_the_checkers_fault(state_home, monkeypatch):
    def broken(_context):
        raise KeyError("没想到的键")

    rules = tuple(replace(rule, check=broken) if i == 0 else rule for i, rule in enumerate(check.ALL_RULES))
    monkeypatch.setattr(check, "ALL_RULES", rules)
    error = check_file(DOCX).error
    assert error.startswith("检查器内部错误（检查时出现 KeyError）") and "可能已损坏" not in error
    assert "没想到的键" in _logged(error, state_home)


def test_an_unwritable_log_still_tells_the_true_reason(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    monkeypatch.setitem(sys.modules, "app.core.readers.docx_reader", None)
    error = check_file(DOCX).error
    assert error.startswith("检查器内部错误") and error.endswith("请把此文件反馈给开发人员。")


INJECTED = """
import sys
sys.modules["app.core.readers.pdf_reader"] = None  # the module cannot be imported
from app.__main__ import main
sys.exit(main(["check", "--json", "--jobs", "1", sys.argv[1]]))
"""


def test_the_command_line_says_it_in_one_line_and_keeps_the_traceback_in_the_log(tmp_path):
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    completed = subprocess.run(
        [sys.executable, "-c", INJECTED, str(PDF)], cwd=ROOT, capture_output=True, env=env, timeout=120
    )
    [report] = json.loads(completed.stdout.decode("utf-8"))["reports"]
    assert report["error"].startswith("检查器内部错误") and "可能已损坏" not in report["error"]
    assert b"Traceback" not in completed.stderr and completed.returncode == 1
    assert "Traceback" in _logged(report["error"], tmp_path)
