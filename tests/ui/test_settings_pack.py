"""The rule pack chosen in 设置: stored only when not the national one, and used for new checks."""

from __future__ import annotations

from pathlib import Path

from app.ui.dialogs import SettingsDialog
from app.ui.settings import PACK, Settings
from app.ui.window import MainWindow
from tests.core.rules.examples import base_text
from tests.ui.test_window import drop


def test_the_dialog_chooses_a_pack_and_the_national_one_is_not_stored(qtbot, settings: Settings) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.pack.currentData() == "national"
    dialog.pack.setCurrentIndex(dialog.pack.findData("example-province"))
    dialog.accept()
    assert settings.pack_choice == "example-province" and settings.pack().id == "example-province"
    assert PACK in settings.stored_keys()
    again = SettingsDialog(settings)
    qtbot.addWidget(again)
    assert again.pack.currentData() == "example-province"
    again.pack.setCurrentIndex(again.pack.findData("national"))
    again.accept()
    assert PACK not in settings.stored_keys() and settings.pack().id == "national"


def test_a_pack_file_that_went_missing_falls_back_to_the_national_pack(settings: Settings, tmp_path) -> None:
    settings.pack_choice = str(tmp_path / "gone.json")
    assert settings.pack().id == "national"


def test_the_window_checks_under_the_chosen_pack(qtbot, window: MainWindow, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(base_text().replace("2.重复申请", "2.重复提出申请", 1), encoding="utf-8")
    window.settings.pack_choice = "example-province"
    drop(window, [report])
    [entry] = window.batch.entries()
    assert [f.severity for f in entry.result.findings if f.rule == "L205"] == ["info"]


def test_the_reviewer_name_takes_no_more_than_word_keeps(qtbot, settings: Settings) -> None:
    """A pasted 300-character name is cut where Word's comment author ends (255), not let through."""
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.reviewer.setText("审" * 300)  # as a paste puts it: cut at the field's length
    dialog.accept()
    assert settings.reviewer == "审" * 255
