"""The report list at 1366×768: 单位 always in sight (the file name elided first), the filter matches
what is shown, reports inside a .zip named 压缩包名/成员名, 「未识别」 in 格式 explained. Measured on the
offscreen platform told the screen's size, in a fresh process (a screen is fixed when Qt starts)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "files"

MEASURE = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import Qt
from app.ui.batch_model import BatchModel
from app.ui.main import create_application
from app.ui.settings import Settings
from app.ui.window import MainWindow
from app.ui.workers import TaskRunner

app = create_application([])
window = MainWindow(Settings(None), TaskRunner())
window.show()
window.add_paths([Path(p) for p in sys.argv[1:]])
for _ in range(10):
    app.processEvents()
view, model = window.batch_view, window.batch_filter
window.batch_view._relayout()
header = view.horizontalHeader()
metrics = view.fontMetrics()
rows = []
for row in range(model.rowCount()):
    body = model.index(row, BatchModel.BODY).data() or ""
    rows.append({"file": model.index(row, BatchModel.FILE).data(), "body": body,
                 "body_needs": metrics.horizontalAdvance(body),
                 "tip": model.index(row, BatchModel.FILE).data(Qt.ItemDataRole.ToolTipRole) or ""})
right = header.sectionViewportPosition(BatchModel.STATUS) + header.sectionSize(BatchModel.STATUS)
window.search.setText("科技和工业")
shown = [model.index(r, BatchModel.FILE).data() for r in range(model.rowCount())]
print(json.dumps({
    "screen": window.screen().availableGeometry().width(),
    "body_hidden": view.isColumnHidden(BatchModel.BODY),
    "body_width": header.sectionSize(BatchModel.BODY),
    "file_width": header.sectionSize(BatchModel.FILE),
    "columns_right": right, "viewport": view.viewport().width(),
    "layout_tip": model.sourceModel().headerData(BatchModel.LAYOUT, Qt.Orientation.Horizontal,
                                                 Qt.ItemDataRole.ToolTipRole),
    "rows": rows, "filtered": shown, "placeholder": window.search.placeholderText(),
}, ensure_ascii=False))
window.close()
"""


def test_the_list_at_1366_shows_whose_report_each_file_is(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "seed000-t3_cell.docx", tmp_path / "2022年报.docx")
    shutil.copy(CORPUS / "seed001-t3_cell.txt", tmp_path / "附件1.txt")
    (tmp_path / "空表.txt").write_text(
        "某某镇人民政府2022年政府信息公开工作年度报告\n一、总体情况\n本镇认真做好信息公开。\n"
        "二、主动公开政府信息情况\n（表格略）\n",
        encoding="utf-8",
    )
    with zipfile.ZipFile(tmp_path / "报送材料.zip", "w") as package:
        package.write(CORPUS / "seed002-t3_cell.txt", "某乡年报.txt")
    config = tmp_path / "screen.json"
    screen = {"name": "office", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    files = [tmp_path / name for name in ("2022年报.docx", "附件1.txt", "空表.txt", "报送材料.zip")]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *map(str, files)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["screen"] == 1366
    assert not seen["body_hidden"]
    bodies = [row for row in seen["rows"] if row["body"]]
    assert len(bodies) >= 3
    # the usual body name shows in full; the file name is what gives way
    assert all(seen["body_width"] >= min(row["body_needs"], 150) for row in bodies), seen
    assert seen["columns_right"] <= seen["viewport"]
    assert "报送材料.zip/某乡年报.txt" in [row["file"] for row in seen["rows"]]
    # the filter's words (file name or 单位) match what is shown: here the 单位 column
    assert seen["placeholder"] == "筛选文件名或单位"
    assert "2022年报.docx" in seen["filtered"] and "附件1.txt" not in seen["filtered"]
    assert "未识别" in seen["layout_tip"]
    unknown = next(row for row in seen["rows"] if row["file"] == "空表.txt")
    assert "未识别" in unknown["tip"] or "统计表" in unknown["tip"]
