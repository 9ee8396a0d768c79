"""How big the packaged app is and how fast it starts.

    python bench/bench_bundle.py [--runs 3] [--drop-caches] [--onefile] [--windows]

Reports the one-folder bundle's size on disk and its start time to a visible window: the time from
starting `nianbao-checker --smoke-test` until it prints "window shown" (median of --runs starts), and,
for the command line, the time `nianbao-checker --version` takes. Targets: <= 150 MB, <= 2 s.
Builds the bundle first (packaging/build.py) if dist/ has none. On Linux without a display the window
opens offscreen. --drop-caches (Linux, root) empties the page cache before every start, for a start
from disk as after a reboot; without it the first start reads from disk and the others mostly do not.

--windows also reports the Windows bundle (packaging/build_windows.py, built first if missing) beside
the Linux one: folder and zip sizes of both (the Linux folder zipped the same way, into a temporary
file), and under Wine the start of `--version` cold (Wine's server stopped first, as after a reboot)
and warm, and the start to the window.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE_TARGET_MB = 150
START_TARGET_S = 2.0


def load_packaging_module(name: str):
    """A script of packaging/ (not a package) loaded as a module."""
    spec = importlib.util.spec_from_file_location(f"nianbao_{name}", ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def zipped_size(folder: Path) -> int:
    """Bytes of `folder` zipped as packaging/build_windows.py zips the Windows one."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "bundle.zip"
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    archive.write(path, (Path(folder.name) / path.relative_to(folder)).as_posix())
        return target.stat().st_size


def wine_seconds(bw, args: list[str], env: dict[str, str], marker: str | None = None) -> float:
    started = time.perf_counter()
    result = bw.run_wine(args, env=env, timeout=300)
    elapsed = time.perf_counter() - started
    out = result.stdout.decode("utf-8", "replace")
    if result.returncode != 0 or (marker and marker not in out):
        raise RuntimeError(
            f"wine {args} exited {result.returncode}: {result.stderr.decode(errors='replace')[-2000:]}"
        )
    return elapsed


def windows_report(linux_folder: Path, runs: int) -> None:
    """The Windows bundle beside the Linux one: sizes, and start times under Wine."""
    build = load_packaging_module("build")
    bw = load_packaging_module("build_windows")
    version = build.read_version()
    if not bw.EXE.is_file() or not bw.zip_path(version).is_file():
        print(f"{bw.EXE.relative_to(ROOT)} or its zip is missing: building it", flush=True)
        subprocess.run([sys.executable, str(ROOT / "packaging" / "build_windows.py")], check=True)
    env = bw.wine_env(QT_QPA_PLATFORM="offscreen")
    subprocess.run(["wineserver", "-k"], env=env, check=False)  # a cold start: Wine's server boots too
    subprocess.run(["wineserver", "-w"], env=env, check=False)
    cold = wine_seconds(bw, [str(bw.EXE), "--version"], env)
    warm = statistics.median(wine_seconds(bw, [str(bw.EXE), "--version"], env) for _ in range(runs))
    floor = statistics.median(wine_seconds(bw, ["cmd", "/c", "exit"], env) for _ in range(runs))
    window = statistics.median(
        wine_seconds(bw, [str(bw.EXE), "--smoke-test"], env, "window shown") for _ in range(runs)
    )
    windows_zip = bw.zip_path(version)
    print("bundle sizes:        folder                    zipped")
    if linux_folder.is_dir():
        print(
            f"  Linux   x64:       {build.format_size(build.bundle_size(False)):<25} "
            f"{build.format_size(zipped_size(linux_folder))} (zipped here, not shipped)"
        )
    print(
        f"  Windows x64:       {build.format_size(bw.bundle_size()):<25} "
        f"{build.format_size(windows_zip.stat().st_size)} {windows_zip.relative_to(ROOT)}"
    )
    print(f"Windows under Wine:  --version {cold:.2f} s cold (wineserver stopped first), {warm:.2f} s warm")
    print(f"                     start to window {window:.2f} s (median of {runs}, offscreen)")
    print(f"                     Wine's own start (cmd /c exit) {floor:.2f} s, included in both")


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def time_until(command: list[str], marker: str | None, env: dict[str, str], timeout: float = 120) -> float:
    """Seconds from starting `command` until it prints `marker` (or, with None, until it exits)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8"
    )
    try:
        if marker is None:
            out, err = process.communicate(timeout=timeout)
            if process.returncode != 0:
                raise RuntimeError(f"{command} exited {process.returncode}: {err.strip()[-2000:]}")
            return time.perf_counter() - started
        assert process.stdout is not None
        for line in process.stdout:
            if marker in line:
                elapsed = time.perf_counter() - started
                process.communicate(timeout=timeout)
                return elapsed
        _, err = process.communicate(timeout=timeout)
        raise RuntimeError(
            f"{command} exited {process.returncode} without printing {marker!r}: {err[-2000:]}"
        )
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="starts to take the median of (default 3)")
    parser.add_argument("--drop-caches", action="store_true", help="empty the page cache before each start")
    parser.add_argument("--onefile", action="store_true", help="measure dist/onefile/ instead")
    parser.add_argument("--windows", action="store_true", help="also the Windows bundle, under Wine")
    args = parser.parse_args(argv)

    build = load_packaging_module("build")
    exe = build.executable(args.onefile)
    if not exe.is_file():
        print(f"{exe.relative_to(ROOT)} is missing: building it", flush=True)
        build_args = [sys.executable, str(ROOT / "packaging" / "build.py")]
        subprocess.run(build_args + (["--onefile"] if args.onefile else []), check=True)

    env = build.smoke_env()
    size = build.bundle_size(args.onefile)
    size_ok = size / 1e6 <= SIZE_TARGET_MB

    window_times, version_times = [], []
    dropped = False
    for _ in range(args.runs):
        if args.drop_caches:
            dropped = drop_caches()
        window_times.append(time_until([str(exe), "--smoke-test"], "window shown", env))
    for _ in range(args.runs):
        version_times.append(time_until([str(exe), "--version"], None, env))
    start = statistics.median(window_times)
    start_ok = start <= START_TARGET_S

    kind = "one file" if args.onefile else "one folder"
    cache = "page cache emptied before each start" if dropped else "first start from disk, then cached"
    print(f"bundle ({kind}): {exe.relative_to(ROOT)} on {sys.platform}")
    print(
        f"size on disk:        {build.format_size(size):<24} target <= {SIZE_TARGET_MB} MB   "
        f"{'ok' if size_ok else 'OVER'}"
    )
    print(
        f"start to window:     {start:.2f} s (median of {len(window_times)}){'':<6} "
        f"target <= {START_TARGET_S:.0f} s     {'ok' if start_ok else 'SLOW'}"
    )
    print(f"  each start:        {', '.join(f'{t:.2f} s' for t in window_times)} ({cache})")
    print(f"--version (CLI):     {statistics.median(version_times):.2f} s (median of {len(version_times)})")
    if args.windows:
        windows_report(build.DIST_DIR / build.NAME, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
