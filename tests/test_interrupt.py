"""A build that is interrupted or killed leaves the previous PDF byte-identical.

To be deterministic, the child process is stopped at a known point: its
``os.replace`` (the final rename) is swapped for one that signals readiness and
waits, so the signal always lands after the new PDF was written to its
temporary file and before it could replace the old one.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
OLD_PDF = b"%PDF-1.7 the booklet that was already sent to print"

CHILD = """
import os, sys, time
from pathlib import Path
import briefing.atomic
from briefing.cli import main

def stalled_replace(source, target):
    Path(sys.argv[1]).write_text(source)  # tell the test where the temporary file is
    time.sleep(60)
    os.replace(source, target)

briefing.atomic.os.replace = stalled_replace
sys.exit(main(["--output", sys.argv[2]]))
"""


def start_and_wait_for_rename(tmp_path: Path) -> tuple[subprocess.Popen, Path, Path]:
    output = tmp_path / "booklet.pdf"
    output.write_bytes(OLD_PDF)
    ready = tmp_path / "ready"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ready), str(output)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not ready.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the build never reached the rename"
        time.sleep(0.05)
    return child, output, Path(ready.read_text())


def test_ctrl_c_keeps_the_previous_pdf_and_cleans_up(tmp_path):
    child, output, temporary = start_and_wait_for_rename(tmp_path)
    assert temporary.read_bytes().startswith(b"%PDF-")  # the new booklet was complete
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=30)

    assert child.returncode == 130
    assert err.strip().endswith("Đã dừng. Tệp PDF cũ (nếu có) được giữ nguyên.")
    assert output.read_bytes() == OLD_PDF
    assert not temporary.exists()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_keeps_the_previous_pdf(tmp_path):
    child, output, temporary = start_and_wait_for_rename(tmp_path)
    child.kill()
    child.communicate(timeout=30)

    assert child.returncode == -signal.SIGKILL
    assert output.read_bytes() == OLD_PDF
    # A killed process cannot clean up; its temporary is hidden and never mistaken for the booklet.
    assert temporary.name.startswith(".booklet.pdf.") and temporary.name.endswith(".tmp")
