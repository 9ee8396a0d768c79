"""Examples for every rule: reports on which it must fire and reports on which it must stay silent.

Each example starts from one real report (seed000-filled.txt, whose text is made to agree with its
tables) and applies edits, so every example is a whole, realistic report with one thing changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from app.core.check import check_document
from app.core.model import ReaderNote, Result, Source
from app.core.readers.txt_reader import read_txt

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"
BASE_FILE = CORPUS / "files" / "seed000-filled.txt"
# The filled corpus report keeps the seed's sentence "未收到申请" although its table 三 is not empty,
# and has no preamble (basis, statistics period, contact): the base report says them as reports do.
PREAMBLE = (
    "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求编制。"
    "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
    "如对本报告有疑问，请与遂平县科技和工业信息化局联系（电话：0396-4922001）。"
)
PERIOD_SENTENCE = "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
BASE_EDITS = (
    ("2022年度未收到依申请公开的申请。", "2022年度共收到依申请公开申请114件。"),
    ("年度报告\n\n一、总体情况", "年度报告\n\n" + PREAMBLE + "\n\n一、总体情况"),
)

Edit = tuple[str, str] | Callable[[str], str]


def base_text() -> str:
    text = BASE_FILE.read_text(encoding="utf-8")
    for old, new in BASE_EDITS:
        text = text.replace(old, new)
    return text


def apply(text: str, edit: Edit) -> str:
    if callable(edit):
        return edit(text)
    old, new = edit
    assert old in text, f"example edit does not apply: {old!r}"
    return text.replace(old, new, 1)


@dataclass(frozen=True)
class Example:
    description: str
    edits: tuple[Edit, ...] = ()
    file: str | None = None  # a corpus file used as it is instead of the edited base
    note: str | None = None  # a reader note added to the document (rules about reader findings)
    published: date | None = None  # the page's 发布时间, as the HTML reader sets it

    def run(self, tmp_path: Path) -> Result:
        if self.file:
            path = CORPUS / "files" / self.file
        else:
            text = base_text()
            for edit in self.edits:
                text = apply(text, edit)
            path = tmp_path / "example.txt"
            path.write_text(text, encoding="utf-8")
        document = read_txt(path)
        if self.note:
            document = replace(document, notes=(ReaderNote(self.note, Source(line=1), block=0),))
        if self.published:
            document = replace(document, published=self.published)
        return check_document(document)


def _only_tables(text: str) -> str:
    lines = text.splitlines()
    return "\n".join(line for line in lines if "\t" in line)


def _without_improvements(text: str) -> str:
    return re.sub(
        r"五、存在的主要问题及改进情况.*?六、",
        "五、存在的主要问题及改进情况\n\n信息公开内容不够丰富。\n\n六、",
        text,
        flags=re.S,
    )


def _without_table_four(text: str) -> str:
    return re.sub(r"行政复议\t.*?\n0\t3\t2\t3\t8[^\n]*\n", "", text, flags=re.S)


APPLICATIONS = "共收到依申请公开申请114件。"


def _says(sentence: str) -> tuple[tuple[str, str], ...]:
    """The base report's sentence on applications, followed by `sentence`."""
    return ((APPLICATIONS, APPLICATIONS + sentence),)


def _instead(sentence: str) -> tuple[tuple[str, str], ...]:
    """The base report's sentence on applications replaced by `sentence`."""
    return ((APPLICATIONS, sentence),)


def _moved_to(year: int) -> tuple[tuple[str, str], ...]:
    """The report written for another year: its title and its statistics period."""
    return (
        ("2022年政府信息公开", f"{year}年政府信息公开"),
        (PERIOD_SENTENCE, PERIOD_SENTENCE.replace("2022", str(year))),
    )


ROW_REPEAT = "\t2.重复申请\t5\t0\t0\t0\t0\t0\t5"
BASE = Example("the base report")

