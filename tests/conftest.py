"""Shared test setup: Qt runs offscreen, and the corpus fixtures are found from one place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
# Real published reports (third-party documents): read in place, never copied into the project.
REAL_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"


def real_corpus() -> Path:
    """The real-reports corpus, or a skip saying why the tests that need it cannot run here."""
    if not (REAL_CORPUS / "labels.json").is_file():
        pytest.skip(f"the real-reports corpus is not at {REAL_CORPUS} (CI has ../shared/corpus/real)")
    return REAL_CORPUS


@pytest.fixture(scope="session", autouse=True)
def _error_log_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The checker's error log (app.core.errorlog) goes below a temporary folder, never the user's."""
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS
