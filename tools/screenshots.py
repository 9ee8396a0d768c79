"""Screenshots of the window's main states, for the docs and for looking at the UI.

    .venv/bin/python tools/screenshots.py docs/screenshots

Runs offscreen unless a display is set (QT_QPA_PLATFORM=xcb under Xvfb works too), loads corpus
reports copied under realistic names, and writes PNGs with `widget.grab()`:

    01-empty.png           the empty window (drop zone, 打开示例)
    01b-dragging.png       files dragged over the window
    02-batch.png           a checked batch: passed, problems, unreadable, skipped
    03-findings.png        a report with its findings, one selected and marked in the preview
    04-preview-cell.png    the preview on the wrong cell of table 三
    05-unreadable.png      a file that could not be read, with the reason in plain words
    06-settings.png, 07-about.png   the dialogs
    08-sample.png          the sample report after one click on 打开示例年报
    09-pdf.png             a PDF report: what the checker read from it, a finding marked
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "files"
REPORTS = [  # corpus file, the name a reviewer would receive it under
    ("seed000-t3_cell.docx", "遂平县科技和工业信息化局2022年政府信息公开工作年度报告.docx"),
    ("seed001-missing_section.txt", "青山区工信和科技局2022年政府信息公开工作年度报告.txt"),
    ("seed002-clean.docx", None),
    ("seed003-clean.docx", None),
    ("seed002-t4_total.docx", None),
    ("seed004-clean.docx", None),
    ("seed003-t3_balance.txt", None),
    ("seed001-t3_row_total.pdf", None),
    ("seed001-old_layout.xlsx", None),
]


def _stage(folder: Path) -> list[Path]:
    """Copy the reports under the names they would arrive with, plus a broken and an old file."""
    sys.path.insert(0, str(ROOT))
    from app.core.check import check_file

    files = []
    for source, name in REPORTS:
        path = CORPUS / source
        if not path.is_file():
            continue
        if name is None:
            result = check_file(path)
            name = f"{result.body or path.stem}{result.year or ''}年政府信息公开工作年度报告{path.suffix}"
        target = folder / name
        shutil.copy(path, target)
        files.append(target)
    broken = folder / "某街道办事处年度报告（传输损坏）.docx"
    broken.write_text("这个文件在传输中损坏了", encoding="utf-8")
    old = folder / "某乡人民政府2022年年度报告.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    return files + [broken, old]


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QItemSelectionModel, QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent
    from PySide6.QtWidgets import QApplication

    from app.ui.dialogs import AboutDialog, SettingsDialog
    from app.ui.findings_model import FINDING_ROLE
    from app.ui.main import create_application
    from app.ui.settings import Settings
    from app.ui.window import MainWindow
    from app.ui.workers import TaskRunner

    app = create_application([])
    settings = Settings(None)
    window = MainWindow(settings, TaskRunner())
    window.resize(1440, 900)
    window.show()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shoot(widget, name: str) -> None:
        settle()
        path = out / name
        widget.grab().save(str(path))
        print(f"wrote {path}")

    shoot(window, "01-empty.png")

    # A reviewer dragging files over the window: the whole window lights up.
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(CORPUS / REPORTS[0][0]))])
    enter = QDragEnterEvent(
        QPoint(700, 400),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window.drop_area, enter)
    shoot(window, "01b-dragging.png")
    QApplication.sendEvent(window.drop_area, QDragLeaveEvent())

    with tempfile.TemporaryDirectory() as temp:
        files = _stage(Path(temp))
        window.add_paths(files)
        settle()
        shoot(window, "02-batch.png")

        first = window.batch.entry(0)
        window.select_entry(first)
        table = window.findings.table
        proxy = window.findings.proxy
        findings = first.result.findings if first.result else ()
        row = next(
            (
                r
                for r in range(proxy.rowCount())
                if findings[proxy.data(proxy.index(r, 0), FINDING_ROLE)].rule == "A301"
            ),
            0,
        )
        table.selectionModel().setCurrentIndex(
            proxy.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        shoot(window, "03-findings.png")
        shoot(window.preview.parentWidget(), "04-preview-cell.png")

        pdf = next((entry for entry in window.batch.entries() if entry.path.suffix == ".pdf"), None)
        if pdf is not None and pdf.result is not None and pdf.result.findings:
            window.select_entry(pdf)
            window.findings.select_finding(0)
            shoot(window, "09-pdf.png")

        broken = next(entry for entry in window.batch.entries() if entry.path.name.startswith("某街道"))
        window.select_entry(broken)
        shoot(window, "05-unreadable.png")

        dialog = SettingsDialog(settings, window)
        dialog.show()
        shoot(dialog, "06-settings.png")
        dialog.close()
        about = AboutDialog(window)
        about.show()
        shoot(about, "07-about.png")
        about.close()
        window.close()

    # What a first-time user sees after one click on 打开示例年报.
    sample_window = MainWindow(settings, TaskRunner())
    sample_window.resize(1440, 900)
    sample_window.show()
    sample_window.welcome.sample_link.linkActivated.emit("sample")
    entry = sample_window.current_entry()
    if entry is not None and entry.result is not None:
        missing = next((n for n, f in enumerate(entry.result.findings) if f.rule == "S101"), None)
        if missing is not None:
            sample_window.findings.select_finding(missing)
    shoot(sample_window, "08-sample.png")
    sample_window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
