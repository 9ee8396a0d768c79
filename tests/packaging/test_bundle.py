"""The packaged app (PyInstaller, one folder) starts, prints its version, checks files exactly as the
source does, and shows its window.

The bundle is built once per session by `packaging/build.py`, or reused: dist/nianbao-checker/ is
taken as it is when its executable is newer than every file in app/, resources/ and packaging/ and
than pyproject.toml (__pycache__ is ignored). NIANBAO_REBUILD=1 forces a build.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.resources import read_version

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NAME = "nianbao-checker"
BUNDLE = ROOT / "dist" / NAME
EXE = BUNDLE / (f"{NAME}.exe" if sys.platform == "win32" else NAME)
SOURCES = [ROOT / "app", ROOT / "resources", ROOT / "packaging", ROOT / "pyproject.toml"]
FILES = [
    ROOT / "tests" / "fixtures" / "corpus" / "files" / name
    for name in ("seed000-t3_cell.docx", "seed001-filled.pdf", "seed002-old_layout.xlsx")
]
# JSON keys that hold a time or a duration: the only thing allowed to differ between two runs.
TIMING_KEY = re.compile(r"(^|_)(time|times|timing|timings|elapsed|duration|seconds|ms)(_|$)|_at$", re.I)


def newest_source_mtime() -> float:
    newest = 0.0
    for source in SOURCES:
        files = [source] if source.is_file() else source.rglob("*")
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                newest = max(newest, path.stat().st_mtime)
    return newest


def run(command: list[str], timeout: float = 120, **kwargs) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUTF8="1")
    return subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        **kwargs,
    )


@pytest.fixture(scope="session")
def bundle() -> Path:
    """The one-folder bundle's executable, built now unless dist/ is up to date."""
    if not (ROOT / "app" / "__main__.py").is_file():
        pytest.skip("app/__main__.py does not exist yet")
    fresh = EXE.is_file() and EXE.stat().st_mtime > newest_source_mtime()
    if not fresh or os.environ.get("NIANBAO_REBUILD") == "1":
        built = run([sys.executable, str(ROOT / "packaging" / "build.py")], timeout=1800)
        assert built.returncode == 0, (
            f"packaging/build.py failed:\n{built.stdout[-4000:]}\n{built.stderr[-4000:]}"
        )
    assert EXE.is_file(), f"{EXE} was not built"
    return EXE


def without_timing(value):
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items() if not TIMING_KEY.search(str(k))}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value


def test_version_is_pyproject_version(bundle):
    frozen = run([str(bundle), "--version"])
    assert frozen.returncode == 0, frozen.stderr
    assert read_version() in frozen.stdout.split(), frozen.stdout
    source = run([sys.executable, "-m", "app", "--version"])
    assert frozen.stdout == source.stdout


def test_check_json_matches_source(bundle):
    paths = [str(path.relative_to(ROOT)) for path in FILES]
    frozen = run([str(bundle), "check", "--json", *paths])
    source = run([sys.executable, "-m", "app", "check", "--json", *paths])
    assert source.stdout.strip(), f"python -m app printed nothing:\n{source.stderr}"
    assert frozen.stdout.strip(), f"the bundle printed nothing:\n{frozen.stderr}"
    frozen_json, source_json = json.loads(frozen.stdout), json.loads(source.stdout)
    assert without_timing(frozen_json) == without_timing(source_json)
    assert frozen.returncode == source.returncode
    # Nothing went wrong in the bundle that did not go wrong in the source (a missing module, say).
    assert "Traceback" not in frozen.stderr or "Traceback" in source.stderr, frozen.stderr


# Files that need the parts of the bundle most easily lost: AES decryption (cryptography, hashlib)
# for password-protected PDFs, and the fallbacks for fonts without a Unicode map.
HARD_FILES = ["restricted.pdf", "encrypted.pdf", "no_unicode_map.pdf", "encrypted.docx"]


@pytest.mark.parametrize("name", HARD_FILES)
def test_hard_files_read_as_in_source(bundle, name):
    path = ROOT / "tests" / "fixtures" / "readers" / name
    if not path.is_file():
        pytest.skip(f"{path.name} is not in tests/fixtures/readers")
    argv = ["check", "--json", str(path.relative_to(ROOT))]
    frozen, source = run([str(bundle), *argv]), run([sys.executable, "-m", "app", *argv])
    assert without_timing(json.loads(frozen.stdout)) == without_timing(json.loads(source.stdout))


def test_window_starts_offscreen(bundle):
    shown = run([str(bundle), "--smoke-test"], timeout=120)
    assert shown.returncode == 0, f"exit {shown.returncode}:\n{shown.stdout}\n{shown.stderr}"
    assert "window shown" in shown.stdout, shown.stdout + shown.stderr


def test_bundle_holds_data_and_leaves_out_unused_parts(bundle):
    contents = bundle.parent / "_internal"
    assert list(contents.glob("pypdfium2_raw/*pdfium*")), "PDFium reads every PDF"
    assert not list((contents / "pdfminer" / "cmap").glob("*")), "PDFium reads the text: no CMaps needed"
    assert list(contents.glob("**/translations/qtbase_zh_CN.qm"))
    assert not [p for p in contents.glob("**/translations/*.qm") if "zh_CN" not in p.name]
    assert (contents / "pyproject.toml").is_file()
    assert (contents / "resources" / "icon" / "icon.png").is_file()
    names = {p.name for p in contents.rglob("*")}
    for unused in ("tkinter", "numpy", "PyQt5", "PyQt6", "QtNetwork.abi3.so", "QtQml.abi3.so"):
        assert unused not in names, f"{unused} should not be in the bundle"
    assert not [n for n in names if re.search(r"Qt6(Quick|Qml|Network|WebEngine|Multimedia|3D|Charts)", n)]
