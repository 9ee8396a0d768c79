"""The HTML reader on generated pages of each kind a reviewer saves, on bad input, and on a real page."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from app.core.check import NOT_A_REPORT, check_file, collect_files
from app.core.model import Document, Paragraph, ReadError, Table
from app.core.readers import html_reader, read_document, unsupported_reason
from app.core.readers.html_reader import decode_html
from app.core.readers.html_walk import clean_text
from tests.core.readers.conftest import block_kinds, paragraphs, row_starting, squeeze, tables
from tests.fixtures.html_pages import (
    CHROME_TEXTS,
    HEADINGS,
    ROW_NEW,
    ROW_RESULTS,
    ROW_TOTAL,
    TABLE_FOUR_GROUPS,
    attachment_page,
    fields_inside_page,
    layout_table_page,
    make_report,
    mht_archive,
    news_page,
    site_page,
    site_page_bytes,
    table_four_html,
    table_three_labels,
    table_two_html,
    word_page_bytes,
)

REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "real"
REPORT = make_report(seed=3)
# Title, preamble, 一 with its prose and five strands, 二 + table, 三 + table, 四 + table, 五, 六.
REPORT_SHAPE = "PP" + "P" * 7 + "PT" + "PT" + "PT" + "PP" + "PP"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def all_texts(document: Document) -> list[str]:
    texts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Table):
            texts.extend(cell.text for row in block.rows for cell in row.cells)
        else:
            texts.append(block.text)
    return texts


def assert_report_read(document: Document) -> None:
    """Title first, no chrome, each heading once as a paragraph, the three statistical tables."""
    assert document.kind == "html"
    assert block_kinds(document) == REPORT_SHAPE
    first = document.blocks[0]
    assert isinstance(first, Paragraph) and squeeze(first.text) == REPORT.title
    for text in all_texts(document):
        for chrome in CHROME_TEXTS:
            assert squeeze(chrome) not in squeeze(text), f"chrome {chrome!r} read in {text!r}"
    texts = [squeeze(paragraph.text) for paragraph in paragraphs(document)]
    for heading in HEADINGS:
        assert texts.count(heading) == 1, heading
    assert texts.count(REPORT.title) == 1


def assert_tables_on_grid(document: Document, report=REPORT) -> None:
    """Table 二/三/四 in the official template's grid, every value in its own column."""
    two, three, four = tables(document)
    assert all(table.grid for table in (two, three, four))
    licence = row_starting(two, "行政许可")
    assert [(cell.text, cell.col, cell.colspan) for cell in licence.cells] == [
        ("行政许可", 0, 1),
        (report.table_two[1][3][0], 1, 3),
    ]
    assert len(three.rows) == 28
    merged = three.rows[0].cells[0]
    assert (merged.col, merged.colspan, merged.rowspan) == (0, 3, 3)
    assert [(cell.text, cell.col) for cell in three.rows[1].cells] == [
        ("自然人", 3),
        ("法人或其他组织", 4),
        ("总计", 9),
    ]
    results = three.rows[5].cells[0]
    assert (results.text, results.col, results.rowspan) == (ROW_RESULTS, 0, 22)
    groups = [
        (cell.text, cell.col, cell.rowspan)
        for row in three.rows
        for cell in row.cells
        if cell.col == 1 and cell.rowspan > 1
    ]
    assert groups == [
        ("（三）不予公开", 1, 8),
        ("（四）无法提供", 1, 3),
        ("（五）不予处理", 1, 5),
        ("（六）其他处理", 1, 3),
    ]
    for label, row in zip(table_three_labels(), three.rows[3:], strict=True):
        label_cell = [cell for cell in row.cells if cell.col < 3][-1]
        assert squeeze(label_cell.text) == squeeze(label)
        values = {cell.col: cell.text for cell in row.cells if cell.col >= 3}
        printed = report.table_three_row(label)
        assert values == {
            3 + index: ("" if value is None else str(value)) for index, value in enumerate(printed)
        }
    assert [cell.text for cell in four.rows[2].cells] == list(TABLE_FOUR_GROUPS * 2)
    assert [cell.col for cell in four.rows[2].cells] == list(range(5, 15))
    assert [(cell.col, cell.text) for cell in four.rows[3].cells] == [
        (index, str(value)) for index, value in enumerate(report.table_four)
    ]


