"""Which reports of a batch belong to one body: names matched, never file names.

淮安市洪泽区人民政府 and 洪泽区人民政府 are one body; 北京市市场监督管理局 and 上海市市场监督管理局 are not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from app.core.model import Result
from app.core.text import normalize_text

_LEADING_NOISE = re.compile(r"^(?:标题|题目|名称)[:：]")
# Longest first: the office of a government publishes the government's report under either name.
_SUFFIXES = (
    "人民政府办公室",
    "人民政府办公厅",
    "政府办公室",
    "政府办公厅",
    "党工委管委会",
    "管理委员会",
    "人民政府",
    "管委会",
    "政府办",
    "办公室",
    "办公厅",
    "政府",
)
# A higher level (province, city, prefecture) in front of a lower place name: 淮安市|洪泽区.
_HIGHER_LEVEL = re.compile(r"^[^省市区县]{2,8}?(?:省|自治区|特别行政区|市|自治州|州|地区|盟)")
# What must follow for the higher level to be dropped: itself a place name (洪泽区, 遂平县).
# Two characters at least before the level word, so 市场监督管理局 or 城市管理局 is never taken for
# a place and 北京市市场监督管理局 never becomes the same body as 上海市市场监督管理局.
_PLACE = re.compile(r"^[^省市区县]{2,7}?(?:市|区|县|旗)")


def body_key(name: str | None) -> str | None:
    """The comparable form of a body's name: 淮安市洪泽区人民政府 and 洪泽区人民政府 give 洪泽区.

    Drops the 人民政府 / 办公室 / 管委会 endings and province or city prefixes standing before a lower
    place name. None when there is no usable name.
    """
    if not name:
        return None
    text = normalize_text(name).strip("《》\"“”'‘’ ")
    text = _LEADING_NOISE.sub("", text)
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) - len(suffix) >= 2:
                text = text[: -len(suffix)]
                changed = True
                break
    while True:
        match = _HIGHER_LEVEL.match(text)
        if not match or not _PLACE.match(text[match.end() :]):
            break
        text = text[match.end() :]
    return text if len(text) >= 2 else None


def display_body(result: Result) -> str:
    body = result.body or ""
    return _LEADING_NOISE.sub("", normalize_text(body)) or body


def short_names(results: Sequence[Result]) -> dict[str, str]:
    """How messages name each file: its name, or its path where two files of the batch share a name."""
    counts: dict[str, int] = {}
    for result in results:
        name = Path(result.path).name
        counts[name] = counts.get(name, 0) + 1
    return {r.path: r.path if counts[Path(r.path).name] > 1 else Path(r.path).name for r in results}
