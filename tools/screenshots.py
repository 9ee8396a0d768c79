"""Screenshots of the window's main states, for the docs and for looking at the UI.

    .venv/bin/python tools/screenshots.py docs/screenshots      (what `make screenshots` runs)

It starts itself twice under Xvfb (or, without `xvfb-run`, on the offscreen platform told the screen's
size), on the two office screens the window must fit, and photographs the whole screen (what is cut
off shows as cut off):

    docs/screenshots/1366x768/          a 1366×768 laptop
    docs/screenshots/1920x1080-150/     1920×1080 at 150% scaling (QT_SCALE_FACTOR=1.5)

Reports are corpus files copied under realistic names. The states:

    01-empty.png           the empty window (drop zone, 打开示例)
    02-batch.png           a checked batch: passed, problems, unreadable, skipped
    03-findings.png        a report with its findings, one selected and marked in the preview
    04-context-menu.png    right-click on a finding: 复制, 定位, 属实（退回修改）, 忽略…, 改回未处理
    05-unreadable.png      a file that could not be read, with the reason in plain words
    06-filtered.png        the list sorted by status and filtered to 有问题
    07-settings.png, 08-about.png, 09-help.png, 10-export-done.png, 11-file-dialog.png   dialogs
    12-sample.png          the sample report after one click on 打开示例年报
    13-pdf.png             a PDF report: what the checker read from it, a finding marked
    14-dismiss.png         忽略… on the longest finding: the dialog within the screen
    15-copy.png            the exported copy opened in LibreOffice Writer (1366×768 under Xvfb only)
    16-decisions.png       the decision controls: one finding 属实, one 忽略 with its reason, the rest
                           未处理, in the 处理 column, the summary and the 属实 / 忽略… / 未处理 buttons

The batch holds an old-Word .doc (made by LibreOffice when it is installed) and a .zip's report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
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
    extra = [broken]
    old = _as_doc(CORPUS / "seed001-clean.docx", folder / "附件1.doc")
    if old is not None:
        extra.append(old)
    mailed = folder / "乡镇报送材料.zip"
    with zipfile.ZipFile(mailed, "w", zipfile.ZIP_DEFLATED) as package:
        package.write(CORPUS / "seed002-t3_balance.txt", "2023年报.txt")
    extra.append(mailed)
    return files + extra


def _as_doc(docx: Path, target: Path) -> Path | None:
    """An old-Word copy of a report, made by LibreOffice (None without it)."""
    soffice = shutil.which("soffice")
    if soffice is None or not docx.is_file():
        return None
    with tempfile.TemporaryDirectory() as scratch:
        command = [soffice, f"-env:UserInstallation={(Path(scratch) / 'profile').as_uri()}", "--headless",
                   "--convert-to", "doc", "--outdir", scratch, str(docx)]  # fmt: skip
        subprocess.run(command, capture_output=True, timeout=180, check=False)
        made = Path(scratch) / f"{docx.stem}.doc"
        if not made.is_file():
            return None
        shutil.copy(made, target)
    return target


SCREENS = (  # folder, Xvfb screen, QT_SCALE_FACTOR
    ("1366x768", "1366x768x24", "1"),
    ("1920x1080-150", "1920x1080x24", "1.5"),
)
CHILD = "--on-this-display"
CHILD_COPY = "--with-the-copy"  # an X screen LibreOffice can open a window on (Xvfb)


def main(argv: list[str]) -> int:
    out = Path(next((arg for arg in argv if not arg.startswith("-")), "docs/screenshots"))
    if CHILD in argv:
        return shoot_all(out)
    with tempfile.TemporaryDirectory() as scratch:  # the offscreen screens' config files, removed after
        for folder, screen, scale in SCREENS:
            width, height, _depth = screen.split("x")
            env = dict(os.environ, QT_SCALE_FACTOR=scale, LANG="zh_CN.UTF-8")
            command = [sys.executable, __file__, str(out / folder), CHILD]
            if shutil.which("xvfb-run"):
                env["QT_QPA_PLATFORM"] = "xcb"
                command = ["xvfb-run", "-a", "-s", f"-screen 0 {screen}", *command]
                if scale == "1":
                    command.append(CHILD_COPY)
            else:  # the offscreen platform, told the screen's size
                config = Path(scratch) / f"{folder}.json"
                screens = [
                    {"name": folder, "x": 0, "y": 0, "width": int(width), "height": int(height), "dpr": 1}
                ]
                config.write_text(json.dumps({"screens": screens}))
                env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
            done = subprocess.run(command, env=env, timeout=600)
            if done.returncode:
                return done.returncode
    return 0


def shoot_all(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QItemSelectionModel, QTimer
    from PySide6.QtWidgets import QFileDialog

    from app.ui.dialogs import (
        FILE_FILTER,
        AboutDialog,
        DismissDialog,
        ExportDoneDialog,
        HelpDialog,
        SettingsDialog,
        file_dialog,
    )
    from app.ui.findings_model import FINDING_ROLE
    from app.ui.jobs import ExportSummary
    from app.ui.main import create_application
    from app.ui.settings import Settings
    from app.ui.window import MainWindow
    from app.ui.workers import TaskRunner

    app = create_application([])
    settings = Settings(None)
    window = MainWindow(settings, TaskRunner())
    window.show()
    screen = window.screen()
    print(
        f"screen {screen.size().width()}×{screen.size().height()} (logical), window {window.frameGeometry()}"
    )

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    def shoot(name: str, widget=None) -> None:
        """The whole screen (what the reviewer sees, cut-offs included), or one dialog."""
        settle()
        path = out / name
        pixmap = widget.grab() if widget is not None else screen.grabWindow(0)
        pixmap.save(str(path))
        print(f"wrote {path}")

    shoot("01-empty.png")

    with tempfile.TemporaryDirectory() as temp:
        files = _stage(Path(temp))
        window.add_paths(files)
        settle()
        shoot("02-batch.png")

        first = next(entry for entry in window.batch.entries() if entry.path.name.startswith("遂平县"))
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
        shoot("03-findings.png")

        menu = window.findings.context_menu()
        menu.popup(table.viewport().mapToGlobal(table.visualRect(proxy.index(row, 3)).center()))
        shoot("04-context-menu.png")
        menu.close()

        # The decisions: 属实 on the selected finding, 忽略 on another, the rest 未处理.
        number = proxy.data(proxy.index(row, 0), FINDING_ROLE)
        window.confirm_finding(number)
        other = next((n for n in range(len(findings)) if n != number), None)
        if other is not None:
            window.dismiss_finding(other, "已与填报单位电话确认，数据无误")
        window.findings.select_finding(number)
        shoot("16-decisions.png")

        broken = next(entry for entry in window.batch.entries() if entry.path.name.startswith("某街道"))
        window.select_entry(broken)
        shoot("05-unreadable.png")

        window.batch_view.sortByColumn(4, window.batch_view.horizontalHeader().sortIndicatorOrder())
        window.status_filter.setCurrentIndex(window.status_filter.findText("有问题"))
        shoot("06-filtered.png")
        window.status_filter.setCurrentIndex(0)

        for name, dialog in (
            ("07-settings.png", SettingsDialog(settings, window)),
            ("08-about.png", AboutDialog(window)),
            ("09-help.png", HelpDialog(window)),
            (
                "10-export-done.png",
                ExportDoneDialog(
                    ExportSummary(
                        Path(settings.export_dir),
                        [Path(temp) / f"{path.stem}（检查意见）.docx" for path in files[:4]]
                        + [Path(temp) / "问题汇总表.xlsx"],
                        [(files[-2].name, "文件在传输中损坏，无法读取。")],
                    ),
                    window,
                ),
            ),
        ):
            dialog.show()
            shoot(name, dialog)
            dialog.close()

        longest = max(
            (finding for entry in window.batch.entries() if entry.result for finding in entry.result.findings),
            key=lambda finding: len(finding.message),
        )
        dismiss = DismissDialog(longest.message, window)
        dismiss.show()
        shoot("14-dismiss.png")  # the whole screen: the dialog fits it, buttons in sight
        dismiss.close()

        if CHILD_COPY in sys.argv:
            shoot_copy(first.result, Path(temp), shoot)

        picker = file_dialog(window, "添加年度报告", temp, QFileDialog.FileMode.ExistingFiles, FILE_FILTER)
        picker.show()
        shoot("11-file-dialog.png", picker)
        picker.close()

        pdf = next((entry for entry in window.batch.entries() if entry.path.suffix == ".pdf"), None)
        if pdf is not None and pdf.result is not None and pdf.result.findings:
            window.select_entry(pdf)
            window.findings.select_finding(0)
            shoot("13-pdf.png")
        window.clear_batch()
        window.close()

    # What a first-time user sees after one click on 打开示例年报.
    sample_window = MainWindow(settings, TaskRunner())
    sample_window.show()
    sample_window.welcome.sample_link.linkActivated.emit("sample")
    entry = sample_window.current_entry()
    if entry is not None and entry.result is not None:
        missing = next((n for n, f in enumerate(entry.result.findings) if f.rule == "S101"), None)
        if missing is not None:
            sample_window.findings.select_finding(missing)
    shoot("12-sample.png")
    sample_window.close()
    QTimer.singleShot(0, app.quit)
    app.exec()
    return 0


def shoot_copy(result, folder: Path, shoot) -> None:
    """The annotated copy of a report as its author opens it: LibreOffice Writer on this screen."""
    from app.core.export import export_report

    copy = export_report(result, folder / "遂平县2022年报（检查意见）.docx", reviewer="县政务公开办 王审核")
    soffice = shutil.which("soffice")
    if soffice is None:
        print("no LibreOffice: 15-copy.png not taken")
        return
    profile = (folder / "lo-profile").as_uri()
    env = dict(os.environ, SAL_USE_VCLPLUGIN="gen")
    writer = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--norestore", "--nologo", "--view", str(copy)],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(25)  # LibreOffice's first start with a fresh profile
        shoot("15-copy.png")
    finally:
        os.killpg(writer.pid, 9)
        writer.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
