"""Arithmetic findings in the report's own words: the relation with its row labels, the larger side
said in words, one finding for one problem, 应为 only where one cell is named."""

from __future__ import annotations

from pathlib import Path

from app.core.model import Finding
from tests.core.rules.examples import Example

CARRIED_OUT = "四、结转下年度继续办理\t\t0\t3\t0\t0\t0\t0\t3"
RELATION_WORDS = "一、本年新收 + 二、上年结转 应等于 （七）总计 + 四、结转下年度继续办理"


def _arithmetic(tmp_path: Path, *edits: tuple[str, str]) -> list[Finding]:
    result = Example("edited", edits).run(tmp_path)
    return [finding for finding in result.findings if finding.category == "arithmetic"]


def test_a_broken_balance_is_written_with_row_labels_and_the_larger_side(tmp_path: Path) -> None:
    # 2 carried over by 自然人 and in 总计 (the row still adds up): the balance fails in both columns.
    findings = _arithmetic(tmp_path, (CARRIED_OUT, "四、结转下年度继续办理\t\t2\t3\t0\t0\t0\t0\t5"))
    assert len(findings) == 1, [f.message for f in findings]  # the 总计 column follows from 自然人
    message = findings[0].message
    assert message.startswith("表三“自然人”列：" + RELATION_WORDS)
    assert "（七）总计 + 四、结转下年度继续办理 多了 2" in message
    assert "“总计”列的同一关系也相差 2" in message
    assert "相差 -" not in message and "第一项" not in message
    assert findings[0].expected is None and findings[0].found is None  # no single cell is named
    assert findings[0].relation == "T3-R1"


def test_two_broken_columns_say_where_the_total_column_gap_comes_from(tmp_path: Path) -> None:
    findings = _arithmetic(tmp_path, (CARRIED_OUT, "四、结转下年度继续办理\t\t2\t4\t0\t0\t0\t0\t6"))
    scopes = sorted(finding.message.split("：")[0] for finding in findings)
    assert scopes == ["表三“商业企业”列", "表三“自然人”列"]
    assert sum("“总计”列的同一关系也相差 3" in f.message for f in findings) == 1
    assert any("来自“自然人”列、“商业企业”列的差额" in f.message for f in findings)


def test_a_single_mistyped_cell_is_one_finding_with_its_right_value(tmp_path: Path) -> None:
    findings = _arithmetic(tmp_path, (CARRIED_OUT, "四、结转下年度继续办理\t\t0\t3\t0\t0\t0\t0\t4"))
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.row, finding.column, finding.expected, finding.found) == (
        "四、结转下年度继续办理",
        "总计",
        3,
        4,
    )
    assert "填的是 4，应为 3" in finding.message
    assert "这两条关系都成立" in finding.message
    assert "一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理" in finding.message
    assert "A301" not in finding.message and "T3-R" not in finding.message  # codes live in the detail
