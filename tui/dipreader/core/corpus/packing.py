"""A meeting as plain lists and numbers, and back: what the article cache keeps of it and
what worker processes send (a tenth of the cost of pickling the objects).

A packed meeting is a list of :data:`FIELD_COUNT` things; its text, its people, its
sentences (five numbers each: start, end, paragraph, kind, speaker) and the hash of its
text are at :data:`TEXT_FIELD`, :data:`PEOPLE_FIELD`, :data:`FLAT_FIELD` and
:data:`HASH_FIELD`. Unpacking checks what it is given: a packed meeting read from a file
that could not be right raises ValueError, never a crash later.
"""

from __future__ import annotations

import operator
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, SupportsIndex, overload

from dipreader.core.model import Kind, Meeting, Sentence, Speaker

TEXT_FIELD, FLAT_FIELD = 1, 10  # where a packed meeting keeps its text and its sentence numbers
PEOPLE_FIELD, HASH_FIELD = 9, 12  # and its people, and the hash of its text
HASH_SIZE = 32  # a SHA-256
FIELD_COUNT = 14  # how many things a packed meeting holds
_KINDS = (Kind.STATEMENT, Kind.JOINT, Kind.NARRATION)
_KIND_CODE = {kind: code for code, kind in enumerate(_KINDS)}

# What one file yields: its meetings and its problems as (reason, severity, line).
FileEntry = tuple[list[Meeting], list[tuple[str, str, int]]]


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
    if len(item) != FIELD_COUNT or not isinstance(item[FLAT_FIELD], list):
        raise ValueError("damaged entry")
    speakers = [speaker_of(person) for person in item[PEOPLE_FIELD]]
    return packed_meeting(
        item, item[TEXT_FIELD], item[FLAT_FIELD], speakers, item[HASH_FIELD], checked=checked
    )


# The same people are in many meetings: each is made once and shared (Speakers are frozen).
_SPEAKERS: dict[tuple[Any, ...], Speaker] = {}


def speaker_of(person: list[Any]) -> Speaker:
    """The Speaker of a packed person ``[id, name, role, country]``, shared."""
    key = tuple(person)
    speaker = _SPEAKERS.get(key)
    if speaker is None:
        speaker_id, name, role, country = key
        speaker = Speaker(str(speaker_id), str(name), role, country)
        if len(_SPEAKERS) < 100_000:  # bounded: a huge corpus only shares the first ones
            _SPEAKERS[key] = speaker
    return speaker


def packed_meeting(
    item: list[Any],
    text: object,
    flat: Sequence[int],
    speakers: list[Speaker],
    digest: object,
    *,
    checked: bool,
) -> Meeting:
    """The meeting of a packed ``item`` whose text, sentence numbers, speakers and hash are
    given apart (as a cache file keeps them); ValueError if they cannot be right."""
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
    if type(digest) is str and len(digest) == 2 * HASH_SIZE:
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
