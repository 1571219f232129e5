"""One rule for every file a build reads from the content folder.

A content file must be a regular file whose real path (after following every
symbolic link) lies inside the content folder. A link to ``/etc/passwd`` named
``kon-tum.yaml`` is thus refused, not read and printed; the same rule serves
the YAML files, the source articles, the fingerprint and PDF/A attachments.
"""

from __future__ import annotations

from pathlib import Path

OUTSIDE = "tệp nằm ngoài thư mục nội dung (qua liên kết tượng trưng); hãy chép tệp thật vào thư mục nội dung"


def outside_content(content_dir: Path, path: Path) -> bool:
    """Whether ``path`` leads (through links or ``..``) out of ``content_dir``."""
    try:
        return not path.resolve().is_relative_to(content_dir.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return True
