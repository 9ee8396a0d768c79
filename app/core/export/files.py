"""Safe writing of export files.

Every export goes through `save_new`: the output is written to a temporary file inside the target
folder, then its final name is claimed by creating it exclusively (`O_CREAT | O_EXCL`, which the file
system grants to one writer only) and the temporary file is moved onto the claimed name with
`os.replace`. So a reviewer never sees a half-written file, an existing file is never overwritten
(the new one is numbered "名称（检查意见）(2).docx"), and two exports into one folder at the same time
get distinct names instead of replacing each other's work. A name longer than the file system allows
is shortened in the middle, keeping its ending (the "（检查意见）" marker and the extension). The input
report is never opened for writing, and a folder or file that cannot be written raises `ExportError`
(an `OSError`) with a plain Chinese reason, leaving no temporary or claimed files behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path

TEMP_PREFIX = ".~年报检查器-"
WORKBOOK = "问题汇总表.xlsx"  # the batch's workbook (a failure of it is not a report's)


# Most file systems allow 255 bytes per name (ext4, APFS) or 255 UTF-16 units (NTFS); measured in UTF-8
# bytes the limit holds for both. Room is kept for the "(12)" a taken name gets.
NAME_MAX_BYTES = 255
_NUMBER_ROOM = len("(999)")
_KEPT_ENDING = 12  # characters kept at the end of a shortened stem (the "（检查意见）" marker)


class ExportError(OSError):
    """An export that could not be written; the message is shown to the user as it is."""


class PartialExportError(ExportError):
    """Some reports of a batch could not be written; the others were.

    `written` are the files that were written, `failures` (report path, reason) the ones that were not.
    """

    def __init__(self, written: list[Path], failures: list[tuple[str, str]]) -> None:
        lines = "\n".join(f"“{Path(path).name}”：{reason}" for path, reason in failures)
        reports = all(Path(path).name != WORKBOOK for path, _ in failures)
        what = "份报告" if reports else "个文件"
        super().__init__(f"{len(failures)} {what}没能导出（其余的已导出）：\n{lines}")
        self.written = written
        self.failures = failures


def _explain(error: OSError, folder: Path) -> ExportError:
    """Turn a low-level OS error into a reason a reviewer can act on."""
    if isinstance(error, ExportError):
        return error
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM):
        return ExportError(f"无法写入文件夹“{folder}”：没有写入权限。请选择其他文件夹。")
    if isinstance(error, (FileExistsError, NotADirectoryError)) or error.errno == errno.ENOTDIR:
        return ExportError(f"无法创建文件夹“{folder}”：路径中有同名的文件。请选择其他文件夹。")
    if error.errno in (errno.ENOSPC, errno.EFBIG):  # EFBIG: past a file-size limit the system sets
        return ExportError(f"无法写入文件夹“{folder}”：磁盘空间不足。请清理磁盘或选择其他位置。")
    if error.errno == errno.EROFS:
        return ExportError(f"无法写入文件夹“{folder}”：该位置是只读的。请选择其他文件夹。")
    if error.errno == errno.ENAMETOOLONG:
        return ExportError(f"无法写入文件夹“{folder}”：文件夹路径太长。请选择路径较短的文件夹。")
    if error.errno == errno.EDQUOT:
        return ExportError(f"无法写入文件夹“{folder}”：磁盘配额已用完。请清理文件或选择其他位置。")
    reason = error.strerror or str(error) or type(error).__name__
    return ExportError(f"无法写入文件夹“{folder}”（系统提示：{reason}）。请选择其他文件夹。")


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


def shortened(path: Path, limit: int = NAME_MAX_BYTES) -> Path:
    """`path` with a name the file system accepts, even numbered: the middle of a long stem gives way.

    The end of the stem is kept (an export's "（检查意见）" marker, by which a folder scan knows it) and
    so is the extension; the cut is marked with "…".
    """
    stem, suffix = path.stem, path.suffix
    budget = limit - _NUMBER_ROOM - len(_name_bytes(suffix))
    if len(_name_bytes(stem)) <= budget:
        return path
    tail = stem[-_KEPT_ENDING:]
    room = budget - len(_name_bytes("…" + tail))
    # Cut at a byte count, dropping a character the cut would split.
    head = _name_bytes(stem[:-_KEPT_ENDING])[: max(0, room)].decode("utf-8", errors="ignore")
    return path.with_name(f"{head}…{tail}{suffix}")


def _name_bytes(text: str) -> bytes:
    """A name as the file system stores it (undecodable bytes of a POSIX name kept as they were)."""
    return text.encode("utf-8", errors="surrogateescape")


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _claim(path: Path, protected: Collection[Path]) -> Path:
    """Create the first free numbered name of `path` exclusively and return it (an empty file)."""
    guarded = {_key(item) for item in protected}
    number = 1
    while True:
        candidate = numbered(path, number)
        number += 1
        if _key(candidate) in guarded:
            continue
        try:
            handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue  # on disk already, or another export claimed it a moment ago
        except IsADirectoryError:
            continue
        os.close(handle)
        return candidate


def save_new(
    target: str | Path,
    write: Callable[[Path], None],
    protected: Collection[Path] = (),
    replace: bool = False,
) -> Path:
    """Write a new file at `target` (or a numbered name beside it) through a temporary file.

    `write(temp_path)` produces the content; `protected` are paths that must never be replaced (the
    input reports). With `replace` (the reviewer agreed to replace her previous export) a file already
    at `target` is replaced in one step instead of the new one getting a number — never a protected
    one, never a folder. Returns the path actually written.
    """
    target = shortened(Path(target))
    folder = ensure_folder(target.parent)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=folder)
    except OSError as error:
        raise _explain(error, folder) from error
    os.close(handle)
    temp = Path(temp_name)
    final: Path | None = None
    try:
        write(temp)
        # mkstemp makes the file private (0600); a saved document is readable like any other (umask)
        os.chmod(temp, 0o666 & ~_UMASK)
        if replace and _replaceable(target, protected):
            os.replace(temp, target)  # atomic: the old copy until this moment, the new one after
            return target
        final = _claim(target, protected)
        os.replace(temp, final)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if final is not None:
            with contextlib.suppress(OSError):
                final.unlink()  # the claimed, still empty name: the move into it failed
        os_error = as_os_error(error)
        if os_error is not None:
            raise _explain(os_error, folder) from error
        raise
    return final


def _replaceable(target: Path, protected: Collection[Path]) -> bool:
    if _key(target) in {_key(item) for item in protected}:
        return False
    return target.is_file() and not target.is_symlink()


def _read_umask() -> int:
    """The process's file-creation mask (read by setting it and putting it back, once, at import:
    the mask is process-wide and export threads must not see it changed)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def as_os_error(error: BaseException) -> OSError | None:
    """The OS error behind a failed write, also when a library reports it its own way.

    lxml's serialiser (under python-docx and openpyxl) turns a full disk into
    `SerialisationError("IO_ENOSPC")`; that is the disk's fault, and is said like any OS error.
    """
    if isinstance(error, OSError):
        return error
    text = str(error)
    if type(error).__name__ == "SerialisationError" and text.startswith("IO_"):
        code = getattr(errno, text[3:], None)
        if isinstance(code, int):
            return OSError(code, os.strerror(code))
    return None
