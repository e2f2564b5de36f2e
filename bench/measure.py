"""Timing with time.perf_counter, memory from /proc, and the results table."""

import dataclasses
import gc
import resource
import statistics
import time
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Timing:
    name: str
    seconds: tuple[float, ...]

    @property
    def runs(self) -> int:
        return len(self.seconds)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p90_ms(self) -> float:
        if len(self.seconds) == 1:
            return self.seconds[0] * 1000
        # Inclusive: the 90th percentile lies within the measured runs.
        return statistics.quantiles(self.seconds, n=10, method="inclusive")[8] * 1000


def time_runs(name, function, *, runs, warmup=1) -> Timing:
    """Call `function` `warmup` times untimed, then `runs` times, timing each call."""
    for _ in range(warmup):
        function()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return Timing(name, tuple(seconds))


def rss_kib() -> int:
    """The process's resident set size now, after a garbage collection.

    VmRSS rather than ru_maxrss: the high-water mark never falls, so it
    cannot tell memory held from memory used once and freed.
    """
    gc.collect()
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


@dataclasses.dataclass(frozen=True)
class Row:
    timing: Timing
    baseline: Timing | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None:
            return None
        return self.timing.median_ms / self.baseline.median_ms


def print_table(title, rows):
    """One line per (measurement, baseline); ratio = median / baseline median."""
    headers = ("name", "runs", "median ms", "p90 ms", "baseline", "ratio")
    cells = [
        (
            row.timing.name,
            str(row.timing.runs),
            _format_ms(row.timing.median_ms),
            _format_ms(row.timing.p90_ms),
            row.baseline.name if row.baseline else "-",
            _format_ratio(row.ratio),
        )
        for row in rows
    ]
    widths = [max(len(text) for text in column) for column in zip(headers, *cells)]
    numeric = {1, 2, 3, 5}

    def line(values):
        return "  ".join(
            value.rjust(width) if index in numeric else value.ljust(width)
            for index, (value, width) in enumerate(zip(values, widths))
        ).rstrip()

    print(f"\n{title}")
    print(line(headers))
    print(line(["-" * width for width in widths]))
    for values in cells:
        print(line(values))


def _format_ms(ms):
    # Hashing a letter takes microseconds: keep three significant figures.
    return f"{ms:.2f}" if ms >= 1 else f"{ms:.3g}"


def _format_ratio(ratio):
    if ratio is None:
        return "-"
    if ratio >= 100:
        return f"{ratio:.0f}x"
    return f"{ratio:.2f}x"
