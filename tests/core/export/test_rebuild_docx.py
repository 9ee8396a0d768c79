"""Rebuilt Word copies of PDF, TXT and XLSX reports: the author's document as read (paragraphs, headings,
the author's own tables with their rows, labels and merges), one comment per problem on its paragraph
or cell naming the original page/line, the cells at fault shaded, doubtful readings said so."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from lxml import etree

from app.core.check import check_document, check_file
from app.core.export.annotate_docx import FILLS, SUMMARY_END, SUMMARY_TITLE
from app.core.export.comments import DOUBT_LABEL, ORIGINAL, problems, split_place, where
from app.core.export.rebuild_docx import rebuild_docx
from app.core.model import Paragraph, ReaderNote, Result, Table
from tests.conftest import CORPUS
from tests.core.export.docx_xml import CODES, W, commented_text, parts, text_of

LABELS = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
REBUILT_WITH_FINDINGS = sorted(
    name for name, items in LABELS.items() if items and name.endswith((".pdf", ".txt", ".xlsx"))
)
OUR_FILLS = set(FILLS.values())


def comment_start(body: etree._Element, cid: str) -> etree._Element:
    [start] = [e for e in body.iter(W + "commentRangeStart") if e.get(W + "id") == cid]
    return start


def enclosing(element: etree._Element, tag: str) -> etree._Element | None:
    while element is not None and element.tag != W + tag:
        element = element.getparent()
    return element


def fill_of(tc: etree._Element) -> str | None:
    shd = tc.find(f"{W}tcPr/{W}shd")
    return shd.get(W + "fill") if shd is not None else None


def comment_of(comments: dict[str, str], message: str) -> str:
    [cid] = [cid for cid, text in comments.items() if message in text]
    return cid


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> dict[str, tuple[Result, Path]]:
    out = tmp_path_factory.mktemp("rebuilt")
    done = {}
    for name in REBUILT_WITH_FINDINGS:
        result = check_file(CORPUS / name)
        assert result.error is None, result.error
        done[name] = (result, rebuild_docx(result, out / f"{Path(name).name}（检查意见）.docx"))
    return done


@pytest.mark.parametrize("name", REBUILT_WITH_FINDINGS)
def test_every_error_is_one_comment_on_what_it_concerns_with_the_original_place(rebuilt, name):
    result, path = rebuilt[name]
    assert docx.Document(str(path)).paragraphs[0].text == SUMMARY_TITLE  # reopens
    body, comments = parts(path)
    found = [p for p in problems(result) if p.severity == "error"]
    assert found
    for problem in found:
        cid = comment_of(comments, problem.findings[0].message)
        text = comments[cid]
        assert all(f.message in text for f in problem.findings)
        assert not CODES.search(text), text
        start = comment_start(body, cid)
        if problem.anchor is None:  # a missing last section: an empty paragraph after the last text
            p = enclosing(start, "p")
            assert text_of(p) == "" and "报告末尾" in text
            continue
        place = where(result, problem)  # a PDF page or TXT line said as the original's: "原文件第3页"
        assert place.startswith(ORIGINAL) or result.kind not in ("pdf", "txt")
        position, spot = split_place(place)
        # The place in full, or the page/line alone when the message already names the spot.
        assert f"位置：{place}" in text or (spot in text and f"位置：{position}" in text)
        if result.kind in ("pdf", "txt", "xlsx"):
            assert any(word in text for word in ("页", "行", "工作表")), text
        block = result.document.blocks[problem.anchor.block]
        if problem.anchor.before:  # an empty paragraph just before the next section's heading
            p = enclosing(start, "p")
            assert text_of(p) == "" and enclosing(p, "tc") is None
            following = next(e for e in p.itersiblings() if text_of(e).strip())
            assert text_of(following) == block.text
            continue
        if isinstance(block, Paragraph):
            p = enclosing(start, "p")
            assert enclosing(p, "tc") is None
            anchor = problem.anchor
            whole = anchor.start is None
            assert commented_text(p, cid) == (block.text if whole else block.text[anchor.start : anchor.end])
            continue
        tc = enclosing(start, "tc")
        assert tc is not None and commented_text(tc, cid) == text_of(tc)
        anchor = problem.anchor
        if anchor.cell is not None:
            assert text_of(tc) == block.rows[anchor.row].cells[anchor.cell].text
        if problem.shade:
            assert fill_of(tc) == FILLS[problem.severity]


@pytest.mark.parametrize("name", REBUILT_WITH_FINDINGS)
def test_shaded_cells_are_exactly_the_cells_at_fault(rebuilt, name):
    result, path = rebuilt[name]
    body, comments = parts(path)
    shaded = [tc for tc in body.iter(W + "tc") if fill_of(tc) in OUR_FILLS]
    at_fault = [p for p in problems(result) if p.shade]
    assert len(shaded) == len({(p.anchor.block, p.anchor.row, p.anchor.cell) for p in at_fault})
    for problem in at_fault:
        cid = comment_of(comments, problem.findings[0].message)
        assert enclosing(comment_start(body, cid), "tc") in shaded


def _cell_rows(tbl: etree._Element) -> list[list[str]]:
    return [[text_of(tc) for tc in tr.findall(W + "tc") if text_of(tc)] for tr in tbl.findall(W + "tr")]


@pytest.mark.parametrize("name", ["files/seed000-t3_cell.xlsx", "files/seed000-t3_cell.pdf"])
def test_the_copy_is_the_document_as_read_in_order(rebuilt, name):
    result, path = rebuilt[name]
    document = docx.Document(str(path))
    paragraphs = document.paragraphs
    after = [p for p in paragraphs[[p.text for p in paragraphs].index(SUMMARY_END) + 1 :] if p.text]
    blocks = result.document.blocks
    assert [p.text for p in after] == [b.text for b in blocks if isinstance(b, Paragraph) and b.text]
    styles = {p.text: p.style.name for p in after}
    for hit in result.report.sections:
        assert styles[blocks[hit.block].text] == "Heading 1"
    assert styles[blocks[result.report.title_block].text] == "Title"
    body, _ = parts(path)
    tables = body.findall(W + "tbl")
    read = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == len(read)
    for tbl, block in zip(tables, read, strict=True):
        assert len(tbl.findall(W + "tr")) == len(block.rows)
        assert _cell_rows(tbl) == [[c.text for c in row.cells if c.text] for row in block.rows]


def _span(tc: etree._Element) -> int:
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    return int(span.get(W + "val")) if span is not None else 1


def _vmerge(tc: etree._Element) -> str | None:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    return None if merge is None else (merge.get(W + "val") or "continue")


def _grid(tbl: etree._Element) -> dict[tuple[int, int], etree._Element]:
    cells = {}
    for r, tr in enumerate(tbl.findall(W + "tr")):
        col = 0
        for tc in tr.findall(W + "tc"):
            cells[(r, col)] = tc
            col += _span(tc)
    return cells


def test_merges_are_the_sources_merges(rebuilt):
    result, path = rebuilt["files/seed000-t3_cell.pdf"]
    body, _ = parts(path)
    read = [b for b in result.document.blocks if isinstance(b, Table)]
    checked = 0
    for tbl, block in zip(body.findall(W + "tbl"), read, strict=True):
        grid = _grid(tbl)
        for r, row in enumerate(block.rows):
            for cell in row.cells:
                tc = grid[(r, cell.col)]
                assert text_of(tc) == cell.text
                assert _span(tc) == cell.colspan
                if cell.rowspan > 1:
                    checked += 1
                    assert _vmerge(tc) == "restart"
                    below = [_vmerge(grid[(r + k, cell.col)]) for k in range(1, cell.rowspan)]
                    assert below == ["continue"] * (cell.rowspan - 1)
    assert checked, "the corpus PDF's table 三 merges its group labels down"


def _txt_report(tmp_path: Path, name: str, edit) -> Path:
    text = (CORPUS / "files" / "seed000-filled.txt").read_text(encoding="utf-8")
    source = tmp_path / name
    source.write_text(edit(text), encoding="utf-8")
    return source


def _missing_section_comment(tmp_path: Path, name: str, edit):
    """The copy's body and the paragraph that holds the comment on the section `edit` removed."""
    result = check_file(_txt_report(tmp_path, name, edit))
    [missing] = [f for f in result.findings if f.rule == "S101"]
    body, comments = parts(rebuild_docx(result, tmp_path / "out.docx"))
    return body, enclosing(comment_start(body, comment_of(comments, missing.message)), "p")


