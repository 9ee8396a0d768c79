"""Narrative against the tables: figures the text states, each compared with the cell it reports.

Reports restate their tables in prose (「受理政府信息公开申请17件」, 「办结81件，其中予以公开…」,
「行政复议案件2件」, 「现行有效行政规范性文件393件」), and the prose is where contradictions survive a
careful author. Each rule here finds one kind of statement, names the cell it restates and warns when
the two numbers differ, saying what was compared.

A false warning costs the reviewer's trust, so a figure is compared only when its scope is plainly the
report's: clauses about a sub-unit (区教育局…, 各部门…), a month or quarter, another year, a comparison
with last year (同比…), or a 「其中」 part of a larger figure are passed over, and so is every cell that
was not read reliably. The findings are warnings: prose can be loose where a table cannot.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from app.core.doubts import cell_number, is_reliable
from app.core.model import Anchor, Finding, Paragraph
from app.core.rules.base import Context, Rule, rule
from app.core.text import to_simplified

# ------------------------------------------------------------------ the text, as one stream


@dataclass(frozen=True)
class _Stream:
    """Paragraph text without whitespace, full-width forms folded, with each character's origin."""

    text: str
    where: tuple[tuple[int, int], ...]  # (block index, offset in that paragraph's text) per character


def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return to_simplified(folded if len(folded) == 1 else char)


def _stream(context: Context) -> _Stream:
    """PDF lines are joined (a sentence wraps over lines); other paragraphs end a sentence. Built once
    per check: five rules read the same stream."""
    stream = context.derived.get("narrative.stream")
    if not isinstance(stream, _Stream):
        stream = context.derived["narrative.stream"] = _build_stream(context)
    return stream


def _build_stream(context: Context) -> _Stream:
    headings = context.report.heading_blocks()
    wrapped = context.document.kind == "pdf"
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    for index, block in enumerate(context.document.blocks):
        if not isinstance(block, Paragraph) or index in headings or not wrapped:
            chars.append("\n")
            where.append((index, 0))
        if not isinstance(block, Paragraph) or index in headings:
            continue
        for offset, char in enumerate(block.text):
            if not char.isspace():
                chars.append(_fold(char))
                where.append((index, offset))
    return _Stream("".join(chars), tuple(where))


def _sentences(stream: _Stream) -> Iterator[re.Match]:
    yield from re.finditer(r"[^。!?\n]+", stream.text)


def _anchor(stream: _Stream, start: int, end: int) -> Anchor:
    block, first = stream.where[start]
    last_block, last = stream.where[end - 1]
    return Anchor(block=block, start=first, end=last + 1 if last_block == block else None)


# ------------------------------------------------------------------ scope


MAX_FINDINGS = 10  # per rule and report: a page repeating one wrong figure needs saying once or twice
# How far around a figure its scope is read: a sentence is not a whole crawler page run together.
WINDOW = 120
_OTHER_PERIOD = re.compile(
    r"\d{1,2}(?:-\d{1,2})?月|[一二三四五六七八九十]{1,3}月|季度|上半年|下半年|月份|同比|去年|上年度|上一年|"
    r"较上年|比上年|前一年|往年|累计|历年|以来|截至|截止"
)
_CARRY_WORDS = re.compile(r"上年度?结转|结转(?:至|到)?下一?年度?")
_SUB_UNIT = re.compile(
    r"(?<![我本])(?:局|委员会|中心|街道|镇|乡|公司|学校|片区|部门|单位|办事处|社区|派出所|馆|医院|学院|支队|大队|站"
    r"|所(?!有|属))|本级|各级|各地|各县|各区"
)
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:区|县|市|旗)")
_OWN_SCOPE = (
    "全区",
    "全市",
    "全县",
    "全旗",
    "我区",
    "我市",
    "我县",
    "本区",
    "本市",
    "本县",
    "全省",
    "我省",
    "本省",
)
_YEAR = re.compile(r"((?:19|20)\d{2})年")


def _clause_start(text: str, sentence_start: int, position: int) -> int:
    floor = max(sentence_start, position - WINDOW)
    cut = max(text.rfind(mark, floor, position) for mark in ",;:")
    return max(cut + 1, floor)


def _part_bounds(text: str, sentence_start: int, sentence_end: int, position: int) -> tuple[int, int]:
    """The part of the sentence (between semicolons) holding `position`."""
    floor, ceiling = max(sentence_start, position - WINDOW), min(sentence_end, position + WINDOW)
    start = max(text.rfind(";", floor, position) + 1, floor)
    end = text.find(";", position, ceiling)
    return start, ceiling if end < 0 else end


