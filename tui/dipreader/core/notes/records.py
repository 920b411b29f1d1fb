"""A bookmark or a note as a row of the ``annotation`` table, and back."""

from __future__ import annotations

from datetime import UTC, datetime

from dipreader.core.model import Meeting
from dipreader.core.notes.anchor import Anchor
from dipreader.core.notes.annotation import Annotation, Context, NoteKind, new_id, now

COLUMNS = (
    "id, kind, path, line, text_hash, exact, prefix, suffix, start_offset, end_offset, "
    "note, meeting_date, meeting_title, speaker, created, updated, version"
)
COLUMN_COUNT = COLUMNS.count(",") + 1


class UnreadableRow(ValueError):
    """A row that cannot be read as a bookmark or a note (a kind this dipreader does not
    know); the message says why, for the user."""


def new_annotation(kind: NoteKind, meeting: Meeting, anchor: Anchor, note: str) -> Annotation:
    """A new bookmark or note on ``anchor`` in ``meeting``, made now."""
    stamp = now()
    return Annotation(
        id=new_id(),
        kind=kind,
        anchor=anchor,
        note=note,
        created=stamp,
        updated=stamp,
        context=Context.of(meeting, anchor.start),
    )


def timestamp(moment: datetime) -> str:
    """A moment as the table keeps it."""
    return moment.isoformat(timespec="microseconds")


def to_row(item: Annotation) -> tuple[object, ...]:
    """``item`` as the values of :data:`COLUMNS`."""
    anchor = item.anchor
    return (
        item.id,
        item.kind.value,
        anchor.path,
        anchor.line,
        anchor.text_hash,
        anchor.exact,
        anchor.prefix,
        anchor.suffix,
        anchor.start,
        anchor.end,
        item.note,
        item.context.date,
        item.context.title,
        item.context.speaker,
        timestamp(item.created),
        timestamp(item.updated),
        item.version,
    )


def from_row(row: tuple[object, ...]) -> Annotation:
    """The annotation of a row of :data:`COLUMNS`; damaged values read as harmless ones.

    Raises :class:`UnreadableRow` for a kind that is not a bookmark or a note: shown as
    either, it could be edited or deleted as something it is not."""
    (id_, kind, path, line, digest, exact, prefix, suffix, start, end) = row[:10]
    (note, date, title, speaker, created, updated, version) = row[10:]
    try:
        known = NoteKind(str(kind))
    except ValueError:
        raise UnreadableRow(
            f"its kind {str(kind)[:40]!r} is not one this dipreader knows"
        ) from None
    return Annotation(
        id=str(id_),
        kind=known,
        anchor=Anchor(
            path=str(path),
            text_hash=str(digest),
            exact=str(exact),
            prefix=str(prefix),
            suffix=str(suffix),
            start=_number(start),
            end=_number(end),
            line=_number(line),
        ),
        note=str(note),
        created=_moment(created),
        updated=_moment(updated),
        context=Context(date=str(date), title=str(title), speaker=str(speaker)),
        version=_number(version),
    )


def _number(value: object) -> int:
    """An offset as stored; a damaged one reads as 0 (the quote still finds the passage)."""
    return value if isinstance(value, int) else 0


def _moment(value: object) -> datetime:
    """A timestamp as stored; a damaged one reads as the epoch rather than hiding the item."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.fromtimestamp(0, UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
