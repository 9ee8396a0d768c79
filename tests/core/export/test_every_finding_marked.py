"""Every finding of an annotated DOCX is marked in the text or said in the summary.

Templates put a report inside content controls (w:sdt) or lay it out in an outer table, so the wrong
cell sits in a table nested in another table or inside a content control. The comment must land on that
cell as it does in the plain file; and a problem that has no spot to hold a comment (one about the whole
report) is listed in the summary as not marked instead of the summary claiming all are.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from app.core.check import check_file
from app.core.export import SUFFIX, export_report
from app.core.export.annotate_docx import ALL_MARKED, NOT_MARKED_TAG
from app.core.model import Finding
from tests.conftest import CORPUS
from tests.core.export.docx_xml import W, commented_text, parts, text_of
from tests.fixtures.layout_docx import wrap_in_table

SOURCE = CORPUS / "files" / "seed000-t3_cell.docx"


def wrap_in_content_control(data: bytes) -> bytes:
    """The body's paragraphs and tables moved into one block content control, as templates do."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = {info.filename: package.read(info) for info in package.infolist()}
    root = etree.fromstring(members["word/document.xml"])
    body = root.find(W + "body")
    sdt = etree.Element(W + "sdt")
    properties = etree.SubElement(sdt, W + "sdtPr")
    etree.SubElement(properties, W + "alias", {W + "val": "报告正文"})
    content = etree.SubElement(sdt, W + "sdtContent")
    for child in [c for c in body if c.tag in (W + "p", W + "tbl")]:
        content.append(child)
    body.insert(0, sdt)
    members["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, member in members.items():
            package.writestr(name, member)
    return out.getvalue()


VARIANTS = {
    "plain": lambda data: data,
    "content-control": wrap_in_content_control,
    "one-cell-layout-table": lambda data: wrap_in_table(data, rows=1),
    "three-row-layout-table": lambda data: wrap_in_table(data, rows=3),
    "layout-table-in-content-control": lambda data: wrap_in_content_control(wrap_in_table(data, rows=2)),
}


def _commented(path: Path) -> tuple[list[str], list[str]]:
    """(the text each comment covers, every comment's text), in order."""
    body, comments = parts(path)
    return [commented_text(body, cid) for cid in comments], list(comments.values())


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> tuple[list[str], list[str]]:
    folder = tmp_path_factory.mktemp("plain")
    return _commented(export_report(check_file(SOURCE), folder / f"plain{SUFFIX}"))


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_wrong_cell_nested_or_in_a_content_control_gets_its_comment(tmp_path, variant, plain):
    source = tmp_path / f"{variant}.docx"
    source.write_bytes(VARIANTS[variant](SOURCE.read_bytes()))
    result = check_file(source)
    assert result.error is None and any(a.cell is not None for f in result.findings for a in f.anchors)
    copy = export_report(result, tmp_path / f"{variant}{SUFFIX}")
    covered, comments = _commented(copy)
    assert (covered, comments) == plain  # the same comments on the same text as in the plain file
    body, _ = parts(copy)
    shaded = [tc for tc in body.iter(W + "tc") if tc.find(f"{W}tcPr/{W}shd") is not None]
    assert shaded and all(text_of(tc).strip() for tc in shaded)
    summary = [text_of(p) for p in body.iter(W + "p")]
    assert ALL_MARKED in summary


def test_a_problem_without_a_spot_is_listed_as_not_marked(tmp_path):
    result = check_file(SOURCE)
    whole = Finding(rule="X999", category="value", severity="warning", message="整份报告未写明发布日期。")
    result = dataclasses.replace(result, findings=(*result.findings, whole))
    copy = export_report(result, tmp_path / f"报告{SUFFIX}")
    body, comments = parts(copy)
    texts = [text_of(p) for p in body.iter(W + "p")]
    listed = [t for t in texts if "整份报告未写明发布日期" in t]
    assert len(listed) == 1 and listed[0].endswith(NOT_MARKED_TAG)
    number = listed[0].split(".", 1)[0]
    assert any(f"第 {number} 项在正文中没有批注" in t for t in texts)
    assert ALL_MARKED not in texts
    assert not any("整份报告未写明发布日期" in c for c in comments.values())
