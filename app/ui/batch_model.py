"""The batch list's Qt model: a thin adapter over the Qt-free `ReviewSession`.

The session (app/core/session) holds the entries, their results and decisions; `BatchModel` shows them
as rows and turns each change into the smallest Qt signal that says it (rows inserted, removed, a
contiguous range changed), so an update costs what changed, not the batch. What a row shows is worked
out once per change (`RowFace`), not on every paint, sort or filter.

`BatchFilter` sorts and filters the list by status and text in Python, on those faces: a change moves,
inserts or removes only the rows it touched (a bisection into the sorted order), and sorting or
filtering 10,000 reports is one Python sort, not hundreds of thousands of calls from Qt into the model
(QSortFilterProxyModel asks the model for every comparison: seconds for a province's batch). Both are
tested without a window.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QIcon

from app.core import wording
from app.core.batch.bodies import body_key
from app.core.session import Entry, ReviewSession, Status
from app.core.session.session import BatchInput, BatchOutput
from app.ui.look import (
    MUTED_COLOR,
    PASSED_COLOR,
    SEVERITY_COLORS,
    UNREADABLE_COLOR,
    rich_tooltip,
    status_icon,
)
from app.ui.table_model import HeaderedTableModel, Index

ENTRY_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class RowFace:
    """What the list shows of an entry, worked out once per change of the entry."""

    texts: tuple[str, ...]  # per column
    keys: tuple[str, ...]  # what each column sorts by
    status: Status
    words: str  # what the text filter searches: the name and the body, case-folded
    color: str  # the status's colour


def runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Rows as contiguous (first, last) ranges, ascending."""
    ranges: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if ranges and ranges[-1][1] == row - 1:
            ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    return ranges


