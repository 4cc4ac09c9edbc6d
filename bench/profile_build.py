"""Profile one build of a corpus in-process (cProfile), sequential reading.

Usage: python bench/profile_build.py CONTENT OUTPUT [--prof FILE] [--top N]
The pool is switched off (STEPWISE_WORKERS=1) so the profile sees the Markdown work.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]

from stepwise_tools import build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content")
    parser.add_argument("output")
    parser.add_argument("--prof", default=str(ROOT / "bench" / "work" / "build.prof"))
    parser.add_argument("--top", type=int, default=45)
    args = parser.parse_args()
    argv = ["-s", str(ROOT / "pelicanconf.py"), "-o", args.output, "--content", args.content,
            "-e", "STEPWISE_WORKERS=1", "LOAD_CONTENT_CACHE=false"]
    profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
    profiler.runcall(build.main, argv)
    profiler.dump_stats(args.prof)
    pstats.Stats(args.prof).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
