"""A cache of read articles, so that a large folder opens at once the second time.

One file in the cache folder maps each article file (absolute path) to its size, its
modification time and what was read from it. An entry is used only when all three and the
reader's version match. The file is a JSON header (every entry, with its texts and sentence
numbers replaced by where they are) then the texts as UTF-8 and the numbers as raw 64-bit
integers: parsing 10,000 articles' texts and numbers as JSON took a third of a second, reading
them this way a tenth of that. Never pickle: the cache folder is not trusted, and a corrupt,
stale or foreign cache is ignored and rebuilt, never fatal.
"""

from __future__ import annotations

import contextlib
import json
import operator
import os
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, SupportsIndex, overload

from dipreader.core.files import write_atomically
from dipreader.core.model import Kind, Meeting, Sentence, Speaker, text_hash

FORMAT = "dipreader-cache-5"
_MAGIC = b"dipreader-articles\n"
_TEXT, _FLAT = 1, 10  # where a packed meeting keeps its text and its sentence numbers
_PEOPLE, _HASH = 9, 12  # and its people, and the hash of its text
_HASH_SIZE = 32  # a SHA-256
_FIELDS = 14  # how many things a packed meeting holds
_KINDS = (Kind.STATEMENT, Kind.JOINT, Kind.NARRATION)
_KIND_CODE = {kind: code for code, kind in enumerate(_KINDS)}

# What one file yields: its meetings and its problems as (reason, severity, line).
FileEntry = tuple[list[Meeting], list[tuple[str, str, int]]]


