"""Makes an .xlsx package safe to hand to openpyxl: measured, and trimmed to the cells holding data.

A worksheet part is inflated in chunks and trimmed as it streams (`_stream_sheet`): a sheet whose
author formatted whole columns or a million rows is tens of megabytes of empty styled cells, which
cost a pass of the regular expressions and no memory. Its size on disk refuses nothing: only a part
past `MAX_SHEET_BYTES` inflated (minutes of work) or one row longer than `MAX_ITEM_BYTES` is refused.
The shared strings stream the same way, keeping only the strings a kept cell shows.

openpyxl materialises what a sheet's XML describes: a Cell object for every styled empty cell, a
MergedCell for every cell a merged range covers (`L1:L1048576` is a million objects, `A1:XFD1048576`
seventeen billion), a RowDimension for every formatted empty row. None of that holds a value. So before
openpyxl sees a worksheet part, its empty cells and rows are dropped, its merged ranges are clipped to
the rectangle of cells that hold something, and its `<dimension>` is dropped (openpyxl recomputes it);
what remains is counted against a budget no real report approaches. The work is a few regular-expression
passes over each part, linear in its size (itself bounded by `common.open_package`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from app.core.readers.common import DAMAGED_ZIP_ERRORS, damaged_package, open_package, too_complex

# A report's sheets hold hundreds of cells; this many is a data dump or a crafted file.
MAX_CELLS = 50_000
# A worksheet part, inflated: the formatting of every row of a sheet is about 60-200 MB and streams
# through in seconds; past this the time, not the memory, is what the reviewer would wait for.
MAX_SHEET_BYTES = 2 * 1024**3
# One row or one shared string as written (16,384 styled cells are about 500 KB): the most that is
# held before trimming.
MAX_ITEM_BYTES = 32 * 1024 * 1024
# Shared strings streamed past (each costs a regular-expression match and a call).
MAX_SHARED_STRINGS = 10_000_000
# What a sheet holds once its empty cells are gone: a report's sheets are far below this.
MAX_KEPT_BYTES = 64 * 1024 * 1024
_CHUNK_BYTES = 4 * 1024 * 1024
_PROGRAM = "Excel 或 WPS"

_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
# Cells and rows that hold nothing: `<c r="B2" s="3"/>`, `<c r="B2" s="3"></c>`, `<row r="9" s="1"/>`.
_EMPTY_CELL = re.compile(rb"<" + _PREFIX + rb"c\b[^>]*/>|<" + _PREFIX + rb"c\b[^>]*>\s*</" + _PREFIX + rb"c>")
_EMPTY_ROW = re.compile(
    rb"<" + _PREFIX + rb"row\b[^>]*/>|<" + _PREFIX + rb"row\b[^>]*>\s*</" + _PREFIX + rb"row>"
)
# A cell that holds something (not self-closing), with its attributes; and the reference among them.
_FULL_CELL = re.compile(rb"<" + _PREFIX + rb"c\b([^>]*)(?<!/)>")
_REFERENCE = re.compile(rb"\sr\s*=\s*[\"']([A-Za-z]{1,3})([0-9]{1,7})[\"']")
_MERGE = re.compile(rb"<" + _PREFIX + rb"mergeCell\b[^>]*?\sref=\"([^\"]*)\"[^>]*/>")
_DIMENSION = re.compile(rb"<" + _PREFIX + rb"dimension\b[^>]*/>")
_ROW_START = re.compile(rb"<" + _PREFIX + rb"row[\s>/]")
_SHEETS = "xl/worksheets/"
_SHARED_STRINGS = "xl/sharedStrings.xml"
_SHARED_START = re.compile(rb"<" + _PREFIX + rb"si[\s>/]")
_SHARED_ITEM = re.compile(
    rb"<(" + _PREFIX + rb")si\b[^>]*/>|<(" + _PREFIX + rb")si\b[^>]*>.*?</" + _PREFIX + rb"si>", re.DOTALL
)
_CELL_CONTENT = re.compile(rb"<" + _PREFIX + rb"c\b([^>]*)(?<!/)>(.*?)</" + _PREFIX + rb"c>", re.DOTALL)
_SHARED_TYPE = re.compile(rb"\st\s*=\s*[\"']s[\"']")
_VALUE = re.compile(rb"<" + _PREFIX + rb"v>\s*([0-9]{1,9})\s*</" + _PREFIX + rb"v>")
_FORMULA = re.compile(rb"<" + _PREFIX + rb"f[\s>/]")


@dataclass(frozen=True)
class TidyPackage:
    """The package openpyxl should load, and whether any sheet holds a formula."""

    data: bytes
    has_formulas: bool


@dataclass
class _Extent:
    """The rectangle of a sheet's cells that hold something, 1-based inclusive."""

    first_row: int = 0
    last_row: int = 0
    first_column: int = 0
    last_column: int = 0

    @property
    def empty(self) -> bool:
        return self.last_row == 0


