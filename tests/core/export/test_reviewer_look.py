"""Comments that look like a reviewer's: Word's comment styles with a Chinese font, the time in local
time, a rebuilt copy's properties naming the report, the reviewer and today, places the copy can use.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from app.core.check import check_batch, check_file
from app.core.export import SUFFIX, export_batch, export_report
from app.core.export.annotate_docx import COMMENT_FONT
from app.core.export.comments import split_place
from tests.conftest import CORPUS
from tests.core.export.docx_xml import W

FILES = CORPUS / "files"


def _xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


def _styles(path: Path) -> dict[str, etree._Element]:
    return {s.get(W + "styleId"): s for s in _xml(path, "word/styles.xml").iter(W + "style")}


def _japanese_theme_docx(path: Path) -> Path:
    """A report whose theme language is ja-JP and whose Normal style indents two characters."""
    data = (FILES / "seed000-t3_cell.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = {info.filename: package.read(info) for info in package.infolist()}
    settings = etree.fromstring(members["word/settings.xml"])
    for old in settings.iter(W + "themeFontLang"):
        old.getparent().remove(old)
    etree.SubElement(settings, W + "themeFontLang", {W + "val": "en-US", W + "eastAsia": "ja-JP"})
    members["word/settings.xml"] = etree.tostring(settings, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, member in members.items():
            package.writestr(name, member)
    return path


@pytest.mark.parametrize("kind", ["annotated", "rebuilt"])
def test_comments_use_defined_comment_styles_with_a_chinese_font_and_local_time(tmp_path, kind):
    source = (
        _japanese_theme_docx(tmp_path / "报告.docx") if kind == "annotated" else FILES / "seed000-t3_cell.pdf"
    )
    before = dt.datetime.now().replace(microsecond=0)
    copy = export_report(check_file(source), tmp_path / f"报告{SUFFIX}", reviewer="李审核")
    after = dt.datetime.now()
    styles = _styles(copy)
    comments = list(_xml(copy, "word/comments.xml").iter(W + "comment"))
    assert comments
    for comment in comments:
        stamp = comment.get(W + "date")
        assert not stamp.endswith("Z") and "+" not in stamp  # local time, as Word writes it
        assert before <= dt.datetime.fromisoformat(stamp) <= after
        for p in comment.iter(W + "p"):
            style = p.find(f"{W}pPr/{W}pStyle").get(W + "val")
            assert style in styles and styles[style].get(W + "type") == "paragraph"
            fonts = styles[style].find(f"{W}rPr/{W}rFonts")
            assert fonts is not None and fonts.get(W + "eastAsia") == COMMENT_FONT
            assert styles[style].find(f"{W}rPr/{W}sz").get(W + "val") == "20"  # 10 pt, as Word's own
            for r in p.iter(W + "r"):
                if r.find(W + "annotationRef") is None and r.find(W + "t") is not None:
                    assert r.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == COMMENT_FONT
    references = list(_xml(copy, "word/document.xml").iter(W + "commentReference"))
    assert len(references) == len(comments)
    for reference in references:
        style = reference.getparent().find(f"{W}rPr/{W}rStyle").get(W + "val")
        assert styles[style].get(W + "type") == "character"


def test_a_documents_own_comment_styles_are_kept(tmp_path):
    """A report that already defines 批注文字 under its own id (Chinese Word writes "a5") keeps it."""
    word = docx.Document(str(FILES / "seed000-t3_cell.docx"))
    style = word.styles.add_style("批注文字", 1)
    style.element.set(W + "styleId", "a5")
    style.element.find(W + "name").set(W + "val", "annotation text")
    source = tmp_path / "报告.docx"
    word.save(str(source))
    copy = export_report(check_file(source), tmp_path / f"报告{SUFFIX}")
    used = {p.get(W + "val") for p in _xml(copy, "word/comments.xml").iter(W + "pStyle")}
    assert used == {"a5"} and "CommentText" not in _styles(copy)


def test_a_rebuilt_copy_names_the_report_the_reviewer_and_today(tmp_path):
    result = check_file(FILES / "seed000-t3_cell.pdf")
    copy = export_report(result, tmp_path / f"报告{SUFFIX}", reviewer="李审核")
    properties = docx.Document(str(copy)).core_properties
    assert properties.author == properties.last_modified_by == "李审核"
    assert properties.title.startswith(result.title or "seed000") and properties.title.endswith(
        "（检查意见）"
    )
    assert "python-docx" not in f"{properties.author}{properties.comments}{properties.title}"
    assert properties.created.date() >= dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=1)
    with zipfile.ZipFile(copy) as package:
        names = package.namelist()
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names


def test_a_place_is_cut_after_its_page_not_inside_a_label_holding_a_comma():
    assert split_place("第3页，表三“（一）予以公开，部分公开”行“自然人”列") == (
        "第3页",
        "表三“（一）予以公开，部分公开”行“自然人”列",
    )
    assert split_place("表三“甲，乙”行") == ("表三“甲，乙”行", "")


def test_a_pdf_page_in_a_copy_is_said_as_the_original_files(tmp_path):
    copy = export_report(check_file(FILES / "seed000-t3_cell.pdf"), tmp_path / f"报告{SUFFIX}")
    texts = [
        "".join(t.text or "" for t in c.iter(W + "t"))
        for c in _xml(copy, "word/comments.xml").iter(W + "comment")
    ]
    places = [t.split("位置：", 1)[1] for t in texts if "位置：" in t]
    assert places and all(not place.startswith("第") for place in places)
    assert any(place.startswith("原文件第") and "页" in place for place in places)


def test_copies_for_two_reports_of_one_body_and_year_never_name_the_other_file(tmp_path):
    first, second = tmp_path / "甲单位年报.docx", tmp_path / "修订稿.docx"
    for path in (first, second):
        path.write_bytes((FILES / "seed000-t3_cell.docx").read_bytes())
    results = check_batch([check_file(first), check_file(second)])
    assert any("跨年度结转核对" in f.message for r in results for f in r.findings)  # the reviewer's note
    written = export_batch(results, tmp_path / "out")
    for copy, other in zip(written[:2], ("修订稿", "甲单位年报"), strict=True):
        body = "".join(t.text or "" for t in _xml(copy, "word/document.xml").iter(W + "t"))
        comments = "".join(t.text or "" for t in _xml(copy, "word/comments.xml").iter(W + "t"))
        for text in (body[: body.find("以下为报告原文")], comments):
            assert "跨年度" not in text and other not in text
