"""The Windows app, built on this machine under Wine (packaging/build_windows.py) and run there.

Each check compares the Windows executable with the Linux source of the same commit (`python -m app`),
so it stays valid as the app changes. Wine runs as a Chinese Windows would: LANG=zh_CN.UTF-8 gives
code page 936 (GBK) as the ANSI and console code page.

The bundle is built once per session, or reused: dist/windows/nianbao-checker/ is taken as it is when
its executable and the zip are newer than every file in app/, resources/ and packaging/ and than
pyproject.toml. NIANBAO_REBUILD=1 forces a build. Skipped where there is no `wine` (.ci/windows-deps
installs it).
"""

from __future__ import annotations

import importlib.util
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("wine") is None, reason="wine is not installed (.ci/windows-deps)"),
]

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "files"
REAL_WPS_PDF = ROOT.parent / "shared" / "corpus" / "real" / "files" / "hongze-2023.pdf"
FILES = [CORPUS / name for name in ("seed000-t3_cell.docx", "seed001-filled.pdf", "seed002-old_layout.xlsx")]
# Files that need the parts of the bundle most easily lost or, under Wine, most easily broken: AES
# (cryptography, whose Rust part needs the bcryptprimitives stand-in), fonts without a Unicode map.
READERS = ROOT / "tests" / "fixtures" / "readers"
HARD_FILES = [
    READERS / name for name in ("restricted.pdf", "encrypted.pdf", "no_unicode_map.pdf", "encrypted.docx")
]
SOURCES = [ROOT / "app", ROOT / "resources", ROOT / "packaging", ROOT / "pyproject.toml"]
WORKER_PARENT = Path(__file__).with_name("windows_worker_parent.py")
TIMING_KEY = re.compile(r"(^|_)(time|times|timing|timings|elapsed|duration|seconds|ms)(_|$)|_at$", re.I)
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def load_build_windows():
    spec = importlib.util.spec_from_file_location(
        "nianbao_build_windows", ROOT / "packaging" / "build_windows.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bw = load_build_windows()


def newest_source_mtime() -> float:
    newest = 0.0
    for source in SOURCES:
        for path in [source] if source.is_file() else source.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                newest = max(newest, path.stat().st_mtime)
    return newest


@pytest.fixture(scope="session")
def exe() -> Path:
    """The Windows bundle's executable, built now unless dist/windows/ is up to date."""
    version = bw.build.read_version()
    outputs = [bw.EXE, bw.zip_path(version)]
    fresh = all(p.is_file() and p.stat().st_mtime > newest_source_mtime() for p in outputs)
    if not fresh or os.environ.get("NIANBAO_REBUILD") == "1":
        started = time.monotonic()
        built = subprocess.run(
            [sys.executable, str(ROOT / "packaging" / "build_windows.py"), "--no-clean"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=3600,
        )
        assert built.returncode == 0, (
            f"build_windows.py failed:\n{built.stdout[-6000:]}\n{built.stderr[-4000:]}"
        )
        print(f"\nbuilt the Windows bundle in {time.monotonic() - started:.0f} s")
    assert bw.EXE.is_file()
    return bw.EXE


@pytest.fixture(scope="session")
def chinese_locale(tmp_path_factory) -> dict[str, str]:
    """LANG=zh_CN.UTF-8 (Wine: code page 936), with the Unix locale compiled here if the system lacks it,
    so that Wine's console turns what the app writes into UTF-8 for the terminal, not '?'."""
    env = {"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"}
    installed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    if "zh_cn.utf8" not in installed and shutil.which("localedef"):
        folder = tmp_path_factory.mktemp("locale")
        made = subprocess.run(
            ["localedef", "-i", "zh_CN", "-f", "UTF-8", str(folder / "zh_CN.UTF-8")], capture_output=True
        )
        if (folder / "zh_CN.UTF-8").is_dir():
            env["LOCPATH"] = str(folder)
        else:
            env["NO_UNIX_LOCALE"] = made.stderr.decode(errors="replace")[-300:] or "localedef failed"
    return env


@pytest.fixture(scope="session")
def wine(chinese_locale):
    env = bw.wine_env(QT_QPA_PLATFORM="offscreen", **chinese_locale)
    env.pop("NO_UNIX_LOCALE", None)

    def run(args: list[str], timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
        return bw.run_wine(args, env=env, timeout=timeout)

    return run


def linux(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUTF8="1")
    return subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=ROOT, capture_output=True, env=env, timeout=300
    )


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def comparable(value):
    """A report without timings, with Windows path separators as on Linux."""
    if isinstance(value, dict):
        return {
            k: (v.replace("\\", "/") if k == "file" and isinstance(v, str) else comparable(v))
            for k, v in value.items()
            if not TIMING_KEY.search(str(k))
        }
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def test_version_is_the_source_version(exe, wine):
    started = time.monotonic()
    frozen = wine([str(exe), "--version"])
    elapsed = time.monotonic() - started
    assert frozen.returncode == 0, frozen.stderr.decode(errors="replace")
    source = linux(["--version"])
    assert frozen.stdout.decode("utf-8").split() == source.stdout.decode("utf-8").split()
    assert bw.build.read_version() in frozen.stdout.decode("utf-8").split()
    print(f"\n--version under Wine: {elapsed:.1f} s")


def test_check_json_matches_linux(exe, wine):
    """DOCX, a PDF in a Chinese font, XLSX and a real WPS-made PDF: the same reports and findings."""
    files = list(FILES)
    if REAL_WPS_PDF.is_file():
        files.append(REAL_WPS_PDF)
    paths = [os.path.relpath(path, ROOT) for path in files]
    frozen, source = wine([str(exe), "check", "--json", *paths]), linux(["check", "--json", *paths])
    assert source.stdout.strip(), source.stderr.decode(errors="replace")
    # The JSON is UTF-8 bytes, whatever the code page (936 here).
    frozen_json = json.loads(frozen.stdout.decode("utf-8"))
    source_json = json.loads(source.stdout.decode("utf-8"))
    assert len(frozen_json["reports"]) == len(files)
    for windows_report, linux_report in zip(frozen_json["reports"], source_json["reports"], strict=True):
        assert windows_report["error"] is None, windows_report
        assert comparable(windows_report) == comparable(linux_report)
    assert sum(len(r["findings"]) for r in frozen_json["reports"]) > 0  # the files do have problems
    assert frozen.returncode == source.returncode
    assert b"Traceback" not in frozen.stderr, frozen.stderr.decode(errors="replace")
    if not REAL_WPS_PDF.is_file():
        pytest.skip(f"checked {len(FILES)} generated files; {REAL_WPS_PDF} is absent (third-party corpus)")


def test_hard_files_read_as_on_linux(exe, wine):
    """Encrypted and restricted files and a font without a Unicode map: the same reports (errors too)."""
    paths = [os.path.relpath(path, ROOT) for path in HARD_FILES if path.is_file()]
    if not paths:
        pytest.skip("tests/fixtures/readers has none of the hard files")
    frozen, source = wine([str(exe), "check", "--json", *paths]), linux(["check", "--json", *paths])
    frozen_json = json.loads(frozen.stdout.decode("utf-8"))
    source_json = json.loads(source.stdout.decode("utf-8"))
    assert comparable(frozen_json) == comparable(source_json)
    assert b"Traceback" not in frozen.stderr, frozen.stderr.decode(errors="replace")


def zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def workbook_cells(path: Path, replace: dict[str, str]) -> list[tuple]:
    """Every cell of every sheet: value (paths written the Linux way) and fill colour."""
    from openpyxl import load_workbook

    cells = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str):
                    for old, new in replace.items():
                        value = value.replace(old, new)
                    value = value.replace("\\", "/")
                fill = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type else None
                cells.append((sheet.title, cell.coordinate, value, fill))
    return cells


def test_export_to_chinese_folders_with_spaces_matches_linux(exe, wine, tmp_path):
    """Input and output folders and file names with Chinese characters and spaces; the same Word copies
    (same comments, same shaded cells) and the same workbook as on Linux."""
    source_dir = tmp_path / "输入 文件"
    source_dir.mkdir()
    for path in FILES:
        shutil.copy(path, source_dir / f"报告 {path.name}")
    windows_out, linux_out = tmp_path / "导出 Windows", tmp_path / "导出 Linux"
    frozen = wine(
        [
            str(exe),
            "check",
            "--json",
            "--export-dir",
            bw.windows_path(windows_out),
            bw.windows_path(source_dir),
        ]
    )
    source = linux(["check", "--json", "--export-dir", str(linux_out), str(source_dir)])
    assert frozen.returncode == source.returncode, frozen.stderr.decode(errors="replace")
    assert len(json.loads(frozen.stdout.decode("utf-8"))["reports"]) == len(FILES)

    names = sorted(p.name for p in linux_out.iterdir())
    assert sorted(p.name for p in windows_out.iterdir()) == names
    assert sum(name.endswith(".docx") for name in names) == len(FILES)
    assert any(name.endswith(".xlsx") for name in names)
    replace = {bw.windows_path(source_dir): str(source_dir), bw.windows_path(windows_out): str(linux_out)}
    shaded = 0
    for name in names:
        windows_parts, linux_parts = zip_parts(windows_out / name), zip_parts(linux_out / name)
        assert sorted(windows_parts) == sorted(linux_parts), name
        if name.endswith(".xlsx"):
            assert workbook_cells(windows_out / name, replace) == workbook_cells(linux_out / name, replace)
            continue
        for part, data in linux_parts.items():
            if part == "docProps/core.xml":
                continue  # the time of writing
            if part == "word/comments.xml":
                # The comments' text and author are the same; only their w:date (now) differs.
                undated = [re.sub(rb' w:date="[^"]*"', b"", d) for d in (windows_parts[part], data)]
                assert undated[0] == undated[1], f"{name}: comments differ"
                assert b"<w:comment " in data
                continue
            assert windows_parts[part] == data, f"{name}: {part} differs"
        shaded += linux_parts["word/document.xml"].count(b"<w:shd ")
    assert shaded, "no shaded cell in the Word copies: nothing compared"


def test_app_unzipped_into_a_chinese_folder_with_spaces_runs(exe, wine, tmp_path):
    """Users unzip it anywhere, e.g. 桌面\\年报 工具\\: the bootloader and Python find their files there."""
    folder = tmp_path / "年报 工具" / exe.parent.name
    shutil.copytree(exe.parent, folder)
    path = os.path.relpath(FILES[1], ROOT)
    moved = wine([str(folder / exe.name), "check", "--json", path])
    source = linux(["check", "--json", path])
    assert moved.returncode == source.returncode, moved.stderr.decode("utf-8", "replace")[-3000:]
    assert comparable(json.loads(moved.stdout.decode("utf-8"))) == comparable(
        json.loads(source.stdout.decode("utf-8"))
    )


def test_window_starts(exe, wine, chinese_locale):
    """The main window shows. Under Xvfb, through Wine's X11 driver, so with Qt's real Windows platform
    plugin (qwindows.dll); without Xvfb only offscreen."""
    if shutil.which("xvfb-run") is None:
        shown = wine([str(exe), "--smoke-test"], timeout=180)
    else:
        env = bw.wine_env(**chinese_locale)
        env.pop("NO_UNIX_LOCALE", None)
        env.pop("QT_QPA_PLATFORM", None)  # `make test` sets offscreen; here Qt picks its own: windows
        command = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "wine", str(exe), "--smoke-test"]
        shown = subprocess.run(command, capture_output=True, env=env, timeout=180, stdin=subprocess.DEVNULL)
    out = shown.stdout.decode("utf-8", "replace")
    assert shown.returncode == 0, out + shown.stderr.decode("utf-8", "replace")
    assert "window shown" in out


