"""stepwise_speed: the optional speed plugin (pool, writer, preview, cache, Markdown fast paths).

Removing it from PLUGINS changes no byte of the output, only the time.
"""

from .plugin import register

__all__ = ["register"]
