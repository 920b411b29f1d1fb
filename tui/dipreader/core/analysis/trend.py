"""A phrase over time: how often each meeting, and each speaker in it, mentions it.

The phrase is matched as the search matches it (:class:`~dipreader.core.search.index.SearchIndex`):
hyphens and spaces are the same (``one china`` finds ``one-China``), words one or two edits
away count a little less, and ``@name`` narrows it to one speaker. A sentence *mentions* the
phrase when its search score is at least :data:`MENTION_SCORE`: every word of the phrase is
there and nearly all of it as the unbroken phrase. An exact phrase scores 100 and one typo
in a three-word phrase about 93, while the same words scattered over the sentence score
between 50 and 75 and do not count.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from dipreader.core.analysis.statements import all_speakers, oldest_first
from dipreader.core.model import Kind, Meeting, Speaker
from dipreader.core.search.index import Hit, SearchIndex
from dipreader.core.search.query import Query, parse_query

MENTION_SCORE = 80.0
# Sentences searched at once: the index ranks a small scope in full (up to a cap of its own);
# a scope whose every hit is a mention may have been cut short and is searched again in halves.
_SCOPE_SENTENCES = 150
# So many hits, all of them mentions, and the scope is searched again in halves (the index's
# cap is well above this; a few mentions in a scope are never a cut-short list).
_SATURATED = 32
JOINT_KEY = "@joint"  # speaker ids are slugs and never begin with "@"
NARRATION_KEY = "@narration"

Period = Literal["meeting", "month", "year"]


class EmptyPhrase(ValueError):
    """The phrase has no words to count."""


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """One sentence that mentions the phrase; ``highlights`` are spans within the sentence."""

    meeting: Meeting
    index: int
    score: float
    highlights: tuple[tuple[int, int], ...] = ()

    @property
    def who(self) -> str:
        """The speaker's id, or :data:`JOINT_KEY` / :data:`NARRATION_KEY`."""
        sentence = self.meeting.sentences[self.index]
        if sentence.kind is Kind.STATEMENT and sentence.speaker:
            return sentence.speaker
        return JOINT_KEY if sentence.kind is Kind.JOINT else NARRATION_KEY


@dataclass(slots=True)
class TrendPoint:
    """One meeting on the time line and its mentions, in text order."""

    meeting: Meeting
    mentions: list[PhraseHit] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.mentions)

    @property
    def indices(self) -> list[int]:
        return [mention.index for mention in self.mentions]

    def by_who(self) -> dict[str, list[int]]:
        """Sentence indices by who says them (speaker id, or the joint/narration key)."""
        grouped: dict[str, list[int]] = {}
        for mention in self.mentions:
            grouped.setdefault(mention.who, []).append(mention.index)
        return grouped


@dataclass(frozen=True, slots=True)
class Bucket:
    """Points gathered into one period (a month, a year) for a chart of many meetings."""

    label: str
    points: tuple[TrendPoint, ...]

    @property
    def count(self) -> int:
        return sum(point.count for point in self.points)

    def count_for(self, who: str) -> int:
        return sum(len(point.by_who().get(who, ())) for point in self.points)