def _in_scope(
    context: Context, text: str, sentence_start: int, start: int, end: int, *, part: bool = False
) -> bool:
    """True when the part of the sentence holding text[start:end] speaks of the report's body and year.

    `part` is True for the parts of a split (自然人…, 予以公开…): those may follow 「其中」.
    """
    part_start, _ = _part_bounds(text, sentence_start, end, start)
    leading = text[part_start:end]
    year = context.report.year
    if any(int(found) != year for found in _YEAR.findall(leading)):
        return False
    if _OTHER_PERIOD.search(_CARRY_WORDS.sub("", leading)):
        return False
    if not part and "其中" in text[part_start:start]:
        return False
    subject = text[_clause_start(text, sentence_start, start) : start]
    if "代表" in subject:  # 区政府办代表区政府受理…: the scope is what it acts for
        subject = subject[subject.rindex("代表") + 2 :]
    if _SUB_UNIT.search(subject):
        return False
    if _CHANNELS.search(subject) and "各类" not in subject and "、" not in subject:
        return False  # 通过网络收到…: one channel of several
    body = context.report.body or context.report.title or ""
    for place in _PLACE.finditer(subject):
        name = place.group(0)
        if not name.endswith(_OWN_SCOPE) and name[-4:] not in body and name not in body:
            return False
    return True


def _quote(context: Context, stream: _Stream, span: tuple[int, int]) -> str:
    """The words as written of a span of the stream (for a message), at most about 80 characters."""
    start, end = span
    pieces: dict[int, tuple[int, int]] = {}
    for block, offset in stream.where[start:end]:
        first, last = pieces.get(block, (offset, offset))
        pieces[block] = (min(first, offset), max(last, offset))
    texts = []
    for block, (first, last) in pieces.items():
        paragraph = context.document.blocks[block]
        if isinstance(paragraph, Paragraph):
            texts.append(paragraph.text[first : last + 1])
    quoted = "".join(texts).strip()
    return quoted if len(quoted) <= 80 else quoted[:78] + "…"


def _near_applications(text: str, sentence_start: int, start: int) -> bool:
    """The text just before `start` (in its sentence, or the sentence before) is about
    information-disclosure applications."""
    return _about_applications(text[max(0, sentence_start - 60, start - WINDOW) : start])


def _about_applications(text: str) -> bool:
    return any(word in text for word in ("依申请", "信息公开申请", "公开申请", "申请公开", "政府信息公开"))


# ------------------------------------------------------------------ claims and their cells


@dataclass(frozen=True)
class Claim:
    """A figure the text states and the cell(s) it restates."""

    figure: int
    start: int  # span of the figure ("17件") in the stream
    end: int
    part: tuple[int, int]  # span of the part of the sentence holding it (what a message quotes)
    what: str  # what the text states, in words
    table: str
    cells: tuple[tuple[str, str], ...]  # (row, column) keys whose sum the figure restates
    cell_name: str  # the cell(s) in words
    row: str | None = None
    column: str | None = None


def _claim(context: Context, stream: _Stream, sentence: re.Match, match: re.Match, *rest) -> Claim:
    """The claim of a match whose group "n" is the figure: what, table, cells, cell name, row, column."""
    return Claim(int(match.group("n")), match.start("n"), match.end(), _part(stream, sentence, match), *rest)


def _part(stream: _Stream, sentence: re.Match, match: re.Match) -> tuple[int, int]:
    return _part_bounds(stream.text, sentence.start(), sentence.end(), match.start())


def _cells_sum(context: Context, table: str, cells: tuple[tuple[str, str], ...]) -> int | float | None:
    total: int | float = 0
    for row, column in cells:
        value, _ = cell_number(context.report, table, row, column)
        if value is None:
            return None
        total += value
    return total


