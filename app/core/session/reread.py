"""The document read again, for the preview and the exports: a compact result keeps no document.

`reread(result)` checks the file once more and returns the full result with the findings the review
holds (the report's own and the batch pass's, whose anchors point into this very reading). When the file
is no longer the one that was checked (another size, time or content), it raises `FileChanged`, which
carries the fresh check: the caller shows that instead (the file was re-checked), and an export
refuses the report with the reason. Never old findings on new text.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.check import check_file
from app.core.compact import compact
from app.core.export.files import ExportError
from app.core.fingerprint import CHANGED, GONE
from app.core.model import Result
from app.core.packs import Pack


class FileChanged(ExportError):
    """The file changed since its check; `fresh` is its new check (compact)."""

    def __init__(self, path: str, reason: str, fresh: Result) -> None:
        super().__init__(f"{reason}，它的检查结果已过时，没有导出。请等重新检查完成后再导出。")
        self.path = path
        self.reason = reason
        self.fresh = fresh

    def __reduce__(self) -> tuple[object, ...]:  # it crosses from a worker process
        return (FileChanged, (self.path, self.reason, self.fresh))


def reread(result: Result, pack: Pack | None = None) -> Result:
    """The full result of `result`'s file as it was checked (see the module's docstring); `pack` is
    the rule pack the fresh check of a changed file runs under."""
    if result.document is not None or result.error is not None:
        return result
    fresh = check_file(result.path, pack)
    if fresh.fingerprint is None or fresh.fingerprint != result.fingerprint:
        reason = GONE if fresh.fingerprint is None else CHANGED
        raise FileChanged(result.path, reason, compact(fresh))
    return replace(fresh, findings=result.findings)