def assert_sources_point_into(document: Document, page: Path, text: str | None = None) -> None:
    """Every block, row and cell names its element and line, and that element holds its text."""
    root = lxml.html.document_fromstring(text if text is not None else decode_html(page.read_bytes()))
    tree = root.getroottree()

    def element(source) -> lxml.html.HtmlElement:
        assert source.element and source.line
        found = tree.xpath(source.element)
        assert len(found) == 1, source.element
        # A paragraph's line is where its text starts, at or after its element's opening tag.
        assert found[0].sourceline <= source.line
        return found[0]

    for block in document.blocks:
        located = element(block.source)
        if isinstance(block, Paragraph):
            assert squeeze(block.text) in squeeze(
                clean_text(located.text_content())
            ) or block.source.element.endswith("title")
            assert block.source.describe().startswith(f"网页第{block.source.line}行")
            continue
        assert located.tag == "table"
        for row_index, row in enumerate(block.rows):
            assert element(row.source).tag == "tr" and row.source.row == row_index
            for cell in row.cells:
                td = element(cell.source)
                assert td.tag in ("td", "th")
                assert squeeze(clean_text(td.text_content())) == squeeze(cell.text)
                assert (cell.source.row, cell.source.col) == (row_index, cell.col)


# --- pages with site chrome -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_a_portal_page_gives_the_report_without_its_chrome(tmp_path: Path, encoding: str) -> None:
    page = write(tmp_path, "report.html", site_page_bytes(REPORT, encoding))
    document = read_document(page)
    assert_report_read(document)
    assert_tables_on_grid(document)
    assert_sources_point_into(document, page)


def test_a_portal_page_is_checked_like_any_report(tmp_path: Path) -> None:
    page = write(tmp_path, "report.htm", site_page_bytes(REPORT, "gbk"))
    result = check_file(page)
    assert result.error is None
    assert (result.title, result.year, result.layout) == (REPORT.title, REPORT.year, "F2021")
    assert [hit.key for hit in result.report.sections] == list("一二三四五六")
    assert set(result.report.tables) >= {"二", "三", "四"}
    assert result.count("error") == 0


def test_a_wrong_cell_on_a_page_is_located_on_the_page(tmp_path: Path) -> None:
    rows = list(REPORT.table_three)
    index = table_three_labels().index(ROW_TOTAL)
    rows[index] = (rows[index][0] + 1, *rows[index][1:])
    page = write(tmp_path, "report.html", site_page(replace(REPORT, table_three=tuple(rows))))
    result = check_file(page)
    arithmetic = [finding for finding in result.findings if finding.category == "arithmetic"]
    assert arithmetic and all(finding.severity == "error" for finding in arithmetic)
    # the page's source line, then the cell as the author finds it in the table
    assert all(finding.location and finding.location.startswith("网页") for finding in arithmetic)
    assert all("行" in finding.location and "表三" in finding.location for finding in arithmetic)


def test_the_report_in_a_layout_table_is_read_and_the_layout_is_not_taken_for_data(tmp_path: Path) -> None:
    page = write(tmp_path, "report.html", layout_table_page(REPORT))
    document = read_document(page)
    assert_report_read(document)
    assert_tables_on_grid(document)
    assert_sources_point_into(document, page)


def test_a_report_shown_twice_is_read_once(tmp_path: Path) -> None:
    # Sites show a "全真版" and a "文字版" of the same report in sibling tabs.
    html = site_page(REPORT)
    start, end = html.index('<div class="article-content">'), html.index('<div class="article-tools">')
    html = html[:end] + html[start:end] + html[end:]
    document = read_document(write(tmp_path, "twice.html", html))
    assert_report_read(document)


def test_fields_and_pager_inside_the_report_div_are_left_out(tmp_path: Path) -> None:
    page = write(tmp_path, "report.html", fields_inside_page(REPORT))
    document = read_document(page)
    assert_report_read(document)
    texts = all_texts(document)
    assert not any(text.startswith(("名称", "发布日期")) or str(REPORT.year - 1) in text for text in texts)
    assert_sources_point_into(document, page)


