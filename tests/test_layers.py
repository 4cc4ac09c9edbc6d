"""The layers of docs/architecture.md, enforced on the real import graph (ast over every source file).

core (stepwise_core) < plugins (stepwise, stepwise_speed, podcast, worksheets, discovery,
search, assets) < tools (stepwise_tools) < tasks.py. A module imports its own package or
a lower layer, never a higher one; a plugin never imports another plugin (they meet in
stepwise_core.signals and the build state); no two modules import each other, however
far round; and the private Pelican and Markdown names internals.py lists appear in the
speed plugin alone. Imports inside functions count: they are imports all the same.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

PLUGINS = ROOT / "plugins"
LAYER = {"stepwise_core": 0,
         **dict.fromkeys(("stepwise", "stepwise_speed", "podcast", "worksheets", "discovery", "search",
                          "assets"), 1),
         "stepwise_tools": 2, "tasks": 3}
PLUGIN_LAYER = 1
# The private names the speed plugin's internals.py lists, which no other layer may use.
PRIVATE = re.compile(r"_InlineProcessor__|\._priority\b|_written_files|_overridden_files|-Readers")


def module_name(path: Path) -> str:
    if path == ROOT / "tasks.py":
        return "tasks"
    parts = list(path.relative_to(PLUGINS).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources() -> dict[str, Path]:
    found = {module_name(p): p for p in sorted(PLUGINS.rglob("*.py"))}
    found["tasks"] = ROOT / "tasks.py"
    return found


def imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports (relative imports resolved; `from package import
    module` is an import of that module, not of the package's __init__)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {module for module in found if module in modules and module != name}


def graph() -> dict[str, set[str]]:
    modules = sources()
    return {name: imported(name, path, modules) for name, path in modules.items()}


def test_every_top_level_package_has_a_layer() -> None:
    packages = {p.name for p in PLUGINS.iterdir() if (p / "__init__.py").exists()}
    assert packages <= set(LAYER), f"give {packages - set(LAYER)} a layer here and in docs/architecture.md"


def test_no_module_imports_a_higher_layer_or_another_plugin() -> None:
    wrong = []
    for name, targets in graph().items():
        home = name.split(".")[0]
        for target in targets:
            there = target.split(".")[0]
            if there == home:
                continue
            if LAYER[there] > LAYER[home] or (LAYER[there] == LAYER[home] == PLUGIN_LAYER):
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_no_import_circle() -> None:
    """Tarjan's strongly connected components: any with two or more modules is a circle."""
    edges, index, low, stack, on_stack, circles = graph(), {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert circles == []


def test_the_graph_is_real() -> None:
    """The rules above see the imports that exist (a parser that found nothing would pass them)."""
    edges = graph()
    assert "stepwise_core.errors" in edges["podcast.plugin"]
    assert "stepwise_speed.parallel" in edges["stepwise_speed.reader"]
    assert "stepwise_tools.build" in edges["tasks"]
    assert "stepwise_core.sources" in edges["stepwise_core.people"]  # a relative import, resolved


def test_private_pelican_and_markdown_names_only_in_the_speed_plugin() -> None:
    found = [f"{name}: {match.group(0)}" for name, path in sources().items()
             if not name.startswith("stepwise_speed")
             for match in PRIVATE.finditer(path.read_text(encoding="utf-8"))]
    assert found == []
