"""The preview pane: the report as the engine read it, findings marked in place.

A QTextBrowser showing `preview_html`; clicking a marked place emits `finding_clicked(N)`, and
`show_finding(N)` draws that finding's place in the strong tint and scrolls it into view.

A table scrolled past its heading rows keeps them in sight: `StickyHeader`, a strip over the top of
the view, paints the table's own heading rows (the document drawn clipped to them, so the columns
line up exactly) while any of the table's body is under it. A scrolled-to cell is placed below it.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRectF, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QCursor, QPainter, QPaintEvent, QResizeEvent, QTextCursor, QTextTable
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from app.core.model import Result
from app.ui.look import rich_tooltip
from app.ui.preview_html import STYLE_SHEET, focus_place, render_document, render_message


class StickyHeader(QWidget):
    """The heading rows of the table under the top of the preview, painted over it."""

    def __init__(self, browser: QTextBrowser) -> None:
        super().__init__(browser.viewport())
        self.browser = browser
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.region: QRectF | None = None  # the heading rows, in document coordinates
        self.text = ""  # what the heading rows say (for tests and for a screen reader's name)
        self.hide()

    def follow(self) -> None:
        """Show the heading rows of the table whose body is at the top of the view, if scrolled out."""
        top = self.browser.verticalScrollBar().value()
        found = None
        for table in _tables(self.browser):
            heading = table.format().headerRowCount()
            if heading <= 0 or heading >= table.rows():
                continue
            frame = self.browser.document().documentLayout().frameBoundingRect(table)
            if not frame.top() < top < frame.bottom() - 24:
                continue
            # The heading rows that fit in a third of the view (the lowest ones, which name the
            # columns): a tall heading in a narrow view must not hide what it is the heading of.
            body_top = _row_top(self.browser, table, heading)
            room = self.browser.viewport().height() / 3
            first = next(
                (
                    row
                    for row in range(heading)
                    if body_top - _heading_top(self.browser, table, row, frame) <= room
                ),
                None,
            )
            if first is not None:
                region_top = _heading_top(self.browser, table, first, frame)
                found = (table, QRectF(frame.left(), region_top, frame.width(), body_top - region_top))
            break
        if found is None:
            self.region, self.text = None, ""
            self.hide()
            return
        table, self.region = found
        heading = table.format().headerRowCount()
        texts = []
        frame = self.browser.document().documentLayout().frameBoundingRect(table)
        for row in range(heading):
            if _heading_top(self.browser, table, row, frame) + 1 < self.region.top():
                continue  # a heading row left out of the strip
            for column in range(table.columns()):
                cell = table.cellAt(row, column)
                if cell.row() == row and cell.column() == column:
                    cursor = cell.firstCursorPosition()
                    cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
                    texts.append(cursor.selectedText().strip())
        self.text = " ".join(text for text in texts if text)
        self.setGeometry(0, 0, self.browser.viewport().width(), int(self.region.height()) + 1)
        self.show()
        self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if self.region is None:
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        dx = self.browser.horizontalScrollBar().value()
        painter.translate(-dx, -self.region.top())
        clip = QRectF(
            self.region.left() - 1, self.region.top(), self.region.width() + 2, self.region.height()
        )
        self.browser.document().drawContents(painter, clip)
        painter.resetTransform()
        painter.setPen(QColor("#9e9e9e"))
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        painter.end()


def _tables(browser: QTextBrowser) -> list[QTextTable]:
    return [frame for frame in browser.document().rootFrame().childFrames() if isinstance(frame, QTextTable)]


def _heading_top(browser: QTextBrowser, table: QTextTable, row: int, frame: QRectF) -> float:
    return frame.top() if row == 0 else _row_top(browser, table, row)


def _row_top(browser: QTextBrowser, table: QTextTable, row: int) -> float:
    """The top of a table row in document coordinates (its highest cell, less the cell padding)."""
    layout = browser.document().documentLayout()
    tops = [
        layout.blockBoundingRect(table.cellAt(row, column).firstCursorPosition().block()).top()
        for column in range(table.columns())
        if table.cellAt(row, column).row() == row
    ]
    padding = table.format().cellPadding() + table.format().border()
    return (min(tops) if tops else layout.frameBoundingRect(table).bottom()) - padding


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
        self.sticky = StickyHeader(self)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self.sticky.follow())
        self.horizontalScrollBar().valueChanged.connect(lambda _value: self.sticky.update())
        self.show_hint()

    def setHtml(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setHtml(text)
        self.sticky.follow()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.sticky.follow()

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
        # The table's heading rows now stand over the top of the view: the cell goes below them.
        self.sticky.follow()
        if self.sticky.isVisible() and self.cursorRect(cursor).top() < self.sticky.height() + 8:
            bar.setValue(max(0, top - self.sticky.height() - 12))
            self.sticky.follow()

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
