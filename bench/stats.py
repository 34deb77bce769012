"""Small measurement helpers: percentiles, a stopwatch and peak memory."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from typing import Iterator


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation, like numpy's default."""
    data = sorted(values)
    if not data:
        return 0.0
    position = (len(data) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (position - low)


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """p50, p95, mean and max of durations given in seconds, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "mean_ms": round(sum(ms) / len(ms), 1) if ms else 0.0,
        "max_ms": round(max(ms), 1) if ms else 0.0,
    }


def timed_calls(fn: Callable[[str], object], inputs: Iterable[str]) -> tuple[list[float], list[object]]:
    """Call ``fn`` on each input; returns the durations (s) and the results."""
    durations, results = [], []
    for item in inputs:
        started = time.perf_counter()
        results.append(fn(item))
        durations.append(time.perf_counter() - started)
    return durations, results


class Stopwatch:
    """Accumulates time per label: ``with watch("embed"): ...``."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, label: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started


def hwm_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory (VmHWM) of a running process, in MB; None when /proc cannot tell."""
    try:
        for line in open(f"/proc/{pid}/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    VmHWM, not getrusage: Linux carries the parent's high-water mark into ru_maxrss across fork/vfork and
    exec, so a child started by a big process would report the parent's size."""
    return hwm_mb() or round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def folder_mb(path, exclude: tuple[str, ...] = ()) -> float:
    """Size on disk of the files below ``path`` (symlinks not followed), in MB."""
    from pathlib import Path

    total = 0
    for item in Path(path).rglob("*"):
        if any(part in exclude for part in item.relative_to(path).parts):
            continue
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_blocks * 512
    return round(total / 1_000_000, 2)


def data_size_mb_detail(data_dir) -> dict[str, float]:
    """Disk use per top-level part of a data dir (chroma, index), the model excluded."""
    from pathlib import Path

    return {item.name: folder_mb(item) for item in sorted(Path(data_dir).iterdir())
            if item.is_dir() and item.name != "models"}
