"""Content that used to get a false reason: text encodings, Strict Open XML, XML entity tricks.

UTF-16 without a BOM (either byte order) is text, not "二进制"; UTF-8 with a stray byte is read with a
warning naming the line, not refused; a Strict Open XML document reads like its Transitional twin; an
external entity is never fetched and a file's secret never appears in what is read.
"""

from __future__ import annotations

import socket
import zipfile

import pytest

from app.core.check import check_file
from tests.conftest import CORPUS
from tests.fixtures import hostile

FILES = CORPUS / "files"
TEXT = (FILES / "seed000-t3_cell.txt").read_text(encoding="utf-8")


def _summary(result):
    return (result.error, result.year, result.layout, [(f.rule, f.message) for f in result.findings])


@pytest.mark.parametrize("byte_order", ["le", "be"])
def test_utf16_without_bom_is_read_like_utf8(tmp_path, byte_order):
    path = tmp_path / f"utf16{byte_order}.txt"
    path.write_bytes(hostile.utf16_without_bom(TEXT, byte_order))
    assert _summary(check_file(path)) == _summary(check_file(FILES / "seed000-t3_cell.txt"))


def test_utf8_with_stray_bytes_is_read_with_a_warning_naming_the_lines(tmp_path):
    encoded = TEXT.encode("utf-8")
    lines = [encoded.count(b"\n", 0, offset) + 1 for offset in (900, 2400)]
    # The offsets must hit multibyte characters: a stray byte inside Chinese text is the real case.
    assert all(encoded[offset] >= 0x80 for offset in (900, 2400))
    path = tmp_path / "stray.txt"
    path.write_bytes(hostile.utf8_with_stray_bytes(TEXT, [900, 2400]))
    result = check_file(path)
    assert result.error is None and result.year == 2022
    [note] = [f for f in result.findings if f.rule == "P603" and "UTF-8" in f.message]
    assert note.severity == "warning"
    assert all(f"第{line}行" in note.message for line in lines)


def test_gbk_text_is_still_gbk(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    result = check_file(path)
    assert _summary(result) == _summary(check_file(FILES / "seed000-t3_cell.txt"))
    assert not [f for f in result.findings if "UTF-8" in f.message]


@pytest.mark.parametrize("name", ["seed000-t3_cell.docx", "seed000-t3_cell.xlsx"])
def test_strict_open_xml_reads_like_its_transitional_twin(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(hostile.to_strict((FILES / name).read_bytes()))
    with zipfile.ZipFile(path) as package:  # the generator really wrote a Strict package
        assert b"http://purl.oclc.org/ooxml/officeDocument/relationships/" in package.read("_rels/.rels")
    strict = check_file(path)
    assert strict.error is None
    assert _summary(strict)[1:] == _summary(check_file(FILES / name))[1:]


def test_external_entity_is_never_fetched_nor_expanded(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容XYZ", encoding="utf-8")
    path = tmp_path / "xxe.docx"
    path.write_bytes(hostile.xxe_docx(secret))

    def refuse(*args, **kwargs):
        raise AssertionError("the checker opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    result = check_file(path)
    texts = [getattr(block, "text", "") for block in (result.document.blocks if result.document else ())]
    assert "机密内容XYZ" not in " ".join(texts) and "机密内容XYZ" not in (result.error or "")


def test_blank_pdf_without_images_is_not_called_a_scan(tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(hostile.pdf_many_blank_pages(500))
    error = check_file(path).error
    assert error and "扫描件" not in error
