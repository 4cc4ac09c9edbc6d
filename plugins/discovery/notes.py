"""Content notes and the safe-messaging signal for posts and episodes.

Safe messaging (crisis resources at the top of the article, not only in the
header and footer) is on when the author writes `Safe-Messaging: yes`, or when
the content note or the text mentions suicide or self-harm; `Safe-Messaging: no`
turns it off for a false alarm. Erring towards showing help is deliberate.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from markupsafe import Markup

YES = {"yes", "true", "on"}
NO = {"no", "false", "off"}
NOTE_EXAMPLE = "add a short, specific note such as 'Content-Note: mentions suicide'"
# A missing Content-Note, by what turned safe messaging on: (problem, fix). `Safe-Messaging: yes`
# on a text the words do not find is the author saying it touches on suicide or self-harm.
NOTE_MISSING: dict[str, tuple[str, str]] = {
    "text": ("is missing, and the text mentions suicide or self-harm", NOTE_EXAMPLE),
    "chosen": ("is missing, and 'Safe-Messaging: yes' says the text touches on suicide or self-harm "
               "(the crisis lines are shown at its top)",
               f"{NOTE_EXAMPLE}, so readers know before they start (or remove the 'Safe-Messaging:' line "
               "if the text does not touch on them)"),
}


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
    """Whether any text (HTML is fine: tags are stripped) matches the pattern, as a reader reads it."""
    regex = re.compile(pattern, re.IGNORECASE)
    return any(regex.search(as_read(Markup(text).striptags())) for text in texts if text)


def as_read(text: str) -> str:
    """The text with the characters a reader does not see as letters made plain, so the pattern's
    words are found however they were typed or pasted: format characters (a soft hyphen,
    `sui&shy;cide`, or a zero-width space) dropped, every dash (Word's U+2010 in 'self-harm',
    a non-breaking U+2011) read as '-', every space (a no-break space too) as ' '."""
    if text.isascii():
        return text
    return _NOT_ASCII.sub(_read_as, text)  # only the few characters that may differ: a hot path


def _read_as(found: re.Match[str]) -> str:
    character = found.group()
    return _READ_AS.get(unicodedata.category(character), character)


# What a character of each Unicode category is read as, where not as itself.
_READ_AS = {"Cf": "", "Pd": "-", "Zs": " "}
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
