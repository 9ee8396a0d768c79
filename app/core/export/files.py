"""Safe writing of export files.

Every export goes through `save_new`: the output is written to a temporary file inside the target
folder and then moved into place with `os.replace`, so a reviewer never sees a half-written file.
An existing file is never overwritten (the new one is numbered "名称（检查意见）(2).docx"), the input
report is never opened for writing, and a folder that cannot be created or written raises
`ExportError` (an `OSError`) with a plain Chinese reason, leaving no temporary files behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path

TEMP_PREFIX = ".~年报检查器-"


class ExportError(OSError):
    """An export that could not be written; the message is shown to the user as it is."""


def _explain(error: OSError, folder: Path) -> ExportError:
    """Turn a low-level OS error into a reason a reviewer can act on."""
    if isinstance(error, ExportError):
        return error
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM):
        return ExportError(f"无法写入文件夹“{folder}”：没有写入权限。请选择其他文件夹。")
    if isinstance(error, (FileExistsError, NotADirectoryError)) or error.errno == errno.ENOTDIR:
        return ExportError(f"无法创建文件夹“{folder}”：路径中有同名的文件。请选择其他文件夹。")
    if error.errno == errno.ENOSPC:
        return ExportError(f"无法写入文件夹“{folder}”：磁盘空间不足。请清理磁盘或选择其他位置。")
    if error.errno == errno.EROFS:
        return ExportError(f"无法写入文件夹“{folder}”：该位置是只读的。请选择其他文件夹。")
    reason = error.strerror or str(error) or type(error).__name__
    return ExportError(f"无法写入文件夹“{folder}”：{reason}。请选择其他文件夹。")


def ensure_folder(folder: str | Path) -> Path:
    """Create the output folder if needed; `ExportError` when that is impossible."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _explain(error, folder) from error
    if not folder.is_dir():
        raise ExportError(f"无法创建文件夹“{folder}”：路径中有同名的文件。请选择其他文件夹。")
    return folder


def numbered(path: Path, number: int) -> Path:
    """`名称（检查意见）.docx` → `名称（检查意见）(2).docx`; number 1 is the name itself."""
    if number <= 1:
        return path
    return path.with_name(f"{path.stem}({number}){path.suffix}")


def free_path(path: Path, protected: Collection[Path] = ()) -> Path:
    """The first of path, path (2), path (3)… that exists neither on disk nor among `protected`."""
    guarded = {_key(item) for item in protected}
    number = 1
    while True:
        candidate = numbered(path, number)
        if not candidate.exists() and _key(candidate) not in guarded:
            return candidate
        number += 1


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def save_new(target: str | Path, write: Callable[[Path], None], protected: Collection[Path] = ()) -> Path:
    """Write a new file at `target` (or a numbered name beside it) through a temporary file.

    `write(temp_path)` produces the content; `protected` are paths that must never be replaced (the
    input reports). Returns the path actually written.
    """
    target = Path(target)
    folder = ensure_folder(target.parent)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=folder)
    except OSError as error:
        raise _explain(error, folder) from error
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        final = free_path(target, protected)
        os.replace(temp, final)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(error, OSError):
            raise _explain(error, folder) from error
        raise
    return final
