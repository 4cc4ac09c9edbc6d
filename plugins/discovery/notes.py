"""Content notes and the safe-messaging signal for posts and episodes.

Safe messaging (crisis resources at the top of the article, not only in the
header and footer) is on when the author writes `Safe-Messaging: yes`, or when
the content note or the text mentions suicide or self-harm; `Safe-Messaging: no`
turns it off for a false alarm. Erring towards showing help is deliberate.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

YES = {"yes", "true", "on"}
NO = {"no", "false", "off"}


def content_note(metadata: dict[str, Any]) -> str:
    """The `Content-Note:` text ('' when there is none)."""
    return str(metadata.get("content-note") or metadata.get("content_note") or "").strip()


def safe_messaging_choice(metadata: dict[str, Any]) -> bool | str | None:
    """True/False when the author chose, None when they did not, the raw text when it is invalid."""
    raw = metadata.get("safe-messaging")
    if raw is None:
        return None
    value = str(raw).strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    return str(raw)


def mentions(pattern: str, *texts: str) -> bool:
    """Whether any text (HTML is fine: tags are stripped) matches the pattern."""
    regex = re.compile(pattern, re.IGNORECASE)
    return any(regex.search(Markup(text).striptags()) for text in texts if text)