def _findings(context: Context, check: Rule, claims: list[Claim], stream: _Stream) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    said = 0
    for claim in claims:
        if (claim.start, claim.end) in seen or said >= MAX_FINDINGS:
            continue
        seen.add((claim.start, claim.end))
        value = _cells_sum(context, claim.table, claim.cells)
        if value is None or value == claim.figure:
            continue
        extra = ""
        if claim.cells == (("new", "total"),):
            with_carried = _cells_sum(context, "三", (("new", "total"), ("carried_in", "total")))
            if with_carried == claim.figure:
                extra = "正文的数字等于本年新收与上年结转之和，可能把上年结转的申请也算作了收到的申请。"
        said += 1
        yield check.finding(
            f"正文“{_quote(context, stream, claim.part)}”中{claim.what}为 {claim.figure}，而{claim.cell_name}为 {value:g}，"
            f"两者不一致（比较的是：{claim.what}与{claim.cell_name}）。{extra}请核对正文或表格。",
            table=claim.table,
            row=claim.row,
            column=claim.column,
            expected=value,
            found=claim.figure,
            anchors=(_anchor(stream, claim.start, claim.end),),
        )


def _three_row(context: Context, key: str) -> str:
    return context.format.row_label("三", key)


def _applies(context: Context) -> bool:
    return (
        context.recognition.format is not None
        and context.report.year is not None
        and not context.out_of_scope
    )


# ------------------------------------------------------------------ applications received

_EXCLUDED_MID = re.compile(
    r"复议|诉讼|投诉|举报|信访|咨询|建议|提案|留言|来信|来电|补正|办结|答复|转办|其中|热线|含|结转|上年|不予|无法|依职权"
)
_CHANNELS = re.compile(r"网上|网络|信函|当面|邮寄|传真|电子邮件|现场")
_INCLUDES_CARRIED = re.compile(r"[(（]?(?:含|包括|包含)[^。;)）]{0,8}结转")
_RECEIVED = re.compile(
    r"(?P<verb>收到|受理|接收|接到|新收)(?P<mid>[^。;,:]{0,30}?)申请(?:数量|总数)?(?:共计|合计|总计|共|计)?为?"
    r"(?P<n>\d+)件"
)
_RECEIVED_BEFORE = re.compile(
    r"(?P<verb>收到|受理|接收|接到|新收)(?P<mid>各类|政府信息公开|依申请公开)?(?:共计|共)?(?P<n>\d+)件"
    r"(?:政府信息公开|依申请公开|信息公开)?申请"
)


def _received_claims(context: Context, stream: _Stream) -> Iterator[tuple[re.Match, re.Match]]:
    """(sentence, match) of statements of how many applications were received this year."""
    text = stream.text
    for sentence in _sentences(stream):
        for pattern in (_RECEIVED, _RECEIVED_BEFORE):
            for match in pattern.finditer(text, sentence.start(), sentence.end()):
                mid = match.group("mid") or ""
                if _EXCLUDED_MID.search(mid):
                    continue
                if _CHANNELS.search(mid) and "各类" not in mid and "、" not in mid:
                    continue
                if not _near_applications(text, sentence.start(), match.end()):
                    continue
                if _INCLUDES_CARRIED.match(text, match.end()):
                    continue  # 「116件（含上年结转2件）」 says itself what it counts
                if _in_scope(context, text, sentence.start(), match.start(), match.end()):
                    yield sentence, match


def _received_count_claims(context: Context, stream: _Stream) -> list[Claim]:
    claims = [
        _claim(
            context,
            stream,
            sentence,
            match,
            f"“{match.group('verb')}”的申请数",
            "三",
            (("new", "total"),),
            f"表三“{_three_row(context, 'new')}”总计",
            _three_row(context, "new"),
            "总计",
        )
        for sentence, match in _received_claims(context, stream)
    ]
    return claims


@rule("C510", "正文申请数与表三不一致", "warning", "consistency")
def received_count(context: Context) -> Iterator[Finding]:
    yield from _checked(context, received_count, _received_count_claims)


_APPLICANTS = {
    "自然人": ("natural",),
    "商业企业": ("business",),
    "科研机构": ("research",),
    "社会公益组织": ("charity",),
    "法律服务机构": ("legal",),
    "法人或其他组织": ("business", "research", "charity", "legal", "other_org"),
    "法人和其他组织": ("business", "research", "charity", "legal", "other_org"),
}
_APPLICANT = re.compile(
    r"(?P<who>"
    + "|".join(sorted(_APPLICANTS, key=len, reverse=True))
    + r")(?:申请|提出|提交)?(?:的)?(?:申请)?"
    r"(?:共)?(?P<n>\d+)件"
)


