"""Rebuilt Word copies of PDF, TXT and XLSX reports: the official table layout holding the values as
read, every error a comment on its paragraph or cell with the original location, named cells shaded."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from lxml import etree

from app.core.check import check_file, source_of
from app.core.export.annotate_docx import FILLS, SUMMARY_END, SUMMARY_TITLE
from app.core.export.rebuild_docx import rebuild_docx
from app.core.formats import format_by_id
from app.core.model import Paragraph, Result
from tests.conftest import CORPUS
from tests.core.export.docx_xml import W, commented_text, grid_cell, number, parts, text_of

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
def test_every_error_is_a_comment_on_what_it_concerns_with_the_original_location(rebuilt, name):
    result, path = rebuilt[name]
    document = docx.Document(str(path))  # reopens
    assert document.paragraphs[0].text == SUMMARY_TITLE
    body, comments = parts(path)
    errors = [f for f in result.findings if f.severity == "error"]
    assert errors
    for finding in errors:
        [cid] = [cid for cid, text in comments.items() if finding.message in text]
        assert finding.rule in comments[cid]
        if not finding.anchors:
            continue
        anchor = finding.anchors[0]
        where = source_of(result.document, anchor).describe()
        assert f"原文件位置：{where}" in comments[cid]
        block = result.document.blocks[anchor.block]
        start = comment_start(body, cid)
        if isinstance(block, Paragraph):
            p = enclosing(start, "p")
            assert enclosing(p, "tc") is None
            whole = anchor.start is None or anchor.before
            assert commented_text(p, cid) == (block.text if whole else block.text[anchor.start : anchor.end])
            continue
        tc = enclosing(start, "tc")
        assert tc is not None and commented_text(tc, cid) == text_of(tc)
        if anchor.cell is not None and finding.category in ("arithmetic", "value"):
            assert text_of(tc) == block.rows[anchor.row].cells[anchor.cell].text
            assert fill_of(tc) == FILLS[finding.severity]
        if finding.category == "arithmetic":
            assert text_of(tc) == number(finding.found)


@pytest.mark.parametrize("name", REBUILT_WITH_FINDINGS)
def test_shaded_cells_are_exactly_the_cells_findings_name(rebuilt, name):
    result, path = rebuilt[name]
    body, comments = parts(path)
    shaded = [tc for tc in body.iter(W + "tc") if fill_of(tc) in OUR_FILLS]
    named = {}
    for finding in result.findings:
        anchor = finding.anchors[0] if finding.anchors else None
        if finding.category in ("arithmetic", "value") and anchor is not None and anchor.cell is not None:
            named[(anchor.block, anchor.row, anchor.cell)] = finding
    assert len(shaded) == len(named)
    for finding in named.values():
        [cid] = [cid for cid, text in comments.items() if finding.message in text]
        assert enclosing(comment_start(body, cid), "tc") in shaded


def test_paragraphs_keep_their_text_and_order_and_tables_follow_their_headings(rebuilt):
    result, path = rebuilt["files/seed000-t3_cell.xlsx"]
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    written = [text for text in texts[texts.index(SUMMARY_END) + 1 :] if text]
    assert written == [block.text for block in result.document.blocks if isinstance(block, Paragraph)]
    body, _ = parts(path)
    children = list(body)
    for key in ("二", "三", "四"):
        hit = next(hit for hit in result.report.sections if hit.key == key)
        heading = next(p for p in children if p.tag == W + "p" and text_of(p) == hit.heading)
        assert children[children.index(heading) + 1].tag == W + "tbl", f"table {key} after its heading"
    assert len(body.findall(W + "tbl")) == 3


def _tables(path: Path) -> list[etree._Element]:
    body, _ = parts(path)
    return body.findall(W + "tbl")


def _grid_width(tbl: etree._Element) -> int:
    return len(tbl.find(W + "tblGrid").findall(W + "gridCol"))


def _span(tc: etree._Element) -> int:
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    return int(span.get(W + "val")) if span is not None else 1


def _vmerge(tc: etree._Element) -> str | None:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    return None if merge is None else (merge.get(W + "val") or "continue")


@pytest.mark.parametrize("name", ["files/seed000-t3_cell.pdf", "files/seed000-old_layout.txt"])
def test_tables_have_the_official_layout_and_the_values_as_read(rebuilt, name):
    result, path = rebuilt[name]
    fmt = format_by_id(result.layout)
    two, three, four = _tables(path)
    # Table 二: a label column and the widest block's value columns; per block a header, a column row.
    assert _grid_width(two) == 1 + max(len(block.columns) for block in fmt.table_two)
    assert len(two.findall(W + "tr")) == sum(2 + len(block.rows) for block in fmt.table_two)
    # Table 三: ten columns; the 3×3 corner, 申请人情况 over seven columns, 三、本年度办理结果 down its rows.
    rows = three.findall(W + "tr")
    assert _grid_width(three) == 10 and len(rows) == 3 + len(fmt.table_three_rows)
    corner = rows[0].findall(W + "tc")[0]
    assert (_span(corner), _vmerge(corner)) == (3, "restart") and "勾稽关系" in text_of(corner)
    assert [_vmerge(row.findall(W + "tc")[0]) for row in rows[1:3]] == ["continue", "continue"]
    assert (text_of(rows[0].findall(W + "tc")[1]), _span(rows[0].findall(W + "tc")[1])) == ("申请人情况", 7)
    assert [text_of(tc) for tc in rows[1].findall(W + "tc")[1:]] == ["自然人", "法人或其他组织", "总计"]
    top_three = [i for i, row in enumerate(fmt.table_three_rows, start=3) if row.top == "三"]
    merged = [_vmerge(grid_cell(three, i, 0)) for i in top_three]
    assert merged == ["restart"] + ["continue"] * (len(top_three) - 1)
    assert text_of(grid_cell(three, top_three[0], 0)) == "三、本年度办理结果"
    for group in fmt.table_three_groups:
        members = [
            i for i, row in enumerate(fmt.table_three_rows, start=3) if row.group == group.group and row.item
        ]
        assert text_of(grid_cell(three, members[0], 1)) == group.label
        assert [_vmerge(grid_cell(three, i, 1)) for i in members] == ["restart"] + ["continue"] * (
            len(members) - 1
        )
    # Table 四: 行政复议 over five columns, 行政诉讼 over ten, three header rows.
    head = four.findall(W + "tr")
    assert _grid_width(four) == 15 and len(head) == 4
    assert [(text_of(tc), _span(tc)) for tc in head[0].findall(W + "tc")] == [
        ("行政复议", 5),
        ("行政诉讼", 10),
    ]
    assert [text_of(tc) for tc in head[1].findall(W + "tc")][5:] == ["未经复议直接起诉", "复议后起诉"]
    # Values: every recognised cell holds exactly the text read.
    columns = [column.key for column in fmt.table_three_columns]
    order = [row.key for row in fmt.table_three_rows]
    for (row_key, column_key), value in result.report.tables["三"].cells.items():
        tc = grid_cell(three, 3 + order.index(row_key), 3 + columns.index(column_key))
        assert text_of(tc) == value.text
    four_columns = [column.key for column in fmt.table_four_columns]
    for (_, column_key), value in result.report.tables["四"].cells.items():
        assert text_of(grid_cell(four, 3, four_columns.index(column_key))) == value.text


def test_unrecognised_table_is_written_as_a_simple_grid(tmp_path):
    text = (CORPUS / "files" / "seed000-filled.txt").read_text(encoding="utf-8")
    source = tmp_path / "附表.txt"
    source.write_text(text + "\n附表：培训情况\n项目\t次数\t人次\n业务培训\t3\t45\n", encoding="utf-8")
    result = check_file(source)
    path = rebuild_docx(result, tmp_path / "out.docx")
    tables = _tables(path)
    assert len(tables) == 4
    extra = tables[-1]
    assert [[text_of(tc) for tc in tr.findall(W + "tc")] for tr in extra.findall(W + "tr")] == [
        ["项目", "次数", "人次"],
        ["业务培训", "3", "45"],
    ]


def test_input_untouched_and_numbered_when_the_name_is_taken(tmp_path):
    source = CORPUS / "files" / "seed000-t3_cell.pdf"
    before = source.read_bytes()
    result = check_file(source)
    first = rebuild_docx(result, tmp_path / "报告（检查意见）.docx")
    second = rebuild_docx(result, tmp_path / "报告（检查意见）.docx")
    assert first.name == "报告（检查意见）.docx" and second.name == "报告（检查意见）(2).docx"
    assert source.read_bytes() == before


def test_tables_without_a_known_format_are_kept_as_grids(tmp_path):
    result = check_file(CORPUS / "files" / "seed000-t3_cell.txt")
    result.report.layout = None  # as if no format matched: nothing may be lost
    tables = _tables(rebuild_docx(result, tmp_path / "out.docx"))
    written = {text_of(tc) for tbl in tables for tc in tbl.iter(W + "tc")}
    read = [block for block in result.document.blocks if not isinstance(block, Paragraph)]
    assert len(tables) == len(read)
    assert {cell.text for block in read for row in block.rows for cell in row.cells} <= written
