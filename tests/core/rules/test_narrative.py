"""Narrative against the tables (C510–C515): what is compared, what is passed over, and the real reports.

The base report (tests/core/rules/examples.py) has table 三 new = 105 / 9 / … / 114, carried in 2,
（七）总计 113, carried out 3; table 四 复议 总计 8 (3 pending, 3 corrected), 诉讼 5 + 6 = 11; table 二
规章 5 / 2 / 37 and 行政规范性文件 5 / 1 / 0.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from app.core.check import check_document, check_file
from app.core.model import ReaderNote, Source
from app.core.readers.txt_reader import read_txt
from app.core.recognise import recognise
from app.core.rules.base import Context
from app.core.rules.narrative import MAX_FINDINGS, RULES, claims_in
from tests.conftest import real_corpus
from tests.core.rules.examples import APPLICATIONS, base_text

NARRATIVE = {rule.id for rule in RULES}


def report_saying(tmp_path, *sentences: str, instead: bool = False):
    """The base report with `sentences` after (or instead of) its sentence on applications."""
    text = base_text()
    said = "".join(sentences)
    text = text.replace(APPLICATIONS, said if instead else APPLICATIONS + said, 1)
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def narrative(result) -> list:
    return [finding for finding in result.findings if finding.rule in NARRATIVE]


def claims(result) -> list:
    return claims_in(Context(document=result.document, recognition=recognise(result.document)))


def test_a_contradicting_figure_is_a_warning_naming_the_sentence_the_cell_and_both_numbers(tmp_path):
    result = check_file(report_saying(tmp_path, "区政府办代表区政府受理政府信息公开申请17件。", instead=True))
    [finding] = narrative(result)
    assert (finding.rule, finding.severity, finding.found, finding.expected) == ("C510", "warning", 17, 114)
    assert "受理政府信息公开申请17件" in finding.message
    assert "本年新收政府信息公开申请数量" in finding.message and "114" in finding.message
    assert "比较的是" in finding.message
    anchor = finding.anchors[0]
    assert result.document.blocks[anchor.block].text[anchor.start : anchor.end] == "17件"


def test_received_counting_last_years_carry_over_is_said(tmp_path):
    # 114 new + 2 carried in = 116: the text counts the carried-over applications as received.
    result = check_file(
        report_saying(tmp_path, "全年收到政府信息公开申请116件（自然人107件）。", instead=True)
    )
    by_rule = {finding.rule: finding for finding in narrative(result)}
    assert (by_rule["C510"].found, by_rule["C510"].expected) == (116, 114)
    assert "上年结转" in by_rule["C510"].message
    assert (by_rule["C511"].found, by_rule["C511"].expected, by_rule["C511"].column) == (107, 105, "自然人")


AGREEING = [
    "全年共收到政府信息公开申请114件，涉及自然人105件、法人或其他组织9件。",
    "办结政府信息公开申请113件，其中予以公开及部分公开51件；不予公开12件；无法提供22件；不予处理15件；其他处理13件。",
    "3件结转下年度继续办理，上年结转申请2件。",
    "因政府信息公开被申请行政复议8件，被提起行政诉讼11件。",
    "现行有效规章37件，本年度制发规章5件。",
]


@pytest.mark.parametrize("sentence", AGREEING)
def test_agreeing_figures_are_compared_and_silent(tmp_path, sentence):
    result = check_file(report_saying(tmp_path, sentence, instead=True))
    assert narrative(result) == []
    numbers = {int(n) for n in re.findall(r"(\d+)件", sentence)}
    assert {claim.figure for claim in claims(result)} == numbers  # every figure of the sentence was compared


OUT_OF_SCOPE = [
    "其中，县科技馆收到政府信息公开申请17件。",
    "县科技馆收到政府信息公开申请17件。",
    "全县各部门共收到政府信息公开申请17件。",
    "全县各级行政机关共收到政府信息公开申请1700件。",
    "西平县收到政府信息公开申请17件。",
    "12月收到政府信息公开申请17件。",
    "第四季度收到政府信息公开申请17件。",
    "上半年收到政府信息公开申请17件。",
    "2021年收到政府信息公开申请17件。",
    "同比增长，收到政府信息公开申请17件。",
    "较上年减少，共收到政府信息公开申请17件。",
    "截至目前累计受理政府信息公开申请1700件。",
    "通过网络收到政府信息公开申请17件。",
    "全年收到政务咨询申请17件。",
    "受理政府信息公开申请（含上年结转）116件。",
    "全年办理行政复议案件50件，行政诉讼案件20件。",
    "行政处罚决定均获维持。",
    "2021年因政府信息公开被申请的行政复议案件均获维持。",
    "截至2021年底，现行有效行政规范性文件30件。",
    "县科技馆现行有效行政规范性文件3件。",
    "清理现行有效行政规范性文件393件，其中废止55件、保留338件。",
    "受理政府信息公开申请116件（含上年结转2件）。",
]


@pytest.mark.parametrize("sentence", OUT_OF_SCOPE)
def test_figures_of_another_scope_are_not_compared(tmp_path, sentence):
    result = check_file(report_saying(tmp_path, sentence))
    assert narrative(result) == [], [f.message for f in narrative(result)]


def test_outcome_words_against_pending_and_corrected_cases(tmp_path):
    result = check_file(
        report_saying(tmp_path, "因政府信息公开被申请的行政复议案件均获维持，行政诉讼案件均已审结。")
    )
    findings = sorted(narrative(result), key=lambda f: f.message)
    assert [f.rule for f in findings] == ["C514", "C514"]
    assert any("行政复议·尚未审结" in f.message and "行政复议·结果纠正" in f.message for f in findings)
    assert any("复议后起诉·尚未审结" in f.message for f in findings)


def test_a_sentence_wrapped_over_pdf_lines_is_read_whole(tmp_path):
    path = report_saying(tmp_path, "受理政府信息公开申请\n17件。", instead=True)
    document = read_txt(path)
    assert narrative(check_document(document)) == []  # TXT lines are paragraphs of their own
    [finding] = narrative(check_document(replace(document, kind="pdf")))
    assert (finding.found, finding.expected) == (17, 114)


def test_no_narrative_warning_rests_on_a_doubtful_table(tmp_path):
    document = read_txt(report_saying(tmp_path, "受理政府信息公开申请17件。", instead=True))
    table = check_document(document).report.tables["三"].blocks[0]
    doubtful = replace(
        document, notes=(ReaderNote("表格的列无法确定", Source(line=1), block=table, doubt=True),)
    )
    assert [f for f in narrative(check_document(doubtful)) if f.table == "三"] == []


# ------------------------------------------------------------------ the real reports


def real(name: str):
    return check_file(real_corpus() / "files" / name)


def test_hongze_2024_says_17_applications_where_table_three_has_95():
    result = real("hongze-2024.pdf")
    found = [(f.rule, f.found, f.expected) for f in narrative(result)]
    assert ("C510", 17, 95) in found


def test_hongze_2023_21_applications_compared_and_silent():
    result = real("hongze-2023.pdf")
    assert narrative(result) == []
    assert 21 in {claim.figure for claim in claims(result) if claim.cells == (("new", "total"),)}


def test_pingtan_2023_states_393_normative_documents_where_table_two_has_470():
    result = real("pingtan-2023.html")
    assert result.error is None, result.error
    found = [(f.rule, f.found, f.expected) for f in narrative(result)]
    assert ("C515", 393, 470) in found


def test_pingtan_2023_figures_that_agree_are_compared_and_silent():
    result = real("pingtan-2023.html")
    assert result.error is None, result.error
    assert [f for f in narrative(result) if f.rule != "C515"] == []
    compared = {(claim.figure, claim.cells) for claim in claims(result)}
    three_total = (("new", "total"),)
    assert (81, three_total) in compared  # 接收…申请共计81件
    assert (80, (("new", "natural"),)) in compared  # 自然人80件
    assert (81, (("total", "total"),)) in compared  # 办结81件
    assert (2, (("cases", "review.total"),)) in compared  # 行政复议案件2件
    assert (7, (("cases", "direct.total"), ("cases", "after.total"))) in compared  # 行政诉讼案件7件
    results = [figure for figure, cells in compared if len(cells) > 1 and cells[0][1] == "total"]
    assert {42, 5, 31} <= set(results)  # its split by result


@pytest.mark.parametrize(
    "name", ["pingtan-2019.txt", "pingtan-2021.txt", "pingtan-2022.txt", "pingtan-2023.txt"]
)
def test_no_narrative_warning_on_crawler_text_whose_cells_cannot_be_separated(name):
    result = real(name)
    assert narrative(result) == [], [f.message for f in narrative(result)]


def test_a_wrong_figure_repeated_all_over_a_page_is_said_a_few_times_not_each_time(tmp_path):
    result = check_file(report_saying(tmp_path, "全年收到政府信息公开申请17件、" * 40 + "。", instead=True))
    said = [f for f in narrative(result) if f.rule == "C510"]
    assert 1 <= len(said) <= MAX_FINDINGS
