"""The booklet's version code: one short code for what a file's text and pages were made from.

The board approves a review edition; the print shop prints a press file or an
office imposition. The same code on both (the review edition's cover, page
margins and approval box; every press or proof sheet's job line) lets anyone
check that what is printed is what was approved. It is made from the content
files the booklet uses, the templates and styles, the paper and the provinces
chosen, the tool's own code that reads content and lays out pages, and the
versions of the libraries and font packages that set and write them (two
checkouts whose formatting code differs print different pages, so they must
not share a code): not from the edition or the print variants, which change
how the booklet is marked and output, not what it says or where its lines
fall, nor from the commands' and distribution's code. Building twice from the
same files gives the same code.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..content.folder import content_files
from ..content.model import Booklet
from ..options import BuildOptions
from .freshness import LIBRARIES
from .installed import version

VERSION_LABEL = "mã phiên bản"
PACKAGE = Path(__file__).resolve().parent.parent  # briefing/
# What of the tool's code never changes a page: the commands, distribution, the preview.
NOT_PAGES = ("cli", "distribute", "preview")


def tool_code() -> list[Path]:
    """The tool's own modules that read content or set pages."""
    found = PACKAGE.rglob("*.py")
    return sorted(p for p in found if p.relative_to(PACKAGE).parts[0] not in NOT_PAGES and "__pycache__" not in p.parts)


def version_code(options: BuildOptions, booklet: Booklet) -> str:
    """``3F7A-91C2``: eight hexadecimal digits of the SHA-256 of what the booklet was made from."""
    digest = hashlib.sha256()
    digest.update(json.dumps({"paper": options.paper, "provinces": list(options.provinces)}).encode())
    design = options.design
    files = [(path.relative_to(options.content).as_posix(), path) for path in content_files(options.content, booklet)]
    for folder in (design.templates, design.styles):
        found = sorted(path for path in folder.rglob("*") if path.is_file())
        files += [(f"{folder.name}/{path.relative_to(folder).as_posix()}", path) for path in found]
    files += [(f"briefing/{_within_package(path)}", path) for path in tool_code()]
    for name in LIBRARIES:  # what lays out and writes the pages, the fonts' packages among them
        digest.update(f"{name}={version(name)}\n".encode())
    for name, path in files:
        digest.update(f"{name}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    code = digest.hexdigest()[:8].upper()
    return f"{code[:4]}-{code[4:]}"


def _within_package(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix() if path.is_relative_to(PACKAGE) else path.name