def test_the_authors_labels_are_kept_and_the_comment_names_the_official_one(tmp_path):
    """A mistyped row label is not corrected in the copy: the comment on it says what it should be."""
    official = "2.其他法律行政法规禁止公开"
    written = "2.其他法律行政止公开"
    source = _txt_report(tmp_path, "错字.txt", lambda text: text.replace(official, written, 1))
    result = check_file(source)
    path = rebuild_docx(result, tmp_path / "out.docx")
    body, comments = parts(path)
    texts = [text_of(tc) for tc in body.iter(W + "tc")]
    assert written in texts and official not in texts
    [cid] = [cid for cid, text in comments.items() if written in text]
    assert official in comments[cid]
    tc = enclosing(comment_start(body, cid), "tc")
    assert text_of(tc) == written


def test_a_doubtful_reading_is_marked_in_a_comment(tmp_path):
    result = check_file(CORPUS / "files" / "seed000-filled.txt")
    document = result.document
    index = next(
        i for i, b in enumerate(document.blocks) if isinstance(b, Paragraph) and len(b.text) > 20 and i > 3
    )
    note = ReaderNote("此处文字顺序可能错乱", document.blocks[index].source, block=index, doubt=True)
    doubtful = check_document(replace(document, notes=(note,)))
    path = rebuild_docx(doubtful, tmp_path / "out.docx")
    body, comments = parts(path)
    [cid] = [cid for cid, text in comments.items() if note.message in text]
    assert DOUBT_LABEL in comments[cid]
    assert f"第{document.blocks[index].source.line}行" in comments[cid]
    p = enclosing(comment_start(body, cid), "p")
    assert text_of(p) == document.blocks[index].text


