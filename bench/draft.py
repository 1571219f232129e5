#!/usr/bin/env python3
"""How long ``build.py draft`` takes on each sample article, as an editor runs it.

    .venv/bin/python bench/draft.py [--runs 5]

Each run is the real command in a fresh process: Python start-up, loading
underthesea's models and reading the article are all counted. Target (issue
15): at most 2 s an article.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((PROJECT / "content" / "sources").glob("*.txt"))
TARGET_SECONDS = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"medians of {args.runs} runs of build.py draft, each in a fresh process (model load included)")
    worst = 0.0
    for article in ARTICLES:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "build.py", "draft", str(article)], cwd=PROJECT, capture_output=True)
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                print(done.stderr.decode(), file=sys.stderr)
                return 1
        words = len(article.read_text(encoding="utf-8").split())
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"  {article.name:<16} {words:5d} words   {median:5.2f} s   (runs {min(times):.2f}–{max(times):.2f})")
    verdict = "met" if worst <= TARGET_SECONDS else "NOT met"
    print(f"  slowest {worst:.2f} s an article: target ≤ {TARGET_SECONDS:.1f} s {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