def cache_file(folder: Path, version: str) -> Path:
    # The version in the name: a cache of another reader is never even parsed.
    return folder / f"meetings-{version}.cache"


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
        self.path = cache_file(folder, version)
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
            raw = self.path.read_bytes()
        except OSError:
            return  # no cache yet, or unreadable: start empty
        try:
            header, self._texts, self._numbers, self._hashes = read_cache_bytes(raw)
            if header.get("version") != self.version or not isinstance(header.get("files"), dict):
                raise ValueError("foreign cache")
            people = header.get("people")
            if not isinstance(people, list):
                raise ValueError("a cache of another format")
            self._speakers = [_speaker(person) for person in people]
            self._people = people
            self._entries = header["files"]
        except (ValueError, TypeError, RecursionError):
            self._entries = {}
            self._texts, self._numbers = memoryview(b""), array("q")
            self._people, self._speakers, self._hashes = [], [], memoryview(b"")
            self._dirty = True
            self.notice = f"ignored an unreadable cache at {self.path}; it will be rebuilt"

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str, file_stamp: tuple[int, int]) -> FileEntry | None:
        entry = self._entries.get(key)
        if not isinstance(entry, list) or len(entry) != 4:
            return None
        size, mtime, meetings, problems = entry
        if [size, mtime] != list(file_stamp):
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
        if isinstance(item[_TEXT], str):
            return unpack(item)  # added since the file was read
        if len(item) != _FIELDS:
            raise ValueError("a damaged entry")
        start, end, low, high = self._where(item)
        # Its numbers stay an array: whole numbers by construction, and a third the memory.
        text = str(self._texts[start:end], "utf-8", "surrogatepass")
        speakers = list(map(self._speakers.__getitem__, self._person_numbers(item)))
        digest = self._hash(item)
        return _meeting(item, text, self._numbers[low:high], speakers, digest.hex(), checked=True)

    def _person_numbers(self, item: list[Any]) -> list[int]:
        """The numbers in the file's table of people of an entry read from the file."""
        numbers = item[_PEOPLE]
        if type(numbers) is not list or set(map(type, numbers)) - {int}:
            raise ValueError("a damaged entry")
        if numbers and not 0 <= min(numbers) <= max(numbers) < len(self._people):
            raise ValueError("a damaged entry")
        return numbers

    def _hash(self, item: list[Any]) -> bytes:
        """The hash of an entry read from the file (in the file's hashes section)."""
        number = item[_HASH]
        if type(number) is not int or not 0 <= number < len(self._hashes) // _HASH_SIZE:
            raise ValueError("a damaged entry")
        return bytes(self._hashes[number * _HASH_SIZE : (number + 1) * _HASH_SIZE])

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
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, self._write)
            self._forget_other_versions()
        except (OSError, ValueError):
            return
        self._dirty = False

    def _write(self, stream: BinaryIO) -> None:
        """The header, then the texts, then the numbers; texts already in the file read are
        copied as bytes, never decoded and encoded again."""
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
                moved[_TEXT] = [size, size + len(chunk)]
                texts.append(chunk)
                size += len(chunk)
                first = len(numbers)
                numbers.extend(values)
                moved[_FLAT] = [first, len(numbers)]
                moved[_PEOPLE] = [people.setdefault(tuple(p), len(people)) for p in persons]
                moved[_HASH] = len(hashes) // _HASH_SIZE
                hashes += digest
                placed.append(moved)
            files[key] = [file_size, mtime, placed, problems]
        header = {
            "format": FORMAT,
            "version": self.version,
            "byteorder": sys.byteorder,
            "texts": size,
            "numbers": len(numbers),
            "hashes": len(hashes) // _HASH_SIZE,
            "people": list(people),
            "files": files,
        }
        encoded = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        stream.write(_MAGIC + len(encoded).to_bytes(8, "little"))
        stream.write(encoded)
        for chunk in texts:
            stream.write(chunk)
        stream.write(numbers.tobytes())
        stream.write(hashes)

    def _parts(
        self, item: list[Any]
    ) -> tuple[bytes | memoryview, Iterable[int], list[list[Any]], bytes]:
        """A packed meeting's text as UTF-8, its sentence numbers, its people and the hash of
        its text, wherever they are."""
        text, flat, persons, digest = item[_TEXT], item[_FLAT], item[_PEOPLE], item[_HASH]
        if isinstance(text, str):
            if not isinstance(flat, list) or not isinstance(persons, list):
                raise ValueError("a damaged entry")
            if not isinstance(digest, str) or len(digest) != 2 * _HASH_SIZE:
                digest = text_hash(text)
            return text.encode("utf-8", "surrogatepass"), flat, persons, bytes.fromhex(digest)
        start, end, low, high = self._where(item)
        found = [self._people[number] for number in self._person_numbers(item)]
        return self._texts[start:end], self._numbers[low:high], found, self._hash(item)

    def _where(self, item: list[Any]) -> tuple[int, int, int, int]:
        """Where an entry read from the file has its text and its sentence numbers."""
        start, end = _span(item[_TEXT], len(self._texts))
        low, high = _span(item[_FLAT], len(self._numbers))
        return start, end, low, high

    def _forget_other_versions(self) -> None:
        """Caches of earlier readers will never match again: do not let them pile up."""
        for other in self.path.parent.glob("meetings-*"):
            if other != self.path and other.suffix in (".cache", ".json"):
                with contextlib.suppress(OSError):
                    other.unlink()


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
    if numbers.itemsize != 8 or len(data) != numbers_end + _HASH_SIZE * header["hashes"]:
        raise ValueError("a truncated cache")
    view = memoryview(data)
    numbers.frombytes(view[texts_end:numbers_end])
    return header, view[offset:texts_end], numbers, view[numbers_end:]


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


def pack(meeting: Meeting) -> list[Any]:
    """A meeting as plain lists and numbers: for the cache file, and cheap to send between
    processes (a tenth of the cost of pickling the objects)."""
    speaker_index = {speaker.id: index for index, speaker in enumerate(meeting.speakers)}
    flat: list[int] = []
    for sentence in meeting.sentences:
        who = speaker_index.get(sentence.speaker, -1) if sentence.speaker else -1
        flat += (sentence.start, sentence.end, sentence.paragraph, _KIND_CODE[sentence.kind], who)
    return [
        meeting.line,
        meeting.text,
        meeting.date.isoformat() if meeting.date else None,
        meeting.title,
        meeting.venue,
        meeting.occasion,
        meeting.source,
        meeting.caption,
        meeting.body_start,
        [[s.id, s.name, s.role, s.country] for s in meeting.speakers],
        flat,
        meeting.warnings,
        meeting.text_hash,  # worked out where the article was read (a worker process)
        meeting.url,
    ]


