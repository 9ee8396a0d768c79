"""Run by the Windows Python (under Wine): starts the frozen app as a multiprocessing worker.

    python.exe windows_worker_parent.py EXE EXPRESSION...

The window's PoolRunner starts its workers the same way: `spawn`, with the frozen executable as the
worker's program (`nianbao-checker.exe --multiprocessing-fork ...`). A worker only runs its task if the
app calls `multiprocessing.freeze_support()` first thing; without it the worker would start another copy
of the app instead, and this script would hang until the test's timeout.

Each EXPRESSION is evaluated inside the worker (so inside the frozen app: its Python, its modules, its
view of Windows), and the results are printed as one JSON list. The worker is told nothing of this
script's sys.path or main module, as it would not be by a frozen parent either: what it imports it finds
in the bundle.
"""

import json
import multiprocessing
import multiprocessing.spawn
import sys
from concurrent.futures import ProcessPoolExecutor

_preparation_data = multiprocessing.spawn.get_preparation_data


def preparation_data(name):
    data = _preparation_data(name)
    for key in ("sys_path", "sys_argv", "dir", "orig_dir", "init_main_from_path", "init_main_from_name"):
        data.pop(key, None)
    return data


def main() -> int:
    exe, expressions = sys.argv[1], sys.argv[2:]
    multiprocessing.spawn.get_preparation_data = preparation_data
    # Start the worker as a frozen parent does: `EXE --multiprocessing-fork parent_pid=... pipe_handle=...`
    # (for a plain Python parent multiprocessing would pass interpreter options and `-c` instead).
    sys.frozen = True
    context = multiprocessing.get_context("spawn")
    context.set_executable(exe)
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        results = [pool.submit(eval, expression).result(timeout=120) for expression in expressions]
    sys.stdout.buffer.write(json.dumps(results, ensure_ascii=False).encode("utf-8") + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
