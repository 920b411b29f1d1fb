"""The SQLite store of bookmarks and notes: the user's own work, so it is never lost.

- WAL mode and a busy timeout: two running readers can both write.
- Every change is committed when it is made, with ``synchronous=FULL``: a note acknowledged
  to the user survives a crash of the app and of the machine.
- The schema is versioned with ``PRAGMA user_version`` and migrated forward, one step per
  version (:data:`MIGRATIONS`), inside a write transaction so that two processes starting at
  once migrate once.
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
import os
import sqlite3
import stat
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from dipreader.core.model import Meeting
from dipreader.core.notes.anchor import Anchor, AnchorStatus, MeetingIndex, locate
from dipreader.core.notes.annotation import Annotation, Context, Item, NoteKind, new_id, now
from dipreader.core.settings import locations

try:  # POSIX: serialise opening (checks, migration, moving aside) between processes
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

BUSY_TIMEOUT = 10.0  # seconds a writer waits for another process's transaction

# SQLite primary result codes that mean the file itself is unusable.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


class StoreError(Exception):
    """Something the store cannot do; the message is for the user."""


class StoreReadOnly(StoreError):
    """A write to a store that cannot be saved to."""


class _Unusable(Exception):
    """The database file cannot be used as it is: move it aside."""


Migration = Callable[[sqlite3.Connection], None]


def _v1(conn: sqlite3.Connection) -> None:
    """The first schema: one table of bookmarks and notes with their anchors."""
    conn.execute(
        """
        CREATE TABLE annotation (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('bookmark', 'note')),
            path TEXT NOT NULL,
            line INTEGER NOT NULL DEFAULT 0,
            text_hash TEXT NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            meeting_date TEXT NOT NULL DEFAULT '',
            meeting_title TEXT NOT NULL DEFAULT '',
            speaker TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )
        """
    )
    conn.execute("CREATE INDEX annotation_path ON annotation (path, line)")
    conn.execute("CREATE INDEX annotation_created ON annotation (created)")


# MIGRATIONS[n] takes a store at version n to version n + 1. Append; never edit a released step.
MIGRATIONS: tuple[Migration, ...] = (_v1,)
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = (
    "id, kind, path, line, text_hash, exact, prefix, suffix, start_offset, end_offset, "
    "note, meeting_date, meeting_title, speaker, created, updated"
)


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
        reason = _unwritable_reason(self.path)
        if reason is not None:
            return self._open_read_only(reason)
        try:
            with _open_lock(self.path):
                try:
                    return _connect(self.path)
                except _Unusable as problem:
                    self.moved_aside = _move_aside(self.path)
                    self.notice = (
                        f"The notes store {self.path} could not be opened ({problem}); "
                        f"it was moved to {self.moved_aside} and a fresh store is in use."
                    )
                    return _connect(self.path)
        except (OSError, sqlite3.Error, _Unusable) as error:
            return self._open_read_only(_describe(error))

    def _open_read_only(self, reason: str) -> sqlite3.Connection:
        """A snapshot of the store in memory (or an empty one): reading works, writing not."""
        self.writable = False
        notice = f"notes cannot be saved: {reason}"
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        if self.path.is_file():
            try:
                _copy_read_only(self.path, memory)
            except (sqlite3.Error, _Unusable) as error:
                notice += f" (the existing notes could not be read either: {error})"
                memory.close()
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _migrate(memory)
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
                rows = self._conn.execute(f"SELECT {_COLUMNS} FROM annotation {clause}", params)
                return [_from_row(row) for row in rows.fetchall()]
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
                f"SELECT {_COLUMNS} FROM annotation WHERE kind = 'bookmark' "
                "AND ((path = ? AND line = ?) OR (text_hash = ? AND exact = ?))",
                (meeting.path, meeting.line, anchor.text_hash, anchor.exact),
            ).fetchall()
            for row in rows:
                existing = _from_row(row)
                found = locate(existing.anchor, index)
                if found is not None and (found.start, found.end) == (start, end):
                    conn.execute("DELETE FROM annotation WHERE id = ?", (existing.id,))
                    return False
            self._insert(conn, _new(NoteKind.BOOKMARK, meeting, anchor, ""))
            return True

    def add_bookmark(self, meeting: Meeting, start: int, end: int) -> Annotation:
        """A new bookmark on the span (no toggling)."""
        item = _new(NoteKind.BOOKMARK, meeting, Anchor.from_span(meeting, start, end), "")
        with self._transaction() as conn:
            self._insert(conn, item)
        return item

    def add_note(self, meeting: Meeting, start: int, end: int, text: str) -> Annotation:
        """A new note on ``meeting.text[start:end]``, committed before this returns."""
        item = _new(NoteKind.NOTE, meeting, Anchor.from_span(meeting, start, end), text)
        with self._transaction() as conn:
            self._insert(conn, item)
        return item

    def update_note(self, annotation_id: str, text: str) -> Annotation:
        """Change a note's text. Raises KeyError when there is no such item."""
        stamp = _stamp(now())
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
            f"INSERT INTO annotation ({_COLUMNS}) VALUES ({', '.join('?' * 16)})", _row(item)
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


# -- records ------------------------------------------------------------------------------


