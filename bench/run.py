"""The benchmark: our full build against plain Pelican, an edit against a cold build.

Run with `invoke bench` (or `python bench/run.py --size M --rounds 3`). It makes
its corpora under bench/work/ (git-ignored), times paired runs (A, B, A, B ...)
(bench/pairbench.py), prints a table of medians and ratios, and writes it to
bench/RESULTS.md between the markers, so the hand-written analysis around it stays.

What is timed, each as a whole process (start-up included):
- cold: `python -m stepwise_tools.build` (theme, all plugins, feeds, worksheets, Pagefind
  index) with no cache, against `pelican` with bench/plain_pelicanconf.py (default
  theme, no plugins) on the same content;
- edit: one post gets a new line, then our build runs with a warm content cache and
  STEPWISE_PREVIEW_FIRST; "visible" is when that post's page in output/ first shows
  the new line (polled every 5 ms), "done" is when the build has swapped in the full
  site; both against our cold build;
- memory: peak of the summed PSS of the process tree (workers included), and the
  largest single process's peak RSS;
- the podcast feed (build_feed) for 1,000 episodes, in-process, median of 7;
- the page weight of a post page: HTML plus the CSS and JS files it loads;
- scaling: one cold build of each size S, M, L, per source item.

Two corpora (--corpus): `practice`, shaped like this practice's own posts and episodes
(bench/make_corpus.py), and `blog`, an ordinary Pelican blog moved in (bench/make_blog.py:
long paragraphs, many links, tables, footnotes, code, no episodes). Each has its own
table in RESULTS.md, between its own markers.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import gzip
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from make_blog import SIZES as BLOG_SIZES  # noqa: E402
from make_blog import make_blog  # noqa: E402
from make_corpus import SIZES, make_corpus  # noqa: E402
from pairbench import Job, Pair, Sample, paired, run_once  # noqa: E402

WORK = BENCH / "work"
MEMORY_ROUNDS = 2  # memory is sampled in rounds of its own (sampling slows a timed run)
TRASH = WORK / "trash"  # earlier runs' output (retire), deleted after the last timed run
CODE = WORK / "code"  # a snapshot of plugins/, theme/ and pelicanconf.py taken at the start
PYTHON = sys.executable
# The cold-build targets by size, for both corpora (issue 17).
COLD_TARGET = {"S": "≤ 1.0× (issue 17)", "M": "≤ 0.9× (issue 17)", "L": "≤ 0.9× (issue 17)"}
MARKERS = {"practice": ("<!-- bench:begin -->", "<!-- bench:end -->"),
           "blog": ("<!-- bench-blog:begin -->", "<!-- bench-blog:end -->")}


def snapshot() -> None:
    """Copy the code under test, so edits made while the benchmark runs (a shared tree)
    neither mix two versions into one table nor invalidate the warm cache mid-run."""
    shutil.rmtree(CODE, ignore_errors=True)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("plugins", "theme"):
        shutil.copytree(ROOT / folder, CODE / folder, ignore=skip)
    shutil.copy2(ROOT / "pelicanconf.py", CODE / "pelicanconf.py")
    # Compiled to bytecode as an installed package is (pip compiles Pelican's on install): with
    # PYTHONDONTWRITEBYTECODE set, as on this machine, every timed run of ours compiled its
    # plugins from source again (~0.15 s a run) while plain Pelican loaded its bytecode.
    compileall.compile_dir(CODE / "plugins", quiet=1)


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(CODE / "plugins"), str(CODE)])}


def folder_of(kind: str, size: str) -> Path:
    """bench/work/<size> for the practice corpus (as before), bench/work/blog-<size> for the blog."""
    return WORK / size if kind == "practice" else WORK / f"{kind}-{size}"


def corpus(kind: str, size: str) -> Path:
    """The corpus of a kind and size, generated once per bench run into its folder's content/."""
    if kind == "blog":
        return make_blog(folder_of(kind, size) / "content", BLOG_SIZES[size])
    return make_corpus(folder_of(kind, size) / "content", *SIZES[size])


def describe(kind: str, size: str) -> str:
    if kind == "blog":
        return f"Blog corpus {size} (bench/make_blog.py): {BLOG_SIZES[size]:,} posts, no episodes"
    return f"Corpus {size}: {SIZES[size][0]:,} posts + {SIZES[size][1]:,} episodes"


