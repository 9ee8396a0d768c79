"""read_pdf: a PDF report as a Document, everything read through PDFium.

Per page: the characters and their angles (`text`), the reading space they imply (`geometry`), the
rules the page draws and its images (`geometry`), the table grids those rules form (`grid`); the
characters inside a grid become its cells (`tables`), the others lines of text. Then the printout in
the margins is dropped (`margins`) and the pages are assembled into paragraphs and joined tables
(`assemble`).

pdfminer is not used to read: it is several times slower than PDFium for the same characters and
gives up on files PDFium reads (a damaged cross-reference table, a stream it cannot close). Only
pdfplumber's grid arithmetic (crossing rules into cells) is used, on the rules found here.

A PDF without usable text raises ReadError in plain words: pages that are images (a scan), fonts
without a Unicode map (text that reads as "(cid:123)"), or pages with nothing on them at all.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from app.core.model import Document, ReaderNote, ReadError, Source
from app.core.readers.pdf.assemble import PageContent, assemble
from app.core.readers.pdf.geometry import Drawing, TooComplex, count_images, page_drawing, reading_space
from app.core.readers.pdf.grid import Grid, find_grids
from app.core.readers.pdf.margins import printout_lines
from app.core.readers.pdf.tables import PageTable, page_table
from app.core.readers.pdf.text import UNMAPPED, Char, Line, lines, page_text

MOSTLY_UNMAPPED = 0.5
OUTLINED_TEXT_PATHS = 50  # path objects on text-less pages past which the text was drawn as curves

# PDFium must never be entered from two threads at once, not even for different documents, and the
# window reads files on a thread pool.
_PDFIUM_LOCK = threading.Lock()

NO_TABLES = "第{page}页的表格线无法读取（{reason}），这一页只读取了文字，表格的数字无法核对。"


def read_pdf(path: Path) -> Document:
    data = path.read_bytes()
    with _PDFIUM_LOCK:
        pages = _read_pages(data)
    _check_text_layer(pages)
    _drop_printout(pages)
    notes = [note for page in pages for note in page.notes]
    notes.extend(_missing_text_notes(pages))
    blocks, doubts = assemble(pages)
    notes.extend(doubts)
    return Document(path=str(path), kind="pdf", blocks=tuple(blocks), notes=tuple(notes))


def _read_pages(data: bytes) -> list[PageContent]:
    document = _open_pdfium(data)
    pages: list[PageContent] = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                pages.append(_read_page(page, index + 1))
            finally:
                page.close()
    except (pdfium.PdfiumError, OSError, ValueError) as error:  # the content is damaged beyond reading
        raise ReadError(
            "PDF 文件内容已损坏，无法读取。请确认文件能用 PDF 阅读器正常打开，另存一份后再检查。"
            f"（{type(error).__name__}）"
        ) from error
    finally:
        document.close()
    return pages


def _open_pdfium(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_raw.FPDF_ERR_PASSWORD:
            raise ReadError("PDF 设置了打开密码，无法读取。请取消密码后另存一份，再检查。") from error
        raise ReadError(
            "PDF 文件已损坏，或者不是 PDF 文件。请确认文件能用 PDF 阅读器正常打开，另存一份后再检查。"
        ) from error


def _read_page(page: Any, number: int) -> PageContent:
    chars, space = page_text(page, lambda angles: reading_space(page, angles))
    notes: list[ReaderNote] = []
    # A page too complex to walk still draws something: it counts as a picture, not as a blank page.
    drawing, grids = Drawing([], 1), []
    try:
        drawing = page_drawing(page, space)
        grids = find_grids(drawing.rules, chars, space.height) if drawing.rules else []
    except TooComplex:
        notes.append(_no_tables_note(number, "图形过多"))
    except Exception as error:  # noqa: BLE001 — damaged drawing operators: keep the text, say so
        drawing = Drawing([], _safe_image_count(page))
        notes.append(_no_tables_note(number, type(error).__name__))
    content = _page_content(number, space.width, space.height, chars, grids)
    content.images, content.paths = drawing.images, drawing.paths
    content.notes.extend(notes)
    return content


def _safe_image_count(page: Any) -> int:
    try:
        return count_images(page)
    except Exception:  # noqa: BLE001 — only used to word a message
        return 0


def _no_tables_note(page: int, reason: str) -> ReaderNote:
    # With no block named, the note makes the whole reading doubtful: a table the page held is missing,
    # and no error may be raised because of what could not be read.
    return ReaderNote(NO_TABLES.format(page=page, reason=reason), Source(page=page), doubt=True)


def _page_content(
    number: int, width: float, height: float, chars: list[Char], grids: list[Grid]
) -> PageContent:
    in_cells: list[dict[tuple[int, int], list[Char]]] = [{} for _ in grids]
    outside: list[Char] = []
    for char in chars:
        for table_index, grid in enumerate(grids):
            if grid.contains(char):
                cell = grid.place(char)
                if cell is not None:
                    in_cells[table_index].setdefault(cell, []).append(char)
                break
        else:
            outside.append(char)
    items: list[Line | PageTable] = [*lines(outside, number)]
    items.extend(page_table(number, grid, cells) for grid, cells in zip(grids, in_cells, strict=True))
    items.sort(key=lambda item: item.top)
    unmapped = sum(1 for char in chars if char.text == UNMAPPED)
    content = PageContent(number, width, height, items, len(chars), unmapped)
    if 0 < unmapped <= len(chars) * MOSTLY_UNMAPPED:
        content.notes.append(
            ReaderNote(
                message=f"第{number}页有 {unmapped} 个字符的字体缺少 Unicode 映射，"
                f"读出为“{UNMAPPED}”，这些文字无法检查。",
                source=Source(page=number),
            )
        )
    return content


def _drop_printout(pages: list[PageContent]) -> None:
    page_lines = [([item for item in page.items if isinstance(item, Line)], page.height) for page in pages]
    dropped = printout_lines(page_lines)
    for page in pages:
        page.items = [item for item in page.items if id(item) not in dropped]


def _check_text_layer(pages: list[PageContent]) -> None:
    characters = sum(page.characters for page in pages)
    unmapped = sum(page.unmapped for page in pages)
    if characters == 0:
        if any(page.images for page in pages):
            raise ReadError(
                "这个 PDF 没有可用的文字层（每页都只是图片，多半是扫描件），无法读取文字。"
                "请向报送单位索取 Word 文件，或由 Word/WPS 直接导出的 PDF，再检查。"
            )
        if sum(page.paths for page in pages) >= OUTLINED_TEXT_PATHS:
            raise ReadError(
                "这个 PDF 没有可用的文字层：页面上只有线条和图形，文字多半被转成了曲线，无法读取文字。"
                "请向报送单位索取 Word 文件，或由 Word/WPS 直接导出的 PDF，再检查。"
            )
        raise ReadError(
            f"这个 PDF 的每一页都是空白的（共 {len(pages)} 页，没有文字也没有图片），没有可检查的内容。"
            "请确认导出或上传的是报告本身，再检查。"
        )
    if unmapped > characters * MOSTLY_UNMAPPED:
        raise ReadError(
            "这个 PDF 没有可用的文字层：所用字体缺少 Unicode 映射，文字读出来是乱码。"
            "请向报送单位索取 Word 文件，或由 Word/WPS 直接导出的 PDF，再检查。"
        )


def _missing_text_notes(pages: list[PageContent]) -> list[ReaderNote]:
    """One note for all the pages that are only a picture (a scan), their runs named together
    ("第3至9页、第12页"): seven scanned pages are one thing to fix, not seven warnings."""
    scanned = [page.number for page in pages if page.characters == 0 and page.images]
    if not scanned:
        return []
    runs: list[list[int]] = []
    for number in scanned:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    where = "、".join(f"第{run[0]}页" if len(run) == 1 else f"第{run[0]}至{run[-1]}页" for run in runs)
    count = f"（共 {len(scanned)} 页）" if len(scanned) > 1 else ""
    these = "这些页" if len(scanned) > 1 else "这一页"
    return [
        ReaderNote(
            message=f"{where}{count}没有可读取的文字（可能是扫描的图片），{these}的内容没有检查。",
            source=Source(page=scanned[0]),
        )
    ]
