"""Shared fixtures: one real build per paper size, and throwaway content copies."""

from __future__ import annotations

import atexit
import datetime
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

import pypdfium2
import pytest

from briefing.content.folder import load_booklet
from briefing.options import DEFAULT_CONTENT, BuildOptions
from briefing.render.pipeline import build


class BuiltBooklet:
    """A booklet built from the real content, read back with pypdfium2."""

    def __init__(self, path: Path, html_path: Path, result):
        self.path = path
        self.html_path = html_path
        self.result = result
        pdf = pypdfium2.PdfDocument(path)
        self.pages = [pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf))]
        self.sizes = [pdf[i].get_size() for i in range(len(pdf))]
        self.bookmarks = [(b.level, b.get_title(), b.get_dest().get_index()) for b in pdf.get_toc()]
        pdf.close()

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def version_of(content: Path = DEFAULT_CONTENT, **options) -> str:
    """The version code a booklet built from ``content`` with ``options`` carries (render/versionid.py)."""
    from briefing.render.pipeline import load
    from briefing.render.versionid import version_code

    built = BuildOptions(content=content, **options)
    return version_code(built, load(built))


def as_read(signed_at: str) -> str:
    """A manifest's signing time (ISO 8601, Vietnam time) as the cover, verify and the e-mail print it."""
    return datetime.datetime.fromisoformat(signed_at).strftime("%H:%M:%S ngày %d/%m/%Y")


def squash(text: str) -> str:
    """Collapse the line breaks and spaces text extraction puts anywhere.

    PDFium reports a hyphen that ends a line (“mo-hinh-thu-” in a narrow cell) as U+FFFE.
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text.replace("\ufffe", "-"))).strip()


def _build(tmp_path_factory, paper: str) -> BuiltBooklet:
    folder = tmp_path_factory.mktemp(f"booklet-{paper}")
    output, html = folder / "booklet.pdf", folder / "booklet.html"
    result = build(BuildOptions(output=output, paper=paper, html_output=html))
    return BuiltBooklet(output, html, result)


@pytest.fixture(scope="session")
def booklet_a5(tmp_path_factory) -> BuiltBooklet:
    return _build(tmp_path_factory, "A5")


@pytest.fixture(scope="session")
def booklet_a4(tmp_path_factory) -> BuiltBooklet:
    return _build(tmp_path_factory, "A4")


@pytest.fixture(scope="session")
def content():
    return load_booklet(DEFAULT_CONTENT)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of the real content folder, to break on purpose."""
    target = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, target)
    return target


def line_of(path: Path, text: str) -> int:
    """The 1-based line where ``text`` first occurs in ``path``."""
    content = path.read_text(encoding="utf-8")
    return content[: content.index(text)].count("\n") + 1


# Test values only: the sample content never carries a made-up permit or printer.
TEST_COLOPHON = """colophon:
  responsible: Người thử nghiệm
  editors: [Người thử nghiệm]
  print_run: 10
  printer: Xưởng in thử nghiệm
  permit: THỬ-NGHIỆM
  deposit: 2015-12-01
"""


def fill_colophon(content_dir: Path) -> None:
    """Fill every colophon field, so ``--strict`` has nothing to ask for there."""
    path = content_dir / "booklet.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("colophon:")] + TEST_COLOPHON, encoding="utf-8")


def _released_content() -> Path:
    """The sample with its colophon filled in (test values): copies and send are for release only, so the
    distribution tests make their copies from this, once per test process."""
    folder = Path(tempfile.mkdtemp(prefix="briefing-released-"))
    atexit.register(shutil.rmtree, folder, True)
    content = folder / "content"
    shutil.copytree(DEFAULT_CONTENT, content)
    fill_colophon(content)
    return content


RELEASED_CONTENT = _released_content()
RELEASED = ("--content", str(RELEASED_CONTENT))  # as a command's arguments


