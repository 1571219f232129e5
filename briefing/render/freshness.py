"""Is the booklet already up to date? Decided without loading WeasyPrint.

A build records, beside its PDF, a fingerprint of everything that fed it: the
content folder, templates, styles, font files, this tool's own code and the
versions of the libraries that lay it out, and the build's options with the
files they name (the approved edition of --since, the profile of --icc); with
the SHA-256 of what it wrote. The next build with the same fingerprint, finding
the same files in place, has nothing to do.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from .. import __version__
from ..atomic import atomic_write
from ..confine import outside_content
from ..options import BuildOptions
from .fonts import font_faces
from .installed import version

PACKAGE = Path(__file__).resolve().parent.parent  # briefing/, every wing of it
LIBRARIES = (
    "weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "jinja2", "babel",
    "pydantic", "pyyaml", "pikepdf", "fontpkg", "fontpkg-spectral", "fontpkg-be-vietnam-pro",
    "underthesea", "underthesea-core",
)  # fmt: skip


def record_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.inputs.json")


def fingerprint(options: BuildOptions) -> str:
    digest = hashlib.sha256()
    settings = {key: str(value) for key, value in asdict(options).items() if key != "output"}
    digest.update(json.dumps({"tool": __version__, "options": settings}, sort_keys=True).encode())
    for name in LIBRARIES:
        digest.update(f"{name}={version(name)}\n".encode())
    design = options.design
    for folder in (PACKAGE, design.templates, design.styles, options.content):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(folder)}\n".encode())
            digest.update(_contents(path, confined_to=None if folder == PACKAGE else folder))
    if options.since is not None and options.since.is_file():  # the approved edition compared against
        digest.update(b"since\n" + _contents(options.since))
    for field, path in options.variant_files.items():  # --icc: the printer's profile, by its bytes
        if path is not None and path.is_file():
            digest.update(f"{field}\n".encode() + _contents(path))
    for face in font_faces():  # large and installed by pip: their identity, not their bytes
        stat = face.path.stat()
        digest.update(f"{face.path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def is_up_to_date(options: BuildOptions, inputs: str) -> bool:
    try:
        recorded = json.loads(record_path(options.output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    outputs = _outputs(options)
    return recorded.get("inputs") == inputs and recorded.get("outputs") == {
        str(path): _sha256(path) for path in outputs
    }


def record(options: BuildOptions, inputs: str, written: dict[Path, str]) -> None:
    """Note what fed the files just written (call after a successful build).

    ``written`` holds the SHA-256 of the bytes this build wrote, not of what is
    on disk now: another build may have replaced a file since, and must not be
    taken for this one. If the record cannot be written (disk full), the old
    one is removed, so that the next build does not skip; the error is raised.
    """
    document = {"inputs": inputs, "outputs": {str(path): written.get(path) for path in _outputs(options)}}
    target = record_path(options.output)
    try:
        atomic_write(target, (json.dumps(document, indent=2) + "\n").encode("utf-8"))
    except OSError:
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)
        raise


def _outputs(options: BuildOptions) -> list[Path]:
    return [options.output] + ([options.html_output] if options.html_output else [])


def _contents(path: Path, confined_to: Path | None = None) -> bytes:
    """What identifies a file in the fingerprint: its bytes, if the build may and can read them.

    A link out of the folder a file must stay in (``confined_to``) is never
    read (the build refuses it too); an unreadable file is fingerprinted by
    its size and time: the build reports it if it needs it (an unreadable
    --since, say), and ignores it if it does not.
    """
    if confined_to is not None and outside_content(confined_to, path):
        return b"<outside>"
    try:
        return path.read_bytes()
    except OSError:
        try:
            stat = path.stat()
        except OSError:
            return b"<unreadable>"
        return f"<unreadable {stat.st_size} {stat.st_mtime_ns}>".encode()


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
