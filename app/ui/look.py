"""Colours, status icons and the font: the few visual constants the widgets share."""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

# Text colours (on white) and light/strong tints (backgrounds) per severity.
SEVERITY_COLORS: dict[str, str] = {"error": "#c62828", "warning": "#a15c00", "info": "#1565c0"}
SEVERITY_TINTS: dict[str, tuple[str, str]] = {
    "error": ("#fde3e1", "#f59d96"),
    "warning": ("#fff3cd", "#ffcf4d"),
    "info": ("#e3eefc", "#9fc4f3"),
    "dismissed": ("#eeeeee", "#c8c8c8"),
}
PASSED_COLOR = "#2e7d32"
MUTED_COLOR = "#757575"
UNREADABLE_COLOR = "#6d4c41"

# Fonts that hold Chinese glyphs, the platform's usual one first.
CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Noto Sans SC",
)


def pick_ui_font(current: QFont) -> QFont:
    """The application font: a CJK sans-serif family, at least 10 pt."""
    font = QFont(current)
    if QFontDatabase.WritingSystem.SimplifiedChinese not in QFontDatabase.writingSystems(font.family()):
        families = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
        family = next((name for name in CJK_FAMILIES if name in families), None)
        if family:
            font.setFamilies([family])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    return font


def status_icon(color: str, glyph: str, size: int = 32) -> QIcon:
    """A filled circle with a one-character glyph (✓ ! × …) — readable for the colour-blind too."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.setPen(QPen(QColor("white")))
    font = QFont()
    font.setPixelSize(int(size * 0.62))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return QIcon(pixmap)


TOOLTIP_WIDTH = 420  # px: a tooltip wraps instead of running across the screen


def rich_tooltip(text: str) -> str:
    """A tooltip that wraps: Qt wraps rich-text tooltips only, so the plain text goes in a table cell."""
    if not text:
        return ""
    body = html.escape(text).replace("\n", "<br/>")
    return f'<table width="{TOOLTIP_WIDTH}"><tr><td>{body}</td></tr></table>'


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with … at the end instead of widening the window."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setToolTip(rich_tooltip(text))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(40, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown)


STYLE_SHEET = """
#DropArea { border: 3px solid transparent; }
#DropArea[dragging="true"] { border: 3px solid #1976d2; background: #e8f1fc; }
#DropZone { border: 2px dashed #9fb3c8; border-radius: 16px; background: #f7f9fc; }
#WelcomeTitle { font-size: 20pt; font-weight: 600; color: #1f2d3d; }
#WelcomeText { color: #4a5a6a; font-size: 11pt; }
#WelcomeNote { color: #8a96a3; }
#WelcomeSample { color: #37474f; }
#PaneTitle { font-weight: 600; color: #37474f; padding: 4px 2px; }
#PaneHint { color: #8a96a3; padding: 2px; }
#PanelHeading { font-size: 12pt; font-weight: 600; color: #1f2d3d; }
#PanelSummary { color: #555555; }
#EmptyHint { color: #6b7785; font-size: 11pt; background: #fafbfc; border: 1px solid #e3e6ea; border-radius: 6px; }
#FindingDetail { background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 6px; padding: 8px; }
"""