def test_a_page_with_the_report_attached_names_the_attachment(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=f"附件“{REPORT.title}.pdf”"):
        read_document(write(tmp_path, "attached.html", attachment_page(REPORT)))


def test_a_news_page_is_not_a_report(tmp_path: Path) -> None:
    result = check_file(write(tmp_path, "news.html", news_page(REPORT)))
    assert result.error == NOT_A_REPORT


# --- Word's HTML ----------------------------------------------------------------------------------


def test_word_html_is_read_with_its_list_numbers_blank_cells_and_wrapped_lines(tmp_path: Path) -> None:
    rows = [list(row) for row in REPORT.table_three]
    new = table_three_labels().index(ROW_NEW)
    rows[new][2] = rows[new][4] = None  # printed blank: Word writes <o:p>&nbsp;</o:p>
    report = replace(REPORT, table_three=tuple(tuple(row) for row in rows))
    page = write(tmp_path, "report.htm", word_page_bytes(report))
    raw = page.read_bytes()
    assert b"\r\n" in raw and b"<o:p>&nbsp;</o:p>" in raw and b"<![if !supportLists]>" in raw
    document = read_document(page)
    assert_report_read(document)
    assert_tables_on_grid(document, report)
    blank = row_starting(tables(document)[1], ROW_NEW)
    assert [(cell.col, cell.text) for cell in blank.cells if not cell.text] == [(5, ""), (7, "")]
    texts = [paragraph.text for paragraph in paragraphs(document)]
    assert "隐藏的域代码" not in "".join(texts)  # mso-hide:all
    # Word wrapped the source inside this sentence; the page shows it whole.
    assert any(
        "本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求编制" in text
        for text in texts
    )
    assert_sources_point_into(document, page)


# --- encodings ------------------------------------------------------------------------------------

SAMPLE = "<html><head>{}</head><body><p>二、主动公开政府信息情况</p></body></html>"


@pytest.mark.parametrize(
    ("declaration", "encoding"),
    [
        ('<meta charset="gbk">', "utf-8"),  # declared GBK, saved as UTF-8
        ('<meta charset="utf-8">', "gb18030"),  # declared UTF-8, saved as GBK
        ('<meta http-equiv="Content-Type" content="text/html; charset=GB2312">', "gbk"),
        ('<meta charset="x-no-such-charset">', "gbk"),
        ('<?xml version="1.0" encoding="gb2312"?>', "gbk"),
        ("", "utf-8-sig"),
        ("", "utf-16"),
    ],
)
def test_the_encoding_is_found_whatever_the_page_declares(
    tmp_path: Path, declaration: str, encoding: str
) -> None:
    html = (
        SAMPLE.format(declaration) if not declaration.startswith("<?xml") else declaration + SAMPLE.format("")
    )
    document = read_document(write(tmp_path, "page.html", html.encode(encoding)))
    assert [block.text for block in document.blocks] == ["二、主动公开政府信息情况"]


def test_a_utf8_page_with_a_broken_byte_stays_utf8(tmp_path: Path) -> None:
    text = "全年主动公开政府信息一千二百条，其中规范性文件七十七件。" * 5
    page = f"<html><head></head><body><p>二、主动公开政府信息情况</p><p>{text}</p></body></html>"
    data = page.encode("utf-8").replace("一千".encode(), "一千".encode() + b"\xff", 1)  # one stray byte
    document = read_document(write(tmp_path, "page.html", data))
    assert [block.text for block in document.blocks] == [
        "二、主动公开政府信息情况",
        text.replace("一千", "一千\ufffd", 1),
    ]
    # The broken spot is a doubtful reading, said where it is.
    assert [(note.block, note.doubt) for note in document.notes] == [(1, True)]


def test_a_page_no_charset_decodes_is_read_by_a_guess_said_to_be_doubtful(tmp_path: Path) -> None:
    data = b"<html><body><p>" + b"\x80a\xffb " * 200 + b"</p></body></html>"
    document = read_document(write(tmp_path, "page.html", data))
    note = document.notes[0]
    assert note.block is None and note.doubt and "猜测" in note.message


