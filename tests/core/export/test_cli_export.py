"""`python -m app check --json --export-dir DIR`: the workbook matches the JSON one for one, every
Word copy reopens with its comments, and LibreOffice converts the whole run to PDF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from openpyxl import load_workbook

from app.core.export import WORKBOOK_NAME
from app.core.export.workbook import FINDING_HEADERS, REPORT_HEADERS
from app.core.model import CATEGORY_LABELS, SEVERITY_LABELS, Finding, Result
from app.core.wording import plain_value, status_text
from tests.conftest import CORPUS
from tests.fixtures import html_pages

ROOT = Path(__file__).resolve().parents[3]
INPUTS = [
    "seed000-t3_cell.docx",
    "seed001-t3_balance.pdf",
    "seed002-t4_total.xlsx",
    "seed000-missing_section.txt",
    "seed001-clean.docx",
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One command-line run over a DOCX, PDF, XLSX and TXT report and an unreadable file."""
    base = tmp_path_factory.mktemp("cli")
    broken = base / "损坏的报告.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    page = base / "网页版年报.html"  # a saved portal page, generated
    page.write_bytes(html_pages.site_page_bytes(html_pages.make_report(5)))
    out = base / "导出"
    paths = [str(CORPUS / "files" / name) for name in INPUTS] + [str(page), str(broken)]
    completed = subprocess.run(
        [sys.executable, "-m", "app", "check", "--json", "--export-dir", str(out), *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert completed.returncode == 1, completed.stderr
    reports = json.loads(completed.stdout)["reports"]
    exported = [
        Path(line.split("：", 1)[1]) for line in completed.stderr.splitlines() if line.startswith("已导出：")
    ]
    return reports, exported, out


def test_every_readable_report_has_a_word_copy_and_the_run_a_workbook(run):
    reports, exported, out = run
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in exported)
    readable = [r for r in reports if r["error"] is None]
    assert len(exported) == len(readable) + 1 and exported[-1].name == WORKBOOK_NAME
    for report, path in zip(readable, exported, strict=False):
        assert path.name == f"{Path(report['file']).stem}（检查意见）.docx"
        docx.Document(str(path))  # reopens
        with zipfile.ZipFile(path) as package:
            # a report whose only notes are the reviewer's (a year not found) gets no comment
            names = package.namelist()
            comments = (
                package.read("word/comments.xml").decode("utf-8") if "word/comments.xml" in names else ""
            )
        for finding in report["findings"]:
            if finding["severity"] == "error":
                assert finding["message"] in comments


def test_workbook_rows_match_the_json_findings_one_for_one(run):
    reports, exported, _ = run
    book = load_workbook(exported[-1])
    rows = [
        dict(zip(FINDING_HEADERS, row, strict=True))
        for row in book["问题"].iter_rows(min_row=2, values_only=True)
    ]
    expected = [
        {
            "文件": report["file"],
            "规则": finding["rule"],
            "严重程度": SEVERITY_LABELS[finding["severity"]],
            "类别": CATEGORY_LABELS[finding["category"]],
            "说明": finding["message"],
            "应为": plain_value(finding["expected"])
            if isinstance(finding["expected"], str)
            else finding["expected"],
            "实为": plain_value(finding["found"]) if isinstance(finding["found"], str) else finding["found"],
            "处理": "未处理",  # the command line decides nothing
        }
        for report in reports
        for finding in report["findings"]
    ]
    # 位置 is the place as the author finds it (表三“…”行“…”列), never the reader's internal count.
    assert [{k: v for k, v in row.items() if k != "位置"} for row in rows] == expected
    for row, finding in zip(rows, (f for report in reports for f in report["findings"]), strict=True):
        assert row["位置"]
        assert not re.search(r"表格\d+第\d+行", row["位置"])
        if finding["location"] and "页" in finding["location"]:
            assert finding["location"] in row["位置"]  # the PDF page is kept
    summary = [
        dict(zip(REPORT_HEADERS, row, strict=True))
        for row in book["报告"].iter_rows(min_row=2, values_only=True)
    ]
    assert [row["文件"] for row in summary] == [report["file"] for report in reports]
    for row, report in zip(summary, reports, strict=True):
        if report["error"]:
            assert (row["状态"], row["原因"]) == ("无法读取", report["error"])
            assert row["单位"] is None and row["年度"] is None
        else:
            errors = sum(1 for f in report["findings"] if f["severity"] == "error")
            findings = tuple(
                Finding(rule=f["rule"], category=f["category"], severity=f["severity"], message=f["message"])
                for f in report["findings"]
            )
            assert row["错误数"] == errors
            assert row["状态"] == status_text(Result(path=report["file"], kind="", findings=findings))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_every_exported_word_file(run, tmp_path):
    _, exported, _ = run
    documents = [str(path) for path in exported if path.suffix == ".docx"]
    assert len(documents) >= 5  # DOCX-, PDF-, XLSX-, TXT- and HTML-derived
    completed = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *documents,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    for document in documents:
        pdf = tmp_path / "pdf" / (Path(document).stem + ".pdf")
        assert pdf.is_file(), f"{pdf.name} not converted: {completed.stdout} {completed.stderr}"
        with pdfplumber.open(pdf) as rendered:
            assert len(rendered.pages) >= 2
            first_page = rendered.pages[0].extract_text() or ""
        assert "检查意见汇总" in first_page
