"""The visible signature, drawn on the cover like the other stamps.

Who signed, for which body and when (Vietnam time, ISO 8601), in a framed box
above the addressee, with the issuing body's seal beside it when the content
has one. It is drawn into the page before signing, in the stamp font already
embedded, so the signature covers it and no per-copy font subsetting is paid;
the signature field's rectangle is this box, so PDF readers open the signature
panel from it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pikepdf

from ..confine import OUTSIDE, outside_content
from ..oserrors import reason
from ..problems import ContentError, Problem, display_path
from ..regular import MB, read_regular
from ..render.stamp import FontMetrics, Stamp

LABELS = ("Người ký: ", "Cơ quan: ", "Thời gian ký: ")
CHARACTERS = "0123456789:/ ngày"  # the signing time, "19:37:05 ngày 30/11/2026"
TEXT_SIZE, PADDING = 8.0, 4.0  # 8 pt: nothing in the booklet is smaller
SEAL_NAME = pikepdf.Name("/XSeal")


@dataclass(frozen=True)
class Frame:
    """A thin rectangle, drawn like a stamp."""

    box: tuple[float, float, float, float]
    gray: float = 0.35

    def operators(self, font: FontMetrics) -> bytes:
        left, bottom, right, top = self.box
        width, height = right - left, top - bottom
        return f"q {self.gray:.2f} G 0.6 w {left:.2f} {bottom:.2f} {width:.2f} {height:.2f} re S Q\n".encode()


@dataclass(frozen=True)
class Seal:
    """The seal image, placed in a square."""

    left: float
    bottom: float
    size: float

    def operators(self, font: FontMetrics) -> bytes:
        return f"q {self.size:.2f} 0 0 {self.size:.2f} {self.left:.2f} {self.bottom:.2f} cm {SEAL_NAME} Do Q\n".encode()


def signature_texts(signer: str, issuer: str) -> list[str]:
    """Every text the box may draw, for the stamp font."""
    return [*LABELS, signer, issuer, CHARACTERS]


def signature_stamps(
    metrics: FontMetrics, box: tuple[float, float, float, float], signer: str, issuer: str, signed_at: str, seal: bool
) -> list:
    left, bottom, right, top = box
    height = top - bottom
    drawings: list = [Frame(box)]
    text_left = left + PADDING
    if seal:
        size = height - 2
        drawings.append(Seal(left + 1, bottom + 1, size))
        text_left += size
    lines = [f"{label}{value}" for label, value in zip(LABELS, (signer, issuer, signed_at), strict=True)]
    available = right - PADDING - text_left
    widest = max(metrics.width(line, 1.0) for line in lines)
    size = min(TEXT_SIZE, available / widest)  # a long body name shrinks the text, never overflows
    leading = size * 1.3
    y = bottom + (height + leading * 2) / 2 - size * 0.3
    for line in lines:
        drawings.append(Stamp(line, text_left, y, size, align="left", gray=0.1))
        y -= leading
    return drawings


SEAL_FILE_LIMIT = 10 * MB  # a seal scanned at 600 dpi is a few hundred kilobytes
SEAL_PIXELS = 4096 * 4096  # far beyond any print size of a seal; a bomb claims hundreds of millions
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_seal(png: Path, content: Path) -> bytes:
    """The seal image's bytes, once checked: a PNG, a regular file inside the content folder, of sane size.

    The size is read from the PNG header first, so a file that claims 196
    megapixels is refused before a pixel of it is decoded.
    """
    from PIL import Image, UnidentifiedImageError

    def refuse(message: str) -> ContentError:
        return ContentError([Problem(display_path(png), 1, 1, "", message)])

    if outside_content(content, png):
        raise refuse(OUTSIDE)
    try:
        data = read_regular(png, SEAL_FILE_LIMIT)
    except OSError as error:
        raise refuse(f"không đọc được ảnh con dấu ({reason(error)})") from None
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise refuse("không đọc được ảnh con dấu (cần tệp PNG)")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if width * height > SEAL_PIXELS:  # said by the header, before any decoder sees it
        message = f"ảnh con dấu quá lớn ({width} × {height} điểm ảnh; tối đa 4096 × 4096); hãy thu nhỏ ảnh"
        raise refuse(message)
    try:
        with Image.open(BytesIO(data)) as image:
            image.load()
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError, SyntaxError):
        raise refuse("không đọc được ảnh con dấu (cần tệp PNG)") from None
    return data


def add_seal(prepared: bytes, png: bytes) -> bytes:
    """The prepared booklet with the seal (checked by ``read_seal``) in the cover's resources, once for all copies."""
    from PIL import Image

    image = Image.open(BytesIO(png)).convert("RGBA")
    pdf = pikepdf.open(BytesIO(prepared))
    width, height = image.size
    common = {"Type": pikepdf.Name.XObject, "Subtype": pikepdf.Name.Image, "Width": width, "Height": height,
              "BitsPerComponent": 8, "Filter": pikepdf.Name.FlateDecode}  # fmt: skip
    alpha = pikepdf.Stream(
        pdf, zlib.compress(image.getchannel("A").tobytes()), ColorSpace=pikepdf.Name.DeviceGray, **common
    )
    colour = pikepdf.Stream(
        pdf, zlib.compress(image.convert("RGB").tobytes()), ColorSpace=pikepdf.Name.DeviceRGB, SMask=alpha, **common
    )
    pdf.pages[0].add_resource(colour, pikepdf.Name.XObject, SEAL_NAME)
    out = BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()
