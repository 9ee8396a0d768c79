"""Local rule packs: a province's or city's rules as a data file (resources/packs/*.json).

The national pack (`national.json`) is the default: the official formats as they are, the deadlines
of the 条例 (departments by 1月31日, governments by 3月31日). A local pack says only what differs; what
it leaves out is taken from the national pack. It may

- tolerate extra rows (`extra_rows`: table → labels the province adds; L204 stays silent on them),
- add notes to labels (`label_notes`: a sentence added to the finding about that row label),
- set the deadlines (`deadlines`: body kind → "MM-DD" of the year after the report, or null) and the
  thresholds (`thresholds`: name → number) that rules read through `deadline` and `threshold`,
- turn rules off or change their severity (`rules`: id → {"enabled": false} / {"severity": "info"}).

The format of the file is described in docs/packs.md. A pack that cannot be used is refused with a
plain reason (`PackError`), never half applied.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from app.core.model import SEVERITY_ORDER, Finding, Severity
from app.core.resources import resource_path
from app.core.text import normalize_label

NATIONAL = "national"
BODY_KINDS = ("department", "government", "township")  # the keys of `deadlines`
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_KEYS = {"id", "name", "description", "deadlines", "thresholds", "rules", "extra_rows", "label_notes"}


class PackError(ValueError):
    """A pack file that cannot be used; the message says why in plain Chinese."""


@dataclass(frozen=True)
class RuleSetting:
    enabled: bool = True
    severity: Severity | None = None  # None: the rule's own


@dataclass(frozen=True)
class Pack:
    id: str
    name: str
    description: str = ""
    deadlines: dict[str, str | None] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    extra_rows: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table → normalised labels
    label_notes: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, normalised label)
    path: str = ""  # the file it came from

    def enabled(self, rule_id: str) -> bool:
        return self.rules.get(rule_id, RuleSetting()).enabled

    def deadline(self, body_kind: str, report_year: int) -> date | None:
        """The day by which a report for `report_year` must be published (in the following year);
        None where the pack sets none for that kind of body."""
        text = self.deadlines.get(body_kind)
        if text is None:
            return None
        month, day = (int(part) for part in text.split("-"))
        return date(report_year + 1, month, day)

    def threshold(self, key: str) -> float:
        """A threshold a rule uses (`copy_share_warning`, …); KeyError for a name no pack defines."""
        return self.thresholds[key]

    def tolerates_row(self, table: str, label: str) -> bool:
        """Whether `label` is a row the pack adds to `table` (so it is not an extra row)."""
        return normalize_label(label) in self.extra_rows.get(table, ())

    def label_note(self, table: str, label: str) -> str:
        """The pack's note on a row label, "" when it has none."""
        return self.label_notes.get((table, normalize_label(label)), "")

    def adjust(self, findings: Iterable[Finding]) -> list[Finding]:
        """Findings of rules the pack turns off dropped, severities the pack changes set."""
        adjusted: list[Finding] = []
        for finding in findings:
            setting = self.rules.get(finding.rule)
            if setting is None:
                adjusted.append(finding)
            elif setting.enabled:
                adjusted.append(replace(finding, severity=setting.severity or finding.severity))
        return adjusted


def pack_dir() -> Path:
    return resource_path("packs")


@lru_cache(maxsize=1)
def national_pack() -> Pack:
    return _build(_read(pack_dir() / f"{NATIONAL}.json"), None, str(pack_dir() / f"{NATIONAL}.json"))


def all_packs() -> tuple[Pack, ...]:
    """The packs shipped in resources/packs, the national one first."""
    packs = [load_pack(path) for path in sorted(pack_dir().glob("*.json")) if path.stem != NATIONAL]
    return (national_pack(), *packs)


def load_pack(path: str | Path) -> Pack:
    """A pack file, over the national pack. Raises PackError with the reason it cannot be used."""
    path = Path(path)
    data = _read(path)
    if data.get("id") == NATIONAL and path.resolve() == (pack_dir() / f"{NATIONAL}.json").resolve():
        return national_pack()
    return _build(data, national_pack(), str(path))


