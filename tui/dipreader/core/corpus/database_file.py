"""The corpus database's file: its schema, and opening it only when it can be trusted.

The database is a cache (see :mod:`dipreader.core.corpus.database`): a file that cannot be
used is never repaired or trusted, it is put out of the way and a fresh one made in its
place, and what happened is said in a sentence for the user. Nothing here lets an exception
out: a database that cannot even be made is kept in memory for the session.

- Damaged (truncated, not a database, a table missing) or foreign (another application's,
  ``PRAGMA application_id``): moved aside to ``NAME.broken`` (one such file, replaced the
  next time), so that a file dipreader did not expect is not destroyed.
- Stale (another schema version, ``PRAGMA user_version``; another reading code's
  fingerprint; another search tokenizer): deleted, as a stale cache file is.
- WAL mode, ``synchronous=NORMAL`` (a cache: a lost last batch is only read again) and a
  busy timeout, so that one process writes while others read. Opening (the checks, moving
  aside, making the schema) is serialised between processes by a lock file beside it.
- Only a regular file is opened, never through a symbolic link (core/files.py).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from dipreader.core.files import (
    SQLITE_SIBLINGS,
    check_regular,
    open_regular,
    opening_lock,
    sqlite_damage,
)

APPLICATION_ID = 0x44505243  # "DPRC": dipreader's corpus
SCHEMA_VERSION = 3
BUSY_TIMEOUT = 10.0  # seconds a reader or writer waits for another process
_MAGIC = b"SQLite format 3\x00"

# How the search's full-text table cuts sentences into terms (see bench/database.py).
TOKENIZERS = {
    "words": "unicode61 remove_diacritics 2",
    "trigram": "trigram",
}

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE file (
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    digest TEXT,
    problems TEXT NOT NULL
);
CREATE TABLE article (
    id INTEGER PRIMARY KEY,
    file INTEGER NOT NULL,
    path BLOB NOT NULL,
    line INTEGER NOT NULL,
    sort_day INTEGER NOT NULL,
    date TEXT,
    title TEXT NOT NULL,
    venue TEXT,
    occasion TEXT,
    source TEXT,
    caption TEXT,
    body_start INTEGER NOT NULL,
    url TEXT,
    aliases TEXT NOT NULL,
    warnings TEXT NOT NULL,
    participants TEXT NOT NULL,
    haystack TEXT NOT NULL,
    sentences INTEGER NOT NULL,
    text_hash TEXT NOT NULL
);
CREATE INDEX article_order ON article (sort_day, path, line);
CREATE TABLE article_text (article INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE speaker (
    id INTEGER PRIMARY KEY,
    sid TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT,
    country TEXT,
    person TEXT
);
CREATE UNIQUE INDEX speaker_unit
    ON speaker (sid, name, ifnull(role, char(0)), ifnull(country, char(0)));
CREATE TABLE article_speaker (
    article INTEGER NOT NULL,
    position INTEGER NOT NULL,
    speaker INTEGER NOT NULL,
    person TEXT,
    PRIMARY KEY (article, position)
) WITHOUT ROWID;
CREATE TABLE sentence (
    id INTEGER PRIMARY KEY,
    start INTEGER NOT NULL,
    stop INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    speaker INTEGER
);
CREATE TABLE identity (name TEXT NOT NULL, role TEXT, country TEXT, person TEXT NOT NULL);
CREATE TABLE term_count (term TEXT PRIMARY KEY, sentences INTEGER NOT NULL) WITHOUT ROWID;
CREATE UNIQUE INDEX identity_unit
    ON identity (name, ifnull(role, char(0)), ifnull(country, char(0)));
"""
# Indexes a new database is written without and given at the end (see library.py): kept up
# while the rows come in random order of their keys, they cost a large load more than all
# the rest of its writing does. Nothing is read wrong without them, only slower.
DEFERRED_INDEXES = {
    "article_file": "CREATE INDEX IF NOT EXISTS article_file ON article (file)",
    "article_speaker_by": "CREATE INDEX IF NOT EXISTS article_speaker_by "
    "ON article_speaker (speaker)",
    "sentence_speaker": "CREATE INDEX IF NOT EXISTS sentence_speaker ON sentence (speaker) "
    "WHERE speaker IS NOT NULL",
}
TABLES = frozenset(
    "meta file article article_text speaker article_speaker sentence identity term_count "
    "sentence_fts sentence_vocab".split()
)


