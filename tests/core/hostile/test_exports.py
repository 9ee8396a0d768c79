"""Exports that cannot clobber or half-fail: concurrent writers get distinct names, over-long names are
shortened keeping their ending, one report's failure leaves the others written."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

import app.core.export as export
from app.core.check import check_file, collect_files, is_own_output
from app.core.export import SUFFIX, WORKBOOK_NAME, PartialExportError, export_batch
from app.core.export.files import NAME_MAX_BYTES, TEMP_PREFIX, ExportError, save_new
from tests.conftest import CORPUS

CLEAN = CORPUS / "seeds" / "001_4b40133624080b57.txt"
WRITERS = 8


def _write_mine(target: str, text: str, start: multiprocessing.synchronize.Event) -> str:
    start.wait()  # every writer claims the name at the same moment

    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return str(save_new(target, write))


def test_concurrent_exports_into_one_folder_get_distinct_names(tmp_path):
    context = multiprocessing.get_context("fork")
    target = tmp_path / "报告（检查意见）.docx"
    for round_number in range(3):
        with context.Manager() as manager:
            start = manager.Event()
            with context.Pool(WRITERS) as pool:
                pending = [
                    pool.apply_async(_write_mine, (str(target), f"{round_number}-{writer}", start))
                    for writer in range(WRITERS)
                ]
                start.set()
                written = [Path(result.get(timeout=60)) for result in pending]
        assert len(set(written)) == WRITERS
        contents = {path.read_text(encoding="utf-8") for path in written}
        assert contents == {f"{round_number}-{writer}" for writer in range(WRITERS)}
    assert len([path for path in tmp_path.iterdir() if not path.name.startswith(TEMP_PREFIX)]) == 3 * WRITERS
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(TEMP_PREFIX)]


def test_over_long_name_is_shortened_keeping_its_ending(tmp_path):
    source = tmp_path / ("很长的单位名称" * 11 + ".txt")  # 233 bytes: fine as input, too long with the suffix
    source.write_bytes(CLEAN.read_bytes())
    written = export_batch([check_file(source)], tmp_path / "out")
    word, workbook = written
    assert word.name.endswith(SUFFIX) and workbook.name == WORKBOOK_NAME
    assert len(os.fsencode(word.name)) <= NAME_MAX_BYTES and word.name.startswith("很长的单位名称")
    assert is_own_output(word)  # a later folder scan still knows it for the tool's own output
    again = export_batch([check_file(source)], tmp_path / "out")
    assert again[0] != word and again[0].name.endswith("（检查意见）(2).docx")
    assert len(os.fsencode(again[0].name)) <= NAME_MAX_BYTES
    assert collect_files([tmp_path / "out"])[0] == []


def test_one_reports_failure_is_reported_and_the_others_are_written(tmp_path, monkeypatch):
    first, second = tmp_path / "甲.txt", tmp_path / "乙.txt"
    for path in (first, second):
        path.write_bytes(CLEAN.read_bytes())
    real_rebuild = export.rebuild_docx

    def rebuild(result, target, *args):
        if Path(result.path) == first:
            raise ExportError("无法写入文件夹“某处”：磁盘空间不足。请清理磁盘或选择其他位置。")
        return real_rebuild(result, target, *args)

    monkeypatch.setattr(export, "rebuild_docx", rebuild)
    with pytest.raises(PartialExportError) as raised:
        export_batch([check_file(first), check_file(second)], tmp_path / "out")
    assert [path.name for path in raised.value.written] == [f"乙{SUFFIX}", WORKBOOK_NAME]
    assert all(path.exists() for path in raised.value.written)
    assert raised.value.failures == [
        (str(first), "无法写入文件夹“某处”：磁盘空间不足。请清理磁盘或选择其他位置。")
    ]
    assert "甲.txt" in str(raised.value) and "1 份报告没能导出" in str(raised.value)


def test_full_disk_reported_by_the_xml_serialiser_is_said_in_chinese(tmp_path):
    from lxml import etree

    def full(path: Path) -> None:
        path.write_bytes(b"half")
        raise etree.SerialisationError("IO_ENOSPC")  # what python-docx/openpyxl saves raise then

    with pytest.raises(ExportError, match="磁盘空间不足"):
        save_new(tmp_path / "out.docx", full)
    assert list(tmp_path.iterdir()) == []
