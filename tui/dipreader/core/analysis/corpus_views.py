"""The analyst views over the corpus database: everyone who speaks, everything one person
said, and a phrase over time, read through SQL and the full-text index with only the meetings
in the answer read whole (the answers of :mod:`dipreader.core.analysis.statements` and
:mod:`dipreader.core.analysis.trend` over every meeting in memory, the same ones).
"""

from __future__ import annotations

from datetime import date

from dipreader.core.analysis.statements import (
    MeetingStatements,
    choose_speakers,
    oldest_first,
    resolve_among,
    statements_of,
)
from dipreader.core.analysis.trend import (
    MENTION_SCORE,
    EmptyPhrase,
    PhraseHit,
    Trend,
    TrendPoint,
    phrase_query,
)
from dipreader.core.corpus.database import CorpusDatabase
from dipreader.core.corpus.database_rows import speaker_of
from dipreader.core.model import Meeting, Speaker
from dipreader.core.search.database_search import DatabaseSearch

# Each speaker of each meeting, with who they are and the meeting's day, in the list's order
# (as the in-memory views see the meetings: it decides between two equally full names).
_CAST = (
    "SELECT coalesce(a.person, s.person, s.sid), s.name, s.role, s.country, m.date "
    "FROM article_speaker a JOIN speaker s ON s.id = a.speaker JOIN article m ON m.id = a.article "
    "ORDER BY m.sort_day, m.path, m.line, a.position"
)
_MEETINGS_OF = (
    "SELECT DISTINCT a.article FROM article_speaker a JOIN speaker s ON s.id = a.speaker "
    "WHERE coalesce(a.person, s.person, s.sid) = ?"
)


def speakers_in(database: CorpusDatabase) -> list[Speaker]:
    """Every distinct speaker of the corpus, as :func:`statements.all_speakers` gives them."""
    seen = []
    for *unit, day in database.select(_CAST):
        speaker = speaker_of(unit)
        if speaker is not None and isinstance(day, str | None):
            seen.append((speaker, date.fromisoformat(day) if day else None))
    return choose_speakers(seen)


def resolve_in(database: CorpusDatabase, name: str) -> Speaker:
    """The one speaker ``name`` means; raises SpeakerNotFound or AmbiguousSpeaker."""
    return resolve_among(speakers_in(database), name)


def statements_in(database: CorpusDatabase, speaker_id: str) -> list[MeetingStatements]:
    """Every statement of the speaker ``speaker_id``, grouped by meeting, oldest first: only
    the meetings they speak in are read."""
    meetings: list[Meeting] = []
    for (article,) in database.select(_MEETINGS_OF, (speaker_id,)):
        meeting = database.meeting(article) if type(article) is int else None
        if meeting is not None:
            meetings.append(meeting)
    return statements_of(meetings, speaker_id)


def trend_in(database: CorpusDatabase, phrase: str, search: DatabaseSearch | None = None) -> Trend:
    """The mentions of ``phrase`` over the corpus database, as :func:`trend.trend` counts them
    over the meetings in memory, for the meetings that mention it: the others, as many as
    ``database.count()`` less these, are not read. Raises :class:`EmptyPhrase`."""
    query = phrase_query(phrase)
    if not query.terms:
        raise EmptyPhrase(f"no words to count in {phrase!r}")
    searcher = search if search is not None else DatabaseSearch(database)
    points: dict[str, TrendPoint] = {}
    for hit in searcher.mentions(query, MENTION_SCORE):
        point = points.setdefault(hit.meeting.id, TrendPoint(hit.meeting))
        point.mentions.append(PhraseHit(hit.meeting, hit.index, hit.score, hit.highlights))
    for point in points.values():
        point.mentions.sort(key=lambda mention: mention.index)
    ordered = oldest_first(point.meeting for point in points.values())
    speakers = {speaker.id: speaker for speaker in speakers_in(database)}
    return Trend(phrase, query, [points[meeting.id] for meeting in ordered], speakers)
