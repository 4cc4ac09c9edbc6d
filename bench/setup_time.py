"""How long `make setup` takes in a clean clone with no pip cache, and how big the .venv is,
against the same with the test tools (what `make test` adds to .venv before its own steps).

Each round sets up both, alternating (A, B, A, B ...), in fresh folders holding only what
the Makefile needs; pip's cache is off, so every package is downloaded. The time depends
on the network and the machine: README quotes the medians with the run's date.

Usage: .venv/bin/python bench/setup_time.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"make setup (the site's packages)": ".venv/.stamp-requirements",
         "the same with the test tools (requirements-test.txt)": ".venv/.stamp-requirements-test"}


def one_run(target: str) -> tuple[float, int]:
    """Seconds and .venv bytes of `make TARGET` in a clean clone."""
    with tempfile.TemporaryDirectory(prefix="setup-bench-") as folder:
        clone = Path(folder)
        for name in ("Makefile", "requirements.txt", "requirements-test.txt"):
            shutil.copy(ROOT / name, clone / name)
        env = {**os.environ, "PIP_NO_CACHE_DIR": "1"}
        started = time.monotonic()
        subprocess.run(["make", "--quiet", target], cwd=clone, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        seconds = time.monotonic() - started
        files = [p for p in (clone / ".venv").rglob("*") if p.is_file() and not p.is_symlink()]
        size = sum(p.stat().st_size for p in files)
        return seconds, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    results: dict[str, list[tuple[float, int]]] = {kind: [] for kind in KINDS}
    for _ in range(rounds):
        for kind, target in KINDS.items():
            results[kind].append(one_run(target))
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{rounds} alternating rounds, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} cores, load average after the run {load}\n")
    print("| set-up | wall time, median (min–max) | .venv size |\n| --- | --- | --- |")
    for kind, runs in results.items():
        times = [seconds for seconds, _ in runs]
        size = statistics.median(size for _, size in runs) / 1e6
        spread = f"{min(times):.0f}–{max(times):.0f}"
        print(f"| {kind} | {statistics.median(times):.0f} s ({spread}) | {size:.0f} MB |")


if __name__ == "__main__":
    main()
