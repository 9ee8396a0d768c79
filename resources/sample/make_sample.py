"""Makes resources/sample/示例年报.docx, the report behind 打开示例, from a corpus report.

    .venv/bin/python resources/sample/make_sample.py

It starts from tests/fixtures/corpus/files/seed001-filled.docx (a clean, well-formed 2022 report),
renames the body to a made-up 示例县 unit and plants a few real problems a reviewer would find:

- table 三, row （二）部分公开, column 科研机构: 0 mistyped as 1 (breaks the row and column totals);
- table 二, row 行政规范性文件, column 本年废止件数: left blank;
- section 五、存在的主要问题及改进情况: missing (heading and text removed).

A preamble (basis, statistics period, contact) is added under the title, as real reports have it.

The source already says 未收到政府信息公开申请 while table 三 counts one application; that stays.
Run `check_file` on the result to see what the checker reports (the script prints it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.table import _Cell

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests" / "fixtures" / "corpus" / "files" / "seed001-filled.docx"
TARGET = Path(__file__).resolve().parent / "示例年报.docx"
RENAMES = {
    "包头市青山区工信和科技局": "示例县科技和工业信息化局",
    "青山区工信和科技局": "示例县科技和工业信息化局",
    "内蒙古政务服务平台": "省政务服务平台",
    "我区": "我县",
}

PREAMBLE = (
    "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求编制。"
    "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
    "如对本报告有疑问，请与示例县科技和工业信息化局办公室联系（电话：0000-1234567）。"
)


def _rename(text: str) -> str:
    for old, new in RENAMES.items():
        text = text.replace(old, new)
    return text


def _set_cell(cell: _Cell, text: str) -> None:
    """Replace a cell's text, keeping the formatting of its first run."""
    runs = [run for paragraph in cell.paragraphs for run in paragraph.runs]
    if not runs:
        cell.text = text
        return
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def make_sample(source: Path = SOURCE, target: Path = TARGET) -> Path:
    document = docx.Document(str(source))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.text = _rename(run.text)

    body_text = document.paragraphs[3]  # the first paragraph of 一, under its sub-heading
    document.paragraphs[1].insert_paragraph_before(PREAMBLE, style=body_text.style)

    # Section 五 runs from its heading to the heading of section 六.
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("五、"))
    end = next(i for i, p in enumerate(paragraphs) if p.text.startswith("六、"))
    for paragraph in paragraphs[start:end]:
        paragraph._element.getparent().remove(paragraph._element)

    table_two, table_three = document.tables[0], document.tables[1]
    row = next(r for r in table_two.rows if r.cells[0].text == "行政规范性文件")
    _set_cell(row.cells[2], "")  # 本年废止件数
    row = next(r for r in table_three.rows if r.cells[1].text.startswith("（二）部分公开"))
    _set_cell(row.cells[5], "1")  # 科研机构

    properties = document.core_properties
    properties.author = "年报检查器"
    properties.title = "示例县科技和工业信息化局2022年政府信息公开工作年度报告（示例）"
    properties.comments = "年报检查器的示例文件，数据为虚构，含几处故意留下的问题。"
    document.save(str(target))
    return target


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from app.core.check import check_file

    target = make_sample()
    result = check_file(target)
    print(f"{target.name}: {result.error or result.title}")
    for finding in result.findings:
        print(f"  [{finding.severity}] {finding.rule} {finding.location or ''}: {finding.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