def _applicant_split_claims(context: Context, stream: _Stream) -> list[Claim]:
    text = stream.text
    claims = []
    for sentence, received in _received_claims(context, stream):
        # The split follows the total, up to the end of its part of the sentence.
        _, stop = _part_bounds(text, sentence.start(), sentence.end(), received.end())
        for match in _APPLICANT.finditer(text, received.end(), stop):
            if not _in_scope(context, text, sentence.start(), match.start(), match.end(), part=True):
                continue
            who = match.group("who")
            columns = _APPLICANTS[who]
            claims.append(
                _claim(
                    context,
                    stream,
                    sentence,
                    match,
                    f"{who}提出的申请数",
                    "三",
                    tuple(("new", column) for column in columns),
                    f"表三“{_three_row(context, 'new')}”{who}" + ("各列之和" if len(columns) > 1 else "列"),
                    _three_row(context, "new"),
                    who if len(columns) == 1 else None,
                )
            )
    return claims


@rule("C511", "正文申请人分类与表三不一致", "warning", "consistency")
def applicant_split(context: Context) -> Iterator[Finding]:
    """「收到申请75件（自然人72件、商业企业3件）」: each part against its column of 本年新收."""
    yield from _checked(context, applicant_split, _applicant_split_claims)


# ------------------------------------------------------------------ applications handled

_CASES = re.compile(r"复议|诉讼")
_PROCESSED = re.compile(r"办结(?P<mid>[^。;,:\d率]{0,12}?)(?P<n>\d+)件")
_CARRIED_OUT = re.compile(
    r"(?P<n>\d+)件(?:申请)?结转(?:至|到)?下一?年度?|结转(?:至|到)?下一?年度?(?:继续办理)?(?:的)?(?:申请)?(?P<m>\d+)件"
)
_CARRIED_IN = re.compile(r"上年度?结转(?:的)?(?:申请)?(?P<n>\d+)件")
# Longest first: the alternation of _RESULT tries them in this order.
_RESULT_GROUPS: dict[str, tuple[str, ...]] = {
    "予以公开及部分公开": ("granted", "partial"),
    "予以公开和部分公开": ("granted", "partial"),
    "予以公开": ("granted",),
    "部分公开": ("partial",),
    "不予公开": ("group:三",),
    "无法提供": ("group:四",),
    "不予处理": ("group:五",),
    "其他处理": ("group:六",),
}
_RESULT = re.compile(
    r"(?<![不及和])(?P<what>" + "|".join(_RESULT_GROUPS) + r")(?:的)?(?:申请)?(?:共)?(?P<n>\d+)件"
)


def _result_cells(context: Context, keys: tuple[str, ...]) -> tuple[tuple[str, str], ...] | None:
    """The 总计 cells of the rows a result names; None when a row of its group was not found."""
    rows: list[str] = []
    for key in keys:
        if not key.startswith("group:"):
            rows.append(key)
            continue
        group = key.split(":", 1)[1]
        members = [
            row.key for row in context.format.table_three_rows if row.group == group and row.top == "三"
        ]
        rows.extend(members)
    recognised = context.report.tables.get("三")
    if recognised is None or any((row, "total") not in recognised.cells for row in rows):
        return None
    return tuple((row, "total") for row in rows)


def _handled_counts_claims(context: Context, stream: _Stream) -> list[Claim]:
    text = stream.text
    claims: list[Claim] = []
    total_row, out_row, in_row = (_three_row(context, key) for key in ("total", "carried_out", "carried_in"))
    for sentence in _sentences(stream):
        start = sentence.start()
        if not _about_applications(text[max(0, start - 60) : sentence.end()]):
            continue
        for match in _PROCESSED.finditer(text, start, sentence.end()):
            if re.search(r"复议|诉讼|上年|结转", match.group("mid")):
                continue
            if not _in_scope(context, text, start, match.start(), match.end()):
                continue
            claims.append(
                _claim(context, stream, sentence, match, "办结的申请数", "三", (("total", "total"),), f"表三“{total_row}”总计", total_row, "总计",
                )
            )  # fmt: skip
            stop = _CASES.search(text, match.end(), min(sentence.end(), match.end() + 2 * WINDOW))
            claims.extend(
                _result_claims(context, stream, sentence, match.end(), stop.start() if stop else None)
            )
        for match in _CARRIED_OUT.finditer(text, start, sentence.end()):
            group = "n" if match.group("n") else "m"
            if _in_scope(context, text, start, match.start(), match.end()):
                claims.append(
                    Claim(
                        int(match.group(group)), match.start(group), match.end(group) + 1, _part(stream, sentence, match),
                        "结转下年度的申请数", "三", (("carried_out", "total"),), f"表三“{out_row}”总计", out_row, "总计",
                    )
                )  # fmt: skip
        for match in _CARRIED_IN.finditer(text, start, sentence.end()):
            if _in_scope(context, text, start, match.start(), match.end()):
                claims.append(
                    _claim(context, stream, sentence, match, "上年结转的申请数", "三", (("carried_in", "total"),), f"表三“{in_row}”总计", in_row, "总计",
                    )
                )  # fmt: skip
    return claims


