"""Who has not reported: a roster workbook matched to the batch's reports by normalised name — a
missing unit, names written differently (全称/简称, 人民政府 omitted, a city in front), the command line
and the workbook's 报送情况 sheet."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.cli import run_check
from app.core.batch.roster import RosterError, check_roster, read_roster
from app.core.check import check_file
from app.core.resources import resource_path
from tests.fixtures.crossyear_pairs import earlier_text

REPORTS = {  # file → the body its report names
    "科工局.txt": "遂平县科技和工业信息化局",
    "洪泽.txt": "淮安市洪泽区人民政府",
    "教育局.txt": "遂平县教育局",
}
ROSTER = [  # (单位名称, 上级单位, 类型)
    ("遂平县科工局", "遂平县人民政府", "部门"),  # the short form of the report's body
    ("洪泽区", "淮安市", "政府"),  # 人民政府 omitted, no city in front
    ("遂平县教育局", "遂平县人民政府", "部门"),
    ("遂平县财政局", "遂平县人民政府", "部门"),  # no report
]


def _reports(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, body in REPORTS.items():
        path = folder / name
        path.write_text(earlier_text(body=body), encoding="utf-8")
        paths.append(path)
    return paths


def _roster(path: Path, rows=ROSTER, header=("单位名称", "上级单位", "类型"), title_row: bool = True) -> Path:
    book = Workbook()
    sheet = book.active
    if title_row:
        sheet.append(["2024年度政府信息公开工作年度报告报送名单"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_a_missing_unit_and_names_written_differently(tmp_path: Path) -> None:
    results = [check_file(path) for path in _reports(tmp_path / "reports")]
    lines = check_roster(_roster(tmp_path / "名单.xlsx"), results)
    found = {line.unit.name: [Path(r.path).name for r in line.reports] for line in lines}
    assert found == {
        "遂平县科工局": ["科工局.txt"],
        "洪泽区": ["洪泽.txt"],
        "遂平县教育局": ["教育局.txt"],
        "遂平县财政局": [],
    }
    assert [line.unit.parent for line in lines][:2] == ["遂平县人民政府", "淮安市"]


def test_a_short_form_fitting_two_bodies_matches_neither(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, body in (("a.txt", "遂平县科学技术局"), ("b.txt", "遂平县科技和工业信息化局")):
        (folder / name).write_text(earlier_text(body=body), encoding="utf-8")
    results = [check_file(path) for path in sorted(folder.iterdir())]
    (line,) = check_roster(_roster(tmp_path / "名单.xlsx", [("遂平县科技局", "", "")]), results)
    assert not line.reported


def test_the_command_line_lists_the_units_without_a_report_and_writes_the_sheet(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    _reports(folder)
    roster = _roster(tmp_path / "名单.xlsx")
    out = io.StringIO()
    run_check(["--json", "--roster", str(roster), "--export-dir", str(tmp_path / "导出"), str(folder)], out)
    listed = {unit["unit"]: unit for unit in json.loads(out.getvalue())["roster"]}
    assert [name for name, unit in listed.items() if not unit["reported"]] == ["遂平县财政局"]
    assert listed["洪泽区"]["years"] == [2022] and listed["洪泽区"]["files"] == [str(folder / "洪泽.txt")]
    book = load_workbook(next((tmp_path / "导出").glob("*.xlsx")))
    rows = list(book["报送情况"].iter_rows(values_only=True))
    assert rows[0][:4] == ("单位名称", "上级单位", "类型", "报送情况")
    assert [(row[0], row[3]) for row in rows[1:]] == [
        ("遂平县科工局", "已报送"),
        ("洪泽区", "已报送"),
        ("遂平县教育局", "已报送"),
        ("遂平县财政局", "未报送"),
    ]
    text = io.StringIO()
    run_check(["--roster", str(roster), str(folder)], text)
    assert "名单中 4 个单位，1 个未报送：遂平县财政局。" in text.getvalue()


def test_a_roster_without_the_header_or_not_a_workbook_is_refused_plainly(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="单位名称"):
        read_roster(_roster(tmp_path / "a.xlsx", header=("名称", "备注", "")))
    broken = tmp_path / "b.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(RosterError):
        read_roster(broken)
    assert run_check(["--roster", str(broken), str(tmp_path / "a.xlsx")], io.StringIO()) == 2


def test_the_template_has_the_header_only() -> None:
    template = resource_path("roster-template.xlsx")
    assert read_roster(template) == []
    sheet = load_workbook(template).worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["单位名称", "上级单位", "类型"] and sheet.max_row == 1
