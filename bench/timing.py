"""Timing helpers the benchmarks share: wall-clock runs of one callable after a warm-up."""
from __future__ import annotations

import time
from typing import Callable


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Seconds per run of `fn`, after one untimed warm-up run (imports, caches, connections)."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank `p`-th percentile (0–100) of `values` (any order)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1)))))]
