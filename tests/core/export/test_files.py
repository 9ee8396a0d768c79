"""Safe writing: no overwriting (numbered names), clear errors for unwritable folders, no partial or
temporary files left behind, input files never changed."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from app.core.check import check_file
from app.core.export import WORKBOOK_NAME, export_batch, output_names
from app.core.export.files import TEMP_PREFIX, ExportError, save_new
from tests.conftest import CORPUS

FILES = CORPUS / "files"


def _write(text: str):
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def test_existing_output_is_not_overwritten_but_numbered(tmp_path):
    target = tmp_path / "报告（检查意见）.docx"
    first = save_new(target, _write("一"))
    second = save_new(target, _write("二"))
    third = save_new(target, _write("三"))
    assert [p.name for p in (first, second, third)] == [
        "报告（检查意见）.docx",
        "报告（检查意见）(2).docx",
        "报告（检查意见）(3).docx",
    ]
    assert [p.read_text(encoding="utf-8") for p in (first, second, third)] == ["一", "二", "三"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (first, second, third))


def test_protected_paths_are_never_taken(tmp_path):
    original = tmp_path / "a.docx"  # e.g. an input that vanished between check and export
    assert save_new(original, _write("x"), protected=[original]).name == "a(2).docx"
    assert not original.exists()


def test_folder_under_a_regular_file_gives_a_clear_error_and_writes_nothing(tmp_path):
    blocker = tmp_path / "报告.txt"
    blocker.write_text("不是文件夹", encoding="utf-8")
    results = [check_file(FILES / "seed000-t3_cell.txt")]
    with pytest.raises(ExportError) as caught:
        export_batch(results, blocker / "导出")
    assert isinstance(caught.value, OSError)
    message = str(caught.value)
    assert "无法创建文件夹" in message and "请选择其他文件夹" in message and str(blocker / "导出") in message
    with pytest.raises(OSError):
        export_batch(results, blocker)  # the "folder" is the file itself
    assert [p.name for p in tmp_path.iterdir()] == ["报告.txt"]
    assert blocker.read_text(encoding="utf-8") == "不是文件夹"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_folder_gives_a_clear_error(tmp_path):
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="没有写入权限"):
            export_batch([check_file(FILES / "seed000-t3_cell.txt")], folder)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_failing_writer_leaves_no_partial_or_temporary_file(tmp_path):
    def broken(path: Path) -> None:
        path.write_bytes(b"half a file")
        raise OSError(28, "No space left on device")

    with pytest.raises(ExportError, match="磁盘空间不足"):
        save_new(tmp_path / "out.docx", broken)
    assert list(tmp_path.iterdir()) == []

    def crashing(path: Path) -> None:
        path.write_bytes(b"half a file")
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        save_new(tmp_path / "out.docx", crashing)
    assert list(tmp_path.iterdir()) == []


def test_batch_into_the_input_folder_keeps_inputs_and_names_each_copy(tmp_path):
    names = ["seed000-t3_cell.docx", "seed000-t3_cell.pdf", "seed000-t3_cell.txt"]
    for name in names:
        (tmp_path / name).write_bytes((FILES / name).read_bytes())
    hashes = {name: hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() for name in names}
    results = [check_file(tmp_path / name) for name in names]
    written = export_batch(results, tmp_path)
    assert [p.name for p in written] == [
        "seed000-t3_cell（检查意见）.docx",
        "seed000-t3_cell.pdf（检查意见）.docx",
        "seed000-t3_cell.txt（检查意见）.docx",
        WORKBOOK_NAME,
    ]
    assert {name: hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() for name in names} == hashes
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]
    again = export_batch(results, tmp_path)
    assert [p.name for p in again][-1] == "问题汇总表(2).xlsx"
    assert all(p not in written for p in again)


def test_output_names_use_the_stem_unless_two_inputs_share_it():
    results = [check_file(FILES / "seed000-t3_cell.txt"), check_file(FILES / "seed001-t3_cell.txt")]
    assert output_names(results) == ["seed000-t3_cell（检查意见）.docx", "seed001-t3_cell（检查意见）.docx"]


def test_unreadable_reports_get_no_word_copy_but_a_workbook_row(tmp_path):
    empty = tmp_path / "in" / "空.docx"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    written = export_batch([check_file(empty)], tmp_path / "out")
    assert [p.name for p in written] == [WORKBOOK_NAME]


def test_a_saved_copy_is_readable_like_any_document(tmp_path):
    """mkstemp makes private files; an export must get the ordinary mode the user's umask gives."""

    written = save_new(tmp_path / "意见.docx", lambda path: path.write_bytes(b"x"))
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~mask
