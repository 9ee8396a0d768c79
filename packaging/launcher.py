"""The script PyInstaller freezes: the packaged executable starts here.

It does no more than `python -m app` does, plus `multiprocessing.freeze_support()`, which must run
first thing in a frozen program so that a worker process started by `multiprocessing` (spawn) runs its
task instead of starting another copy of the app.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()

    from app.__main__ import main

    sys.exit(main())