def test_executable_is_a_gui_program_with_version_and_icon(exe):
    import pefile

    version = bw.build.read_version()
    pe = pefile.PE(str(exe))
    try:
        assert pe.FILE_HEADER.Machine == 0x8664  # x64
        assert pe.OPTIONAL_HEADER.Subsystem == pefile.SUBSYSTEM_TYPE["IMAGE_SUBSYSTEM_WINDOWS_GUI"]
        strings = {
            key.decode(): value.decode()
            for info in pe.FileInfo[0]
            if info.Key == b"StringFileInfo"
            for table in info.StringTable
            for key, value in table.entries.items()
        }
        assert strings["FileVersion"] == version and strings["ProductVersion"] == version
        assert strings["ProductName"] == "年报检查器"
        assert strings["OriginalFilename"] == "nianbao-checker.exe"
        fixed = pe.VS_FIXEDFILEINFO[0]
        numbers = bw.build.version_tuple(version)
        assert (fixed.FileVersionMS >> 16, fixed.FileVersionMS & 0xFFFF) == numbers[:2]
        assert (fixed.FileVersionLS >> 16, fixed.FileVersionLS & 0xFFFF) == numbers[2:]
        icons = {
            pe.get_data(
                entry.directory.entries[0].data.struct.OffsetToData,
                entry.directory.entries[0].data.struct.Size,
            )
            for kind in pe.DIRECTORY_ENTRY_RESOURCE.entries
            if kind.id == pefile.RESOURCE_TYPE["RT_ICON"]
            for entry in kind.directory.entries
        }
    finally:
        pe.close()
    assert icons == set(ico_images(ROOT / "resources" / "icon" / "icon.ico"))


