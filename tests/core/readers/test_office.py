"""Old Word (.doc) and WPS (.wps) reports, read through an installed office suite.

The .doc is made in the test: a generated report's .docx converted by LibreOffice (the reviewer's
.doc files come out of Word and WPS; LibreOffice's is the same binary format). WPS Office writes its
.wps in that binary format too, so the .wps case is the same bytes under WPS's suffix.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.check import check_file
from app.core.readers import office

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "files"
needs_libreoffice = pytest.mark.skipif(
    office.find_soffice() is None, reason="LibreOffice (soffice) is not installed on this machine"
)


def _to_doc(docx: Path, folder: Path) -> Path:
    """A .doc of `docx`, written by LibreOffice into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "profile"
    subprocess.run(
        [
            str(office.find_soffice()),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(folder),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.rmtree(profile, ignore_errors=True)
    return folder / f"{docx.stem}.doc"


def _findings(path: Path) -> list[tuple]:
    """The findings `python -m app check --json` gives one report alone (not its file name)."""
    done = subprocess.run(
        [sys.executable, "-m", "app", "check", "--json", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout)["reports"][0]
    assert not report.get("error"), report.get("error")
    return [
        (
            f["rule"],
            f["severity"],
            f.get("table"),
            f.get("row"),
            f.get("column"),
            f.get("expected"),
            f["message"],
        )
        for f in report["findings"]
    ]


def _state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


@needs_libreoffice
def test_a_doc_report_is_read_and_checked_like_its_docx(tmp_path: Path) -> None:
    docx = tmp_path / "made" / "报告.docx"
    docx.parent.mkdir()
    shutil.copy(CORPUS / "seed000-t3_cell.docx", docx)
    doc = _to_doc(docx, tmp_path / "received")
    before = _state(doc.parent)
    from_docx, from_doc = _findings(docx), _findings(doc)
    assert any(rule == "A301" and expected == 0 for rule, _, _, _, _, expected, _ in from_doc)
    assert from_doc == from_docx
    assert _state(doc.parent) == before  # the input and its folder unchanged: no lock file, no copy


@needs_libreoffice
def test_a_wps_report_is_read_like_a_doc(tmp_path: Path) -> None:
    doc = _to_doc(CORPUS / "seed000-t3_cell.docx", tmp_path / "doc")
    wps = tmp_path / "乡政府年报.wps"
    shutil.copy(doc, wps)
    result = check_file(wps)
    assert result.error is None
    assert result.path == str(wps) and result.kind == "docx"  # read as the .docx it converts to
    assert any(f.rule == "A301" and f.expected == 0 for f in result.findings)


@needs_libreoffice
def test_a_broken_doc_gets_a_clear_reason(tmp_path: Path) -> None:
    broken = tmp_path / "坏.doc"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = check_file(broken)
    assert result.error and "转换" in result.error
    assert broken.read_bytes().startswith(b"\xd0\xcf\x11\xe0")


def test_without_an_office_suite_the_reason_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    monkeypatch.setattr(office.sys, "platform", "linux")
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = check_file(old)
    assert "没有找到能转换它的办公软件" in (result.error or "")
    assert "另存为 .docx" in (result.error or "")
    wps = tmp_path / "old.wps"
    wps.write_bytes(old.read_bytes())
    assert "WPS 文字（.wps）" in (check_file(wps).error or "")


def test_a_converter_that_hangs_is_stopped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(office, "CONVERT_SECONDS", 1)
    with pytest.raises(office.ReadError, match="已停止"):
        office._run([sys.executable, "-c", "import time; time.sleep(30)"], {})


def test_what_a_doc_is_is_judged_by_its_bytes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(office, "find_soffice", lambda: None)  # neither needs a suite
    renamed = tmp_path / "其实是docx.doc"
    shutil.copy(CORPUS / "seed000-t3_cell.docx", renamed)
    result = check_file(renamed)
    assert result.error is None and any(f.rule == "A301" for f in result.findings)
    text = tmp_path / "不是Word.doc"
    text.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    reason = check_file(text).error or ""
    assert "文件已损坏，或者不是旧版 Word（.doc）文件" in reason and "另存为 .docx" in reason
