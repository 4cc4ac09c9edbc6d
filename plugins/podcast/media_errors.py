"""The one error a media check raises: what is wrong with the file, and how to fix it."""

from __future__ import annotations


class MediaError(ValueError):
    """A media file that cannot be used; `problem` follows the file's name, `fix` says what to do."""

    def __init__(self, problem: str, fix: str = "export the episode again as MP3 (or M4A)") -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix
