"""WordprocessingML as the DOCX reader and both Word exporters see it: one definition of each fact.

- **Text.** `text_runs(p)` are the w:r of a paragraph whose text Word shows, in order (through hyperlinks,
  insertions, fields and content controls; never deleted or moved-away revisions, drawings, or a nested
  paragraph); `run_text(r)` is what one run shows; `paragraph_text(p)` is their join. The reader stores
  exactly this text, so a character span a finding names is a span of the runs' text: the annotator
  splits runs at those offsets with no guessing.
- **Grid.** `grid_cells(tr)` gives each w:tc of a row with its first grid column and its span (after the
  row's w:gridBefore, through content controls wrapping cells); `cell_at(tr, col)` the cell covering a
  column; `vertical_merge(tc)` whether a cell starts or continues a vertical merge.
- **Wrappers.** `wrapped_children(parent, tag)` looks through content controls (w:sdt) and custom XML.

Everything here takes lxml elements (python-docx's oxml elements are lxml elements) and never edits them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
VAL = W + "val"

# Elements whose text Word does not show in the paragraph: deleted or moved-away revisions, drawings
# and embedded objects (their text boxes would come twice through mc:AlternateContent), properties.
HIDDEN_ELEMENTS = frozenset(
    {
        W + "del",
        W + "moveFrom",
        W + "drawing",
        W + "pict",
        W + "object",
        MC + "AlternateContent",
        W + "pPr",
        W + "rPr",
        W + "delText",
        W + "instrText",
        W + "delInstrText",
        W + "fldData",
    }
)
BLOCK_WRAPPERS = frozenset({W + "sdt", W + "sdtContent", W + "customXml"})

# What a run's own children show: text, tabs (a positional tab is one too), breaks, a non-breaking hyphen.
_SHOWN = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}

VerticalMerge = Literal["none", "restart", "continue"]


def wrapped_children(parent: Any, tag: str) -> Iterator[Any]:
    """Children with `tag`, looking through content controls (w:sdt) and custom XML wrapped around them."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in BLOCK_WRAPPERS:
            yield from wrapped_children(child, tag)


# --- text -------------------------------------------------------------------------------------------


def shown_text(child: Any) -> str:
    """What one child of a w:r shows: a w:t its text, a tab or break its character, anything else nothing."""
    if child.tag == W + "t":
        return child.text or ""
    return _SHOWN.get(child.tag, "")


def run_text(r: Any) -> str:
    """The characters one w:r shows (its w:t, tabs, breaks), in order."""
    return "".join(shown_text(child) for child in r)


def text_runs(p: Any) -> list[Any]:
    """The runs of a paragraph whose text Word shows, in reading order (a run holding a ruby's runs is
    followed by them)."""
    runs: list[Any] = []
    _collect_runs(p, runs)
    return runs


def _collect_runs(element: Any, runs: list[Any]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in HIDDEN_ELEMENTS or tag == W + "p":
            continue  # comments and processing instructions have a non-string tag
        if tag == W + "r":
            runs.append(child)
        _collect_runs(child, runs)  # a run's ruby text or a field's result holds runs of its own


def paragraph_text(p: Any) -> str:
    """The text Word shows for a w:p: runs, hyperlinks and insertions; never deleted revisions."""
    return "".join(run_text(r) for r in text_runs(p))


# --- the grid ---------------------------------------------------------------------------------------


def int_value(parent: Any | None, tag: str, default: int) -> int:
    """The integer w:val of the child `tag` (e.g. W + "gridSpan") of `parent`; `default` when absent or bad."""
    element = parent.find(tag) if parent is not None else None
    if element is None:
        return default
    try:
        return int(element.get(VAL, default))
    except ValueError:
        return default


def grid_cells(tr: Any) -> Iterator[tuple[Any, int, int]]:
    """Each w:tc of a row with its first grid column and the columns it spans."""
    column = int_value(tr.find(W + "trPr"), W + "gridBefore", 0)
    for tc in wrapped_children(tr, W + "tc"):
        span = max(1, int_value(tc.find(W + "tcPr"), W + "gridSpan", 1))
        yield tc, column, span
        column += span


def cell_at(tr: Any, col: int) -> Any | None:
    """The w:tc covering grid column `col` of a row; the last cell for a column past the row's end."""
    last = None
    for tc, column, span in grid_cells(tr):
        if column <= col < column + span:
            return tc
        last = tc if col >= column + span else last
    return last


def vertical_merge(tc: Any) -> VerticalMerge:
    """Whether a cell starts a vertical merge, continues the one above, or is not merged."""
    properties = tc.find(W + "tcPr")
    merge = properties.find(W + "vMerge") if properties is not None else None
    if merge is None:
        return "none"
    return "restart" if merge.get(VAL) == "restart" else "continue"
