"""Where the details of an unexpected error go: a log file, not the operator's terminal.

An operator who sees a stack trace concludes “the tool is broken” and can do
nothing with it; whoever fixes the tool needs it. So the traceback is appended
to a log file and the terminal gets one Vietnamese line naming that file
(``-v`` prints the traceback too).
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import traceback
from pathlib import Path

LOG_NAME = "errors.log"


def log_folder() -> Path:
    """``$XDG_STATE_HOME/briefing`` (by default ``~/.local/state/briefing``), as the XDG spec puts logs."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "briefing"


def log_exception(error: BaseException, command: list[str]) -> Path | None:
    """Append the traceback of ``error`` to the log; return the log's path, or None if none could be written."""
    entry = f"--- {datetime.datetime.now().isoformat(timespec='seconds')} build.py {' '.join(command)}\n" + "".join(
        traceback.format_exception(error)
    )
    for folder in (log_folder(), Path(tempfile.gettempdir())):
        path = folder / LOG_NAME if folder == log_folder() else folder / f"briefing-{LOG_NAME}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as stream:
                stream.write(entry)
            return path
        except OSError:
            continue
    return None


def report_unexpected(error: BaseException, command: list[str], verbose: bool, say=None) -> None:
    """One Vietnamese line (and, with ``-v``, the traceback) for an error we did not foresee."""
    say = say or (lambda line: print(line, file=sys.stderr))
    where = log_exception(error, command)
    if verbose:
        say("".join(traceback.format_exception(error)).rstrip())
    logged = f"chi tiết đã ghi vào {where}" if where else "không ghi được nhật ký lỗi; chạy lại với -v để xem chi tiết"
    say(f"Lỗi không lường trước trong chương trình ({type(error).__name__}); {logged}. Tệp cũ được giữ nguyên.")