class BatchModel(HeaderedTableModel):
    """The batch list: 文件, 单位, 年度, 格式, 状态."""

    HEADERS = ("文件", "单位", "年度", "格式", "状态")
    FILE, BODY, YEAR, LAYOUT, STATUS = range(5)
    HEADER_TIPS = {  # noqa: RUF012 (read only)
        FILE: "文件名；压缩包里的报告写作“压缩包名/成员名”",
        BODY: "报告标题中的单位名称",
        LAYOUT: "统计表所用的官方格式。" + wording.layout_explained(None),
    }

    def __init__(self, parent: QObject | None = None, session: ReviewSession | None = None) -> None:
        super().__init__(parent)
        self.session = session if session is not None else ReviewSession()
        self._icons: dict[tuple[str, str], QIcon] = {}
        self._faces: dict[int, RowFace] = {}  # id(entry) -> its face, until the entry changes
        self._status_texts: Counter[str] = Counter()  # the statuses the faces show, for the column width
        self.faces_made = 0  # faces worked out so far (a test counts the work an update does)

    def face(self, entry: Entry) -> RowFace:
        """The entry's row as shown (worked out again only after `changed`)."""
        face = self._faces.get(id(entry))
        if face is None:
            self.faces_made += 1
            texts = tuple(self._text(entry, column) for column in range(len(self.HEADERS)))
            keys = tuple(sort_key(entry, column) for column in range(len(self.HEADERS)))
            body = entry.result.body or "" if entry.result else ""
            words = f"{texts[self.FILE]}\n{body}".casefold()
            face = self._faces[id(entry)] = RowFace(texts, keys, entry.status, words, _status_color(entry))
            self._status_texts[face.texts[self.STATUS]] += 1
        return face

    def _forget(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            face = self._faces.pop(id(entry), None)
            if face is not None:
                text = face.texts[self.STATUS]
                self._status_texts[text] -= 1
                if not self._status_texts[text]:
                    del self._status_texts[text]

    def status_texts(self) -> list[str]:
        """The different statuses the list shows now (a few: their widths set the column's)."""
        return list(self._status_texts)

    # --- the batch ----------------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        return self.session.entries()

    def entry(self, row: int) -> Entry:
        return self.session.entry(row)

    def row_of(self, entry: Entry) -> int:
        return entry.row

    def contains_path(self, path: Path) -> bool:
        return self.session.contains_path(path)

    def add(self, entries: Sequence[Entry]) -> None:
        if not entries:
            return
        first = len(self.session)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self.session.add(entries)
        self.endInsertRows()

    def predecessor(self, entry: Entry) -> Entry | None:
        return self.session.predecessor(entry)

    def move_after(self, entry: Entry, anchor: Entry) -> None:
        """Put `entry` right below `anchor` (a new version beside the one it replaces)."""
        # Qt refuses a move that changes nothing (already below it): then there is nothing to do.
        if not self.beginMoveRows(QModelIndex(), entry.row, entry.row, QModelIndex(), anchor.row + 1):
            return
        self.session.move_after(entry, anchor)
        self.endMoveRows()

    def remove(self, entries: Iterable[Entry]) -> None:
        entries = [entry for entry in entries if self.session.contains(entry)]
        for first, last in reversed(runs(entry.row for entry in entries)):
            self.beginRemoveRows(QModelIndex(), first, last)
            gone = [self.session.entry(row) for row in range(first, last + 1)]
            self.session.remove(gone)
            self._forget(gone)
            self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.session.clear()
        self._faces.clear()
        self._status_texts.clear()
        self.endResetModel()

    def changed(self, entries: Iterable[Entry]) -> None:
        """Tell the views that these entries' results, statuses or decisions changed."""
        last_column = self.columnCount() - 1
        entries = [entry for entry in entries if self.session.contains(entry)]
        self._forget(entries)
        for first, last in runs(entry.row for entry in entries):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))

    def cross_check(self) -> list[Entry]:
        """The batch pass across reports (see `ReviewSession.cross_check`); the entries it changed."""
        changed = self.session.cross_check()
        self.changed(changed)
        return changed

    def take_batch_output(self, batch_input: BatchInput, output: BatchOutput) -> list[Entry]:
        """A batch pass run elsewhere placed on the entries (`ReviewSession.take_batch_output`)."""
        changed = self.session.take_batch_output(batch_input, output)
        self.changed(changed)
        return changed

    def chain_broken(self, entry: Entry) -> bool:
        return self.session.chain_broken(entry)

    def counts(self) -> dict[Status, int]:
        return self.session.counts()

    # --- Qt model -----------------------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self.session)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        return self.value(self.session.entry(index.row()), index.column(), role)

    def value(self, entry: Entry, column: int, role: int) -> object:
        """What a cell of the entry's row holds for a role (the list's filter asks here directly)."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self.face(entry).texts[column]
        if role == ENTRY_ROLE:
            return entry
        if role == SORT_ROLE:
            return self.face(entry).keys[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry)
        if column == self.STATUS and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(self.face(entry).color)
        if column == self.STATUS and role == Qt.ItemDataRole.DecorationRole:
            return self._icon(entry)
        if column == self.YEAR and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if column == self.YEAR and role == Qt.ItemDataRole.ForegroundRole and self.chain_broken(entry):
            return QColor(SEVERITY_COLORS["error"])  # a broken carry-over chain, on both its reports
        return None

    def _text(self, entry: Entry, column: int) -> str:
        result = entry.result
        if column == self.FILE:
            return wording.shown_name(entry.path)
        if column == self.STATUS:
            return entry.status_text
        if result is None or result.error:
            return ""
        if column == self.BODY:
            return result.body or "（未识别）"
        if column == self.YEAR:
            return str(result.year) if result.year else "？"
        if column == self.LAYOUT:
            return wording.layout_name(result.layout)
        return ""

    def _tooltip(self, entry: Entry) -> str:
        lines = [str(entry.path)]
        if entry.result is not None and entry.result.title:
            lines.append(entry.result.title)
        if entry.reason:
            lines.append(f"{entry.status_text}：{entry.reason}")
        elif entry.result is not None and not entry.result.error:
            lines.append(wording.layout_explained(entry.result.layout))
            lines.append(decisions_line(entry))
        lines.extend(self.session.chain_marks(entry))
        lines.extend(entry.round_lines)
        return rich_tooltip("\n".join(line for line in lines if line))

    def _icon(self, entry: Entry) -> QIcon:
        face = self.face(entry)
        key = (face.color, STATUS_GLYPHS[face.status])
        if key not in self._icons:
            self._icons[key] = status_icon(*key)
        return self._icons[key]


def decisions_line(entry: Entry) -> str:
    """How far the reviewer has got with a report's findings ("" when it has none)."""
    findings = len(entry.result.findings) if entry.result is not None else 0
    if not findings:
        return ""
    confirmed = sum(1 for state in entry.states.values() if state.decision == "confirmed")
    dismissed = sum(1 for state in entry.states.values() if state.dismissed)
    return f"处理：属实 {confirmed} 条，忽略 {dismissed} 条，未处理 {findings - confirmed - dismissed} 条"