@rule("C512", "正文办理结果与表三不一致", "warning", "consistency")
def handled_counts(context: Context) -> Iterator[Finding]:
    """办结 N 件 (with its split by result), N 件结转下年度, 上年结转 N 件 against table 三."""
    yield from _checked(context, handled_counts, _handled_counts_claims)


def _result_claims(
    context: Context, stream: _Stream, sentence: re.Match, start: int, stop: int | None
) -> list[Claim]:
    """「办结81件，其中予以公开及部分公开42件；不予公开5件…」: each result against its rows' 总计."""
    text = stream.text
    claims = []
    for match in _RESULT.finditer(text, start, min(stop or sentence.end(), start + 2 * WINDOW)):
        keys = _RESULT_GROUPS[match.group("what")]
        cells = _result_cells(context, keys)
        if cells is None or not _in_scope(
            context, text, sentence.start(), match.start(), match.end(), part=True
        ):
            continue
        what = match.group("what")
        claims.append(
            _claim(
                context,
                stream,
                sentence,
                match,
                f"“{what}”的申请数",
                "三",
                cells,
                f"表三“{what}”" + ("各行总计之和" if len(cells) > 1 else "行总计"),
                None,
                "总计",
            )
        )
    return claims


# ------------------------------------------------------------------ review and lawsuits

_REVIEW = re.compile(r"(?<!未经)(?<!经)行政复议(?:案件)?(?:共计|共|各)?(?P<n>\d+)(?:件|起|宗|个)")
_LAWSUIT = re.compile(r"行政诉讼(?:案件)?(?:共计|共|各)?(?P<n>\d+)(?:件|起|宗|个)")
_UPHELD = re.compile(r"均(?:获|被|已被|予以|得到|已获)?维持")
_CLOSED = re.compile(r"均已(?:结案|审结|办结)")


def _about_disclosure(context: Context, stream: _Stream, sentence: re.Match) -> bool:
    """Review and lawsuit figures count only when they are about information disclosure."""
    if "信息公开" in sentence.group(0):
        return True
    return context.report.section_of(stream.where[sentence.start()][0]) == "四"


def _case_counts_claims(context: Context, stream: _Stream) -> list[Claim]:
    text = stream.text
    claims = []
    for sentence in _sentences(stream):
        if not _about_disclosure(context, stream, sentence):
            continue
        for pattern, cells, what, name in (
            (_REVIEW, (("cases", "review.total"),), "行政复议案件数", "表四“行政复议·总计”"),
            (
                _LAWSUIT,
                (("cases", "direct.total"), ("cases", "after.total")),
                "行政诉讼案件数",
                "表四“未经复议直接起诉·总计”与“复议后起诉·总计”之和",
            ),
        ):
            for match in pattern.finditer(text, sentence.start(), sentence.end()):
                if _in_scope(context, text, sentence.start(), match.start(), match.end()):
                    claims.append(
                        _claim(context, stream, sentence, match, what, "四", cells, name, context.format.table_four_row.label, None)
                    )  # fmt: skip
    return claims


@rule("C513", "正文复议诉讼数与表四不一致", "warning", "consistency")
def case_counts(context: Context) -> Iterator[Finding]:
    yield from _checked(context, case_counts, _case_counts_claims)


