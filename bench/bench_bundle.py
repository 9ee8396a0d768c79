"""How big the packaged app is and how fast it starts.

    python bench/bench_bundle.py [--runs 3] [--drop-caches] [--onefile]

Reports the one-folder bundle's size on disk and its start time to a visible window: the time from
starting `nianbao-checker --smoke-test` until it prints "window shown" (median of --runs starts), and,
for the command line, the time `nianbao-checker --version` takes. Targets: <= 150 MB, <= 2 s.
Builds the bundle first (packaging/build.py) if dist/ has none. On Linux without a display the window
opens offscreen. --drop-caches (Linux, root) empties the page cache before every start, for a start
from disk as after a reboot; without it the first start reads from disk and the others mostly do not.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE_TARGET_MB = 150
START_TARGET_S = 2.0


def load_build_module():
    spec = importlib.util.spec_from_file_location("nianbao_build", ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
    args = parser.parse_args(argv)

    build = load_build_module()
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