def sort_key(entry: Entry, column: int) -> str:
    """What the list sorts a column by."""
    if column == BatchModel.BODY and entry.result is not None:  # one body's reports together, by year
        return f"{body_key(entry.result.body) or ''}\t{entry.result.year or 0:04d}"
    if column == BatchModel.STATUS:  # worst first: errors by their count, then warnings, then the rest
        rank = STATUS_RANK[entry.status]
        return f"{rank}{9999 - entry.open_count('error'):04d}{9999 - entry.open_count('warning'):04d}"
    result = entry.result
    if column == BatchModel.FILE:
        return entry.path.name.casefold()
    if result is None or result.error:
        return ""
    if column == BatchModel.YEAR:
        return str(result.year) if result.year else "？"
    if column == BatchModel.LAYOUT:
        return wording.layout_name(result.layout).casefold()
    return ""


STATUS_GLYPHS = {
    Status.CHECKING: "…",
    Status.PASSED: "✓",
    Status.PROBLEMS: "!",
    Status.UNREADABLE: "×",
    Status.SKIPPED: "–",
}


STATUS_RANK = {
    Status.PROBLEMS: 0,
    Status.UNREADABLE: 1,
    Status.SKIPPED: 2,
    Status.CHECKING: 3,
    Status.PASSED: 4,
}
STATUS_FILTERS: dict[str, frozenset[Status] | None] = {  # the list's 显示 choices
    "全部报告": None,
    "有问题": frozenset({Status.PROBLEMS}),
    "无法读取或已跳过": frozenset({Status.UNREADABLE, Status.SKIPPED}),
    "通过": frozenset({Status.PASSED}),
    "检查中": frozenset({Status.CHECKING}),
}


MANY = 64  # more changed rows than this re-sort the list at once instead of moving rows one by one


