"""The article cache's file: a JSON header, then the texts as UTF-8, the sentence numbers as
raw 64-bit integers and the texts' hashes (SHA-256, 32 bytes each).

The only code that knows the file's layout (a later issue moves it into SQLite). Parsing
10,000 articles' texts and numbers as JSON took a third of a second, reading them this way a
tenth of that. Never pickle: the cache folder is not trusted.
"""

from __future__ import annotations

import json
import os
import re
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from dipreader.core.corpus.packing import HASH_SIZE
from dipreader.core.files import FileRefused, open_regular, read_regular, write_atomically
from dipreader.core.settings.cache_folder import is_own, own_folder, prepare, remove_own_files
from dipreader.core.text.untrusted import UntrustedError, parse_json

FORMAT = "dipreader-cache-5"
_MAGIC = b"dipreader-articles\n"
# The names of the files this module writes, and so the only ones its cleanup deletes.
_OWN_NAME = re.compile(r"meetings-[0-9a-f]{16}\.cache")
# A file far larger than a cache of 100,000 articles is not one; a pipe or /dev/zero in its
# place is never read (core/files.py), nor a file that does not begin as a cache does.
MAX_BYTES = 2 * 1024 * 1024 * 1024


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
    """The cache file of one reader's version in dipreader's own subfolder of the cache folder
    ``folder`` (:mod:`dipreader.core.settings.cache_folder`)."""

    def __init__(self, folder: Path, version: str) -> None:
        # The version in the name: a cache of another reader is never even parsed.
        self.path = own_folder(folder) / f"meetings-{version}.cache"
        self.version = version
        self._base = folder

    def read(self) -> CacheSections | None:
        """What the file holds; None when there is none (or it cannot be read), ValueError
        (with the reason) when it is not a cache of this version, or something other than a
        regular file is in its place."""
        folder = self.path.parent
        if not is_own(folder):
            if folder.is_dir() and any(True for _ in folder.iterdir()):
                raise ValueError(f"{folder} is not dipreader's (no marker); no cache is kept")
            return None
        try:
            raw = self._read_bytes()
        except FileRefused as error:
            raise ValueError(error.reason) from None
        except OSError:
            return None
        header, texts, numbers, hashes = read_cache_bytes(raw)
        files, people = header.get("files"), header.get("people")
        if header.get("version") != self.version or not isinstance(files, dict):
            raise ValueError("foreign cache")
        if not isinstance(people, list):
            raise ValueError("a cache of another format")
        return CacheSections(people, files, [texts], numbers, hashes)

    def _read_bytes(self) -> bytes:
        """The file's bytes; ValueError as soon as its first bytes say it is no cache, so that a
        large file of something else is not read whole. OSError as :func:`read_regular`."""
        descriptor = open_regular(self.path)
        with os.fdopen(descriptor, "rb") as handle:
            if handle.read(len(_MAGIC)) != _MAGIC:
                raise ValueError("not a dipreader cache")
        return read_regular(self.path, MAX_BYTES)

    def write(self, sections: CacheSections) -> None:
        """Replace the file with ``sections``, atomically; raises OSError (or ValueError) if
        it cannot. Caches of earlier readers, which will never match again, are removed: only
        files of this module's names, in dipreader's own marked folder."""
        folder = prepare(self._base)
        write_atomically(self.path, lambda stream: self._write(stream, sections))
        remove_own_files(folder, _OWN_NAME, keep=[self.path])

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
        # surrogatepass: the keys are paths, and a file name that is not UTF-8 comes as lone
        # surrogates (surrogateescape); strict, one such name kept the whole cache unwritten.
        # Read back, the keys are kept as they are and every other string is scrubbed.
        text = json.dumps(header, ensure_ascii=False, separators=(",", ":"))
        encoded = text.encode("utf-8", "surrogatepass")
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
    try:
        # The boundary (core/text/untrusted.py): every string in it encodable; the keys are
        # paths, compared with the paths walked and never shown, so they are left as they are.
        header, _ = parse_json(data[offset : offset + length], max_depth=1000, scrub_keys=False)
    except UntrustedError as error:
        raise ValueError(str(error)) from None
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
