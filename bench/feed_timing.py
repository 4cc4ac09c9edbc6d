"""Time the podcast feed's generation (podcast.feed.build_feed) inside a real build.

Usage: python bench/feed_timing.py CONTENT OUTPUT [CODE]  (CODE: where plugins/ and
pelicanconf.py are; the benchmark passes its snapshot, the default is this checkout)
The build runs once, as usual; when it reaches the feed, the real episode
objects are fed to build_feed seven more times and the median is printed. The
first call's result is the one written, so the build's output is unchanged.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

CODE = Path(sys.argv[3] if len(sys.argv) > 3 else Path(__file__).resolve().parent.parent)
sys.path[:0] = [str(CODE / "plugins"), str(CODE)]

from podcast import generator  # noqa: E402
from stepwise_tools import build  # noqa: E402

REPEAT = 7


def main() -> None:
    content, output = sys.argv[1:3]
    real = generator.build_feed
    timings: list[float] = []
    counts: list[int] = []

    def timed(episodes: list[Any], settings: dict[str, Any]) -> str:
        result = real(episodes, settings)
        for _ in range(REPEAT):
            start = time.perf_counter()
            real(episodes, settings)
            timings.append(time.perf_counter() - start)
        counts.append(len(episodes))
        return result

    generator.build_feed = timed
    code = build.main(["-s", str(CODE / "pelicanconf.py"), "-o", output, "--content", content,
                       "-e", "LOAD_CONTENT_CACHE=false", "CACHE_CONTENT=false"])
    if code or not timings:
        sys.exit(f"the build failed or made no feed (exit {code})")
    print(f"episodes {counts[0]}; build_feed median {statistics.median(timings):.4f} s "
          f"(min {min(timings):.4f}, max {max(timings):.4f}, {REPEAT} runs)")


if __name__ == "__main__":
    main()
