"""Is the booklet already up to date? Decided without loading WeasyPrint.

A build records, beside its PDF, a fingerprint of everything that fed it: the
content folder, templates, styles, font files, this tool's own code and the
versions of the libraries that lay it out, and the build's options; with the
SHA-256 of what it wrote. The next build with the same fingerprint, finding
the same files in place, has nothing to do.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from . import __version__
from .fonts import font_faces
from .options import BuildOptions

PACKAGE = Path(__file__).resolve().parent
LIBRARIES = (
    "weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "jinja2", "babel",
    "pydantic", "pyyaml", "pikepdf", "fontpkg", "fontpkg-spectral", "fontpkg-be-vietnam-pro",
)  # fmt: skip


def record_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.inputs.json")


def fingerprint(options: BuildOptions) -> str:
    digest = hashlib.sha256()
    settings = {key: str(value) for key, value in asdict(options).items() if key != "output"}
    digest.update(json.dumps({"tool": __version__, "options": settings}, sort_keys=True).encode())
    for name in LIBRARIES:
        digest.update(f"{name}={_version(name)}\n".encode())
    layout = options.layout
    for folder in (PACKAGE, layout.templates, layout.styles, options.content):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(folder)}\n".encode())
            digest.update(path.read_bytes())
    if options.since is not None and options.since.is_file():  # the approved edition compared against
        digest.update(b"since\n" + options.since.read_bytes())
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


def record(options: BuildOptions, inputs: str) -> None:
    """Note what fed the files just written (call after a successful build)."""
    document = {"inputs": inputs, "outputs": {str(path): _sha256(path) for path in _outputs(options)}}
    record_path(options.output).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def _outputs(options: BuildOptions) -> list[Path]:
    return [options.output] + ([options.html_output] if options.html_output else [])


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"