def _new(kind: NoteKind, meeting: Meeting, anchor: Anchor, note: str) -> Annotation:
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


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _row(item: Annotation) -> tuple[object, ...]:
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
        _stamp(item.created),
        _stamp(item.updated),
    )


def _from_row(row: tuple[object, ...]) -> Annotation:
    (id_, kind, path, line, digest, exact, prefix, suffix, start, end) = row[:10]
    (note, date, title, speaker, created, updated) = row[10:]
    return Annotation(
        id=str(id_),
        kind=NoteKind(str(kind)),
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


# -- files --------------------------------------------------------------------------------


def _unwritable_reason(path: Path) -> str | None:
    """Why notes cannot be saved at ``path``, or None when they can."""
    folder = path.parent
    try:
        _make_private_folder(folder)
    except OSError as error:
        return f"cannot create the folder {folder} ({error.strerror or error})"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is read-only"
    return None


def _make_private_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)  # mkdir's mode is masked by the umask; say it exactly


def _make_private_file(path: Path) -> None:
    """Create the database file 0600 before SQLite does (it would use the umask)."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        mode = stat.S_IMODE(os.fstat(descriptor).st_mode)
    finally:
        os.close(descriptor)
    if os.name == "posix" and mode & 0o077:
        with contextlib.suppress(OSError):  # not ours to change: leave it
            os.chmod(path, 0o600)


@contextlib.contextmanager
def _open_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock while opening, so that two processes finding a damaged store
    do not both move files aside (the second would move the first one's fresh store)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    lock_path = path.with_name(path.name + ".lock")
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _connect(path: Path) -> sqlite3.Connection:
    """Open, check and migrate the store at ``path``; raises _Unusable for a bad file."""
    _make_private_file(path)
    checked = _peek(path)
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
    )
    try:
        if not checked:
            _check(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        _migrate(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        if _is_damage(error):
            raise _Unusable(_describe(error)) from error
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def _peek(path: Path) -> bool:
    """Check the store through a read-only connection; True when it was checked and is fine.

    Read-only, so that a damaged store is moved aside exactly as it was: closing the last
    read-write connection would checkpoint its write-ahead log into it and delete the log.
    Raises _Unusable for a damaged or newer store; False when it could not be checked (busy,
    say), and the read-write connection checks instead.
    """
    uri = "file:" + urllib.parse.quote(str(path.absolute())) + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT)
    except sqlite3.Error:
        return False
    try:
        _check(conn)
    except sqlite3.DatabaseError as error:
        if _is_damage(error):
            raise _Unusable(_describe(error)) from error
        return False
    finally:
        conn.close()
    return True


def _check(conn: sqlite3.Connection) -> None:
    """Raise _Unusable when the database is from a newer dipreader or is damaged."""
    version = _user_version(conn)
    if version > SCHEMA_VERSION:
        raise _Unusable(
            f"it was written by a newer dipreader: schema version {version}, "
            f"this one knows up to {SCHEMA_VERSION}"
        )
    result = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    if result != ["ok"]:
        raise _Unusable("it is damaged: " + "; ".join(result[:3]))


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to :data:`SCHEMA_VERSION`, one step at a time, in one transaction."""
    if _user_version(conn) == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = _user_version(conn)  # again: another process may have migrated meanwhile
        if version > SCHEMA_VERSION:
            raise _Unusable(f"it was written by a newer dipreader: schema version {version}")
        for step in MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _copy_read_only(path: Path, memory: sqlite3.Connection) -> None:
    """Copy the store at ``path`` into ``memory`` without writing anything next to it."""
    uri = "file:" + urllib.parse.quote(str(path.absolute()))
    last: sqlite3.Error | None = None
    # Without a write-ahead log the file holds everything: immutable=1 reads it and creates
    # nothing. With one, mode=ro reads the log too (when its -shm can be used).
    has_log = Path(str(path) + "-wal").exists()
    for options in ("?mode=ro", "?immutable=1") if has_log else ("?immutable=1",):
        try:
            source = sqlite3.connect(uri + options, uri=True, timeout=BUSY_TIMEOUT)
        except sqlite3.Error as error:
            last = error
            continue
        try:
            _check(source)
            source.backup(memory)
            return
        except sqlite3.Error as error:
            last = error
        finally:
            source.close()
    assert last is not None
    raise last


def _move_aside(path: Path) -> Path:
    """Rename the store and its siblings to ``<name>.broken-<time>``; never delete them."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.broken-{stamp}")
    number = 1
    while any(Path(str(aside) + s).exists() for s in ("", "-wal", "-shm", "-journal")):
        aside = path.with_name(f"{path.name}.broken-{stamp}-{number}")
        number += 1
    # The log first: a crash between the renames must not leave the old log beside a fresh
    # database (SQLite would replay it there); a database left without its log is found
    # broken again on the next start and moved aside too.
    for suffix in ("-wal", "-shm", "-journal"):
        sibling = Path(str(path) + suffix)
        if sibling.exists():
            os.rename(sibling, Path(str(aside) + suffix))
    if path.exists():
        os.rename(path, aside)
    return aside


def _is_damage(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    message = str(error).lower()  # pragma: no cover - Python without error codes
    return "malformed" in message or "not a database" in message


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror}{where}"
    return str(error) or type(error).__name__
