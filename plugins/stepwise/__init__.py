"""stepwise: the checking plugin (docs/architecture.md): wires stepwise_core into Pelican."""

from .plugin import register

__all__ = ["register"]
