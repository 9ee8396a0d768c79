"""The window's actions (toolbar, menus, shortcuts) in one table."""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

from app.ui.help import READABLE_SHORT

Shortcut = QKeySequence.StandardKey | str | None
Icon = tuple[QIcon.ThemeIcon, QStyle.StandardPixmap] | None


@dataclass
class WindowActions:
    add_files: QAction
    add_folder: QAction
    open_sample: QAction
    recheck: QAction
    remove: QAction
    clear: QAction
    export_all: QAction
    export_selected: QAction
    settings: QAction
    help: QAction
    about: QAction
    open_review: QAction
    save_review_as: QAction
    choose_roster: QAction
    quit: QAction


_THEME, _STANDARD, _KEY = QIcon.ThemeIcon, QStyle.StandardPixmap, QKeySequence.StandardKey

# name: text, tooltip, shortcut, (themed icon — Fluent on Windows 11 —, the style's icon otherwise)
ACTIONS: dict[str, tuple[str, str, Shortcut, Icon]] = {
    "add_files": (
        "添加文件",
        f"选择要检查的年度报告文件（{READABLE_SHORT}）",
        _KEY.Open,
        (_THEME.DocumentOpen, _STANDARD.SP_FileIcon),
    ),
    "add_folder": (
        "添加文件夹",
        "检查一个文件夹（含子文件夹）里的全部年度报告",
        "Ctrl+Shift+O",
        (_THEME.FolderOpen, _STANDARD.SP_DirOpenIcon),
    ),
    "open_sample": ("打开示例", "打开一份有几处问题的示例年报，看看检查器能做什么", None, None),
    "recheck": (
        "重新检查",
        "重新读取并检查所选报告（未选时检查全部），适合在 Word 里改过文件之后",
        _KEY.Refresh,
        (_THEME.ViewRefresh, _STANDARD.SP_BrowserReload),
    ),
    "remove": (
        "移除",
        "从列表中移除所选报告（不会删除文件）",
        _KEY.Delete,
        (_THEME.ListRemove, _STANDARD.SP_DialogDiscardButton),
    ),
    "clear": (
        "清空",
        "清空列表，停止尚未完成的检查（不会删除文件）",
        "Ctrl+Shift+Delete",
        (_THEME.EditClear, _STANDARD.SP_DialogResetButton),
    ),
    "export_all": (
        "导出批注版",
        "为每份报告导出带批注的 Word 文件，并生成问题汇总表（Excel）",
        "Ctrl+E",
        (_THEME.DocumentSaveAs, _STANDARD.SP_DialogSaveButton),
    ),
    "export_selected": ("只导出所选报告", "只为列表中选中的报告导出批注版和汇总表", "Ctrl+Shift+E", None),
    "settings": ("设置", "审核人姓名（批注署名）和导出文件夹", "Ctrl+,", None),
    "help": (
        "帮助",
        "状态和问题类别的含义、忽略的作用、文件保存在哪里",
        _KEY.HelpContents,
        (_THEME.HelpFaq, _STANDARD.SP_DialogHelpButton),
    ),
    "about": ("关于", "版本和支持的报告格式", None, None),
    "open_review": (
        "打开检查记录…",
        "打开同事或自己另存的检查记录，继续审核（列表和忽略理由）",
        "Ctrl+Shift+R",
        None,
    ),
    "save_review_as": (
        "检查记录另存为…",
        "把当前的报告列表和忽略理由存成一个文件，可交给同事继续审核",
        _KEY.SaveAs,
        None,
    ),
    "choose_roster": (
        "选择报送名单…",
        "选择报送名单（Excel：单位名称、上级单位、类型），查看哪些单位还没有报送；导出的汇总表增加“报送情况”表",
        None,
        None,
    ),
    "quit": ("退出", "关闭年报检查器（检查记录会自动保存）", _KEY.Quit, None),
}


def _action(owner: QWidget, text: str, tip: str, shortcut: Shortcut, icon: Icon) -> QAction:
    action = QAction(text, owner)
    if icon is not None:
        themed, standard = icon
        action.setIcon(QIcon.fromTheme(themed, owner.style().standardIcon(standard)))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        tip = f"{tip}（{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}）"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    return action


def build_actions(owner: QWidget) -> WindowActions:
    actions = WindowActions(
        **{field.name: _action(owner, *ACTIONS[field.name]) for field in fields(WindowActions)}
    )
    # Delete removes reports only while the list (or the toolbar) has the focus, not while the
    # reviewer is working in the findings table.
    actions.remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return actions