def tidy_package(data: bytes) -> TidyPackage:
    """`data` (an .xlsx) checked and measured, Strict made Transitional, its sheets trimmed.

    Raises `ReadError` for a file that is not a workbook or exceeds a budget.
    """
    data = open_package(data, "xlsx", measured_by_reader=(_SHEETS, _SHARED_STRINGS))
    try:
        return _tidied(data)
    except DAMAGED_ZIP_ERRORS as error:
        raise damaged_package("xlsx") from error


def _is_sheet(member: zipfile.ZipInfo) -> bool:
    return member.filename.startswith(_SHEETS) and member.filename.endswith(".xml")


def _tidied(data: bytes) -> TidyPackage:
    has_formulas = False
    cells = 0
    sheets: dict[str, bytes] = {}
    shared: set[int] = set()  # the shared strings a kept cell shows
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as package,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        members = package.infolist()
        for member in members:  # the sheets first: they say which shared strings are used
            if _is_sheet(member):
                content = _stream_sheet(package, member)
            elif member.filename.endswith(".xml") and member.filename != _SHARED_STRINGS:
                content = package.read(member)  # measured by open_package; a sheet kept elsewhere
                if b"sheetData" not in content:
                    continue
            else:
                continue
            content, count = _tidy_sheet(content)
            cells += count
            if cells > MAX_CELLS:
                raise too_complex(f"工作表中有超过 {MAX_CELLS} 个单元格", _PROGRAM)
            has_formulas = has_formulas or bool(_FORMULA.search(content))
            shared.update(_shared_indexes(content))
            sheets[member.filename] = content
        renumbered = {old: new for new, old in enumerate(sorted(shared))}
        for member in members:
            if member.filename in sheets:
                content = _renumber_shared(sheets[member.filename], renumbered)
            elif member.filename == _SHARED_STRINGS:
                content = _stream_shared_strings(package, member, shared)
            else:
                content = package.read(member)
            copy.writestr(member, content, compresslevel=1)
    return TidyPackage(out.getvalue(), has_formulas)


def _streamed(
    package: zipfile.ZipFile, member: zipfile.ZipInfo, item: re.Pattern[bytes], trim: Callable[[bytes], bytes]
) -> bytes:
    """A part inflated chunk by chunk and trimmed as it comes.

    Each chunk is cut before the start tag of its last `item` (a row, a shared string; the rest waits
    for the next chunk), so every element `trim` drops lies whole inside the piece it is given.
    """
    if member.file_size > MAX_SHEET_BYTES:
        raise too_complex(f"其中的 {member.filename} 解压后有 {member.file_size // 1024**2} MB", _PROGRAM)
    pieces: list[bytes] = []
    waiting = b""
    inflated = kept = 0

    def keep(xml: bytes) -> None:
        nonlocal kept
        piece = trim(xml)
        kept += len(piece)
        if kept > MAX_KEPT_BYTES:
            raise too_complex(f"{member.filename} 中的内容超过 {MAX_KEPT_BYTES // 1024**2} MB", _PROGRAM)
        pieces.append(piece)

    with package.open(member) as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            inflated += len(chunk)
            if inflated > MAX_SHEET_BYTES:  # a directory that understates the size
                raise too_complex(
                    f"其中的 {member.filename} 解压后超过 {MAX_SHEET_BYTES // 1024**2} MB", _PROGRAM
                )
            waiting += chunk
            cut = _last_start(item, waiting, max(0, len(waiting) - len(chunk) - 16))
            if cut == 0:
                if len(waiting) > MAX_ITEM_BYTES:
                    raise too_complex(
                        f"{member.filename} 中有一项超过 {MAX_ITEM_BYTES // 1024**2} MB", _PROGRAM
                    )
                continue
            keep(waiting[:cut])
            waiting = waiting[cut:]
    keep(waiting)
    return b"".join(pieces)


def _last_start(item: re.Pattern[bytes], xml: bytes, since: int) -> int:
    """Where the last start tag of `item` from `since` on begins; 0 when there is none."""
    last = 0
    for match in item.finditer(xml, since):
        last = match.start()
    return last


