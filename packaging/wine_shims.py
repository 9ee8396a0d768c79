"""Stand-ins for two Windows system DLLs that Wine 8 lacks, for running the Windows app under Wine.

`icuuc.dll`:

Qt 6 for Windows links `Qt6Core.dll` against the ICU that Windows 10 (1903 and later) ships in
System32 as `icuuc.dll`, for the converters of legacy encodings (`ucnv_*`, behind QStringConverter).
Wine does not provide that DLL, so without it no Qt module loads under Wine at all. This module writes a
tiny 64-bit DLL exporting the functions Qt imports from it, each of which fails the way ICU fails when it
has no converter data: `ucnv_open` returns NULL with U_FILE_ACCESS_ERROR, the listings are empty, and
everything else (only reachable through a converter, which never exists) returns 0. Qt then falls back to
its built-in codecs (UTF-8/16/32, Latin-1, the system code page), which is all the app uses: the core
reads files with Python's codecs, not Qt's.

`bcryptprimitives.dll`: cryptography's Rust extension (AES for encrypted PDFs) imports `ProcessPrng`,
the random source of Windows 10 and later (Rust's standard library uses it); Wine 8 has no such DLL and
the extension fails to load. The stand-in forwards `ProcessPrng` to `advapi32.SystemFunction036`
(RtlGenRandom), which Wine has: same arguments (buffer, length), a true result.

The DLLs go into the Wine prefix's system32, like the real ones on Windows, so they are never bundled:
PyInstaller leaves system DLLs out. Written in Python, byte by byte, so the build needs no Windows
toolchain; `pefile` (a build dependency) reads them back in the tests.
"""

from __future__ import annotations

import struct
from pathlib import Path

# Windows x64 calling convention: the first arguments are in rcx, rdx, r8, r9; the result in rax.
RETURN_ZERO = bytes.fromhex("31c0c3")  # xor eax, eax; ret
# ucnv_open(name, UErrorCode *err): if (err) *err = U_FILE_ACCESS_ERROR (4); return NULL
OPEN_FAILS = bytes.fromhex("4885d27406c7020400000031c0c3")
# ucnv_getStandardName(name, standard, UErrorCode *err): the same, with err in r8
STANDARD_NAME_FAILS = bytes.fromhex("4d85c0740741c7000400000031c0c3")

# Every symbol Qt6Core.dll imports from icuuc.dll (Qt 6.11), with its stub.
EXPORTS: dict[str, bytes] = {
    "UCNV_FROM_U_CALLBACK_SUBSTITUTE": RETURN_ZERO,
    "UCNV_TO_U_CALLBACK_SUBSTITUTE": RETURN_ZERO,
    "ucnv_cbFromUWriteUChars": RETURN_ZERO,
    "ucnv_cbToUWriteUChars": RETURN_ZERO,
    "ucnv_close": RETURN_ZERO,
    "ucnv_countAvailable": RETURN_ZERO,
    "ucnv_fromUCountPending": RETURN_ZERO,
    "ucnv_fromUnicode": RETURN_ZERO,
    "ucnv_getAvailableName": RETURN_ZERO,
    "ucnv_getFromUCallBack": RETURN_ZERO,
    "ucnv_getMaxCharSize": RETURN_ZERO,
    "ucnv_getName": RETURN_ZERO,
    "ucnv_getStandardName": STANDARD_NAME_FAILS,
    "ucnv_getToUCallBack": RETURN_ZERO,
    "ucnv_open": OPEN_FAILS,
    "ucnv_reset": RETURN_ZERO,
    "ucnv_setFromUCallBack": RETURN_ZERO,
    "ucnv_setToUCallBack": RETURN_ZERO,
    "ucnv_toUCountPending": RETURN_ZERO,
    "ucnv_toUnicode": RETURN_ZERO,
}

# name -> {export: machine code, or "dll.function" for a forwarded export}
DLLS: dict[str, dict[str, bytes | str]] = {
    "icuuc.dll": dict(EXPORTS),
    "bcryptprimitives.dll": {"ProcessPrng": "advapi32.SystemFunction036"},
}
IMAGE_BASE = 0x6A000000
SECTION_RVA = 0x1000
FILE_ALIGNMENT = 0x200
SECTION_ALIGNMENT = 0x1000


