"""Old Word (.doc) and WPS (.wps) files, read by converting them to .docx with an office suite.

The checker cannot read the binary formats itself; an office suite on the machine can. Where one is
present the file is converted into a temporary folder and read like any .docx; the Document keeps the
original's path, so the window, the workbook and the exports name the file the reviewer received.

- LibreOffice (any system): `soffice --headless --convert-to docx`, with a profile of its own in the
  temporary folder, so a LibreOffice the reviewer has open is neither used nor disturbed.
- Word or WPS on Windows, by COM through PowerShell (no Python COM package needed in the bundle).
  This path is written to the object model both programs share but is untested here (no Windows).

The input is copied first and only the copy is opened: an office suite leaves lock files beside the
file it opens, and the reviewer's folder must not change. A conversion that hangs is stopped after
`CONVERT_SECONDS`. Where no suite is found, the reason says what to install or do instead.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from app.core.model import Document, ReadError

SUFFIXES = (".doc", ".wps")
CONVERT_SECONDS = 180
KIND_WORDS = {".doc": "旧版 Word（.doc）文件", ".wps": "WPS 文字（.wps）文件"}
SAVE_AS = {".doc": "用 Word 或 WPS 另存为 .docx", ".wps": "用 WPS 另存为 .docx"}

# Where the suites install themselves when they are not on PATH.
SOFFICE_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)
COM_PROGRAMS = ("Word.Application", "KWps.Application")  # Word, then WPS Office
# The binary Word/WPS container (OLE2) and RTF; web pages saved as .doc are told by their markup.
CONVERTIBLE_STARTS = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf")

# Word's object model (WPS copies it): open read-only without prompts, save as .docx (format 16).
POWERSHELL_CONVERT = r"""
$ErrorActionPreference = 'Stop'
$app = New-Object -ComObject $env:NIANBAO_COM_PROGRAM
try {
  $app.Visible = $false
  $app.DisplayAlerts = 0
  $document = $app.Documents.Open($env:NIANBAO_INPUT, $false, $true, $false)
  $document.SaveAs2($env:NIANBAO_OUTPUT, 16)
  $document.Close($false)
} finally { $app.Quit() }
"""


def find_soffice() -> str | None:
    """LibreOffice's command, on PATH or where it installs itself; None when there is none."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in SOFFICE_PLACES if Path(place).is_file()), None)


def no_suite_reason(suffix: str) -> str:
    kind = KIND_WORDS.get(suffix, "旧版文档")
    return (
        f"这是{kind}，本机没有找到能转换它的办公软件（LibreOffice、Word 或 WPS）。"
        f"请安装其中之一后重新检查，或{SAVE_AS.get(suffix, '另存为 .docx')}后再检查。"
    )


def read_converted(path: Path, read_docx: Callable[[Path], Document]) -> Document:
    """Convert `path` to .docx in a temporary folder and read it; the Document keeps `path`.

    What the file is, is judged by its first bytes, not its name: a .docx renamed .doc is read as
    it is, an RTF or web page saved as .doc is converted like a Word file, and anything else is
    damaged (a suite would open it as plain text and the reason would mislead)."""
    suffix = path.suffix.lower()
    with path.open("rb") as stream:
        start = stream.read(512)
    if start.startswith(b"PK\x03\x04"):
        return read_docx(path)
    if not start.startswith(CONVERTIBLE_STARTS) and not _looks_like_markup(start):
        raise ReadError(
            f"文件已损坏，或者不是{KIND_WORDS.get(suffix, '文档')}。"
            f"请确认文件能用 Word 或 WPS 正常打开，{SAVE_AS.get(suffix, '另存为 .docx')}后再检查。"
        )
    with tempfile.TemporaryDirectory(prefix="nianbao-convert-") as scratch:
        folder = Path(scratch)
        # A plain ASCII name: the suites' command lines and COM are not all safe with every name.
        copy = folder / f"report{suffix}"
        shutil.copyfile(path, copy)
        converted = convert_to_docx(copy, folder)
        try:
            document = read_docx(converted)
        except ReadError as error:
            raise ReadError(f"{KIND_WORDS.get(suffix, '文件')}转换后仍无法读取：{error}") from error
    return replace(document, path=str(path))


def _looks_like_markup(start: bytes) -> bool:
    """A web page or Word's own HTML/MHT saved under .doc (an export from an office system)."""
    head = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<", b"mime-version")) or b"<html" in head


def convert_to_docx(copy: Path, folder: Path) -> Path:
    """The .docx an installed suite makes of `copy` (inside `folder`); ReadError when none can."""
    suffix = copy.suffix.lower()
    soffice = find_soffice()
    if soffice is not None:
        return _convert_with_libreoffice(soffice, copy, folder)
    if sys.platform == "win32":
        return _convert_with_com(copy, folder)
    raise ReadError(no_suite_reason(suffix))


def _convert_with_libreoffice(soffice: str, copy: Path, folder: Path) -> Path:
    out = folder / "converted"
    profile = folder / "profile"
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out),
        str(copy),
    ]
    _run(command, {})
    converted = out / f"{copy.stem}.docx"
    if not converted.is_file() or converted.stat().st_size == 0:
        raise ReadError(_failed(copy.suffix.lower(), "LibreOffice 没有转换出文件，文件可能已损坏或加了密码"))
    return converted


def _convert_with_com(copy: Path, folder: Path) -> Path:
    """Word, else WPS, by COM (untested here: written to Word's documented object model)."""
    converted = folder / f"{copy.stem}.docx"
    for program in COM_PROGRAMS:
        env = {"NIANBAO_COM_PROGRAM": program, "NIANBAO_INPUT": str(copy), "NIANBAO_OUTPUT": str(converted)}
        command = ["powershell", "-NoProfile", "-NonInteractive", "-Command", POWERSHELL_CONVERT]
        try:
            _run(command, env)
        except ReadError:
            continue
        if converted.is_file() and converted.stat().st_size:
            return converted
    raise ReadError(no_suite_reason(copy.suffix.lower()))


def _run(command: list[str], extra_env: dict[str, str]) -> None:
    """Run a converter in its own process group, stopped with all its children if it hangs."""
    env = dict(os.environ, **extra_env)
    options: dict = {"start_new_session": True} if os.name == "posix" else {}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.CREATE_NO_WINDOW
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            **options,
        )
    except OSError as error:
        raise ReadError(f"无法启动转换程序（{error.strerror or type(error).__name__}）。") from error
    try:
        code = process.wait(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired as error:
        _stop(process)
        raise ReadError(
            f"转换超过 {CONVERT_SECONDS} 秒仍未完成，已停止。请用 Word 或 WPS 另存为 .docx 后再检查。"
        ) from error
    if code != 0:
        raise ReadError(
            f"转换程序出错（退出代码 {code}），文件可能已损坏或加了密码。请用 Word 或 WPS 另存为 .docx 后再检查。"
        )


def _stop(process: subprocess.Popen) -> None:
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass
    else:
        process.kill()
    process.wait()


def _failed(suffix: str, why: str) -> str:
    return (
        f"{KIND_WORDS.get(suffix, '文件')}转换失败：{why}。请{SAVE_AS.get(suffix, '另存为 .docx')}后再检查。"
    )
