"""A plugin's own templates, found after the theme's: a theme overrides one by its name.

Pelican gives each generator a Jinja environment whose loader is a ChoiceLoader of
[the theme's folders, the simple theme, a PrefixLoader of "!simple" and "!theme"]. A
plugin's folder goes in right after the theme's, so the theme (and
THEME_TEMPLATES_OVERRIDES) wins, the plugin comes next, and the simple theme stays the
last resort; the folder is also reachable as "!<name>/…", so a theme's override can
extend the plugin's template rather than copy it. This is how a plugin installed from a
wheel into any site brings the pages it writes.

Pelican's default environment does not escape (JINJA_ENVIRONMENT has no autoescape), and
the plugin's templates print what authors wrote (worksheet questions, episode and guest
names): in such a site the plugin's own templates, and overrides of them by name, are
escaped all the same; the theme's other templates stay as the site configured them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader


def add_plugin_templates(generator: Any, folder: Path, name: str) -> None:
    """generator_init: `folder`'s templates below the theme's, and as "!<name>/…"."""
    env = getattr(generator, "env", None)
    loader = getattr(env, "loader", None)
    if not isinstance(loader, ChoiceLoader) or not isinstance(loader.loaders, list):
        return  # not Pelican's own loader: the site knows where its templates are
    ours = FileSystemLoader(str(folder))
    if any(getattr(each, "searchpath", None) == ours.searchpath for each in loader.loaders):
        return
    loader.loaders.insert(1, ours)
    for each in loader.loaders:
        if isinstance(each, PrefixLoader) and isinstance(each.mapping, dict):
            each.mapping.setdefault(f"!{name}", ours)
    _escape_ours(env, folder, name)


def _escape_ours(env: Any, folder: Path, name: str) -> None:
    """Autoescape for every template the plugin ships (and "!<name>/…" of it), whatever the site chose."""
    chosen = env.autoescape
    if chosen is True:
        return
    ours = {path.relative_to(folder).as_posix() for path in folder.rglob("*.html")}
    ours |= {f"!{name}/{template}" for template in ours}

    def autoescape(template: str | None) -> bool:
        if template in ours:
            return True
        return bool(chosen(template) if callable(chosen) else chosen)
    env.autoescape = autoescape
