"""Local rule packs: the example pack tolerates its extra row, changes a severity, sets deadlines;
bad pack files are refused with a reason; the command line and the batch pass take the pack."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.cli import EXIT_USAGE, run_check
from app.core.check import check_batch, check_file
from app.core.packs import PackError, all_packs, find_pack, load_pack, national_pack
from tests.core.rules.examples import base_text

FORCE_ROW = "行政强制\t5\n"
# The example pack adds 行政检查 to table 二's block of 第二十条第（六）项; 行政指导 it does not.
INSPECTION_ROW = "行政检查\t12\n"
OTHER_ROW = "行政指导\t3\n"


def write(tmp_path: Path, text: str, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rules_of(result, rule_id: str) -> list:
    return [finding for finding in result.findings if finding.rule == rule_id]


@pytest.fixture
def example():
    return find_pack("example-province")


def test_the_example_pack_tolerates_its_extra_row_and_no_other(tmp_path, example):
    path = write(tmp_path, base_text().replace(FORCE_ROW, FORCE_ROW + INSPECTION_ROW + OTHER_ROW))
    national = rules_of(check_file(path), "L204")
    assert {f.row for f in national} == {"行政检查", "行政指导"}
    local = rules_of(check_file(path, example), "L204")
    assert [f.row for f in local] == ["行政指导"]


def test_the_example_pack_changes_a_severity_and_adds_its_label_note(tmp_path, example):
    path = write(tmp_path, base_text().replace("2.重复申请", "2.重复提出申请", 1))
    [national] = rules_of(check_file(path), "L205")
    [local] = rules_of(check_file(path, example), "L205")
    assert (national.severity, local.severity) == ("warning", "info")
    assert "反复提出" in local.message and "反复提出" not in national.message
    assert (local.row, local.found) == (national.row, national.found)


def test_the_example_pack_turns_a_rule_off(tmp_path, example):
    path = write(tmp_path, base_text().replace("2022年政府信息公开", "2017年政府信息公开"))
    assert rules_of(check_file(path), "S106")
    assert not rules_of(check_file(path, example), "S106")


def test_deadlines_and_thresholds(example):
    national = national_pack()
    assert national.deadline("department", 2023) == date(2024, 1, 31)
    assert national.deadline("government", 2023) == date(2024, 3, 31)
    assert national.deadline("township", 2023) is None
    assert example.deadline("township", 2023) == date(2024, 2, 28)
    assert example.deadline("government", 2023) == date(2024, 3, 31)  # not said: the national one
    assert (national.threshold("copy_share_warning"), example.threshold("copy_share_warning")) == (0.5, 0.4)
    with pytest.raises(KeyError):
        national.threshold("no_such_threshold")


def test_a_pack_that_says_nothing_is_the_national_pack(tmp_path):
    path = write(tmp_path, json.dumps({"id": "empty"}), "empty.json")
    pack = load_pack(path)
    national = national_pack()
    assert (pack.deadlines, pack.thresholds, pack.rules) == (national.deadlines, national.thresholds, {})
    report = write(tmp_path, base_text().replace("2.重复申请", "2.重复提出申请", 1))
    assert [f.severity for f in check_file(report, pack).findings] == [
        f.severity for f in check_file(report).findings
    ]


def test_shipped_packs_load():
    assert [pack.id for pack in all_packs()][0] == "national"
    assert "example-province" in [pack.id for pack in all_packs()]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{", "不是有效的 JSON"),
        ("[]", "应是一个对象"),
        ('{"name": "x"}', "缺少 id"),
        ('{"id": "x", "colour": 1}', "colour"),
        ('{"id": "x", "rules": {"X999": {"enabled": false}}}', "X999"),
        ('{"id": "x", "rules": {"L205": {"severity": "fatal"}}}', "severity"),
        ('{"id": "x", "rules": {"L205": {"enabled": "no"}}}', "enabled"),
        ('{"id": "x", "deadlines": {"township": "2-30"}}', "月-日"),
        ('{"id": "x", "deadlines": {"township": "02-30"}}', "月-日"),
        ('{"id": "x", "deadlines": {"village": "02-28"}}', "village"),
        ('{"id": "x", "thresholds": {"copy_share": 0.3}}', "copy_share"),
        ('{"id": "x", "thresholds": {"copy_share_warning": "half"}}', "数字"),
        ('{"id": "x", "label_notes": [{"table": "三"}]}', "label_notes"),
    ],
)
def test_a_bad_pack_is_refused_with_its_reason(tmp_path, content, said):
    path = write(tmp_path, content, "bad.json")
    with pytest.raises(PackError, match=said):
        load_pack(path)


def test_an_unknown_pack_name_lists_the_known_ones():
    with pytest.raises(PackError, match="example-province"):
        find_pack("no-such-pack")


def test_the_command_line_takes_a_pack(tmp_path, capsys):
    path = write(tmp_path, base_text().replace("2.重复申请", "2.重复提出申请", 1))
    for pack, severity in ((None, "warning"), ("example-province", "info")):
        out = tmp_path / f"{pack}.json"
        with out.open("w", encoding="utf-8") as stream:
            run_check(["--json", str(path)] + (["--pack", pack] if pack else []), out=stream)
        [report] = json.loads(out.read_text(encoding="utf-8"))["reports"]
        assert [f["severity"] for f in report["findings"] if f["rule"] == "L205"] == [severity]
    assert run_check(["--pack", str(tmp_path / "missing.json"), str(path)]) == EXIT_USAGE
    assert "无法使用规则包" in capsys.readouterr().err


def test_the_batch_pass_follows_the_pack(tmp_path):
    pack_file = write(tmp_path, json.dumps({"id": "x", "rules": {"C532": {"severity": "warning"}}}), "p.json")
    pack = load_pack(pack_file)
    first, second = write(tmp_path, base_text(), "a.txt"), write(tmp_path, base_text(), "b.txt")
    results = [check_file(first, pack), check_file(second, pack)]
    assert [f.severity for r in check_batch(results) for f in rules_of(r, "C532")] == ["info", "info"]
    assert [f.severity for r in check_batch(results, pack=pack) for f in rules_of(r, "C532")] == [
        "warning"
    ] * 2