EXAMPLES: dict[str, tuple[list[Example], list[Example]]] = {
    "S101": (
        [
            Example("section 五 left out", (("五、存在的主要问题及改进情况", "存在的问题"),)),
            Example("corpus: missing section", file="seed001-missing_section.txt"),
        ],
        [BASE],
    ),
    "S102": (
        [
            Example(
                "section 五 twice",
                (("六、其他需要报告的事项", "五、存在的主要问题及改进情况\n\n六、其他需要报告的事项"),),
            )
        ],
        [BASE],
    ),
    "S103": (
        [
            Example(
                "sections 五 and 六 swapped",
                (
                    ("五、存在的主要问题及改进情况", "@@"),
                    ("六、其他需要报告的事项", "五、存在的主要问题及改进情况"),
                    ("@@", "六、其他需要报告的事项"),
                ),
            )
        ],
        [BASE],
    ),
    "S104": (
        [
            Example(
                "accepted variant of 四",
                (
                    (
                        "四、政府信息公开行政复议、行政诉讼情况",
                        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                    ),
                ),
            )
        ],
        [BASE],
    ),
    "S105": ([Example("tables only", (_only_tables,))], [BASE]),
    "S106": ([Example("a 2017 report", _moved_to(2017))], [BASE]),
    "L201": ([Example("corpus: 2022 report on F2019 tables", file="seed000-old_layout.txt")], [BASE]),
    "L202": (
        [Example("a 2020 report on F2021 tables", _moved_to(2020))],
        [BASE, Example("corpus: 2020 report on F2019", file="../seeds/003_d5e610b981fa0aad.txt")],
    ),
    "L203": ([Example("row 行政强制 left out", (("行政强制\t5\n", ""),))], [BASE]),
    "L204": (
        [
            Example(
                "a local extra row",
                (("行政事业性收费\t205.3321", "行政事业性收费\t205.3321\n其他主动公开文件\t3"),),
            ),
            Example("a row twice", ((ROW_REPEAT, ROW_REPEAT + "\n" + ROW_REPEAT),)),
        ],
        [BASE],
    ),
    "L206": (
        [
            Example(
                "（六）其他处理 printed as one row with the sum of its three rows",
                (
                    (
                        "（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t4\t0\t0\t0\t0\t0\t4\n"
                        "\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t5\t0\t0\t0\t0\t0\t5\n"
                        "\t3.其他\t3\t1\t0\t0\t0\t0\t4",
                        "（六）其他处理\t12\t1\t0\t0\t0\t0\t13",
                    ),
                ),
            ),
        ],
        [BASE],
    ),
    "L205": ([Example("misspelt row label", (("2.重复申请", "2.重复提出申请"),))], [BASE]),
    "A301": (
        [
            Example("one mistyped cell", ((ROW_REPEAT, "\t2.重复申请\t5\t0\t0\t0\t0\t1\t5"),)),
            Example("corpus: balance broken", file="seed000-t3_balance.txt"),
        ],
        [BASE],
    ),
    "A302": (
        [
            Example("table 四 total wrong", (("0\t3\t2\t3\t8\t1", "0\t3\t2\t3\t9\t1"),)),
            Example("corpus: group total wrong", file="seed000-t4_total.txt"),
        ],
        [BASE],
    ),
    "V401": ([Example("a blank cell", ((ROW_REPEAT, "\t2.重复申请\t5\t\t0\t0\t0\t0\t5"),))], [BASE]),
    "V402": ([Example("a dash", ((ROW_REPEAT, "\t2.重复申请\t5\t—\t0\t0\t0\t0\t5"),))], [BASE]),
    "V403": ([Example("text in a cell", ((ROW_REPEAT, "\t2.重复申请\t5\t0\t0\t0\t见附件\t0\t5"),))], [BASE]),
    "V404": ([Example("a unit in a cell", ((ROW_REPEAT, "\t2.重复申请\t5件\t0\t0\t0\t0\t0\t5"),))], [BASE]),
    "V405": (
        [Example("a fraction of a case", ((ROW_REPEAT, "\t2.重复申请\t4.5\t0.5\t0\t0\t0\t0\t5"),))],
        [BASE],
    ),
    "V406": ([Example("a negative count", ((ROW_REPEAT, "\t2.重复申请\t6\t-1\t0\t0\t0\t0\t5"),))], [BASE]),
    "C501": (
        [
            Example(
                "period of another year",
                (("自2022年1月1日起至2022年12月31日止", "自2021年1月1日起至2021年12月31日止"),),
            )
        ],
        [
            BASE,
            Example(
                "period of the year",
                (("(一) 主动公开情况", "统计期限为2022年1月1日至12月31日。\n(一) 主动公开情况"),),
            ),
        ],
    ),
    "C502": (
        [
            Example(
                "text says no applications", (("共收到依申请公开申请114件。", "未收到依申请公开的申请。"),)
            )
        ],
        [
            BASE,
            Example(
                "no review applications",
                (("共收到依申请公开申请114件。", "共收到依申请公开申请114件，未收到行政复议申请。"),),
            ),
        ],
    ),
    "C503": (
        [
            Example(
                "text says no review",
                (("2022年未收取信息处理费", "本年度未发生行政复议案件。2022年未收取信息处理费"),),
            )
        ],
        [
            BASE,
            Example(
                "未经复议 is not 'no lawsuit'",
                (("2022年未收取信息处理费", "未经复议直接起诉的行政诉讼5件。2022年未收取信息处理费"),),
            ),
        ],
    ),
    "C504": (
        [
            Example(
                "cites the 2019 format",
                (("(一) 主动公开情况", "根据国办公开办函〔2019〕60号要求编制本报告。\n(一) 主动公开情况"),),
            )
        ],
        [BASE],
    ),
    "C505": (
        [Example("no word on fees", (("2022年未收取信息处理费，无其他需要报告的事项。", "无。"),))],
        [BASE],
    ),
    "C506": ([Example("no improvements", (_without_improvements,))], [BASE]),
    "C510": (
        [
            Example("text says 17 received, table 114", _instead("受理政府信息公开申请17件。")),
            Example("acting for the government", _instead("县政府办代表县政府受理政府信息公开申请17件。")),
        ],
        [
            BASE,
            Example("a sub-unit's figure", _says("其中，县科技馆收到政府信息公开申请17件。")),
            Example("a month's figure", _says("12月收到政府信息公开申请17件。")),
            Example("last year's figure", _says("2021年收到政府信息公开申请17件。")),
            Example("one channel of several", _says("通过网络收到政府信息公开申请17件。")),
        ],
    ),
    "C511": (
        [
            Example(
                "split by applicant off by one",
                _instead("共收到依申请公开申请114件，涉及自然人104件、商业企业10件。"),
            )
        ],
        [
            BASE,
            Example("split agrees", _instead("共收到依申请公开申请114件，涉及自然人105件、商业企业9件。")),
        ],
    ),
    "C512": (
        [
            Example("办结 off by one", _says("办结112件，3件结转下年度继续办理。")),
            Example("a result off by one", _says("办结113件，其中予以公开35件、部分公开15件。")),
        ],
        [
            BASE,
            Example(
                "handled figures agree",
                _says("办结113件，其中予以公开36件、部分公开15件；3件结转下年度继续办理。"),
            ),
        ],
    ),
    "C513": (
        [Example("review count off by one", _says("本年度因政府信息公开被申请行政复议7件。"))],
        [BASE, Example("counts agree", _says("本年度因政府信息公开被申请行政复议8件、被提起行政诉讼11件。"))],
    ),
    "C514": (
        [Example("均获维持 beside pending cases", _says("因政府信息公开被申请的行政复议案件均获维持。"))],
        [BASE, Example("another year's cases", _says("2021年因政府信息公开被申请的行政复议案件均获维持。"))],
    ),
    "C515": (
        [Example("393 in the text", _says("现行有效行政规范性文件393件。"))],
        [
            BASE,
            Example("agrees", _says("现行有效规章37件。")),
            Example("an earlier date", _says("截至2021年底，现行有效规章30件。")),
        ],
    ),
    "P601": ([Example("a row with six values", ((ROW_REPEAT, "\t2.重复申请\t5\t0\t0\t0\t0\t5"),))], [BASE]),
    "P602": ([Example("table 四 left out", (_without_table_four,))], [BASE]),
    "C507": (
        [Example("a department's page published on 8 March", published=date(2023, 3, 8))],
        [
            BASE,
            Example("a department's page published on 20 January", published=date(2023, 1, 20)),
            Example(
                "a government's page published on 8 March",
                (("遂平县科技和工业信息化局2022年", "遂平县人民政府2022年"),),
                published=date(2023, 3, 8),
            ),
            Example(
                "a township's page: no national deadline",
                (("遂平县科技和工业信息化局2022年", "遂平县车站镇人民政府2022年"),),
                published=date(2023, 3, 8),
            ),
        ],
    ),
    "C508": (
        [
            Example(
                "no statistics period",
                (("本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。", ""),),
            )
        ],
        [
            BASE,
            Example(
                "the period said at the end",
                (
                    ("本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。", ""),
                    (
                        "无其他需要报告的事项。",
                        "无其他需要报告的事项。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
                    ),
                ),
            ),
        ],
    ),
    "C509": (
        [
            Example(
                "no basis",
                (
                    (
                        "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求编制。",
                        "",
                    ),
                ),
            )
        ],
        [BASE],
    ),
    "C516": (
        [
            Example(
                "no contact",
                (("如对本报告有疑问，请与遂平县科技和工业信息化局联系（电话：0396-4922001）。", ""),),
            ),
        ],
        [
            BASE,
            Example("the office to contact named, without a number", (("（电话：0396-4922001）", ""),)),
            Example(
                "a telephone given at the end",
                (
                    ("如对本报告有疑问，请与遂平县科技和工业信息化局联系（电话：0396-4922001）。", ""),
                    ("无其他需要报告的事项。", "无其他需要报告的事项。咨询电话：0396-4922001。"),
                ),
            ),
        ],
    ),
    "P603": ([Example("a reader note", note="单元格 D12 是公式，文件中没有计算结果。")], [BASE]),
    "P604": (
        [Example("no year anywhere", (("2022年政府信息公开", "政府信息公开"), (PERIOD_SENTENCE, "")))],
        [BASE],
    ),
}
