"""The Qt adapters without a window: batch list, findings table and filter, settings, preview HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings, Qt

from app.core.check import check_file
from app.core.model import Anchor, Finding, Result
from app.core.session import Entry, Status
from app.ui.batch_model import BatchModel
from app.ui.findings_model import FINDING_ROLE, FindingsFilter, FindingsModel
from app.ui.look import SEVERITY_TINTS
from app.ui.preview_html import focus_place, place_name, render_document, render_message
from app.ui.settings import DEFAULTS, REVIEWER, Settings

DISPLAY = Qt.ItemDataRole.DisplayRole


def _finding(severity: str = "error", category: str = "arithmetic", rule: str = "A301", **kw) -> Finding:
    return Finding(rule=rule, category=category, severity=severity, message=kw.pop("message", "问题"), **kw)


def _result(*findings: Finding, error: str | None = None) -> Result:
    return Result(path="/tmp/报告.txt", kind="txt", error=error, findings=tuple(findings))


# --- BatchModel --------------------------------------------------------------------------------------
def test_batch_statuses_texts_and_counts(qapp) -> None:
    model = BatchModel()
    checking = Entry(Path("a.txt"))
    passed = Entry(Path("b.txt"), _result(_finding("info")))
    problems = Entry(Path("c.txt"), _result(_finding("error"), _finding("error"), _finding("warning")))
    warnings = Entry(Path("d.txt"), _result(_finding("warning")))
    unreadable = Entry(Path("e.docx"), _result(error="文件已损坏"))
    skipped = Entry(Path("f.doc"), _result(error="旧版 Word"), skipped=True)
    model.add([checking, passed, problems, warnings, unreadable, skipped])

    status = [model.data(model.index(row, BatchModel.STATUS), DISPLAY) for row in range(model.rowCount())]
    assert status == ["检查中", "通过", "2 个错误 1 个警告", "1 个警告", "无法读取", "已跳过"]
    assert model.data(model.index(0, BatchModel.FILE), DISPLAY) == "a.txt"
    assert "文件已损坏" in model.data(model.index(4, 0), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(2, BatchModel.STATUS), Qt.ItemDataRole.DecorationRole) is not None
    red = model.data(model.index(2, BatchModel.STATUS), Qt.ItemDataRole.ForegroundRole)
    amber = model.data(model.index(3, BatchModel.STATUS), Qt.ItemDataRole.ForegroundRole)
    assert red != amber
    counts = model.counts()
    assert counts[Status.CHECKING] == counts[Status.PASSED] == counts[Status.UNREADABLE] == 1
    assert counts[Status.PROBLEMS] == 2


def test_batch_columns_from_a_checked_report(qapp, corpus_files: Path) -> None:
    model = BatchModel()
    model.add([Entry(corpus_files / "seed000-t3_cell.txt", check_file(corpus_files / "seed000-t3_cell.txt"))])
    row = [model.data(model.index(0, column), DISPLAY) for column in range(model.columnCount())]
    assert row == ["seed000-t3_cell.txt", "遂平县科技和工业信息化局", "2022", "2021年格式", "2 个错误"]
    assert model.headerData(4, Qt.Orientation.Horizontal, DISPLAY) == "状态"


def test_batch_dismissals_change_the_status(qapp) -> None:
    entry = Entry(Path("c.txt"), _result(_finding("error"), _finding("warning")))
    entry.dismiss(0, "已核实")
    assert entry.status_text == "1 个警告"
    entry.dismiss(1, "已核实")
    assert entry.status is Status.PASSED and entry.status_text == "通过（已忽略 2 项）"


def test_batch_add_remove_clear_signals(qtmodeltester, qapp) -> None:
    model = BatchModel()
    a, b, c = (Entry(Path(name)) for name in ("a.txt", "b.txt", "c.txt"))
    model.add([a, b, c])
    qtmodeltester.check(model)
    model.remove([b])
    assert [entry.path.name for entry in model.entries()] == ["a.txt", "c.txt"]
    assert model.contains_path(Path("c.txt")) and not model.contains_path(Path("b.txt"))
    model.clear()
    assert model.rowCount() == 0


def test_a_recheck_carries_dismissals_to_the_same_finding() -> None:
    old = (_finding(rule="A301", message="甲"), _finding(rule="S101", message="乙"))
    new = (_finding(rule="S101", message="乙"), _finding(rule="V401", message="丙"))
    for dismissed, carried in (({1: "无误"}, {0: "无误"}), ({0: "无误"}, {})):
        entry = Entry(Path("a.txt"), _result(*old))
        for number, reason in dismissed.items():
            entry.dismiss(number, reason)
        entry.start_check()
        assert entry.status is Status.CHECKING and entry.dismissal_count == len(dismissed)
        entry.take_result(_result(*new))
        assert entry.dismissed == carried and entry.pending == ()


def test_dismissals_wait_while_a_report_cannot_be_read() -> None:
    finding = _finding(rule="A301", message="甲")
    entry = Entry(Path("a.txt"), _result(finding))
    entry.dismiss(0, "已核实")
    entry.start_check()
    entry.take_result(Result("a.txt", "txt", error="找不到该文件或文件夹。"))
    assert entry.dismissed == {} and [d.reason for d in entry.saved()] == ["已核实"]
    entry.start_check()  # the file is back
    entry.take_result(_result(_finding(rule="V401", message="乙"), finding))
    assert entry.dismissed == {1: "已核实"}


# --- FindingsModel and FindingsFilter ---------------------------------------------------------------
def test_findings_rows_for_an_injected_arithmetic_error(qtmodeltester, qapp, corpus_files: Path) -> None:
    result = check_file(corpus_files / "seed000-t3_cell.txt")
    model = FindingsModel()
    model.set_findings(result, {})
    qtmodeltester.check(model)
    rows = [[model.data(model.index(r, c), DISPLAY) for c in range(model.columnCount())] for r in range(2)]
    arithmetic = next(row for row in rows if row[1] == "勾稽关系")
    assert arithmetic[0] == "错误"
    assert "“（四）无法提供 1.本机关不掌握相关政府信息”行“法律服务机构”列" in arithmetic[3]
    assert arithmetic[4:] == ["0", "1", "未处理"]  # expected, found, the decision
    # the place as the author finds it: the line of the text file, then the official row and column
    assert arithmetic[2] == "第71行，表三“（四）无法提供 1.本机关不掌握相关政府信息”行“法律服务机构”列"


def test_dismissed_findings_are_greyed_with_their_reason(qapp) -> None:
    dismissed: dict[int, str] = {}
    model = FindingsModel()
    model.set_findings(_result(_finding(message="表三合计不符")), dismissed)
    normal = model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    model.dismiss(0, "已与单位核实")
    assert dismissed == {0: "已与单位核实"}  # the entry's own dict is edited
    assert (
        model.data(model.index(0, FindingsModel.MESSAGE), DISPLAY) == "〔已忽略：已与单位核实〕表三合计不符"
    )
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) != normal
    model.restore(0)
    assert dismissed == {} and model.data(model.index(0, FindingsModel.MESSAGE), DISPLAY) == "表三合计不符"


def test_filter_by_severity_category_and_dismissed(qtmodeltester, qapp) -> None:
    model = FindingsModel()
    findings = (
        _finding("error", "arithmetic"),
        _finding("warning", "value"),
        _finding("info", "content"),
        _finding("error", "section"),
    )
    model.set_findings(_result(*findings), {3: "无误"})
    proxy = FindingsFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)

    def shown() -> list[int]:
        return sorted(proxy.data(proxy.index(row, 0), FINDING_ROLE) for row in range(proxy.rowCount()))

    assert shown() == [0, 1, 2, 3]
    proxy.set_severities({"error"})
    assert shown() == [0, 3]
    proxy.set_show_dismissed(False)
    assert shown() == [0]
    proxy.set_severities({"error", "warning", "info"})
    proxy.set_category("value")
    assert shown() == [1]
    assert proxy.proxy_row_of(0) is None
    proxy.reset_filters()
    assert shown() == [0, 1, 2, 3]


def test_sorting_by_severity_keeps_reading_order(qapp) -> None:
    model = FindingsModel()
    model.set_findings(_result(_finding("warning"), _finding("error"), _finding("error")), {})
    proxy = FindingsFilter()
    proxy.setSourceModel(model)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.data(proxy.index(row, 0), FINDING_ROLE) for row in range(3)] == [1, 2, 0]


# --- Settings ------------------------------------------------------------------------------------------
def test_settings_store_only_what_differs_from_the_defaults(tmp_path: Path, qapp) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = Settings(store)
    assert settings.reviewer == DEFAULTS[REVIEWER] == "年报检查器"
    assert settings.export_dir.endswith("年报检查意见")
    settings.reviewer = "张三"
    settings.export_dir = str(tmp_path)
    settings.set_state("window/geometry", QByteArray(b"\x01\x02"))
    settings.sync()
    again = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert again.reviewer == "张三" and again.export_dir == str(tmp_path)
    assert bytes(again.state("window/geometry").data()) == b"\x01\x02"
    again.reviewer = "年报检查器"
    again.reviewer = "  "  # blank means the default
    assert "reviewer" not in again.stored_keys()
    assert again.reviewer == "年报检查器"


def test_settings_in_memory(qapp) -> None:
    settings = Settings(None)
    settings.reviewer = "李四"
    assert settings.reviewer == "李四" and settings.stored_keys() == ["reviewer"]
    assert settings.state("window/splitter").isEmpty()


# --- Preview HTML --------------------------------------------------------------------------------------
def test_preview_marks_the_cell_and_links_the_finding(corpus_files: Path) -> None:
    result = check_file(corpus_files / "seed000-t3_cell.txt")
    number = next(n for n, f in enumerate(result.findings) if f.rule == "A301")
    place = place_name(result.findings[number].anchors[0])
    assert place == "b21r15c6"
    page = render_document(result, {}, highlight=number)
    assert f'<a name="{place}"></a><a name="f{number}"></a><a href="finding:{number}"' in page
    assert "#f59d96" in page  # the strong error tint on the highlighted cell
    assert "遂平县科技和工业信息化局2022年政府信息公开工作年度报告" in page
    assert page.count("<table") == 3


def test_preview_marks_a_missing_section_and_a_text_span(corpus_files: Path) -> None:
    result = check_file(corpus_files / "seed000-missing_section.txt")
    page = render_document(result)
    assert "▲ 此处缺少内容" in page
    contradiction = check_file(corpus_files / "seed000-t3_cell.txt")
    page = render_document(contradiction, {0: "无误"})
    anchor = contradiction.findings[0].anchors[0]
    marked = contradiction.document.blocks[anchor.block].text[anchor.start : anchor.end]
    assert f">{marked}</span>" not in page and 'href="finding:0"' not in page  # dismissed: no mark
    page = render_document(contradiction, {0: "无误"}, highlight=0)  # unless it is being looked at
    assert f'#c8c8c8">{marked}</span>' in page


def test_preview_marks_the_suspect_cell_strongly_and_the_others_lightly() -> None:
    """A finding with several places: the first anchor (the suspect cell) is the strong one."""
    from app.core.model import Cell, Document, Row, Source, Table

    cells = tuple(Cell(text, col, Source()) for col, text in enumerate(["合计", "7", "3", "5"]))
    table = Table((Row(cells, Source()),), Source())
    anchors = (Anchor(0, 0, 3), Anchor(0, 0, 1), Anchor(0, 0, 2))
    finding = _finding(message="合计不符", anchors=anchors)
    result = Result("x.docx", "docx", findings=(finding,), document=Document("x.docx", "docx", (table,)))
    page = render_document(result, {}, highlight=0)
    strong, light = SEVERITY_TINTS["error"][1], SEVERITY_TINTS["error"][0]
    assert page.count(f'bgcolor="{strong}"') == 1 and page.count(f'bgcolor="{light}"') == 2
    assert f'bgcolor="{strong}"><a name="b0r0c3">' in page


def test_a_finding_about_the_whole_table_marks_the_table_not_a_label() -> None:
    from app.core.model import Cell, Document, Row, Source, Table

    cells = (Cell("规章", 0, Source()), Cell("3", 1, Source()))
    table = Table((Row(cells, Source()),), Source())
    old_layout = Finding("L201", "layout", "error", "使用了2019年试行格式", anchors=(Anchor(0, 0, 0),))
    result = Result("x.xlsx", "xlsx", findings=(old_layout,), document=Document("x.xlsx", "xlsx", (table,)))
    page = render_document(result, {}, highlight=0)
    assert "▼ 下面这张表：使用了2019年试行格式" in page
    assert '<td><a name="b0r0c0"></a>规章</td>' in page  # the label itself is not painted
    assert focus_place(old_layout) == "b0"


def test_preview_lists_findings_without_a_place() -> None:
    result = Result(path="x.txt", kind="txt", findings=(_finding(message="没有标题"),))
    from app.core.model import Document, Paragraph, Source

    result.document = Document("x.txt", "txt", (Paragraph("正文", Source(line=1)),))
    page = render_document(result)
    assert "整份报告的问题" in page and "没有标题" in page


@pytest.mark.parametrize(
    "anchor,name", [(Anchor(3), "b3"), (Anchor(3, before=True), "b3before"), (Anchor(2, 1, 4), "b2r1c4")]
)
def test_place_names(anchor: Anchor, name: str) -> None:
    assert place_name(anchor) == name


def test_message_page_escapes() -> None:
    assert "&lt;x&gt;" in render_message("无法读取", "<x>")
