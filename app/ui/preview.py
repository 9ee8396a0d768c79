"""The preview pane: the report as the engine read it, findings marked in place.

A QTextBrowser showing `preview_html`; clicking a marked place emits `finding_clicked(N)`, and
`show_finding(N)` draws that finding's place in the strong tint and scrolls it into view.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QCursor, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from app.core.model import Result
from app.ui.look import rich_tooltip
from app.ui.preview_html import STYLE_SHEET, focus_place, render_document, render_message


class PreviewBrowser(QTextBrowser):
    finding_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(STYLE_SHEET)
        self.document().setDocumentMargin(14)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.highlighted.connect(self._on_link_hovered)
        self._result: Result | None = None
        self._dismissed: Mapping[int, str] = {}
        self.highlighted_finding: int | None = None
        self.highlighted_anchor: str | None = None  # the place name of the highlighted finding
        self.show_hint()

    @property
    def result(self) -> Result | None:
        """The report shown, as read for the preview (with its document); None for a plain page."""
        return self._result

    def show_hint(self) -> None:
        self._show_page(
            "报告预览",
            "在左侧选择一份报告，这里会显示检查器读到的全文和表格，问题所在处用颜色标出。",
        )

    def show_page(self, title: str, text: str, hint: str = "") -> None:
        """A plain page instead of a document (being checked, unreadable, skipped)."""
        self._show_page(title, text, hint)

    def _show_page(self, title: str, text: str, hint: str = "") -> None:
        self._result = None
        self.highlighted_finding = self.highlighted_anchor = None
        self.setHtml(render_message(title, text, hint))

    def show_result(self, result: Result, dismissed: Mapping[int, str]) -> None:
        self._result, self._dismissed = result, dismissed
        self.highlighted_finding = self.highlighted_anchor = None
        self.setHtml(render_document(result, dismissed))

    def refresh(self) -> None:
        """Redraw after a dismissal, keeping the scroll position."""
        if self._result is None:
            return
        position = self.verticalScrollBar().value()
        self.setHtml(render_document(self._result, self._dismissed, self.highlighted_finding))
        self.verticalScrollBar().setValue(position)

    def show_finding(self, number: int | None) -> None:
        """Highlight a finding's place and scroll to it (None clears the highlight)."""
        result = self._result
        if result is None or number is None or not 0 <= number < len(result.findings):
            if self.highlighted_finding is not None:
                self.highlighted_finding = self.highlighted_anchor = None
                self.refresh()
            return
        finding = result.findings[number]
        self.highlighted_finding = number
        # The first anchor, not the first place in reading order: a balance finding's suspect cell
        # may stand below the total that opens its table.
        self.highlighted_anchor = focus_place(finding) or f"f{number}"
        self.setHtml(render_document(result, self._dismissed, number))
        self.scroll_to(self.highlighted_anchor)

    def scroll_to(self, name: str) -> None:
        """Scroll so the anchor stands a third of the way down, with its context above it."""
        cursor = self.anchor_cursor(name)
        if cursor is None:
            self.scrollToAnchor(name)
            return
        bar = self.verticalScrollBar()
        top = self.cursorRect(cursor).top() + bar.value()  # in document coordinates
        bar.setValue(max(0, top - self.viewport().height() // 3))

    def anchor_cursor(self, name: str = "", href: str = "") -> QTextCursor | None:
        """A cursor on the text carrying the anchor `name` (or the link to `href`)."""
        document = self.document()
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                char_format = fragment.charFormat()
                if (name and name in char_format.anchorNames()) or (
                    href and char_format.anchorHref() == href
                ):
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position() + (fragment.length() // 2 if href else 0))
                    return cursor
                iterator += 1
            block = block.next()
        return None

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "finding":
            try:
                self.finding_clicked.emit(int(url.path()))
            except ValueError:
                pass

    def _on_link_hovered(self, url: QUrl) -> None:
        result = self._result
        if result is None or url.scheme() != "finding":
            QToolTip.hideText()
            return
        try:
            finding = result.findings[int(url.path())]
        except (ValueError, IndexError):
            return
        QToolTip.showText(QCursor.pos(), rich_tooltip(finding.message), self)
