"""assets: the theme's stylesheets and scripts, minified in the built site."""

from .plugin import register

__all__ = ["register"]