def _check_packed(flat: Sequence[Any], size: int, speakers: int) -> None:
    """Refuse packed sentences that could not be right, at C speed (no loop per sentence)."""
    if not isinstance(flat, array) and set(map(type, flat)) - {int}:
        raise ValueError("not whole numbers")
    starts, ends, codes, whos = flat[0::5], flat[1::5], flat[3::5], flat[4::5]
    if not starts:
        return
    if min(starts) < 0 or max(ends) > size or not all(map(operator.lt, starts, ends)):
        raise ValueError("span outside the text")
    if not all(map(operator.le, ends[:-1], starts[1:])):
        raise ValueError("spans out of order")
    if min(codes) < 0 or max(codes) >= len(_KINDS) or min(whos) < -1 or max(whos) >= speakers:
        raise ValueError("bad kind or speaker")


def unpack(item: list[Any], *, checked: bool = True) -> Meeting:
    """The meeting :func:`pack` made, checked: raises ValueError when it cannot be right.

    ``checked=False`` is for what a worker process of this loader just packed (not read
    from a file): it cannot be damaged, and checking it costs a cold start a tenth of a second.
    """
    if len(item) != _FIELDS or not isinstance(item[_FLAT], list):
        raise ValueError("damaged entry")
    speakers = [_speaker(person) for person in item[_PEOPLE]]
    return _meeting(item, item[_TEXT], item[_FLAT], speakers, item[_HASH], checked=checked)


# The same people are in many meetings: each is made once and shared (Speakers are frozen).
_SPEAKERS: dict[tuple[Any, ...], Speaker] = {}


def _speaker(person: list[Any]) -> Speaker:
    key = tuple(person)
    speaker = _SPEAKERS.get(key)
    if speaker is None:
        speaker_id, name, role, country = key
        speaker = Speaker(str(speaker_id), str(name), role, country)
        if len(_SPEAKERS) < 100_000:  # bounded: a huge corpus only shares the first ones
            _SPEAKERS[key] = speaker
    return speaker


def _meeting(
    item: list[Any],
    text: object,
    flat: Sequence[int],
    speakers: list[Speaker],
    digest: object,
    *,
    checked: bool,
) -> Meeting:
    line, _, day, title, venue, occasion, source, caption, body_start, _, _, notes, _, url = item
    if not isinstance(text, str) or len(flat) % 5 or not isinstance(url, str | None):
        raise ValueError("damaged entry")
    if checked:
        _check_packed(flat, len(text), len(speakers))
    sentences = PackedSentences(flat, [speaker.id for speaker in speakers])
    meeting = Meeting(
        path="",
        text=text,
        date=date.fromisoformat(day) if day else None,
        title=str(title),
        venue=venue,
        occasion=occasion,
        source=source,
        caption=caption,
        body_start=int(body_start),
        speakers=speakers,
        sentences=sentences,
        line=int(line),
        warnings=[str(note) for note in notes],
        url=url,
    )
    if type(digest) is str and len(digest) == 2 * _HASH_SIZE:
        meeting.known_text_hash(digest)
    return meeting


