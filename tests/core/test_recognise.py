"""The recogniser on variants of real reports that the corpus does not hold."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pytest

from app.core.check import check_file
from app.core.text import _TRADITIONAL
from tests.conftest import CORPUS
from tests.fixtures.text import reports

CELL_ERROR = CORPUS / "files" / "seed001-t3_cell.txt"


def _variant(tmp_path: Path, text: str, name: str = "variant.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _pinpoints(result) -> list[tuple[str, str, object]]:
    return [(f.row, f.column, f.expected) for f in result.findings if f.rule == "A301"]


def test_traditional_script_copy_reads_like_the_original(tmp_path):
    text = CELL_ERROR.read_text(encoding="utf-8")
    to_traditional = {_TRADITIONAL[i + 1]: _TRADITIONAL[i] for i in range(0, len(_TRADITIONAL) - 1, 2)}
    traditional = "".join(to_traditional.get(char, char) for char in text)
    assert traditional != text
    result = check_file(_variant(tmp_path, traditional))
    assert (result.year, result.layout) == (2022, "F2021")
    assert _pinpoints(result) == _pinpoints(check_file(CELL_ERROR)) != []


def test_typos_in_labels_are_deviations_not_missing_rows(tmp_path):
    text = CELL_ERROR.read_text(encoding="utf-8")
    text = text.replace("属于三类内部事务信息", "属于三类内容事务信息").replace(
        "只计这一情形", "只计这一情况"
    )
    result = check_file(_variant(tmp_path, text))
    rules = [f.rule for f in result.findings]
    assert rules.count("L205") == 2 and "L203" not in rules
    assert _pinpoints(result) == _pinpoints(check_file(CELL_ERROR))


def test_labels_broken_by_spaces_and_half_width_punctuation(tmp_path):
    text = CELL_ERROR.read_text(encoding="utf-8")
    text = text.replace("结果维持", "结 果 维 持").replace("（一）予以公开", "(一) 予以公开")
    result = check_file(_variant(tmp_path, text))
    # (the corpus report has no preamble: its three 提示 on period, basis and contact stay)
    assert [f.rule for f in result.findings if f.severity == "warning"] == []


def test_a_row_left_entirely_blank_is_blank_cells_not_a_missing_row(tmp_path):
    text = (CORPUS / "files" / "seed000-filled.txt").read_text(encoding="utf-8")
    row = "\t3.要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0"
    assert row in text
    result = check_file(_variant(tmp_path, text.replace(row, "\t3.要求提供公开出版物\t\t\t\t\t\t\t")))
    blank = [f for f in result.findings if f.rule == "V401"]
    assert [f.row for f in blank] == ["（五）不予处理 3.要求提供公开出版物"]
    assert "L203" not in [f.rule for f in result.findings]


@pytest.mark.parametrize(
    ("lines", "title", "year", "body"),
    [
        (
            ["宝清县工业信息科技局", "2020 年政府信息公开工作年度报告"],
            "宝清县工业信息科技局2020 年政府信息公开工作年度报告",
            2020,
            "宝清县工业信息科技局",
        ),
        (
            ["某市某局2023年度政府信息公开工作年度报告"],
            "某市某局2023年度政府信息公开工作年度报告",
            2023,
            "某市某局",
        ),
    ],
)
def test_titles(tmp_path, lines, title, year, body):
    text = (CORPUS / "seeds" / "001_4b40133624080b57.txt").read_text(encoding="utf-8")
    first, rest = text.split("一、总体情况", 1)
    result = check_file(_variant(tmp_path, "\n".join(lines) + "\n\n一、总体情况" + rest))
    assert (result.title, result.year, result.body) == (title, year, body)


def test_numbered_headings_without_numerals_are_found(tmp_path):
    """Word's automatic numbering keeps "一、" out of the text: the heading reads "总体情况"."""
    text = (CORPUS / "seeds" / "001_4b40133624080b57.txt").read_text(encoding="utf-8")
    text = text.replace("一、总体情况", "总体情况").replace("六、其他需要报告的事项", "其他需要报告的事项")
    result = check_file(_variant(tmp_path, text))
    assert [hit.key for hit in result.report.sections] == list("一二三四五六")
    assert not [f for f in result.findings if f.category == "section" and f.severity == "error"]


def _docx_from_text(text: str, path: Path) -> Path:
    """Another generator's Word file: no merged cells, one label column, header words in their own cells."""
    import docx

    from app.core.text import looks_numeric

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for i, row in enumerate(rows):
                for j, value in enumerate(row):
                    table.rows[i].cells[j].text = value
            rows.clear()

    for line in text.splitlines():
        if "\t" not in line:
            if line.strip():
                flush()
                document.add_paragraph(line.strip())
            continue
        cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
        labels = [cell for cell in cells if not looks_numeric(cell)]
        values = [cell for cell in cells if looks_numeric(cell)]
        rows.append([" ".join(labels)] + values if len(values) == 7 else cells)
    flush()
    document.save(path)
    return path


