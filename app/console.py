"""Gives the command line a console to print to when the app was built as a Windows GUI program.

The packaged Windows build is a GUI-subsystem executable (PyInstaller console=False), so that
double-clicking it opens the window without a black console box. Such a process starts without a console:
`sys.stdout` and `sys.stderr` are None unless the caller redirected them (`> out.json`, a pipe,
`subprocess.run(capture_output=True)`), in which case they work as usual and are left alone.

When it is typed into cmd or PowerShell (`nianbao-checker check report.pdf`) there is a console, the
parent's: `attach_parent_console()` attaches to it and points the missing streams at it, so the output
shows up there. Two limits of a GUI program that it cannot lift: cmd does not wait for it (its prompt
comes back at once and the output lands after it), and `%ERRORLEVEL%` is not set. Scripts use the
console companion beside it, `nianbao-checker-cli.exe check ...` (the same program built as a console
executable: cmd waits for it, its exit status is set, pipes and files get its output).

Only the command-line paths (`check`, `--version`, `--help`) call it: the window never touches a console.
Everywhere but a frozen Windows GUI build it does nothing.
"""

from __future__ import annotations

import sys

ATTACH_PARENT_PROCESS = -1
ERROR_ACCESS_DENIED = 5  # AttachConsole's answer when the process already has a console


def attach_parent_console() -> bool:
    """Route a missing stdout/stderr to the parent process's console. True if a stream was set up."""
    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return False
    try:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        if not kernel32.AttachConsole(ATTACH_PARENT_PROCESS):
            # Already attached to one (Wine attaches a GUI program to its parent's console): use it.
            if ctypes.get_last_error() != ERROR_ACCESS_DENIED:
                return False  # started from Explorer, or the parent has no console
        # "CONOUT$" opens as a console stream (WriteConsoleW), so Chinese text shows whatever the code page.
        if sys.stdout is None:
            sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")
            sys.stdout.write("\n")  # cmd has already printed its prompt: start on a fresh line
        if sys.stderr is None:
            sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace")
        return True
    except (OSError, AttributeError, ValueError):
        return False
