"""Read the pixels of an 8-bit RGBA PNG, the kind rsvg-convert writes, with the stdlib alone."""

from __future__ import annotations

import struct
import zlib
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Image", "read_png"]

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_RGBA = 6
_BYTES_PER_PIXEL = 4


@dataclass(frozen=True)
class Image:
    """Pixels as (red, green, blue, alpha) tuples, row by row."""

    width: int
    height: int
    pixels: tuple[tuple[int, int, int, int], ...] = field(repr=False)

    def share(self, colour: tuple[int, int, int], tolerance: int = 24) -> float:
        """The fraction of opaque pixels within ``tolerance`` of ``colour`` on every channel."""
        near = sum(
            1
            for red, green, blue, alpha in self.pixels
            if alpha > 200
            and max(abs(red - colour[0]), abs(green - colour[1]), abs(blue - colour[2]))
            <= tolerance
        )
        return near / len(self.pixels)

    def colours(self) -> Counter[tuple[int, int, int, int]]:
        """How many pixels have each exact colour."""
        return Counter(self.pixels)


def read_png(data: bytes) -> Image:
    """Decode a non-interlaced 8-bit RGBA PNG; raise ValueError for anything else."""
    if not data.startswith(_SIGNATURE):
        raise ValueError("not a PNG file")
    position, header, compressed = len(_SIGNATURE), b"", bytearray()
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunk = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            compressed += chunk
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if (depth, colour_type, interlace) != (8, _RGBA, 0):
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour_type}")
    rows = _unfilter(zlib.decompress(bytes(compressed)), width, height)
    pixels = tuple(
        tuple(row[i : i + _BYTES_PER_PIXEL])
        for row in rows
        for i in range(0, len(row), _BYTES_PER_PIXEL)
    )
    return Image(width, height, pixels)  # type: ignore[arg-type]


def _unfilter(raw: bytes, width: int, height: int) -> list[bytes]:
    """Undo the per-row PNG filters (none, sub, up, average, Paeth)."""
    stride = width * _BYTES_PER_PIXEL
    rows: list[bytes] = []
    previous = bytearray(stride)
    for number in range(height):
        start = number * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - _BYTES_PER_PIXEL] if i >= _BYTES_PER_PIXEL else 0
            up = previous[i]
            corner = previous[i - _BYTES_PER_PIXEL] if i >= _BYTES_PER_PIXEL else 0
            line[i] = (line[i] + _predict(method, left, up, corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return rows


def _predict(method: int, left: int, up: int, corner: int) -> int:
    """The value a PNG filter adds back to a byte."""
    if method == 0:
        return 0
    if method == 1:
        return left
    if method == 2:
        return up
    if method == 3:
        return (left + up) // 2
    if method == 4:
        estimate = left + up - corner
        distances = (abs(estimate - left), abs(estimate - up), abs(estimate - corner))
        return (left, up, corner)[distances.index(min(distances))]
    raise ValueError(f"unknown PNG filter {method}")
