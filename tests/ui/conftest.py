"""Fixtures for the window tests: offscreen Qt, throw-away settings, a synchronous runner, and
prompts that answer without opening modal dialogs."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from app.ui.jobs import ExportSummary  # noqa: E402
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
        self.exports: list[ExportSummary] = []
        self.asked_reasons: list[str] = []
        self.confirmations: list[str] = []  # the questions asked with confirm()
        self.confirm_answer = True
        self.close_answer = "close"  # 'save', 'close' or 'cancel'
        self.close_questions: list[str] = []
        self.opened: list[Path] = []  # files opened in the system's viewer
        self.review_to_open: str | None = None
        self.review_to_save: str | None = None
        self.roster: str | None = None  # the roster workbook chosen
        self.helped = 0
        self.starts: list[str] = []  # the folder each picker opened in

    def ask_files(self, start: str) -> list[str]:
        self.starts.append(start)
        return list(self.files)

    def ask_folder(self, title: str, start: str) -> str | None:
        self.starts.append(start)
        return self.folder

    def ask_dismiss_reason(self, message: str) -> str | None:
        self.asked_reasons.append(message)
        return self.reason

    def confirm(self, title: str, text: str, action: str = "确定") -> bool:
        self.confirmations.append(text)
        return self.confirm_answer

    def ask_before_close(self, text: str) -> str:
        self.close_questions.append(text)
        return self.close_answer

    def ask_review_to_open(self, start: str) -> str | None:
        return self.review_to_open

    def ask_roster(self, start: str) -> str | None:
        return self.roster

    def ask_review_to_save(self, start: str) -> str | None:
        return self.review_to_save

    def error(self, title: str, text: str) -> None:
        self.errors.append((title, text))

    def information(self, title: str, text: str) -> None:
        pass

    def export_done(self, summary: ExportSummary) -> None:
        self.exports.append(summary)

    def open_path(self, path: Path) -> bool:
        self.opened.append(path)
        return True

    def show_help(self) -> None:
        self.helped += 1

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


def _window(
    qtbot, settings: Settings, runner: TaskRunner, prompts: FakePrompts, review: Path | None = None
) -> MainWindow:
    window = MainWindow(settings, runner, prompts, review)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, settings: Settings, prompts: FakePrompts) -> Iterator[MainWindow]:
    """The real window with the synchronous runner: work is done when the call that started it returns."""
    yield _window(qtbot, settings, TaskRunner(), prompts)


@pytest.fixture
def review_path(tmp_path: Path) -> Path:
    return tmp_path / "数据" / "当前检查记录.json"


@pytest.fixture
def make_window(qtbot, settings: Settings, prompts: FakePrompts, review_path: Path):
    """Windows as the app starts them, sharing one settings store and one review file: a restart."""

    def make() -> MainWindow:
        window = _window(qtbot, settings, TaskRunner(), prompts, review_path)
        window.restore_session()
        return window

    return make


@pytest.fixture
def pool_window(qtbot, settings: Settings, prompts: FakePrompts) -> Iterator[MainWindow]:
    """The real window with the real thread pool, as the app runs it."""
    runner = PoolRunner()
    yield _window(qtbot, settings, runner, prompts)
    runner.shutdown()
