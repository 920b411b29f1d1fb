"""The article cache's file: a JSON header, then the texts as UTF-8, the sentence numbers as
raw 64-bit integers and the texts' hashes (SHA-256, 32 bytes each).

The only code that knows the file's layout (a later issue moves it into SQLite). Parsing
10,000 articles' texts and numbers as JSON took a third of a second, reading them this way a
tenth of that. Never pickle: the cache folder is not trusted.
"""

from __future__ import annotations

import contextlib
import json
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from dipreader.core.corpus.packing import HASH_SIZE
from dipreader.core.files import write_atomically

FORMAT = "dipreader-cache-5"
_MAGIC = b"dipreader-articles\n"


@dataclass(frozen=True, slots=True)
class CacheSections:
    """What a cache file holds: its header's ``people`` and ``files`` (what the cache makes of
    them is its own affair), the texts, the numbers and the hashes."""

    people: list[Any]
    files: dict[str, Any]
    texts: Sequence[bytes | memoryview]  # one chunk read from a file; many to write
    numbers: array[int]
    hashes: bytes | bytearray | memoryview


class CacheFile:
    """The cache file of one reader's version in ``folder``."""

    def __init__(self, folder: Path, version: str) -> None:
        # The version in the name: a cache of another reader is never even parsed.
        self.path = folder / f"meetings-{version}.cache"
        self.version = version

    def read(self) -> CacheSections | None:
        """What the file holds; None when there is none (or it cannot be read), ValueError
        when it is not a cache of this version."""
        try:
            raw = self.path.read_bytes()
        except OSError:
            return None
        header, texts, numbers, hashes = read_cache_bytes(raw)
        files, people = header.get("files"), header.get("people")
        if header.get("version") != self.version or not isinstance(files, dict):
            raise ValueError("foreign cache")
        if not isinstance(people, list):
            raise ValueError("a cache of another format")
        return CacheSections(people, files, [texts], numbers, hashes)

    def write(self, sections: CacheSections) -> None:
        """Replace the file with ``sections``, atomically; raises OSError (or ValueError) if
        it cannot. Caches of earlier readers, which will never match again, are removed."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, lambda stream: self._write(stream, sections))
        for other in self.path.parent.glob("meetings-*"):
            if other != self.path and other.suffix in (".cache", ".json"):
                with contextlib.suppress(OSError):
                    other.unlink()

    def _write(self, stream: BinaryIO, sections: CacheSections) -> None:
        header = {
            "format": FORMAT,
            "version": self.version,
            "byteorder": sys.byteorder,
            "texts": sum(len(chunk) for chunk in sections.texts),
            "numbers": len(sections.numbers),
            "hashes": len(sections.hashes) // HASH_SIZE,
            "people": sections.people,
            "files": sections.files,
        }
        encoded = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        stream.write(_MAGIC + len(encoded).to_bytes(8, "little"))
        stream.write(encoded)
        for chunk in sections.texts:
            stream.write(chunk)
        stream.write(sections.numbers.tobytes())
        stream.write(sections.hashes)


def read_cache_bytes(data: bytes) -> tuple[dict[str, Any], memoryview, array[int], memoryview]:
    """The header, the texts, the numbers and the hashes of a cache file; ValueError if it is
    not one."""
    if not data.startswith(_MAGIC):
        raise ValueError("not a dipreader cache")
    offset = len(_MAGIC)
    length = int.from_bytes(data[offset : offset + 8], "little")
    offset += 8
    header = json.loads(data[offset : offset + length])
    offset += length
    if (
        not isinstance(header, dict)
        or header.get("format") != FORMAT
        or header.get("byteorder") != sys.byteorder
        or not isinstance(header.get("texts"), int)
        or not isinstance(header.get("numbers"), int)
        or not isinstance(header.get("hashes"), int)
    ):
        raise ValueError("a cache of another format")
    texts_end = offset + header["texts"]
    numbers_end = texts_end + 8 * header["numbers"]
    numbers = array("q")
    if numbers.itemsize != 8 or len(data) != numbers_end + HASH_SIZE * header["hashes"]:
        raise ValueError("a truncated cache")
    view = memoryview(data)
    numbers.frombytes(view[texts_end:numbers_end])
    return header, view[offset:texts_end], numbers, view[numbers_end:]
