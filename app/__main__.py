"""Entry point: `python -m app` (the window) or `python -m app check ...` (the command line)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("check", "--version", "-V"):
        from app.console import attach_parent_console

        attach_parent_console()  # Windows GUI build typed into cmd: print there; no-op elsewhere
        from app.cli import main as cli_main

        return cli_main(argv)
    from app.ui.main import run_window

    return run_window(argv)


if __name__ == "__main__":
    sys.exit(main())