# The fast paths off (the ablation row): the site's plugins without stepwise_speed, so one
# process, Python-Markdown's own inline pass, smarty and toc, no card cache, no content cache.
SLOW = ['PLUGINS=["podcast", "worksheets", "discovery", "search", "assets", "stepwise"]']


def ours(folder: Path, name: str, *, cold: bool, preview: bool = False, slow: bool = False) -> Job:
    out, cache = folder / f"out-{name}", folder / f"cache-{name}"
    argv = [PYTHON, "-m", "stepwise_tools.build", "-s", str(CODE / "pelicanconf.py"), "-o", str(out),
            "--content", str(folder / "content"), "-e", f"CACHE_PATH={_json(cache)}"]
    if preview:
        argv.append("STEPWISE_PREVIEW_FIRST=true")
    if slow:
        argv += SLOW

    def prepare() -> None:
        if cold:
            retire(cache, out)
    return Job(name=f"ours {name}", argv=argv, prepare=prepare, env=env(), cwd=ROOT)


def plain(folder: Path) -> Job:
    out = folder / "out-plain"
    argv = [PYTHON, "-m", "pelican", str(folder / "content"), "-o", str(out),
            "-s", str(BENCH / "plain_pelicanconf.py"), "-q"]
    return Job(name="plain Pelican cold", argv=argv, prepare=lambda: retire(out),
               env=env(), cwd=ROOT)


def retire(*paths: Path) -> None:
    """Move an earlier run's output out of the way; it is deleted after the last timed run.

    Deleting it just before the next build would charge that build for the deletion. This
    machine's ext4 runs without a journal, and then ext4 does not reuse an inode freed in
    the last 60 to 300 s: each new file steps over every recently freed one first
    (fs/ext4/ialloc.c, recently_deleted(); perf showed it). After deleting a 4,000-item
    site (25,000 files and folders) our next cold build spent about 3.7 s more in the
    kernel, and plain Pelican, which writes a quarter as many files and folders, far less.
    A first build after a clone pays none of it; renaming a folder is one step.
    """
    for path in paths:
        if path.exists():
            TRASH.mkdir(parents=True, exist_ok=True)
            path.rename(TRASH / f"{time.time_ns()}-{path.name}")


def _json(path: Path) -> str:
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'


