"""The kinds of file the checker reads are listed once (app.core.readers.FILE_KINDS) and every place
that names them says the same: the command line's help, the messages, the preview."""

from __future__ import annotations

from pathlib import Path

from app.cli import build_parser
from app.core.readers import FILE_KINDS, READERS, SUPPORTED_SHORT, unsupported_reason


def test_every_suffix_has_one_kind_and_a_reader():
    suffixes = [suffix for kind in FILE_KINDS for suffix in kind.suffixes]
    assert len(suffixes) == len(set(suffixes)) and set(suffixes) == set(READERS)


def test_the_command_line_help_names_every_kind():
    help_text = build_parser().format_help()
    for kind in FILE_KINDS:
        assert kind.short in help_text
    assert "HTML" in help_text


def test_an_unsupported_file_is_told_every_kind(tmp_path):
    reason = unsupported_reason(Path("report.rtf"))
    assert all(kind.name in reason for kind in FILE_KINDS)
    assert all(kind.short in SUPPORTED_SHORT for kind in FILE_KINDS) and "ZIP" in reason
