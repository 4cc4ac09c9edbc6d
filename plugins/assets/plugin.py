"""assets: once the site is written, the theme's stylesheets and scripts in it are minified
in place (the build runner then swaps the finished folder in). The sources in theme/static/
keep their comments; the same input gives the same bytes."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from stepwise_core.outputs import rewrite
from stepwise_core.protocols import Pelican

from .minify import minified
from .settings import plugin_settings

log = logging.getLogger(__name__)


def minify_theme_files(pelican: Pelican) -> None:
    """finalized: minify output/<THEME_STATIC_DIR>/**/*.css and *.js."""
    if not plugin_settings(pelican.settings)["ASSETS_MINIFY"]:
        return
    folder = Path(pelican.output_path, pelican.settings.get("THEME_STATIC_DIR", "theme"))
    for path in sorted(folder.rglob("*")):
        if path.suffix not in {".css", ".js"} or not path.is_file():
            continue
        text = minified(path)
        if text is None:
            log.warning("assets: %s is left as written: a template literal inside another "
                        "cannot be minified safely; write the inner one as a plain string",
                        path.relative_to(pelican.output_path))
        else:
            rewrite(path, text)


def register() -> None:
    signals.finalized.connect(minify_theme_files)
