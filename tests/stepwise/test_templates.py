"""Templates compiled once per build (templates.py) give exactly the pages of compiling
them in each generator's environment, and are compiled fewer times."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

from jinja2 import DictLoader, Environment
from pelican.utils import DateFormatter

from stepwise.templates import SharedBytecodeCache, fingerprint
from tests.bench.test_fast_paths import tree
from tests.conftest import CONTENT, ROOT

# Builds the site in-process, counting Jinja compilations; "off" puts back one
# compilation per environment (the receiver does nothing).
DRIVER = """
import json, sys
import jinja2.environment
from stepwise import build, templates
count = [0]
real = jinja2.environment.Environment.compile
def counting(self, *args, **kwargs):
    count[0] += 1
    return real(self, *args, **kwargs)
jinja2.environment.Environment.compile = counting
if sys.argv[1] == "off":
    templates.share_compiled_templates = lambda generator: None
code = build.main(sys.argv[3:])
open(sys.argv[2], "w").write(json.dumps({"compiled": count[0], "code": code}))
"""


def build(output: Path, mode: str) -> dict[str, int]:
    report = output.with_suffix(".json")
    argv = [sys.executable, "-c", DRIVER, mode, str(report), "-s", str(ROOT / "pelicanconf.py"),
            "-o", str(output), "--content", str(CONTENT), "-e", f'CACHE_PATH="{output.parent / "cache"}"',
            "LOAD_CONTENT_CACHE=false"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, encoding="utf-8", timeout=600,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(report.read_text(encoding="utf-8"))


def test_the_site_is_the_same_with_templates_compiled_once(tmp_path: Path) -> None:
    shared = build(tmp_path / "shared" / "out", "on")
    each = build(tmp_path / "each" / "out", "off")
    assert shared["code"] == each["code"] == 0
    assert shared["compiled"] < each["compiled"]
    assert tree(tmp_path / "shared" / "out") == tree(tmp_path / "each" / "out")


def test_code_is_shared_only_between_environments_that_compile_alike() -> None:
    cache = SharedBytecodeCache()
    templates = {"page.html": "{{ title | shout }}{% if 3 is odd %}!{% endif %}"}

    def environment(**options: object) -> Environment:
        env = Environment(loader=DictLoader(templates), bytecode_cache=cache, **options)
        env.filters["shout"] = str.upper
        return env

    first, same, escaping = environment(), environment(), environment(autoescape=True)
    assert fingerprint(first) == fingerprint(same) != fingerprint(escaping)
    assert first.get_template("page.html").render(title="<a>") == "<A>!"
    compiled = []
    same.compile = lambda *args, **kwargs: compiled.append(args)  # type: ignore[method-assign]
    assert same.get_template("page.html").render(title="<a>") == "<A>!"  # from the shared code
    assert not compiled
    assert escaping.get_template("page.html").render(title="<a>") == "&lt;A&gt;!"  # its own code
    same.filters["other"] = str.lower  # a filter more: compiled on its own
    assert fingerprint(same) != fingerprint(first)
    folded = environment()  # Jinja's optimizer calls a filter on a constant while compiling
    folded.filters["shout"] = str.lower
    templates["constant.html"] = "{{ 'Calm' | shout }}"
    assert first.get_template("constant.html").render() == "CALM"
    assert folded.get_template("constant.html").render() == "calm"
    templates["page.html"] = "{{ title }}!"  # a changed source is compiled again
    assert Environment(loader=DictLoader(templates), bytecode_cache=cache).get_template(
        "page.html").render(title="t") == "t!"


def test_pelicans_per_generator_filters_compare_by_what_they_call() -> None:
    plugins = ["stepwise"]

    def pelican_like() -> Environment:
        env = Environment()
        env.filters["strftime"] = DateFormatter()
        env.tests["plugin_enabled"] = partial(str.startswith, plugins)
        return env

    assert fingerprint(pelican_like()) == fingerprint(pelican_like())
    other = pelican_like()
    other.tests["plugin_enabled"] = partial(str.startswith, ["another"])
    assert fingerprint(other) != fingerprint(pelican_like())