@pytest.mark.parametrize(
    "name", ["seed002-t3_row_total.txt", "seed001-t4_total.txt", "seed000-old_layout.txt"]
)
def test_word_file_from_another_generator_reads_like_the_text(tmp_path, name):
    original = CORPUS / "files" / name
    other = _docx_from_text(original.read_text(encoding="utf-8"), tmp_path / "other.docx")
    expected = [(f.rule, f.row, f.column, f.expected) for f in check_file(original).findings]
    assert [(f.rule, f.row, f.column, f.expected) for f in check_file(other).findings] == expected


def test_a_header_repeated_a_thousand_times_is_read_in_linear_work(tmp_path, monkeypatch):
    """Each header row is read once: a text repeating table 三's header must not cost rows² work."""
    from app.core.recognise import placement
    from tests.fixtures import hostile

    calls = []
    original = placement.similarity

    def counting(a, b):
        calls.append(1)
        return original(a, b)

    monkeypatch.setattr(placement, "similarity", counting)
    for times in (100, 1000):
        calls.clear()
        path = tmp_path / f"{times}.txt"
        path.write_bytes(hostile.txt_repeated_header(times))
        check_file(path)
        if times == 100:
            hundred = len(calls)
    assert len(calls) <= 12 * max(hundred, 1)  # ten times the rows, about ten times the work


def _with_heading_read_twice(between: list[str]) -> str:
    """The generated report with section 二's heading printed a second time just before itself, as a
    browser prints the line that straddles a page foot (its copy keeps only the words, no numeral)."""
    data = reports.consistent_data()
    text = reports.tab_text(data)
    heading = data.format.sections[1].heading
    assert text.count(heading) == 1
    copy = heading.split("、", 1)[1]
    return text.replace(heading, "\n".join([copy, *between, heading]))


@pytest.mark.parametrize(
    "between",
    [
        [],
        ["https://www.example.gov.cn/zwgk/2024/0305/report.html       1/6", "2024/3/5 10:21"],
        ["- 2 -"],
        # a copy without layout: footer URL, page count and header date each a line, blank lines between
        ["", "https://www.example.gov.cn/zwgk/2024/0305/report.html", "", "1/6", "", "2024/3/5 10:21", ""],
    ],
)
def test_a_heading_read_twice_back_to_back_is_one_section(tmp_path, between):
    result = check_file(_variant(tmp_path, _with_heading_read_twice(between)))
    assert [f.rule for f in result.findings if f.category == "section" and f.severity == "error"] == []
    assert [hit.key for hit in result.report.sections] == list("一二三四五六")


def test_a_heading_repeated_after_a_sentence_is_still_a_repeated_section(tmp_path):
    data = reports.consistent_data()
    heading = data.format.sections[1].heading
    text = reports.tab_text(data).replace(
        heading, f"{heading}\n本机关全年主动公开政府信息一千余条。\n{heading}"
    )
    result = check_file(_variant(tmp_path, text))
    assert [f.rule for f in result.findings if f.severity == "error"] == ["S102"]


def test_the_words_of_a_heading_without_its_numeral_before_the_numbered_heading_are_no_repeat(tmp_path):
    """「主动公开政府信息情况」 unnumbered, a sentence, then 「二、主动公开政府信息情况」: the first stands
    outside the numbered outline (a sub-heading's words), so the section is not repeated."""
    text = _with_heading_read_twice(["本机关全年主动公开政府信息一千余条。"])
    result = check_file(_variant(tmp_path, text))
    assert [f.rule for f in result.findings if f.severity == "error"] == []
    assert [hit.key for hit in result.report.sections] == list("一二三四五六")


def _zeros_left_blank(text: str) -> str:
    """A copied Word table whose zeros were left blank: the tabs stay, the cells are empty."""
    return re.sub(r"(?<=\t)0(?=\t|$)", "", text, flags=re.MULTILINE)


def test_rows_of_a_tab_copy_with_zeros_left_blank_are_blank_rows_not_missing(tmp_path):
    data = reports.consistent_data()
    text = _zeros_left_blank(reports.tab_text(data))
    zero_rows = [key for key, values in data.three.items() if not any(values)]
    assert len(zero_rows) >= 5  # the class needs rows with nothing in them
    result = check_file(_variant(tmp_path, text))
    rules = [f.rule for f in result.findings]
    assert "L203" not in rules and "P601" not in rules
    assert [f.rule for f in result.findings if f.severity == "error"] == []
    blank_rows = [f for f in result.findings if f.rule == "V401" and f.table == "三"]
    assert len(blank_rows) >= len(zero_rows)


