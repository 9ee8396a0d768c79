"""The cross-report rules: records in the registry like every per-report rule, with examples.

Their findings come from the passes of `app.core.batch` (chains, duplicates, years, lastyear); a finding goes
on the later report of a pair, names the earlier one and carries its path in `Finding.related_file`.
"""

from __future__ import annotations

from app.core.rules.base import BatchRule

CHAIN_BROKEN = BatchRule("C530", "上年结转与上一年度结转下年度不一致", "error", "consistency")
IN_FORCE_BREAK = BatchRule("C531", "现行有效件数与上一年度不衔接", "warning", "consistency")
DUPLICATE = BatchRule("C532", "同一单位同一年度的报告重复", "info", "consistency")
COPIED_TEXT = BatchRule("C533", "正文大量重复上一年度报告", "warning", "content")
COPIED_TABLES = BatchRule("C534", "统计表与上一年度完全相同", "warning", "consistency")
NOT_COMPARABLE = BatchRule("P650", "跨年度结转无法核对", "warning", "parse")
NO_YEAR = BatchRule("P651", "年度未识别，未参与跨年度核对", "info", "parse")

BATCH_RULES: tuple[BatchRule, ...] = (
    CHAIN_BROKEN,
    IN_FORCE_BREAK,
    DUPLICATE,
    COPIED_TEXT,
    COPIED_TABLES,
    NOT_COMPARABLE,
    NO_YEAR,
)
BATCH_RULE_IDS: frozenset[str] = frozenset(rule.id for rule in BATCH_RULES)
