"""worksheets: reflective worksheets on every post and episode (see plugin.py)."""

from .plugin import register

__all__ = ["register"]