def _stream_sheet(package: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """A worksheet part without its empty cells and rows, dropped as it streams; a data dump is
    refused as it comes, never held whole."""
    cells = 0

    def trim(xml: bytes) -> bytes:
        nonlocal cells
        piece = _EMPTY_ROW.sub(b"", _EMPTY_CELL.sub(b"", xml))
        cells += sum(1 for _ in _FULL_CELL.finditer(piece))
        if cells > MAX_CELLS:
            raise too_complex(f"一个工作表中有超过 {MAX_CELLS} 个单元格", _PROGRAM)
        return piece

    return _streamed(package, member, _ROW_START, trim)


def _shared_indexes(sheet: bytes) -> Iterator[int]:
    """The shared strings the cells of a trimmed sheet show (`<c t="s"><v>index</v></c>`)."""
    for cell in _CELL_CONTENT.finditer(sheet):
        if _SHARED_TYPE.search(cell.group(1)) and (value := _VALUE.search(cell.group(2))):
            yield int(value.group(1))


def _renumber_shared(sheet: bytes, renumbered: dict[int, int]) -> bytes:
    """A trimmed sheet whose shared-string cells point into the shared strings as `_stream_shared_strings`
    keeps them (only the strings some cell shows, in their order)."""

    def cell(match: re.Match[bytes]) -> bytes:
        if not _SHARED_TYPE.search(match.group(1)):
            return match.group(0)
        value = _VALUE.search(match.group(2))
        if value is None:
            return match.group(0)
        new = b"%d" % renumbered[int(value.group(1))]
        content = match.group(2)[: value.start(1)] + new + match.group(2)[value.end(1) :]
        return (
            match.group(0)[: match.start(2) - match.start(0)]
            + content
            + match.group(0)[match.end(2) - match.start(0) :]
        )

    return _CELL_CONTENT.sub(cell, sheet)


def _stream_shared_strings(package: zipfile.ZipFile, member: zipfile.ZipInfo, used: set[int]) -> bytes:
    """The shared-strings part with only the strings some kept cell shows, as it streams: a table of a
    million strings, or one a program never cleaned up, costs a pass, not a million strings in memory.
    A cell pointing past the table still points past it (the workbook is damaged, as before)."""
    count = 0

    def trim(xml: bytes) -> bytes:
        def kept(match: re.Match[bytes]) -> bytes:
            nonlocal count
            count += 1
            if count > MAX_SHARED_STRINGS:
                raise too_complex(f"共享字符串超过 {MAX_SHARED_STRINGS} 个", _PROGRAM)
            return match.group(0) if count - 1 in used else b""

        return _SHARED_ITEM.sub(kept, xml)

    return _streamed(package, member, _SHARED_START, trim)


def _tidy_sheet(xml: bytes) -> tuple[bytes, int]:
    """A worksheet part without empty cells and rows, merges clipped; and its count of cells."""
    xml = _EMPTY_CELL.sub(b"", xml)
    xml = _EMPTY_ROW.sub(b"", xml)
    extent = _Extent()
    count = 0
    unplaced = False
    for match in _FULL_CELL.finditer(xml):
        count += 1
        if count > MAX_CELLS:
            raise too_complex(f"一个工作表中有超过 {MAX_CELLS} 个单元格", _PROGRAM)
        reference = _REFERENCE.search(match.group(1))
        if reference is None:
            unplaced = True
            continue
        _widen(extent, int(reference.group(2)), column_index_from_string(reference.group(1).decode("ascii")))
    if unplaced:
        # Cells may omit `r` (each follows the one before); then the extent cannot be told cheaply,
        # so the merges stay as written and only their total area is bounded below.
        extent = _Extent(1, 1_048_576, 1, 16_384)
    merged_area = 0

    def clip(match: re.Match[bytes]) -> bytes:
        nonlocal merged_area
        clipped = _clip_range(match.group(1).decode("ascii", "replace"), extent)
        if clipped is None:
            return b""
        reference, area = clipped
        merged_area += area
        if merged_area > MAX_CELLS:
            raise too_complex(f"合并单元格共覆盖超过 {MAX_CELLS} 个单元格", _PROGRAM)
        return match.group(0).replace(match.group(1), reference.encode("ascii"))

    xml = _MERGE.sub(clip, xml)
    xml = _DIMENSION.sub(b"", xml)
    return xml, count


def _widen(extent: _Extent, row: int, column: int) -> None:
    if extent.empty:
        extent.first_row, extent.last_row, extent.first_column, extent.last_column = row, row, column, column
        return
    extent.first_row = min(extent.first_row, row)
    extent.last_row = max(extent.last_row, row)
    extent.first_column = min(extent.first_column, column)
    extent.last_column = max(extent.last_column, column)


def _clip_range(reference: str, extent: _Extent) -> tuple[str, int] | None:
    """A merged range cut to the extent, with its area; None when nothing of it holds data."""
    try:
        first_column, first_row, last_column, last_row = range_boundaries(reference)
    except (ValueError, TypeError):
        return None  # a malformed reference: openpyxl would fail on it, and it merges nothing we read
    if None in (first_column, first_row, last_column, last_row) or extent.empty:
        return None
    top, left = max(first_row, extent.first_row), max(first_column, extent.first_column)
    bottom, right = min(last_row, extent.last_row), min(last_column, extent.last_column)
    if (
        top > bottom
        or left > right
        or (top, left) != (first_row, first_column)
        or (top, left) == (bottom, right)
    ):
        # Outside the data, or its top-left (where the value is) holds nothing, or one cell: no merge.
        return None
    reference = f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"
    return reference, (bottom - top + 1) * (right - left + 1)
