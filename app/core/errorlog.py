"""The checker's own failures: told as such, with a log file the user can send.

A reader or a rule that raises something it did not turn into a plain reason (`ReadError`) is a bug of
the checker, not a fault of the file: a module missing from the build, an exception no one expected.
Saying 「可能已损坏」 would send the reviewer looking for a damaged file that is not there.
`internal_error(path, error, stage)` appends the traceback, with the version and the system, to the
error log (`log_path()`: the user's local application-data folder) and returns the reason to show:
「检查器内部错误（…）…请把此文件反馈给开发人员」 and where the log is.

Worker processes append to the same file; each entry is one `write` to a file opened for appending,
so entries of two processes never interleave. The log is kept below about a megabyte: a longer one is
renamed to `….1.log` (replacing the previous one) and a new one begun.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path

LOG_NAME = "nianbao-checker-errors.log"
LOG_LIMIT = 1 << 20


def log_folder() -> Path:
    """Where the error log goes: %LOCALAPPDATA%\\nianbao-checker on Windows, else
    $XDG_STATE_HOME/nianbao-checker (~/.local/state/nianbao-checker)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    else:
        base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "nianbao-checker"


def log_path() -> Path:
    return log_folder() / LOG_NAME


def record(path: str | Path, stage: str, error: BaseException) -> Path | None:
    """Append `error`'s traceback to the log; the log's path, or None when it cannot be written."""
    from app import __version__

    lines = traceback.format_exception(type(error), error, error.__traceback__)
    entry = (
        f"==== {datetime.now().isoformat(timespec='seconds')} 年报检查器 {__version__}, "
        f"Python {platform.python_version()}, {platform.platform()}\n"
        f"文件：{path}\n阶段：{stage}\n{''.join(lines)}\n"
    )
    target = log_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and target.stat().st_size > LOG_LIMIT:
            os.replace(target, target.with_suffix(".1.log"))
        handle = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(handle, entry.encode("utf-8", "backslashreplace"))
        finally:
            os.close(handle)
    except OSError:
        return None
    return target


def internal_error(path: str | Path, error: BaseException, stage: str) -> str:
    """The reason shown for a failure of the checker itself while `stage` (读取 / 检查) ran on `path`."""
    written = record(path, stage, error)
    where = f"，并附上日志文件“{written}”" if written else ""
    return (
        f"检查器内部错误（{stage}时出现 {type(error).__name__}），不是这份文件本身的问题。"
        f"请把此文件反馈给开发人员{where}。"
    )
