"""A one-off build lays out in a second process (render/layoutprocess.py): WeasyPrint loads there
while the content loads here. The same booklet comes out; what goes wrong there is said here;
a build stopped here stops there, and nothing is left behind.

Each build runs in a fresh interpreter, as a user's does: a process that has loaded WeasyPrint
already, or runs threads (as the test workers do), lays out in-process instead.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2
from conftest import edit, squash

PROJECT = Path(__file__).resolve().parent.parent
OLD_PDF = b"%PDF-1.7 the booklet that was already sent to print"

# Builds as build.py does, then says which libraries this process loaded and whether it has a child left.
PROBE = """
import os, sys
from briefing.cli import main
code = main(sys.argv[1:])
try:
    os.waitpid(-1, os.WNOHANG)
    left = "a child left"
except ChildProcessError:
    left = "no child left"
loaded = [name for name in ("weasyprint", "pydyf") if name in sys.modules]
print(f"loaded: {loaded}; {left}", file=sys.stderr)
sys.exit(code)
"""


def probe(*args, env: dict | None = None, preexec_fn=None, before: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", before + PROBE, *map(str, args)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=preexec_fn,
        timeout=120,
    )


def page_texts(path: Path) -> list[str]:
    return [squash(page.get_textpage().get_text_range()) for page in pypdfium2.PdfDocument(path)]


def test_a_one_off_build_never_loads_weasyprint_in_the_process_that_reads_the_content(tmp_path, booklet_a5):
    output, temporary = tmp_path / "booklet.pdf", tmp_path / "tmp"
    temporary.mkdir()
    run = probe("--output", output, env={"TMPDIR": str(temporary)})
    assert run.returncode == 0, run.stderr
    assert "loaded: []; no child left" in run.stderr
    assert run.stdout == f"Đã dựng {output} ({len(page_texts(output))} trang).\n"
    assert page_texts(output) == page_texts(booklet_a5.path)  # the same booklet as a build in-process
    assert list(temporary.iterdir()) == []  # the font files WeasyPrint copied are gone with it


def test_the_layout_process_loads_no_content_model_and_no_templates():
    """What crosses to the layout (the job, the chapters, the HTML) needs only the layout's side."""
    check = (
        "import pickle, sys\n"
        "from briefing.render import layout, layoutprocess, printjob\n"
        "from briefing.render.pipeline import load, print_job, booklet_pages\n"
        "from briefing.options import BuildOptions\n"
        "options = BuildOptions()\n"
        "booklet = load(options)\n"
        "html = booklet_pages(booklet, options)\n"
        "chapters = [layoutprocess.replace(c, province=None) for c in html.chapters]\n"
        "print(pickle.dumps((print_job(booklet, options), chapters)).hex())\n"
    )
    sent = subprocess.run([sys.executable, "-c", check], cwd=PROJECT, capture_output=True, text=True, check=True)
    receive = (
        "import pickle, sys\n"
        "from briefing.render import layout\n"
        "job, chapters = pickle.loads(bytes.fromhex(sys.stdin.read()))\n"
        "assert chapters and job.output.name == 'booklet.pdf'\n"
        "print(sorted(m for m in ('pydantic', 'jinja2', 'yaml', 'babel', 'underthesea') if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", receive], cwd=PROJECT, input=sent.stdout, capture_output=True, text=True, check=True
    )
    assert run.stdout == "[]\n"


def test_invalid_content_stops_the_layout_process_and_leaves_nothing(tmp_path, content_copy):
    output, temporary = tmp_path / "booklet.pdf", tmp_path / "tmp"
    output.write_bytes(OLD_PDF)
    temporary.mkdir()
    edit(content_copy / "kon-tum.yaml", "        value: 8\n", "        value: tám\n")
    run = probe("--content", content_copy, "--output", output, env={"TMPDIR": str(temporary)})
    assert run.returncode == 1
    assert "Nội dung có 1 lỗi; chưa dựng tài liệu. Tệp PDF cũ (nếu có) được giữ nguyên.\n" in run.stderr
    assert "loaded: []; no child left" in run.stderr
    assert output.read_bytes() == OLD_PDF
    assert sorted(p.name for p in tmp_path.iterdir()) == ["booklet.pdf", "content", "tmp"]
    assert list(temporary.iterdir()) == []


def test_a_pdf_the_layout_process_cannot_save_is_said_as_the_build_says_it(tmp_path):
    def full_disk() -> None:  # writes beyond 64 kB fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    output = tmp_path / "booklet.pdf"
    output.write_bytes(OLD_PDF)
    run = probe("--output", output, preexec_fn=full_disk)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("Không ghi được tệp (")
    assert "Tệp PDF cũ (nếu có) được giữ nguyên.\n" in run.stderr
    assert output.read_bytes() == OLD_PDF
    assert [p.name for p in tmp_path.iterdir()] == ["booklet.pdf"]


def build_failing_unexpectedly(tmp_path: Path, before: str) -> tuple[subprocess.CompletedProcess, Path]:
    """A build over an earlier PDF, changed by ``before``, that fails: its run and its error log.
    The earlier PDF must be untouched."""
    output, state = tmp_path / "booklet.pdf", tmp_path / "state"
    output.write_bytes(OLD_PDF)
    run = probe("--output", output, before=before, env={"XDG_STATE_HOME": str(state)})
    assert run.returncode == 1
    assert output.read_bytes() == OLD_PDF
    return run, state / "briefing" / "errors.log"


