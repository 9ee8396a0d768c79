"""Readers: one module per file format, each turning a file into a `Document`.

`read_document(path)` picks the reader by suffix. Every reader raises `ReadError` with a plain Chinese
reason (what is wrong and what to do) for a file it cannot read; it never writes to the input file.
.doc and .wps go through an installed office suite (`office`); a path through a .zip reads that
member of the archive (`archive`).
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


def _read_converted(path: Path) -> Document:
    from app.core.readers.office import read_converted

    return read_converted(path, _read_docx)


@dataclass(frozen=True)
class FileKind:
    """A kind of file the checker reads, as people name it, and the suffixes that have it."""

    kind: str  # `Document.kind` (a converted .doc reads as the .docx it becomes)
    name: str  # how the window and messages name it ("网页")
    suffixes: tuple[str, ...]
    read: Callable[[Path], Document]
    note: str = ""  # what reading it needs, said where the kinds are listed
    abbreviation: str = ""  # how short lists write it, when not the first suffix in capitals

    @property
    def short(self) -> str:
        """ "PDF", "DOC、WPS": the kind as the command line's help and short messages write it."""
        return self.abbreviation or self.suffixes[0].lstrip(".").upper()


# The one list of the files the checker reads: the readers, the pickers, the help and every message
# that names them are made from it.
FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("docx", "Word", (".docx",), _read_docx),
    FileKind(
        "doc",
        "旧版 Word 和 WPS 文字",
        (".doc", ".wps"),
        _read_converted,
        note="需本机装有 LibreOffice、Word 或 WPS",
        abbreviation="DOC、WPS",
    ),
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
# Reports inside a .zip are read too (`archive`): the lists below end with it.
ARCHIVE_SHORT = "ZIP"
# "DOCX、DOC、WPS、PDF、XLSX、HTML、TXT、ZIP" and "Word（.docx）、…纯文本（.txt、.md），以及装着这些文件的 ZIP 压缩包"
SUPPORTED_SHORT = "、".join((*(kind.short for kind in FILE_KINDS), ARCHIVE_SHORT))
SUPPORTED_NAMES = (
    "、".join(
        f"{kind.name}（{'、'.join(kind.suffixes)}{'；' + kind.note if kind.note else ''}）"
        for kind in FILE_KINDS
    )
    + f"，以及装着这些文件的 {ARCHIVE_SHORT} 压缩包"
)


def kind_name(kind: str) -> str:
    """ "html" → "网页": a Document's kind as people name it (the kind itself when unknown)."""
    return next((file_kind.name for file_kind in FILE_KINDS if file_kind.kind == kind), kind)


LEGACY_SUFFIXES = {
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
    return f"不支持的文件类型“{path.suffix or '无扩展名'}”：只能检查{SUPPORTED_NAMES}。"


def read_document(path: str | Path) -> Document:
    path = Path(path)
    reason = unsupported_reason(path)
    if reason:
        raise ReadError(reason)
    if not path.exists():
        from app.core.readers.archive import archive_of, read_member

        archive = archive_of(path)
        if archive is not None:
            return read_member(path, archive, READERS[path.suffix.lower()])
    if not path.is_file():
        raise ReadError("找不到文件，可能已被移动或删除。")
    if path.stat().st_size == 0:
        raise ReadError("文件是空的（0 字节），请确认文件是否完整。")
    return READERS[path.suffix.lower()](path)
