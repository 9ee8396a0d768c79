"""Label normalisation and number reading, as real reports write them."""

from __future__ import annotations

import pytest

from app.core.text import normalize_label, parse_number, similarity, split_marker


def test_full_and_half_width_and_spaces_are_the_same():
    assert normalize_label("（三）不予公开") == normalize_label("(三) 不予公开")
    assert normalize_label("结 果 维 持") == "结果维持"
    assert normalize_label("1、属于国家秘密") == normalize_label("1．属于国家秘密") == "1.属于国家秘密"


def test_traditional_script_is_simplified():
    assert normalize_label("本年新收政府資訊公開申請數量") == normalize_label("本年新收政府资讯公开申请数量")
    assert normalize_label("行政復議") == "行政复议"


def test_markers_are_split():
    marked = split_marker(normalize_label("（四）无法提供"))
    assert (marked.group, marked.text) == ("四", "无法提供")
    marked = split_marker(normalize_label("3.危及“三安全一稳定”"))
    assert (marked.item, marked.text) == (3, '危及"三安全一稳定"')
    assert split_marker(normalize_label("四、结转下年度继续办理")).top == "四"
    assert split_marker("205.3321").item is None


def test_typos_stay_similar_but_different_rows_do_not():
    assert similarity(normalize_label("属于三类内容事务信息"), normalize_label("属于三类内部事务信息")) > 0.85
    assert similarity(normalize_label("重复申请"), normalize_label("信访举报投诉类申请")) < 0.5


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("12", "number", 12),
        ("１２", "number", 12),
        (" 1,234 ", "number", 1234),
        ("0.0000", "number", 0.0),
        ("13.7", "number", 13.7),
        ("-3", "number", -3),
        ("", "blank", None),
        ("—", "placeholder", None),
        ("/", "placeholder", None),
        ("无", "placeholder", None),
        ("3件", "unit", 3),
        ("见附件", "text", None),
    ],
)
def test_numbers(text, kind, value):
    parsed = parse_number(text)
    assert parsed.kind == kind
    assert parsed.value == value