def test_a_layout_process_that_dies_is_an_error_not_a_booklet(tmp_path):
    dies = (  # the layout's process is killed as it asks for the first HTML; the parent's code is unchanged
        "import os, signal\n"
        "from briefing.render import layoutprocess\n"
        "layoutprocess._AskedHTML.part = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    run, log = build_failing_unexpectedly(tmp_path, dies)
    assert run.stderr == (
        f"Lỗi không lường trước trong chương trình (LayoutProcessFailed); chi tiết đã ghi vào {log}. "
        "Tệp cũ được giữ nguyên.\nloaded: []; no child left\n"
    )
    assert "LayoutProcessFailed: tiến trình dàn trang dừng giữa chừng (mã thoát -9)" in log.read_text()


def alive(pid: int) -> bool:
    """Is ``pid`` running (an exited orphan no one reaped yet counts as gone)?"""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_killed_build_stops_its_layout_process_before_it_saves(tmp_path):
    """The build is killed while the layout runs: the layout must end too, and not save the PDF."""
    stalls = (  # the layout's process says who it is as it asks for the first HTML, then waits
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from briefing.render import layoutprocess\n"
        "original = layoutprocess._AskedHTML.part\n"
        "def stalled(*args, **kwargs):\n"
        "    Path(sys.argv[-1] + '.layout-pid').write_text(str(os.getpid()))\n"
        "    time.sleep(120)\n"
        "    return original(*args, **kwargs)\n"
        "layoutprocess._AskedHTML.part = stalled\n"
    )
    output = tmp_path / "booklet.pdf"
    output.write_bytes(OLD_PDF)
    said = Path(f"{output}.layout-pid")
    build = subprocess.Popen([sys.executable, "-c", stalls + PROBE, "--output", str(output)], cwd=PROJECT)
    deadline = time.monotonic() + 60
    while not said.exists() or not said.read_text():
        assert build.poll() is None, "the build ended before it laid out"
        assert time.monotonic() < deadline, "the layout never started"
        time.sleep(0.05)
    layout = int(said.read_text())
    build.kill()
    build.wait()
    try:
        while alive(layout):
            assert time.monotonic() < deadline, "the layout process outlived the build"
            time.sleep(0.05)
    finally:
        if alive(layout):
            os.kill(layout, signal.SIGKILL)
    assert output.read_bytes() == OLD_PDF
    assert sorted(p.name for p in tmp_path.iterdir()) == ["booklet.pdf", "booklet.pdf.layout-pid"]


def test_a_layout_process_that_fails_to_set_up_says_why(tmp_path):
    """Its error reaches the build whether or not the build has handed over the job yet."""
    fails = (  # the layout's process fails as it sets up, after loading WeasyPrint
        "from briefing.render import layoutprocess\n"
        "def broken(parent):\n"
        "    raise RuntimeError('không mở được thư viện dàn trang')\n"
        "layoutprocess._end_with = broken\n"
    )
    run, log = build_failing_unexpectedly(tmp_path, fails)
    assert run.stderr == (
        f"Lỗi không lường trước trong chương trình (RuntimeError); chi tiết đã ghi vào {log}. "
        "Tệp cũ được giữ nguyên.\nloaded: []; no child left\n"
    )
    assert "RuntimeError: không mở được thư viện dàn trang" in log.read_text()


def test_a_build_stopped_while_its_layout_process_waits_ends_both_quietly(tmp_path, content_copy):
    """The layout's process is ready and waiting when the content turns out invalid: the build
    stops it, and it ends without a word (no traceback of its own), leaving nothing."""
    waits = (  # the content is found invalid only once the layout's process waits for the job
        "import sys, time\n"
        "from pathlib import Path\n"
        "from briefing.render import layoutprocess\n"
        "import briefing.content.folder as folder\n"
        "ready = Path(sys.argv[-1] + '.waiting')\n"
        "reading = layoutprocess._read\n"
        "def announced(stream):\n"
        "    ready.touch()\n"
        "    return reading(stream)\n"
        "layoutprocess._read = announced\n"
        "loading = folder.load_booklet\n"
        "def late(*args, **kwargs):\n"
        "    deadline = time.monotonic() + 60\n"
        "    while not ready.exists() and time.monotonic() < deadline:\n"
        "        time.sleep(0.02)\n"
        "    return loading(*args, **kwargs)\n"
        "folder.load_booklet = late\n"
    )
    edit(content_copy / "kon-tum.yaml", "        value: 8\n", "        value: tám\n")
    output, temporary = tmp_path / "booklet.pdf", tmp_path / "tmp"
    output.write_bytes(OLD_PDF)
    temporary.mkdir()
    run = probe("--content", content_copy, "--output", output, before=waits, env={"TMPDIR": str(temporary)})
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.endswith(
        "Nội dung có 1 lỗi; chưa dựng tài liệu. Tệp PDF cũ (nếu có) được giữ nguyên.\nloaded: []; no child left\n"
    )
    assert output.read_bytes() == OLD_PDF
    assert list(temporary.iterdir()) == []