def ico_images(path: Path) -> list[bytes]:
    """The images inside a .ico file (header, then one 16-byte entry per image: size at 8, offset at 12)."""
    data = path.read_bytes()
    _reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert kind == 1, f"{path} is not an icon"
    images = []
    for index in range(count):
        size, offset = struct.unpack_from("<II", data, 6 + 16 * index + 8)
        images.append(data[offset : offset + size])
    return images


def test_worker_processes_start_and_user_folders_are_windows_ones(exe, wine):
    """multiprocessing starts the frozen app as a worker (freeze_support) and it runs its task; inside
    it, the review file is under %APPDATA%, exports under %USERPROFILE%\\Documents, settings in an
    INI file under %APPDATA% too, and the code page is GBK."""
    expressions = [
        "(__import__('sys').frozen, __import__('sys').executable, __import__('os').getppid())",
        "__import__('app.core.resources', fromlist=['_']).read_version()",
        "dict(__import__('os').environ)",
        "__import__('locale').getencoding()",
        "__import__('app.ui.settings', fromlist=['_']).default_export_dir()",
        "(lambda core, main, settings: (core.QCoreApplication.setOrganizationName(main.ORGANIZATION),"
        " core.QCoreApplication.setApplicationName(main.ORGANIZATION),"
        " settings.review_file_path(), settings.settings_store().fileName())[2:])"
        "(__import__('PySide6.QtCore', fromlist=['_']), __import__('app.ui.main', fromlist=['_']),"
        " __import__('app.ui.settings', fromlist=['_']))",
    ]
    result = wine(
        [str(bw.windows_python()), str(WORKER_PARENT), bw.windows_path(exe), *expressions], timeout=300
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-3000:]
    frozen, version, environ, encoding, export_dir, (review, settings) = json.loads(
        result.stdout.decode("utf-8")
    )
    assert frozen[0] is True and frozen[1].lower() == bw.windows_path(exe).lower()
    assert version == bw.build.read_version()
    assert encoding == "cp936"
    appdata, profile = environ["APPDATA"], environ["USERPROFILE"]

    def windows(path: str) -> str:
        return path.replace("/", "\\").lower()

    assert windows(export_dir).startswith(windows(profile) + "\\documents\\"), export_dir
    assert windows(review).startswith(windows(appdata) + "\\"), review
    assert windows(settings).startswith(windows(appdata) + "\\"), settings


