"""Edit to reload in a real browser: the live preview (`make serve`) against our cold build.

Run with `invoke bench-live` (or `python bench/live_reload.py --size M --rounds 5`). For the
sample site (the project's own content, copied) and for a corpus size, it starts the live
preview (python -m stepwise.livepreview) on a copy of the code (as bench/run.py does),
opens the middle post in Chromium (Playwright, tests/chromium.py finds it) and, each round:

- A: appends a line to that post's source and times from the write to the page's `load`
  event after the reload, checking that the page shows the line (the preview's own
  watcher, builder, server and the browser's reload are all in that time); then waits
  until the preview is idle (its search index updated), so nothing of A runs during B;
- B: our cold build of the same content (`python -m stepwise.build`, no cache), as a
  whole process.

Rounds alternate A, B; quoted are medians and the median of the per-round ratios A/B.
The table goes into bench/RESULTS.md between its own markers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

from make_corpus import SIZES  # noqa: E402
from pairbench import run_once  # noqa: E402
from run import CODE, PYTHON, WORK, corpus, env, ours, retire, snapshot  # noqa: E402

from tests.chromium import CHROMIUM_ARGS, find_chromium  # noqa: E402
from tests.stepwise.project import free_port  # noqa: E402

BEGIN, END = "<!-- live:begin -->", "<!-- live:end -->"
IDLE_SECONDS = 600


class Preview:
    """The live preview of one content folder, as `make serve` runs it."""

    def __init__(self, folder: Path, content: Path) -> None:
        self.port, self.log = free_port(), folder / "live.log"
        self.output = folder / "out-live"
        retire(self.output, folder / "cache-live")
        argv = [PYTHON, "-m", "stepwise.livepreview", "-s", str(CODE / "pelicanconf.py"), "-o",
                str(self.output), "--content", str(content), "--port", str(self.port), "-e",
                f'CACHE_PATH="{folder / "cache-live"}"']
        with self.log.open("w", encoding="utf-8") as out:
            self.process = subprocess.Popen(argv, env=env(), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        self.wait_for("Built in", 1)

    def count(self, text: str) -> int:
        return self.log.read_text(encoding="utf-8").count(text)

    def wait_for(self, text: str, times: int) -> None:
        deadline = time.monotonic() + IDLE_SECONDS
        while self.count(text) < times:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"the live preview never said {text!r}:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.05)

    def stop(self) -> None:
        os.killpg(self.process.pid, 2)
        self.process.wait(timeout=60)


def edit_to_reload(page: Any, source: Path, mark: str) -> float:
    """Seconds from saving `source` with `mark` to the reloaded page's load event."""
    with page.expect_event("load", timeout=120_000):
        started = time.perf_counter()
        with source.open("a", encoding="utf-8") as handle:
            handle.write(f"\nEdited in the live bench: {mark}.\n")
    seconds = time.perf_counter() - started
    if mark not in page.content():
        raise RuntimeError(f"the reloaded page does not show {mark}")
    return seconds


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path  # where the outputs and the log go
    content: Path
    post: Path  # the source edited each round
    url_path: str  # its page


def measure(case: Case, rounds: int, chromium: Any) -> dict[str, Any]:
    """Paired rounds of edit-to-reload (A) and our cold build (B) for one content folder."""
    name, post = case.name, case.post
    preview = Preview(case.folder, case.content)
    page = chromium.new_page()
    cold = ours(case.folder, "cold-live", cold=True)
    edits: list[float] = []
    builds: list[float] = []
    try:
        with page.expect_request(lambda request: request.url.endswith("/_stepwise/events")):
            page.goto(f"http://127.0.0.1:{preview.port}/{case.url_path}")
        for round_number in range(rounds + 1):  # round 0 warms up and is dropped
            indexed = preview.count("Search index updated")
            seconds = edit_to_reload(page, post, f"livebench{name}{round_number:03d}")
            preview.wait_for("Search index updated", indexed + 1)
            sample = run_once(cold)
            if round_number:
                edits.append(seconds)
                builds.append(sample.wall)
            print(f"{name} round {round_number}: edit to reload {seconds:.3f} s, "
                  f"cold build {sample.wall:.2f} s", flush=True)
    finally:
        page.close()
        preview.stop()
    ratios = [e / b for e, b in zip(edits, builds, strict=True)]
    return {"name": name, "edits": edits, "builds": builds, "ratio": statistics.median(ratios)}


def spread(values: list[float], unit: str = "s") -> str:
    return f"{statistics.median(values):.3f} {unit} ({min(values):.3f}–{max(values):.3f})"


def table(results: list[dict[str, Any]], rounds: int) -> str:
    lines = [f"Edit to reload in Chromium through `make serve`'s live preview, against our cold build "
             f"of the same content; {rounds} paired rounds after 1 warm-up; medians (min–max); the "
             f"ratio is the median of the per-round ratios. Run {time.strftime('%Y-%m-%d %H:%M')} on "
             f"{os.cpu_count()} cores, load average before the run "
             f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}.",
             "", "| content | edit to reload (browser) | our cold build | ratio (target ≤ 0.05× at M) |",
             "| --- | --- | --- | --- |"]
    for result in results:
        lines.append(f"| {result['name']} | {spread(result['edits'])} | {spread(result['builds'])} | "
                     f"**{result['ratio']:.3f}×** |")
    return "\n".join(lines)


def write_results(text: str) -> None:
    results = BENCH / "RESULTS.md"
    old = results.read_text(encoding="utf-8")
    if BEGIN not in old:
        old += f"\n## Live preview: edit to reload in a browser\n\n{BEGIN}\n{END}\n"
    head, rest = old.split(BEGIN, 1)
    results.write_text(f"{head}{BEGIN}\n{text}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")


def sample_site() -> tuple[Path, Path]:
    folder = WORK / "sample"
    shutil.rmtree(folder / "content", ignore_errors=True)
    shutil.copytree(ROOT / "content", folder / "content")
    return folder, folder / "content"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Live preview: edit to reload in a browser")
    parser.add_argument("--size", default="M", choices=sorted(SIZES))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    snapshot()
    sample, sample_content = sample_site()
    sized = corpus(args.size)
    middle = f"bench-post-{SIZES[args.size][0] // 2:04d}"
    sample_post = "the-relationship-is-the-therapy"
    cases = [Case("sample site", sample, sample_content, sample_content / "posts" / f"{sample_post}.md",
                  f"posts/{sample_post}/"),
             Case(args.size, WORK / args.size, sized, sized / "posts" / f"{middle}.md", f"posts/{middle}/")]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(find_chromium()), args=CHROMIUM_ARGS)
        results = [measure(case, args.rounds, chromium) for case in cases]
        chromium.close()
    text = table(results, args.rounds)
    print("\n" + text)
    if not args.no_write:
        write_results(text)


if __name__ == "__main__":
    main()
