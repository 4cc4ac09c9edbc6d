"""Compile each theme template once per build, not once per generator.

Pelican gives every generator its own Jinja environment (articles, pages, podcast,
worksheets, feeds, redirects), and each compiles the templates it renders: base.html and
its partials four times over, 54 compilations of 36 templates, 0.16 s of a 100-post
build's 1.5 s in the main process (bench/RESULTS.md, blog corpus S). Jinja's bytecode
cache is its public seam for reusing compiled code: this one keeps the code objects in
memory for one build and every generator's environment shares it.

Exactly the same pages: a template's code is reused only for the same name, the same
source (Jinja's checksum) and an environment that compiles it the same way. Jinja's
compiler reads more of the environment than its syntax: it asks each filter and test how
it wants to be called, and its optimizer calls filters and tests on constant arguments
while compiling. So the fingerprint below holds the syntax, extensions, autoescape,
finalize, and every filter and test by identity; Pelican makes two per generator
(a `strftime` DateFormatter and a `plugin_enabled` partial), which are compared by what
they call with. Each environment still makes its own Template from the code, with its
own filters and globals.
"""

from __future__ import annotations

import hashlib
from functools import partial
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from pelican.utils import DateFormatter

from stepwise_core.buildstate import NotData, build_state
from stepwise_core.protocols import Generator

STATE_KEY = "stepwise_speed.template_code"  # in the build state (buildstate.py)


class SharedBytecodeCache(BytecodeCache, NotData):
    """Compiled template code of one build, by template, source and environment."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, Any]] = {}

    def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Bucket:
        key = f"{self.get_cache_key(name, filename)}:{fingerprint(environment)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self._code.get(bucket.key, ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code  # a code object is immutable: no copy needed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


def fingerprint(env: Any) -> str:
    """What in an environment changes the code Jinja compiles from a template."""
    parts = (type(env), env.block_start_string, env.block_end_string, env.variable_start_string,
             env.variable_end_string, env.comment_start_string, env.comment_end_string,
             env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
             env.newline_sequence, env.keep_trailing_newline, env.optimized, env.is_async,
             env.code_generator_class, sorted(env.extensions),
             *(_identity(value) for value in (env.autoescape, env.finalize)),
             sorted((name, _identity(value)) for name, value in env.filters.items()),
             sorted((name, _identity(value)) for name, value in env.tests.items()))
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def _identity(value: Any) -> Any:
    """A callable as the compiler may call it: the object itself, except the two kinds
    Pelican makes anew for each generator, which are equal when they call the same."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, partial):
        return ("partial", _identity(value.func), tuple(id(arg) for arg in value.args),
                tuple(sorted((key, id(arg)) for key, arg in value.keywords.items())))
    if type(value) is DateFormatter:
        return ("DateFormatter", value.locale)
    return id(value)


def share_compiled_templates(generator: Generator) -> None:
    """generator_init: the generator's environment uses the build's shared code cache
    (unless the site configured a bytecode cache of its own)."""
    env = getattr(generator, "env", None)
    if env is None or env.bytecode_cache is not None:
        return
    env.bytecode_cache = build_state(generator.settings).plugins.setdefault(STATE_KEY, SharedBytecodeCache())
