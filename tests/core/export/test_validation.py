"""The validator the export tests rely on (tests/ooxml_validator.py) finds what it is there to find.

Every export the tests write is validated by the fixture in conftest.py; these tests show that the
checks can fail: the Open XML SDK on a part the schema forbids, the structure checks on a comment without
its reference, an unpaired range, a duplicate comment id, a cell ending in a table, a part without a
content type and a relationship to a missing part. The command-line run (written in a subprocess, out of
the fixture's reach) is validated here too, each annotated DOCX against its input.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from tests.conftest import CORPUS
from tests.ooxml_validator import added_errors, check, sdk, sdk_unavailable


def _docx_with_comment(path: Path) -> Path:
    document = docx.Document()
    paragraph = document.add_paragraph("本年新收政府信息公开申请数量")
    document.add_comment([paragraph.runs[0]], text="批注", author="审核人", initials="审")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "5"
    for look in table._tbl.xpath("./w:tblPr/w:tblLook"):  # python-docx's Word 2010 attributes
        look.getparent().remove(look)
    document.save(str(path))
    return path


def _rewrite(path: Path, target: Path, part: str, change) -> Path:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            if data is not None:
                out.writestr(info, data)
    return target


def test_a_plain_python_docx_file_with_a_comment_has_no_error(tmp_path):
    checked = check(_docx_with_comment(tmp_path / "ok.docx"))
    assert checked.errors == [] and checked.comments == 1


@pytest.mark.parametrize(
    ("part", "change", "expected"),
    [
        (
            "word/document.xml",
            lambda x: re.sub(
                r"<w:r><w:rPr>.{0,200}?<w:commentReference[^>]*/></w:r>|<w:r><w:commentReference[^>]*/></w:r>",
                "",
                x,
                count=1,
            ),
            "commentReference",
        ),
        ("word/document.xml", lambda x: re.sub(r"<w:commentRangeEnd[^>]*/>", "", x, count=1), "range starts"),
        (
            "word/comments.xml",
            lambda x: x.replace(
                "</w:comments>", re.search(r"<w:comment .*?</w:comment>", x).group(0) + "</w:comments>"
            ),
            "used 2 times",
        ),
        (
            "word/document.xml",
            lambda x: x.replace(
                "</w:p></w:tc>", "</w:p><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc>", 1
            ),
            "do not end with a paragraph",
        ),
        (
            "[Content_Types].xml",
            lambda x: re.sub(r'<Override PartName="/word/comments.xml"[^>]*/>', "", x),
            "no content type",
        ),
        (
            "word/_rels/document.xml.rels",
            lambda x: x.replace('Target="comments.xml"', 'Target="missing.xml"'),
            "points at missing",
        ),
    ],
    ids=[
        "no-reference",
        "unpaired-range",
        "duplicate-id",
        "cell-ends-in-table",
        "no-content-type",
        "missing-target",
    ],
)
def test_the_structure_checks_find_what_word_repairs(tmp_path, part, change, expected):
    good = _docx_with_comment(tmp_path / "good.docx")
    bad = _rewrite(good, tmp_path / "bad.docx", part, change)
    messages = [error.message for error in check(bad, use_sdk=False).errors]
    assert any(expected in message for message in messages), messages


def test_the_schema_validator_runs_and_finds_a_forbidden_element(tmp_path):
    reason = sdk_unavailable()
    if reason:
        pytest.skip(reason)
    assert sdk() is not None
    good = _docx_with_comment(tmp_path / "good.docx")
    bad = _rewrite(
        good,
        tmp_path / "bad.docx",
        "word/document.xml",
        lambda x: x.replace("<w:body>", "<w:body><w:bogus/>", 1),
    )
    kinds = {error.kind for error in check(bad).errors}
    assert {"schema Office2007", "schema Microsoft365"} <= kinds


def test_an_annotated_copy_is_judged_by_the_errors_it_adds(tmp_path):
    """A DOCX input with an error of its own: the same error in the copy is not the export's."""
    good = _docx_with_comment(tmp_path / "good.docx")
    original = _rewrite(
        good,
        tmp_path / "input.docx",
        "word/document.xml",
        lambda x: x.replace(
            "</w:p></w:tc>", "</w:p><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc>", 1
        ),
    )
    assert check(original, use_sdk=False).errors
    assert added_errors(original, original).errors == []


def test_the_command_line_exports_are_valid(tmp_path):
    """The copies and workbook `python -m app check --export-dir` writes (in-process here so the
    fixture sees them too), every annotated DOCX judged against its input."""
    from app.cli import run_check

    inputs = [CORPUS / "files" / name for name in ("seed000-t3_cell.docx", "seed001-t3_balance.pdf")]
    out = tmp_path / "导出"
    run_check(["--export-dir", str(out), *map(str, inputs)], out=io.StringIO())
    written = sorted(out.iterdir())
    assert len(written) == 3
    for path in written:
        original = next((p for p in inputs if path.name.startswith(p.stem) and p.suffix == ".docx"), None)
        assert added_errors(path, original).errors == [], path.name
