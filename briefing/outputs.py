"""One rule for every file a command writes: it may not replace the tool, its environment, the content or an input.

``--output content/booklet.yaml`` used to replace the content file with the
PDF and report success; so did ``--output build.py``, ``README.md``,
``scripts/setup.sh``, ``samples/recipients.csv``, ``.venv/bin/python`` and
``--since A.pdf --output A.pdf``. Every command that writes asks here first
(build, watch, serve and its preview folder, copies, schema, send's journal):
exit 2, nothing written.

Files are written to a temporary name and renamed into place, so what an
output replaces is the directory entry it names: its folder is followed
through links, its own name is not. A folder an output goes into is followed
whole.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from .options import PROJECT_ROOT, BuildOptions, OptionError

PACKAGE = PROJECT_ROOT / "briefing"
ELSEWHERE = "hãy chọn nơi khác, ví dụ dist/"

# The tool's own files, as the project keeps them: none is ever an output.
TOOL_FILES = {
    "build.py": "tệp chạy chương trình (build.py)",
    "briefing": "mã nguồn của chương trình",
    "templates": "thư mục mẫu trình bày (templates)",
    "styles": "thư mục kiểu trình bày (styles)",
    "scripts": "thư mục kịch bản cài đặt (scripts)",
    "tests": "thư mục kiểm thử (tests)",
    "docs": "thư mục tài liệu hướng dẫn (docs)",
    "samples": "thư mục tệp mẫu (samples)",
    "bench": "thư mục đo tốc độ (bench)",
    "pyproject.toml": "tệp mô tả gói (pyproject.toml)",
    "README.md": "tệp giới thiệu (README.md)",
    "CHANGELOG.md": "tệp lịch sử thay đổi (CHANGELOG.md)",
    ".git": "kho mã nguồn (.git)",
    ".venv": "môi trường Python của chương trình (.venv)",
}
CONTENT = "thư mục nội dung"


def protected_places(content: Path | None = None) -> list[tuple[Path, str]]:
    """Everything no output may replace or go into, with how to name it."""
    places = [(PROJECT_ROOT / name, what) for name, what in TOOL_FILES.items()]
    if sys.prefix != sys.base_prefix:  # the virtual environment this runs in, wherever it is
        places.append((Path(sys.prefix), TOOL_FILES[".venv"]))
    if content is not None:
        places.append((content, CONTENT))
    return places


def check_outputs(options: BuildOptions) -> None:
    """The outputs of a build (``--output``, ``--html``) against everything they may not replace."""
    outputs = [("--output", options.output)]
    if options.html_output is not None:
        outputs.append(("--html", options.html_output))
    inputs = [("--since", options.since)] if options.since is not None else []
    inputs += [(f"--{field.replace('_', '-')}", path) for field, path in options.variant_files.items() if path]
    for flag, path in outputs:
        check_output(flag, path, options, inputs=inputs)
    if len(outputs) == 2 and _entry(outputs[0][1]) == _entry(outputs[1][1]):
        raise OptionError("--output và --html phải là hai tệp khác nhau")


def check_output(
    flag: str,
    path: Path,
    options: BuildOptions | None = None,
    extra_inputs: Iterable[Path] = (),
    *,
    inputs: Iterable[tuple[str, Path]] = (),
    folder: bool = False,
    served: bool = False,
) -> None:
    """Raise ``OptionError`` if writing ``path`` (a file, or with ``folder`` a folder written into) would
    replace the tool's files, the content of ``options`` or an input. A ``served`` folder (the preview's)
    may not even contain them: whatever is in it can be fetched over HTTP."""
    target = _folder(path) if folder else _entry(path)
    inputs = [*inputs, *(("", source) for source in extra_inputs)]
    for place, what in protected_places(options.content if options is not None else None):
        real = _folder(place)
        if target == real and not folder and real.is_file():
            raise OptionError(f"{flag} {path}: sẽ ghi đè {what}; {ELSEWHERE}")
        if target == real or target.is_relative_to(real):
            raise OptionError(f"{flag} {path}: không được ghi vào {what} ({real}); {ELSEWHERE}")
        if served and real.is_relative_to(target):
            message = f"thư mục xem trước {target} chứa {what} ({real}) và sẽ đưa cả lên trang xem trước"
            raise OptionError(f"{flag} {path}: {message}; {ELSEWHERE}")
    for input_flag, source in inputs:
        if _same_file(target, source):
            named = f" ({input_flag})" if input_flag else ""
            raise OptionError(f"{flag} {path}: là tệp đầu vào{named}, ghi vào sẽ mất tệp; hãy chọn tên khác")


def _entry(path: Path) -> Path:
    """The directory entry a rename into ``path`` replaces: the folder resolved, the name kept."""
    return _folder(path.parent) / path.name


def _folder(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop: compare as written
        return Path(os.path.abspath(path))


def _same_file(target: Path, source: Path) -> bool:
    if target in (_entry(source), _folder(source)):
        return True
    try:
        return os.path.samefile(target, source)
    except OSError:  # one of them does not exist yet
        return False
