"""What the HTML policy costs: per body in-process, and whole builds against another checkout.

    python bench/policy_cost.py --size M                       # per-body costs only
    python bench/policy_cost.py --size M --against /tmp/main   # plus the other checkout's check
    python bench/policy_cost.py --size M --against /tmp/main --builds   # and paired whole builds

Per body (every post and episode of the corpus, converted once with the site's Markdown):
the reader's check (checked_body: parse with lexbor, judge, serialise the tree it judged)
and the second judgement once Pelican has resolved the links (final_html), next to the
Markdown conversion they follow. With --against, paired whole builds (ours, theirs, ours, …)
of the same corpus: cold (no content cache) and warm (a cache filled by a first build), each
a median of --rounds; results are written to bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]

from markdown import Markdown  # noqa: E402

from bench.make_corpus import SIZES, make_corpus  # noqa: E402
from stepwise.body_policy import checked_body  # noqa: E402
from stepwise.html_policy import judge  # noqa: E402


def other_check(code: Path) -> Callable[[str, str], object]:
    """The body check of another checkout (e.g. main before this policy), imported under its own name."""
    folder = code / "plugins" / "stepwise"
    spec = importlib.util.spec_from_file_location("other_stepwise", folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    assert spec is not None and spec.loader is not None
    sys.modules["other_stepwise"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sys.modules["other_stepwise"])
    body_policy = importlib.import_module("other_stepwise.body_policy")
    if hasattr(body_policy, "checked_body"):
        return lambda text, html: body_policy.checked_body("x.md", html, text)
    return lambda text, html: list(body_policy.body_problems("x.md", html, text))  # before issue 13


def per_body(content: Path, against: Path | None, rounds: int) -> None:
    import pelicanconf  # the site's own Markdown settings

    options = dict(pelicanconf.MARKDOWN)
    options["extensions"] = list(options["extension_configs"])
    md = Markdown(**options)
    sources = sorted(content.glob("posts/*.md")) + sorted(content.glob("episodes/*.md"))
    bodies = []
    start = time.perf_counter()
    for path in sources:
        md.reset()
        text = path.read_text(encoding="utf-8")
        bodies.append((text, md.convert(text)))
    convert = time.perf_counter() - start
    resolved = [checked_body("x.md", html, text)[0].replace("{static}", "https://stepwise.example")
                for text, html in bodies]
    checks: dict[str, Callable[[], object]] = {
        "reader: parse, judge, serialise":
            lambda: [checked_body("x.md", html, text) for text, html in bodies],
        "after links: judge again": lambda: [judge(html, ("https://stepwise.example",)) for html in resolved],
    }
    if against is not None:
        old = other_check(against)
        checks["the other checkout's check"] = lambda: [old(text, html) for text, html in bodies]
    samples: dict[str, list[float]] = {name: [] for name in checks}
    for _ in range(rounds):  # interleaved, so a busy moment of the machine hits every check alike
        for name, check in checks.items():
            start = time.perf_counter()
            check()
            samples[name].append(time.perf_counter() - start)
    timings = {"Markdown conversion (for scale)": convert,
               **{name: statistics.median(times) for name, times in samples.items()}}
    print(f"{len(bodies)} bodies, {sum(len(h) for _, h in bodies) / len(bodies):.0f} characters of HTML each")
    for name, seconds in timings.items():
        print(f"  {name:36s} {seconds * 1000:7.1f} ms  {seconds / len(bodies) * 1e6:6.1f} µs/body  "
              f"{seconds / convert:5.1%} of conversion")


def build(code: Path, content: Path, output: Path, cache: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the build and its workers): on a busy shared machine the
    CPU time says more about the work than the wall time."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(code / "plugins"), str(code)])}
    argv = [sys.executable, "-m", "stepwise.build", "-s", str(code / "pelicanconf.py"), "-o", str(output),
            "--content", str(content), "-e", f'CACHE_PATH="{cache}"']
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=code, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def paired(content: Path, work: Path, against: Path, rounds: int) -> None:
    sides = {"ours": ROOT, "theirs": against}
    for mode in ("cold", "warm"):
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
        for _ in range(rounds):
            for name, code in sides.items():
                cache = work / f"cache-{name}"
                if mode == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                elif not cache.exists():
                    build(code, content, work / "out", cache)
                runs[name].append(build(code, content, work / "out", cache))
        for index, unit in ((1, "CPU"), (0, "wall")):
            ours, theirs = (statistics.median(run[index] for run in runs[name]) for name in sides)
            print(f"  {mode}, {unit}: {ours:.2f} s against {theirs:.2f} s = {ours / theirs:.3f}x "
                  f"(medians of {rounds})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="M")
    parser.add_argument("--against", type=Path, help="another checkout's root (e.g. main, exported)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--builds", action="store_true", help="with --against: paired whole builds too")
    args = parser.parse_args()
    work = BENCH / "work" / f"policy-{args.size}"
    content = make_corpus(work / "content", *SIZES[args.size]) if not (work / "content").is_dir() \
        else work / "content"
    per_body(content, args.against, args.rounds)
    if args.against and args.builds:
        paired(content, work, args.against.resolve(), args.rounds)


if __name__ == "__main__":
    main()
