"""The 2019 table 二 printed one cell per line with every cell empty is the outdated layout, told
from its labels alone (issue 16.6), in TXT and HTML."""

from __future__ import annotations

import pytest

from app.core.check import check_file
from tests.core.rules.examples import base_text
from tests.fixtures.one_cell_per_line import one_cell_per_line_html, one_cell_per_line_txt, table_two_cells

CLASSES = [
    pytest.param(lambda: one_cell_per_line_txt(), "txt", id="txt-empty-lines"),
    pytest.param(lambda: one_cell_per_line_txt(blank_lines=False), "txt", id="txt-no-empty-lines"),
    pytest.param(lambda: one_cell_per_line_txt(table_three_2019=True), "txt", id="txt-2019-table-three"),
    pytest.param(lambda: one_cell_per_line_html(), "html", id="html-nbsp"),
    pytest.param(lambda: one_cell_per_line_html(empty=""), "html", id="html-empty-paragraphs"),
    pytest.param(lambda: one_cell_per_line_html(table_three_2019=True), "html", id="html-2019-table-three"),
]


@pytest.mark.parametrize(("text", "suffix"), CLASSES)
def test_the_2019_labels_one_per_line_are_the_outdated_layout(text, suffix, tmp_path):
    path = tmp_path / f"report.{suffix}"
    path.write_text(text(), encoding="utf-8")
    result = check_file(path)
    assert result.error is None
    assert result.layout == "F2019"
    [outdated] = [f for f in result.findings if f.rule == "L201"]
    assert outdated.found == "F2019" and outdated.expected == "F2021"


def test_a_2021_report_mentioning_old_labels_in_sentences_keeps_its_layout(tmp_path):
    # the labels inside running text are no table cells
    sentence = "与往年的" + "、".join(cell for cell in table_two_cells() if cell) + "等口径不同。"
    path = tmp_path / "report.txt"
    path.write_text(
        base_text().replace("五、存在的主要问题及改进情况", sentence + "\n\n五、存在的主要问题及改进情况"),
        encoding="utf-8",
    )
    result = check_file(path)
    assert result.layout == "F2021" and not [f for f in result.findings if f.rule == "L201"]