# --- tables ---------------------------------------------------------------------------------------


def test_odd_spans_are_placed_on_the_grid_without_fail(tmp_path: Path) -> None:
    html = """<html><body><p>四、政府信息公开行政复议、行政诉讼情况</p><table>
    <tr><td rowspan="0">行政复议</td><td colspan="2px">二列</td><td colspan="0">零</td></tr>
    <tr></tr>
    <tr><td>a</td><td colspan="99999">宽</td></tr>
    <tr><th>b</th><td rowspan="abc">c</td></tr>
    <tr><td></td><td></td></tr>
    </table></body></html>"""
    table = tables(read_document(write(tmp_path, "spans.html", html)))[0]
    placed = [[(cell.text, cell.col, cell.colspan, cell.rowspan) for cell in row.cells] for row in table.rows]
    assert placed == [
        [("行政复议", 0, 1, 4), ("二列", 1, 2, 1), ("零", 3, 1, 1)],
        [("a", 1, 1, 1), ("宽", 2, 1000, 1)],
        [("b", 1, 1, 1), ("c", 2, 1, 1)],
        [("", 1, 1, 1), ("", 2, 1, 1)],
    ]


def test_a_long_note_in_a_cell_keeps_a_data_table_but_a_column_of_paragraphs_is_layout(
    tmp_path: Path,
) -> None:
    note = "说明：" + "本表数据由各单位报送，经办公室汇总核对后填列。" * 20
    paragraphs_cell = "".join(f"<p>{heading}</p><p>{'正文内容。' * 20}</p>" for heading in HEADINGS)
    html = f"""<html><body>
    <table><tr><td>第二十条第（五）项</td><td>本年处理决定数量</td></tr><tr><td>行政许可</td><td>5</td></tr>
    <tr><td colspan="2">{note}</td></tr></table>
    <table><tr><td><a href="/">首页</a></td><td>{paragraphs_cell}</td></tr></table>
    </body></html>"""
    document = read_document(write(tmp_path, "tables.html", html))
    found = tables(document)
    assert len(found) == 1 and found[0].rows[2].cells[0].text == note
    assert [squeeze(p.text) for p in paragraphs(document) if p.text in HEADINGS] == list(HEADINGS)


def test_a_last_row_of_blanks_is_kept_and_spans_cannot_hang_the_reader(tmp_path: Path) -> None:
    header = "".join(f"<td>{word}</td>" for word in TABLE_FOUR_GROUPS)
    blanks = "<td></td><td>&nbsp;</td><td> </td><td></td><td></td>"
    huge = '<tr><td rowspan="1000" colspan="1000">x</td></tr>' * 3000
    html = f"""<html><body><p>四、政府信息公开行政复议、行政诉讼情况</p>
    <table><tr><td colspan="5">行政复议</td></tr><tr>{header}</tr><tr>{blanks}</tr></table>
    <table>{huge}</table></body></html>"""
    first, second = tables(read_document(write(tmp_path, "blank.html", html)))
    assert [(cell.col, cell.text) for cell in first.rows[2].cells] == [(index, "") for index in range(5)]
    assert len(second.rows) == 3000


def test_a_one_cell_wrapper_and_br_lines_become_paragraphs(tmp_path: Path) -> None:
    html = """<html><body><table><tr><td>
    <p>示例县2023年政府信息公开工作年度报告</p><p><a name="s1">一、总体情况</a><br>全年主动公开信息100条。<br/>二、主动公开政府信息情况</p>
    </td></tr></table></body></html>"""
    document = read_document(write(tmp_path, "wrapped.html", html))
    assert [block.text for block in document.blocks] == [
        "示例县2023年政府信息公开工作年度报告",
        "一、总体情况",
        "全年主动公开信息100条。",
        "二、主动公开政府信息情况",
    ]
    assert all(isinstance(block, Paragraph) for block in document.blocks)


