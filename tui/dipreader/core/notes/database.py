"""The SQLite file of the notes store: its schema and migrations, opening it safely, and what
to do with one that cannot be used (see :mod:`dipreader.core.notes.store`).

- WAL mode and a busy timeout: two running readers can both write; ``synchronous=FULL``.
- The schema is versioned with ``PRAGMA user_version`` and migrated forward, one step per
  version (:data:`MIGRATIONS`), inside a write transaction so that two processes starting at
  once migrate once.
- The folder is created 0700 and the database file 0600.
- The store is never reached through a symbolic link, and only a regular file is opened
  (:func:`refusal`): a link was followed and its target made 0600; a FIFO hung the reader.
- A file that cannot be used (damaged, not a database, from a newer dipreader, a table that
  lacks dipreader's columns) raises :class:`Unusable`, and :func:`move_aside` moves it aside
  with its ``-wal``/``-shm`` files.
- :func:`checkpoint` folds the write-ahead log into the file before it is closed, so that
  ``notes.sqlite3`` alone holds every note once the reader has quit.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from dipreader.core.files import (
    SQLITE_SIBLINGS,
    FileRefused,
    check_regular,
    open_regular,
    sqlite_damage,
)

BUSY_TIMEOUT = 10.0  # seconds a writer waits for another process's transaction


class Unusable(Exception):
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


def _v2(conn: sqlite3.Connection) -> None:
    """A version number per item, raised by every edit: a save that finds another number
    than the one the editor started from was overtaken by another reader."""
    conn.execute("ALTER TABLE annotation ADD COLUMN version INTEGER NOT NULL DEFAULT 1")


# MIGRATIONS[n] takes a store at version n to version n + 1. Append; never edit a released step.
MIGRATIONS: tuple[Migration, ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)

# The columns the store reads and writes (records.COLUMNS); a table without them is not ours.
REQUIRED_COLUMNS = frozenset(
    "id kind path line text_hash exact prefix suffix start_offset end_offset note "
    "meeting_date meeting_title speaker created updated version".split()
)


def refusal(path: Path) -> str | None:
    """Why the store at ``path`` (or a file SQLite keeps beside it) must not be opened, or
    None. A link is refused rather than followed: what it points to is not dipreader's to
    open, change or make private. Only regular files: a FIFO or a device would hang or feed
    SQLite without end."""
    for candidate in (path, *(Path(str(path) + s) for s in (*SQLITE_SIBLINGS, ".lock"))):
        try:
            check_regular(candidate, follow_symlinks=False)
        except FileRefused as refused:
            if candidate.is_symlink():
                return (
                    f"{candidate} is a symbolic link, and dipreader does not follow links for "
                    "its notes store; put the file itself there"
                )
            return f"{candidate}: {refused.reason}"
        except OSError as error:
            return f"{candidate} cannot be examined ({describe(error)})"
    return None


def unwritable_reason(path: Path) -> str | None:
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
    """Create the database file 0600 before SQLite does (it would use the umask).

    Opened as a regular file only, without following a link or blocking (a link or a FIFO
    put in its place after :func:`refusal` looked raises FileRefused here), and changed
    through the open descriptor."""
    descriptor = open_regular(path, os.O_RDWR | os.O_CREAT, follow_symlinks=False)
    try:
        if os.name == "posix" and stat.S_IMODE(os.fstat(descriptor).st_mode) & 0o077:
            with contextlib.suppress(OSError):  # not ours to change: leave it
                os.fchmod(descriptor, 0o600)
    finally:
        os.close(descriptor)


def connect(path: Path) -> sqlite3.Connection:
    """Open, check and migrate the store at ``path``; raises Unusable for a bad file."""
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
        migrate(conn)
        check_columns(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        if sqlite_damage(error):
            raise Unusable(describe(error)) from error
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def _peek(path: Path) -> bool:
    """Check the store through a read-only connection; True when it was checked and is fine.

    Read-only, so that a damaged store is moved aside exactly as it was: closing the last
    read-write connection would checkpoint its write-ahead log into it and delete the log.
    Raises Unusable for a damaged or newer store; False when it could not be checked (busy,
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
        if sqlite_damage(error):
            raise Unusable(describe(error)) from error
        return False
    finally:
        conn.close()
    return True


def _check(conn: sqlite3.Connection) -> None:
    """Raise Unusable when the database is from a newer dipreader or is damaged."""
    version = _user_version(conn)
    if version > SCHEMA_VERSION:
        raise Unusable(
            f"it was written by a newer dipreader: schema version {version}, "
            f"this one knows up to {SCHEMA_VERSION}"
        )
    result = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    if result != ["ok"]:
        raise Unusable("it is damaged: " + "; ".join(result[:3]))


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to :data:`SCHEMA_VERSION`, one step at a time, in one transaction."""
    if _user_version(conn) == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = _user_version(conn)  # again: another process may have migrated meanwhile
        if version > SCHEMA_VERSION:
            raise Unusable(f"it was written by a newer dipreader: schema version {version}")
        for step in MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def check_columns(conn: sqlite3.Connection) -> None:
    """Raise Unusable when the table of notes lacks a column dipreader reads or writes (a
    file made by another program, or changed by hand): every read and write would fail."""
    found = {str(row[1]) for row in conn.execute("PRAGMA table_info(annotation)")}
    missing = sorted(REQUIRED_COLUMNS - found)
    if not found:
        raise Unusable("it has no table of notes")
    if missing:
        raise Unusable("its table of notes lacks the columns " + ", ".join(missing))


SYNCHRONOUS_NAMES = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}


def synchronous(conn: sqlite3.Connection) -> str:
    """The connection's ``synchronous`` setting as SQLite reports it back (``FULL``: every
    commit is on the disk before it returns)."""
    value = int(conn.execute("PRAGMA synchronous").fetchone()[0])
    return SYNCHRONOUS_NAMES.get(value, str(value))


def checkpoint(conn: sqlite3.Connection) -> None:
    """Copy the write-ahead log into the database file and empty the log: afterwards the
    file alone holds every committed note (what a user copying ``notes.sqlite3`` expects).
    Another reader still open may keep part of the log busy; its own close finishes it."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def copy_read_only(path: Path, memory: sqlite3.Connection) -> None:
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


def move_aside(path: Path) -> Path:
    """Rename the store and its siblings to ``<name>.broken-<time>``; never delete them."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.broken-{stamp}")
    number = 1
    while any(Path(str(aside) + s).exists() for s in ("", *SQLITE_SIBLINGS)):
        aside = path.with_name(f"{path.name}.broken-{stamp}-{number}")
        number += 1
    # The log first: a crash between the renames must not leave the old log beside a fresh
    # database (SQLite would replay it there); a database left without its log is found
    # broken again on the next start and moved aside too.
    for suffix in SQLITE_SIBLINGS:
        sibling = Path(str(path) + suffix)
        if sibling.exists():
            os.rename(sibling, Path(str(aside) + suffix))
    if path.exists():
        os.rename(path, aside)
    return aside


def describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror}{where}"
    return str(error) or type(error).__name__
