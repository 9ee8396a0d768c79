"""Text decoding: UTF-16 without BOM in both byte orders, UTF-8 with a few bad bytes, GBK kept apart."""

from __future__ import annotations

import pytest

from app.core.model import ReadError
from app.core.readers.txt_reader import decode_report_text, utf16_byte_order

BLOCK = "某县2023年政府信息公开工作年度报告\n一、总体情况\n行政许可\t5\t0\t3\n"
TEXT = BLOCK * 20


@pytest.mark.parametrize(("encoding", "order"), [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_utf16_without_bom_is_told_by_its_zero_bytes(encoding, order):
    data = TEXT.encode(encoding)
    assert utf16_byte_order(data) == order
    assert decode_report_text(data) == (TEXT, ())


def test_binary_with_zero_bytes_is_not_utf16():
    assert utf16_byte_order(b"\x00\x01\x02\x03" * 100) is None
    assert utf16_byte_order(TEXT.encode("utf-8")) is None


def test_gbk_is_never_taken_for_damaged_utf8():
    text, notes = decode_report_text(TEXT.encode("gb18030"))
    assert text == TEXT and notes == ()


def test_one_stray_byte_is_replaced_and_its_line_named():
    data = bytearray(TEXT.encode("utf-8"))
    offset = data.index("情况".encode()) + len(BLOCK.encode()) * 3  # inside the fourth copy's line 2
    data[offset] = 0xFF
    text, [note] = decode_report_text(bytes(data))
    assert text.count("\ufffd") >= 1 and text.replace("\ufffd", "") != TEXT
    assert "1 处" in note.message and f"第{3 * 3 + 2}行" in note.message
    assert note.source.line == 3 * 3 + 2


def test_text_broken_everywhere_is_not_read_as_utf8_with_replacements():
    data = bytearray(TEXT.encode("utf-8"))
    for offset in range(0, len(data), 40):
        data[offset] = 0xFF
    try:
        text, notes = decode_report_text(bytes(data))
    except ReadError:
        return
    assert not [note for note in notes if "UTF-8" in note.message]
