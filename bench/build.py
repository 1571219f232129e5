#!/usr/bin/env python3
"""How fast the booklet regenerates, against plain WeasyPrint.

    .venv/bin/python bench/build.py [--runs 5] [--scale 10]

Every figure is the median of --runs runs. Command-line figures run the real
command in a fresh process (start-up and imports included); the edit→PDF
figure runs in one warm process, as watch mode does, changing one figure's
label in one province between builds. The cold build keeps the caches the
tool keeps between runs, as a user's rebuild with --force does; the first
build on a fresh checkout starts without them and is reported apart. A cold
build lays out in a second process while the first reads the content
(render/layoutprocess.py); the same build held to one core shows what that
overlap is worth. Targets
(issues 5 and 20): cold ≤ 1.1× the plain-WeasyPrint floor, edit→PDF ≤ 0.35×
cold, no-op ≤ 0.1× cold, and time growing no faster than the page count.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from briefing.options import DEFAULT_CONTENT, BuildOptions  # noqa: E402

LABEL = "label: xây dựng được từ mô hình thực hành tiết kiệm ở Công ty Xổ số kiến thiết tỉnh"
EDITED = "label: nhà tình nghĩa xây từ mô hình thực hành tiết kiệm ở Công ty Xổ số kiến thiết tỉnh"


def median_time(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(actions: dict, runs: int) -> dict[str, list[float]]:
    """Run the actions in turn, ``runs`` rounds: drift on a shared machine hits them alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return times


def ratio(times: dict[str, list[float]], name: str, base: str) -> float:
    """Median of the per-round ratios."""
    return statistics.median(a / b for a, b in zip(times[name], times[base], strict=True))


def command(*args: str, env: dict | None = None, one_core: bool = False):
    def on_one_core() -> None:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    preexec = on_one_core if one_core else None
    return lambda: subprocess.run(
        [sys.executable, *args], cwd=PROJECT, check=True, capture_output=True, env=env, preexec_fn=preexec
    )


def first_build(folder: Path, *args: str):
    """A build as on a fresh checkout: the caches the tool keeps between runs start empty each time."""

    def run() -> None:
        with tempfile.TemporaryDirectory(dir=folder) as empty:
            command(*args, env={**os.environ, "XDG_CACHE_HOME": empty})()

    return run


def scaled_content(folder: Path, factor: int) -> Path:
    """The real content with every province repeated ``factor`` times (valid: same quotes, same sources)."""
    target = folder / f"content-x{factor}"
    shutil.copytree(DEFAULT_CONTENT, target)
    booklet = target / "booklet.yaml"
    slugs = ["lang-son", "kon-tum"]
    for copy in range(2, factor + 1):
        for slug in ("lang-son", "kon-tum"):
            shutil.copy(target / f"{slug}.yaml", target / f"{slug}-{copy}.yaml")
            slugs.append(f"{slug}-{copy}")
    text = booklet.read_text(encoding="utf-8").replace(
        "provinces: [lang-son, kon-tum]", f"provinces: [{', '.join(slugs)}]"
    )
    booklet.write_text(text, encoding="utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()

    from briefing.render.pipeline import build, segmented_layout

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        pdf, html = folder / "booklet.pdf", folder / "booklet.html"
        run_once = command("build.py", "--output", str(pdf), "--html", str(html))
        run_once()  # the HTML for plain WeasyPrint, and the record the no-op run finds
        times = interleaved(
            {
                "floor": command("-m", "weasyprint", str(html), str(folder / "plain.pdf")),
                "cold": command("build.py", "--force", "--output", str(pdf), "--html", str(html)),
                "one-core": command("build.py", "--force", "--output", str(pdf), "--html", str(html), one_core=True),
                "noop": run_once,
                "first": first_build(folder, "build.py", "--force", "--output", str(pdf), "--html", str(html)),
            },
            args.runs,
        )
        floor, cold, one_core, noop, first = (
            statistics.median(times[name]) for name in ("floor", "cold", "one-core", "noop", "first")
        )

        content = folder / "content"
        shutil.copytree(DEFAULT_CONTENT, content)
        options = BuildOptions(content=content, output=folder / "watch.pdf")
        layout = segmented_layout(options)
        build(options, layout)
        province = content / "kon-tum.yaml"
        original = province.read_text(encoding="utf-8")
        # Alternate between two versions, so every build sees an edit; the layout
        # keeps only the current pages, so the previous version is never reused.
        versions = itertools.cycle([original, original.replace(LABEL, EDITED)])

        def edit_and_build() -> None:
            province.write_text(next(versions), encoding="utf-8")
            build(options, layout)

        edit_and_build()  # warm
        edit = median_time(edit_and_build, args.runs)

        print(f"medians of {args.runs} interleaved runs, on this machine; ratios are medians of per-round ratios")
        print(f"  plain weasyprint, same HTML (floor)   {floor:6.2f} s")
        print(
            f"  cold build (build.py --force)         {cold:6.2f} s   {ratio(times, 'cold', 'floor'):5.2f}× floor"
            "   (target ≤ 1.10)"
        )
        print(
            f"  cold build on one core                {one_core:6.2f} s   {ratio(times, 'one-core', 'floor'):5.2f}×"
            " floor"
            "   (the layout's process cannot run beside the content's)"
        )
        print(
            f"  first build, fresh checkout           {first:6.2f} s   {ratio(times, 'first', 'floor'):5.2f}× floor"
            "   (no cache yet: the word model loads, templates compile)"
        )
        print(f"  edit → PDF, warm (watch mode)         {edit:6.2f} s   {edit / cold:5.2f}× cold    (target ≤ 0.35)")
        print(
            f"  no-op (build.py, nothing changed)     {noop:6.2f} s   {ratio(times, 'noop', 'cold'):5.2f}× cold"
            "    (target ≤ 0.10)"
        )
        print(f"scale: every province repeated {args.scale}× (cold builds in-process, WeasyPrint loaded)")
        rows = []
        for factor in (1, args.scale):
            scaled = BuildOptions(content=scaled_content(folder, factor), output=folder / f"x{factor}.pdf")
            seconds = median_time(lambda scaled=scaled: build(scaled), max(1, args.runs // 2))
            pages = build(scaled).pages
            rows.append((factor, pages, seconds))
            print(f"  ×{factor:<3} {pages:4d} pages {seconds:7.2f} s   {1000 * seconds / pages:6.1f} ms/page")
        (_, pages_1, seconds_1), (_, pages_n, seconds_n) = rows
        growth = (seconds_n / seconds_1) / (pages_n / pages_1)
        grew = f"{seconds_n / seconds_1:.1f}× for {pages_n / pages_1:.1f}× the pages"
        print(f"  time grew {grew} ({growth:.2f}× per page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
