"""Readers: one module per file format, each turning a file into a `Document`.

`read_document(path)` picks the reader by suffix. Every reader raises `ReadError` with a plain Chinese
reason (what is wrong and what to do) for a file it cannot read; it never writes to the input file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.model import Document, ReadError


# Each reader is imported when first used: pdfplumber and python-docx take a while to import, and the
# window should appear before they are needed.
def _read_txt(path: Path) -> Document:
    from app.core.readers.txt_reader import read_txt

    return read_txt(path)


def _read_docx(path: Path) -> Document:
    from app.core.readers.docx_reader import read_docx

    return read_docx(path)


def _read_pdf(path: Path) -> Document:
    from app.core.readers.pdf_reader import read_pdf

    return read_pdf(path)


def _read_xlsx(path: Path) -> Document:
    from app.core.readers.xlsx_reader import read_xlsx

    return read_xlsx(path)


def _read_html(path: Path) -> Document:
    from app.core.readers.html_reader import read_html

    return read_html(path)


@dataclass(frozen=True)
class FileKind:
    """A kind of file the checker reads, as people name it, and the suffixes that have it."""

    kind: str  # `Document.kind`
    name: str  # how the window and messages name it ("网页")
    suffixes: tuple[str, ...]
    read: Callable[[Path], Document]

    @property
    def short(self) -> str:
        return self.kind.upper()


# The one list of the files the checker reads: the readers, the pickers, the help and every message
# that names them are made from it.
FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("docx", "Word", (".docx",), _read_docx),
    FileKind("pdf", "PDF", (".pdf",), _read_pdf),
    FileKind("xlsx", "Excel", (".xlsx",), _read_xlsx),
    FileKind("html", "网页", (".html", ".htm", ".mht", ".mhtml"), _read_html),
    # .md: what the Markdown PDF-to-text tools write (tables as `|` rows or HTML <table>)
    FileKind("txt", "纯文本", (".txt", ".md"), _read_txt),
)
READERS: dict[str, Callable[[Path], Document]] = {
    suffix: kind.read for kind in FILE_KINDS for suffix in kind.suffixes
}
SUPPORTED_SUFFIXES = tuple(READERS)
# "DOCX、PDF、XLSX、HTML、TXT" and "Word（.docx）、…和纯文本（.txt、.md）"
SUPPORTED_SHORT = "、".join(kind.short for kind in FILE_KINDS)
SUPPORTED_NAMES = (
    "、".join(f"{kind.name}（{'、'.join(kind.suffixes)}）" for kind in FILE_KINDS[:-1])
    + f"和{FILE_KINDS[-1].name}（{'、'.join(FILE_KINDS[-1].suffixes)}）"
)


def kind_name(kind: str) -> str:
    """ "html" → "网页": a Document's kind as people name it (the kind itself when unknown)."""
    return next((file_kind.name for file_kind in FILE_KINDS if file_kind.kind == kind), kind)


LEGACY_SUFFIXES = {
    ".doc": "这是旧版 Word（.doc）文件，请用 Word 或 WPS 另存为 .docx 后再检查。",
    ".wps": "这是 WPS 文字（.wps）文件，请用 WPS 另存为 .docx 后再检查。",
    ".xls": "这是旧版 Excel（.xls）文件，请用 Excel 或 WPS 另存为 .xlsx 后再检查。",
    ".et": "这是 WPS 表格（.et）文件，请用 WPS 另存为 .xlsx 后再检查。",
}


def unsupported_reason(path: Path) -> str | None:
    """Why a file cannot be checked, judged by its name alone; None for a supported file."""
    suffix = path.suffix.lower()
    if suffix in READERS:
        return None
    if suffix in LEGACY_SUFFIXES:
        return LEGACY_SUFFIXES[suffix]
    return f"不支持的文件类型“{path.suffix or '无扩展名'}”：只能检查{SUPPORTED_NAMES}文件。"


def read_document(path: str | Path) -> Document:
    path = Path(path)
    reason = unsupported_reason(path)
    if reason:
        raise ReadError(reason)
    if not path.is_file():
        raise ReadError("找不到文件，可能已被移动或删除。")
    if path.stat().st_size == 0:
        raise ReadError("文件是空的（0 字节），请确认文件是否完整。")
    return READERS[path.suffix.lower()](path)