def run_in_terminal(args: list[str], env: dict[str, str], timeout: float = 180) -> bytes:
    """Runs `wine args...` on a pseudo-terminal 400 columns wide; returns what it showed there."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 400, 0, 0))
    process = subprocess.Popen(["wine", *args], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT)
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closed: everything was read
                    break
                if not chunk:
                    break
                shown += chunk
            elif process.poll() is not None:
                break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
    return shown


def test_command_line_prints_on_a_gbk_console(exe, chinese_locale):
    """Typed into cmd on a code page 936 console, `check` shows its text there, readable."""
    if "LOCPATH" not in chinese_locale and "NO_UNIX_LOCALE" in chinese_locale:
        pytest.skip(f"no zh_CN.UTF-8 Unix locale for Wine's terminal: {chinese_locale['NO_UNIX_LOCALE']}")
    env = bw.wine_env(QT_QPA_PLATFORM="offscreen", **chinese_locale)
    path = os.path.relpath(FILES[0], ROOT)
    exe_in_cmd = os.path.relpath(exe, ROOT).replace("/", "\\")
    shown = run_in_terminal(["cmd", "/c", f"chcp 936 & {exe_in_cmd} check {path.replace('/', chr(92))}"], env)
    text = ESCAPES.sub(b"", shown).replace(b"\r", b"").decode("utf-8")
    assert "936" in text.splitlines()[0], text  # chcp: the console's code page is GBK
    expected = linux(["check", path]).stdout.decode("utf-8").replace("/", "\\").splitlines()
    assert expected and expected[0].startswith("■")
    lines = [line.rstrip() for line in text.splitlines()]
    for line in expected:
        assert line.rstrip() in lines, f"{line!r} not shown on the console:\n{text}"


# A Windows program started with no standard handles at all, as a GUI program is on Windows when typed
# into cmd (Wine instead hands it cmd's): it must find the console itself (app/console.py).
NO_HANDLES_PARENT = (
    "import subprocess, sys; "
    "info = subprocess.STARTUPINFO(dwFlags=subprocess.STARTF_USESTDHANDLES, hStdInput=0, hStdOutput=0, hStdError=0); "
    "print('exit code=' + str(subprocess.Popen(sys.argv[1:], startupinfo=info).wait()))"
)


def test_command_line_without_standard_handles_finds_the_console(exe, chinese_locale):
    if "LOCPATH" not in chinese_locale and "NO_UNIX_LOCALE" in chinese_locale:
        pytest.skip(f"no zh_CN.UTF-8 Unix locale for Wine's terminal: {chinese_locale['NO_UNIX_LOCALE']}")
    env = bw.wine_env(QT_QPA_PLATFORM="offscreen", **chinese_locale)
    path = os.path.relpath(FILES[0], ROOT).replace("/", "\\")
    python = str(bw.windows_python())
    shown = run_in_terminal([python, "-c", NO_HANDLES_PARENT, bw.windows_path(exe), "check", path], env)
    text = ESCAPES.sub(b"", shown).replace(b"\r", b"").decode("utf-8")
    source = linux(["check", path.replace("\\", "/")])
    assert f"exit code={source.returncode}" in text, text
    lines = [line.rstrip() for line in text.splitlines()]
    for line in source.stdout.decode("utf-8").replace("/", "\\").splitlines():
        assert line.rstrip() in lines, f"{line!r} not shown on the console:\n{text}"


def test_text_output_redirected_is_utf8(exe, wine):
    """`check` without --json, into a pipe or file on a GBK system: UTF-8 text, as on Linux."""
    path = os.path.relpath(FILES[0], ROOT)
    frozen, source = wine([str(exe), "check", path]), linux(["check", path])
    assert frozen.stdout.decode("utf-8").replace("\r\n", "\n") == source.stdout.decode("utf-8").replace(
        "/", "\\"
    )


def test_console_companion_is_a_console_program(exe):
    import pefile

    pe = pefile.PE(str(bw.CLI_EXE))
    try:
        assert pe.OPTIONAL_HEADER.Subsystem == pefile.SUBSYSTEM_TYPE["IMAGE_SUBSYSTEM_WINDOWS_CUI"]
    finally:
        pe.close()


def test_console_companion_writes_check_to_a_pipe_and_to_a_file(exe, chinese_locale, tmp_path):
    """`nianbao-checker-cli.exe check` with its output to a pipe and redirected to a file: the JSON of
    the Linux source, and the exit status (a GUI program under Wine stops at start-up with a file)."""
    env = dict(bw.wine_env(QT_QPA_PLATFORM="offscreen", **chinese_locale))
    env.pop("NO_UNIX_LOCALE", None)
    paths = [os.path.relpath(path, ROOT) for path in FILES]
    source = linux(["check", "--json", *paths])
    expected = [comparable(report) for report in json.loads(source.stdout.decode("utf-8"))["reports"]]
    piped = bw.run_wine([str(bw.CLI_EXE), "check", "--json", *paths], env=env, timeout=300)
    # Redirected as cmd does it (`> file`): the Windows side opens the file. A Unix file handed to
    # Wine 8 as stdout is not a Windows handle at all ("Invalid handle"), whatever the program.
    target = tmp_path / "result.json"
    windows_target = "Z:" + str(target).replace("/", "\\")
    command = subprocess.list2cmdline([str(bw.CLI_EXE), "check", "--json", *paths])
    redirected = bw.run_wine(["cmd", "/c", f"{command} > {windows_target}"], env=env, timeout=300)
    for run, text in ((piped, piped.stdout), (redirected, target.read_bytes())):
        assert b"Traceback" not in run.stderr and b"init_sys_streams" not in run.stderr, run.stderr[-2000:]
        reports = json.loads(text.decode("utf-8"))["reports"]
        assert [comparable(report) for report in reports] == expected
        assert run.returncode == source.returncode


def test_zip_holds_the_bundle(exe):
    archive = bw.zip_path(bw.build.read_version())
    assert archive.is_file()
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
    assert "nianbao-checker/nianbao-checker.exe" in names
    bundled = {
        (Path("nianbao-checker") / p.relative_to(bw.BUNDLE)).as_posix()
        for p in bw.BUNDLE.rglob("*")
        if p.is_file()
    }
    assert names == bundled


def test_wine_stand_in_dlls_export_what_qt_and_cryptography_import(exe):
    """The stand-ins (packaging/wine_shims.py) cover every function the bundle imports from them."""
    import pefile

    shims = bw.load_packaging_module("wine_shims")
    imported: dict[str, set[str]] = {name: set() for name in shims.DLLS}
    for path in (exe.parent / "_internal").rglob("*"):
        if path.suffix.lower() not in (".dll", ".pyd"):
            continue
        pe = pefile.PE(str(path), fast_load=True)
        pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"]])
        for entry in getattr(pe, "DIRECTORY_ENTRY_IMPORT", []):
            dll = entry.dll.decode().lower()
            if dll in imported:
                imported[dll].update(i.name.decode() for i in entry.imports if i.name)
        pe.close()
    assert imported["icuuc.dll"], "Qt no longer imports icuuc.dll: the stand-in may go"
    for name, functions in imported.items():
        exported = {
            s.name.decode()
            for s in pefile.PE(data=shims.build_dll(name, shims.DLLS[name])).DIRECTORY_ENTRY_EXPORT.symbols
        }
        assert functions <= exported, f"{name}: {sorted(functions - exported)} not in the stand-in"