def find_pack(name_or_path: str | None) -> Pack:
    """The pack the user chose: a shipped pack's id (national, example-province) or a file's path;
    the national pack for None or ""."""
    if not name_or_path:
        return national_pack()
    shipped = pack_dir() / f"{name_or_path}.json"
    if "/" not in name_or_path and "\\" not in name_or_path and shipped.is_file():
        return load_pack(shipped)
    path = Path(name_or_path)
    if not path.is_file():
        known = "、".join(pack.id for pack in all_packs())
        raise PackError(f"找不到规则包“{name_or_path}”。可用的规则包：{known}；或给出规则包文件的路径。")
    return load_pack(path)


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise PackError(
            f"无法读取规则包文件“{path.name}”（{error.strerror or type(error).__name__}）。"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackError(
            f"规则包文件“{path.name}”不是有效的 JSON（{error}）。请按 docs/packs.md 的格式填写。"
        ) from None
    if not isinstance(data, dict):
        raise PackError(f"规则包文件“{path.name}”的内容应是一个对象（{{…}}）。")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise PackError(f"规则包文件“{path.name}”中有不认识的项：{'、'.join(unknown)}。")
    return data


def _build(data: dict, base: Pack | None, path: str) -> Pack:
    where = Path(path).name
    pack_id = data.get("id")
    if not isinstance(pack_id, str) or not pack_id:
        raise PackError(f"规则包文件“{where}”缺少 id。")
    return Pack(
        id=pack_id,
        name=str(data.get("name") or pack_id),
        description=str(data.get("description") or ""),
        deadlines={**(base.deadlines if base else {}), **_deadlines(data.get("deadlines", {}), where)},
        thresholds=_thresholds(data.get("thresholds", {}), base, where),
        rules={**(base.rules if base else {}), **_rules(data.get("rules", {}), where)},
        extra_rows={
            **(base.extra_rows if base else {}),
            **{
                table: tuple(normalize_label(label) for label in labels)
                for table, labels in _mapping(data.get("extra_rows", {}), "extra_rows", where).items()
            },
        },
        label_notes={
            **(base.label_notes if base else {}),
            **_label_notes(data.get("label_notes", []), where),
        },
        path=path,
    )


def _mapping(value: object, key: str, where: str) -> dict:
    if not isinstance(value, dict):
        raise PackError(f"规则包文件“{where}”的 {key} 应是一个对象（{{…}}）。")
    return value


def _deadlines(value: object, where: str) -> dict[str, str | None]:
    deadlines = _mapping(value, "deadlines", where)
    for kind, text in deadlines.items():
        if kind not in BODY_KINDS:
            raise PackError(
                f"规则包文件“{where}”的 deadlines 中“{kind}”不是单位类别（{'、'.join(BODY_KINDS)}）。"
            )
        match = _MONTH_DAY.match(text) if isinstance(text, str) else None
        if text is not None and (match is None or not _is_day(int(match[1]), int(match[2]))):
            raise PackError(f'规则包文件“{where}”的期限“{text}”应写成“月-日”（如 "03-31"）或 null。')
    return dict(deadlines)


def _is_day(month: int, day: int) -> bool:
    try:
        date(2001, month, day)  # not a leap year: a deadline must exist every year
    except ValueError:
        return False
    return True


def _thresholds(value: object, base: Pack | None, where: str) -> dict[str, float]:
    thresholds = _mapping(value, "thresholds", where)
    for key, number in thresholds.items():
        if base is not None and key not in base.thresholds:
            raise PackError(
                f"规则包文件“{where}”的 thresholds 中没有“{key}”这一项（可设：{'、'.join(base.thresholds)}）。"
            )
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise PackError(f"规则包文件“{where}”的阈值“{key}”应是数字。")
    return {**(base.thresholds if base else {}), **{key: float(number) for key, number in thresholds.items()}}


def _rules(value: object, where: str) -> dict[str, RuleSetting]:
    from app.core.registry import rule_by_id  # the registry imports the rules, which read packs

    settings: dict[str, RuleSetting] = {}
    for rule_id, setting in _mapping(value, "rules", where).items():
        if rule_by_id(rule_id) is None:
            raise PackError(f"规则包文件“{where}”中的规则“{rule_id}”不存在。")
        if not isinstance(setting, dict) or set(setting) - {"enabled", "severity"}:
            raise PackError(f"规则包文件“{where}”中规则“{rule_id}”的设置只能有 enabled 和 severity。")
        severity = setting.get("severity")
        if severity is not None and severity not in SEVERITY_ORDER:
            raise PackError(f"规则包文件“{where}”中规则“{rule_id}”的 severity 应是 error、warning 或 info。")
        enabled = setting.get("enabled", True)
        if not isinstance(enabled, bool):
            raise PackError(f"规则包文件“{where}”中规则“{rule_id}”的 enabled 应是 true 或 false。")
        settings[rule_id] = RuleSetting(enabled=enabled, severity=severity)
    return settings


def _label_notes(value: object, where: str) -> dict[tuple[str, str], str]:
    if not isinstance(value, list):
        raise PackError(f"规则包文件“{where}”的 label_notes 应是一个列表（[…]）。")
    notes: dict[tuple[str, str], str] = {}
    for item in value:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in ("table", "label", "note")
        ):
            raise PackError(f"规则包文件“{where}”的 label_notes 每一项应有 table、label 和 note。")
        notes[(item["table"], normalize_label(item["label"]))] = item["note"]
    return notes
