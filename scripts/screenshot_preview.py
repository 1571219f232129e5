#!/usr/bin/env python3
"""Take docs/preview.png: the preview page after an edit, with a broken file on top.

    .venv/bin/python scripts/screenshot_preview.py [docs/preview.png]

Runs the real ``build.py serve`` on a copy of the content and photographs the
page in Debian's chromium (Playwright): one figure's label edited (its pages
marked as changed), then a YAML error, shown above the last good pages.
"""

from __future__ import annotations

import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
LABEL = "label: xây dựng được từ mô hình thực hành tiết kiệm ở Công ty Xổ số kiến thiết tỉnh\n"
NEW_LABEL = "label: nhà tình nghĩa xây từ mô hình thực hành tiết kiệm ở Công ty Xổ số kiến thiết tỉnh\n"


def main() -> int:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else PROJECT / "docs" / "preview.png")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        shutil.copytree(PROJECT / "content", folder / "content")
        server = subprocess.Popen(
            [sys.executable, "-u", str(PROJECT / "build.py"), "serve", "--port", "0", "--content", "content"],
            cwd=folder,
            stdout=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True).start()

        def next_line(start: str) -> str:
            while not (line := lines.get(timeout=120)).startswith(start):
                pass
            return line

        province = folder / "content" / "kon-tum.yaml"
        try:
            url = re.search(r"http://\S+/", next_line("Xem trước tại")).group()
            next_line("Đã dựng")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
                page = browser.new_page(viewport={"width": 1280, "height": 860}, bypass_csp=True)
                page.goto(url)
                page.wait_for_function("document.body.dataset.status === 'ok'")
                province.write_text(province.read_text(encoding="utf-8").replace(LABEL, NEW_LABEL), encoding="utf-8")
                page.wait_for_function("document.querySelector('figure.page.changed img')?.naturalWidth > 0")
                # The changed page just below the problems, its mark in sight.
                page.evaluate("document.querySelector('figure.page.changed').scrollIntoView()")
                page.evaluate("window.scrollBy(0, -190)")
                text = province.read_text(encoding="utf-8")
                province.write_text(text.replace("\nname: Kon Tum\n", "\nname: Kon Tum: sai\n"), encoding="utf-8")
                page.wait_for_function("document.body.dataset.status === 'error'")
                page.wait_for_timeout(300)  # let the pictures settle after scrolling
                page.screenshot(path=str(target))
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
