"""A third format is a data file: F2021's content under a new id for the years from 2099 (F2021 ending
in 2098) gives a 2099 report exactly the findings a 2023 report gets — same rule codes, places and
severities — for every injected error of the rule examples, with no code changed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

import app.core.formats as formats
from app.core.check import check_document
from app.core.model import ReaderNote, Source
from app.core.readers.txt_reader import read_txt
from tests.core.rules.examples import BASE, EXAMPLES, apply, base_text

SHIPPED = formats.formats_dir()
BASE_YEAR = "2022"  # the year the example report is written for


@pytest.fixture
def third_format(tmp_path_factory, monkeypatch) -> Path:
    folder = tmp_path_factory.mktemp("formats")
    for path in SHIPPED.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["id"] == "F2021":
            newer = {**data, "id": "F2099", "name": data["name"] + "（2099年版）", "first_year": 2099}
            (folder / "F2099.json").write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
            data["last_year"] = 2098
        (folder / path.name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(formats, "formats_dir", lambda: folder)
    return folder


def _fired(example, year: str, tmp_path: Path) -> list[tuple]:
    text = base_text()
    for edit in example.edits:
        text = apply(text, edit)
    path = tmp_path / f"{year}.txt"
    path.write_text(text.replace(BASE_YEAR, year), encoding="utf-8")
    document = read_txt(path)
    if example.note:
        document = replace(document, notes=(ReaderNote(example.note, Source(line=1), block=0),))
    if example.published:  # the page's publication date, moved with the report's year
        shift = int(year) - int(BASE_YEAR)
        document = replace(document, published=example.published.replace(year=example.published.year + shift))
    result = check_document(document)
    # a place quoting the report's own words quotes its year: the same place in either year
    return [
        (f.rule, f.severity, (f.location or "").replace(year, "<年>"), f.anchors, f.table, f.row, f.column)
        for f in result.findings
    ]


EDITED = [
    pytest.param(example, id=f"{rule_id}-{number}")
    for rule_id, (fires, _) in EXAMPLES.items()
    for number, example in enumerate(fires)
    if not example.file and not example.published  # a page's publication day is not in its text
] + [pytest.param(BASE, id="base")]


def test_the_third_format_is_loaded_and_chosen_by_year(third_format):
    assert [fmt.id for fmt in formats.all_formats()] == ["F2019", "F2021", "F2099"]
    assert formats.format_for_year(2098).id == "F2021"
    assert formats.format_for_year(2099).id == "F2099"


@pytest.mark.parametrize("example", EDITED)
def test_a_2099_report_gets_the_findings_a_2023_report_gets(example, third_format, tmp_path):
    later = _fired(example, "2099", tmp_path)
    assert later == _fired(example, "2023", tmp_path)
    if example is not BASE and not any(edit for edit in example.edits if _sets_year(edit)):
        assert later, "the injected error is found"


def test_the_2099_report_is_read_against_the_third_format(third_format, tmp_path):
    path = tmp_path / "2099.txt"
    path.write_text(base_text().replace(BASE_YEAR, "2099"), encoding="utf-8")
    assert check_document(read_txt(path)).layout == "F2099"
    path.write_text(base_text().replace(BASE_YEAR, "2023"), encoding="utf-8")
    assert check_document(read_txt(path)).layout == "F2021"


def _sets_year(edit) -> bool:
    return isinstance(edit, tuple) and BASE_YEAR in edit[0] and BASE_YEAR not in edit[1]
