"""Helpers shared by the benchmarks: run a command in a fresh process and measure its wall time and
the peak memory of its whole process tree; medians; copies of an issue folder."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "2024-02"
# the project's interpreter, as a user runs the build (the benchmark itself may run under another)
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() \
    else sys.executable


def _tree(pid: int) -> list[int]:
    """pid and all its live descendants (from /proc/<pid>/task/<tid>/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def _pss(pid: int) -> int:
    """Proportional set size in bytes: pages shared with other processes (a forked pool's) count
    once over all of them, so the sum over a tree is the tree's real footprint."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


class _Sampler(threading.Thread):
    """Sums the memory of a process tree every `every` seconds; keeps the largest sum."""

    def __init__(self, pid: int, every: float = 0.01):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.done = pid, every, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, sum(_pss(p) for p in _tree(self.pid)))
            self.done.wait(self.every)


class Run(NamedTuple):
    seconds: float      # wall time
    mb: float           # peak memory, all processes together
    cpu: float          # user + system time of the process and its children


def run(cmd, cwd=None, env=None) -> Run:
    """Wall time (s), peak memory (MB) and CPU time of one fresh process running `cmd`, all its processes
    together: the larger of the kernel's peak RSS of the largest process in the tree (exact, for one
    process) and the sampled sum of the proportional set sizes of the processes alive at once (for
    several; pages they share count once)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    sampler = _Sampler(proc.pid)
    sampler.start()
    stderr = proc.stderr.read()            # a child's stderr is short; reading it never blocks it
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    sampler.done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"failed (exit {proc.returncode}): {' '.join(map(str, cmd))}\n"
                         f"{stderr.decode(errors='replace')[-2000:]}")
    return Run(seconds, max(usage.ru_maxrss * 1024, sampler.peak) / 2**20, usage.ru_utime + usage.ru_stime)


def median(values) -> float:
    return statistics.median(values)


def median_of(n, fn) -> tuple[float, float]:
    """Median time and largest peak memory of n calls of fn() -> (seconds, MB)."""
    times, peaks, *_ = zip(*(fn() for _ in range(n)))
    return median(times), max(peaks)


def copies(source: Path, into: Path, n: int, name: str = "2024-{:02d}") -> list[Path]:
    """n copies of an issue folder under different names (a volume of n issues)."""
    out = []
    for k in range(1, n + 1):
        dst = into / name.format(k)
        shutil.copytree(source, dst)
        out.append(dst)
    return out
