"""The TXT reader: encodings, tab and bar tables, drifting columns kept as text order."""

from __future__ import annotations

import codecs

import pytest

from app.core.model import Paragraph, ReadError, Table
from app.core.readers.txt_reader import read_txt
from tests.conftest import CORPUS

SAMPLE = "某县某局2022年政府信息公开工作年度报告\n\n一、总体情况\n规章\t5\t2\t37\n行政规范性文件\t5\t1\t0\n二、主动公开政府信息情况\n"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("gbk"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16-bom", "utf16le-no-bom"],
)
def test_encodings_are_detected(tmp_path, encode):
    path = tmp_path / "report.txt"
    path.write_bytes(encode(SAMPLE))
    document = read_txt(path)
    assert isinstance(document.blocks[0], Paragraph)
    assert document.blocks[0].text == "某县某局2022年政府信息公开工作年度报告"
    table = document.blocks[2]
    assert isinstance(table, Table) and not table.grid
    assert [c.text for c in table.rows[0].cells] == ["规章", "5", "2", "37"]


def test_bar_separated_rows_and_rule_lines(tmp_path):
    path = tmp_path / "web.txt"
    path.write_text("| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 3 |\n", encoding="utf-8")
    table = read_txt(path).blocks[0]
    assert isinstance(table, Table)
    assert [r.texts for r in table.rows] == [["信息内容", "本年制发件数"], ["规章", "3"]]


def test_blank_lines_inside_a_table_do_not_split_it(tmp_path):
    path = tmp_path / "split.txt"
    path.write_text("规章\t1\t2\t3\n\n行政规范性文件\t4\t5\t6\n", encoding="utf-8")
    blocks = read_txt(path).blocks
    assert len(blocks) == 1 and len(blocks[0].rows) == 2


def test_locations_are_source_lines():
    document = read_txt(CORPUS / "seeds" / "000_74c6837265fc1e4f.txt")
    heading = next(b for b in document.blocks if isinstance(b, Paragraph) and b.text == "一、总体情况")
    assert heading.source.line == 5
    assert heading.source.describe() == "第5行"


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "not-text.txt"
    path.write_bytes(b"\x00\x01\x02\x03" * 100 + bytes(range(256)))
    with pytest.raises(ReadError):
        read_txt(path)


def _as_web_copy(text: str) -> str:
    """What a web page copy looks like: every table cell on its own line ending in " |"."""
    lines = []
    for line in text.splitlines():
        if "\t" in line:
            lines.extend(f"{cell.strip()} |" if cell.strip() else "|" for cell in line.split("\t"))
        else:
            lines.append(line)
    return "\n".join(lines)


def test_web_copy_one_cell_per_line_reads_like_the_tab_copy(tmp_path):
    from app.core.check import check_file

    original = CORPUS / "files" / "seed000-t3_cell.txt"
    web = tmp_path / "web.txt"
    web.write_text(_as_web_copy(original.read_text(encoding="utf-8")), encoding="utf-8")
    expected = [(f.rule, f.row, f.column, f.expected) for f in check_file(original).findings]
    assert [(f.rule, f.row, f.column, f.expected) for f in check_file(web).findings] == expected
    assert any(rule == "A301" for rule, *_ in expected)


def _as_spaced_copy(text: str) -> str:
    """What pdftotext-style copies look like: cells separated by spaces, blank cells gone."""
    lines = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
        lines.append(" ".join(cells) if "\t" in line else line)
    return "\n".join(lines)


@pytest.mark.parametrize("name", ["seed000-t3_cell.txt", "seed001-t4_total.txt", "seed002-old_layout.txt"])
def test_space_separated_copy_reads_like_the_tab_copy(tmp_path, name):
    from app.core.check import check_file

    original = CORPUS / "files" / name
    spaced = tmp_path / name
    spaced.write_text(_as_spaced_copy(original.read_text(encoding="utf-8")), encoding="utf-8")
    expected = [(f.rule, f.row, f.column, f.expected) for f in check_file(original).findings]
    assert [(f.rule, f.row, f.column, f.expected) for f in check_file(spaced).findings] == expected


def test_prose_with_numbers_stays_a_paragraph(tmp_path):
    path = tmp_path / "prose.txt"
    path.write_text(
        "2022年,我局公开政务信息 5 项(次),其内容分别是:\n全年共收到申请 3 件。\n", encoding="utf-8"
    )
    assert all(isinstance(block, Paragraph) for block in read_txt(path).blocks)
