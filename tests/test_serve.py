"""build.py serve: a live preview in a real browser (Debian's chromium, through Playwright)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Lines, edit, squash

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LABEL = "label: được xây dựng từ tiền tiết kiệm ở Công ty TNHH MTV Xổ số kiến thiết tỉnh"
NEW_LABEL = "label: được xây từ tiền tiết kiệm của cán bộ ở Công ty TNHH MTV Xổ số kiến thiết tỉnh"
BAD_NAME_MESSAGE = (
    "cú pháp YAML sai: dấu hai chấm “:” không đúng chỗ; kiểm tra thụt lề, "
    "hoặc đặt cả đoạn chữ có dấu hai chấm trong ngoặc kép"
)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("no browser: Debian's chromium is not installed (bash scripts/setup.sh --test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


class Serve:
    """``build.py serve`` in its own process, on a port the system picks."""

    def __init__(self, folder: Path, content: Path):
        command = [sys.executable, "-u", str(PROJECT / "build.py"), "serve", "--port", "0"]
        command += ["--content", str(content), "--output", str(folder / "out" / "booklet.pdf")]
        self.process = subprocess.Popen(
            command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines = Lines(self.process)
        self.url = re.search(r"http://\S+/", self.lines.wait_for("Xem trước tại ")).group()
        self.lines.wait_for("Đã dựng")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        self.lines.wait_for("Đã dừng xem trước.")
        code = self.process.wait(timeout=30)
        seen = self.lines.all_seen()
        assert not any("Traceback" in line for line in seen), "\n".join(seen)
        return code

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


def page_texts(page) -> list[str]:
    return [squash(text) for text in page.eval_on_selector_all(".page-text", "els => els.map(e => e.textContent)")]


def wait_for_next_state(page, generation: int) -> int:
    page.wait_for_function(f"Number(document.body.dataset.generation) > {generation}", timeout=60_000)
    return int(page.evaluate("document.body.dataset.generation"))


def page_in_view(page) -> tuple[str, float]:
    """The page the reader is looking at (mid-window), and where it stands in the window."""
    return tuple(
        page.evaluate(
            "(() => { const f = [...document.querySelectorAll('figure.page')]"
            ".find(f => f.getBoundingClientRect().bottom > innerHeight / 2);"
            " return [f.id, f.getBoundingClientRect().top]; })()"
        )
    )


def still_reading(page, reading: tuple[str, float]) -> bool:
    """The same page in the same place (scroll anchoring may round to a fraction of a pixel)."""
    now = page_in_view(page)
    return now[0] == reading[0] and abs(now[1] - reading[1]) < 1


def test_another_address_is_announced_and_ctrl_c_stops_cleanly(tmp_path, content_copy):
    command = [sys.executable, "-u", str(PROJECT / "build.py"), "serve", "--host", "0.0.0.0", "--port", "0"]
    command += ["--content", str(content_copy), "--output", str(tmp_path / "booklet.pdf")]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = Lines(process)
    try:
        assert lines.wait_for("Cảnh báo:") == (
            "Cảnh báo: trang xem trước mở cho mạng ở địa chỉ 0.0.0.0, không chỉ máy này; "
            "ai vào được địa chỉ này đều xem được tài liệu."
        )
        assert re.fullmatch(
            r"Xem trước tại http://0\.0\.0\.0:\d+/ \(thư mục booklet-preview\)\. Nhấn Ctrl-C để dừng\.",
            lines.wait_for("Xem trước tại"),
        )
        lines.wait_for("Đang theo dõi")
        process.send_signal(signal.SIGINT)  # while the first build runs
        lines.wait_for("Đã dừng xem trước.")
        assert process.wait(timeout=30) == 0
        assert not any("Traceback" in line for line in lines.all_seen())
    finally:
        process.kill()
        process.wait()


def test_preview_follows_edits_without_reload_and_shows_errors_until_fixed(tmp_path, content_copy, browser):
    serve = Serve(tmp_path, content_copy)
    page = browser.new_page(viewport={"width": 1200, "height": 900}, bypass_csp=True)  # lets tests evaluate JS
    try:
        page.goto(serve.url)
        page.wait_for_function("document.body.dataset.status === 'ok'")
        generation = int(page.evaluate("document.body.dataset.generation"))
        page.wait_for_function(
            "(() => { const i = document.querySelector('#trang-1 img'); return i.complete && i.naturalWidth > 0; })()"
        )
        assert "HỌC TẬP VÀ LÀM THEO TẤM GƯƠNG ĐẠO ĐỨC HỒ CHÍ MINH" in page_texts(page)[0]
        status = page.inner_text("#status")
        assert re.fullmatch(r"\d+ trang · dựng lúc \d\d:\d\d:\d\d trong \d+,\d\d s", status), status
        assert int(status.split()[0]) == page.locator("figure.page").count()
        assert page.get_attribute("#pdf", "href").startswith("booklet.pdf?v=")
        assert page.locator("figure.page.changed").count() == 0
        # The particulars the colophon still lacks, as check lists them.
        assert page.is_visible("#warnings")
        warnings = page.eval_on_selector_all("#warning-list li", "items => items.map(i => i.textContent)")
        fields = ["responsible", "print_run", "printer", "permit", "deposit"]
        assert [w.split(": ", 2)[1] for w in warnings] == [f"colophon.{field}" for field in fields]

        old_label, new_label = LABEL.removeprefix("label: "), NEW_LABEL.removeprefix("label: ")
        showing = [n for n, text in enumerate(page_texts(page), 1) if old_label in text]
        assert showing, "the figure's label should be on some page"
        sources = {n: page.get_attribute(f"#trang-{n} img", "src") for n in showing}
        page.evaluate("window.notReloaded = true; window.scrollTo(0, 1400)")
        reading = page_in_view(page)
        assert reading[0] != "trang-1"

        # A figure changes: its page shows the new picture, marked, with no reload.
        edit(content_copy / "kon-tum.yaml", LABEL, NEW_LABEL)
        generation = wait_for_next_state(page, generation)
        texts = page_texts(page)
        now_showing = [n for n, text in enumerate(texts, 1) if new_label in text]
        assert now_showing == showing
        assert not any(old_label in text for text in texts)
        for number in showing:
            assert page.get_attribute(f"#trang-{number} img", "src") != sources[number]
            assert "changed" in page.get_attribute(f"#trang-{number}", "class")
            assert page.inner_text(f"#trang-{number} figcaption") == f"Trang {number} (đã thay đổi)"
            page.wait_for_function(f"document.querySelector('#trang-{number} img').naturalWidth > 0")
        assert "changed" not in page.get_attribute("#trang-1", "class")
        assert page.evaluate("window.notReloaded") is True
        assert still_reading(page, reading)
        assert page.is_hidden("#problems")

        # Broken YAML: every problem, with file:line:col, above the last good pages.
        line = edit(content_copy / "kon-tum.yaml", "\nname: Kon Tum\n", "\nname: Kon Tum: sai\n") + 1
        generation = wait_for_next_state(page, generation)
        assert page.is_visible("#problems")
        problems = page.eval_on_selector_all("#problem-list li", "items => items.map(i => i.textContent)")
        assert problems == [f"content/kon-tum.yaml:{line}:14: {BAD_NAME_MESSAGE}"]
        assert page.locator("figure.page").count() == len(texts)
        assert page_texts(page) == texts  # the last good pages stay
        assert still_reading(page, reading)  # the problems show at the top; the reader's page stays put

        # Fixed: the error goes.
        edit(content_copy / "kon-tum.yaml", "\nname: Kon Tum: sai\n", "\nname: Kon Tum\n")
        wait_for_next_state(page, generation)
        assert page.is_hidden("#problems")
        assert page.evaluate("document.body.dataset.status") == "ok"
        assert page.evaluate("window.notReloaded") is True

        # Ctrl-C with the page still open: the server stops, and the page says it lost it.
        assert serve.stop() == 0
        page.wait_for_selector("#offline", state="visible")
    finally:
        page.close()
        serve.kill()


SEEN = ("Thay đổi: ", "Có thay đổi trong lúc đang dựng")  # saved while watching, or while building


def pdf_text(path: Path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path.read_bytes())
    return squash(" ".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf))))


def test_serve_recovers_when_its_content_folder_is_replaced(tmp_path, content_copy):
    """A `git checkout` or a folder put back from a backup: serve says so and builds from the new folder."""
    import shutil

    serve = Serve(tmp_path, content_copy)
    try:
        aside = tmp_path / "content-cu"
        content_copy.rename(aside)
        assert serve.lines.wait_for("Không còn thư mục") == (
            "Không còn thư mục content (bị xóa hoặc đổi tên); chờ thư mục trở lại để dựng tiếp. "
            "Tệp PDF cũ được giữ nguyên."
        )
        shutil.copytree(aside, content_copy)
        assert serve.lines.wait_for("Thư mục content") == "Thư mục content đã trở lại; dựng lại."
        serve.lines.wait_for("Đã dựng")
        edit(content_copy / "kon-tum.yaml", LABEL, NEW_LABEL)  # the new folder is watched
        assert serve.lines.wait_for(SEEN) in (
            "Thay đổi: content/kon-tum.yaml",
            "Có thay đổi trong lúc đang dựng; dựng lại.",
        )
        serve.lines.wait_for("Đã dựng")
        assert NEW_LABEL.removeprefix("label: ") in pdf_text(tmp_path / "out" / "booklet.pdf")

        shutil.rmtree(aside)
        swapped = tmp_path / "content-moi"
        shutil.copytree(content_copy, swapped)
        content_copy.rename(aside)
        swapped.rename(content_copy)  # replaced at once: never missing
        assert serve.lines.wait_for("Thư mục content") == (
            "Thư mục content đã được thay bằng thư mục khác; theo dõi thư mục mới."
        )
        serve.lines.wait_for("Đã dựng")
        edit(content_copy / "kon-tum.yaml", NEW_LABEL, LABEL)
        serve.lines.wait_for(SEEN)
        serve.lines.wait_for("Đã dựng")
        assert NEW_LABEL.removeprefix("label: ") not in pdf_text(tmp_path / "out" / "booklet.pdf")
        assert serve.stop() == 0
    finally:
        serve.kill()


def next_event(stream) -> dict:
    """The next state the preview's event stream sends."""
    import json

    while True:
        line = stream.readline().decode("utf-8")
        if line.startswith("data: "):
            return json.loads(line.removeprefix("data: "))


