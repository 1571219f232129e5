"""The booklet's version code: one short code for what a file's text and pages were made from.

The board approves a review edition; the print shop prints a press file or an
office imposition. The same code on both (the review edition's cover, page
margins and approval box; every press or proof sheet's job line) lets anyone
check that what is printed is what was approved. It is made from the content
files the booklet uses, the templates and styles, the paper and the provinces
chosen: not from the edition or the print variants, which change how the
booklet is marked and output, not what it says or where its lines fall.
Building twice from the same files gives the same code.
"""

from __future__ import annotations

import hashlib
import json

from ..content.folder import content_files
from ..content.model import Booklet
from ..options import BuildOptions

VERSION_LABEL = "mã phiên bản"


def version_code(options: BuildOptions, booklet: Booklet) -> str:
    """``3F7A-91C2``: eight hexadecimal digits of the SHA-256 of what the booklet was made from."""
    digest = hashlib.sha256()
    digest.update(json.dumps({"paper": options.paper, "provinces": list(options.provinces)}).encode())
    design = options.design
    files = [(path.relative_to(options.content).as_posix(), path) for path in content_files(options.content, booklet)]
    for folder in (design.templates, design.styles):
        found = sorted(path for path in folder.rglob("*") if path.is_file())
        files += [(f"{folder.name}/{path.relative_to(folder).as_posix()}", path) for path in found]
    for name, path in files:
        digest.update(f"{name}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    code = digest.hexdigest()[:8].upper()
    return f"{code[:4]}-{code[4:]}"
