"""The one description of each table (`ReportFormat.table`), and no code naming a format by its id."""

from __future__ import annotations

import re
from pathlib import Path

from app.core.formats import all_formats

APP = Path(__file__).resolve().parents[3] / "app"


def test_every_format_describes_its_three_tables():
    for fmt in all_formats():
        assert [table.key for table in fmt.tables] == ["二", "三", "四"]
        for table in fmt.tables:
            assert table.title.startswith(table.name + "（") and table.caption
            cells = table.cells()
            assert len(cells) == len(set(cells))
            for row, column in cells:
                assert fmt.row_label(table.key, row) and fmt.column_label(table.key, column)
        three = fmt.table("三")
        assert len(three.cells()) == (len(three.rows) + len(three.groups)) * len(three.columns)
        assert fmt.table("四").single_row and not three.single_row
        two = fmt.table("二")
        assert len(two.cells()) == sum(len(b.rows) * len(b.columns) for b in two.blocks)


def test_a_sub_row_is_named_with_its_group():
    fmt = all_formats()[-1]
    assert fmt.row_label("三", "deny.1") == "（三）不予公开 1.属于国家秘密"
    assert fmt.table("三").row("deny.1").label == "1.属于国家秘密"


def test_the_basis_is_found_with_any_brackets():
    for fmt in all_formats():
        year = re.search(r"\d{4}", fmt.basis).group(0)
        number = fmt.basis.rsplit("〕", 1)[1]
        for opening, closing in ("〔〕", "[]", "()", "（）"):
            assert fmt.basis_pattern.search(f"依据国办公开办函{opening}{year}{closing}{number}要求")


def test_no_code_names_a_format_by_its_id():
    ids = "|".join(fmt.id for fmt in all_formats())
    named = [
        f"{path.relative_to(APP)}:{number}"
        for path in APP.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(rf"\b(?:{ids})\b", line)
    ]
    assert named == []
