"""Normalising labels and reading numbers the way real reports write them.

Labels are compared only after `normalize_label` (full-width → half-width, whitespace removed,
traditional → simplified, list markers unified) and then by similarity, never by equality: real
reports carry typos, wrapped labels and local punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

# Traditional characters that occur in the report vocabulary (headings, table labels, common text).
_TRADITIONAL = (
    "開开資资訊讯報报處处體体請请數数與与這这規规範范關关為为國国機机構构護护權权執执檔档詢询項项"
    "認认複复議议訟讼訴诉結结維维糾纠審审計计總总況况務务會会組组織织業业經经濟济費费額额單单萬万"
    "許许強强製制發发廢废現现條条華华聯联辦办轉转續续應应當当獲获據据繳缴補补負负責责問问題题進进"
    "級级屬属過过類类險险穩稳舉举訪访無无實实際际樣样設设臺台監监驗验統统內内來来區区縣县鄉乡鎮镇"
    "門门廳厅產产員员們们個个對对於于從从將将後后並并見见視视讓让運运營营環环億亿號号標标準准種种"
    "態态範范義义務务產产錄录頁页網网絡络廣广衛卫傳传達达專专災灾會会議议勞劳醫医學学師师職职稱称"
    "點点離离歷历書书紀纪導导說说證证營营統统舊旧復复齊齐靜静徵征"
)
_TRADITIONAL_MAP = {ord(_TRADITIONAL[i]): _TRADITIONAL[i + 1] for i in range(0, len(_TRADITIONAL) - 1, 2)}
_PUNCTUATION_MAP = str.maketrans(
    {"、": ".", "．": ".", "。": ".", "“": '"', "”": '"', "‘": "'", "’": "'", "【": "[", "】": "]"}
)
_WHITESPACE = re.compile(r"\s+")
_NUMERALS = "一二三四五六七八九十"


def to_simplified(text: str) -> str:
    return text.translate(_TRADITIONAL_MAP)


@lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    """The comparable form of a label: NFKC, no whitespace, simplified, unified punctuation."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _WHITESPACE.sub("", text)
    return to_simplified(text).translate(_PUNCTUATION_MAP)


def normalize_text(text: str) -> str:
    """Running text for searching: like a label but keeping the Chinese enumeration comma."""
    text = unicodedata.normalize("NFKC", text or "")
    return to_simplified(_WHITESPACE.sub("", text))


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """Similarity of two already-normalised labels, 0..1."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


_MARKERS = re.compile(
    rf"^(?:(?P<top>[{_NUMERALS}]+)\.|\((?P<group>[{_NUMERALS}]+)\)|(?P<item>\d{{1,2}})\.(?!\d))"
)


@dataclass(frozen=True)
class Marked:
    """A label split into its list marker ("三、", "（二）", "1.") and the text after it."""

    top: str | None
    group: str | None
    item: int | None
    text: str


def split_marker(label: str) -> Marked:
    """Split a normalised label into marker and text: "(三)不予公开" → group "三", text "不予公开"."""
    match = _MARKERS.match(label)
    if not match:
        return Marked(None, None, None, label)
    item = match.group("item")
    return Marked(match.group("top"), match.group("group"), int(item) if item else None, label[match.end() :])


_PLACEHOLDERS = {"-", "—", "——", "/", "无", "－", "–", "\\", "×", "*", "...", "…"}
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_NUMBER_WITH_UNIT = re.compile(r"^([+-]?\d+(?:\.\d+)?)(件|个|项|次|人|家|条|万元|元)$")

NumberKind = Literal["blank", "placeholder", "number", "unit", "text"]


@dataclass(frozen=True)
class ParsedNumber:
    kind: NumberKind
    value: int | float | None
    unit: str | None = None


def parse_number(text: str) -> ParsedNumber:
    """Read a table cell as a number: blanks, placeholders, units and full-width digits included."""
    raw = unicodedata.normalize("NFKC", text or "")
    raw = _WHITESPACE.sub("", raw)
    if not raw:
        return ParsedNumber("blank", None)
    if raw in _PLACEHOLDERS:
        return ParsedNumber("placeholder", None)
    unit = None
    match = _NUMBER_WITH_UNIT.match(raw)
    if match:
        raw, unit = match.group(1), match.group(2)
    if not _NUMBER.match(raw):
        return ParsedNumber("text", None)
    number = float(raw.replace(",", ""))
    value: int | float = int(number) if number.is_integer() and "." not in raw else number
    return ParsedNumber("unit" if unit else "number", value, unit)


def looks_numeric(text: str) -> bool:
    """A cell that holds a value slot's content (a number, a placeholder or a unit-number)."""
    return parse_number(text).kind in ("number", "placeholder", "unit")


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def years_in(text: str) -> list[int]:
    return [int(match) for match in _YEAR.findall(unicodedata.normalize("NFKC", text or ""))]
