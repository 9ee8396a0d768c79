"""The preview names the kind of file as people do (a web page is 网页, never 「html文件」)."""

from __future__ import annotations

from app.core.check import check_file
from app.core.readers import kind_name
from app.ui.preview_html import render_document
from tests.core.rules.examples import base_text


def test_the_preview_names_a_web_page_as_people_do(tmp_path):
    page = tmp_path / "report.html"
    lines = "".join(f"<p>{line}</p>" for line in base_text().split("\n") if line.strip() and "\t" not in line)
    page.write_text(f"<html><body>{lines}</body></html>", encoding="utf-8")
    result = check_file(page)
    assert result.document is not None and result.document.kind == "html"
    shown = render_document(result)
    assert "网页文件" in shown and "html文件" not in shown
    assert kind_name("html") == "网页"
