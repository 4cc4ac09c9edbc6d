"""Which file sets a setting, so a message about it names the file to open.

`invoke publish` builds with publishconf.py, which starts `from pelicanconf import *`
and sets little else: a wrong PUBLIC_URL is written in pelicanconf.py, and a message
naming publishconf.py sends the author to a file where it is not.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# The settings file the build was given, as a full path (the build runner sets it).
SETTINGS_PATH = "STEPWISE_SETTINGS_PATH"
# Its name as problems show it (the build runner sets it; plain `pelican` reads the default).
SETTINGS_FILE = "STEPWISE_SETTINGS_FILE"
DEFAULT_SETTINGS_FILE = "pelicanconf.py"
MAX_IMPORT_DEPTH = 4  # publishconf -> pelicanconf -> ...: deeper chains are not followed


def settings_file(settings: Mapping[str, Any]) -> str:
    """The settings file as problems name it: the one the build runner read, else pelicanconf.py."""
    return str(settings.get(SETTINGS_FILE) or DEFAULT_SETTINGS_FILE)


def setting_source(settings: Mapping[str, Any], key: str, shown: str) -> str:
    """The file that assigns `key`: the settings file itself, else one it star-imports, else `shown`."""
    path = settings.get(SETTINGS_PATH)
    if not path:
        return shown
    found = _assigning_file(Path(path), key, MAX_IMPORT_DEPTH)
    return found.name if found else shown


def _assigning_file(path: Path, key: str, depth: int) -> Path | None:
    names, star_imports = _read(path)
    if key in names:
        return path
    for module in star_imports if depth else ():
        found = _assigning_file(path.with_name(f"{module}.py"), key, depth - 1)
        if found:
            return found
    return None


def _read(path: Path) -> tuple[frozenset[str], tuple[str, ...]]:
    """The names a settings file assigns at its top level, and the modules it star-imports.

    Read only when a setting is wrong, so never cached (the live preview keeps running)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return frozenset(), ()
    names: set[str] = set()
    modules: list[str] = []
    for node in tree.body:
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, ast.AnnAssign | ast.AugAssign) else [])
        names.update(t.id for t in targets if isinstance(t, ast.Name))
        if isinstance(node, ast.ImportFrom) and node.module and any(a.name == "*" for a in node.names):
            modules.append(node.module)
    return frozenset(names), tuple(modules)
