"""Runs a function as an ordinary user, so permission tests mean something when the suite runs as root
(CI containers do; root reads any file whatever its mode)."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
NOBODY = 65534


def as_unprivileged(function: Callable[..., T], *args: object) -> T:
    """`function(*args)` in a forked child that has given up root; in-process when not root.

    The child reuses the modules already imported, so nothing it needs is read as the ordinary user.
    """
    if os.geteuid() != 0:
        return function(*args)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, run, send the pickled outcome, and leave without cleanup
        status = 0
        try:
            os.close(read_end)
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            outcome = ("ok", function(*args))
        except BaseException as error:  # sent back to the parent, which raises it
            outcome = ("error", repr(error))
            status = 1
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        kind, value = pickle.load(pipe)
    os.waitpid(pid, 0)
    if kind == "error":
        raise AssertionError(f"the unprivileged child failed: {value}")
    return value


@contextmanager
def open_folder() -> Iterator[Path]:
    """A temporary folder an ordinary user can enter (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="nianbao-hostile-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(stat.S_IRWXU)
        shutil.rmtree(folder, ignore_errors=True)