class Unusable(Exception):
    """The file cannot be used; ``keep``: move it aside rather than delete it."""

    def __init__(self, reason: str, *, keep: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.keep = keep


def describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def open_database(
    path: Path, fingerprint: str, fts: str, *, damaged: bool = False
) -> tuple[sqlite3.Connection, str | None]:
    """A connection to the corpus database at ``path`` made by reading code ``fingerprint``
    with the full-text tokenizer ``fts``, and why an earlier file was not used (or None).

    Never raises: a file that cannot be trusted is put out of the way and rebuilt; when no
    file can be had at all, the database lives in memory for the session. ``damaged``: the
    file was found damaged in use, and is moved aside whatever it looks like.
    """
    try:
        with opening_lock(path):
            try:
                if damaged and path.exists():
                    raise Unusable("damaged", keep=True)
                return _connect(path, fingerprint, fts), None
            except Unusable as unusable:
                _discard(path, keep=unusable.keep)
                where = f"; the old one is {path.name}.broken" if unusable.keep else ""
                notice = f"corpus database rebuilt ({unusable.reason}{where})"
                return _connect(path, fingerprint, fts), notice
    except (OSError, sqlite3.Error, Unusable) as error:
        reason = error.reason if isinstance(error, Unusable) else describe(error)
        notice = f"corpus database not kept on disk ({reason}); kept in memory"
        return memory_database(fingerprint, fts), notice


def memory_database(fingerprint: str, fts: str) -> sqlite3.Connection:
    """A corpus database in memory, for this session only."""
    connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    create(connection, fingerprint, fts)
    return connection


def _connect(path: Path, fingerprint: str, fts: str) -> sqlite3.Connection:
    """Open and check the file; Unusable when it must not be trusted."""
    _check_file(path)
    connection = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
    )
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        _check_contents(connection, fingerprint, fts)
    except sqlite3.DatabaseError as error:
        connection.close()
        if sqlite_damage(error):
            raise Unusable(f"damaged: {describe(error)}", keep=True) from None
        raise  # busy beyond the timeout, a full disk: not the file's fault
    except BaseException:
        connection.close()
        raise
    return connection


def _check_file(path: Path) -> None:
    """Refuse what is not a regular file or not an SQLite file, and a file cut short;
    make the file (0600) when there is none."""
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_SIBLINGS)):
        # FileRefused for a link (never followed), a pipe or a device.
        check_regular(candidate, follow_symlinks=False)
    descriptor = open_regular(path, os.O_RDWR | os.O_CREAT, follow_symlinks=False, mode=0o600)
    try:
        size = os.fstat(descriptor).st_size
        header = os.pread(descriptor, 100, 0)
    finally:
        os.close(descriptor)
    if size == 0:
        return  # new: the schema is made by _check_contents
    if len(header) < 100 or not header.startswith(_MAGIC):
        raise Unusable("not an SQLite database", keep=True)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the in-header size is valid (SQLite's rule)
    # With a write-ahead log in use the file may legitimately lag (a checkpoint under way).
    wal = Path(f"{path}-wal")
    log_in_use = wal.exists() and wal.stat().st_size > 0
    if valid and not log_in_use and size < pages * page_size:
        raise Unusable(f"truncated: {size} of {pages * page_size} bytes", keep=True)


def _check_contents(connection: sqlite3.Connection, fingerprint: str, fts: str) -> None:
    """Make the schema in a new file; Unusable for one that is not this version's."""
    application = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if application == 0 and version == 0 and not tables:
        create(connection, fingerprint, fts)
        return
    if application != APPLICATION_ID:
        raise Unusable("another application's database", keep=True)
    if version != SCHEMA_VERSION:
        raise Unusable(f"schema {version}, not {SCHEMA_VERSION}", keep=False)
    if not TABLES.issubset(tables):
        raise Unusable("tables missing", keep=True)
    meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("fts") != fts:
        raise Unusable(f"search tokens {meta.get('fts')!r}, not {fts!r}", keep=False)
    if meta.get("fingerprint") != fingerprint:
        raise Unusable("made by another version of the reading code", keep=False)


def create(connection: sqlite3.Connection, fingerprint: str, fts: str) -> None:
    """Make the schema, in one transaction."""
    tokenize = TOKENIZERS[fts]
    connection.execute("BEGIN IMMEDIATE")
    try:
        for statement in SCHEMA.split(";"):
            if statement.strip():
                connection.execute(statement)
        for statement in DEFERRED_INDEXES.values():
            connection.execute(statement)
        connection.execute(
            f"CREATE VIRTUAL TABLE sentence_fts USING fts5(text, content='', tokenize='{tokenize}')"
        )
        connection.execute("CREATE VIRTUAL TABLE sentence_vocab USING fts5vocab(sentence_fts, row)")
        connection.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [("fingerprint", fingerprint), ("fts", fts), ("schema", str(SCHEMA_VERSION))],
        )
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _discard(path: Path, *, keep: bool) -> None:
    """Move the file aside (``keep``) or delete it, with the files SQLite keeps beside it."""
    if keep:
        os.replace(path, f"{path}.broken")
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}-wal", f"{path}.broken-wal")
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    for suffix in SQLITE_SIBLINGS:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
