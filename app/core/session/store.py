"""The review file: the batch, each report's compact result and the reviewer's decisions, so no work
is lost and a review of thousands of reports opens at once.

The file is an SQLite database (the standard library's `sqlite3`): one row per report, written again
only when that report changed (`ReviewStore.save`), so saving costs what changed, not the batch. The
compact result of each report is stored as JSON (`codec`) with the file's fingerprint: on opening, a
report whose file still has its size and time is shown as saved, the others are checked again.
打开检查记录 / 检查记录另存为 move a review to a colleague; paths are also stored relative to the review,
so a folder of reports copied with its review finds them. Reviews saved as JSON by earlier versions
(format 1) are read too, and written as a database from then on.

A file that is damaged, not a review, or written by another version raises `ReviewFileError` with a
plain Chinese reason; nothing here raises anything else for bad input. Writes go through a temporary
file renamed over the old one, or an SQLite transaction: a failed save never destroys the last one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Mapping
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import __version__
from app.core.fingerprint import still_current
from app.core.model import Result
from app.core.session.codec import finding_from_json, finding_to_json, result_from_json, result_to_json
from app.core.session.entry import Entry, path_key
from app.core.session.rounds import Trail, trail_from_json, trail_to_json
from app.core.session.session import ReviewSession
from app.core.session.state import FindingState, match_states

FORMAT = "nianbao-checker-review"
VERSION = 2  # the SQLite review; 1 is the JSON review of earlier versions, still read
JSON_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
DAMAGED = "检查记录已损坏：内容不完整或被改动过，无法恢复。"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    key TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    path TEXT NOT NULL,
    relative TEXT,
    skipped INTEGER NOT NULL DEFAULT 0,
    result TEXT,
    states TEXT NOT NULL DEFAULT '[]',
    rounds TEXT
);
"""


class ReviewFileError(Exception):
    """A review file that cannot be used; the message is shown to the user as it is."""


@dataclass(frozen=True)
class SavedReport:
    path: Path
    states: tuple[FindingState, ...] = ()
    result: Result | None = None  # the compact result saved with it (None: check it again)
    skipped: bool = False
    trail: Trail = Trail()  # its rounds of review

    @property
    def dismissed(self) -> tuple[FindingState, ...]:
        return tuple(state for state in self.states if state.dismissed)


@dataclass(frozen=True)
class SavedReview:
    reports: list[SavedReport]
    round: int = 1
    app_version: str = ""  # the version that saved it (its saved results are used by that version only)


def saved_report(entry: Entry) -> SavedReport:
    result = entry.result if entry.result is not None and entry.ticket is None else None
    if result is None and entry.before is not None:
        result = entry.before  # being checked again: the last check is what the next round compares with
    return SavedReport(entry.path, entry.saved(), result, entry.skipped, entry.trail)


def restore(entry: Entry, saved: SavedReport) -> bool:
    """A saved report put back on its entry. True when it is shown as saved (its file is as it was
    checked); otherwise its decisions wait for the check to come, and its saved result is what that
    check is compared with (a changed file begins a new round)."""
    entry.trail = saved.trail
    if not entry.skipped and saved.result is not None and still_current(entry.path, saved.result):
        entry.result = saved.result
        entry.states = match_states(saved.states, saved.result.findings)
        return True
    entry.pending = saved.states
    if saved.result is not None and saved.result.error is None and not entry.skipped:
        entry.before = saved.result
    return False


# --- states ---------------------------------------------------------------------------------------
def _state(state: FindingState) -> dict[str, Any]:
    return {
        "key": state.key,
        "rule": state.rule,
        "message": state.message,
        "decision": state.decision,
        "reason": state.reason,
        "index": state.index,
    }


def _state_from(data: Mapping[str, Any]) -> FindingState:
    decision = data.get("decision", "dismissed")
    if decision not in ("open", "confirmed", "dismissed"):
        raise ValueError(decision)
    return FindingState(
        key=str(data.get("key", "")),
        rule=str(data["rule"]),
        message=str(data["message"]),
        decision=decision,
        reason=str(data.get("reason", "")),
        index=int(data.get("index", -1)),
    )