def edit(path: Path, old: str, new: str) -> int:
    """Replace the one occurrence of ``old`` in ``path``; return its 1-based line."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return line


class Lines:
    """Lines a child process prints, read in the background so the test can wait for one."""

    def __init__(self, process: subprocess.Popen):
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.queue.put(line.rstrip("\n"))

    def wait_for(self, start: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if line.startswith(start):
                return line
        raise AssertionError(f"no line starting {start!r}; saw {self.seen}")

    def all_seen(self) -> list[str]:
        """Every line so far, including those no one waited for."""
        while not self.queue.empty():
            self.seen.append(self.queue.get())
        return self.seen


# --- distribution: a test CA and one signed run, shared by the signing and sending tests ---

SIGN_PASSWORD = "mật-khẩu thử 123"


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    """A CA made now (no key is checked in), a signer it certified, and a stranger it did not."""
    from types import SimpleNamespace

    from pki import issue, make_ca

    folder = tmp_path_factory.mktemp("pki")
    ca, other_ca = make_ca(), make_ca("CA không được tin cậy")
    signer, stranger = issue(ca, "Nguyễn Văn An"), issue(other_ca, "Người Lạ")
    return SimpleNamespace(
        folder=folder,
        ca=ca,
        signer=signer,
        ca_pem=ca.pem(folder / "ca.pem"),
        p12=signer.p12(folder / "signer.p12", SIGN_PASSWORD, [ca]),
        stranger_p12=stranger.p12(folder / "stranger.p12", SIGN_PASSWORD, [other_ca]),
    )


def write_workbook(path: Path, rows: list[list[str]], sheet: str = "Danh sách") -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


SIGNED_RECIPIENTS = [
    ["Tên", "Địa chỉ", "Mã", "Thư điện tử", "Lưu"],
    ["Huyện ủy Văn Quan", "Thị trấn Văn Quan", "VQ", "vanquan@example.org", ""],
    ["Huyện ủy Đình Lập", "Thị trấn Đình Lập", "DL", "dinhlap@example.org", ""],
    ["Đảng ủy xã Bình Phúc", "Huyện Văn Quan", "BP", "binhphuc@example.org", ""],
    ["Văn phòng Tỉnh ủy Lạng Sơn", "", "VP", "", "x"],
]


@pytest.fixture(scope="session")
def signed_copies(tmp_path_factory, pki) -> Path:
    """Four signed copies from an Excel list (one kept by the office), made by the real command."""
    from briefing.cli import main

    folder = tmp_path_factory.mktemp("signed")
    workbook = write_workbook(folder / "noi-nhan.xlsx", SIGNED_RECIPIENTS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_SIGN_PASSWORD", SIGN_PASSWORD)
        command = ["copies", *RELEASED,
            "--recipients", str(workbook), "--output-dir", str(folder / "out"), "--sign", str(pki.p12)]
        assert main(command) == 0
    return folder / "out"


# Output variants by test name, as BuildOptions.variants; each is built once per session. The sample
# leaves its colophon blank, so files to print from are proofs (--proof), as an office would make them.
VARIANT_BUILDS = {
    "print-marks": ("print-marks", "proof"),
    "pdf-a": ("pdf-a",),
    "pdf-ua": ("pdf-ua",),
    "press": ("press", "proof"),
    "imposed": ("saddle-stitch", "proof"),
    "press-imposed": ("press", "saddle-stitch", "proof"),
}


@pytest.fixture(scope="session")
def released(tmp_path_factory):
    """Files to print from, not proofs: made from the sample with its colophon filled in (test values)."""
    from briefing.cli import main

    folder = tmp_path_factory.mktemp("released")
    content = folder / "content"
    shutil.copytree(DEFAULT_CONTENT, content)
    fill_colophon(content)
    files = {}
    for name, flags in (("press", ["--press"]), ("imposed", ["--imposition", "booklet"])):
        files[name] = folder / f"{name}.pdf"
        assert main(["--content", str(content), *flags, "--output", str(files[name])]) == 0
    return files


@pytest.fixture(scope="session")
def variant_pdf(tmp_path_factory):
    """``variant_pdf(name)``: the path of the booklet built in that variant, built on first use."""
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            output = tmp_path_factory.mktemp(name) / f"{name}.pdf"
            result = build(BuildOptions(output=output, variants=VARIANT_BUILDS[name]))
            assert result.weasyprint_warnings == []
            built[name] = output
        return built[name]

    return get


# --- untrusted input: the real command in a child process under a memory ceiling ---

CLI_CHILD = """
import os, resource, sys
from briefing.cli import main
try:
    code = main(sys.argv[1:])