def test_a_missing_last_section_sits_after_the_text_not_on_a_page_number(tmp_path):
    def cut_six(text: str) -> str:
        head = text[: text.index("六、其他需要报告的事项")]
        return head + "\n- 6 -\n"

    body, p = _missing_section_comment(tmp_path, "缺第六部分.txt", cut_six)
    assert text_of(p) == ""
    following = [text_of(e) for e in p.itersiblings() if text_of(e).strip()]
    assert following == ["- 6 -"]  # only the page number comes after, and it carries no comment
    page_number = next(e for e in body.iter(W + "p") if text_of(e) == "- 6 -")
    assert not list(page_number.iter(W + "commentRangeStart"))


def test_a_missing_section_sits_before_the_next_heading(tmp_path):
    def cut_two(text: str) -> str:
        start = text.index("二、主动公开政府信息情况")
        end = text.index("三、收到和处理政府信息公开申请情况")
        return text[:start] + text[end:]

    _, p = _missing_section_comment(tmp_path, "缺第二部分.txt", cut_two)
    assert text_of(p) == ""
    assert text_of(p.getnext()) == "三、收到和处理政府信息公开申请情况"


def test_an_extra_table_is_kept_as_the_author_wrote_it(tmp_path):
    source = _txt_report(
        tmp_path, "附表.txt", lambda text: text + "\n附表：培训情况\n项目\t次数\t人次\n业务培训\t3\t45\n"
    )
    result = check_file(source)
    body, _ = parts(rebuild_docx(result, tmp_path / "out.docx"))
    tables = body.findall(W + "tbl")
    assert len(tables) == sum(1 for b in result.document.blocks if isinstance(b, Table))
    assert _cell_rows(tables[-1]) == [["项目", "次数", "人次"], ["业务培训", "3", "45"]]


def test_input_untouched_and_numbered_when_the_name_is_taken(tmp_path):
    source = CORPUS / "files" / "seed000-t3_cell.pdf"
    before = source.read_bytes()
    result = check_file(source)
    first = rebuild_docx(result, tmp_path / "报告（检查意见）.docx")
    second = rebuild_docx(result, tmp_path / "报告（检查意见）.docx")
    assert first.name == "报告（检查意见）.docx" and second.name == "报告（检查意见）(2).docx"
    assert source.read_bytes() == before


def test_tables_without_a_known_format_are_kept_whole(tmp_path):
    result = check_file(CORPUS / "files" / "seed000-t3_cell.txt")
    result.report.layout = None  # as if no format matched: nothing may be lost
    body, _ = parts(rebuild_docx(result, tmp_path / "out.docx"))
    tables = body.findall(W + "tbl")
    written = {text_of(tc) for tbl in tables for tc in tbl.iter(W + "tc")}
    read = [block for block in result.document.blocks if isinstance(block, Table)]
    assert len(tables) == len(read)
    assert {cell.text for block in read for row in block.rows for cell in row.cells} <= written