def test_headings_run_into_their_paragraphs_still_keep_the_text_around_the_tables(tmp_path: Path) -> None:
    # Headings no longer stand alone, so only the tables say where the report is: the container must
    # still be the text around them, not a table.
    html = site_page(REPORT)
    for heading in HEADINGS:
        html = html.replace(
            f"<strong>&nbsp;{heading}</strong>&nbsp;",
            f"{heading}：本部分的情况详见本段文字以及下面所列的各项数字，数字均以本机关的统计台账为准，特此说明。",
        )
    for table in (table_two_html(REPORT), table_four_html(REPORT)):  # printed as pictures
        html = html.replace(table, '<p><img src="/images/table.png"></p>')
    document = read_document(write(tmp_path, "run-on.html", html))
    texts = [paragraph.text for paragraph in paragraphs(document)]
    assert squeeze(texts[0]) == REPORT.title
    assert sum(text.startswith(HEADINGS) for text in texts) == 6
    assert [len(table.rows) for table in tables(document)] == [28]


def test_preformatted_text_keeps_its_lines_and_a_caption_is_read(tmp_path: Path) -> None:
    html = f"""<html><body><pre>{REPORT.title}
一、总体情况
全年主动公开信息100条。</pre>
<table><caption>表三 收到和处理政府信息公开申请情况</caption><tr><td>申请人情况</td><td>自然人</td></tr></table>
</body></html>"""
    document = read_document(write(tmp_path, "pre.html", html))
    assert [block.text for block in paragraphs(document)] == [
        REPORT.title,
        "一、总体情况",
        "全年主动公开信息100条。",
        "表三 收到和处理政府信息公开申请情况",
    ]
    assert [paragraph.source.line for paragraph in paragraphs(document)][:3] == [1, 2, 3]
    assert block_kinds(document) == "PPPPT"


def test_a_title_over_two_lines_above_the_content_is_taken_whole(tmp_path: Path) -> None:
    body, rest = "示例县交通运输局", "2023年政府信息公开工作年度报告"
    html = f"""<html><body><div class="crumbs">当前位置：<a href="/">首页</a></div>
    <div class="title"><p>{body}</p><p>{rest}</p></div>
    <div class="c">{"".join(f"<p>{heading}</p><p>正文。</p>" for heading in HEADINGS)}</div>
    </body></html>"""
    document = read_document(write(tmp_path, "two-lines.html", html))
    assert [block.text for block in document.blocks[:3]] == [body, rest, HEADINGS[0]]
    result = check_file(write(tmp_path, "two-lines.html", html))
    assert result.title == body + rest


def test_a_title_only_in_the_page_head_is_used(tmp_path: Path) -> None:
    html = f"""<html><head><title>{REPORT.title}_政府信息公开年报_示例县</title></head><body>
    <div><a href="/">首页</a></div><div class="c">{"".join(f"<p>{heading}</p><p>正文。</p>" for heading in HEADINGS)}</div>
    </body></html>"""
    document = read_document(write(tmp_path, "head.html", html))
    assert document.blocks[0].text == REPORT.title
    assert document.blocks[0].source.element == "/html/head/title"


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04" + bytes(200), "Word 或 Excel"),
        (b"\x00\x01\x02\x03garbage" * 20, "不是网页"),
        ("平潭县2023年政府信息公开工作年度报告\n一、总体情况\n".encode(), "纯文本"),
        (b"   \n\t  ", "纯文本"),
        (
            b"<html><head><script>load()</script></head><body><script>render('x')</script></body></html>",
            "没有正文",
        ),
        (b"<html><body><div><span>   </span></div></body></html>", "没有正文"),
    ],
)
def test_bad_input_gets_a_plain_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        read_document(write(tmp_path, "bad.html", data))


def test_a_page_over_the_size_budget_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html_reader, "MAX_HTML_BYTES", 1000)
    page = write(tmp_path, "big.html", site_page(REPORT))
    with pytest.raises(ReadError, match="50 MB"):
        read_document(page)


def test_deep_nesting_and_broken_markup_do_not_crash(tmp_path: Path) -> None:
    deep = "<div>" * 1500 + "一、总体情况" + "</div>" * 10
    broken = "<html><body><p>二、主动公开<b>政府信息情况<table><tr><td>第二十条<td>x</table></p></div></span>"
    for name, html in (("deep.html", deep), ("broken.html", broken)):
        document = read_document(write(tmp_path, name, html))
        assert document.blocks