@pytest.mark.parametrize(
    "style",
    [
        lambda numeral, core: f"第{numeral}部分 {core}",
        lambda numeral, core: f"第{numeral}部分：{core}",
        lambda numeral, core: f"【{core}】",
        lambda numeral, core: f"〔{core}〕",
    ],
    ids=["part", "part-colon", "brackets", "tortoise-brackets"],
)
def test_headings_written_as_parts_or_in_brackets_are_found(tmp_path, style):
    data = reports.consistent_data()
    text = reports.tab_text(data)
    for section in data.format.sections:
        assert text.count(section.heading + "\n") == 1
        core = section.heading.split("、", 1)[1]
        text = text.replace(section.heading + "\n", style(section.key, core) + "\n")
    result = check_file(_variant(tmp_path, text))
    assert [hit.key for hit in result.report.sections] == list("一二三四五六")
    assert [f.rule for f in result.findings if f.severity == "error"] == []
    # a part left out is still missing
    fifth = data.format.sections[4]
    dropped = text.replace(style("五", fifth.heading.split("、", 1)[1]) + "\n", "")
    missing = check_file(_variant(tmp_path, dropped, "dropped.txt"))
    assert [f.section for f in missing.findings if f.rule == "S101"] == [fifth.heading]


@pytest.mark.parametrize(
    "style",
    [lambda numeral, core: f"第{numeral}部分 {core}", lambda numeral, core: f"【{core}】"],
    ids=["part", "brackets"],
)
def test_crawler_text_with_headings_as_parts_or_in_brackets(tmp_path, style):
    """A whole report on a few lines, its headings written 「第一部分 总体情况」 or 「【总体情况】」."""
    data = reports.consistent_data()
    text = reports.crawler_text(data)
    for section in data.format.sections:
        assert text.count(section.heading) == 1
        text = text.replace(section.heading, style(section.key, section.heading.split("、", 1)[1]))
    result = check_file(_variant(tmp_path, text))
    assert result.error is None
    assert [hit.key for hit in result.report.sections] == list("一二三四五六")
    assert [f.rule for f in result.findings if f.severity == "error"] == []
    fifth = data.format.sections[4]
    dropped = text.replace(style("五", fifth.heading.split("、", 1)[1]), "")
    missing = check_file(_variant(tmp_path, dropped, "dropped.txt"))
    assert [f.section for f in missing.findings if f.rule == "S101"] == [fifth.heading]


def _hard_wrapped(text: str, width: int) -> str:
    """Every line cut into pieces of `width` characters, wherever the count falls (a crawler's or a
    mail client's fixed-width wrap): headings and numbers are cut in two."""
    return "\n".join(
        line[i : i + width] for line in text.splitlines() for i in range(0, max(len(line), 1), width)
    )


def _column_wrapped(text: str, columns: int) -> str:
    """Lines cut at a display width, a CJK character taking two columns (a terminal's or a crawler's
    fixed-width wrap): lines with digits and Latin letters hold more characters than the others."""
    pieces: list[str] = []
    for line in text.splitlines():
        piece, used = "", 0
        for char in line:
            width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
            if used + width > columns:
                pieces.append(piece)
                piece, used = "", 0
            piece, used = piece + char, used + width
        pieces.append(piece)
    return "\n".join(pieces)


@pytest.mark.parametrize(
    "wrap",
    [
        lambda text: _hard_wrapped(text, 30),
        lambda text: _hard_wrapped(text, 40),
        lambda text: _hard_wrapped(text, 64),
        lambda text: _column_wrapped(text, 60),
        lambda text: _column_wrapped(text, 80),
    ],
    ids=["30-chars", "40-chars", "64-chars", "60-columns", "80-columns"],
)
def test_crawler_text_hard_wrapped_at_a_fixed_width(tmp_path, wrap):
    data = reports.consistent_data()
    text = wrap(reports.crawler_text(data))
    cut = [s.heading for s in data.format.sections if s.heading not in text]
    assert cut  # some heading is cut across a line end
    result = check_file(_variant(tmp_path, text))
    assert result.error is None
    assert [hit.key for hit in result.report.sections] == list("一二三四五六")
    assert [f.rule for f in result.findings if f.severity == "error"] == []


@pytest.mark.parametrize("markup", ["pre", "br"])
def test_web_page_showing_hard_wrapped_text(tmp_path, markup):
    """A web page showing a crawler's hard-wrapped text in <pre>, or with a <br> after every line."""
    data = reports.consistent_data()
    lines = _hard_wrapped(reports.crawler_text(data), 40).splitlines()
    if markup == "pre":
        body = "<pre>" + html.escape("\n".join(lines)) + "</pre>"
    else:
        body = "<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>"
    page = f'<html><head><meta charset="utf-8"></head><body><div class="content">{body}</div></body></html>'
    result = check_file(_variant(tmp_path, page, "report.html"))
    assert result.error is None
    assert [hit.key for hit in result.report.sections] == list("一二三四五六")
    assert [f.rule for f in result.findings if f.severity == "error"] == []
