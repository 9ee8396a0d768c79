"""Commented copies of DOCX reports: every error a comment on its exact text, named cells shaded,
the author's text, tables and formatting untouched, the original file untouched."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import docx
import pytest
from lxml import etree

from app.core import wordml
from app.core.check import check_file
from app.core.export.annotate_docx import (
    DISMISSED_HEADING,
    FILLS,
    SUMMARY_END,
    SUMMARY_TITLE,
    annotate_docx,
    span_runs,
)
from app.core.export.comments import problems
from app.core.model import Paragraph, Result
from app.core.wording import plain_value
from tests.conftest import CORPUS
from tests.core.export.docx_xml import CODES, W, commented_text, grid_cell, parts, text_of

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
LABELS = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
DOCX_WITH_FINDINGS = sorted(name for name, items in LABELS.items() if items and name.endswith(".docx"))
OUR_FILLS = set(FILLS.values())


# --- reading the exported package ------------------------------------------------------------------


def summary_length(body: etree._Element) -> int:
    paragraphs = body.findall(W + "p")
    assert text_of(paragraphs[0]) == SUMMARY_TITLE
    return next(i for i, p in enumerate(paragraphs) if text_of(p) == SUMMARY_END) + 1


def comment_ids(comments: dict[str, str], message: str) -> list[str]:
    return [cid for cid, text in comments.items() if message in text]


def range_inside(container: etree._Element, cid: str) -> bool:
    starts = [e for e in container.iter(W + "commentRangeStart") if e.get(W + "id") == cid]
    ends = [e for e in container.iter(W + "commentRangeEnd") if e.get(W + "id") == cid]
    return len(starts) == 1 and len(ends) == 1


def tc_at(body: etree._Element, table: int, row: int, col: int) -> etree._Element:
    """The w:tc at grid column `col` of row `row` of body table `table` (as python-docx counts)."""
    return grid_cell(body.findall(W + "tbl")[table], row, col)


def position_of(body: etree._Element, tc: etree._Element) -> tuple[int, int, int]:
    tr = tc.getparent()
    tbl = tr.getparent()
    return body.findall(W + "tbl").index(tbl), tbl.findall(W + "tr").index(tr), tr.findall(W + "tc").index(tc)


def our_shaded_cells(body: etree._Element) -> set[tuple[int, int, int]]:
    return {
        position_of(body, shd.getparent().getparent())
        for shd in body.iter(W + "shd")
        if shd.getparent().tag == W + "tcPr" and shd.get(W + "fill") in OUR_FILLS
    }


def cell_texts(body: etree._Element) -> list[list[list[str]]]:
    return [
        [[text_of(tc) for tc in tr.findall(W + "tc")] for tr in tbl.findall(W + "tr")]
        for tbl in body.findall(W + "tbl")
    ]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the exported corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, tuple[Result, Path, str]]:
    out = tmp_path_factory.mktemp("annotated")
    done = {}
    for name in DOCX_WITH_FINDINGS:
        before = sha256(CORPUS / name)
        result = check_file(CORPUS / name)
        assert result.error is None, result.error
        path = annotate_docx(result, out / f"{Path(name).stem}（检查意见）.docx")
        done[name] = (result, path, before)
    return done


@pytest.mark.parametrize("name", DOCX_WITH_FINDINGS)
def test_every_error_is_a_comment_on_the_text_it_concerns(exported, name):
    result, path, _ = exported[name]
    found = [p for p in problems(result) if p.severity == "error"]
    assert found, "the corpus labels an error in this file"
    body, comments = parts(path)
    offset = summary_length(body)
    paragraphs = body.findall(W + "p")
    for problem in found:
        [cid] = comment_ids(comments, problem.findings[0].message)
        assert all(f.message in comments[cid] for f in problem.findings)
        assert not CODES.search(comments[cid]), comments[cid]
        for finding in problem.findings:
            if finding.expected is not None and finding.found is not None:
                found, expected = plain_value(finding.found), plain_value(finding.expected)
                values = f"现为 {found}，应为 {expected}"
                assert values in comments[cid] or (found in finding.message and expected in finding.message)
        anchor = problem.anchor
        if anchor is None:  # a missing last section: a point at the end of the last paragraph
            assert problem.is_missing_section
            last = [p for p in paragraphs if text_of(p).strip()][-1]
            assert range_inside(last, cid) and commented_text(last, cid) == ""
            continue
        block = result.document.blocks[anchor.block]
        if isinstance(block, Paragraph):
            p = paragraphs[block.source.paragraph + offset]
            assert range_inside(p, cid)
            if anchor.before:  # where the missing section belongs: before the next heading, on no text
                assert commented_text(p, cid) == ""
                assert p.index(_range_start(p, cid)) <= 1
                continue
            whole = anchor.start is None
            assert commented_text(p, cid) == (block.text if whole else block.text[anchor.start : anchor.end])
        else:
            row = anchor.row or 0
            cell = block.rows[row].cells[anchor.cell or 0]
            tc = tc_at(body, cell.source.table, cell.source.row, cell.source.col)
            assert range_inside(tc, cid)
            if anchor.cell is not None:
                assert text_of(tc) == cell.text


def _range_start(p: etree._Element, cid: str) -> etree._Element:
    return next(e for e in p.iter(W + "commentRangeStart") if e.get(W + "id") == cid)


@pytest.mark.parametrize("name", DOCX_WITH_FINDINGS)
def test_shaded_cells_are_exactly_the_cells_at_fault(exported, name):
    result, path, _ = exported[name]
    body, _ = parts(path)
    original, _ = parts(CORPUS / name)
    assert not our_shaded_cells(original)
    expected = set()
    for problem in problems(result):
        if problem.shade and problem.anchor is not None:
            anchor = problem.anchor
            source = result.document.blocks[anchor.block].rows[anchor.row].cells[anchor.cell].source
            expected.add(position_of(body, tc_at(body, source.table, source.row, source.col)))
    assert our_shaded_cells(body) == expected
    if any(f.category == "arithmetic" for f in result.findings):
        assert expected


def _normalised_body(body: etree._Element, summary: int) -> bytes:
    """The body without the summary, comment marks and our shading, adjacent like runs merged."""
    body = copy.deepcopy(body)
    for p in body.findall(W + "p")[:summary]:
        body.remove(p)
    for mark in list(body.iter(W + "commentRangeStart", W + "commentRangeEnd")):
        mark.getparent().remove(mark)
    for reference in list(body.iter(W + "commentReference")):
        run = reference.getparent()
        run.getparent().remove(run)
    for shd in list(body.iter(W + "shd")):
        if shd.get(W + "fill") in OUR_FILLS:
            shd.getparent().remove(shd)
    for t in body.iter(W + "t"):
        t.attrib.pop(XML_SPACE, None)
    for p in body.iter(W + "p"):
        _merge_like_runs(p)
    return etree.tostring(body, method="c14n")


def _merge_like_runs(p: etree._Element) -> None:
    previous = None
    for run in list(p.findall(W + "r")):
        simple = all(child.tag in (W + "rPr", W + "t") for child in run)
        rpr = run.find(W + "rPr")
        signature = etree.tostring(rpr) if rpr is not None else b""
        if simple and previous is not None and previous[1] == signature and run.getprevious() is previous[0]:
            previous[0].find(W + "t").text += run.find(W + "t").text or ""
            p.remove(run)
        elif simple and run.find(W + "t") is not None:
            previous = (run, signature)
        else:
            previous = None


@pytest.mark.parametrize("name", DOCX_WITH_FINDINGS)
def test_author_text_tables_and_formatting_unchanged_and_input_untouched(exported, name):
    _, path, before = exported[name]
    assert sha256(CORPUS / name) == before
    original = docx.Document(str(CORPUS / name))
    annotated = docx.Document(str(path))
    texts = [p.text for p in annotated.paragraphs]
    summary = texts.index(SUMMARY_END) + 1
    assert texts[summary:] == [p.text for p in original.paragraphs]
    body, _ = parts(path)
    original_body, _ = parts(CORPUS / name)
    assert cell_texts(body) == cell_texts(original_body)
    # Byte for byte the same XML once the summary, comment marks and shading are taken out.
    assert _normalised_body(body, summary) == _normalised_body(original_body, 0)


def test_summary_block_on_top_counts_and_lists_the_problems_without_codes(tmp_path):
    result = check_file(CORPUS / "files" / "seed000-t3_cell.docx")
    path = annotate_docx(result, tmp_path / "out.docx")
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts[0] == SUMMARY_TITLE
    summary = texts[: texts.index(SUMMARY_END)]
    found = problems(result)
    errors = sum(1 for p in found if p.severity == "error")
    assert any(f"错误 {errors} 处" in text for text in summary)
    for number_, problem in enumerate(found, start=1):
        line = next(text for text in summary if text.startswith(f"{number_}. "))
        assert all(f.message.rstrip("。") in line for f in problem.findings)
    assert not any(CODES.search(text) for text in summary)


def test_dismissed_finding_stays_out_of_the_authors_copy_unless_asked_for(tmp_path):
    result = check_file(CORPUS / "files" / "seed000-t3_cell.docx")
    index = next(i for i, f in enumerate(result.findings) if f.category == "arithmetic")
    reason = "已与填报单位电话核实，原表无误"
    message = result.findings[index].message
    path = annotate_docx(result, tmp_path / "out.docx", dismissed={index: reason})
    body, comments = parts(path)
    assert not comment_ids(comments, message)
    assert len(comments) == len(problems(result, {index: reason}))
    assert not our_shaded_cells(body)
    everything = text_of(body) + "".join(comments.values())
    assert reason not in everything and message not in everything and DISMISSED_HEADING not in everything

    shown = annotate_docx(result, tmp_path / "out.docx", dismissed={index: reason}, show_dismissed=True)
    body, _ = parts(shown)
    texts = [text_of(p) for p in body.findall(W + "p")[: summary_length(body)]]
    assert DISMISSED_HEADING in texts
    assert any(reason in text and message in text for text in texts)


def test_missing_last_section_is_commented_at_the_end_of_the_last_paragraph(tmp_path):
    source = docx.Document(str(CORPUS / "files" / "seed000-clean.docx"))
    paragraphs = source.paragraphs
    cut = next(i for i, p in enumerate(paragraphs) if p.text.startswith("六、"))
    for p in paragraphs[cut:]:
        p._p.getparent().remove(p._p)
    damaged = tmp_path / "缺第六部分.docx"
    source.save(str(damaged))
    result = check_file(damaged)
    [missing] = [f for f in result.findings if f.rule == "S101"]
    assert not missing.anchors
    path = annotate_docx(result, tmp_path / "out.docx")
    body, comments = parts(path)
    [cid] = comment_ids(comments, missing.message)
    last = [p for p in body.findall(W + "p") if text_of(p).strip()][-1]
    assert text_of(last) == paragraphs[cut - 1].text
    assert range_inside(last, cid) and commented_text(last, cid) == ""
    assert "报告末尾" in comments[cid]


def test_empty_cell_gets_a_run_a_comment_and_shading(tmp_path):
    source = docx.Document(str(CORPUS / "files" / "seed000-clean.docx"))
    tc = tc_at(source.element.body, 1, 3, 4)  # table 三, 一、本年新收 / 商业企业
    for p in tc.findall(W + "p"):
        for run in p.findall(W + "r"):
            p.remove(run)
    blanked = tmp_path / "空白单元格.docx"
    source.save(str(blanked))
    result = check_file(blanked)
    blank = next(f for f in result.findings if f.rule == "V401")
    path = annotate_docx(result, tmp_path / "out.docx")
    body, comments = parts(path)
    [cid] = comment_ids(comments, blank.message)
    cell = tc_at(body, 1, 3, 4)
    assert range_inside(cell, cid)
    assert cell.find(f"{W}tcPr/{W}shd").get(W + "fill") == FILLS["warning"]


def _paragraph(*runs: tuple[str, str]) -> etree._Element:
    """A w:p with runs of (text, rPr inner XML)."""
    xml = "".join(f"<w:r><w:rPr>{rpr}</w:rPr><w:t>{text}</w:t></w:r>" for text, rpr in runs)
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return docx.oxml.parse_xml(f"<w:p {ns}>{xml}</w:p>")


def test_span_inside_one_run_splits_it_keeping_formatting():
    p = _paragraph(("甲乙丙丁", '<w:b/><w:sz w:val="32"/>'))
    covered = span_runs(p, 1, 3)
    runs = p.findall(W + "r")
    assert [text_of(r) for r in runs] == ["甲", "乙丙", "丁"]
    assert [text_of(r) for r in covered] == ["乙丙"]
    assert len({etree.tostring(r.find(W + "rPr")) for r in runs}) == 1


def test_span_across_runs_splits_both_ends():
    p = _paragraph(("ab", "<w:b/>"), ("cd", "<w:i/>"))
    covered = span_runs(p, 1, 3)
    assert [text_of(r) for r in p.findall(W + "r")] == ["a", "b", "c", "d"]
    assert [(text_of(r), r.find(W + "rPr")[0].tag) for r in covered] == [("b", W + "b"), ("c", W + "i")]


def test_span_on_text_the_runs_no_longer_show_covers_the_paragraph():
    p = _paragraph(("前言。", ""), ("未收到申请", "<w:u/>"))
    covered = span_runs(p, 2, 7, seen="前言未收到申请")  # not the text these runs show: no guessing
    assert [text_of(r) for r in covered] == ["前言。", "未收到申请"]
    assert [text_of(r) for r in p.findall(W + "r")] == ["前言。", "未收到申请"]  # no run split


def test_reader_text_is_the_runs_text_so_spans_split_exactly():
    p = _paragraph(("前言", ""), ("未收到", "<w:u/>"), ("申请", ""))
    tab = docx.oxml.parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:tab/><w:t>完</w:t></w:r>'
    )
    p.append(tab)
    seen = wordml.paragraph_text(p)
    assert seen == "前言未收到申请\t完"
    covered = span_runs(p, 3, 8, seen=seen)
    assert [wordml.run_text(r) for r in covered] == ["收到", "申请", "\t"]
