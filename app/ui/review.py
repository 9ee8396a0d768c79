"""The review file as the window names it. The file itself — the batch, compact results, decisions,
saved incrementally — is Qt-free and lives in `app.core.session.store`."""

from __future__ import annotations

FILE_NAME = "当前检查记录.review"  # the review the window keeps as the reviewer works
LEGACY_FILE_NAME = "当前检查记录.json"  # what earlier versions kept there; read once, then replaced
FILE_FILTER = "检查记录 (*.review *.json);;所有文件 (*)"
