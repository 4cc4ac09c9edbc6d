"""The Stepwise site's core plugin: validation, people, and the build runner."""

from .plugin import register

__all__ = ["register"]
