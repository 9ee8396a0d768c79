"""Reports sent zipped: the archive's reports listed as 压缩包名/成员名 and checked like the files
themselves, its other members said with their reason, budgets kept, the archive never changed."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from app.core.check import check_file, collect_files
from app.core.readers import archive

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "files"


class _GbkName(zipfile.ZipInfo):
    """A member named as Chinese Windows' own zip tool names it: GBK bytes, no UTF-8 flag."""

    encoding = "gbk"

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # noqa: N802 (zipfile's name)
        return self.filename.encode(self.encoding), self.flag_bits


class _UnflaggedUtf8Name(_GbkName):
    """As Info-ZIP on Linux names it: UTF-8 bytes, and no flag saying so."""

    encoding = "utf-8"


def _gbk_member(package: zipfile.ZipFile, name: str, data: bytes) -> None:
    package.writestr(_GbkName(name), data)


def _mailed(folder: Path) -> Path:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as nested:
        nested.writestr("x.txt", "x")
    path = folder / "报送材料.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.write(CORPUS / "seed000-t3_cell.docx", "乡镇/某乡2022年报.docx")
        _gbk_member(package, "某街道2022年报.txt", (CORPUS / "seed001-t3_cell.txt").read_bytes())
        package.writestr(_UnflaggedUtf8Name("说明.rtf"), "{\\rtf1 说明}")
        package.writestr("旧表.zip", inner.getvalue())
        package.writestr("__MACOSX/._某乡2022年报.docx", b"\x00")
        package.writestr("../../逃出去.txt", "不该出现")
        package.writestr("空文件夹/", b"")
    return path


def test_a_zip_lists_its_reports_and_says_why_the_rest_are_not_checked(tmp_path: Path) -> None:
    path = _mailed(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    files, skipped = collect_files([path])
    shown = sorted(file.relative_to(tmp_path).as_posix() for file in files)
    assert shown == ["报送材料.zip/乡镇/某乡2022年报.docx", "报送材料.zip/某街道2022年报.txt"]
    reasons = {where.relative_to(tmp_path).as_posix(): reason for where, reason in skipped}
    assert set(reasons) == {"报送材料.zip/说明.rtf", "报送材料.zip/旧表.zip"}
    assert "不支持的文件类型" in reasons["报送材料.zip/说明.rtf"]
    assert "压缩包里的压缩包" in reasons["报送材料.zip/旧表.zip"]
    for member, original in zip(
        sorted(files), [CORPUS / "seed000-t3_cell.docx", CORPUS / "seed001-t3_cell.txt"], strict=True
    ):
        inside, alone = check_file(member), check_file(original)
        assert inside.error is None and inside.path == str(member)
        assert [(f.rule, f.row, f.column, f.expected) for f in inside.findings] == [
            (f.rule, f.row, f.column, f.expected) for f in alone.findings
        ]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报送材料.zip"]  # nothing unpacked beside it


def test_a_zip_in_a_folder_is_opened_too(tmp_path: Path) -> None:
    (tmp_path / "收件").mkdir()
    _mailed(tmp_path / "收件")
    files, skipped = collect_files([tmp_path])
    assert len(files) == 2 and all(file.parent.name in ("报送材料.zip", "乡镇") for file in files)
    assert len(skipped) == 2


def test_a_damaged_zip_is_said_not_crashed(tmp_path: Path) -> None:
    path = tmp_path / "坏.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    files, skipped = collect_files([path])
    assert files == [] and skipped == [(path, archive.DAMAGED)]


def test_a_member_larger_than_the_budget_is_refused_while_it_inflates(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "大.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("炸弹.txt", "零" * 200_000)  # 600 KB of text that deflates to almost nothing
    monkeypatch.setattr(archive, "MAX_REPORT_BYTES", 100_000)
    result = check_file(path / "炸弹.txt")
    assert result.error and "超过了检查的上限" in result.error


def test_too_many_members_is_refused(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "多.zip"
    with zipfile.ZipFile(path, "w") as package:
        for number in range(12):
            package.writestr(f"{number}.txt", "x")
    monkeypatch.setattr(archive, "MAX_MEMBERS", 10)
    files, skipped = collect_files([path])
    assert files == [] and "超过了 10 个的上限" in skipped[0][1]


@pytest.mark.parametrize("name", ["报告.docx", "目录/报告.docx"])
def test_a_member_replaced_since_it_was_listed_is_said(tmp_path: Path, name: str) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("别的.txt", "x")
    result = check_file(path / name)
    assert "压缩包里没有这个文件" in (result.error or "")
