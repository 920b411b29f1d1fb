"""One speaker across meetings: who a name means, and everything that person said.

A name may be an id (``park-jin``), a full name (``Park Jin``, any case, accents folded) or a
surname (``Park``: the first or last word of a name, as surname-first and surname-last names
both occur). A name that fits two different people is refused with both named, never merged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from dipreader.core.model import Kind, Meeting, Speaker
from dipreader.core.search.query import words


class SpeakerNotFound(LookupError):
    """No speaker in the meetings goes by the name."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no speaker called {name!r}")
        self.name = name


class AmbiguousSpeaker(LookupError):
    """The name fits several different people; ``candidates`` lists them."""

    def __init__(self, name: str, candidates: Sequence[Speaker]) -> None:
        listed = ", ".join(f"{s.name} ({s.id})" for s in candidates)
        super().__init__(f"{name!r} may mean {listed}; give the full name or the id")
        self.name = name
        self.candidates = tuple(candidates)


class MeetingStatements(NamedTuple):
    """One meeting and the indices of the sentences the speaker says in it, in text order."""

    meeting: Meeting
    indices: list[int]


def date_key(meeting: Meeting) -> tuple[int, int, str, int]:
    """Oldest first; undated meetings last; then by path for a stable order."""
    if meeting.date is None:
        return (1, 0, meeting.path, meeting.line)
    return (0, meeting.date.toordinal(), meeting.path, meeting.line)


def oldest_first(meetings: Iterable[Meeting]) -> list[Meeting]:
    return sorted(meetings, key=date_key)


def all_speakers(meetings: Iterable[Meeting]) -> list[Speaker]:
    """Every distinct speaker (by id), as the meeting that writes their name most fully
    describes them ("Joseph Biden" rather than "Biden": one person may be written both ways,
    see core/people/identity.py), the newest of those."""
    return choose_speakers((s, meeting.date) for meeting in meetings for s in meeting.speakers)


def choose_speakers(seen: Iterable[tuple[Speaker, date | None]]) -> list[Speaker]:
    """:func:`all_speakers` from each speaker as a meeting of that date names them, in the
    order of the meetings."""
    found: dict[str, tuple[int, date | None, Speaker]] = {}
    for speaker, day in seen:
        known = found.get(speaker.id)
        size = speaker.name.count(" ")  # the words of the name, near enough
        if known is None or size > known[0] or (size == known[0] and _newer(day, known[1])):
            found[speaker.id] = (size, day, speaker)
    return sorted((speaker for *_, speaker in found.values()), key=lambda s: (s.name, s.id))


def _newer(candidate: date | None, known: date | None) -> bool:
    return candidate is not None and (known is None or candidate > known)


def find_speakers(meetings: Iterable[Meeting], name: str) -> list[Speaker]:
    """The speakers of ``meetings`` that ``name`` may mean (see :func:`find_among`)."""
    return find_among(all_speakers(meetings), name)


def find_among(speakers: list[Speaker], name: str) -> list[Speaker]:
    """The speakers ``name`` may mean, best evidence first.

    An id or a full name that fits someone wins over surnames: ``Wang Yi`` is Wang Yi even
    when a Yi Wang also speaks. Only when nothing fits that closely are surnames tried.
    """
    wanted = words(name)
    if not wanted:
        return []
    key = "-".join(wanted)
    exact = [s for s in speakers if s.id == key or words(s.name) == wanted]
    if exact:
        return exact
    if len(wanted) != 1:
        return []
    surname = wanted[0]
    return [s for s in speakers if (parts := words(s.name)) and surname in (parts[0], parts[-1])]


def resolve_speaker(meetings: Iterable[Meeting], name: str) -> Speaker:
    """The one speaker of ``meetings`` ``name`` means (see :func:`resolve_among`)."""
    return resolve_among(all_speakers(meetings), name)


def resolve_among(speakers: list[Speaker], name: str) -> Speaker:
    """The one speaker ``name`` means; raises SpeakerNotFound or AmbiguousSpeaker."""
    candidates = find_among(speakers, name)
    if not candidates:
        raise SpeakerNotFound(name)
    if len(candidates) > 1:
        raise AmbiguousSpeaker(name, candidates)
    return candidates[0]


def statements_of(meetings: Iterable[Meeting], speaker_id: str) -> list[MeetingStatements]:
    """Every statement of the speaker with this id, grouped by meeting, oldest meeting first.

    Only the speaker's own statements count: joint statements are not one person's words.
    Meetings where they say nothing are left out.
    """
    grouped = []
    for meeting in oldest_first(meetings):
        indices = [
            index
            for index, sentence in enumerate(meeting.sentences)
            if sentence.kind is Kind.STATEMENT and sentence.speaker == speaker_id
        ]
        if indices:
            grouped.append(MeetingStatements(meeting, indices))
    return grouped


def statements(meetings: Sequence[Meeting], name: str) -> list[MeetingStatements]:
    """Every statement of the speaker ``name`` means (see :func:`find_speakers`).

    Raises SpeakerNotFound or AmbiguousSpeaker when the name does not pick one person.
    """
    return statements_of(meetings, resolve_speaker(meetings, name).id)