finally:  # peak resident memory of this process and of the children it waited for (the limited readers)
    usage = [resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    with open(os.environ["BRIEFING_TEST_PEAK"], "w") as stream:
        stream.write(str(max(usage)))
sys.exit(code)
"""


def run_cli(args: list, memory_mb: int = 3072, timeout: float = 120, env: dict | None = None, cwd=None):
    """``build.py ARGS`` in a child limited to ``memory_mb`` of address space (as ``ulimit -v``).

    Returns the exit code, its output and its peak resident memory in MB (its own children included):
    a command that must stay bounded on a hostile file is asserted on it, not trusted to.
    """
    import os
    import resource
    import sys
    import tempfile
    from types import SimpleNamespace

    project = Path(__file__).resolve().parent.parent

    def limit() -> None:
        ceiling = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))

    with tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        child = subprocess.Popen(
            [sys.executable, "-c", CLI_CHILD, *map(str, args)],
            cwd=cwd or project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=limit,
            env={**os.environ, **(env or {}), "BRIEFING_TEST_PEAK": str(peak_file)},
        )
        try:
            out, err = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            raise AssertionError(f"build.py {' '.join(map(str, args))} ran over {timeout} s") from None
        peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else float("inf")  # kB → MB
    return SimpleNamespace(code=child.returncode, out=out, err=err, peak_mb=peak)


# Editions and papers by test name, as BuildOptions fields; each is built once per session.
EDITION_BUILDS = {
    "reader-A5": {},
    "reader-A4": {"paper": "A4"},
    "review-A5": {"edition": "review"},
    "review-A4": {"edition": "review", "paper": "A4"},
    "kon-tum-A5": {"provinces": ("kon-tum",)},
    "kon-tum-A4": {"provinces": ("kon-tum",), "paper": "A4"},
    "lang-son-A5": {"provinces": ("lang-son",)},
}


# On the content with a third province (tests/threeprovinces.py).
THREE_PROVINCE_BUILDS = {
    "three-A5": {},
    "three-A4": {"paper": "A4"},
    "quang-nam-A5": {"provinces": ("quang-nam",)},
    "quang-nam-A4": {"provinces": ("quang-nam",), "paper": "A4"},
}


@pytest.fixture(scope="session")
def edition_pdf(tmp_path_factory, booklet_a5, booklet_a4):
    """``edition_pdf(name)``: the path of the booklet built as ``EDITION_BUILDS[name]`` (or
    ``THREE_PROVINCE_BUILDS``), built on first use; its build must warn of nothing."""
    from threeprovinces import three_province_content

    built: dict[str, Path] = {"reader-A5": booklet_a5.path, "reader-A4": booklet_a4.path}
    three: list[Path] = []

    def get(name: str) -> Path:
        if name not in built:
            output = tmp_path_factory.mktemp(name) / f"{name}.pdf"
            if name in THREE_PROVINCE_BUILDS:
                if not three:
                    three.append(three_province_content(tmp_path_factory.mktemp("three") / "content"))
                options = BuildOptions(content=three[0], output=output, **THREE_PROVINCE_BUILDS[name])
            else:
                options = BuildOptions(output=output, **EDITION_BUILDS[name])
            result = build(options)
            assert result.weasyprint_warnings == []
            assert result.balance == []
            built[name] = output
        return built[name]

    return get
