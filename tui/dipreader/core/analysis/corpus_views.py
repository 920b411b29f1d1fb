"""One speaker across the corpus database: everyone who speaks and everything one person
said, read through SQL with only that person's meetings read whole (the answers of
:mod:`dipreader.core.analysis.statements` over every meeting in memory, the same ones).
"""

from __future__ import annotations

from datetime import date

from dipreader.core.analysis.statements import (
    MeetingStatements,
    choose_speakers,
    resolve_among,
    statements_of,
)
from dipreader.core.corpus.database import CorpusDatabase
from dipreader.core.corpus.database_rows import speaker_of
from dipreader.core.model import Meeting, Speaker

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
