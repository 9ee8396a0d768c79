"""Every Word copy and workbook the export tests write is validated (see tests/ooxml_validator.py).

The exporters write through `save_new`; for the whole session the three exporter modules get a
`save_new` that also notes each file it wrote, and after every test the files noted since the last test
are checked: the Open XML SDK against the Office 2007 and the newest schemas (where it runs here) and the
structure checks. A test whose exports have an error fails at teardown, naming the file and the errors;
an annotated DOCX is judged against its input (only errors the export added count). The totals are
printed at the end of the run.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from app.core.export import files
from tests.ooxml_validator import added_errors, sdk, sdk_unavailable

_WRITTEN: list[tuple[Path, Path | None]] = []  # (file written, the DOCX it annotates)
TOTALS = {"files": 0, "comments": 0, "schema": 0}


def _input_docx(target: Path, protected) -> Path | None:
    if target.suffix.lower() != ".docx":
        return None
    docx = [Path(p) for p in protected if Path(p).suffix.lower() == ".docx"]
    return docx[0] if len(docx) == 1 else None


@pytest.fixture(scope="session", autouse=True)
def _note_exports():
    original = files.save_new

    def save_new(target, write, protected=(), **options):
        path = original(target, write, protected, **options)
        _WRITTEN.append((Path(path), _input_docx(Path(path), protected)))
        return path

    with pytest.MonkeyPatch.context() as patch:
        for name in ("annotate_docx", "rebuild_docx", "workbook"):  # the modules, not the functions
            patch.setattr(importlib.import_module(f"app.core.export.{name}"), "save_new", save_new)
        sdk()  # the runtime starts once, here, not inside the first test
        yield


def validate_written(paths: list[tuple[Path, Path | None]]) -> list[str]:
    """The errors of these exports, one line per file that has any."""
    failed = []
    for path, original in paths:
        if not path.is_file():  # a test that removed its own output
            continue
        checked = added_errors(path, original)
        TOTALS["files"] += 1
        TOTALS["comments"] += checked.comments
        TOTALS["schema"] += checked.schema
        if checked.errors:
            listed = "\n    ".join(str(error) for error in checked.errors[:12])
            failed.append(f"{path.name}: {len(checked.errors)} errors\n    {listed}")
    return failed


@pytest.fixture(autouse=True)
def validated_exports(_note_exports):
    yield
    pending = list(_WRITTEN)
    _WRITTEN.clear()
    failed = validate_written(pending)
    if failed:
        pytest.fail("exported files that Word would repair or refuse:\n" + "\n".join(failed), pytrace=False)


def pytest_terminal_summary(terminalreporter) -> None:
    if not TOTALS["files"]:
        return
    reason = sdk_unavailable()
    how = (
        "Open XML SDK (Office2007 + Microsoft365) and structure checks"
        if not reason
        else f"structure checks only ({reason})"
    )
    terminalreporter.write_line(
        f"exports validated: {TOTALS['files']} files, {TOTALS['comments']} comments, "
        f"{TOTALS['schema']} by the schema validator — {how}"
    )
