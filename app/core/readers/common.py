"""What several readers share: recognising a file that is not an OOXML package, joining wrapped cell lines."""

from __future__ import annotations

import re
from typing import Literal

from app.core.model import ReadError

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The directory entry an encrypted OOXML package always has, as UTF-16-LE (the OLE directory encoding).
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")

_ASCII_LETTER = re.compile(r"[A-Za-z]")

OoxmlKind = Literal["docx", "xlsx"]
_KIND_WORDS: dict[str, tuple[str, str, str]] = {
    # kind: (what it is, the program, the legacy format)
    "docx": ("Word 文档（.docx）", "Word 或 WPS", "旧版 Word（.doc）"),
    "xlsx": ("Excel 工作簿（.xlsx）", "Excel 或 WPS", "旧版 Excel（.xls）"),
}


def check_ooxml_container(data: bytes, kind: OoxmlKind) -> None:
    """Raise a plain ReadError unless `data` is a ZIP package, as every .docx/.xlsx is.

    Office saves a password-protected .docx/.xlsx as an OLE compound file (D0 CF 11 E0), and an old
    .doc/.xls renamed to the new suffix is one too; neither can be read, but the user can fix both.
    """
    what, program, legacy = _KIND_WORDS[kind]
    suffix = "." + kind
    if data.startswith(OLE_SIGNATURE):
        if _ENCRYPTION_STREAM in data:
            raise ReadError(
                f"文件设置了打开密码（已加密），无法读取。请在 {program} 中打开它，"
                f"取消密码后另存为 {suffix}，再检查。"
            )
        raise ReadError(
            f"这其实是{legacy}文件，只是扩展名写成了 {suffix}。请用 {program} 打开后另存为 {suffix}，再检查。"
        )
    if not data.startswith(b"PK"):
        raise ReadError(f"文件已损坏，或者不是 {what}。请确认文件能用 {program} 正常打开，另存一份后再检查。")


def join_lines(lines: list[str]) -> str:
    """The text of a cell whose content wraps over several lines, as one line.

    Chinese has no spaces between words, so lines join with nothing; only where both sides of a break
    are Latin letters was the break a space between words.
    """
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if text and _ASCII_LETTER.match(text[-1]) and _ASCII_LETTER.match(line[0]):
            text += " "
        text += line
    return text