class PackedSentences(list[Sentence]):
    """A meeting's sentences kept packed until they are first used.

    A warm start of 10,000 articles would otherwise build 190,000 Sentence objects before the
    first search; most meetings are never opened. ``len()`` needs no unpacking; anything else
    unpacks once, and from then on it is a plain list.
    """

    __slots__ = ("_flat", "_ids")

    def __init__(self, flat: Sequence[int], ids: list[str]) -> None:
        super().__init__()
        self._flat: Sequence[int] | None = flat
        self._ids = ids

    def _unpack(self) -> None:
        flat = self._flat
        if flat is None:
            return
        self._flat = None
        ids = self._ids
        fields = iter(flat)
        list.extend(
            self,
            [
                Sentence(start, end, paragraph, _KINDS[code], ids[who] if who >= 0 else None)
                for start, end, paragraph, code, who in zip(
                    fields, fields, fields, fields, fields, strict=True
                )
            ],
        )

    def __len__(self) -> int:
        return len(self._flat) // 5 if self._flat is not None else list.__len__(self)

    def bounds(self) -> tuple[int, ...]:
        """(count, first start, last end), without unpacking: what the search index checks."""
        flat = self._flat
        if flat is None:
            return (len(self), self[0].start, self[-1].end) if self else (0,)
        return (len(flat) // 5, flat[0], flat[-4]) if flat else (0,)

    def columns(self) -> tuple[list[tuple[int, int]], list[tuple[Kind, str | None]]] | None:
        """Each sentence's (start, end) and (kind, speaker id), without unpacking (what the
        search index reads); None once unpacked."""
        flat = self._flat
        if flat is None:
            return None
        voices = [*self._ids, None]  # who -1 is nobody: the last item
        return (
            list(zip(flat[0::5], flat[1::5], strict=True)),
            list(
                zip(
                    map(_KINDS.__getitem__, flat[3::5]),
                    map(voices.__getitem__, flat[4::5]),
                    strict=True,
                )
            ),
        )

    def rename_speakers(self, renames: dict[str, str]) -> None:
        """Give the speakers of ``renames`` (old id -> new) their new ids, still packed if the
        sentences are (see core/people/identity.py: ids are given after reading, never cached)."""
        if self._flat is not None:
            self._ids = [renames.get(sid, sid) for sid in self._ids]
            return
        for sentence in list.__iter__(self):
            if sentence.speaker is not None and sentence.speaker in renames:
                sentence.speaker = renames[sentence.speaker]

    def __bool__(self) -> bool:
        return len(self) > 0

    @overload
    def __getitem__(self, index: SupportsIndex) -> Sentence: ...
    @overload
    def __getitem__(self, index: slice) -> list[Sentence]: ...
    def __getitem__(self, index: SupportsIndex | slice) -> Sentence | list[Sentence]:
        self._unpack()
        return list.__getitem__(self, index)

    def __iter__(self) -> Iterator[Sentence]:
        self._unpack()
        return list.__iter__(self)

    def __reversed__(self) -> Iterator[Sentence]:
        self._unpack()
        return list.__reversed__(self)

    def __contains__(self, item: object) -> bool:
        self._unpack()
        return list.__contains__(self, item)

    def __eq__(self, other: object) -> bool:
        self._unpack()
        return list.__eq__(self, other)

    __hash__ = None  # a list is not hashable

    def __repr__(self) -> str:
        self._unpack()
        return list.__repr__(self)

    def __copy__(self) -> list[Sentence]:
        return list(self)

    def __reduce__(self) -> tuple[type[list[Sentence]], tuple[list[Sentence]]]:
        # Pickled (to another process) as the plain list it stands for.
        return (list, (list(self),))

    def copy(self) -> list[Sentence]:
        return list(self)

    def index(
        self, value: Sentence, start: SupportsIndex = 0, stop: SupportsIndex = sys.maxsize
    ) -> int:
        self._unpack()
        return list.index(self, value, start, stop)

    def count(self, value: Sentence) -> int:
        self._unpack()
        return list.count(self, value)

    # Changes unpack first, so that they apply to the real list.
    def append(self, value: Sentence) -> None:
        self._unpack()
        list.append(self, value)

    def extend(self, values: Iterable[Sentence]) -> None:
        self._unpack()
        list.extend(self, values)

    def insert(self, index: SupportsIndex, value: Sentence) -> None:
        self._unpack()
        list.insert(self, index, value)

    def pop(self, index: SupportsIndex = -1) -> Sentence:
        self._unpack()
        return list.pop(self, index)

    def remove(self, value: Sentence) -> None:
        self._unpack()
        list.remove(self, value)

    def clear(self) -> None:
        self._flat = None
        list.clear(self)

    def sort(self, *, key: Any = None, reverse: bool = False) -> None:
        self._unpack()
        list.sort(self, key=key, reverse=reverse)

    def reverse(self) -> None:
        self._unpack()
        list.reverse(self)

    @overload
    def __setitem__(self, index: SupportsIndex, value: Sentence) -> None: ...
    @overload
    def __setitem__(self, index: slice, value: Iterable[Sentence]) -> None: ...
    def __setitem__(self, index: Any, value: Any) -> None:
        self._unpack()
        list.__setitem__(self, index, value)

    def __delitem__(self, index: SupportsIndex | slice) -> None:
        self._unpack()
        list.__delitem__(self, index)
