"""The title read as a whole before the first section: a report that opens with a portal page's chrome
(printed from the browser, pasted into Word) keeps its title, year and body, and gets exactly the
findings of the same report without the chrome."""

from __future__ import annotations

import random
from pathlib import Path

import docx
import pytest

from app.core.check import check_file
from tests.conftest import CORPUS
from tests.fixtures.printed_pages import crawler_lines, page_lines

SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))
DOCX = sorted((CORPUS / "files").glob("seed00*-clean.docx")) + sorted(
    (CORPUS / "files").glob("seed00*-t3_cell.docx")
)


def _outcome(path: Path) -> tuple:
    result = check_file(path)
    report = result.report
    found = sorted((f.rule, f.severity, f.table, f.row, f.column) for f in result.findings)
    return report.title, report.year, report.body, found


@pytest.mark.parametrize("margin_before", [False, True])
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("source", SEEDS, ids=lambda path: path.stem[:3])
def test_text_opening_with_site_chrome_reads_as_without(source, seed, margin_before, tmp_path):
    lines = source.read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines) if line.strip())
    plain = tmp_path / "plain.txt"
    plain.write_text("\n".join(lines[first:]), encoding="utf-8")
    printed = tmp_path / "printed.txt"
    rng = random.Random(seed)
    printed.write_text(
        "\n".join(page_lines(lines[first:], rng, margin_before=margin_before)), encoding="utf-8"
    )
    expected = _outcome(plain)
    assert expected[0] and expected[1]  # the seed itself has a title and a year
    assert _outcome(printed) == expected


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("source", SEEDS, ids=lambda path: path.stem[:3])
def test_crawler_header_fields_are_not_titles(source, seed, tmp_path):
    """A crawler's header names the title in 「标题:」 and again in a local path: the title is the field's."""
    lines = source.read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines) if line.strip())
    plain = tmp_path / "plain.txt"
    plain.write_text("\n".join(lines[first:]), encoding="utf-8")
    saved = tmp_path / "saved.txt"
    saved.write_text("\n".join(crawler_lines(lines, random.Random(seed))), encoding="utf-8")
    title, year, body, found = _outcome(saved)
    expected = _outcome(plain)
    assert (year, found) == (expected[1], expected[3])
    assert expected[0].replace(" ", "").startswith(title.replace(" ", ""))  # the title's first line, at least
    assert body and "/" not in body


@pytest.mark.parametrize("source", DOCX, ids=lambda path: path.stem)
def test_word_copy_of_a_page_reads_as_the_report(source, tmp_path):
    word = docx.Document(str(source))
    paragraphs = [p for p in word.paragraphs if p.text.strip()]
    title = paragraphs[0]
    chrome = page_lines([title.text], random.Random(source.name), margin_before=True)[:-1]
    anchor = word.paragraphs[0]
    for line in chrome:
        anchor.insert_paragraph_before(line)
    copy = tmp_path / source.name
    word.save(str(copy))
    assert _outcome(copy) == _outcome(source)


def test_breadcrumb_alone_is_not_a_title(tmp_path):
    """Chrome and no title at all: the breadcrumb 「政府信息公开年报」 and the margin's links of other
    years are not taken for this report's title."""
    report = SEEDS[0].read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(report) if line.strip())
    lines = page_lines(report[first:], random.Random(1), margin_before=False)
    title_at = lines.index(report[first])
    path = tmp_path / "untitled.txt"
    path.write_text("\n".join(lines[:title_at] + lines[title_at + 1 :]), encoding="utf-8")
    assert check_file(path).report.title is None
