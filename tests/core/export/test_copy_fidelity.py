"""Every report of the corpora, exported as the author's Word copy: the copy holds ≥ 99% of the original's
text in order and every table with its rows; it speaks to the author (no rule codes, relation ids,
format ids or the reviewer's dismissal reasons) and gives each problem one comment.

The real reports in ../shared/corpus/real are third-party documents: they are read from there, never
copied, and the cases skip with a reason when that folder is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.check import check_file
from app.core.export import export_report
from app.core.export.comments import problems
from app.core.model import Table
from tests.conftest import CORPUS
from tests.core.export.docx_xml import CODES, W, parts, text_of
from tests.core.export.source_text import copy_text_and_tables, html_table_rows, in_order_share, source_text
from tests.fixtures import html_pages, pdf_classes

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared" / "corpus"
REAL = SHARED / "real" / "files"
GENERATED = SHARED / "files" if (SHARED / "files").is_dir() else CORPUS / "files"
REAL_NAMES = (
    "hongze-2023.pdf",
    "hongze-2024.pdf",
    "pingtan-2023.html",
    "pingtan-2019.txt",
    "pingtan-2021.txt",
)
REAL_NAMES += ("pingtan-2022.txt", "pingtan-2023.txt", "template-blank.docx")
# Cases that fail only because a reader is still being fixed on its own branch, marked
# `xfail(strict=False, reason="reader: …")` until the fix lands (none left since the HTML and PDF
# readers were merged).
READER_PENDING: dict[str, str] = {}
# A PDF's page and a text file's line are the original's, said so ("原文件第4页"): the copy has its own pages.
ORIGINAL_PLACE = re.compile(r"位置：(?:原文件第\d+[页行]|工作表“|网页源代码第\d+行|报告末尾)")
REASON = "核实：填报单位电话确认原表无误（审核人备注，不应出现在作者的批注版中）"


def _cases() -> list:
    names = sorted({path.name for path in REAL.iterdir()} | set(REAL_NAMES)) if REAL.is_dir() else REAL_NAMES
    cases = []
    for name in names:
        marks = (
            [pytest.mark.xfail(strict=False, reason=READER_PENDING[name])] if name in READER_PENDING else []
        )
        cases.append(pytest.param(REAL / name, marks=marks, id=f"real/{name}"))
    for path in sorted(GENERATED.iterdir()):
        cases.append(pytest.param(path, id=f"files/{path.name}"))
    return cases


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("copies")


@pytest.mark.parametrize("path", _cases())
def test_the_copy_holds_the_source_text_in_order_and_every_table(path: Path, out: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent (the real reports are read from ../shared/corpus/real, never copied)")
    _check_copy(path, out)


# The classes the real reports belong to, generated: web pages saved from a portal, from Word, laid
# out with tables; PDFs printed by WPS (every line on a white box, a page number "- 6 -"), by a browser.
GENERATED_CLASSES = {
    "site_page.html": lambda: html_pages.site_page_bytes(html_pages.make_report(1)),
    "word_page.html": lambda: html_pages.word_page_bytes(html_pages.make_report(2)),
    "layout_table_page.html": lambda: html_pages.layout_table_page(html_pages.make_report(3)).encode("utf-8"),
    "wps_boxes.pdf": pdf_classes.wps_boxes,
    "browser_print.pdf": pdf_classes.browser_print,
}


@pytest.mark.parametrize("name", sorted(GENERATED_CLASSES))
def test_copies_of_the_generated_classes_hold_their_text_and_tables(name: str, out: Path) -> None:
    path = out / name
    path.write_bytes(GENERATED_CLASSES[name]())
    _check_copy(path, out)


def _check_copy(path: Path, out: Path) -> None:
    result = check_file(path)
    assert result.error is None, result.error
    dismissed = {0: REASON} if result.findings else {}
    copy = export_report(result, out / f"{path.name}（检查意见）.docx", dismissed=dismissed)

    text, tables = copy_text_and_tables(copy)
    share = in_order_share(source_text(path, result.title), text)
    assert share >= 0.99, f"only {share:.2%} of the source text is in the copy"
    if result.kind != "docx":
        read = [len(block.rows) for block in result.document.blocks if isinstance(block, Table)]
        assert tables == read, "every table as read, with its rows, in order"
    if result.kind == "html":
        for rows in html_table_rows(path, result.title):
            assert rows in tables, f"a {rows}-row table of the page is not in the copy"

    body, comments = parts(copy)
    if result.kind != "docx":  # each comment names the page, sheet cell or line of the original
        for text in comments.values():
            assert ORIGINAL_PLACE.search(text), text
    summary_and_comments = text_of(body) + "".join(comments.values())
    assert REASON not in summary_and_comments and "已核实" not in summary_and_comments
    assert not CODES.search(summary_and_comments), CODES.search(summary_and_comments)
    if dismissed:
        message = result.findings[0].message
        if all(f.message != message for f in result.findings[1:]):
            assert message not in summary_and_comments
    # Every problem the copy can place is in a comment; no two comments on one spot or saying the same.
    placed = [p for p in problems(result, dismissed) if p.anchor is not None or p.is_missing_section]
    assert len(comments) <= len(placed)
    for problem in placed:
        said = problem.findings[0].message if problem.findings else problem.doubt.message
        assert any(said in text for text in comments.values()), said
    assert len(set(comments.values())) == len(comments)
    spots = [_spot(start) for start in body.iter(W + "commentRangeStart")]
    assert len(set(spots)) == len(spots), "two comments on one spot: they should be one"


def _spot(start) -> tuple:
    """Where a comment starts: its paragraph and the characters before it there."""
    before = "".join(text_of(sibling) for sibling in start.itersiblings(preceding=True))
    return (start.getroottree().getpath(start.getparent()), len(before))
