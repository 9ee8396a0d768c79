"""The outline chosen as a whole, on every class of heading structure (tests/fixtures/outline_classes).

On each class: with all six sections there, no section error and the six found in order; with a
section really deleted, S101 for exactly that section; with a section really repeated, S102 for it.
"""

from __future__ import annotations

import pytest

from app.core.check import check_file
from app.core.recognise.headings import read_heading
from tests.fixtures import outline_classes as classes
from tests.fixtures.text import reports

STYLES = {style.name: style for style in classes.styles()}
# Word files take longer to write: their containers run on the classes most likely to mislead
DOCX_STYLES = [
    "top-plain",
    "none-plain",
    "top-markdown",
    "part-plain-inline",
    "top-plain-list-contents",
    "top-plain-lost二",
    "top-traditional",
]
CHANGES = [(None, None), ("delete", "二"), ("delete", "五"), ("repeat", "五")]


def _cases() -> list[tuple[str, str, str | None, str | None]]:
    cases = []
    for name in STYLES:
        for container in (c for c in classes.CONTAINERS if not c.startswith("docx")):
            for change, key in CHANGES:
                cases.append((name, container, change, key))
    for name in DOCX_STYLES:
        for container in (c for c in classes.CONTAINERS if c.startswith("docx")):
            for change, key in CHANGES:
                cases.append((name, container, change, key))
    return cases


def _section_errors(result) -> list[tuple[str, str]]:
    return sorted(
        (f.rule, (f.section or "")[:1])
        for f in result.findings
        if f.category == "section" and f.severity == "error"
    )


@pytest.mark.parametrize(("style", "container", "change", "key"), _cases())
def test_the_outline_on_every_class(tmp_path, style, container, change, key):
    items = classes.items(STYLES[style])
    if change:
        items = classes.mutate(items, change, key)
    result = check_file(classes.write(items, container, tmp_path / "report"))
    assert result.error is None
    if change is None:
        assert _section_errors(result) == []
        assert [hit.key for hit in result.report.sections] == list("一二三四五六")
    elif change == "delete":
        assert _section_errors(result) == [("S101", key)]
    else:
        assert _section_errors(result) == [("S102", key)]


def test_a_sub_item_echoing_another_sections_title_is_a_sub_item(tmp_path):
    """（一）主动公开政府信息情况 inside 一 reads word for word as section 二's title: still section 一's."""
    result = check_file(classes.write(classes.items(classes.Style()), "txt", tmp_path / "report"))
    second = result.report.section_heading("二")
    assert second is not None and second.heading == "二、主动公开政府信息情况"
    assert not [f for f in result.findings if f.rule == "S104" and "（一）" in (f.found or "")]
    # the sub-item's line belongs to section 一's text
    assert "主动公开政府信息情况" in result.report.section_text("一")


def test_an_unnumbered_heading_in_the_middle_of_sub_lists_is_said_as_a_doubt(tmp_path):
    """Section 二's heading without its numeral, between 一's （一）… and 二's own （一）…: it may be the
    heading or one more sub-heading. The missing section is said as a warning naming both readings."""
    items = classes.items(classes.Style())
    items = [
        classes.Item("heading", "主动公开政府信息情况", "二")
        if item.kind == "heading" and item.key == "二"
        else item
        for item in items
    ]
    at = next(index for index, item in enumerate(items) if item.kind == "table" and item.key == "二")
    items[at:at] = [
        classes.Item("sub", "（一）规章和规范性文件", "二"),
        classes.Item("text", "制发规范性文件。", "二"),
    ]
    result = check_file(classes.write(items, "txt", tmp_path / "report"))
    assert _section_errors(result) == []
    warned = [f for f in result.findings if f.rule == "S101" and f.severity == "warning"]
    assert len(warned) == 1
    assert "“主动公开政府信息情况”" in warned[0].message and "小标题" in warned[0].message


@pytest.mark.parametrize(
    ("line", "level", "value", "words"),
    [
        ("## 一、总体情况", "top", 1, "总体情况"),
        ("**二、主动公开政府信息情况**", "top", 2, "主动公开政府信息情况"),
        ("● 第三部分  收到和处理政府信息公开申请情况", "part", 3, "收到和处理政府信息公开申请情况"),
        ("（一）主动公开政府信息情况", "paren", 1, "主动公开政府信息情况"),
        ("(二)主动公开信息情况", "paren", 2, "主动公开信息情况"),
        ("、主动公开政府信息情况", "lost", None, "主动公开政府信息情况"),
        ("5. 存在的主要问题及改进情况", "arabic", 5, "存在的主要问题及改进情况"),
        ("六 其他需要报告的事项", "top", 6, "其他需要报告的事项"),
        ("【總體情況】", "none", None, "总体情况"),
        ("一 、 总 体 情 况", "top", 1, "总体情况"),
        ("2023年，我局认真贯彻落实条例。", "none", None, "2023年,我局认真贯彻落实条例"),
    ],
)
def test_heading_decoration_is_read_in_one_place(line, level, value, words):
    heading = read_heading(line)
    assert (heading.level, heading.value, heading.words) == (level, value, words)


@pytest.mark.parametrize("shape", ["tab", "crawler"])
def test_section_spans_are_computed_once_for_every_rule(tmp_path, shape):
    """`Report.section_text` / `section_of`: a section's text runs from its heading to the next one,
    cut inside a run-on paragraph where the next heading stands in the same line."""
    data = reports.consistent_data()
    text = reports.tab_text(data) if shape == "tab" else reports.crawler_text(data)
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = check_file(path)
    report = result.report
    fifth, sixth = reports.SECTION_TEXT["五"], reports.SECTION_TEXT["六"]
    assert fifth in report.section_text("五") and sixth not in report.section_text("五")
    assert sixth in report.section_text("六")
    assert not report.section_text("六").lstrip().startswith("六、")  # the heading is not its text
    block, _ = report.section_pieces("五")[0]
    assert report.section_of(block, len(result.document.blocks[block].text) - 1) in ("五", "六")
    assert report.section_of(0) is None  # the title stands before the first section
