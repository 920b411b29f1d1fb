"""What a query's filters admit: which meetings (``since:``, ``until:``, ``source:``) and
which voices (``kind:``, ``country:``), worked out from the indexed meetings themselves.

Nothing here is stored with the index: the dates, sources and countries are the meetings',
read again when first asked and kept until the index changes, so a keystroke that only adds a
word costs nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from rapidfuzz.distance import OSA

from dipreader.core.model import Meeting
from dipreader.core.search.query import Query, words

# Speaker codes per sentence: narration, joint, then one code per speaker id.
NARRATION = 0
JOINT = 1
_KIND_CODES = {"narration": NARRATION, "joint": JOINT}

Voice = TypeVar("Voice")


def named_voices(query: Query, keys: Mapping[str, Iterable[Voice]]) -> set[Voice | int]:
    """Who ``@name`` (by ``keys``, each a speaker's name key), ``@joint`` and ``@narration``
    admit; a name still being typed (``@pa``) admits every speaker a key of whom begins with
    it. ``keys`` maps to codes in the index and to speaker ids in the corpus database."""
    allowed: set[Voice | int] = set()
    if query.joint:
        allowed.add(JOINT)
    if query.narration:
        allowed.add(NARRATION)
    for name in query.speakers:
        exact = keys.get(name)
        if exact:
            allowed.update(exact)
            continue
        for key, voices in list(keys.items()):  # a snapshot: another thread may add
            if key.startswith(name):
                allowed.update(voices)
    return allowed


_CACHE = 64


def fuzzy_matches(value: str, candidate: str) -> bool:
    """Whether every word of ``value`` (folded) begins a word of ``candidate``, or, for a
    word of 4 letters or more, is one typo away from one (or from its beginning).

    ``korea`` is in ``Republic of Korea``, ``xinhau`` in ``Xinhua``, ``kor`` (being typed)
    in ``South Korea``; ``us`` is not in ``Russia``.
    """
    held = words(candidate)
    for word in value.split():
        if not any(_near(word, other) for other in held):
            return False
    return bool(held)


def _near(word: str, other: str) -> bool:
    if other.startswith(word):
        return True
    if len(word) < 4:
        return False
    return OSA.distance(word, other) <= 1 or OSA.distance(word, other[: len(word)]) <= 1


@dataclass(frozen=True, slots=True)
class Scope:
    """The meetings a search may look in: their sentence ranges, how many sentences those
    are, and which meeting positions they are (a mask: one byte per meeting)."""

    ranges: list[tuple[int, int]]
    size: int
    mask: bytes

    @classmethod
    def of(cls, ranges: list[tuple[int, int]], positions: list[int], meetings: int) -> Scope:
        mask = bytearray(meetings)
        for position in positions:
            mask[position] = 1
        return cls(ranges, sum(high - low for low, high in ranges), bytes(mask))


def intersect(first: Scope | None, second: Scope | None) -> Scope | None:
    """The meetings in both scopes (None: every meeting)."""
    if first is None:
        return second
    if second is None:
        return first
    mask = bytes(a & b for a, b in zip(first.mask, second.mask, strict=True))
    kept = set(second.ranges)
    ranges = [pair for pair in first.ranges if pair in kept]
    return Scope(ranges, sum(high - low for low, high in ranges), mask)


class FilterTables:
    """The filters' answers for one index, cached until it changes (``version``)."""

    def __init__(self) -> None:
        self._version: tuple[int, int] = (-1, -1)
        self._ranges: dict[tuple[object, ...], Scope] = {}
        self._countries: dict[str, set[int]] = {}
        self._matched: dict[str, set[int]] = {}

    def _fresh(self, version: tuple[int, int]) -> None:
        if version != self._version or len(self._ranges) > _CACHE:
            self._version = version
            self._ranges.clear()
            self._countries.clear()
            self._matched.clear()

    def meeting_ranges(
        self,
        query: Query,
        meetings: Sequence[Meeting],
        first: Sequence[int],
        version: tuple[int, int],
    ) -> Scope | None:
        """The meetings the query's dates and sources admit, or None when it has no such
        filter. An undated meeting is outside any date filter."""
        if query.since is None and query.until is None and not query.sources:
            return None
        self._fresh(version)
        key = (query.since, query.until, query.sources)
        found = self._ranges.get(key)
        if found is not None:
            return found
        low = query.since or date.min
        high = query.until or date.max
        dated = query.since is not None or query.until is not None
        sources: dict[str | None, bool] = {}
        ranges = []
        positions = []
        count = len(first) - 1
        for position, meeting in enumerate(meetings[:count]):
            day = meeting.date
            if dated and (day is None or not low <= day <= high):
                continue
            if query.sources:
                source = meeting.source
                admitted = sources.get(source)
                if admitted is None:
                    admitted = sources[source] = source is not None and any(
                        fuzzy_matches(value, source) for value in query.sources
                    )
                if not admitted:
                    continue
            ranges.append((first[position], first[position + 1]))
            positions.append(position)
        found = self._ranges[key] = Scope.of(ranges, positions, count)
        return found

    def voice_codes(
        self,
        query: Query,
        meetings: Sequence[Meeting],
        speaker_codes: dict[str, int],
        version: tuple[int, int],
    ) -> set[int] | None:
        """The speaker codes ``kind:`` and ``country:`` admit (both: those both admit), or
        None when the query has neither."""
        if not query.kinds and not query.countries:
            return None
        allowed: set[int] | None = None
        if query.kinds:
            allowed = set()
            for kind in query.kinds:
                if kind == "statement":
                    allowed.update(speaker_codes.values())
                else:
                    allowed.add(_KIND_CODES[kind])
        if query.countries:
            self._fresh(version)
            from_countries: set[int] = set()
            for value in query.countries:
                from_countries |= self._country_codes(value, meetings, speaker_codes)
            allowed = from_countries if allowed is None else allowed & from_countries
        return allowed

    def _country_codes(
        self, value: str, meetings: Sequence[Meeting], speaker_codes: dict[str, int]
    ) -> set[int]:
        found = self._matched.get(value)
        if found is not None:
            return found
        if not self._countries:
            for meeting in meetings:
                for speaker in meeting.speakers:
                    code = speaker_codes.get(speaker.id)
                    if speaker.country and code is not None:
                        self._countries.setdefault(speaker.country, set()).add(code)
        found = set()
        for country, codes in self._countries.items():
            if fuzzy_matches(value, country):
                found |= codes
        self._matched[value] = found
        return found
