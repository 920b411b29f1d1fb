"""A copy of the notes store in one file, made with SQLite's backup API (``dipreader backup``).

The backup API copies a consistent store, the write-ahead log included, while a reader goes
on writing; copying ``notes.sqlite3`` by hand misses what is still in its ``-wal`` file while
a reader is open. The copy is written to a temporary file beside the target, synced, and
renamed into place (0600: notes are private), so an interrupted backup leaves the old one.
It is a plain SQLite file (no log beside it), openable with any SQLite tool or as a store.

Refused: the store itself (or a file SQLite keeps beside it), a link, anything that is not a
regular file, and a file that is not a dipreader store or backup unless ``force``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import tempfile
import urllib.parse
from pathlib import Path

from dipreader.core.files import SQLITE_SIBLINGS, sync
from dipreader.core.notes.database import REQUIRED_COLUMNS, describe
from dipreader.core.notes.store import Store, StoreError

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupRefused(StoreError):
    """The target cannot be written to; the message says why, for the user."""


def backup(store: Store, target: Path, *, force: bool = False) -> int:
    """Copy every bookmark and note in ``store`` to ``target``; how many items were copied.

    Raises :class:`BackupRefused` (a target not to be written) or :class:`StoreError`."""
    check_target(store.path, target, force=force)
    folder = target.parent
    try:
        descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise StoreError(f"{target} could not be written: {describe(error)}") from error
    os.close(descriptor)
    temporary = Path(name)
    try:
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            store.copy_to(copy)
            # One file: the copy keeps no write-ahead log beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
            count = int(copy.execute("SELECT count(*) FROM annotation").fetchone()[0])
        finally:
            copy.close()
        sync(temporary)
        os.replace(temporary, target)
        sync(folder)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"{target} could not be written: {describe(error)}") from error
    finally:
        for leftover in (temporary, *(Path(str(temporary) + s) for s in SQLITE_SIBLINGS)):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return count


def check_target(store_path: Path, target: Path, *, force: bool = False) -> None:
    """Raise :class:`BackupRefused` when ``target`` must not be written."""
    if not target.parent.is_dir():
        raise BackupRefused(f"{target}: the folder {target.parent} does not exist")
    real_target = Path(os.path.realpath(target))
    store_files = {Path(os.path.realpath(store_path))}
    beside = (*SQLITE_SIBLINGS, ".lock")
    store_files |= {Path(str(p) + s) for p in list(store_files) for s in beside}
    if real_target in store_files or _same_file(store_path, target):
        raise BackupRefused(f"{target} is the notes store itself: back it up to another file")
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as error:
        raise BackupRefused(f"{target} cannot be examined ({describe(error)})") from error
    if stat.S_ISLNK(info.st_mode):
        raise BackupRefused(f"{target} is a symbolic link: give the file's own path")
    if not stat.S_ISREG(info.st_mode):
        raise BackupRefused(f"{target} exists and is not a regular file")
    if not force and not _is_a_store(target):
        raise BackupRefused(
            f"{target} exists and is not a dipreader notes backup; give another name, or "
            "--force to replace it"
        )


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _is_a_store(path: Path) -> bool:
    """Whether ``path`` is a dipreader store or backup (replacing it loses nothing new)."""
    try:
        with path.open("rb") as stream:
            if stream.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return False
    except OSError:
        return False
    uri = "file:" + urllib.parse.quote(str(path.absolute())) + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        return False
    try:
        columns = {str(row[1]) for row in conn.execute("PRAGMA table_info(annotation)")}
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return bool(columns) and columns >= REQUIRED_COLUMNS - {"version"}