class BatchFilter(QAbstractTableModel):
    """The batch list as shown: sorted by the clicked column, filtered by status and by text.

    The shown entries are kept in ascending order of their key (the column's sort key, then the order
    they were added), with the key each was placed under; a descending sort shows that list backwards.
    An entry is found by bisecting its key, so a change costs log(batch) plus the rows it touched."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: BatchModel | None = None
        self._statuses: frozenset[Status] | None = None
        self._text = ""
        self._column = -1  # -1: the order the files were added
        self._descending = False
        self._serial: dict[int, int] = {}  # id(entry) -> the order it was added in
        self._next_serial = 0
        self._keys: list[tuple[str, int]] = []  # ascending
        self._shown: list[Entry] = []  # parallel to _keys
        self._placed: dict[int, tuple[str, int]] = {}  # id(shown entry) -> its key in _keys
        self.rebuilds = 0  # whole-list passes (sort, filter, reset): a test counts them per update

    # --- the source ---------------------------------------------------------------------------------
    def setSourceModel(self, model: BatchModel) -> None:
        self.beginResetModel()
        self._source = model
        model.rowsInserted.connect(self._on_inserted)
        model.rowsAboutToBeRemoved.connect(self._on_about_to_remove)
        model.rowsMoved.connect(self._on_moved)
        model.modelReset.connect(self._on_reset)
        model.dataChanged.connect(self._on_changed)
        self._number_all()
        self._fill()
        self.endResetModel()

    def sourceModel(self) -> BatchModel | None:
        return self._source

    def _number_all(self) -> None:
        entries = self._source.entries() if self._source is not None else []
        self._serial = {id(entry): number for number, entry in enumerate(entries)}
        self._next_serial = len(entries)

    # --- keys and places ----------------------------------------------------------------------------
    def _accepts(self, entry: Entry) -> bool:
        face = self._source.face(entry)  # type: ignore[union-attr]
        if self._statuses is not None and face.status not in self._statuses:
            return False
        return not self._text or self._text in face.words

    def _key(self, entry: Entry) -> tuple[str, int]:
        serial = self._serial[id(entry)]
        if self._column < 0:
            return ("", serial)
        return (self._source.face(entry).keys[self._column], serial)  # type: ignore[union-attr]

    def _view_row(self, position: int) -> int:
        """The shown row of a position in the ascending list (of the list's present length)."""
        return len(self._keys) - 1 - position if self._descending else position

    def _position(self, entry: Entry) -> int | None:
        key = self._placed.get(id(entry))
        if key is None:
            return None
        return bisect_left(self._keys, key)

    def _fill(self) -> None:
        """Every entry filtered and sorted again (a new sort, a new filter, a reset)."""
        self.rebuilds += 1
        source = self._source
        if source is None:
            self._keys, self._shown, self._placed = [], [], {}
            return
        # One pass in the batch's order (that is the order of addition: a stable sort keeps it for
        # equal keys), written out for speed: it runs over every report on each click of a header.
        statuses, text, column, serial, face = (
            self._statuses,
            self._text,
            self._column,
            self._serial,
            source.face,
        )
        shown, keys = [], []
        for entry in source.entries():
            row = face(entry)
            if (statuses is None or row.status in statuses) and (not text or text in row.words):
                shown.append(entry)
                keys.append((row.keys[column] if column >= 0 else "", serial[id(entry)]))
        if column >= 0:
            order = sorted(range(len(keys)), key=keys.__getitem__)
            keys = [keys[number] for number in order]
            shown = [shown[number] for number in order]
        self._keys, self._shown = keys, shown
        self._placed = {id(entry): key for entry, key in zip(shown, keys, strict=True)}

    def _refill(self, change: Callable[[], None] | None = None) -> None:
        """`_fill` as one layout change (after `change`, a new sort or filter): the selection and the
        current row follow their entries."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self.entry_at(index.row()), index.column()) for index in persistent]
        if change is not None:
            change()
        self._fill()
        moved = []
        for entry, column in held:
            row = self.row_of(entry)
            moved.append(self.index(row, column) if row is not None else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    # --- what the list shows ------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        def change() -> None:
            count = self._source.columnCount() if self._source is not None else 0
            self._column = column if column < count else -1
            self._descending = order == Qt.SortOrder.DescendingOrder and self._column >= 0

        self._refill(change)

    def set_statuses(self, statuses: frozenset[Status] | None) -> None:
        self._refill(lambda: setattr(self, "_statuses", statuses))

    def set_text(self, text: str) -> None:
        self._refill(lambda: setattr(self, "_text", text.strip().casefold()))

    def entry_at(self, row: int) -> Entry:
        return self._shown[self._view_row(row)]

    def row_of(self, entry: Entry) -> int | None:
        position = self._position(entry)
        return None if position is None else self._view_row(position)

    def mapFromSource(self, index: Index) -> QModelIndex:
        if not index.isValid() or self._source is None:
            return QModelIndex()
        row = self.row_of(self._source.entry(index.row()))
        return self.index(row, index.column()) if row is not None else QModelIndex()

    def mapToSource(self, index: Index) -> QModelIndex:
        if not index.isValid() or self._source is None:
            return QModelIndex()
        return self._source.index(self.entry_at(index.row()).row, index.column())

    # --- Qt model -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._source is None else self._source.columnCount()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        return self._source.headerData(section, orientation, role) if self._source is not None else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self._source is None:
            return None
        return self._source.value(self.entry_at(index.row()), index.column(), role)

    # --- following the source -----------------------------------------------------------------------
    def _on_reset(self) -> None:
        self.beginResetModel()
        self._number_all()
        self._fill()
        self.endResetModel()

    def _on_moved(self, *_args: object) -> None:
        # A new version moved below its predecessor: the order of addition is the session's order now.
        self._number_all()
        self._refill()

    def _on_inserted(self, _parent: Index, first: int, last: int) -> None:
        if self._source is None:
            return
        entries = [self._source.entry(row) for row in range(first, last + 1)]
        if last < self._source.rowCount() - 1:  # not at the end (the model only appends): number them all
            self._number_all()
        else:
            for entry in entries:
                self._serial[id(entry)] = self._next_serial
                self._next_serial += 1
        self._insert([entry for entry in entries if self._accepts(entry)])

    def _on_about_to_remove(self, _parent: Index, first: int, last: int) -> None:
        if self._source is None:
            return
        entries = [self._source.entry(row) for row in range(first, last + 1)]
        self._take_out([entry for entry in entries if id(entry) in self._placed])
        for entry in entries:
            self._serial.pop(id(entry), None)

    def _on_changed(self, top_left: Index, bottom_right: Index, _roles: object = None) -> None:
        if self._source is None:
            return
        entries = [self._source.entry(row) for row in range(top_left.row(), bottom_right.row() + 1)]
        leaving, moving, staying, arriving = [], [], [], []
        for entry in entries:
            placed = id(entry) in self._placed
            if not self._accepts(entry):
                if placed:
                    leaving.append(entry)
            elif not placed:
                arriving.append(entry)
            elif self._key(entry) != self._placed[id(entry)]:
                moving.append(entry)
            else:
                staying.append(entry)
        self._take_out(leaving)
        if len(moving) > MANY:
            self._refill()  # one sort of the list rather than hundreds of moves
        else:
            for entry in moving:
                self._move(entry)
            staying += moving
        self._tell_changed(staying)
        self._insert(arriving)

    def _tell_changed(self, entries: list[Entry]) -> None:
        rows = [row for entry in entries if (row := self.row_of(entry)) is not None]
        last_column = self.columnCount() - 1
        for first, last in runs(rows):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))

    def _take_out(self, entries: list[Entry]) -> None:
        positions = [position for entry in entries if (position := self._position(entry)) is not None]
        for first, last in reversed(runs(positions)):  # from the end: earlier positions stay valid
            rows = sorted((self._view_row(first), self._view_row(last)))
            self.beginRemoveRows(QModelIndex(), rows[0], rows[1])
            for entry in self._shown[first : last + 1]:
                del self._placed[id(entry)]
            del self._keys[first : last + 1]
            del self._shown[first : last + 1]
            self.endRemoveRows()

    def _insert(self, entries: list[Entry]) -> None:
        """Entries newly shown, each at its place; entries bound for one place go in as one run."""
        placed = sorted((self._key(entry), entry) for entry in entries)
        groups: list[tuple[int, list[tuple[tuple[str, int], Entry]]]] = []
        for key, entry in placed:
            position = bisect_left(self._keys, key)
            if groups and groups[-1][0] == position:
                groups[-1][1].append((key, entry))
            else:
                groups.append((position, [(key, entry)]))
        for position, group in reversed(groups):  # from the end: earlier positions stay valid
            count = len(group)
            first = len(self._keys) - position if self._descending else position
            self.beginInsertRows(QModelIndex(), first, first + count - 1)
            self._keys[position:position] = [key for key, _entry in group]
            self._shown[position:position] = [entry for _key, entry in group]
            for key, entry in group:
                self._placed[id(entry)] = key
            self.endInsertRows()

    def _move(self, entry: Entry) -> None:
        """An entry whose sort key changed goes to its new place (kept selected if it was)."""
        position = self._position(entry)
        if position is None:
            return
        key = self._key(entry)
        target = bisect_left(self._keys, key)  # its place in the list without it:
        if target > position:
            target -= 1  # its old key, smaller than the new one, is counted in `target`
        source_row, target_row = self._view_row(position), self._view_row(target)
        moves = target_row != source_row
        if moves:
            destination = target_row if target_row < source_row else target_row + 1
            self.beginMoveRows(QModelIndex(), source_row, source_row, QModelIndex(), destination)
        del self._keys[position]
        del self._shown[position]
        self._keys.insert(target, key)
        self._shown.insert(target, entry)
        self._placed[id(entry)] = key
        if moves:
            self.endMoveRows()


def _status_color(entry: Entry) -> str:
    status = entry.status
    if status is Status.PROBLEMS:
        return SEVERITY_COLORS["error"] if entry.open_count("error") else SEVERITY_COLORS["warning"]
    return {
        Status.CHECKING: MUTED_COLOR,
        Status.PASSED: PASSED_COLOR,
        Status.UNREADABLE: UNREADABLE_COLOR,
        Status.SKIPPED: MUTED_COLOR,
    }[status]
