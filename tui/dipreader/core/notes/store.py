"""The SQLite store of bookmarks and notes: the user's own work, so it is never lost.

- WAL mode and a busy timeout: two running readers can both write.
- Every change is committed when it is made, with ``synchronous=FULL`` (read back by
  :meth:`Store.synchronous`): a note acknowledged to the user survives a crash of the app and
  of the machine. :meth:`Store.close` checkpoints the log into the file.
- The schema is versioned with ``PRAGMA user_version`` and migrated forward, one step per
  version (:data:`dipreader.core.notes.database.MIGRATIONS`), inside a write transaction so
  that two processes starting at once migrate once.
- The folder is created 0700 and the database file 0600 (SQLite gives its ``-wal`` and
  ``-shm`` files the database file's mode). A link or a FIFO in the store's place is refused,
  never followed: notes cannot be saved, and :attr:`Store.notice` says why.
- A store that cannot be opened (damaged, not a database, from a newer dipreader, a table
  without dipreader's columns) is moved aside as ``notes.sqlite3.broken-YYYYmmdd-HHMMSS``
  with its ``-wal``/``-shm`` files, never deleted; :attr:`Store.notice` says where it went,
  and a fresh store is used.
- A data folder that cannot be written: the store is read (a snapshot in memory) or empty,
  :attr:`Store.writable` is False, :attr:`Store.notice` says "notes cannot be saved: ...",
  and every write raises :class:`StoreReadOnly`.
- Every fault (SQLite's errors, the file system's) is a :class:`StoreError` whose message is
  for the user. A row this dipreader cannot read (an unknown kind) is left in the store as it
  is, not shown, and said in :attr:`Store.notice`.
- Every edit raises an item's ``version``: an edit or a deletion made from an older version
  raises :class:`NoteChanged`, one of an item deleted meanwhile :class:`NoteGone`.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from dipreader.core.files import FileRefused, opening_lock
from dipreader.core.model import Meeting
from dipreader.core.notes.anchor import Anchor, AnchorStatus, MeetingIndex, locate
from dipreader.core.notes.annotation import Annotation, Context, Item, NoteKind, new_id, now
from dipreader.core.notes.database import (
    Unusable,
    check_columns,
    checkpoint,
    connect,
    copy_read_only,
    describe,
    migrate,
    move_aside,
    refusal,
    synchronous,
    unwritable_reason,
)
from dipreader.core.notes.records import (
    COLUMN_COUNT,
    COLUMNS,
    UnreadableRow,
    from_row,
    new_annotation,
    timestamp,
    to_row,
)
from dipreader.core.settings import locations
from dipreader.core.text.safe import clean_line

SAVING = "the change could not be saved"
READING = "notes could not be read"


_LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` as SQLite can store it: a lone surrogate (pasted, say), which UTF-8 cannot
    hold, becomes U+FFFD visibly instead of failing the save."""
    return _LONE_SURROGATES.sub("\ufffd", text)


class StoreError(Exception):
    """Something the store cannot do; the message is for the user."""


class StoreReadOnly(StoreError):
    """A write to a store that cannot be saved to."""


class NoteChanged(StoreError):
    """The item was edited by another reader since this one read it: ``current`` is theirs."""

    def __init__(self, current: Annotation) -> None:
        super().__init__("This note was changed in another dipreader window since you opened it.")
        self.current = current


class NoteGone(StoreError):
    """The item is no longer in the store: another reader deleted it."""

    def __init__(self) -> None:
        super().__init__("This note was deleted in another dipreader window since you opened it.")


def _same_file(a: str, b: str) -> bool:
    """Whether two paths name one file (the same path, or one spelt two ways)."""
    if a == b:
        return True
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


