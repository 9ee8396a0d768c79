"""Content statements recognised from their meaning-bearing words (the format's `statements`)."""

from __future__ import annotations

import pytest

from app.core.formats import all_formats
from app.core.statements import says
from app.core.text import normalize_text
from tests.core.rules.examples import Example
from tests.fixtures.statement_phrasings import fee_statements, not_fee_statements

FEE = next(fmt.statement("processing_fee") for fmt in all_formats() if fmt.statement("processing_fee"))
SECTION_SIX = "六、其他需要报告的事项"


@pytest.mark.parametrize("sentence", sorted(set(fee_statements())))
def test_a_fee_statement_in_other_words_counts(sentence):
    assert says(FEE, normalize_text(sentence))


@pytest.mark.parametrize("sentence", sorted(set(not_fee_statements())))
def test_a_sentence_that_only_touches_on_fees_does_not_count(sentence):
    assert not says(FEE, normalize_text(sentence))


def test_one_sentence_at_a_time():
    # the negation ends its sentence: the topic in the next one stands alone
    assert not says(FEE, normalize_text("本年度未发生其他事项。收费依据已公开。"))


def _section_six_says(sentence: str) -> Example:
    return Example(sentence, (_no_fee_words, (SECTION_SIX, SECTION_SIX + "\n\n" + sentence + "\n")))


def _no_fee_words(text: str) -> str:
    """The base report's own fee sentence taken out of section 六, so only the added one can count."""
    head, six = text.split(SECTION_SIX, 1)
    return head + SECTION_SIX + six.replace("处理费", "某项")


@pytest.mark.parametrize(
    ("sentence", "warned"),
    [
        ("政府信息公开未发生收费情况。", False),
        ("本年度未收取任何费用。", False),
        ("收费0元。", False),
        ("本机关不收取信息处理费。", False),
        ("本机关在网站公开了行政事业性收费目录。", True),
        ("无其他需要报告的事项，严格落实收费规定。", True),
    ],
)
def test_c505_reads_the_statement_in_the_report(sentence, warned, tmp_path):
    result = _section_six_says(sentence).run(tmp_path)
    assert any(f.rule == "C505" for f in result.findings) is warned