def _relative(path: Path, folder: Path | None) -> str | None:
    if folder is None:
        return None
    try:
        return os.path.relpath(path, folder)
    except ValueError:  # another drive on Windows
        return None


def _located(path: Path, relative: object, folder: Path | None) -> Path:
    if not path.exists() and folder is not None and isinstance(relative, str):
        moved = (folder / relative).resolve()
        if moved.exists():
            return moved  # the review and its reports were copied together
    return path


def _other_version(made_by: object, version: object) -> ReviewFileError:
    return ReviewFileError(
        f"这份检查记录由另一个版本的年报检查器（{made_by or '未知版本'}）保存，记录格式 {version}，"
        f"本版本（{__version__}）只能读取格式 {JSON_VERSION} 和 {VERSION}。请用保存它的版本打开。"
    )


# --- reading --------------------------------------------------------------------------------------
def read_review(path: Path) -> SavedReview:
    try:
        with open(path, "rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise ReviewFileError(f"无法打开检查记录“{path}”：{error.strerror or error}。") from error
    if head == SQLITE_MAGIC:
        return _read_database(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise ReviewFileError(f"无法打开检查记录“{path}”：{error.strerror or error}。") from error
    except UnicodeDecodeError as error:
        raise ReviewFileError("检查记录已损坏，无法读取（不是 UTF-8 文本）。") from error
    return review_from_json(text, path.parent)


def review_from_json(text: str, folder: Path | None = None) -> SavedReview:
    """A review saved as JSON by an earlier version (the batch and its dismissals, no results)."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ReviewFileError(f"检查记录已损坏，无法读取（{error}）。") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReviewFileError("这不是年报检查器的检查记录文件。")
    if data.get("version") != JSON_VERSION:
        raise _other_version(data.get("app_version"), data.get("version"))
    try:
        reports = []
        for item in data["reports"]:
            dismissed = item.get("dismissed") or []
            if not isinstance(dismissed, list):
                raise TypeError("dismissed")
            path = _located(Path(str(item["path"])), item.get("relative"), folder)
            reports.append(SavedReport(path, tuple(_state_from(d) for d in dismissed)))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ReviewFileError(DAMAGED) from error
    return SavedReview(reports, 1, str(data.get("app_version") or ""))


def _read_database(path: Path) -> SavedReview:
    try:
        # read-only: opening a review never changes it (nor leaves a journal beside it)
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("format") != FORMAT:
                raise ReviewFileError("这不是年报检查器的检查记录文件。")
            if meta.get("version") != str(VERSION):
                raise _other_version(meta.get("app_version"), meta.get("version"))
            columns = {row[1] for row in db.execute("PRAGMA table_info(reports)")}
            rounds = "rounds" if "rounds" in columns else "NULL"  # reviews saved before rounds
            rows = db.execute(
                f"SELECT path, relative, skipped, result, states, {rounds} FROM reports ORDER BY position"
            ).fetchall()
            folder = path.parent
            reports = [
                SavedReport(
                    _located(Path(saved), relative, folder),
                    tuple(_state_from(item) for item in json.loads(states)),
                    result_from_json(json.loads(result)) if result else None,
                    bool(skipped),
                    trail_from_json(json.loads(trail), finding_from_json) if trail else Trail(),
                )
                for saved, relative, skipped, result, states, trail in rows
            ]
            return SavedReview(reports, int(meta.get("round", "1")), meta.get("app_version", ""))
    except sqlite3.DatabaseError as error:
        raise ReviewFileError(f"检查记录已损坏，无法读取（{error}）。") from error
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise ReviewFileError(DAMAGED) from error


# --- writing --------------------------------------------------------------------------------------
def _row(report: SavedReport, folder: Path) -> tuple[Any, ...]:
    result = report.result
    if result is not None and result.path != str(report.path):
        result = None  # found under another name: its result is checked again
    return (
        path_key(report.path),
        str(report.path),
        _relative(report.path, folder),
        int(report.skipped),
        json.dumps(result_to_json(result), ensure_ascii=False) if result is not None else None,
        json.dumps([_state(state) for state in report.states], ensure_ascii=False),
        json.dumps(trail_to_json(report.trail, finding_to_json), ensure_ascii=False),
    )


_UPSERT = """
INSERT INTO reports (key, position, path, relative, skipped, result, states, rounds)
VALUES (?1, ?8, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT(key) DO UPDATE SET
    path = excluded.path, relative = excluded.relative, skipped = excluded.skipped,
    result = excluded.result, states = excluded.states, rounds = excluded.rounds
"""


def _write_meta(db: sqlite3.Connection, round_: int) -> None:
    meta = {"format": FORMAT, "version": str(VERSION), "app_version": __version__, "round": str(round_)}
    db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", meta.items())


def _failed(path: Path, error: BaseException) -> OSError:
    reason = getattr(error, "strerror", None) or str(error)
    return OSError(f"无法写入“{path}”：{reason}")


def write_review(path: Path, reports: Iterable[SavedReport], round_: int = 1) -> None:
    """Write a whole review atomically (a temporary file renamed over the old one); OSError when it
    cannot."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with suppress(FileNotFoundError):
            temporary.unlink()
        with closing(sqlite3.connect(temporary)) as db:
            db.executescript(_SCHEMA)
            with db:
                _write_meta(db, round_)
                db.executemany(
                    _UPSERT,
                    ((*_row(report, path.parent), position) for position, report in enumerate(reports)),
                )
        os.replace(temporary, path)
    except (OSError, sqlite3.Error) as error:
        with suppress(OSError):
            temporary.unlink()
        raise _failed(path, error) from error


class ReviewStore:
    """The review the window keeps as the reviewer works: written whole once, then only what changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._next = 0  # the position the next new report gets

    def save(
        self, session: ReviewSession, waiting: Iterable[SavedReport] = (), limit: int | None = None
    ) -> None:
        """Write what changed in `session` since the last save (everything the first time), and the
        saved reports still `waiting` for their entries; OSError when it cannot be written. With a
        `limit`, at most that many changed reports (the rest at the next save: `session.dirty`)."""
        waiting = list(waiting)
        if self._db is None:
            reports = [saved_report(entry) for entry in session.entries()] + waiting
            write_review(self.path, reports, session.round)
            session.take_dirty()
            session.removed.clear()
            session.cleared = False
            self._open(len(reports))
            return
        folder = self.path.parent
        db = self._db
        try:
            with db:
                if session.cleared:
                    db.execute("DELETE FROM reports")
                    session.cleared = False
                db.executemany("DELETE FROM reports WHERE key = ?", ((key,) for key in session.removed))
                rows = [
                    (*_row(report, folder), self._take_position())
                    for report in [saved_report(entry) for entry in session.take_dirty(limit)] + waiting
                ]
                db.executemany(_UPSERT, rows)
                _write_meta(db, session.round)
            session.removed.clear()
        except sqlite3.Error as error:
            self.close()  # the next save writes the whole review again
            raise _failed(self.path, error) from error

    def adopt(self, count: int) -> bool:
        """Go on writing into the review file just read (a database of `count` reports) instead of
        writing it whole again; False for a file of another kind (an earlier JSON review)."""
        try:
            with open(self.path, "rb") as file:
                if file.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                    return False
        except OSError:
            return False
        self._open(count)
        return True

    @property
    def opened(self) -> bool:
        """The whole review was written once: later saves write only what changed."""
        return self._db is not None

    def _take_position(self) -> int:
        self._next += 1
        return self._next

    def _open(self, count: int) -> None:
        try:
            db = sqlite3.connect(self.path)
            db.execute("PRAGMA synchronous = NORMAL")
            self._next = count
            self._db = db
        except sqlite3.Error as error:
            raise _failed(self.path, error) from error

    def close(self) -> None:
        if self._db is not None:
            with suppress(sqlite3.Error):
                self._db.close()
            self._db = None


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
    return f"年报检查记录-{time.strftime('%Y%m%d')}.review"
