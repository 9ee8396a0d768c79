"""The engine on the whole labelled corpus and on the five original reports."""

from __future__ import annotations

import json
import re

import pytest

from app.core.check import check_file
from tests.conftest import CORPUS

LABELS = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
GATED = {"section", "layout", "arithmetic"}
KIND = {"section": "missing_section", "arithmetic": "arithmetic", "layout": "layout"}


def _norm(text: str | None) -> str:
    text = (text or "").translate(str.maketrans("（）：，。．", "():,.."))
    return re.sub(r"\s+", "", text)


def _matches(expected: dict, finding) -> bool:
    if finding.severity != "error" or KIND.get(finding.category) != expected["kind"]:
        return False
    if expected["kind"] == "missing_section":
        core = expected["section"].split("、", 1)[-1]
        return _norm(core)[:6] in _norm(finding.section or finding.message)
    if expected["kind"] == "arithmetic":
        return finding.table == expected["table"]
    return True


@pytest.mark.parametrize("name", sorted(LABELS))
def test_expected_findings_and_no_false_alarms(name):
    result = check_file(CORPUS / name)
    assert result.error is None, result.error
    expected = LABELS[name]
    for item in expected:
        assert any(_matches(item, f) for f in result.findings), f"missed {item}"
    gated = [f for f in result.findings if f.severity == "error" and f.category in GATED]
    false_alarms = [f.message for f in gated if not any(_matches(item, f) for item in expected)]
    assert not false_alarms
    for item in expected:
        if item.get("pinpoint"):
            column = _norm(item["col"])
            assert any(
                f.table == item["table"] and _norm(f.column) == column and f.expected == item["correct"]
                for f in result.findings
            ), f"{item['row_label']} / {item['col']} not pinpointed"


SEEDS = {
    "000_74c6837265fc1e4f.txt": (2022, "F2021"),
    "001_4b40133624080b57.txt": (2022, "F2021"),
    "002_257bd34ea451c6a3.txt": (2023, "F2021"),
    "003_d5e610b981fa0aad.txt": (2020, "F2019"),
    "004_4e0b67111b96981a.txt": (2022, "F2021"),
}


@pytest.mark.parametrize(("name", "year_layout"), SEEDS.items())
def test_seeds_read_as_what_they_are(name, year_layout):
    result = check_file(CORPUS / "seeds" / name)
    assert (result.year, result.layout) == year_layout
    assert [hit.key for hit in result.report.sections] == list("一二三四五六")
    assert result.count("error") == 0, [f.message for f in result.findings if f.severity == "error"]


@pytest.mark.parametrize("name", ["000_74c6837265fc1e4f.txt", "004_4e0b67111b96981a.txt"])
def test_seed_extraction_artefacts_are_warnings(name):
    result = check_file(CORPUS / "seeds" / name)
    assert any(f.rule == "P601" and f.severity == "warning" for f in result.findings)


def test_pinpoint_names_the_cell_and_its_value():
    result = check_file(CORPUS / "files" / "seed000-t3_cell.txt")
    [cell] = [f for f in result.findings if f.category == "arithmetic"]
    assert cell.row == "（四）无法提供 1.本机关不掌握相关政府信息"
    assert cell.column == "法律服务机构"
    assert (cell.expected, cell.found) == (0, 1)
    assert cell.location == "第71行，表三“（四）无法提供 1.本机关不掌握相关政府信息”行“法律服务机构”列"
