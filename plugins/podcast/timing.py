"""Times as listeners read them: '3:15', '1:02:03', and '1:01.31' where whole seconds would
make two different times look the same ("the audio ends at 1:01, the chapter at 1:01")."""

from __future__ import annotations


def clock(seconds: float) -> str:
    """'3:15' or '1:02:03': how players show a time."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def precise_clock(seconds: float) -> str:
    """'1:01.31': a time to the hundredth of a second."""
    whole, hundredths = divmod(round(seconds * 100), 100)
    return f"{clock(whole)}.{hundredths:02d}"


def clocks(*seconds: float) -> list[str]:
    """Several times for one message: whole seconds, or hundredths when two would read alike."""
    shown = [clock(s) for s in seconds]
    if len(set(shown)) == len(shown) or len(set(seconds)) < len(seconds):
        return shown
    return [precise_clock(s) for s in seconds]