@dataclass(slots=True)
class Trend:
    """Mentions of ``phrase`` in every meeting, oldest first (meetings without any too)."""

    phrase: str
    query: Query
    points: list[TrendPoint]
    speakers: dict[str, Speaker]

    @property
    def total(self) -> int:
        return sum(point.count for point in self.points)

    def counts(self) -> list[int]:
        return [point.count for point in self.points]

    def mentions(self) -> Iterator[PhraseHit]:
        for point in self.points:
            yield from point.mentions

    def label(self, who: str) -> str:
        """A speaker's name, or ``joint`` / ``narration``."""
        if who == JOINT_KEY:
            return "joint"
        if who == NARRATION_KEY:
            return "narration"
        speaker = self.speakers.get(who)
        return speaker.name if speaker else who

    def who_totals(self) -> list[tuple[str, int]]:
        """Who mentions the phrase and how often, most first (ties by name)."""
        totals: dict[str, int] = {}
        for mention in self.mentions():
            totals[mention.who] = totals.get(mention.who, 0) + 1
        return sorted(totals.items(), key=lambda item: (-item[1], self.label(item[0])))

    def counts_for(self, who: str) -> list[int]:
        """Mentions by ``who`` in each point, aligned with :attr:`points`."""
        return [len(point.by_who().get(who, ())) for point in self.points]

    def buckets(self, period: Period) -> list[Bucket]:
        """The points gathered by ``period``; every period between the first and the last.

        Undated meetings come last in a bucket of their own. ``meeting`` keeps one bucket a
        meeting.
        """
        if period == "meeting":
            return [Bucket(point.meeting.date_text, (point,)) for point in self.points]
        dated = [point for point in self.points if point.meeting.date is not None]
        undated = tuple(point for point in self.points if point.meeting.date is None)
        buckets: list[Bucket] = []
        if dated:
            grouped: dict[tuple[int, int], list[TrendPoint]] = {}
            for point in dated:
                day = point.meeting.date
                assert day is not None
                grouped.setdefault((day.year, day.month if period == "month" else 1), []).append(
                    point
                )
            first, last = min(grouped), max(grouped)
            for key in _periods(first, last, period):
                label = f"{key[0]}-{key[1]:02d}" if period == "month" else str(key[0])
                buckets.append(Bucket(label, tuple(grouped.get(key, ()))))
        if undated:
            buckets.append(Bucket("undated", undated))
        return buckets


def _periods(
    first: tuple[int, int], last: tuple[int, int], period: Period
) -> Iterator[tuple[int, int]]:
    year, month = first
    while (year, month) <= last:
        yield year, month
        if period == "month":
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        else:
            year += 1


def phrase_query(phrase: str) -> Query:
    """The phrase as a search query; its last word is complete, not a prefix being typed."""
    return dataclasses.replace(parse_query(phrase), prefix=False)


def trend(meetings: Sequence[Meeting], phrase: str, index: SearchIndex | None = None) -> Trend:
    """Count the mentions of ``phrase`` in ``meetings`` (module doc).

    ``index`` is a search index holding these meetings (the app's); without it, or when it
    lacks some of them, one is built for the call. Raises :class:`EmptyPhrase` when the
    phrase has no words.
    """
    query = phrase_query(phrase)
    if not query.terms:
        raise EmptyPhrase(f"no words to count in {phrase!r}")
    ordered = oldest_first({meeting.id: meeting for meeting in meetings}.values())
    if index is None or any(meeting not in index for meeting in ordered):
        index = SearchIndex()
        index.add_many(ordered)
    points = {meeting.id: TrendPoint(meeting) for meeting in ordered}
    for scope in _scopes(ordered):
        for hit in _mentions(index, query, scope):
            points[hit.meeting.id].mentions.append(
                PhraseHit(hit.meeting, hit.index, hit.score, hit.highlights)
            )
    for point in points.values():
        point.mentions.sort(key=lambda mention: mention.index)
    speakers = {speaker.id: speaker for speaker in all_speakers(ordered)}
    return Trend(phrase, query, list(points.values()), speakers)


def _mentions(index: SearchIndex, query: Query, scope: list[Meeting]) -> list[Hit]:
    """The hits in ``scope`` that mention the phrase, none lost to the index's ranking cap."""
    pending = [scope]
    found: list[Hit] = []
    while pending:
        group = pending.pop()
        size = sum(len(meeting.sentences) for meeting in group)
        hits = index.search(query, limit=size, meeting_ids=[m.id for m in group])
        saturated = _SATURATED <= len(hits) < size and hits[-1].score >= MENTION_SCORE
        if saturated and len(group) > 1:
            # Every sentence ranked was a mention: there may be more than were ranked.
            half = len(group) // 2
            pending.extend((group[:half], group[half:]))
            continue
        found.extend(hit for hit in hits if hit.score >= MENTION_SCORE)
    return found


def _scopes(meetings: Iterable[Meeting]) -> Iterator[list[Meeting]]:
    """Consecutive groups of meetings of at most :data:`_SCOPE_SENTENCES` sentences.

    A meeting longer than that is a group of its own (its phrase holders are ranked first).
    """
    group: list[Meeting] = []
    size = 0
    for meeting in meetings:
        count = len(meeting.sentences)
        if group and size + count > _SCOPE_SENTENCES:
            yield group
            group, size = [], 0
        group.append(meeting)
        size += count
    if group:
        yield group
