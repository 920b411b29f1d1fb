"""Bytes from a file -> text, with a note whenever the guess was not plain UTF-8."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field


class DecodeError(Exception):
    """The bytes are not text; the message says why."""


@dataclass(slots=True)
class Decoded:
    text: str
    notes: list[str] = field(default_factory=list)


def decode(data: bytes) -> Decoded:
    """Decode article bytes: UTF-8 (BOM dropped), UTF-16 with a BOM, else cp1252 with a note.

    Text with NUL bytes (outside UTF-16) is refused as binary rather than shown as garbage.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), ["UTF-16 text (converted)"])
        except UnicodeDecodeError as error:
            reason = f"UTF-16 byte order mark but invalid UTF-16 at byte {error.start}"
            raise DecodeError(reason) from None
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes), not an article")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        position = error.start
    if _looks_binary(data):
        raise DecodeError("binary file (mostly non-text bytes), not an article")
    text = data.decode("cp1252", errors="replace")
    return Decoded(text, [f"not valid UTF-8 (first bad byte at {position}); read as cp1252"])


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in (0x09, 0x0A, 0x0D, 0x0C))
    return controls / len(sample) > 0.1
