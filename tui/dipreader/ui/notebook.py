"""The reader's side of bookmarks and notes: the store, its items resolved against the
articles, and which sentences carry a marker.

The store (``core.store``) does the saving; this keeps the resolved items the UI shows and
updates them one article at a time after each change, so a bookmark costs one small query,
not a re-resolution of every note against every article.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from dipreader.core.model import Meeting
from dipreader.core.notes.anchor import MeetingIndex
from dipreader.core.notes.annotation import Item, NoteKind, items_in, resolve_items, touching
from dipreader.core.notes.store import Store, StoreError

BOOKMARK_MARK = "★"
NOTE_MARK = "✎"


def sentence_span(meeting: Meeting, first: int, last: int) -> tuple[int, int]:
    """The text span of sentences ``first`` to ``last`` (in either order)."""
    low, high = sorted((first, last))
    return meeting.sentences[low].start, meeting.sentences[high].end


def sentences_of(meeting: Meeting, start: int, end: int) -> range:
    """Indices of the sentences that overlap ``start:end``."""
    sentences = meeting.sentences
    first = bisect_right(sentences, start, key=lambda s: s.end)
    return range(first, bisect_left(sentences, end, lo=first, key=lambda s: s.start))


class Notebook:
    """Bookmarks and notes as the reader shows them."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store if store is not None else Store()
        self.items: list[Item] = []
        self.resolved = False
        # What the last resolve has to tell: items that followed a moved file (else None).
        self.followed: str | None = None

    @property
    def notice(self) -> str | None:
        """Something the user must be told (a store moved aside, notes that cannot be saved)."""
        return self.store.notice

    @property
    def writable(self) -> bool:
        return self.store.writable

    def resolve(self, meetings: Sequence[Meeting]) -> list[Item]:
        """Every item against ``meetings`` (run in a worker: it reads every article once).

        Returns the items; :meth:`adopt` installs them on the UI's thread."""
        items = resolve_items(self.store.all(), MeetingIndex(meetings))
        self.followed = None
        if self.store.writable:
            with contextlib.suppress(StoreError):  # healing only saves time on the next start
                self.followed = self.store.heal(items).notice
        return items

    def adopt(self, items: list[Item]) -> None:
        self.items = items
        self.resolved = True

    def marks(self, meeting: Meeting) -> dict[int, str]:
        """Gutter glyphs for ``meeting``: a note's mark wins over a bookmark's."""
        marks: dict[int, str] = {}
        for item in items_in(self.items, meeting):
            glyph = NOTE_MARK if item.annotation.kind is NoteKind.NOTE else BOOKMARK_MARK
            for index in sentences_of(meeting, item.resolution.start, item.resolution.end):
                if marks.get(index) != NOTE_MARK:
                    marks[index] = glyph
        return marks

    def note_at(self, meeting: Meeting, start: int, end: int) -> Item | None:
        """The note to edit for a passage: one with exactly this span, else one overlapping."""
        notes = touching(self.items, meeting, start, end, NoteKind.NOTE)
        for item in notes:
            if (item.resolution.start, item.resolution.end) == (start, end):
                return item
        return notes[0] if notes else None

    # -- changes (each raises StoreError when it cannot be saved) ----------------------------

    def toggle_bookmark(self, meeting: Meeting, start: int, end: int) -> bool:
        added = self.store.toggle_bookmark(meeting, start, end)
        self.reload(meeting)
        return added

    def add_note(self, meeting: Meeting, start: int, end: int, text: str) -> None:
        self.store.add_note(meeting, start, end, text)
        self.reload(meeting)

    def update_note(self, item: Item, text: str, meeting: Meeting, version: int) -> None:
        """Save the note's new text, written from its ``version`` (NoteChanged otherwise)."""
        self.store.update_note(item.annotation.id, text, version)
        self.reload(meeting)

    def delete(self, item: Item, meeting: Meeting | None, version: int | None = None) -> None:
        """Remove the item as the user saw it: NoteChanged when another reader edited it."""
        self.store.delete(
            item.annotation.id, item.annotation.version if version is None else version
        )
        self.items = [i for i in self.items if i.annotation.id != item.annotation.id]
        if meeting is not None:
            self.reload(meeting)

    def reload(self, meeting: Meeting) -> None:
        """Read this article's items again (after a change) and resolve them against it."""
        stored = self.store.for_path(meeting.path, meeting.line)
        fresh = resolve_items(stored, [meeting])
        fresh_ids = {item.annotation.id for item in fresh}

        def stored_here(item: Item) -> bool:
            anchor = item.annotation.anchor
            return anchor.path == meeting.path and anchor.line == meeting.line

        # Items stored against this article and no longer in the store were deleted: dropped.
        kept = [i for i in self.items if i.annotation.id not in fresh_ids and not stored_here(i)]
        self.items = sorted([*kept, *fresh], key=lambda i: i.annotation.created, reverse=True)
