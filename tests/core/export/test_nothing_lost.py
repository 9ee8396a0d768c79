"""Nothing lost in a batch: characters a Word file cannot hold are dropped and said once, and one
report's failed copy (or a failed workbook) never costs the others.

A TXT or HTML report may carry control characters (U+0001, U+000B, U+001B …) or U+FFFE; XML cannot hold
them, python-docx and openpyxl refuse them, and before this the report got no copy and the batch no
workbook at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

import app.core.export as export
from app.core.check import check_file
from app.core.export import SUFFIX, WORKBOOK_NAME, PartialExportError, export_batch, export_report
from app.core.export.safe_text import NOT_XML, document_texts, dropped_characters
from tests.conftest import CORPUS
from tests.core.export.docx_xml import parts, text_of
from tests.fixtures import html_pages

CLEAN = CORPUS / "seeds" / "001_4b40133624080b57.txt"
CONTROLS = "\x01\x0b\x1b\ufffe\x08"


def _txt_with_controls(path: Path) -> Path:
    lines = CLEAN.read_text(encoding="utf-8").splitlines()
    title = next(i for i, line in enumerate(lines) if "年度报告" in line)
    lines[title] = "\x01" + lines[title]
    heading = next(i for i, line in enumerate(lines) if line.startswith("一、"))
    lines[heading] = lines[heading] + "\x1b[0m\ufffe"
    body = next(i for i, line in enumerate(lines) if len(line) > 30)
    lines[body] = lines[body][:10] + "\x08" + lines[body][10:] + "\x0c"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _html_with_controls(path: Path) -> Path:
    page = html_pages.site_page_bytes(html_pages.make_report(4)).decode("utf-8")
    head, content = page.split('class="article-content"', 1)
    content = content.replace("本报告根据", "本报告\x01根据\x1b", 1).replace("编制。", "编制。\ufffe", 1)
    page = head + 'class="article-content"' + content
    path.write_text(page, encoding="utf-8")
    return path


def _summary_and_body(path: Path) -> tuple[list[str], str]:
    body, _ = parts(path)
    paragraphs = [text_of(p) for p in body.iter("{*}p")]
    return paragraphs, "".join(paragraphs)


@pytest.mark.parametrize("make", [_txt_with_controls, _html_with_controls], ids=["txt", "html"])
def test_control_characters_are_dropped_and_said_once(tmp_path, make):
    source = make(tmp_path / f"报告{'.txt' if make is _txt_with_controls else '.html'}")
    result = check_file(source)
    assert result.error is None
    dropped = dropped_characters(document_texts(result.document))
    assert dropped, "the reader kept none of the control characters: nothing to show"
    copy = export_report(result, tmp_path / f"报告{SUFFIX}")
    paragraphs, text = _summary_and_body(copy)
    notes = [p for p in paragraphs if "无法容纳的控制字符" in p]
    assert len(notes) == 1 and f"{sum(dropped.values())} 个" in notes[0]
    assert f"U+{ord(min(dropped)):04X}" in notes[0]
    assert not NOT_XML.search(text)
    # the text around them is kept as it was
    for block in result.document.blocks[:5]:
        if hasattr(block, "text") and NOT_XML.search(block.text):
            assert NOT_XML.sub("", block.text) in text


def test_a_batch_with_control_characters_and_a_failing_copy_writes_everything_else(tmp_path, monkeypatch):
    bad_txt = _txt_with_controls(tmp_path / "控制字符\x1b.txt")  # even the file name holds one
    bad_html = _html_with_controls(tmp_path / "网页.html")
    failing = tmp_path / "出错.txt"
    failing.write_bytes(CLEAN.read_bytes())
    real = export.rebuild_docx

    def rebuild(result, target, *args):
        if Path(result.path) == failing:
            raise RuntimeError("an exporter bug")
        return real(result, target, *args)

    monkeypatch.setattr(export, "rebuild_docx", rebuild)
    results = [check_file(path) for path in (bad_txt, failing, bad_html)]
    with pytest.raises(PartialExportError) as raised:
        export_batch(results, tmp_path / "out")
    written = [path.name for path in raised.value.written]
    assert written == [f"控制字符\x1b{SUFFIX}", f"网页{SUFFIX}", WORKBOOK_NAME]
    assert [Path(path).name for path, _ in raised.value.failures] == ["出错.txt"]
    assert "出错.txt" in str(raised.value) and "RuntimeError" in str(raised.value)
    book = load_workbook(raised.value.written[-1])
    files = [row[0] for row in book["报告"].iter_rows(min_row=2, values_only=True)]
    assert len(files) == 3 and files[0].endswith("控制字符.txt")  # the row is there, the character not


def test_a_failed_workbook_leaves_the_copies_written_and_says_so(tmp_path, monkeypatch):
    source = tmp_path / "报告.txt"
    source.write_bytes(CLEAN.read_bytes())

    def broken(*args, **kwargs):
        raise ValueError("openpyxl refused a cell")

    monkeypatch.setattr(export, "write_workbook", broken)
    with pytest.raises(PartialExportError) as raised:
        export_batch([check_file(source)], tmp_path / "out")
    assert [path.name for path in raised.value.written] == [f"报告{SUFFIX}"]
    assert raised.value.failures[0][0] == WORKBOOK_NAME
    assert "1 个文件没能导出" in str(raised.value) and "ValueError" in str(raised.value)


def test_a_long_or_odd_reviewer_name_is_bounded(tmp_path):
    source = tmp_path / "报告.txt"
    source.write_bytes(CLEAN.read_bytes())
    result = check_file(source)
    assert result.findings
    copy = export_report(result, tmp_path / f"报告{SUFFIX}", reviewer="审核人" * 200 + "\x07")
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(copy) as package:
        comments = etree.fromstring(package.read("word/comments.xml"))
    authors = {
        c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}author") for c in comments
    }
    assert len(authors) == 1
    (author,) = authors
    assert len(author) == 255 and author.startswith("审核人") and "\x07" not in author
