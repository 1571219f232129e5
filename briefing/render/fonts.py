"""The booklet's fonts, from pinned Python packages, never from the system.

Spectral (serif, body) and Be Vietnam Pro (sans, headings and figures) both
carry every Vietnamese letter and ₫. fontpkg tells where pip put the files; we
declare each face with @font-face so WeasyPrint never asks fontconfig.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg

BODY_FAMILY = "Spectral"
HEADING_FAMILY = "Be Vietnam Pro"

# (family, weight, style) actually used by styles/booklet.css.
FACES = [
    (BODY_FAMILY, 400, "normal"),
    (BODY_FAMILY, 400, "italic"),
    (BODY_FAMILY, 600, "normal"),
    (BODY_FAMILY, 600, "italic"),
    (HEADING_FAMILY, 400, "normal"),
    (HEADING_FAMILY, 400, "italic"),
    (HEADING_FAMILY, 600, "italic"),
    (HEADING_FAMILY, 500, "normal"),
    (HEADING_FAMILY, 600, "normal"),
    (HEADING_FAMILY, 700, "normal"),
    (HEADING_FAMILY, 800, "normal"),
]


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    style: str
    path: Path

    def css(self) -> str:
        return (
            "@font-face {\n"
            f'  font-family: "{self.family}";\n'
            f"  font-weight: {self.weight};\n"
            f"  font-style: {self.style};\n"
            f'  src: url("{self.path.as_uri()}") format("truetype");\n'
            "}\n"
        )


@cache
def font_faces() -> tuple[FontFace, ...]:
    """Where pip put each face: asked once per process (each answer searches the installed packages)."""
    return tuple(
        FontFace(family, weight, style, fontpkg.path(family, weight, style)) for family, weight, style in FACES
    )


@cache
def font_face_css() -> str:
    return "".join(face.css() for face in font_faces())


def font_directories() -> set[Path]:
    """Folders WeasyPrint may read fonts from."""
    return {face.path.parent for face in font_faces()}
