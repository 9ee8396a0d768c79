"""What several readers share: opening an OOXML package safely, decoding text after a byte-order
mark, joining wrapped cell lines, joining text hard-wrapped at a fixed width.

`open_package` is the one door to a .docx/.xlsx: it tells an OLE file (encrypted, or an old .doc/.xls
renamed) from a ZIP, measures the package from its zip directory before anything is unpacked (a zip
bomb is refused before a byte of it is inflated: `zipfile` never yields more than a member's declared
size), and rewrites a Strict Open XML package (ISO 29500 Strict, "Strict Open XML 文档" in Word's Save
As list) into the Transitional namespaces python-docx and openpyxl understand.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import replace
from typing import Literal, TypeVar

from app.core.model import Paragraph, ReadError

# Hard wrapping: the longest line's length, at least this long, shared by at least this many lines and
# this share of the text lines (laid-out prose wraps at varying lengths, far below the share).
WRAP_MIN_WIDTH = 20
WRAP_MIN_LINES = 5
WRAP_SHARE = 0.5

_Block = TypeVar("_Block")

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


# Budgets no real report approaches: a 60-page report's document.xml is a few MB, its workbook sheets
# far less; images are the only large members and are never unpacked by the readers.
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_PACKAGE_BYTES = 150 * 1024 * 1024
MAX_MEMBERS = 5000
# Elements in one XML part: a 60-page report's document.xml has about 100,000, a 3,000-row table as
# Word formats it 15 per cell. Each costs the XML tree and the reader about 300 bytes, so this many
# stay within a few hundred megabytes; millions of tiny paragraphs are refused like a zip bomb.
MAX_XML_ELEMENTS = 1_500_000
TOO_COMPLEX = "文件过大或过于复杂"

# Every Strict Open XML namespace starts with this; a Transitional one never does.
_STRICT_MARK = b"http://purl.oclc.org/ooxml/"
# Strict Open XML namespace → the Transitional one the libraries read. The Strict relationship
# namespace is also the prefix of every Strict relationship type, so one replacement covers both.
_STRICT_NAMESPACES: tuple[tuple[bytes, bytes], ...] = tuple(
    (_STRICT_MARK + strict, b"http://schemas.openxmlformats.org/" + transitional)
    for strict, transitional in (
        (b"officeDocument/relationships", b"officeDocument/2006/relationships"),
        (b"officeDocument/extendedProperties", b"officeDocument/2006/extended-properties"),
        (b"officeDocument/customProperties", b"officeDocument/2006/custom-properties"),
        (b"officeDocument/docPropsVTypes", b"officeDocument/2006/docPropsVTypes"),
        (b"officeDocument/sharedTypes", b"officeDocument/2006/sharedTypes"),
        (b"officeDocument/customXml", b"officeDocument/2006/customXml"),
        (b"officeDocument/bibliography", b"officeDocument/2006/bibliography"),
        (b"officeDocument/math", b"officeDocument/2006/math"),
        (b"wordprocessingml/main", b"wordprocessingml/2006/main"),
        (b"spreadsheetml/main", b"spreadsheetml/2006/main"),
        (b"drawingml/wordprocessingDrawing", b"drawingml/2006/wordprocessingDrawing"),
        (b"drawingml/spreadsheetDrawing", b"drawingml/2006/spreadsheetDrawing"),
        (b"drawingml/picture", b"drawingml/2006/picture"),
        (b"drawingml/chart", b"drawingml/2006/chart"),
        (b"drawingml/main", b"drawingml/2006/main"),
    )
)

# What zipfile raises for a damaged package: a bad header or CRC, a broken deflate stream, a member
# that is encrypted or uses an unknown compression, a directory that points outside the file.
DAMAGED_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    KeyError,
)


def damaged_package(kind: OoxmlKind) -> ReadError:
    what, program, _ = _KIND_WORDS[kind]
    return ReadError(f"文件已损坏，或者不是 {what}。请确认文件能用 {program} 正常打开，另存一份后再检查。")


def too_complex(detail: str, what: str) -> ReadError:
    """The plain answer when a file exceeds a budget: which limit, and what the reviewer can do."""
    return ReadError(
        f"{TOO_COMPLEX}（{detail}），检查器没有读取它，以免卡住。年度报告不会这么大，"
        f"请确认选择的是报告本身；如果是，请用 {what} 打开后另存一份再检查。"
    )


def open_package(data: bytes, kind: OoxmlKind, measured_by_reader: tuple[str, ...] = ()) -> bytes:
    """The bytes of a .docx/.xlsx ready for its library: checked, measured, Strict made Transitional.

    Parts whose names start with `measured_by_reader` are left out of the size and element budgets:
    the reader streams them with a budget of its own (the XLSX reader inflates its sheets chunk by
    chunk, dropping the empty styled cells that make a formatted sheet large). Raises `ReadError`
    for an OLE file, something that is not a ZIP, or a package past the budgets.
    """
    check_ooxml_container(data, kind)
    try:
        return _measured(data, kind, measured_by_reader)
    except (ReadError, MemoryError, RecursionError):
        raise
    except DAMAGED_ZIP_ERRORS as error:
        raise damaged_package(kind) from error


def _measured(data: bytes, kind: OoxmlKind, measured_by_reader: tuple[str, ...]) -> bytes:
    _, program, _ = _KIND_WORDS[kind]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = package.infolist()
        if len(members) > MAX_MEMBERS:
            raise too_complex(f"压缩包里有 {len(members)} 个部件", program)
        total = 0
        for member in members:
            if member.filename.startswith(measured_by_reader):
                continue
            if member.file_size > MAX_MEMBER_BYTES:
                size = member.file_size // (1024 * 1024)
                raise too_complex(f"其中的 {member.filename} 解压后有 {size} MB", program)
            total += member.file_size
        if total > MAX_PACKAGE_BYTES:
            raise too_complex(f"解压后共 {total // (1024 * 1024)} MB", program)
        for member in members:
            if member.filename.startswith(measured_by_reader) or not member.filename.endswith(".xml"):
                continue
            if _element_count(package, member) > MAX_XML_ELEMENTS:
                raise too_complex(f"其中的 {member.filename} 有超过 {MAX_XML_ELEMENTS} 个元素", program)
        if _is_strict(package):
            return _as_transitional(package)
    return data


def _element_count(package: zipfile.ZipFile, member: zipfile.ZipInfo) -> int:
    """About how many elements an XML part holds (start tags), counted chunk by chunk as it inflates."""
    count = 0
    with package.open(member) as stream:
        while chunk := stream.read(1024 * 1024):
            count += chunk.count(b"<") - chunk.count(b"</")
    return count


def _is_strict(package: zipfile.ZipFile) -> bool:
    """Strict packages point at their main part with a purl.oclc.org relationship type."""
    try:
        relationships = package.read("_rels/.rels")
    except KeyError:
        return False
    return _STRICT_MARK in relationships


def _as_transitional(package: zipfile.ZipFile) -> bytes:
    """A copy of a Strict package with every XML part's namespaces rewritten to Transitional ones."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in package.infolist():
            content = package.read(member)
            if member.filename.endswith((".xml", ".rels")) and _STRICT_MARK in content:
                for strict, transitional in _STRICT_NAMESPACES:
                    content = content.replace(strict, transitional)
            copy.writestr(member.filename, content)
    return out.getvalue()


