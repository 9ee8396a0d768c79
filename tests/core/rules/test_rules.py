"""Every rule fires on its examples and stays silent on its counter-examples (ids asserted, not wording)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.core.registry import REGISTRY
from app.core.rules import ALL_RULES
from tests.core.rules.batch_examples import BATCH_EXAMPLES
from tests.core.rules.examples import EXAMPLES

APP = Path(__file__).resolve().parents[3] / "app"

CASES = [
    pytest.param(rule_id, example, should_fire, id=f"{rule_id}-{'fires' if should_fire else 'silent'}-{i}")
    for rule_id, (fires, passes) in EXAMPLES.items()
    for should_fire, examples in ((True, fires), (False, passes))
    for i, example in enumerate(examples)
]


BATCH_CASES = [
    pytest.param(rule_id, example, should_fire, id=f"{rule_id}-{'fires' if should_fire else 'silent'}-{i}")
    for rule_id, (fires, passes) in BATCH_EXAMPLES.items()
    for should_fire, examples in ((True, fires), (False, passes))
    for i, example in enumerate(examples)
]


def test_every_rule_has_examples_both_ways():
    ids = [rule.id for rule in REGISTRY]
    assert len(ids) == len(set(ids)), "rule ids must be unique"
    assert not set(EXAMPLES) & set(BATCH_EXAMPLES)
    assert set(EXAMPLES) == {rule.id for rule in ALL_RULES}
    assert set(EXAMPLES) | set(BATCH_EXAMPLES) == set(ids)
    for rule_id, (fires, passes) in (EXAMPLES | BATCH_EXAMPLES).items():
        assert fires and passes, rule_id


def test_findings_are_made_only_by_rule_records():
    """Every code a finding can carry is a registry record: no module builds a Finding by hand."""
    makers = []
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding":
                makers.append(path.relative_to(APP).as_posix())
    assert makers == ["core/rules/base.py"]  # RuleRecord.finding


@pytest.mark.parametrize(("rule_id", "example", "should_fire"), CASES)
def test_rule_example(rule_id, example, should_fire, tmp_path):
    result = example.run(tmp_path)
    assert result.error is None
    fired = [f for f in result.findings if f.rule == rule_id]
    if should_fire:
        assert fired, f"{rule_id} should fire on: {example.description}"
        rule = next(r for r in ALL_RULES if r.id == rule_id)
        assert all(f.category == rule.category for f in fired)
    else:
        assert not fired, f"{rule_id} fired on {example.description}: {[f.message for f in fired]}"


@pytest.mark.parametrize(("rule_id", "example", "should_fire"), BATCH_CASES)
def test_batch_rule_example(rule_id, example, should_fire, tmp_path):
    result = example.run(tmp_path)
    assert result.error is None
    fired = [f for f in result.findings if f.rule == rule_id]
    if should_fire:
        assert fired, f"{rule_id} should fire on: {example.description}"
        rule = next(r for r in REGISTRY if r.id == rule_id)
        assert all(f.category == rule.category for f in fired)
    else:
        assert not fired, f"{rule_id} fired on {example.description}: {[f.message for f in fired]}"


def test_base_report_has_no_findings_at_all(tmp_path):
    from tests.core.rules.examples import BASE

    result = BASE.run(tmp_path)
    assert [f.rule for f in result.findings] == []


def test_text_findings_anchor_the_exact_words(tmp_path):
    from tests.core.rules.examples import EXAMPLES

    for rule_id in ("C501", "C502", "C503", "C504"):
        example = EXAMPLES[rule_id][0][0]
        result = example.run(tmp_path)
        [finding] = [f for f in result.findings if f.rule == rule_id][:1]
        anchor = finding.anchors[0]
        text = result.document.blocks[anchor.block].text
        quoted = text[anchor.start : anchor.end]
        assert quoted and quoted[0] not in "，,。" and quoted[-1] not in "，,。", (rule_id, quoted)
        assert any(word in quoted for word in ("1月1日", "未收到", "未发生", "60号")), (rule_id, quoted)
