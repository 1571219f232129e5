"""Refuse outputs that would overwrite what the build reads.

``--output content/booklet.yaml`` used to replace the content file with the
PDF and report success. An output may not be inside the content folder, nor
inside the tool's templates, styles or code, nor be an input file, nor be the
same file as another output.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .options import PROJECT_ROOT, BuildOptions, OptionError

PACKAGE = PROJECT_ROOT / "briefing"


def check_outputs(options: BuildOptions, extra_inputs: Iterable[Path] = ()) -> None:
    """Raise ``OptionError`` if an output of ``options`` would overwrite an input."""
    extra_inputs = [*extra_inputs, *(path for path in options.variant_files.values() if path is not None)]
    outputs = [("--output", options.output)]
    if options.html_output is not None:
        outputs.append(("--html", options.html_output))
    for flag, path in outputs:
        check_output(flag, path, options, extra_inputs)
    if len(outputs) == 2 and outputs[0][1].resolve() == outputs[1][1].resolve():
        raise OptionError("--output và --html phải là hai tệp khác nhau")


def check_output(flag: str, path: Path, options: BuildOptions, extra_inputs: Iterable[Path] = ()) -> None:
    """One output path (a file, or the folder of ``copies``) against every input."""
    target = path.resolve()
    protected = [
        (options.content, "thư mục nội dung"),
        (options.layout.templates, "thư mục mẫu trình bày (templates)"),
        (options.layout.styles, "thư mục kiểu trình bày (styles)"),
        (PACKAGE, "mã nguồn của chương trình"),
    ]
    for folder, what in protected:
        folder = folder.resolve()
        if target.is_relative_to(folder):
            raise OptionError(f"{flag} {path}: không được ghi vào {what} ({folder}); hãy chọn nơi khác, ví dụ dist/")
    for source in extra_inputs:
        if target == source.resolve():
            raise OptionError(f"{flag} {path}: là tệp đầu vào, ghi vào sẽ mất tệp; hãy chọn tên khác")