def test_html_files_are_supported_and_found_in_folders(tmp_path: Path) -> None:
    for name in ("a.html", "b.HTM", "c.mht", "d.mhtml"):
        assert unsupported_reason(Path(name)) is None
        write(tmp_path, name, b"<p>x</p>")
    # A page saved complete: its frames and scripts in a companion folder are not reports.
    (tmp_path / "a_files").mkdir()
    write(tmp_path / "a_files", "saved_resource.html", b"<p>frame</p>")
    (tmp_path / "other").mkdir()
    write(tmp_path / "other", "e.htm", b"<p>y</p>")
    files, skipped = collect_files([tmp_path])
    assert sorted(path.name for path in files) == ["a.html", "b.HTM", "c.mht", "d.mhtml", "e.htm"]
    assert not skipped
    assert "网页" in (unsupported_reason(Path("x.rtf")) or "")


# --- web archives ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "transfer"), [("gbk", "quoted-printable"), ("utf-8", "base64")])
def test_a_web_archive_is_read_like_the_page(tmp_path: Path, encoding: str, transfer: str) -> None:
    archive = write(
        tmp_path, "report.mht", mht_archive(site_page_bytes(REPORT, encoding), encoding, transfer)
    )
    document = read_document(archive)
    assert_report_read(document)
    assert_tables_on_grid(document)


def test_a_web_archive_without_a_page_is_refused(tmp_path: Path) -> None:
    archive = b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
    with pytest.raises(ReadError, match="没有网页内容"):
        read_document(write(tmp_path, "empty.mhtml", archive))


# --- the real page ----------------------------------------------------------------------------------


def _real_page() -> tuple[Path, dict]:
    page = REAL / "files" / "pingtan-2023.html"
    if not page.is_file():
        pytest.skip("../shared/corpus/real is not here (the real reports are not part of the project)")
    labels = json.loads((REAL / "labels.json").read_text(encoding="utf-8"))
    report = next(report for report in labels["reports"] if "files/pingtan-2023.html" in report["files"])
    return page, {"report": report, "conventions": labels["conventions"]}


def test_the_real_page_gives_every_labelled_value_in_its_grid_column() -> None:
    page, labels = _real_page()
    document = read_document(page)
    report, conventions = labels["report"], labels["conventions"]
    texts = [squeeze(paragraph.text) for paragraph in paragraphs(document)]
    for section in report["sections"].values():
        assert squeeze(clean_text(section["heading_as_printed"].replace("&nbsp;", " "))) in texts
    two, three, four = tables(document)
    columns = conventions["table3_columns"]
    value_rows = [row for row in three.rows if sum(cell.col >= 3 for cell in row.cells) == len(columns)]
    keys = conventions["table3_row_keys_F2021"]
    assert len(value_rows) == len(keys)
    for key, row in zip(keys, value_rows, strict=True):
        label = squeeze([cell for cell in row.cells if cell.col < 3][-1].text)
        marker = key[-1] if key[-1].isdigit() else key.split("(")[-1].rstrip(")")
        assert marker in label[:3], (key, label)
        values = {cell.col: cell.text for cell in row.cells if cell.col >= 3}
        expected = report["table3"][key]
        assert values == {
            3 + index: ("" if value is None else str(value)) for index, value in enumerate(expected)
        }
    data_row = four.rows[-1]
    assert [(cell.col, cell.text) for cell in data_row.cells] == [
        (index, str(value)) for index, value in enumerate(report["table4_list"])
    ]
    assert_sources_point_into(document, page)


def test_the_real_page_is_checked_without_false_findings() -> None:
    page, labels = _real_page()
    result = check_file(page)
    assert result.error is None
    assert result.year == labels["report"]["year"] and result.body == labels["report"]["body"]
    assert [hit.key for hit in result.report.sections] == list("一二三四五六")
    assert set(result.report.tables) >= {"二", "三", "四"}
    assert result.count("error") == 0
