"""`.ci/system-deps`, what `make install`, `make test` and `make run` call first: on a machine where
packages are missing it installs exactly those (apt-get, as root or through sudo) or says the exact
command. The machine is made bare to the script with stand-ins for dpkg, apt-get and sudo on PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Debian's tools: Linux only")

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "system-deps"

# dpkg knows a package once the stand-in apt-get "installed" it; apt-get logs what it was asked.
DPKG = """#!/bin/sh
[ "$1" = -s ] && grep -qx "$2" "$STATE/installed" 2>/dev/null
"""
APT_GET = """#!/bin/sh
echo "$@" >> "$STATE/apt.log"
[ "$1" = install ] || exit 0
[ -n "$APT_FAILS" ] && exit 100
for word in "$@"; do case "$word" in -*|install) ;; *) echo "$word" >> "$STATE/installed" ;; esac; done
"""
ID = '#!/bin/sh\n[ "$1" = -u ] && echo "${FAKE_UID:-0}" || /usr/bin/id "$@"\n'


def _bare(tmp_path: Path, **env: str) -> tuple[Path, dict[str, str]]:
    tools = tmp_path / "bin"
    tools.mkdir()
    for name, text in {"dpkg": DPKG, "apt-get": APT_GET, "id": ID}.items():
        (tools / name).write_text(text)
        (tools / name).chmod(0o755)
    state = tmp_path / "state"
    state.mkdir()
    environment = {**os.environ, "PATH": f"{tools}:/usr/bin:/bin", "STATE": str(state), **env}
    environment.pop("NO_INSTALL", None)
    environment.update(env)
    return state, environment


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=60)


def test_make_test_installs_every_missing_package_as_root(tmp_path):
    state, env = _bare(tmp_path)
    done = _run(["--test"], env)
    assert done.returncode == 0, done.stderr
    installed = set((state / "installed").read_text().split())
    assert {
        "fonts-noto-cjk",
        "libreoffice-writer",
        "poppler-utils",
        "xvfb",
        "wine",
        "libxcb-cursor0",
    } <= installed
    assert _run(["--test"], env).stderr == ""  # nothing missing: silent


def test_no_install_says_the_exact_command_and_installs_nothing(tmp_path):
    state, env = _bare(tmp_path, NO_INSTALL="1")
    done = _run(["--test"], env)
    assert done.returncode == 1 and not (state / "apt.log").exists()
    command = next(line for line in done.stderr.splitlines() if "sudo apt-get install" in line)
    assert "fonts-noto-cjk" in command and "wine64" in command


def test_without_root_and_a_sudo_that_refuses_the_command_is_said(tmp_path):
    state, env = _bare(tmp_path, FAKE_UID="1000")
    sudo = tmp_path / "bin" / "sudo"  # never the machine's own sudo
    sudo.write_text("#!/bin/sh\necho 'sudo: a password is required' >&2\nexit 1\n")
    sudo.chmod(0o755)
    done = _run(["--test"], env)
    assert (
        done.returncode == 1 and "请以管理员身份运行" in done.stderr and "sudo apt-get install" in done.stderr
    )
    assert not (state / "apt.log").exists()


def test_a_failing_apt_get_is_said_with_the_command(tmp_path):
    _state, env = _bare(tmp_path, APT_FAILS="1")
    done = _run(["--test"], env)
    assert done.returncode == 1 and "Installing failed" in done.stderr


def test_make_install_names_the_venv_package_python_lacks(tmp_path):
    python = tmp_path / "python3"  # a Python whose ensurepip Debian left out
    python.write_text('#!/bin/sh\ncase "$2" in *ensurepip*) exit 1 ;; esac\necho 3.11\n')
    python.chmod(0o755)
    _state, env = _bare(tmp_path, NO_INSTALL="1")
    done = _run(["--venv", str(python)], env)
    assert done.returncode == 1 and "sudo apt-get install python3.11-venv" in done.stderr
    assert _run(["--venv", sys.executable], env).returncode == 0