def decode_marked(data: bytes) -> str | None:
    """Text that starts with a byte-order mark (UTF-8, UTF-16 LE or BE), decoded; None without one."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    return None


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


def _columns(line: str) -> int:
    """Display width: a CJK (wide) character takes two columns, as a fixed-width wrap counts it."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def wrap_test(lines: list[str]) -> Callable[[str], bool] | None:
    """Whether a line is a full line of a fixed-width wrap, or None when the text was not hard-wrapped.

    The wrap counts characters or display columns; counting columns, a line may stop one short of the
    width (a wide character does not fit in the last column)."""
    text_lines = [line for line in lines if line.strip()]
    for measure, slack in ((len, 0), (_columns, 1)):
        lengths = [measure(line) for line in text_lines]
        if not lengths:
            return None
        width = max(lengths)
        full = sum(1 for length in lengths if length >= width - slack)
        if width >= WRAP_MIN_WIDTH and full >= WRAP_MIN_LINES and full >= WRAP_SHARE * len(lengths):
            return lambda line, measure=measure, width=width, slack=slack: measure(line) >= width - slack
    return None


def join_hard_wrapped(
    blocks: list[_Block],
    line_of: Callable[[Paragraph], str],
    follows: Callable[[Paragraph, Paragraph], bool],
) -> list[_Block]:
    """Text hard-wrapped at a fixed width (a crawler's or a mail client's output, a web page's <pre> or
    <br> lines) joined back: a full line of the wrapping width runs on into the paragraph that
    `follows` it, with nothing inserted (a CJK line is cut between characters, a number between
    digits), so a heading or a number cut in two is whole again. Text not hard-wrapped is untouched."""
    full_line = wrap_test([line_of(block) for block in blocks if isinstance(block, Paragraph)])
    if full_line is None:
        return blocks
    joined: list[_Block] = []
    last: Paragraph | None = None  # the paragraph as read that ended the previous block, if it runs on
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            last is not None
            and isinstance(block, Paragraph)
            and isinstance(previous, Paragraph)
            and follows(last, block)
        ):
            joined[-1] = replace(previous, text=previous.text + block.text)  # type: ignore[assignment]
        else:
            joined.append(block)
        last = block if isinstance(block, Paragraph) and full_line(line_of(block)) else None
    return joined
