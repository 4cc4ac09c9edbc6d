"""Every private name of Pelican and Python-Markdown the speed plugin leans on, in one place.

The fast paths give the very bytes Pelican and Python-Markdown give, by mirroring or
reaching into code neither project promises to keep: a name-mangled method, a private
registry, a writer's bookkeeping, a copied function, a cache file's name, log messages.
A release can change any of them and break the build, or silently make a fast path
wrong. So the plugin was proven on the versions in PROVEN_ON (tests/stepwise_speed and
tests/bench compare every fast path with the slow one), and on any other version it
stands aside (plugin.py): the build stays correct, only slower. `invoke canary` builds
with the newest releases and names, from INTERNALS, what moved (`drifted`).

Each entry's `fingerprint` is a digest of the source it mirrors or the fact it relies
on, as it was on the proven versions, so a changed body is caught even where a name
stays.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata

from . import pelicanlog

# The releases every fast path was proven byte-identical on (requirements.txt pins them).
PROVEN_ON = {"pelican": "4.12.0", "markdown": "3.11.3"}


@dataclass(frozen=True)
class Internal:
    """One private thing relied on: what, where, which fast path needs it, how to see it now."""

    name: str
    used_by: str
    fast_path: str
    evidence: Callable[[], str]  # the relied-on source or fact, as a string, now
    fingerprint: str             # digest of `evidence()` on the proven versions


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _source(owner: str, attribute: str) -> Callable[[], str]:
    """The source of `owner.attribute` (a dotted module path, then the class or function)."""
    def read() -> str:
        module_name, _, qualname = owner.rpartition(":")
        target: object = __import__(module_name, fromlist=["_"])
        for part in [*qualname.split("."), attribute]:
            target = getattr(target, part)
        return inspect.getsource(target)  # type: ignore[arg-type]  # a module, class or function, found by name
    return read


def _contains(module_name: str, *needles: str) -> Callable[[], str]:
    """The needles that `module_name`'s source holds (all of them, on the proven versions)."""
    def read() -> str:
        source = inspect.getsource(__import__(module_name, fromlist=["_"]))
        return "\n".join(needle for needle in needles if needle in source)
    return read


def _logged(module_name: str, *messages: str) -> Callable[[], str]:
    """The log templates that `module_name` still holds as string literals (all, when proven)."""
    def read() -> str:
        tree = ast.parse(inspect.getsource(__import__(module_name, fromlist=["_"])))
        literals = {node.value for node in ast.walk(tree)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        return "\n".join(message for message in messages if message in literals)
    return read


# Pelican's log messages the build runner (stepwise_tools/build.py) matches (pelicanlog.py):
# a changed wording makes a dropped repeat reappear as a generic issue, or an issue naming
# the file and field generic.
_LOG_USER, _LOG_PATH = "stepwise_tools/build.py (pelicanlog.py)", "issues naming file and field, once"
_TRANSLATIONS = ('There are %s items "%s" with lang %s', "There are %s original (not translated) items %s",
                 'All items ("%s") "%s" are translations')
_SLUGS = ('Unable to generate valid slug for %s "%s".', "Other invalid slugs.")
_ALT_TEXT = ("Empty alt attribute for image %s in %s", "Other images have empty alt attributes")
_CONTENTS = ("{filename} used for linking to static content %s in %s. Use {static} instead",
             "Skipping %s: file %r would be written outside output path",
             "Unknown status '%s' for file %s, skipping it. (Not in %s)",
             pelicanlog.MISSING_FIELD, pelicanlog.UNRESOLVED_LINK, pelicanlog.UNRESOLVED_LINKS,
             pelicanlog.ATTACH_FALLBACK, *pelicanlog.ATTACH_REASONS)
_LOG_MESSAGES = (
    ("pelican.utils", _TRANSLATIONS, "c7f7de9031a9b82c"),
    ("pelican.urlwrappers", _SLUGS, "e675d96ca1c58554"),
    ("pelican.readers", _ALT_TEXT, "1b991604a795def4"),
    ("pelican.contents", _CONTENTS, "f05e2800f0882433"),
    ("pelican.cache", ("Cannot get modification stamp for %s\n\t%s",), "5657e516cd995ee2"),
    ("pelican.generators", (pelicanlog.UNREADABLE,), "0815c5a9e104f898"),
)

INTERNALS: tuple[Internal, ...] = (
    Internal("markdown InlineProcessor.__handleInline (name-mangled)", "fastinline.py", "fastinline",
             _source("markdown.treeprocessors:InlineProcessor", "_InlineProcessor__handleInline"),
             "fe27babc114aed0a"),
    Internal("markdown InlineProcessor.__applyPattern (name-mangled)", "fastinline.py, fastsmarty.py",
             "fastinline, fastsmarty",
             _source("markdown.treeprocessors:InlineProcessor", "_InlineProcessor__applyPattern"),
             "8862b35197c0e614"),
    Internal("markdown InlineProcessor.run", "fastsmarty.py", "fastsmarty",
             _source("markdown.treeprocessors:InlineProcessor", "run"), "f6c93631f2871499"),
    Internal("markdown TocTreeprocessor.run", "fasttoc.py", "fasttoc",
             _source("markdown.extensions.toc:TocTreeprocessor", "run"), "75af906d7e4cef01"),
    Internal("markdown Registry._priority", "reader.py", "one Markdown per process",
             _contains("markdown.util", "self._priority", "_PriorityItem"), "2c49b152971ea623"),
    Internal("markdown Markdown.reset", "reader.py", "one Markdown per process",
             _source("markdown.core:Markdown", "reset"), "e803a4ef1f194253"),
    Internal("pelican Writer._written_files, _overridden_files", "render.py", "two-process render",
             _contains("pelican.writers", "self._written_files = set()", "self._overridden_files = set()"),
             "00df86e52470137a"),
    Internal("pelican Generator.get_files (copied step for step)", "parallel.py", "Markdown pool order",
             _source("pelican.generators:Generator", "get_files"), "1abfc730be9af343"),
    Internal("pelican Generator._include_path", "parallel.py", "Markdown pool order",
             _source("pelican.generators:Generator", "_include_path"), "36aa1046f557f1fa"),
    Internal("pelican content cache name '<Generator>-Readers'", "parallel.py", "Markdown pool",
             _contains("pelican.generators", 'readers_cache_name=(cls_name + "-Readers")'),
             "c018a2a1190a796c"),
    *(Internal(f"pelican log messages in {module}", _LOG_USER, _LOG_PATH, _logged(module, *messages),
               fingerprint) for module, messages, fingerprint in _LOG_MESSAGES),
)


def installed() -> dict[str, str]:
    """The versions of Pelican and Python-Markdown in this environment."""
    return {name: metadata.version(name) for name in PROVEN_ON}


def unproven(found: dict[str, str]) -> dict[str, str]:
    """Each package whose version in `found` is not the one the fast paths were proven on."""
    return {name: version for name, version in found.items() if PROVEN_ON.get(name) != version}


def drifted(relied_on: tuple[Internal, ...] = INTERNALS) -> list[Internal]:
    """The internals that are gone or changed here (their fast paths may be wrong)."""
    moved = []
    for internal in relied_on:
        try:
            now = digest(internal.evidence())
        except (AttributeError, ImportError, OSError, TypeError):
            now = ""
        if now != internal.fingerprint:
            moved.append(internal)
    return moved
