"""The SQLite store of bookmarks and notes: the user's own work, so it is never lost.

- WAL mode and a busy timeout: two running readers can both write.
- Every change is committed when it is made, with ``synchronous=FULL``: a note acknowledged
  to the user survives a crash of the app and of the machine.
- The schema is versioned with ``PRAGMA user_version`` and migrated forward, one step per
  version (:data:`dipreader.core.notes.database.MIGRATIONS`), inside a write transaction so
  that two processes starting at once migrate once.
- The folder is created 0700 and the database file 0600 (SQLite gives its ``-wal`` and
  ``-shm`` files the database file's mode).
- A store that cannot be opened (damaged, not a database, from a newer dipreader) is moved
  aside as ``notes.sqlite3.broken-YYYYmmdd-HHMMSS`` with its ``-wal``/``-shm`` files, never
  deleted; :attr:`Store.notice` says where it went, and a fresh store is used.
- A data folder that cannot be written: the store is read (a snapshot in memory) or empty,
  :attr:`Store.writable` is False, :attr:`Store.notice` says "notes cannot be saved: ...",
  and every write raises :class:`StoreReadOnly`.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from dipreader.core.model import Meeting
from dipreader.core.notes.anchor import Anchor, AnchorStatus, MeetingIndex, locate
from dipreader.core.notes.annotation import Annotation, Item, NoteKind, now
from dipreader.core.notes.database import (
    Unusable,
    connect,
    copy_read_only,
    describe,
    migrate,
    move_aside,
    open_lock,
    unwritable_reason,
)
from dipreader.core.notes.records import COLUMNS, from_row, new_annotation, timestamp, to_row
from dipreader.core.settings import locations


class StoreError(Exception):
    """Something the store cannot do; the message is for the user."""


class StoreReadOnly(StoreError):
    """A write to a store that cannot be saved to."""


class Store:
    """Bookmarks and notes in SQLite. Safe to share between threads (one lock)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else locations.store_path()
        self.writable = True
        self.notice: str | None = None  # for the user: set when something went wrong
        self.moved_aside: Path | None = None
        self._lock = threading.RLock()
        self._conn = self._open()

    # -- opening ------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        reason = unwritable_reason(self.path)
        if reason is not None:
            return self._open_read_only(reason)
        try:
            with open_lock(self.path):
                try:
                    return connect(self.path)
                except Unusable as problem:
                    self.moved_aside = move_aside(self.path)
                    self.notice = (
                        f"The notes store {self.path} could not be opened ({problem}); "
                        f"it was moved to {self.moved_aside} and a fresh store is in use."
                    )
                    return connect(self.path)
        except (OSError, sqlite3.Error, Unusable) as error:
            return self._open_read_only(describe(error))

    def _open_read_only(self, reason: str) -> sqlite3.Connection:
        """A snapshot of the store in memory (or an empty one): reading works, writing not."""
        self.writable = False
        notice = f"notes cannot be saved: {reason}"
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        if self.path.is_file():
            try:
                copy_read_only(self.path, memory)
            except (sqlite3.Error, Unusable) as error:
                notice += f" (the existing notes could not be read either: {error})"
                memory.close()
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migrate(memory)
        self.notice = f"{self.notice} {notice}" if self.notice else notice
        return memory

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- reading ------------------------------------------------------------------------

    def all(self) -> list[Annotation]:
        """Every bookmark and note, newest first."""
        return self._select("ORDER BY created DESC, rowid DESC", ())

    def for_path(self, path: str, line: int | None = None) -> list[Annotation]:
        """The items stored against ``path`` (and ``line`` of a .jsonl file), newest first."""
        if line is None:
            return self._select("WHERE path = ? ORDER BY created DESC, rowid DESC", (path,))
        return self._select(
            "WHERE path = ? AND line = ? ORDER BY created DESC, rowid DESC", (path, line)
        )

    def get(self, annotation_id: str) -> Annotation | None:
        found = self._select("WHERE id = ?", (annotation_id,))
        return found[0] if found else None

    def count(self) -> int:
        with self._lock:
            row = self._conn.execute("SELECT count(*) FROM annotation").fetchone()
        return int(row[0])

    def data_version(self) -> int:
        """A number that changes when another reader (process or connection) has committed a
        change since the last call: poll it to refresh a list cheaply. Own writes do not
        change it."""
        with self._lock:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _select(self, clause: str, params: tuple[object, ...]) -> list[Annotation]:
        with self._lock:
            try:
                rows = self._conn.execute(f"SELECT {COLUMNS} FROM annotation {clause}", params)
                return [from_row(row) for row in rows.fetchall()]
            except sqlite3.DatabaseError as error:
                # Damage that the check at opening did not see: say so, do not crash the app.
                raise StoreError(f"notes could not be read: {error}") from error

    # -- writing ------------------------------------------------------------------------

    def toggle_bookmark(self, meeting: Meeting, start: int, end: int) -> bool:
        """Bookmark ``meeting.text[start:end]``, or remove the bookmark already there.

        Returns True when a bookmark was added, False when one was removed. A bookmark is
        "already there" when its anchor resolves to exactly this span in this article.
        """
        anchor = Anchor.from_span(meeting, start, end)
        index = MeetingIndex([meeting])
        with self._transaction() as conn:
            rows = conn.execute(
                f"SELECT {COLUMNS} FROM annotation WHERE kind = 'bookmark' "
                "AND ((path = ? AND line = ?) OR (text_hash = ? AND exact = ?))",
                (meeting.path, meeting.line, anchor.text_hash, anchor.exact),
            ).fetchall()
            for row in rows:
                existing = from_row(row)
                found = locate(existing.anchor, index)
                if found is not None and (found.start, found.end) == (start, end):
                    conn.execute("DELETE FROM annotation WHERE id = ?", (existing.id,))
                    return False
            self._insert(conn, new_annotation(NoteKind.BOOKMARK, meeting, anchor, ""))
            return True

    def add_bookmark(self, meeting: Meeting, start: int, end: int) -> Annotation:
        """A new bookmark on the span (no toggling)."""
        item = new_annotation(NoteKind.BOOKMARK, meeting, Anchor.from_span(meeting, start, end), "")
        with self._transaction() as conn:
            self._insert(conn, item)
        return item

    def add_note(self, meeting: Meeting, start: int, end: int, text: str) -> Annotation:
        """A new note on ``meeting.text[start:end]``, committed before this returns."""
        item = new_annotation(NoteKind.NOTE, meeting, Anchor.from_span(meeting, start, end), text)
        with self._transaction() as conn:
            self._insert(conn, item)
        return item

    def update_note(self, annotation_id: str, text: str) -> Annotation:
        """Change a note's text. Raises KeyError when there is no such item."""
        stamp = timestamp(now())
        with self._transaction() as conn:
            changed = conn.execute(
                "UPDATE annotation SET note = ?, updated = ? WHERE id = ?",
                (text, stamp, annotation_id),
            ).rowcount
        if not changed:
            raise KeyError(annotation_id)
        found = self.get(annotation_id)
        if found is None:  # deleted by another process in between
            raise KeyError(annotation_id)
        return found

    def delete(self, annotation_id: str) -> bool:
        """Remove one item; False when it was not there."""
        with self._transaction() as conn:
            removed = conn.execute("DELETE FROM annotation WHERE id = ?", (annotation_id,))
            return removed.rowcount > 0

    def heal(self, items: Iterable[Item]) -> int:
        """Store the new place of items whose quote was found verbatim elsewhere.

        Items that moved within their article or to another file keep the same quote, so
        their anchor can be brought up to date and the next start takes the fast path.
        Fuzzy matches are left alone: their stored quote is the text the note was about.
        Returns how many anchors were updated (0 when the store is read-only).
        """
        fresh: list[tuple[Anchor, str]] = []
        for item in items:
            resolution = item.resolution
            if resolution.meeting is None or resolution.status not in (
                AnchorStatus.MOVED,
                AnchorStatus.RELOCATED,
            ):
                continue
            anchor = Anchor.from_span(resolution.meeting, resolution.start, resolution.end)
            if anchor.exact == item.annotation.anchor.exact:
                fresh.append((anchor, item.annotation.id))
        if not fresh or not self.writable:
            return 0
        with self._transaction() as conn:
            for anchor, annotation_id in fresh:
                conn.execute(
                    "UPDATE annotation SET path = ?, line = ?, text_hash = ?, prefix = ?, "
                    "suffix = ?, start_offset = ?, end_offset = ? WHERE id = ? AND exact = ?",
                    (
                        anchor.path,
                        anchor.line,
                        anchor.text_hash,
                        anchor.prefix,
                        anchor.suffix,
                        anchor.start,
                        anchor.end,
                        annotation_id,
                        anchor.exact,
                    ),
                )
        return len(fresh)

    def _insert(self, conn: sqlite3.Connection, item: Annotation) -> None:
        conn.execute(
            f"INSERT INTO annotation ({COLUMNS}) VALUES ({', '.join('?' * 16)})", to_row(item)
        )

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed on success: ``BEGIN IMMEDIATE`` takes the write
        lock up front (waiting up to the busy timeout) so read-then-write never deadlocks."""
        if not self.writable:
            raise StoreReadOnly(self.notice or "notes cannot be saved")
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # a failed COMMIT may leave it open
                    conn.execute("ROLLBACK")
                raise
