"""A paired timer for whole commands, standard library only.

Each run is one process tree, started in its own session so the whole tree can
be measured: wall time (perf_counter around start and wait4), CPU time (user +
sys from wait4, which includes every waited-for descendant, e.g. pool workers),
peak RSS of the largest process (wait4's ru_maxrss) and the peak of the tree's
summed PSS, sampled from /proc (so a 2-process pool is not under-counted, and
pages a forked worker shares with its parent are not counted twice).

Timed runs are not sampled: reading every process's smaps_rollup 20 times a second
costs about 15 % of a core, which a one-process command never misses (the other
core is idle) and a two-process one does (it made our build ~5 % slower and plain
Pelican's not at all). Memory comes from separate rounds (`memory_rounds`).

Commands A and B take turns (A, B, A, B ...) so drift of this shared machine hits
both; quote medians and the median of the run-by-run ratios.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Sample:
    wall: float
    cpu: float
    maxrss_mib: float
    tree_pss_mib: float
    returncode: int
    tree_pss_without_index_mib: float = 0.0  # the same, leaving out Pagefind's processes
    marks: dict[str, float] = field(default_factory=dict)  # e.g. "visible": seconds after start


@dataclass
class Job:
    """One command to time, with an optional setup run (untimed) before each run."""

    name: str
    argv: Sequence[str]
    prepare: Callable[[], None] | None = None
    watch: Callable[[], bool] | None = None  # polled; the first True is recorded as "visible"
    env: dict[str, str] | None = None
    cwd: Path | None = None


def _tree_pss_kib(session: int) -> tuple[int, int]:
    """Sum of PSS over every live process of one session, and the same without Pagefind."""
    total = without = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            if int(fields[3]) != session:  # fields[3] is the session id
                continue
            with open(f"/proc/{entry.name}/cmdline", "rb") as fh:
                indexer = b"pagefind" in fh.read()
            with open(f"/proc/{entry.name}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        without += 0 if indexer else int(line.split()[1])
                        break
        except (OSError, IndexError, ValueError):
            continue
    return total, without


class _Sampler(threading.Thread):
    """Polls the tree's memory and the job's watch condition until stopped."""

    def __init__(self, session: int, start: float, watch: Callable[[], bool] | None,
                 memory: bool) -> None:
        super().__init__(daemon=True)
        self.session, self.t0, self.watch, self.memory = session, start, watch, memory
        self.peak_kib = self.peak_without_kib = 0
        self.visible: float | None = None
        self.done = threading.Event()

    def run(self) -> None:
        next_memory = 0.0
        while not self.done.is_set():
            now = time.perf_counter()
            if self.watch and self.visible is None and self.watch():
                self.visible = now - self.t0
            if self.memory and now >= next_memory:
                total, without = _tree_pss_kib(self.session)
                self.peak_kib = max(self.peak_kib, total)
                self.peak_without_kib = max(self.peak_without_kib, without)
                next_memory = now + 0.05
            self.done.wait(0.005 if self.watch and self.visible is None else 0.02)


def run_once(job: Job, timeout: float = 900, *, memory: bool = False) -> Sample:
    """One run of the job; with `memory`, the tree's memory is sampled (and the run slowed)."""
    if job.prepare:
        job.prepare()
    # Write back what the previous run left dirty (100 MB of pages, the files prepare just
    # deleted) before the clock starts, so it does not slow whichever run comes next.
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(job.argv, cwd=job.cwd, env=job.env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = _Sampler(proc.pid, start, job.watch, memory)
    sampler.start()
    stderr = b""
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        if proc.stderr:
            stderr = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    sampler.done.set()
    sampler.join()
    if job.watch and sampler.visible is None and job.watch():
        sampler.visible = wall
    if proc.returncode:
        tail = stderr.decode(errors="replace")[-2000:]
        raise RuntimeError(f"{job.name} failed ({proc.returncode}): {' '.join(job.argv)}\n{tail}")
    marks = {"visible": sampler.visible} if sampler.visible is not None else {}
    return Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime, maxrss_mib=usage.ru_maxrss / 1024,
                  tree_pss_mib=sampler.peak_kib / 1024, returncode=proc.returncode, marks=marks,
                  tree_pss_without_index_mib=sampler.peak_without_kib / 1024)


@dataclass
class Pair:
    a: Job
    b: Job
    a_runs: list[Sample] = field(default_factory=list)
    b_runs: list[Sample] = field(default_factory=list)
    memory: Pair | None = None  # the memory-sampled rounds, when there were any

    def ratio(self, metric: Callable[[Sample], float],
              b_metric: Callable[[Sample], float] | None = None) -> float:
        """Median of the run-by-run ratios A/B (robust to the machine's drift)."""
        b_metric = b_metric or metric
        runs = zip(self.a_runs, self.b_runs, strict=True)
        return statistics.median(metric(x) / b_metric(y) for x, y in runs)


def paired(a: Job, b: Job, rounds: int, warmup: int = 1, log: Callable[[str], None] = print, *,
           memory_rounds: int = 0) -> Pair:
    """Time A against B, A then B each round; warm-up rounds are not kept. Then, if asked,
    `memory_rounds` more rounds with memory sampled, kept apart in `pair.memory`.

    The order does not alternate (AB, BA, ...): that puts two runs of one kind back to
    back at every other round boundary, and on this machine a build that follows one of
    its own kind ran 10-20 % slower (both kinds; the output it replaces was just
    written), which skewed the ratio of every second round. In A, B, A, B ... every run
    follows a run of the other kind.
    """
    pair = Pair(a, b, memory=Pair(a, b) if memory_rounds else None)
    for n in range(warmup + rounds + memory_rounds):
        sampled = n >= warmup + rounds
        results = {job.name: run_once(job, memory=sampled) for job in (a, b)}
        label = ("memory" if sampled else "round " + str(n - warmup + 1)) if n >= warmup else "warm-up"
        for job in (a, b):
            s = results[job.name]
            log(f"  {label}: {job.name:<28} wall {s.wall:6.2f}s cpu {s.cpu:6.2f}s"
                + (f" tree {s.tree_pss_mib:5.0f} MiB" if sampled else "")
                + (f" visible {s.marks['visible']:.2f}s" if "visible" in s.marks else ""))
        if n >= warmup:
            kept = pair.memory if sampled and pair.memory else pair
            kept.a_runs.append(results[a.name])
            kept.b_runs.append(results[b.name])
    return pair


def median(values: list[float]) -> float:
    return statistics.median(values)
