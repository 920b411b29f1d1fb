"""The user's own work: bookmarks and notes, and the same resolved against today's articles."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from dipreader.core.model import Kind, Meeting
from dipreader.core.notes.anchor import (
    CONTEXT,
    Anchor,
    AnchorStatus,
    MeetingIndex,
    Resolution,
    resolve,
)


class NoteKind(StrEnum):
    BOOKMARK = "bookmark"
    NOTE = "note"


def now() -> datetime:
    """The current time in UTC, as stored (microseconds kept: the list sorts by it)."""
    return datetime.now(UTC)


def new_id() -> str:
    """A random id: unique across processes and machines, so stores can be merged."""
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class Context:
    """What the passage's article said when the item was made: shown for orphans."""

    date: str = ""  # ISO date, or "" when undated
    title: str = ""
    speaker: str = ""  # the speaker's name, "joint", or "" for narration

    @classmethod
    def of(cls, meeting: Meeting, start: int) -> Context:
        return cls(
            date=meeting.date.isoformat() if meeting.date else "",
            title=meeting.title,
            speaker=speaker_at(meeting, start),
        )


@dataclass(frozen=True, slots=True)
class Annotation:
    """A bookmark (``note`` empty) or a note on a passage."""

    id: str
    kind: NoteKind
    anchor: Anchor
    note: str
    created: datetime
    updated: datetime
    context: Context = Context()
    version: int = 1  # raised by every edit: how a save sees that another reader edited it

    @property
    def is_note(self) -> bool:
        return self.kind is NoteKind.NOTE


def speaker_at(meeting: Meeting, offset: int) -> str:
    """Who speaks the sentence holding ``offset``: a name, ``joint``, or "" for narration."""
    index = meeting.sentence_at(offset)
    if index is None:
        return ""
    sentence = meeting.sentences[index]
    if sentence.kind is Kind.JOINT:
        return "joint"
    speaker = meeting.speaker(sentence.speaker)
    return speaker.name if speaker is not None else ""


@dataclass(frozen=True, slots=True)
class Item:
    """An annotation and where its passage is now: what the list and the exports show."""

    annotation: Annotation
    resolution: Resolution

    @property
    def meeting(self) -> Meeting | None:
        return self.resolution.meeting

    @property
    def status(self) -> AnchorStatus:
        return self.resolution.status

    @property
    def orphan(self) -> bool:
        return self.resolution.meeting is None

    @property
    def quote(self) -> str:
        """The passage as it reads now (the stored quote for an orphan)."""
        return self.resolution.quote

    @property
    def path(self) -> str:
        meeting = self.resolution.meeting
        return meeting.path if meeting is not None else self.annotation.anchor.path

    @property
    def url(self) -> str | None:
        """The web address of the passage's article (a page's, a feed item's link), if any."""
        meeting = self.resolution.meeting
        return meeting.url if meeting is not None else None

    @property
    def line(self) -> int:
        meeting = self.resolution.meeting
        return meeting.line if meeting is not None else self.annotation.anchor.line

    @property
    def date_text(self) -> str:
        meeting = self.resolution.meeting
        if meeting is not None:
            return meeting.date_text
        return self.annotation.context.date or "undated"

    @property
    def title(self) -> str:
        meeting = self.resolution.meeting
        if meeting is not None and meeting.title:
            return meeting.title
        return self.annotation.context.title

    @property
    def speaker(self) -> str:
        meeting = self.resolution.meeting
        if meeting is not None and meeting.sentences:
            return speaker_at(meeting, self.resolution.start)
        return self.annotation.context.speaker

    @property
    def prefix(self) -> str:
        meeting = self.resolution.meeting
        if meeting is None:
            return self.annotation.anchor.prefix
        start = self.resolution.start
        return meeting.text[max(0, start - CONTEXT) : start]

    @property
    def suffix(self) -> str:
        meeting = self.resolution.meeting
        if meeting is None:
            return self.annotation.anchor.suffix
        end = self.resolution.end
        return meeting.text[end : end + CONTEXT]


def resolve_items(
    annotations: Iterable[Annotation], meetings: Sequence[Meeting] | MeetingIndex
) -> list[Item]:
    """Each annotation with where its passage is now in ``meetings``; order kept."""
    index = meetings if isinstance(meetings, MeetingIndex) else MeetingIndex(meetings)
    return [Item(a, resolve(a.anchor, index)) for a in annotations]


def items_in(items: Iterable[Item], meeting: Meeting) -> list[Item]:
    """The items whose passage is in ``meeting`` now, in text order (for markers)."""
    found = [item for item in items if item.resolution.meeting is meeting]
    return sorted(found, key=lambda item: (item.resolution.start, item.resolution.end))


def touching(
    items: Iterable[Item], meeting: Meeting, start: int, end: int, kind: NoteKind | None = None
) -> list[Item]:
    """The items in ``meeting`` whose passage overlaps ``start:end`` (a sentence or range),
    optionally of one ``kind``: the note to open for editing, the bookmark to show."""
    return [
        item
        for item in items_in(items, meeting)
        if item.resolution.start < end
        and start < item.resolution.end
        and (kind is None or item.annotation.kind is kind)
    ]