def test_serve_never_follows_its_preview_folder_swapped_for_a_link(tmp_path, content_copy):
    """Issue 27: swapped for a link, the folder is neither served from nor written into."""
    from urllib.error import HTTPError
    from urllib.request import urlopen

    serve = Serve(tmp_path, content_copy)
    try:
        assert urlopen(serve.url + "index.html", timeout=10).status == 200
        site = tmp_path / "out" / "booklet-preview"
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        (elsewhere / "secret.txt").write_text("bí mật", encoding="utf-8")
        events = urlopen(serve.url + "events", timeout=30)
        state = next_event(events)
        while state["status"] == "building":  # the first build is said before it is published
            state = next_event(events)
        first = state["generation"]
        site.rename(tmp_path / "site-aside")
        site.symlink_to(elsewhere, target_is_directory=True)
        with pytest.raises(HTTPError) as refused:
            urlopen(serve.url + "secret.txt", timeout=10)
        assert refused.value.code == 404
        edit(content_copy / "kon-tum.yaml", LABEL, NEW_LABEL)  # a rebuild, published to the preview
        state = next_event(events)
        while state["generation"] == first:
            state = next_event(events)
        assert "đã bị thay" in (state["failure"] or ""), state
        assert [p.name for p in elsewhere.iterdir()] == ["secret.txt"]  # nothing written through the link
        events.close()
        assert serve.stop() == 0
    finally:
        if serve.process.poll() is None:
            serve.kill()
