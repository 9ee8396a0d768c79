"""The review file: the batch and the reviewer's dismissals, kept so no work is lost.

The window saves its batch as the reviewer works (`当前检查记录.json` in the user's data folder) and
restores it on the next start; 打开检查记录 / 检查记录另存为 move a review to a colleague. Results are
not stored: the reports are checked again when the review is opened, and each saved dismissal finds
its finding again by rule and message (`match_dismissals`), so a review outlives a re-check.

A file that is damaged, not a review, or written by another version raises `ReviewFileError` with a
plain Chinese reason; nothing here raises anything else for bad input.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSaveFile

from app import __version__
from app.core.model import Finding

FORMAT = "nianbao-checker-review"
VERSION = 1
FILE_NAME = "当前检查记录.json"
FILE_FILTER = "检查记录 (*.json);;所有文件 (*)"


class ReviewFileError(Exception):
    """A review file that cannot be used; the message is shown to the user as it is."""


@dataclass(frozen=True)
class SavedDismissal:
    rule: str
    message: str
    reason: str
    index: int  # where the finding stood in the report's findings when it was dismissed


@dataclass(frozen=True)
class SavedReport:
    path: Path
    dismissed: tuple[SavedDismissal, ...] = ()


def saved_dismissals(findings: Sequence[Finding], dismissed: Mapping[int, str]) -> list[SavedDismissal]:
    return [
        SavedDismissal(findings[n].rule, findings[n].message, reason, n)
        for n, reason in sorted(dismissed.items())
        if 0 <= n < len(findings)
    ]


def match_dismissals(saved: Iterable[SavedDismissal], findings: Sequence[Finding]) -> dict[int, str]:
    """The dismissals of a fresh check: same rule and message first, else same rule at the same place."""
    saved = list(saved)
    taken: dict[int, str] = {}
    unmatched = []
    for item in saved:
        number = next(
            (
                n
                for n, finding in enumerate(findings)
                if n not in taken and finding.rule == item.rule and finding.message == item.message
            ),
            None,
        )
        if number is None:
            unmatched.append(item)
        else:
            taken[number] = item.reason
    for item in unmatched:
        n = item.index
        if 0 <= n < len(findings) and n not in taken and findings[n].rule == item.rule:
            taken[n] = item.reason
    return taken


def review_to_json(reports: Iterable[SavedReport], folder: Path | None = None) -> str:
    """The file's text; paths are also stored relative to `folder` so a copied review finds its reports."""
    items = []
    for report in reports:
        item: dict[str, object] = {"path": str(report.path)}
        if folder is not None:
            try:
                item["relative"] = os.path.relpath(report.path, folder)
            except ValueError:  # another drive on Windows
                pass
        item["dismissed"] = [
            {"rule": d.rule, "message": d.message, "reason": d.reason, "index": d.index}
            for d in report.dismissed
        ]
        items.append(item)
    data = {"format": FORMAT, "version": VERSION, "app_version": __version__, "reports": items}
    return json.dumps(data, ensure_ascii=False, indent=1)


def review_from_json(text: str, folder: Path | None = None) -> list[SavedReport]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ReviewFileError(f"检查记录已损坏，无法读取（{error}）。") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReviewFileError("这不是年报检查器的检查记录文件。")
    version = data.get("version")
    if version != VERSION:
        made_by = data.get("app_version") or "未知版本"
        raise ReviewFileError(
            f"这份检查记录由另一个版本的年报检查器（{made_by}）保存，记录格式 {version}，"
            f"本版本（{__version__}）只能读取格式 {VERSION}。请用保存它的版本打开。"
        )
    try:
        return [_report(item, folder) for item in data["reports"]]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ReviewFileError("检查记录已损坏：内容不完整或被改动过，无法恢复。") from error


def _report(item: Mapping[str, object], folder: Path | None) -> SavedReport:
    path = Path(str(item["path"]))
    relative = item.get("relative")
    if not path.exists() and folder is not None and isinstance(relative, str):
        moved = (folder / relative).resolve()
        if moved.exists():
            path = moved  # the review and its reports were copied together
    dismissed = item.get("dismissed") or []
    if not isinstance(dismissed, list):
        raise TypeError("dismissed")
    return SavedReport(
        path,
        tuple(
            SavedDismissal(str(d["rule"]), str(d["message"]), str(d["reason"]), int(d["index"]))
            for d in dismissed
        ),
    )


def read_review(path: Path) -> list[SavedReport]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ReviewFileError(f"无法打开检查记录“{path}”：{error.strerror or error}。") from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReviewFileError("检查记录已损坏，无法读取（不是 UTF-8 文本）。") from error
    return review_from_json(text, path.parent)


def write_review(path: Path, reports: Iterable[SavedReport]) -> None:
    """Write atomically (a temporary file renamed over the old one); OSError when it cannot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = review_to_json(reports, path.parent).encode("utf-8")
    file = QSaveFile(str(path))
    if not file.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise OSError(f"无法写入“{path}”：{file.errorString()}")
    written = file.write(data) == len(data)
    if not written:
        file.cancelWriting()  # commit() then removes the temporary file and keeps the old review
    if not file.commit() or not written:
        raise OSError(f"无法写入“{path}”：{file.errorString()}")


def set_aside(path: Path) -> Path | None:
    """Keep a review file this version cannot use under another name, so saving cannot destroy it;
    the new name, or None when it could not be renamed."""
    target = path.with_name(f"{path.stem}.无法读取-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    try:
        path.replace(target)
    except OSError:
        return None
    return target


def save_as_name() -> str:
    """The name 检查记录另存为 proposes: today's review."""
    return f"年报检查记录-{time.strftime('%Y%m%d')}.json"
