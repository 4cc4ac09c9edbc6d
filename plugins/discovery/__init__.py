"""discovery: how readers and machines find pages (related, neighbours, JSON-LD, sitemap)."""

from .plugin import register

__all__ = ["register"]