@rule("C514", "正文复议诉讼结果与表四不一致", "warning", "consistency")
def case_outcomes(context: Context) -> Iterator[Finding]:
    """「均获维持」 beside cases 尚未审结 or 结果纠正; 「均已结案」 beside cases 尚未审结."""
    if not _applies(context) or not is_reliable(context.report, "四", "cases"):
        return
    stream = _stream(context)
    text = stream.text
    for sentence in _sentences(stream):
        if not _about_disclosure(context, stream, sentence):
            continue
        for pattern, columns, says in (
            (_UPHELD, ("corrected", "pending"), "都维持了原行为"),
            (_CLOSED, ("pending",), "都已审结"),
        ):
            for match in pattern.finditer(text, sentence.start(), sentence.end()):
                before = text[max(sentence.start(), match.start() - WINDOW) : match.start()]
                kinds = [
                    kind
                    for kind, word in (("review", "复议"), ("direct", "诉讼"), ("after", "诉讼"))
                    if word in before
                ]
                if not kinds or not _in_scope(context, text, sentence.start(), match.start(), match.end()):
                    continue
                found = _outcome_cells(context, kinds, columns)
                if not found:
                    continue
                listed = "，".join(f"“{label}”为 {value:g}" for label, value in found)
                yield case_outcomes.finding(
                    f"正文说“{before[-30:]}{match.group(0)}”，即案件{says}，但表四中{listed}（比较的是：正文所说的"
                    f"案件结果与表四{'、'.join(label for label, _ in found)}）。请核对正文或表格。",
                    table="四",
                    row=context.format.table_four_row.label,
                    found=match.group(0),
                    anchors=(_anchor(stream, match.start(), match.end()),),
                )


def _outcome_cells(
    context: Context, kinds: list[str], columns: tuple[str, ...]
) -> list[tuple[str, int | float]]:
    found = []
    for kind in dict.fromkeys(kinds):
        for column in columns:
            key = f"{kind}.{column}"
            value, _ = cell_number(context.report, "四", "cases", key)
            if value:
                found.append((context.format.column_label("四", key), value))
    return found


# ------------------------------------------------------------------ table 二

_CLEAN_UP = re.compile(r"废止|失效|保留|修改|修订")
_IN_FORCE = re.compile(r"现行有效(?:的)?(?P<what>(?:行政)?规范性文件|规章)(?:共计|共|合计)?(?P<n>\d+)件")
_MADE = re.compile(
    r"(?:本年度?|今年|年内|全年)(?:共)?制发(?:的)?(?P<what>(?:行政)?规范性文件|规章)(?:共)?(?P<n>\d+)件"
)


def _document_counts_claims(context: Context, stream: _Stream) -> list[Claim]:
    # Only on tables read against a format whose table 二 has 本年制发 and 现行有效件数 rows.
    if context.report.layout is None or not context.format.shape.in_force_rows:
        return []
    text = stream.text
    claims = []
    for sentence in _sentences(stream):
        for pattern, column in ((_IN_FORCE, "in_force"), (_MADE, "made")):
            for match in pattern.finditer(text, sentence.start(), sentence.end()):
                if not _in_scope(context, text, sentence.start(), match.start(), match.end()):
                    continue
                _, part_end = _part_bounds(text, sentence.start(), sentence.end(), match.end())
                if column == "in_force" and _CLEAN_UP.search(text, match.end(), part_end):
                    continue  # 「清理现行有效…393件，废止55件」: a count before the clean-up
                row = "rules" if match.group("what") == "规章" else "normative"
                if row not in context.format.shape.in_force_rows:
                    continue
                row_label = context.format.row_label("二", row)
                column_label = context.format.column_label("二", column)
                claims.append(
                    _claim(context, stream, sentence, match, f"{'现行有效' if column == 'in_force' else '本年制发'}的{row_label}数", "二",
                        ((row, column),), f"表二“{row_label}”的“{column_label}”", row_label, column_label,
                    )
                )  # fmt: skip
    return claims


@rule("C515", "正文规范性文件数与表二不一致", "warning", "consistency")
def document_counts(context: Context) -> Iterator[Finding]:
    """现行有效行政规范性文件 N 件 (and 本年制发 N 件) against table 二."""
    yield from _checked(context, document_counts, _document_counts_claims)


ClaimsOf = Callable[[Context, _Stream], list[Claim]]
_CLAIMS: tuple[ClaimsOf, ...] = (
    _received_count_claims,
    _applicant_split_claims,
    _handled_counts_claims,
    _case_counts_claims,
    _document_counts_claims,
)


def _checked(context: Context, check: Rule, claims_of: ClaimsOf) -> Iterator[Finding]:
    if not _applies(context):
        return
    stream = _stream(context)
    yield from _findings(context, check, claims_of(context, stream), stream)


def claims_in(context: Context) -> list[Claim]:
    """Every figure the text states that these rules compare with a cell (for tests and tools)."""
    if not _applies(context):
        return []
    stream = _stream(context)
    return [claim for claims_of in _CLAIMS for claim in claims_of(context, stream)]


RULES = (received_count, applicant_split, handled_counts, case_counts, case_outcomes, document_counts)
