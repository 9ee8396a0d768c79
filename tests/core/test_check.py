"""check_file on bad input: a clear error, never a crash, never a changed input file."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

from app.core.check import check_file, check_paths, collect_files
from tests.conftest import CORPUS


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.txt", b"", "空"),
        ("old.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".docx"),
        ("old.wps", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "WPS"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xlsx"),
        ("notes.odt", b"PK\x03\x04" + b"\x00" * 100, "不支持"),
        ("notes.md", "# 笔记\n苹果\n".encode(), "年度报告"),  # Markdown is read as text: no report in it
        ("shopping.txt", "苹果\n香蕉\n".encode(), "年度报告"),
    ],
)
def test_bad_input_gives_a_clear_error(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    before = _digest(path)
    result = check_file(path)
    assert result.error and words in result.error
    assert result.findings == ()
    assert _digest(path) == before


def test_missing_file(tmp_path):
    result = check_file(tmp_path / "gone.docx")
    assert result.error


def test_folders_are_searched_and_unsupported_files_listed(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.PDF").write_bytes(b"%PDF")
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    (tmp_path / "~$temp.docx").write_bytes(b"lock")
    (tmp_path / "a（检查意见）.docx").write_bytes(b"PK")
    (tmp_path / "检查汇总.xlsx").write_bytes(b"PK")
    files, skipped = collect_files([tmp_path])
    assert sorted(p.name for p in files) == ["a.txt", "b.PDF"]
    assert [p.name for p, _ in skipped] == ["c.png"]


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("hello.txt", "not a word file")
    good = CORPUS / "files" / "seed000-filled.txt"
    results = list(check_paths([bad, good]))
    assert results[0].error and results[1].error is None