def middle_post(content: Path) -> Path:
    """The post from the middle of the archive (its files sort by date in both corpora)."""
    posts = sorted((content / "posts").rglob("*.md"))
    return posts[len(posts) // 2]


def edit_job(folder: Path) -> Job:
    """Our warm build after appending a new line to one post; watches for it in output/."""
    job = ours(folder, "edit", cold=False, preview=True)
    source = middle_post(folder / "content")
    page = folder / "out-edit" / "posts" / source.stem / "index.html"
    state = {"round": 0, "mark": ""}

    def prepare() -> None:
        state["round"] += 1
        state["mark"] = f"benchedit{state['round']:03d}"
        with source.open("a", encoding="utf-8") as fh:
            fh.write(f"\nEdited in bench round {state['mark']}.\n")

    def visible() -> bool:
        try:
            return state["mark"] in page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
    job.prepare, job.watch = prepare, visible
    return job


def med(samples: list[Sample], metric: Callable[[Sample], float]) -> float:
    return statistics.median(metric(s) for s in samples)


def spread(samples: list[Sample], metric: Callable[[Sample], float]) -> str:
    values = [metric(s) for s in samples]
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def wall(s: Sample) -> float:
    return s.wall


def cpu(s: Sample) -> float:
    return s.cpu


def tree(s: Sample) -> float:
    return s.tree_pss_mib


def tree_no_index(s: Sample) -> float:
    return s.tree_pss_without_index_mib


def rss(s: Sample) -> float:
    return s.maxrss_mib


def seen(s: Sample) -> float:
    return s.marks.get("visible", s.wall)


def page_weight(site: Path) -> tuple[int, int, str]:
    """Bytes of a post page with the CSS and JS it loads (raw, gzip), and which page."""
    pages = sorted((site / "posts").glob("*/index.html"))
    page = pages[len(pages) // 2]
    html = page.read_text(encoding="utf-8")
    files = [page.read_bytes()]
    for ref in re.findall(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"', html):
        local = site / ref.split("?")[0].lstrip("/")
        if local.is_file():
            files.append(local.read_bytes())
    raw = sum(len(f) for f in files)
    packed = sum(len(gzip.compress(f, 9)) for f in files)
    return raw, packed, str(page.relative_to(site))


def feed_timing(folder: Path) -> float:
    """Median seconds of podcast build_feed over the corpus's episodes, in a clean process."""
    script = BENCH / "feed_timing.py"
    argv = [PYTHON, str(script), str(folder / "content"), str(folder / "out-feed"), str(CODE)]
    done = subprocess.run(argv, env=env(), cwd=ROOT, capture_output=True, encoding="utf-8",
                          timeout=1800, check=False)
    match = re.search(r"build_feed median ([0-9.]+) s", done.stdout)
    if not match:
        raise RuntimeError(f"feed timing failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return float(match.group(1))


def same_tree(first: Path, second: Path) -> bool:
    """Byte-identical folders (the fast paths must not change the site)."""
    def files(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    return files(first) == files(second)


def count_sources(content: Path) -> int:
    return sum(1 for folder in ("posts", "episodes") for _ in (content / folder).rglob("*.md"))


def scaling(kind: str, sizes: list[str], log: Callable[[str], None]) -> list[tuple[str, int, float, float]]:
    """One cold build of ours and of plain Pelican per size, back to back: ms per source item."""
    rows = []
    for size in sizes:
        folder = folder_of(kind, size)
        items = count_sources(folder / "content")
        pair = paired(ours(folder, "cold", cold=True), plain(folder), rounds=1, warmup=0, log=log)
        a, b = pair.a_runs[0], pair.b_runs[0]
        rows.append((size, items, a.wall / items * 1000, b.wall / items * 1000))
    return rows


def table(kind: str, size: str, cold: Pair, edit: Pair, *, feed: float | None,
          weight: tuple[int, int, str], scale: list[tuple[str, int, float, float]], rounds: int,
          ablation: Pair | None) -> str:
    a, b = cold.a_runs, cold.b_runs
    e, c = edit.a_runs, edit.b_runs
    folder = folder_of(kind, size)
    memory = cold.memory or cold
    ma, mb = memory.a_runs, memory.b_runs
    lines = [
        f"{describe(kind, size)}; {rounds} paired rounds "
        f"after 1 warm-up, each run following one of the other kind (A, B, A, B); "
        f"medians (min–max); ratios are medians of per-round ratios. Memory (PSS) from "
        f"{len(ma)} more rounds: sampling it slows a timed run.",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average before the run "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
        "| measure | ours | baseline | ratio (target) |",
        "| --- | --- | --- | --- |",
        f"| cold full build, wall | {spread(a, wall)} | plain Pelican {spread(b, wall)} | "
        f"**{cold.ratio(wall):.2f}×** ({COLD_TARGET[size]}) |",
        f"| cold full build, CPU (all processes) | {spread(a, cpu)} | {spread(b, cpu)} | "
        f"{cold.ratio(cpu):.2f}× |",
        f"| peak memory, summed PSS of the process tree | {med(ma, tree):.0f} MiB | "
        f"{med(mb, tree):.0f} MiB | "
        f"**{memory.ratio(tree):.2f}×** (≤ 2×) |",
        f"| the same without Pagefind (the search indexer, a separate program) | "
        f"{med(ma, tree_no_index):.0f} MiB | {med(mb, tree_no_index):.0f} MiB | "
        f"{memory.ratio(tree_no_index):.2f}× |",
        f"| peak RSS of the largest process | {med(a, rss):.0f} MiB | {med(b, rss):.0f} MiB | "
        f"{cold.ratio(rss):.2f}× |",
        f"| one-post edit visible in output/ (warm cache, preview first) | {spread(e, seen)} | "
        f"our cold build {spread(c, wall)} | **{edit.ratio(seen, wall):.2f}×** (≤ 0.2×) |",
        f"| same edit, whole build done and swapped in | {spread(e, wall)} | our cold build | "
        f"{edit.ratio(wall):.2f}× |",
        *([f"| our cold build, against itself with the fast paths off "
           f"(one process, stock Markdown extensions) | "
           f"{spread(ablation.a_runs, wall)} | {spread(ablation.b_runs, wall)} | "
           f"{ablation.ratio(wall):.2f}× (output byte-identical: "
           f"{'yes' if same_tree(folder / 'out-cold', folder / 'out-slow') else 'NO'}) |"]
          if ablation else []),
        *([f"| podcast feed for 1,000 episodes (build_feed, in-process) | {feed * 1000:.0f} ms | | |"]
          if feed is not None else []),
        f"| post page weight ({weight[2]}, HTML + CSS + JS) | {weight[0] / 1024:.1f} KiB "
        f"({weight[1] / 1024:.1f} KiB gzip) | budget 60 KB | |",
        *(["",
           "Scaling (one cold build per size; the machine's noise is larger here than in the paired rows):",
           "",
           "| size | source items | ours, ms per item | plain Pelican, ms per item | ours / plain |",
           "| --- | --- | --- | --- | --- |",
           *[f"| {s} | {n:,} | {o:.1f} | {p:.1f} | {o / p:.2f}× |" for s, n, o, p in scale]]
          if scale else []),
    ]
    return "\n".join(lines)


def write_results(text: str, kind: str = "practice") -> None:
    begin, end = MARKERS[kind]
    results = BENCH / "RESULTS.md"
    old = (results.read_text(encoding="utf-8") if results.exists()
           else f"# Benchmark results\n\n{begin}\n{end}\n")
    if begin not in old:
        old += f"\n{begin}\n{end}\n"
    head, rest = old.split(begin, 1)
    tail = rest.split(end, 1)[1] if end in rest else ""
    results.write_text(f"{head}{begin}\n{text}\n{end}{tail}", encoding="utf-8")


def measure(kind: str, size: str, args: argparse.Namespace, log: Callable[[str], None]) -> str:
    """Every row of one corpus's table (the corpora are already generated)."""
    folder = folder_of(kind, size)
    log(f"{kind} {size}, cold: ours against plain Pelican")
    cold = paired(ours(folder, "cold", cold=True), plain(folder), args.rounds, log=log,
                  memory_rounds=MEMORY_ROUNDS)
    log("edit: one post changed, warm cache, preview first; against our cold build")
    ours(folder, "edit", cold=True).prepare()  # type: ignore[misc]  # start from nothing
    run_once(ours(folder, "edit", cold=False))  # fills the cache the edit rounds start from
    edit = paired(edit_job(folder), ours(folder, "cold2", cold=True), args.rounds, log=log)
    ablation = None
    if args.ablation:
        log("ablation: our cold build against the same with the fast paths off")
        ablation = paired(ours(folder, "cold", cold=True), ours(folder, "slow", cold=True, slow=True),
                          args.rounds, log=log)
    feed = None
    if kind == "practice":
        log("podcast feed: 1,000 episodes")
        feed = feed_timing(make_corpus(WORK / "feed" / "content", 20, 1_000).parent)
    weight = page_weight(folder / "out-cold")
    scale = scaling(kind, args.scale_sizes, log)
    return table(kind, size, cold, edit, feed=feed, weight=weight, scale=scale, rounds=args.rounds,
                 ablation=ablation)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Stepwise benchmark (see bench/RESULTS.md)")
    parser.add_argument("--corpus", default="practice", choices=sorted(MARKERS),
                        help="practice: posts and episodes like this site's; blog: a Pelican blog moved in")
    parser.add_argument("--size", default="M", choices=sorted(SIZES))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scaling", default="S,M,L", help="sizes for the scaling rows ('' to skip)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--ablation", action="store_true",
                        help="also time our cold build against itself with the fast paths off")
    args = parser.parse_args(argv)
    args.scale_sizes = [s for s in args.scaling.split(",") if s]

    def log(line: str) -> None:
        print(line, flush=True)

    snapshot()
    for size in sorted({args.size, *args.scale_sizes}):
        log(f"{args.corpus} corpus {size}: {corpus(args.corpus, size)}")
    text = measure(args.corpus, args.size, args, log)
    shutil.rmtree(TRASH, ignore_errors=True)  # nothing is timed after this
    print("\n" + text)
    if not args.no_write:
        write_results(text, args.corpus)
        log(f"\nwritten to {BENCH / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
