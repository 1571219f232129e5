#!/usr/bin/env python3
"""How long personal copies take, plain and signed, against one cold booklet build.

    .venv/bin/python bench/copies.py [--runs 3] [--counts 1 50 500] [--no-signed]

Each figure is the median of --runs runs of the real command line, in a fresh
process (start-up and imports included, as an officer would see it). The
yardstick is a cold build (``--force`` into a new file: a plain ``build.py``
would find the booklet up to date and do nothing). Signed runs use a throwaway
test CA and key made here. Targets: 500 copies in under 3× one build (issue 4);
500 signed copies in at most 5× (issue 9).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "samples" / "recipients.csv"
PASSWORD = "bench"


def timed(command: list[str], runs: int, fresh: Path | None = None) -> float:
    """Median seconds; with ``fresh``, that folder is emptied before each run (no copy is reused)."""
    times = []
    environment = {**os.environ, "BRIEFING_SIGN_PASSWORD": PASSWORD}
    for _ in range(runs):
        if fresh is not None and fresh.exists():
            shutil.rmtree(fresh)
        start = time.perf_counter()
        subprocess.run(command, cwd=PROJECT, check=True, stdout=subprocess.DEVNULL, env=environment)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_key(folder: Path) -> Path:
    """A PKCS#12 key certified by a throwaway CA (the tests' helper; nothing is kept)."""
    sys.path.insert(0, str(PROJECT / "tests"))
    from pki import issue, make_ca

    ca = make_ca()
    return issue(ca, "Người ký thử nghiệm").p12(folder / "bench.p12", PASSWORD, [ca])


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
    parser.add_argument("--no-signed", action="store_true", help="only unsigned copies")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        build = timed([python, "build.py", "--force", "--output", str(folder / "plain.pdf")], args.runs)
        print(f"one cold booklet build (--force): {build:.2f} s (median of {args.runs})")
        print(f"{'kind':>6} {'copies':>7} {'seconds':>8} {'ms/copy':>8} {'× build':>8}")
        kinds = [("plain", [])] + ([] if args.no_signed else [("signed", ["--sign", str(test_key(folder))])])
        for kind, extra in kinds:
            for count in args.counts:
                output = folder / f"{kind}-{count}"
                command = [python, "build.py", "copies", "--recipients", str(recipients(count, folder))]
                seconds = timed([*command, "--output-dir", str(output), *extra], args.runs, fresh=output)
                ratio = seconds / build
                print(f"{kind:>6} {count:>7} {seconds:>8.2f} {1000 * seconds / count:>8.1f} {ratio:>8.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
