"""The one error a media check raises: what is wrong with the file, and how to fix it."""

from __future__ import annotations


class MediaError(ValueError):
    """A media file that cannot be used; `problem` follows the file's name, `fix` says what to do."""

    DEFAULT_FIX = "export the episode again as MP3 (or M4A)"

    def __init__(self, problem: str, fix: str = DEFAULT_FIX) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix
