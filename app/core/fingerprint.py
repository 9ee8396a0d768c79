"""What a file was when it was checked: its size, modification time and content hash.

A report's findings are only true of the text they were found in. The window and the exports compare
the file with the fingerprint its check took (`changed_since`) before they show, preview or export the
findings: a department's corrected version saved over the old file must be re-checked, never shown or
exported with the old findings.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Fingerprint:
    size: int
    mtime_ns: int
    sha256: str


def fingerprint(path: str | Path) -> Fingerprint | None:
    """The file's fingerprint now; None when it cannot be read (it is then told by the check)."""
    try:
        with open(path, "rb") as file:
            status = os.fstat(file.fileno())
            digest = hashlib.sha256()
            while chunk := file.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return Fingerprint(status.st_size, status.st_mtime_ns, digest.hexdigest())


CHANGED = "文件在检查之后被修改或替换过"
GONE = "文件在检查之后被移动或删除了"


def changed_since(path: str | Path, checked: Fingerprint | None) -> str | None:
    """Why the file at `path` is not the one `checked` describes, in words; None when it is.

    Size and time first (a stat, no reading); the hash decides when they agree, so a file replaced by
    a copy that kept the old time is caught too.
    """
    if checked is None:
        return None
    try:
        status = os.stat(path)
    except OSError:
        return GONE
    if status.st_size != checked.size or status.st_mtime_ns != checked.mtime_ns:
        return CHANGED
    now = fingerprint(path)
    if now is None:
        return GONE
    return None if now.sha256 == checked.sha256 else CHANGED


def still_current(path: str | Path, result: object) -> bool:
    """A quick look (a stat, no reading): the file still has the size and time its check saw. Enough
    to show a saved result; the preview and the exports compare the content too."""
    checked = getattr(result, "fingerprint", None)
    if checked is None:
        return False
    try:
        status = os.stat(path)
    except OSError:
        return False
    return status.st_size == checked.size and status.st_mtime_ns == checked.mtime_ns
