#!/usr/bin/env python3
"""How long personal copies take, against one plain booklet build.

    .venv/bin/python bench/copies.py [--runs 3] [--counts 1 50 500]

Each figure is the median of --runs runs of the real command line, in a fresh
process (start-up and imports included, as an officer would see it). The
target from issue 4: 500 copies in under 3× the time of one build.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "samples" / "recipients.csv"


def timed(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def recipients(count: int, folder: Path) -> Path:
    """``count`` recipients, cycling through the sample list with distinct codes."""
    with open(SAMPLE, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    path = folder / f"recipients-{count}.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=["name", "address", "code"])
        writer.writeheader()
        for i in range(count):
            row = rows[i % len(rows)]
            writer.writerow({"name": row["name"], "address": row["address"], "code": f"{row['code']}-{i + 1}"})
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--counts", type=int, nargs="+", default=[1, 50, 500])
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        build = timed([python, "build.py", "--output", str(folder / "plain.pdf")], args.runs)
        print(f"one plain booklet build: {build:.2f} s (median of {args.runs})")
        print(f"{'copies':>7} {'seconds':>8} {'ms/copy':>8} {'× build':>8}")
        for count in args.counts:
            command = [python, "build.py", "copies", "--recipients", str(recipients(count, folder))]
            seconds = timed([*command, "--output-dir", str(folder / f"copies-{count}")], args.runs)
            print(f"{count:>7} {seconds:>8.2f} {1000 * seconds / count:>8.1f} {seconds / build:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
