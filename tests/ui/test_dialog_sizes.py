"""Every dialog fits a 1366×768 screen: wrapped text, bounded width, its buttons in sight, whatever
the length of what it shows (a 300-character finding, a deep export folder, long file names). The
screen is the offscreen platform told its size, in a fresh process (a screen is fixed at start)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.ui.dialogs import DISMISS_REASONS, DismissDialog

ROOT = Path(__file__).resolve().parents[2]

MEASURE = r"""
import json
from pathlib import Path
from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QWidget
from app.ui.dialogs import (AboutDialog, DismissDialog, ExportDoneDialog, HelpDialog, Prompts,
                            SettingsDialog, file_dialog, FILE_FILTER)
from app.ui.jobs import ExportSummary
from app.ui.main import create_application
from app.ui.settings import Settings
from app.ui.window import MainWindow
from app.ui.workers import TaskRunner

app = create_application([])
window = MainWindow(Settings(None), TaskRunner())
window.show()
available = window.screen().availableGeometry()
long_message = ("表三“（四）无法提供 1.本机关不掌握相关政府信息”行“法律服务机构”列填的是 4，应为 3：" * 8)[:300]
deep = Path("/home/审核人/文档/" + "/".join(f"第{n}层文件夹_年度报告检查意见" for n in range(12)))
names = [deep / (f"某某县科技和工业信息化局{n}号_" * 6 + "（检查意见）.docx") for n in range(30)]
summary = ExportSummary(deep, names, [(names[0].name, long_message)] * 6)
dialogs = {
    "忽略": DismissDialog(long_message, window),
    "设置": SettingsDialog(Settings(None), window),
    "关于": AboutDialog(window),
    "帮助": HelpDialog(window),
    "导出完成": ExportDoneDialog(summary, window),
    "文件选择": file_dialog(window, "添加年度报告", str(deep), QFileDialog.FileMode.ExistingFiles, FILE_FILTER),
}
def boxes():
    for title, icon in (("确认", QMessageBox.Icon.Question), ("出错", QMessageBox.Icon.Warning)):
        yield title, QMessageBox(icon, title, long_message + str(deep), QMessageBox.StandardButton.Ok, window)

def rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())

measured = {}
for name, dialog in list(dialogs.items()) + list(boxes()):
    dialog.show()
    for _ in range(5):
        app.processEvents()
    # the dialog's own buttons (确定, 取消, 关闭 …), not the ones scrolled inside a list
    buttons = [b for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons() if b.isVisible()]
    measured[name] = {
        "frame": dialog.frameGeometry().getRect(),
        "inside": available.contains(dialog.frameGeometry()),
        "buttons_inside": all(available.contains(rect(b)) for b in buttons),
        "buttons": len(buttons),
    }
    dialog.close()
print(json.dumps({"available": available.getRect(), "dialogs": measured}, ensure_ascii=False))
window.close()
"""


def test_every_dialog_fits_a_1366x768_screen(tmp_path: Path) -> None:
    config = tmp_path / "screen.json"
    screen = {"name": "office", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, "-c", MEASURE], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["available"][2] == 1366
    for name, seen in report["dialogs"].items():
        assert seen["frame"][2] <= 1366, f"{name} is wider than the screen: {seen}"
        assert seen["inside"], f"{name} runs off the screen: {seen}"
        assert seen["buttons"] and seen["buttons_inside"], f"{name}'s buttons are cut off: {seen}"


def test_the_dismissal_dialog_wraps_a_long_finding_and_returns_the_reason(qtbot) -> None:
    message = "表三“一、本年新收”行不平衡。" * 25  # 300+ characters
    dialog = DismissDialog(message, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.message.wordWrap()
    assert dialog.width() <= dialog.screen().availableGeometry().width()
    assert dialog.chosen_reason() == DISMISS_REASONS[0]
    dialog.reason.setEditText("  与填报单位电话核实  ")
    assert dialog.chosen_reason() == "与填报单位电话核实"
    dialog.reason.setEditText("")
    assert dialog.chosen_reason() == DISMISS_REASONS[0]


@pytest.mark.parametrize("text", ["/a/b/c.docx", "某县_2023-年报.pdf"])
def test_a_path_may_wrap_after_its_separators(text: str) -> None:
    from app.ui.dialogs import breakable

    shown = breakable(text)
    assert shown.replace("\u200b", "") == text
    assert "\u200b" in shown
