"""Fixtures for the window tests: offscreen Qt, throw-away settings, a synchronous runner, and
prompts that answer without opening modal dialogs."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from app.ui.settings import Settings  # noqa: E402
from app.ui.window import MainWindow  # noqa: E402
from app.ui.workers import PoolRunner, TaskRunner  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "files"


class FakePrompts:
    """Answers the window's questions from attributes and records what it was asked."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.folder: str | None = None
        self.reason: str | None = "已核实，数据无误"
        self.errors: list[tuple[str, str]] = []
        self.exports: list[tuple[Path, list[Path]]] = []
        self.asked_reasons: list[str] = []

    def ask_files(self, start: str) -> list[str]:
        return list(self.files)

    def ask_folder(self, title: str, start: str) -> str | None:
        return self.folder

    def ask_dismiss_reason(self, message: str) -> str | None:
        self.asked_reasons.append(message)
        return self.reason

    def confirm(self, title: str, text: str) -> bool:
        return True

    def error(self, title: str, text: str) -> None:
        self.errors.append((title, text))

    def export_done(self, folder: Path, files: list[Path]) -> None:
        self.exports.append((folder, files))

    def show_settings(self, settings: Settings) -> bool:
        return False

    def show_about(self) -> None:
        pass


@pytest.fixture
def corpus_files() -> Path:
    return CORPUS


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


def _window(qtbot, settings: Settings, runner: TaskRunner, prompts: FakePrompts) -> MainWindow:
    window = MainWindow(settings, runner, prompts)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, settings: Settings, prompts: FakePrompts) -> Iterator[MainWindow]:
    """The real window with the synchronous runner: work is done when the call that started it returns."""
    yield _window(qtbot, settings, TaskRunner(), prompts)


@pytest.fixture
def pool_window(qtbot, settings: Settings, prompts: FakePrompts) -> Iterator[MainWindow]:
    """The real window with the real thread pool, as the app runs it."""
    runner = PoolRunner()
    yield _window(qtbot, settings, runner, prompts)
    runner.shutdown()