@dataclass(frozen=True, slots=True)
class Healed:
    """What :meth:`Store.heal` did: ``count`` anchors brought up to date, and among them
    ``followed``, each ``(old path, new path)`` of an item that followed its article to
    another file because its own file is gone."""

    count: int = 0
    followed: tuple[tuple[str, str], ...] = ()

    @property
    def notice(self) -> str | None:
        """What the user is told of the items that followed a file (None: none did)."""
        if not self.followed:
            return None
        count = len(self.followed)
        what = "1 bookmark or note" if count == 1 else f"{count} bookmarks and notes"
        moves = list(dict.fromkeys(self.followed))
        shown = "; ".join(f"{clean_line(old)} → {clean_line(new)}" for old, new in moves[:3])
        more = f"; and {len(moves) - 3} more files" if len(moves) > 3 else ""
        whose = "its article" if count == 1 else "their articles" if moves[1:] else "their article"
        return f"{what} followed {whose} to a new path, the old file being gone: {shown}{more}"


class Store:
    """Bookmarks and notes in SQLite. Safe to share between threads (one lock)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else locations.store_path()
        self.writable = True
        self.notice: str | None = None  # for the user: set when something went wrong
        self.moved_aside: Path | None = None
        self.unreadable: dict[str, str] = {}  # row id -> why it is not shown
        self._lock = threading.RLock()
        self._closed = False
        self._conn = self._open()
        self._tell_unknown_rows()

    # -- opening ------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        refused = refusal(self.path)
        if refused is not None:
            return self._open_read_only(refused, read_existing=False)
        reason = unwritable_reason(self.path)
        if reason is not None:
            return self._open_read_only(reason)
        try:
            with opening_lock(self.path):
                try:
                    return connect(self.path)
                except Unusable as problem:
                    self.moved_aside = move_aside(self.path)
                    self._tell(
                        f"The notes store {self.path} could not be opened ({problem}); "
                        f"it was moved to {self.moved_aside} and a fresh store is in use."
                    )
                    return connect(self.path)
        except FileRefused as error:  # swapped for a link or a FIFO since refusal() looked
            return self._open_read_only(f"{error.filename}: {error.reason}", read_existing=False)
        except (OSError, sqlite3.Error, Unusable) as error:
            return self._open_read_only(describe(error))

    def _open_read_only(self, reason: str, read_existing: bool = True) -> sqlite3.Connection:
        """A snapshot of the store in memory (or an empty one): reading works, writing not."""
        self.writable = False
        notice = f"notes cannot be saved: {reason}"
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        if read_existing and self.path.is_file():
            try:
                copy_read_only(self.path, memory)
                migrate(memory)
                check_columns(memory)
            except (sqlite3.Error, Unusable) as error:
                notice += f" (the existing notes could not be read either: {error})"
                memory.close()
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migrate(memory)
        self._tell(notice)
        return memory

    def _tell_unknown_rows(self) -> None:
        """Say at opening how many rows will not be shown, and why (a kind not known here)."""
        try:
            with self._lock:
                row = self._conn.execute(
                    "SELECT count(*), group_concat(DISTINCT substr(kind, 1, 40)) FROM annotation "
                    "WHERE kind NOT IN ('bookmark', 'note')"
                ).fetchone()
        except sqlite3.Error:
            return  # said when the notes are read
        count, kinds = int(row[0]), str(row[1] or "")
        if count:
            items = "1 item" if count == 1 else f"{count} items"
            self._tell(
                f"{items} in the notes store {self.path} could not be shown: of a kind this "
                f"dipreader does not know ({kinds}). They are kept in the store as they are."
            )

    def _tell(self, notice: str) -> None:
        self.notice = f"{self.notice} {notice}" if self.notice else notice

    def synchronous(self) -> str:
        """How the store's connection syncs a commit, as SQLite reports it: ``FULL`` when
        writable (an in-memory snapshot says what SQLite uses there)."""
        with self._lock, self._faults(READING):
            return synchronous(self._conn)

    def close(self) -> None:
        """Fold the write-ahead log into the file and close; again is a no-op."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                if self.writable:
                    checkpoint(self._conn)
            except sqlite3.Error:
                pass  # the log is valid and durable: the next close folds it in
            finally:
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
        with self._lock, self._faults(READING):
            row = self._conn.execute("SELECT count(*) FROM annotation").fetchone()
        return int(row[0])

    def data_version(self) -> int:
        """A number that changes when another reader (process or connection) has committed a
        change since the last call: poll it to refresh a list cheaply. Own writes do not
        change it."""
        with self._lock, self._faults(READING):
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def copy_to(self, target: sqlite3.Connection) -> None:
        """Copy the whole store into ``target`` with SQLite's backup API (a consistent copy,
        the write-ahead log included, while other readers go on writing)."""
        with self._lock, self._faults("the notes could not be copied"):
            self._conn.backup(target)

    def _select(self, clause: str, params: tuple[object, ...]) -> list[Annotation]:
        # Damage that the check at opening did not see is said, and does not crash the app.
        with self._lock, self._faults(READING):
            rows = self._conn.execute(f"SELECT {COLUMNS} FROM annotation {clause}", params)
            found = rows.fetchall()
        return [item for item in map(self._read_row, found) if item is not None]

    def _read_row(self, row: tuple[object, ...]) -> Annotation | None:
        try:
            return from_row(row)
        except UnreadableRow as problem:  # left in the store; said at opening
            self.unreadable[str(row[0])] = str(problem)
            return None

    # -- writing ------------------------------------------------------------------------

    def toggle_bookmark(self, meeting: Meeting, start: int, end: int) -> bool:
        """Bookmark ``meeting.text[start:end]``, or remove the bookmark already there.

        Returns True when a bookmark was added, False when one was removed. A bookmark is
        "already there" when its anchor resolves to exactly this span in this article.
        """
        anchor = Anchor.from_span(meeting, start, end)
        index = MeetingIndex([meeting])
        with self._transaction(SAVING) as conn:
            rows = conn.execute(
                f"SELECT {COLUMNS} FROM annotation WHERE kind = 'bookmark' "
                "AND ((path = ? AND line = ?) OR (text_hash = ? AND exact = ?))",
                (meeting.path, meeting.line, anchor.text_hash, anchor.exact),
            ).fetchall()
            for row in rows:
                existing = self._read_row(row)
                if existing is None:
                    continue
                found = locate(existing.anchor, index)
                if found is not None and (found.start, found.end) == (start, end):
                    conn.execute("DELETE FROM annotation WHERE id = ?", (existing.id,))
                    return False
            self._insert(conn, new_annotation(NoteKind.BOOKMARK, meeting, anchor, ""))
            return True

    def add_bookmark(self, meeting: Meeting, start: int, end: int) -> Annotation:
        """A new bookmark on the span (no toggling)."""
        item = new_annotation(NoteKind.BOOKMARK, meeting, Anchor.from_span(meeting, start, end), "")
        with self._transaction(SAVING) as conn:
            self._insert(conn, item)
        return item

    def add_note(self, meeting: Meeting, start: int, end: int, text: str) -> Annotation:
        """A new note on ``meeting.text[start:end]``, committed before this returns."""
        anchor = Anchor.from_span(meeting, start, end)
        item = new_annotation(NoteKind.NOTE, meeting, anchor, storable(text))
        with self._transaction(SAVING) as conn:
            self._insert(conn, item)
        return item

    def add_restored(self, anchor: Anchor, context: Context, text: str) -> Annotation:
        """A new note on a stored anchor (a note kept from a failed save, given back)."""
        stamp = now()
        item = Annotation(new_id(), NoteKind.NOTE, anchor, storable(text), stamp, stamp, context)
        with self._transaction(SAVING) as conn:
            self._insert(conn, item)
        return item

    def update_note(self, annotation_id: str, text: str, version: int | None = None) -> Annotation:
        """Change a note's text; ``version``: the one the edit started from.

        Raises :class:`NoteGone` when there is no such item, and :class:`NoteChanged` when
        the stored item is at another version than ``version`` (nothing is written then)."""
        stamp = timestamp(now())
        with self._transaction(SAVING) as conn:
            self._current(conn, annotation_id, version)
            conn.execute(
                "UPDATE annotation SET note = ?, updated = ?, version = version + 1 WHERE id = ?",
                (storable(text), stamp, annotation_id),
            )
            return self._current(conn, annotation_id, None)

    def delete(self, annotation_id: str, version: int | None = None) -> bool:
        """Remove one item; False when it was not there. Raises :class:`NoteChanged` when it
        is at another ``version`` than the one the user chose to delete."""
        with self._transaction(SAVING) as conn:
            if version is not None:
                try:
                    self._current(conn, annotation_id, version)
                except NoteGone:
                    return False
            removed = conn.execute("DELETE FROM annotation WHERE id = ?", (annotation_id,))
            return removed.rowcount > 0

    def _current(
        self, conn: sqlite3.Connection, annotation_id: str, version: int | None
    ) -> Annotation:
        row = conn.execute(
            f"SELECT {COLUMNS} FROM annotation WHERE id = ?", (annotation_id,)
        ).fetchone()
        current = self._read_row(row) if row is not None else None
        if current is None:
            raise NoteGone()
        if version is not None and current.version != version:
            raise NoteChanged(current)
        return current

    def heal(self, items: Iterable[Item]) -> Healed:
        """Store the new place of items whose quote was found verbatim elsewhere.

        Items that moved within their article or to another file keep the same quote, so
        their anchor can be brought up to date and the next start takes the fast path.
        Fuzzy matches are left alone: their stored quote is the text the note was about.
        An item found in another file follows it only when its own file is gone (the file
        was moved or renamed): while it is still there, the other file is a copy, and the
        item stays on its own. Those that followed are in :attr:`Healed.followed`, for the
        user to be told. Nothing is updated when the store is read-only.
        """
        fresh: list[tuple[Anchor, str]] = []
        followed: list[tuple[str, str]] = []
        for item in items:
            resolution = item.resolution
            if resolution.meeting is None or resolution.status not in (
                AnchorStatus.MOVED,
                AnchorStatus.RELOCATED,
            ):
                continue
            old = item.annotation.anchor
            new_file = not _same_file(old.path, resolution.meeting.path)
            if new_file and os.path.isfile(old.path):
                continue  # a copy of a file that is still there: the item stays on its own
            anchor = Anchor.from_span(resolution.meeting, resolution.start, resolution.end)
            if anchor.exact == old.exact:
                fresh.append((anchor, item.annotation.id))
                if new_file:
                    followed.append((old.path, anchor.path))
        if not fresh or not self.writable:
            return Healed()
        with self._transaction(SAVING) as conn:
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
        return Healed(len(fresh), tuple(followed))

    def _insert(self, conn: sqlite3.Connection, item: Annotation) -> None:
        conn.execute(
            f"INSERT INTO annotation ({COLUMNS}) VALUES ({', '.join('?' * COLUMN_COUNT)})",
            to_row(item),
        )

    @contextlib.contextmanager
    def _transaction(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed on success: ``BEGIN IMMEDIATE`` takes the write
        lock up front (waiting up to the busy timeout) so read-then-write never deadlocks."""
        if not self.writable:
            raise StoreReadOnly(self.notice or "notes cannot be saved")
        with self._lock, self._faults(doing):
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                # A failed COMMIT (a full disk) may leave the transaction open; a failed
                # ROLLBACK must not hide the first error.
                with contextlib.suppress(sqlite3.Error):
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def _faults(self, doing: str) -> Iterator[None]:
        """SQLite's and the file system's errors as a StoreError saying what failed and why."""
        try:
            yield
        except sqlite3.ProgrammingError as error:
            if self._closed:
                raise StoreError(f"{doing}: the notes store is closed") from error
            raise StoreError(f"{doing}: {describe(error)} ({self.path})") from error
        except (sqlite3.Error, OSError) as error:
            raise StoreError(f"{doing}: {describe(error)} ({self.path})") from error
