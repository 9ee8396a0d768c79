"""An unreadable report's page says its own reason once, without generic advice repeated under it."""

from __future__ import annotations

from pathlib import Path

from app.ui.window import MainWindow
from tests.ui.test_window import select


def test_an_unreadable_report_shows_its_reason_alone(window: MainWindow, tmp_path: Path) -> None:
    broken = tmp_path / "损坏.docx"
    broken.write_text("这其实是一个文本文件", encoding="utf-8")
    empty = tmp_path / "空白.pdf"
    empty.write_bytes(b"%PDF-1.4\n%%EOF\n")
    window.add_paths([broken, empty])
    for name in ("损坏.docx", "空白.pdf"):
        select(window, name)
        entry = window.current_entry()
        page = window.preview.toPlainText()
        assert entry.reason
        assert [line for line in page.splitlines() if line.strip()] == [f"无法读取：{name}", entry.reason]
