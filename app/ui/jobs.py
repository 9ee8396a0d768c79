"""The work the window hands to its runner, and how their failures are told to the user.

Plain functions with no Qt in them: `check_file` (from the core) runs in a worker process,
`export_reports` on a worker thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from app.core.model import Result


def export_reports(
    results: list[Result], folder: Path, reviewer: str, dismissed: Mapping[str, Mapping[int, str]]
) -> list[Path]:
    """Annotated Word files plus the summary workbook; the files written."""
    from app.core.export import export_batch  # python-docx and openpyxl load only when exporting

    return export_batch(results, folder, reviewer=reviewer, dismissed=dismissed)


def failed_check(path: Path, error: BaseException) -> Result:
    """The result of a check that did not return (its worker process died, say)."""
    reason = str(error) if isinstance(error, RuntimeError) else f"检查时出错（{type(error).__name__}）。"
    return Result(str(path), path.suffix.lower().lstrip(".") or "?", error=reason)


def export_error_text(error: BaseException) -> str:
    """What went wrong with an export and what to do about it."""
    if isinstance(error, ImportError):
        return "这个版本没有包含导出功能，请安装完整版本。"
    if isinstance(error, OSError):
        return (
            f"{error}\n\n请换一个文件夹（例如“文档”），或先关闭正在打开这些文件的 Word / Excel，再导出一次。"
        )
    return f"导出时出错：{error}\n\n请把出错的报告反馈给开发人员。"
