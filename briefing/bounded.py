"""Decompress a PDF stream from an untrusted file without letting it grow past a limit.

pikepdf's ``read_bytes()`` inflates a stream whole: four megabytes of Flate can
become gigabytes. Here a stream is inflated only up to a limit, and only with
the filters our own files use (none, or Flate without a predictor); anything
else is refused, not guessed at.
"""

from __future__ import annotations

import zlib

import pikepdf

from .regular import size_text


class StreamRefused(Exception):
    """The stream is larger than allowed once decompressed, or compressed in a way we do not read."""


def stream_bytes(stream: pikepdf.Object, limit: int) -> bytes:
    """The decoded bytes of ``stream``, at most ``limit`` of them; ``StreamRefused`` otherwise."""
    if not isinstance(stream, pikepdf.Stream):
        raise StreamRefused("không phải luồng dữ liệu PDF")
    filters = stream.get("/Filter")
    if isinstance(filters, pikepdf.Array):
        filters = list(filters)
    elif filters is not None:
        filters = [filters]
    else:
        filters = []
    parameters = stream.get("/DecodeParms")
    raw = stream.read_raw_bytes()
    if not filters:
        if len(raw) > limit:
            raise StreamRefused(f"quá lớn (hơn {size_text(limit)})")
        return raw
    if filters != [pikepdf.Name.FlateDecode] or (parameters is not None and len(parameters) > 0):
        raise StreamRefused("nén theo cách không hỗ trợ")
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(raw, limit + 1)
    except zlib.error:
        raise StreamRefused("dữ liệu nén bị hỏng") from None
    if len(data) > limit:
        raise StreamRefused(f"quá lớn khi giải nén (hơn {size_text(limit)})")
    return data
