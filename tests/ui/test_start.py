"""Starting the window on a fresh machine: the system libraries Qt needs are checked first and named
exactly; a machine without a display gets a message instead of Qt's abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ldd"), reason="Linux/ldd only")
def test_make_run_names_what_qt_is_missing(tmp_path: Path) -> None:
    if not PLUGIN.is_file():
        pytest.skip("this PySide6 has no X11 platform plugin")
    # A Qt folder whose X11 plugin finds none of the libraries beside it: what a machine without
    # the xcb packages looks like to the check.
    qt = tmp_path / "PySide6" / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "lib").mkdir()
    shutil.copy(PLUGIN, qt / "plugins" / "platforms")
    python = tmp_path / "python"
    python.write_text(f"#!/bin/sh\necho {qt}\n")
    python.chmod(0o755)
    done = subprocess.run(
        ["bash", str(ROOT / ".ci" / "system-deps"), "--run", str(python)],
        env=dict(os.environ, NO_INSTALL="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "窗口需要的系统库缺失：" in done.stderr and "libQt6XcbQpa.so.6" in done.stderr
    assert "The window needs system libraries that are missing" in done.stderr
    assert "sudo apt-get install" in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_make_run_starts_at_once_when_nothing_is_missing() -> None:
    done = subprocess.run(
        ["bash", str(ROOT / ".ci" / "system-deps"), "--run", sys.executable],
        env=dict(os.environ, NO_INSTALL="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode:  # this machine lacks them: then the message must say which
        assert "sudo apt-get install" in done.stderr
    else:
        assert done.stderr == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_no_display_gets_a_message_not_an_abort() -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "没有找到图形界面" in done.stderr and "No graphical display" in done.stderr
