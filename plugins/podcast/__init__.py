"""The Stepwise podcast plugin: episodes, the podcast feed, episode and guest pages."""

from .plugin import register

__all__ = ["register"]
