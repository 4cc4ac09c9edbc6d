"""search: a Pagefind index of posts, episodes and worksheets, made on every build."""

from .plugin import register

__all__ = ["register"]