def _align(value: int, alignment: int) -> int:
    return (value + alignment - 1) // alignment * alignment


def build_dll(dll_name: str, exports: dict[str, bytes | str]) -> bytes:
    """A PE32+ DLL with one executable section holding the stubs and the export table."""
    names = sorted(exports, key=lambda name: name.encode("ascii"))  # the loader binary-searches them
    body = bytearray()
    code_rva: dict[str, int] = {}
    for name in names:
        code = exports[name]
        if isinstance(code, str):
            continue  # forwarded: placed in the export table below
        while len(body) % 16:
            body.append(0xCC)  # int3 between functions
        code_rva[name] = SECTION_RVA + len(body)
        body += code
    while len(body) % 16:
        body.append(0)

    count = len(names)
    export_dir_rva = SECTION_RVA + len(body)
    functions_rva = export_dir_rva + 40
    names_rva = functions_rva + 4 * count
    ordinals_rva = names_rva + 4 * count
    strings_rva = ordinals_rva + 2 * count
    strings = bytearray(dll_name.encode("ascii") + b"\0")
    name_rvas = []
    for name in names:
        name_rvas.append(strings_rva + len(strings))
        strings += name.encode("ascii") + b"\0"
    for name in names:
        target = exports[name]
        if isinstance(target, str):
            # A forwarder: the function's address points at "dll.function" inside the export table.
            code_rva[name] = strings_rva + len(strings)
            strings += target.encode("ascii") + b"\0"
    export_dir = struct.pack(
        "<IIHHIIIIIII", 0, 0, 0, 0, strings_rva, 1, count, count, functions_rva, names_rva, ordinals_rva
    )
    body += export_dir
    body += b"".join(struct.pack("<I", code_rva[name]) for name in names)
    body += b"".join(struct.pack("<I", rva) for rva in name_rvas)
    body += b"".join(struct.pack("<H", index) for index in range(count))
    body += strings
    export_size = SECTION_RVA + len(body) - export_dir_rva

    raw_size = _align(len(body), FILE_ALIGNMENT)
    headers_size = FILE_ALIGNMENT
    image_size = SECTION_RVA + _align(len(body), SECTION_ALIGNMENT)

    dos = bytearray(64)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, 64)  # e_lfanew: the PE header follows at once
    coff = struct.pack(
        "<HHIIIHH",
        0x8664,  # AMD64
        1,  # one section
        0,
        0,
        0,
        240,  # size of the PE32+ optional header
        0x2022,  # executable image, large-address aware, DLL (relocatable: it has no absolute address)
    )
    directories = [(0, 0)] * 16
    directories[0] = (export_dir_rva, export_size)
    optional = struct.pack(
        "<HBBIIIIIQIIHHHHHHIIIIHHQQQQII",
        0x20B,  # PE32+
        1,
        0,
        raw_size,  # size of code
        0,
        0,
        0,  # no entry point: a DLL may have none
        SECTION_RVA,
        IMAGE_BASE,
        SECTION_ALIGNMENT,
        FILE_ALIGNMENT,
        6,
        0,
        0,
        0,
        6,
        0,
        0,
        image_size,
        headers_size,
        0,
        3,  # console subsystem (never used for a DLL)
        0x0140,  # dynamic base, NX compatible
        0x100000,
        0x1000,
        0x100000,
        0x1000,
        0,
        16,
    ) + b"".join(struct.pack("<II", rva, size) for rva, size in directories)
    section = struct.pack(
        "<8sIIIIIIHHI",
        b".text",
        len(body),
        SECTION_RVA,
        raw_size,
        headers_size,
        0,
        0,
        0,
        0,
        0x60000060,  # code, initialised data, execute, read
    )
    headers = bytes(dos) + b"PE\0\0" + coff + optional + section
    headers += b"\0" * (headers_size - len(headers))
    return headers + bytes(body) + b"\0" * (raw_size - len(body))


def install(system32: Path) -> list[Path]:
    """Writes the stand-ins into a Wine prefix's system32, leaving alone a real DLL of the same name."""
    written = []
    for name, exports in DLLS.items():
        target = system32 / name
        data = build_dll(name, exports)
        if target.is_file() and target.read_bytes() != data and target.stat().st_size > 16 * 1024:
            continue  # a real one (a newer Wine's, or one put there by hand): keep it
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        written.append(target)
    return written
