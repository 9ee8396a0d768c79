"""Web archives (.mht/.mhtml, "save as single file" in a browser or Word): the page inside.

An archive is a MIME message; the page is its first text/html part, quoted-printable or base64
encoded. The standard library's email parser undoes both; the HTML reader does the rest.
"""

from __future__ import annotations

import email
import email.policy
from email.message import Message

from app.core.model import ReadError


def html_part(data: bytes) -> tuple[bytes, str | None]:
    """The archived page's bytes and the charset its part declares (None when it declares none)."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    part = _first_html(message)
    if part is None:
        raise ReadError(
            "这个网页存档（.mht）里没有网页内容，文件可能已损坏。请在浏览器中重新打开原网页，"
            "另存为“网页，全部”（.html）后再检查。"
        )
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise ReadError("这个网页存档（.mht）里的网页是空的，请重新保存网页后再检查。")
    return payload, part.get_content_charset()


def _first_html(message: Message) -> Message | None:
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part
    return None
