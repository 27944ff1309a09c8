"""How long `qa --help` takes to start, against a bare Python start measured in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

RUNS = 7
COMMANDS = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "qa --help": [sys.executable, "-m", "qa", "--help"],
    "qa ingest --help": [sys.executable, "-m", "qa", "ingest", "--help"],
}


def _one_run(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of argv."""
    before, start = os.times(), time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    wall, after = time.perf_counter() - start, os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def _import_seconds() -> float:
    """Cumulative import time of qa.cli as `python -X importtime` reports it."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import qa.cli"],
        check=True,
        capture_output=True,
        text=True,
    )
    last = [line for line in done.stderr.splitlines() if line.rstrip().endswith("| qa.cli")][-1]
    return int(last.split("|")[1]) / 1e6  # importtime prints microseconds


def main() -> None:
    """Print medians of wall and CPU time per command, and ratios against the baseline."""
    base_wall = base_cpu = 0.0
    for name, argv in COMMANDS.items():
        runs = [_one_run(argv) for _ in range(RUNS)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        base_wall, base_cpu = (wall, cpu) if not base_wall else (base_wall, base_cpu)
        print(
            f"{name:28} wall {wall:5.2f} s ({wall / base_wall:4.1f}x)  "
            f"cpu {cpu:5.2f} s ({cpu / max(base_cpu, 1e-3):4.1f}x)"
        )
    imports = statistics.median(_import_seconds() for _ in range(RUNS))
    print(f"{'import qa.cli (-X importtime)':28} {imports:5.2f} s  (median of {RUNS})")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
