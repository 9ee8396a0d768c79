"""Every office screen: the window opens inside the screen, nothing is cut off, and the findings table
shows at least eight rows. The screens are the offscreen platform configured to their size, in a
fresh process each (a screen is fixed when the application starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect

from app.ui.window import MainWindow, fit_rect

ROOT = Path(__file__).resolve().parents[2]

MEASURE = r"""
import json
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget
from app.ui.main import create_application
from app.ui.settings import Settings
from app.ui.window import MainWindow
from app.ui.workers import TaskRunner
from app.ui.findings_model import FindingsModel

app = create_application([])
window = MainWindow(Settings(None), TaskRunner())
window.show()
window.open_sample()
for _ in range(5):
    app.processEvents()
available = window.screen().availableGeometry()
panel = window.findings


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


must_show = {"状态栏": window.count_label, "属实": panel.confirm_button, "忽略": panel.dismiss_button,
             "未处理": panel.restore_button,
             "显示已忽略": panel.show_dismissed, "筛选": window.search, "预览": window.preview}
for action in window.toolbar.actions():
    button = window.toolbar.widgetForAction(action)
    if action.text() and button is not None:
        must_show[action.text()] = button
cut = [name for name, widget in must_show.items()
       if not widget.isVisible() or not available.contains(global_rect(widget))]
header = panel.table.horizontalHeader()
last = FindingsModel.DECISION
last_right = header.sectionViewportPosition(last) + header.sectionSize(last)
if last_right > panel.table.viewport().width():
    cut.append("处理")
rows = panel.table.viewport().height() // panel.table.verticalHeader().defaultSectionSize()
print(json.dumps({"window": window.frameGeometry().getRect(), "available": available.getRect(),
                  "cut": cut, "rows": rows}))
window.close()
"""


@pytest.mark.parametrize(
    "width,height,scale",
    [(1366, 768, "1"), (1366, 705, "1"), (1920, 1080, "1.5"), (1280, 1024, "1")],
    ids=["1366x768", "1366x705-taskbar", "1920x1080-150%", "1280x1024"],
)
def test_the_window_fits_the_screen(tmp_path: Path, width: int, height: int, scale: str) -> None:
    config = tmp_path / "screen.json"
    screen = {"name": "office", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert QRect(*seen["available"]).contains(QRect(*seen["window"])), seen
    assert seen["cut"] == [], seen
    assert seen["rows"] >= 8, seen


def test_a_saved_geometry_from_a_bigger_screen_is_clamped(qtbot, settings, prompts) -> None:
    from app.ui.workers import TaskRunner

    first = MainWindow(settings, TaskRunner(), prompts)
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(900, 700, 1900, 1150)  # as it was on the big monitor at the office
    first.close()
    second = MainWindow(settings, TaskRunner(), prompts)
    qtbot.addWidget(second)
    second.show()
    available = second.screen().availableGeometry()  # the offscreen screen: 800×600
    assert available.width() < 1900
    assert available.contains(second.frameGeometry())


def test_fit_rect() -> None:
    screen = QRect(0, 0, 1366, 728)
    assert fit_rect(QRect(100, 50, 800, 600), screen) == QRect(100, 50, 800, 600)
    assert fit_rect(QRect(-300, 500, 1440, 900), screen) == QRect(0, 0, 1366, 728)
    assert fit_rect(QRect(1000, 600, 800, 600), screen) == QRect(566, 128, 800, 600)
    second_monitor = QRect(1920, 0, 1280, 1024)
    assert fit_rect(QRect(0, 0, 1440, 900), second_monitor) == QRect(1920, 0, 1280, 900)
