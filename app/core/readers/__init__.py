"""Readers: one module per file format, each turning a file into a `Document`.

`read_document(path)` picks the reader by suffix. Every reader raises `ReadError` with a plain Chinese
reason (what is wrong and what to do) for a file it cannot read; it never writes to the input file.
.doc and .wps go through an installed office suite (`office`); a path through a .zip reads that
member of the archive (`archive`).
"""

from __future__ import annotations

from collections.abc import Callable
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


READERS: dict[str, Callable[[Path], Document]] = {
    ".txt": _read_txt,
    ".md": _read_txt,  # the Markdown PDF-to-text tools write (tables as `|` rows or HTML <table>)
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".xlsx": _read_xlsx,
    ".html": _read_html,
    ".htm": _read_html,
    ".mht": _read_html,
    ".mhtml": _read_html,
    ".doc": _read_converted,
    ".wps": _read_converted,
}
SUPPORTED_SUFFIXES = tuple(READERS)
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
    return f"不支持的文件类型“{path.suffix or '无扩展名'}”：只能检查 TXT、DOC、DOCX、WPS、PDF、XLSX、网页（HTML、MHT）和 ZIP 压缩包里的这些文件。"


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
