"""Who has not reported: the units of a roster workbook matched to the batch's reports.

A supervising office keeps a list of the units that must report (one a row: 单位名称, optionally
上级单位 and 类型). Each unit is matched to the reports of the batch by its normalised name
(`bodies.body_key`: 淮安市洪泽区人民政府 = 洪泽区人民政府 = 洪泽区, 人民政府 omitted), and where that
finds nothing by its short form (简称): 遂平县科工局 for 遂平县科技和工业信息化局, the short name's
characters in the full name's order, the place (its first two characters) and the kind of office
(its last character) the same. A short form that fits two reports' bodies matches neither: the
reviewer decides. The template (resources/roster-template.xlsx) has the header only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.batch.bodies import body_key
from app.core.model import Result
from app.core.text import normalize_text

NAME_HEADER = "单位名称"
PARENT_HEADER = "上级单位"
KIND_HEADER = "类型"
MAX_UNITS = 20_000  # a province's roster holds a few thousand units
NOT_FOUND = "未报送"
FOUND = "已报送"


class RosterError(ValueError):
    """A roster that cannot be used; the message says why in plain Chinese."""


@dataclass(frozen=True)
class Unit:
    name: str
    parent: str = ""
    kind: str = ""
    row: int = 0  # the row of the roster workbook


@dataclass(frozen=True)
class RosterLine:
    """A unit and the reports of the batch that are its own (none: it has not reported)."""

    unit: Unit
    reports: tuple[Result, ...] = ()

    @property
    def reported(self) -> bool:
        return bool(self.reports)


def read_roster(path: str | Path) -> list[Unit]:
    """The units of a roster workbook's first sheet, under its header row (the row naming 单位名称)."""
    from openpyxl import load_workbook  # only a roster needs it here

    path = Path(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as error:
        raise RosterError(
            f"无法读取名单“{path.name}”：请确认它是 Excel 工作簿（.xlsx）。（{error}）"
        ) from None
    except Exception as error:  # a damaged zip raises what its parts raise
        raise RosterError(f"名单“{path.name}”已损坏，无法读取（{type(error).__name__}）。") from None
    try:
        sheet = book.worksheets[0]
        units: list[Unit] = []
        columns: dict[str, int] | None = None
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if value is None else normalize_text(str(value)).strip() for value in row]
            if columns is None:
                if NAME_HEADER in cells:
                    headers = (NAME_HEADER, PARENT_HEADER, KIND_HEADER)
                    columns = {header: cells.index(header) for header in headers if header in cells}
                elif number >= 10:
                    break
                continue
            name = _cell(cells, columns.get(NAME_HEADER))
            if not name:
                continue
            parent, kind = _cell(cells, columns.get(PARENT_HEADER)), _cell(cells, columns.get(KIND_HEADER))
            units.append(Unit(name, parent, kind, number))
            if len(units) > MAX_UNITS:
                raise RosterError(f"名单“{path.name}”超过 {MAX_UNITS} 个单位，不像是一份报送名单。")
    finally:
        book.close()
    if columns is None:
        raise RosterError(f"名单“{path.name}”的第一个工作表里没有“{NAME_HEADER}”这一列的表头，请按模板填写。")
    return units


def _cell(cells: list[str], column: int | None) -> str:
    return cells[column] if column is not None and column < len(cells) else ""


def _is_short_form(short: str, full: str) -> bool:
    """遂平县科工局 is a short form of 遂平县科技和工业信息化局: its characters in order in the full name,
    the same place and the same kind of office."""
    if len(short) < 4 or len(short) >= len(full) or short[:2] != full[:2] or short[-1] != full[-1]:
        return False
    position = 0
    for char in short:
        position = full.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _unit_key(unit: Unit) -> str | None:
    return body_key(unit.name)


def match_roster(units: Sequence[Unit], results: Sequence[Result]) -> list[RosterLine]:
    """Each unit with its reports among `results` (readable reports with a body), in roster order."""
    bodies: dict[str, list[Result]] = {}
    for result in results:
        key = body_key(result.body) if result.error is None else None
        if key is not None:
            bodies.setdefault(key, []).append(result)
    lines = []
    for unit in units:
        key = _unit_key(unit)
        found = bodies.get(key, []) if key else []
        if key and not found:
            fits = [other for other in bodies if _is_short_form(key, other) or _is_short_form(other, key)]
            if len(fits) == 1:
                found = bodies[fits[0]]
        lines.append(RosterLine(unit, tuple(found)))
    return lines


def missing_units(lines: Sequence[RosterLine]) -> list[Unit]:
    return [line.unit for line in lines if not line.reported]


def roster_json(lines: Sequence[RosterLine]) -> list[dict[str, object]]:
    """`check --json`'s `roster`: each unit, whether it reported, and its reports' files and years."""
    return [
        {
            "unit": line.unit.name,
            "parent": line.unit.parent or None,
            "kind": line.unit.kind or None,
            "reported": line.reported,
            "files": [result.path for result in line.reports],
            "years": sorted({result.year for result in line.reports if result.year}),
        }
        for line in lines
    ]


def check_roster(path: str | Path, results: Sequence[Result]) -> list[RosterLine]:
    """The roster at `path` matched to `results`; RosterError when it cannot be read."""
    return match_roster(read_roster(path), results)


def not_reported_text(lines: Sequence[RosterLine]) -> str:
    """One line for the reviewer: how many units of the roster have no report, and which."""
    missing = missing_units(lines)
    if not missing:
        return f"名单中的 {len(lines)} 个单位都已报送。"
    named = "、".join(unit.name for unit in missing[:10]) + ("等" if len(missing) > 10 else "")
    return f"名单中 {len(lines)} 个单位，{len(missing)} 个未报送：{named}。"
