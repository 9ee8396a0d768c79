"""Runs `check_file` in a child process under a memory limit, so a bomb that gets past a budget fails a
test instead of the machine: the child has 1 GB of address space (`RLIMIT_AS`) and a wall-clock guard
against hangs. Speed targets are not asserted here (they live in `bench/`); the guard only tells a
hang from an answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ADDRESS_SPACE = 1024**3
HANG_GUARD_SECONDS = 120

_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from app.core.check import check_file
start = time.perf_counter()
result = check_file(sys.argv[1])
print(json.dumps({{
    "error": result.error,
    "rules": [finding.rule for finding in result.findings],
    "messages": [finding.message for finding in result.findings],
    "seconds": time.perf_counter() - start,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
}}))
"""


@dataclass(frozen=True)
class LimitedRun:
    error: str | None
    rules: list[str]
    messages: list[str]
    seconds: float
    peak_mb: int


def check_limited(path: Path) -> LimitedRun:
    """`check_file(path)` in a child limited to 1 GB; fails loudly if the child dies or hangs."""
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD.format(limit=ADDRESS_SPACE), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
    )
    assert completed.returncode == 0, f"the check died under the 1 GB limit:\n{completed.stderr[-2000:]}"
    return LimitedRun(**json.loads(completed.stdout.strip().splitlines()[-1]))
