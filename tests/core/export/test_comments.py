"""Findings gathered into the author's problems: one per spot, one per mistyped cell, doubts said."""

from __future__ import annotations

from app.core.export.comments import DOUBT_LABEL, comment_lines, problems, summary_line
from app.core.model import Anchor, Cell, Document, Finding, Paragraph, ReaderNote, Result, Row, Source, Table
from tests.core.export.docx_xml import CODES


def _document() -> Document:
    cells = tuple(Cell(str(n), n, Source(page=3)) for n in range(4))
    rows = tuple(Row(cells, Source(page=3)) for _ in range(4))
    return Document(
        path="报告.pdf",
        kind="pdf",
        blocks=(Paragraph("一、总体情况", Source(page=1)), Table(rows, Source(page=3))),
    )


def _arithmetic(cells: list[tuple[int, int]], message: str) -> Finding:
    return Finding(
        rule="A301",
        category="arithmetic",
        severity="error",
        message=message,
        relation="T3-R2",
        anchors=tuple(Anchor(block=1, row=r, cell=c) for r, c in cells),
    )


def test_a_cell_shared_by_two_broken_sums_is_one_problem_on_that_cell() -> None:
    column = _arithmetic([(3, 1), (0, 1), (1, 1), (2, 1)], "第1列不平")
    row = _arithmetic([(2, 3), (2, 0), (2, 1), (2, 2)], "第2行不平")
    result = Result(path="报告.pdf", kind="pdf", document=_document(), findings=(column, row))
    [problem] = problems(result)
    assert problem.anchor == Anchor(block=1, row=2, cell=1)
    assert problem.shade
    text = "\n".join(comment_lines(result, problem))
    assert "第1列不平" in text and "第2行不平" in text and "第3页" in text
    assert not CODES.search(text)


def test_findings_on_one_spot_are_one_problem_and_other_spots_their_own() -> None:
    here = Anchor(block=1, row=1, cell=1)
    blank = Finding(rule="V401", category="value", severity="warning", message="空白", anchors=(here,))
    text = Finding(rule="V403", category="value", severity="warning", message="不是数字", anchors=(here,))
    other = Finding(
        rule="C506", category="content", severity="warning", message="没写改进", anchors=(Anchor(block=0),)
    )
    result = Result(path="报告.pdf", kind="pdf", document=_document(), findings=(blank, text, other))
    found = problems(result)
    assert [len(p.findings) for p in found] == [2, 1]
    assert summary_line(result, found[0]).startswith("原文件第3页")  # the PDF's page, not the copy's


def test_a_dismissed_finding_is_no_problem_of_the_author() -> None:
    blank = Finding(
        rule="V401", category="value", severity="warning", message="空白", anchors=(Anchor(1, 1, 1),)
    )
    result = Result(path="报告.pdf", kind="pdf", document=_document(), findings=(blank,))
    assert problems(result, {0: "误报"}) == []


def test_a_doubtful_reading_without_a_finding_becomes_its_own_problem() -> None:
    document = _document()
    note = ReaderNote("第3页表格的网格无法确定", Source(page=3), block=1, doubt=True)
    document = Document(document.path, document.kind, document.blocks, (note,))
    result = Result(path="报告.pdf", kind="pdf", document=document)
    [problem] = problems(result)
    assert problem.doubt == note and problem.anchor == Anchor(block=1)
    text = "\n".join(comment_lines(result, problem))
    assert DOUBT_LABEL in text and note.message in text and "第3页" in text
