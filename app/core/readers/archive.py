"""Reports sent zipped: a .zip's members listed as reports and read without unpacking the archive.

A member is named by a path through the archive, `…/报送材料.zip/乡镇/某乡2023年报.docx`, so the list,
the workbook and the command line show 压缩包名/成员名. Reading one reads that member's bytes into a
temporary folder (bounded as `common` bounds a package: a member measured from the zip directory and
again while it inflates, so a zip bomb is refused, not unpacked) and hands it to its format's reader.
The archive itself is only ever read.

Names without the UTF-8 flag are read as UTF-8 when they are (Linux and Mac tools), else as GBK
(Chinese Windows' own zip tool).
Archives inside the archive are not opened (said, with what to do).
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath

from app.core.model import Document, ReadError
from app.core.readers.common import DAMAGED_ZIP_ERRORS, MAX_MEMBERS

SUFFIX = ".zip"
MAX_REPORT_BYTES = 200 * 1024 * 1024  # one report inflated: a scanned PDF may be large, not this large
UTF8_FLAG = 0x800
NESTED = "这是压缩包里的压缩包，没有展开。请先解压外层压缩包，再检查里面的文件。"
DAMAGED = "压缩包已损坏或不是 ZIP 格式，无法打开。请重新下载或让对方重新发送。"


def is_archive(path: Path) -> bool:
    return path.suffix.lower() == SUFFIX


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author typed it. A zip that does not say UTF-8 may still be UTF-8
    (Linux and Mac tools); else it is GBK (Chinese Windows): GBK names are almost never valid UTF-8."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def list_members(archive: Path) -> tuple[list[tuple[Path, zipfile.ZipInfo]], str | None]:
    """The archive's files as (path through the archive, info), or ([], the reason it cannot be opened)."""
    try:
        with zipfile.ZipFile(archive) as package:
            infos = package.infolist()
    except (OSError, *DAMAGED_ZIP_ERRORS):
        return [], DAMAGED
    if len(infos) > MAX_MEMBERS:
        return [], f"压缩包里有 {len(infos)} 个文件，超过了 {MAX_MEMBERS} 个的上限。请解压后分批检查。"
    members = []
    for info in infos:
        name = PurePosixPath(member_name(info).replace("\\", "/"))
        # Folders, a Mac's resource forks, and names that would climb out of the archive.
        if info.is_dir() or not name.parts or name.is_absolute() or ".." in name.parts:
            continue
        if name.parts[0] == "__MACOSX" or name.name.startswith((".", "~$")):
            continue
        members.append((archive.joinpath(*name.parts), info))
    return members, None


def archive_of(path: Path) -> Path | None:
    """The .zip a member path runs through (None for an ordinary path)."""
    for parent in path.parents:
        if is_archive(parent) and parent.is_file():
            return parent
    return None


def read_member(path: Path, archive: Path, read: Callable[[Path], Document]) -> Document:
    """Read the member `path` of `archive` with `read` (its format's reader); the Document keeps `path`."""
    inner = path.relative_to(archive).as_posix()
    try:
        with zipfile.ZipFile(archive) as package:
            info = next(
                (item for item in package.infolist() if member_name(item).replace("\\", "/") == inner), None
            )
            if info is None:
                raise ReadError("压缩包里没有这个文件了，压缩包可能已被替换。请重新添加压缩包。")
            if info.file_size > MAX_REPORT_BYTES:
                raise ReadError(_too_large(info.file_size))
            with package.open(info) as stream:
                data = stream.read(MAX_REPORT_BYTES + 1)  # the directory may understate the size
    except (ReadError, MemoryError):
        raise
    except (OSError, *DAMAGED_ZIP_ERRORS) as error:
        if isinstance(error, RuntimeError) and "encrypted" in str(error):
            raise ReadError("压缩包加了密码，无法打开。请解压后再检查。") from error
        raise ReadError(DAMAGED) from error
    if len(data) > MAX_REPORT_BYTES:
        raise ReadError(_too_large(len(data)))
    if not data:
        raise ReadError("压缩包里的这个文件是空的（0 字节）。")
    with tempfile.TemporaryDirectory(prefix="nianbao-zip-") as scratch:
        member = Path(scratch) / f"report{path.suffix.lower()}"
        member.write_bytes(data)
        document = read(member)
    return replace(document, path=str(path))


def _too_large(size: int) -> str:
    return f"压缩包里的这个文件解压后有 {size // (1024 * 1024)} MB 以上，超过了检查的上限。请解压后单独检查。"
