"""True reasons for files that are not what they seem: each class gets its own plain message.

Permission denied, a FIFO, a device, a folder named like a report, link loops and dangling links,
an empty folder, a folder holding no report, an unreadable subfolder, odd file names, and the classic
bad files (empty, truncated, encrypted, an old format renamed).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.core.check import check_file, check_paths, collect_files
from tests.conftest import CORPUS
from tests.core.hostile.unprivileged import as_unprivileged, open_folder
from tests.fixtures import hostile

REPORT_TXT = CORPUS / "files" / "seed000-t3_cell.txt"
REPORT_DOCX = CORPUS / "files" / "seed000-t3_cell.docx"
REPORT_XLSX = CORPUS / "files" / "seed000-t3_cell.xlsx"
DAMAGED = "可能已损坏"


def _error_of(path: Path) -> str | None:
    return check_file(path).error


def test_no_read_permission_is_said_as_such():
    with open_folder() as folder:
        path = folder / "报告.docx"
        shutil.copyfile(REPORT_DOCX, path)
        path.chmod(0)
        error = as_unprivileged(_error_of, path)
    assert error and "没有读取这个文件的权限" in error and DAMAGED not in error


def test_fifo_is_not_a_file_and_is_never_opened():
    with open_folder() as folder:
        fifo = folder / "管道.txt"
        os.mkfifo(fifo)
        error = check_file(fifo).error  # opening a FIFO for reading would block this test forever
        files, skipped = collect_files([folder])
    assert error and "管道" in error
    assert files == [] and [reason for path, reason in skipped if path == fifo][0] == error


def test_link_to_a_device_is_not_a_file(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    error = check_file(link).error
    assert error and "设备" in error and "找不到" not in error


def test_folder_named_like_a_report(tmp_path):
    folder = tmp_path / "报告.docx"
    folder.mkdir()
    error = check_file(folder).error
    assert error and "文件夹" in error


def test_link_loop_and_dangling_link(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    dangling = tmp_path / "gone.docx"
    dangling.symlink_to(tmp_path / "nowhere.docx")
    assert "循环" in (check_file(loop).error or "")
    assert "已不存在" in (check_file(dangling).error or "")


def test_folder_link_loop_is_walked_once(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copyfile(REPORT_TXT, tmp_path / "sub" / "a.txt")
    (tmp_path / "sub" / "back").symlink_to(tmp_path)
    files, _ = collect_files([tmp_path])
    assert [path.name for path in files] == ["a.txt"]


def test_empty_folder_and_folder_without_reports_say_so(tmp_path):
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    pictures = tmp_path / "图片"
    pictures.mkdir()
    (pictures / "a.png").write_bytes(b"\x89PNG")
    [result] = list(check_paths([empty]))
    assert result.error and "文件夹是空的" in result.error
    results = {result.path: result.error for result in check_paths([pictures])}
    assert "没有可检查的报告文件" in results[str(pictures)]
    assert "不支持" in results[str(pictures / "a.png")]


def _collected(folder: Path) -> tuple[list[str], list[tuple[str, str]]]:
    files, skipped = collect_files([folder])
    return [str(path) for path in files], [(str(path), reason) for path, reason in skipped]


def test_unreadable_subfolder_is_listed_not_skipped_silently():
    with open_folder() as folder:
        shutil.copyfile(REPORT_TXT, folder / "a.txt")
        locked = folder / "上锁"
        locked.mkdir()
        shutil.copyfile(REPORT_TXT, locked / "b.txt")
        locked.chmod(0)
        files, skipped = as_unprivileged(_collected, folder)
    assert files == [str(folder / "a.txt")]
    assert [(path, "无法打开这个文件夹" in reason) for path, reason in skipped] == [(str(locked), True)]


@pytest.mark.parametrize(
    "name",
    [
        "年报📄.txt",
        "带\n换行.txt",
        " 前后空格 .txt",
        "-rf.txt",
        "很长" * 40 + ".txt",
        os.fsdecode(b"bad\xff\xfe.txt"),
    ],
)
def test_odd_file_names_are_read(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(REPORT_TXT.read_bytes())
    result = check_file(path)
    assert result.error is None and result.year == 2022


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("empty.docx", lambda: b"", "空"),
        ("truncated.docx", lambda: REPORT_DOCX.read_bytes()[:3000], "损坏"),
        ("truncated.xlsx", lambda: REPORT_XLSX.read_bytes()[:2000], "损坏"),
        ("old.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Word"),
        ("old.xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Excel"),
        (
            "locked.docx",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
            "密码",
        ),
        ("random.txt", lambda: bytes(range(256)) * 8, "二进制"),
        ("loop.pdf", hostile.pdf_page_tree_loop, "PDF"),
        ("zero.pdf", lambda: b"%PDF-1.4\n" + b"\x00" * 100, "PDF"),
    ],
)
def test_classic_bad_files_get_a_clear_error(tmp_path, name, make, words):
    path = tmp_path / name
    path.write_bytes(make())
    error = check_file(path).error
    assert error and words in error
    assert "Error）" not in error or "Pdf" in error  # no Python exception name as the only reason
