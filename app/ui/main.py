"""Starting the window: `run_window(argv)` creates the application, translators, settings and window.

    python -m app [FILE_OR_FOLDER ...]     opens the window with those reports loaded
    python -m app --smoke-test             opens the window, prints "window shown", exits 0

Qt's own options (-platform offscreen, -style fusion …) are accepted too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_NAME, __version__
from app.core.resources import resource_path
from app.ui.look import pick_ui_font
from app.ui.settings import ORGANIZATION, Settings, review_file_path, settings_store
from app.ui.window import MainWindow
from app.ui.workers import PoolRunner

SMOKE_TEST = "--smoke-test"
QT_OPTIONS_WITH_VALUE = {
    "-platform",
    "-platformpluginpath",
    "-platformtheme",
    "-plugin",
    "-qwindowgeometry",
    "-qwindowtitle",
    "-qwindowicon",
    "-style",
    "-stylesheet",
    "-session",
    "-display",
}


def install_translators(app: QCoreApplication) -> list[QTranslator]:
    """Qt's own Chinese strings, so standard dialogs and buttons (取消, 打开 …) speak Chinese."""
    installed = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN",):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def create_application(argv: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(ORGANIZATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication([sys.argv[0] if sys.argv else APP_NAME, *argv])
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_translators(app)
    app.setFont(pick_ui_font(app.font()))
    app.setWindowIcon(QIcon(str(resource_path("icon", "icon.png"))))
    return app


def report_paths(argv: Sequence[str]) -> list[str]:
    """The files and folders named on the command line, without our flags and Qt's own options."""
    paths: list[str] = []
    skip_value = False
    for arg in argv:
        if skip_value:
            skip_value = False
        elif arg in QT_OPTIONS_WITH_VALUE:
            skip_value = True
        elif not arg.startswith("-"):
            paths.append(arg)
    return paths


NO_DISPLAY = (
    "没有找到图形界面（DISPLAY / WAYLAND_DISPLAY 未设置），无法打开窗口。请在桌面环境中运行，"
    "或用命令行：python -m app check 文件…\n"
    "No graphical display found (DISPLAY / WAYLAND_DISPLAY unset): run it on a desktop, or use the "
    "command line: python -m app check FILE..."
)


def has_display(argv: Sequence[str]) -> bool:
    """False on a Linux box with no display and no other Qt platform chosen (Qt would abort)."""
    if not sys.platform.startswith("linux"):
        return True
    chosen = os.environ.get("QT_QPA_PLATFORM") or "-platform" in argv
    return bool(chosen or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_window(argv: Sequence[str]) -> int:
    if not has_display(argv):
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    app = create_application(argv)
    smoke = SMOKE_TEST in argv
    paths = report_paths(argv)
    # The smoke test must leave no trace in the user's settings or review.
    settings = Settings(None if smoke else settings_store())
    runner = PoolRunner()
    window = MainWindow(settings, runner, review_path=None if smoke else review_file_path())
    window.show()
    window.restore_session()
    if paths:
        window.add_paths(paths)
    if smoke:
        QTimer.singleShot(0, lambda: _report_shown(window, app))
    code = app.exec()
    runner.shutdown()
    return code


def _report_shown(window: MainWindow, app: QApplication) -> None:
    if window.isVisible():
        print("window shown", flush=True)
        window.close()
        app.exit(0)
    else:
        app.exit(1)
