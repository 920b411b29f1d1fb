"""A cache of read articles, so that a large folder opens at once the second time.

One file in the cache folder maps each article file (absolute path) to its size, its
modification time and what was read from it. An entry is used only when all three and the
reader's version match. The file keeps each entry with its texts and sentence numbers
replaced by where they are in the file's sections (:mod:`dipreader.core.corpus.cache_file`,
the only code that knows its layout); meetings are kept packed
(:mod:`dipreader.core.corpus.packing`). A corrupt, stale or foreign cache is ignored and
rebuilt, never fatal.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dipreader.core.corpus.cache_file import CacheFile, CacheSections
from dipreader.core.corpus.packing import (
    FIELD_COUNT,
    FLAT_FIELD,
    HASH_FIELD,
    HASH_SIZE,
    PEOPLE_FIELD,
    TEXT_FIELD,
    FileEntry,
    pack,
    packed_meeting,
    speaker_of,
    unpack,
)
from dipreader.core.model import Meeting, Speaker, text_hash


def stamp(path: str) -> tuple[int, int] | None:
    """(size, mtime in ns) of a regular file, or None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class ArticleCache:
    """Read articles keyed by absolute path, size, mtime and the reader's version."""

    def __init__(self, folder: Path, version: str) -> None:
        self._file = CacheFile(folder, version)
        self.path = self._file.path
        self.version = version
        self._entries: dict[str, list[Any]] = {}
        # The texts and sentence numbers of the entries read from the file; an entry holds
        # where its own are (entries added since hold them themselves).
        self._texts = memoryview(b"")
        self._numbers = array("q")
        # Everyone in the file's meetings, once each (they refer to them by number: the same
        # people recur, and their names were a third of the file's header), and the hashes.
        self._people: list[list[Any]] = []
        self._speakers: list[Speaker] = []
        self._hashes = memoryview(b"")
        self._dirty = False
        self.notice: str | None = None
        self._load()

    def _load(self) -> None:
        try:
            found = self._file.read()
            if found is None:
                return  # no cache yet, or unreadable: start empty
            self._speakers = [speaker_of(person) for person in found.people]
            self._people = found.people
            self._entries = found.files
            self._texts, self._numbers = memoryview(found.texts[0]), found.numbers
            self._hashes = memoryview(found.hashes)
        except (ValueError, TypeError, RecursionError) as error:
            self._entries = {}
            self._texts, self._numbers = memoryview(b""), array("q")
            self._people, self._speakers, self._hashes = [], [], memoryview(b"")
            self._dirty = True
            reason = str(error) if isinstance(error, ValueError) else type(error).__name__
            reason = reason.removesuffix("; not opened")
            self.notice = f"cache not used: {reason}; articles are read again"

    def __len__(self) -> int:
        return len(self._entries)

    def get(
        self, key: str, file_stamp: tuple[int, int], max_bytes: int | None = None
    ) -> FileEntry | None:
        """The entry of the file ``key`` as it is now (``file_stamp``), or None: not kept,
        stale, damaged, or larger than ``max_bytes``. A file over the size limit is read (and
        so refused) as if it had never been kept: the limit is the same whatever the cache
        holds, and its entry stays for a later load with a higher limit."""
        entry = self._entries.get(key)
        if not isinstance(entry, list) or len(entry) != 4:
            return None
        size, mtime, meetings, problems = entry
        if [size, mtime] != list(file_stamp):
            return None
        if max_bytes is not None and file_stamp[0] > max_bytes:
            return None
        try:
            return [self._meeting(item) for item in meetings], [
                (str(r), str(s), int(n)) for r, s, n in problems
            ]
        except (TypeError, ValueError, IndexError, KeyError):
            del self._entries[key]  # a damaged entry is read again from the file
            self._dirty = True
            return None

    def _meeting(self, item: list[Any]) -> Meeting:
        """A packed meeting of this cache as a Meeting, checked; ValueError if it is damaged."""
        if isinstance(item[TEXT_FIELD], str):
            return unpack(item)  # added since the file was read
        if len(item) != FIELD_COUNT:
            raise ValueError("a damaged entry")
        start, end, low, high = self._where(item)
        # Its numbers stay an array: whole numbers by construction, and a third the memory.
        # Strictly: text that cannot be text (a surrogate) makes the entry damaged (read again).
        text = str(self._texts[start:end], "utf-8")
        speakers = list(map(self._speakers.__getitem__, self._person_numbers(item)))
        digest = self._hash(item)
        return packed_meeting(
            item, text, self._numbers[low:high], speakers, digest.hex(), checked=True
        )

    def _person_numbers(self, item: list[Any]) -> list[int]:
        """The numbers in the file's table of people of an entry read from the file."""
        numbers = item[PEOPLE_FIELD]
        if type(numbers) is not list or set(map(type, numbers)) - {int}:
            raise ValueError("a damaged entry")
        if numbers and not 0 <= min(numbers) <= max(numbers) < len(self._people):
            raise ValueError("a damaged entry")
        return numbers

    def _hash(self, item: list[Any]) -> bytes:
        """The hash of an entry read from the file (in the file's hashes section)."""
        number = item[HASH_FIELD]
        if type(number) is not int or not 0 <= number < len(self._hashes) // HASH_SIZE:
            raise ValueError("a damaged entry")
        return bytes(self._hashes[number * HASH_SIZE : (number + 1) * HASH_SIZE])

    def release(self) -> None:
        """Let go of what was read from the file, when there is nothing to write: a warm
        start of 10,000 articles held 40 MB of it to the end for nothing. The cache is empty
        afterwards."""
        if not self._dirty:
            self._entries = {}
            self._texts, self._numbers = memoryview(b""), array("q")
            self._people, self._speakers, self._hashes = [], [], memoryview(b"")

    def put(self, key: str, file_stamp: tuple[int, int], entry: FileEntry) -> None:
        meetings, problems = entry
        self.put_packed(key, file_stamp, [pack(meeting) for meeting in meetings], problems)

    def put_packed(
        self,
        key: str,
        file_stamp: tuple[int, int],
        packed: list[list[Any]],
        problems: list[tuple[str, str, int]],
    ) -> None:
        """Like :meth:`put`, for meetings already packed (as worker processes send them)."""
        self._entries[key] = [
            file_stamp[0],
            file_stamp[1],
            packed,
            [list(problem) for problem in problems],
        ]
        self._dirty = True

    def save(self) -> None:
        """Write the cache atomically; a cache that cannot be written is only slower."""
        if not self._dirty:
            return
        try:
            self._file.write(self._sections())
        except (OSError, ValueError):
            return
        self._dirty = False

    def _sections(self) -> CacheSections:
        """What the file is to hold; texts already in the file read are copied as bytes, never
        decoded and encoded again."""
        texts: list[bytes | memoryview] = []
        numbers = array("q")
        hashes = bytearray()
        size = 0
        files: dict[str, list[Any]] = {}
        people: dict[tuple[Any, ...], int] = {}
        for key, entry in self._entries.items():
            try:
                file_size, mtime, meetings, problems = entry
                parts = [self._parts(item) for item in meetings]
            except (TypeError, ValueError, IndexError, KeyError):
                continue  # a damaged entry is not kept: its file is read again next time
            placed = []
            for item, (chunk, values, persons, digest) in zip(meetings, parts, strict=True):
                moved = list(item)
                moved[TEXT_FIELD] = [size, size + len(chunk)]
                texts.append(chunk)
                size += len(chunk)
                first = len(numbers)
                numbers.extend(values)
                moved[FLAT_FIELD] = [first, len(numbers)]
                moved[PEOPLE_FIELD] = [people.setdefault(tuple(p), len(people)) for p in persons]
                moved[HASH_FIELD] = len(hashes) // HASH_SIZE
                hashes += digest
                placed.append(moved)
            files[key] = [file_size, mtime, placed, problems]
        return CacheSections(list(people), files, texts, numbers, hashes)

    def _parts(
        self, item: list[Any]
    ) -> tuple[bytes | memoryview, Iterable[int], list[list[Any]], bytes]:
        """A packed meeting's text as UTF-8, its sentence numbers, its people and the hash of
        its text, wherever they are."""
        text, flat, persons, digest = (
            item[TEXT_FIELD],
            item[FLAT_FIELD],
            item[PEOPLE_FIELD],
            item[HASH_FIELD],
        )
        if isinstance(text, str):
            if not isinstance(flat, list) or not isinstance(persons, list):
                raise ValueError("a damaged entry")
            if not isinstance(digest, str) or len(digest) != 2 * HASH_SIZE:
                digest = text_hash(text)
            return text.encode("utf-8"), flat, persons, bytes.fromhex(digest)
        start, end, low, high = self._where(item)
        found = [self._people[number] for number in self._person_numbers(item)]
        return self._texts[start:end], self._numbers[low:high], found, self._hash(item)

    def _where(self, item: list[Any]) -> tuple[int, int, int, int]:
        """Where an entry read from the file has its text and its sentence numbers."""
        start, end = _span(item[TEXT_FIELD], len(self._texts))
        low, high = _span(item[FLAT_FIELD], len(self._numbers))
        return start, end, low, high


def _span(where: object, size: int) -> tuple[int, int]:
    """A ``[start, end]`` pair that lies within ``size``; ValueError otherwise."""
    if (
        not isinstance(where, list)
        or len(where) != 2
        or type(where[0]) is not int
        or type(where[1]) is not int
        or not 0 <= where[0] <= where[1] <= size
    ):
        raise ValueError("a damaged entry")
    return where[0], where[1]
