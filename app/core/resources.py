"""Finds the files under resources/ both from a source checkout and inside a PyInstaller bundle."""

from __future__ import annotations

import re
import sys
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parents[2]  # resolved once: the list asks for formats per row


def project_root() -> Path:
    """The folder holding resources/ (and pyproject.toml in a checkout)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return _SOURCE_ROOT


def resource_path(*parts: str) -> Path:
    return project_root().joinpath("resources", *parts)


def read_version() -> str:
    """The version, whose one source is pyproject.toml (copied into the bundle by the spec)."""
    pyproject = project_root() / "pyproject.toml"
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        return "0.0.0"
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else "0.0.0"
