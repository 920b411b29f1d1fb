"""The corpus in one SQLite database: what was read from every file, for a start that reads
only what changed, a list that pages through the meetings, and the search's full-text
pre-filter.

It is only a cache (it may be deleted at any time): the file and its checks are in
:mod:`dipreader.core.corpus.database_file`, the rows in
:mod:`dipreader.core.corpus.database_rows`. Meetings are kept as read (speaker ids as reading
gave them); who each speaker is across the corpus (core/people/identity.py) is kept beside
them, in ``identity``. No method raises for what the database holds or for SQLite's errors:
a failure gives an empty answer and says why in :attr:`CorpusDatabase.notice`; a file found
damaged while in use is replaced by a fresh one (everything is then read again).

Paging is in the list's order (newest first, undated last, then by path and line), by
``offset`` or from a header's ``key`` (``after``), with the list's filter (every word a
substring of the date, people, place, title and file) worked out in SQL.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from dipreader.core.corpus import database_file as dbfile
from dipreader.core.corpus import database_terms as term_counts
from dipreader.core.corpus.database_rows import (
    HEADER_COLUMNS,
    MEETING_COLUMNS,
    SENTENCE_BITS,
    Header,
    PageKey,
    header_of,
    json_list,
    meeting_of,
    path_key,
    path_of,
    speaker_of,
)
from dipreader.core.corpus.database_write import (
    PreparedFile,
    ReadFile,
    SpeakerRows,
    forget,
    write_files,
)
from dipreader.core.files import sqlite_damage
from dipreader.core.model import Meeting, Speaker

__all__ = ["CorpusDatabase", "Header", "PageKey", "PreparedFile", "ReadFile", "Stored", "Unit"]

T = TypeVar("T")
Unit = tuple[str, str | None, str | None]  # a speaker as identity sees one (name, role, country)


@dataclass(frozen=True, slots=True)
class Stored:
    """What the database knows of a file, to tell whether it must be read again."""

    size: int
    mtime: int
    digest: str | None


class CorpusDatabase:
    """The corpus database at ``path``, for reading code ``fingerprint``; ``fts`` is how the
    full-text table cuts sentences (``words`` or ``trigram``: see bench/database.py); with
    ``path`` None, in memory for this session."""

    def __init__(self, path: Path | None, fingerprint: str, *, fts: str = "words") -> None:
        self.path = path
        self._fingerprint = fingerprint
        self._fts = fts
        self._lock = threading.RLock()
        self.notice: str | None = None
        if path is None:
            self._connection = dbfile.memory_database(fingerprint, fts)
        else:
            self._connection, self.notice = dbfile.open_database(path, fingerprint, fts)
        self._speakers = SpeakerRows()

    def close(self) -> None:
        with self._lock:
            try:
                self._connection.close()
            except sqlite3.Error as error:
                self.notice = f"corpus database: {dbfile.describe(error)}"

    # -- writing --------------------------------------------------------------------------

    def write(self, files: Iterable[ReadFile | PreparedFile]) -> int:
        """Keep ``files`` (each replacing what was kept of its path) in one transaction; how
        many were kept. A file whose text cannot be kept (a lone surrogate) is left out."""
        batch = [
            item if isinstance(item, PreparedFile) else PreparedFile.of(item) for item in files
        ]
        return self._write(lambda db: _stale_people(db, write_files(db, batch, self._speakers)), 0)

    def remove(self, paths: Iterable[str]) -> int:
        """Forget the files at ``paths`` (removed from the folders); how many were kept."""
        keys = [path_key(path) for path in paths]
        return self._write(lambda db: _stale_people(db, forget(db, keys)), 0)

    def set_identities(self, identities: dict[Unit, str]) -> bool:
        """Keep who each speaker is (``Registry.final_ids()``), replacing what was kept."""

        def replace(db: sqlite3.Connection) -> bool:
            db.execute("DELETE FROM identity")
            rows = [(*unit, person) for unit, person in identities.items()]
            db.executemany("INSERT OR REPLACE INTO identity VALUES (?, ?, ?, ?)", rows)
            return True

        return self._write(replace, False)

    def set_people(self, persons: dict[int, str], apart: dict[tuple[int, int], str]) -> bool:
        """Keep who each speaker row is (``persons``: row -> person id, where it is not the id
        reading gave) and, in the few meetings where two speakers would be one person
        (``apart``: (article, position) -> id), the ids that keep them apart."""

        def replace(db: sqlite3.Connection) -> bool:
            db.execute("UPDATE speaker SET person = NULL WHERE person IS NOT NULL")
            db.execute("UPDATE article_speaker SET person = NULL WHERE person IS NOT NULL")
            db.executemany(
                "UPDATE speaker SET person = ? WHERE id = ?",
                [(person, row) for row, person in persons.items()],
            )
            db.executemany(
                "UPDATE article_speaker SET person = ? WHERE article = ? AND position = ?",
                [(person, *where) for where, person in apart.items()],
            )
            db.execute(_PEOPLE_CURRENT)
            return True

        return self._write(replace, False)

    def people_current(self) -> bool:
        """Whether who each speaker is was worked out since the meetings last changed."""
        query = "SELECT value FROM meta WHERE key = 'people'"
        return self._read(lambda db: db.execute(query).fetchone() == ("current",), False)

    def high_marks(self) -> tuple[int, int]:
        """The highest speaker row and article id kept: what was made after can be told."""
        query = (
            "SELECT (SELECT ifnull(max(id), 0) FROM speaker), "
            "(SELECT ifnull(max(id), 0) FROM article)"
        )

        def read(db: sqlite3.Connection) -> tuple[int, int]:
            speaker, article = db.execute(query).fetchone()
            return int(speaker), int(article)

        return self._read(read, (0, 0))

    def keep_people_for_new(self, marks: tuple[int, int]) -> bool:
        """Keep who each speaker is as it was, if the articles made since ``marks`` cannot
        change it: no new way of writing a name, no alias introduced, no two speakers of one
        article who would be one person. Whether it did."""
        speaker, article = marks
        checks = (
            ("SELECT 1 FROM speaker WHERE id > ? LIMIT 1", speaker),
            ("SELECT 1 FROM article WHERE id > ? AND aliases != '[]' LIMIT 1", article),
            (
                "SELECT 1 FROM article_speaker a JOIN speaker s ON s.id = a.speaker "
                "WHERE a.article > ? GROUP BY a.article, coalesce(s.person, s.sid) "
                "HAVING count(*) > 1 LIMIT 1",
                article,
            ),
        )

        def keep(db: sqlite3.Connection) -> bool:
            if any(db.execute(query, (value,)).fetchone() for query, value in checks):
                return False
            db.execute(_PEOPLE_CURRENT)
            return True

        return self._write(keep, False)

    def speakers(self, *, after: int = 0) -> dict[int, Speaker]:
        """Every speaker row (after the row ``after``) as reading named it (the id reading
        gave)."""
        query = "SELECT id, sid, name, role, country FROM speaker WHERE id > ?"

        def read(db: sqlite3.Connection) -> dict[int, Speaker]:
            people: dict[int, Speaker] = {}
            for row, *unit in db.execute(query, (after,)):
                speaker = speaker_of(unit)
                if speaker is not None:
                    people[row] = speaker
            return people

        return self._read(read, {})

    def cast(
        self, people: dict[int, Speaker], *, after: int = 0, limit: int = 5000
    ) -> list[tuple[int, str | None, str, list[tuple[int, Speaker]]]]:
        """The speakers of at most ``limit`` meetings after article ``after``, in the order of
        articles, for working out who is one person: ``(article, venue, the aliases its text
        introduces (JSON), [(speaker row, Speaker)])``; ``people`` is :meth:`speakers`."""

        def read(
            db: sqlite3.Connection,
        ) -> list[tuple[int, str | None, str, list[tuple[int, Speaker]]]]:
            articles = db.execute(
                "SELECT id, venue, aliases FROM article WHERE id > ? ORDER BY id LIMIT ?",
                (after, limit),
            ).fetchall()
            if not articles:
                return []
            casts: dict[int, list[tuple[int, Speaker]]] = {}
            for article, row in db.execute(
                "SELECT article, speaker FROM article_speaker WHERE article BETWEEN ? AND ? "
                "ORDER BY article, position",
                (articles[0][0], articles[-1][0]),
            ):
                speaker = people.get(row)
                if speaker is not None:
                    casts.setdefault(article, []).append((row, speaker))
            return [(a, venue, raw, casts.get(a, [])) for a, venue, raw in articles]

        return self._read(read, [])

    def defer_indexes(self) -> bool:
        """Drop the indexes a large first load is written faster without
        (``database_file.DEFERRED_INDEXES``), if no file is kept yet; whether it did.
        :meth:`make_indexes` gives them back."""

        def drop(db: sqlite3.Connection) -> bool:
            if db.execute("SELECT 1 FROM file LIMIT 1").fetchone() is not None:
                return False
            for name in dbfile.DEFERRED_INDEXES:
                db.execute(f"DROP INDEX IF EXISTS {name}")
            return True

        return self._write(drop, False)

    def make_indexes(self) -> None:
        """Make the indexes :meth:`defer_indexes` dropped (or a load that died left out)."""
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
        made: set[str] = self._read(lambda db: {str(n) for (n,) in db.execute(query)}, set())
        missing = [sql for name, sql in dbfile.DEFERRED_INDEXES.items() if name not in made]
        if missing:
            self._write(lambda db: [db.execute(sql) for sql in missing], None)

    def optimize(self) -> None:
        """Merge the full-text index's segments (after a large load: faster searches)."""
        merge = "INSERT INTO sentence_fts (sentence_fts) VALUES ('optimize')"
        self._write(lambda db: db.execute(merge), None)

    # -- reading --------------------------------------------------------------------------

    def stored(self) -> dict[str, Stored]:
        """Every file kept, by path, with what tells whether it changed."""

        def read(db: sqlite3.Connection) -> dict[str, Stored]:
            found = {}
            query = "SELECT path, size, mtime, digest FROM file"
            for key, size, mtime, digest in db.execute(query):
                if type(size) is int and type(mtime) is int and isinstance(digest, str | None):
                    found[path_of(key)] = Stored(size, mtime, digest)
            return found

        return self._read(read, {})

    def problems(self) -> list[tuple[str, str, str, int]]:
        """Every file's problems as ``(path, reason, severity, line)``."""

        def read(db: sqlite3.Connection) -> list[tuple[str, str, str, int]]:
            found = []
            for key, raw in db.execute("SELECT path, problems FROM file WHERE problems != '[]'"):
                for reason, severity, line in json_list(raw):
                    found.append((path_of(key), str(reason), str(severity), int(line)))
            return found

        return self._read(read, [])

    def duplicates(self) -> list[tuple[str, int, str, int]]:
        """Each meeting whose text an earlier one (in the order of paths) has, as ``(path,
        line, earlier path, earlier line)``."""
        query = (
            "SELECT path, line, first_value(path) OVER same, first_value(line) OVER same "
            "FROM article WHERE text_hash IN "
            "(SELECT text_hash FROM article GROUP BY text_hash HAVING count(*) > 1) "
            "WINDOW same AS (PARTITION BY text_hash ORDER BY path, line) ORDER BY path, line"
        )

        def read(db: sqlite3.Connection) -> list[tuple[str, int, str, int]]:
            found = []
            for path, line, first, first_line in db.execute(query):
                if (path, line) != (first, first_line):
                    found.append((path_of(path), int(line), path_of(first), int(first_line)))
            return found

        return self._read(read, [])

    def count(self, text: str = "", *, since: date | None = None, until: date | None = None) -> int:
        """How many meetings the list shows with this filter."""
        where, values = _where(text, since, until)
        query = f"SELECT count(*) FROM article WHERE {where}"
        return self._read(lambda db: int(db.execute(query, values).fetchone()[0]), 0)

    def page(
        self,
        limit: int,
        *,
        offset: int = 0,
        after: PageKey | None = None,
        text: str = "",
        since: date | None = None,
        until: date | None = None,
    ) -> list[Header]:
        """At most ``limit`` headers in the list's order, from ``offset`` or after ``after``
        (a header's ``key``: no rows skipped one by one), with the filter ``text`` (and a
        date range) worked out in SQL."""
        where, values = _where(text, since, until)
        if after is not None:
            where += " AND (sort_day, path, line) > (?, ?, ?)"
            values += list(after)
        query = (
            f"SELECT {HEADER_COLUMNS} FROM article WHERE {where} "
            "ORDER BY sort_day, path, line LIMIT ? OFFSET ?"
        )

        def read(db: sqlite3.Connection) -> list[Header]:
            rows = db.execute(query, [*values, max(limit, 0), max(offset, 0)])
            return [header for header in map(header_of, rows) if header is not None]

        return self._read(read, [])

    def position(self, article: int, text: str = "") -> int | None:
        """Where the meeting ``article`` is in the list with the filter ``text``, or None."""
        where, values = _where(text, None, None)
        query = (
            f"SELECT count(*) FROM article WHERE {where} AND (sort_day, path, line) < "
            "(SELECT sort_day, path, line FROM article WHERE id = ?)"
        )

        def read(db: sqlite3.Connection) -> int | None:
            held = db.execute(f"SELECT 1 FROM article WHERE id = ? AND {where}", [article, *values])
            if held.fetchone() is None:
                return None
            return int(db.execute(query, [*values, article]).fetchone()[0])

        return self._read(read, None)

    def meeting(self, article: int) -> Meeting | None:
        """One meeting whole (its text, speakers and sentences), read now; None when there is
        none or what is kept of it cannot be right (its file is then read again)."""

        def read(db: sqlite3.Connection) -> Meeting | None:
            row = db.execute(f"SELECT {MEETING_COLUMNS} FROM article WHERE id = ?", (article,))
            found = row.fetchone()
            if found is None:
                return None
            text = db.execute("SELECT text FROM article_text WHERE article = ?", (article,))
            kept = text.fetchone()
            people = db.execute(
                "SELECT s.id, coalesce(a.person, s.person, s.sid), s.name, s.role, s.country "
                "FROM article_speaker a "
                "JOIN speaker s ON s.id = a.speaker WHERE a.article = ? ORDER BY a.position",
                (article,),
            ).fetchall()
            speakers = [s for s in (speaker_of(row[1:]) for row in people) if s is not None]
            low = article << SENTENCE_BITS
            sentences = db.execute(
                "SELECT * FROM sentence WHERE id BETWEEN ? AND ? ORDER BY id",
                (low, low + (1 << SENTENCE_BITS) - 1),
            ).fetchall()
            meeting = None
            if kept is not None and len(speakers) == len(people):
                rows = [row[0] for row in people]
                meeting = meeting_of(found, kept[0], speakers, rows, sentences)
            if meeting is None:
                self.notice = "an article kept in the corpus database was damaged; read again"
                self._write(lambda db: forget(db, [found[0]]), 0)
            return meeting

        return self._read(read, None)

    def identities(self) -> dict[Unit, str]:
        """Who each speaker was when :meth:`set_identities` last ran."""

        def read(db: sqlite3.Connection) -> dict[Unit, str]:
            found: dict[Unit, str] = {}
            for name, role, country, person in db.execute("SELECT * FROM identity"):
                if speaker_of((person, name, role, country)) is not None:
                    found[(name, role, country)] = person
            return found

        return self._read(read, {})

    # -- the search's pre-filter ----------------------------------------------------------

    def candidates(self, match: str, limit: int, *, ranked: bool = True) -> list[int]:
        """The sentence rows the full-text query ``match`` finds, the best (bm25) first, or
        with ``ranked=False`` the first ones found (no score worked out for every sentence
        that matches: for queries of common words only); an unreadable query finds none."""
        order = "ORDER BY rank " if ranked else ""
        query = f"SELECT rowid FROM sentence_fts WHERE sentence_fts MATCH ? {order}LIMIT ?"

        def read(db: sqlite3.Connection) -> list[int]:
            try:
                return [row for (row,) in db.execute(query, (match, limit))]
            except sqlite3.OperationalError as error:
                if sqlite_damage(error):
                    raise
                return []  # a syntax error in the query

        return self._read(read, [])

    def sentence_texts(self, rows: Sequence[int]) -> dict[int, str]:
        """The text of each sentence row of ``rows`` that is kept."""
        marks = ", ".join("?" * len(rows))
        query = (
            "SELECT s.id, substr(t.text, s.start + 1, s.stop - s.start) FROM sentence s "
            f"JOIN article_text t ON t.article = s.id >> {SENTENCE_BITS} WHERE s.id IN ({marks})"
        )

        def read(db: sqlite3.Connection) -> dict[int, str]:
            found = db.execute(query, list(rows))
            return {row: text for row, text in found if isinstance(text, str)}

        return self._read(read, {}) if rows else {}

    def select(self, query: str, values: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """The rows of the read-only SQL ``query`` (the search's own, in
        core/search/database_search.py); none when it fails (said in :attr:`notice`) or when
        its full-text expression cannot be read."""

        def read(db: sqlite3.Connection) -> list[tuple[Any, ...]]:
            try:
                return db.execute(query, list(values)).fetchall()
            except sqlite3.OperationalError as error:
                if sqlite_damage(error):
                    raise
                return []  # a syntax error in the full-text expression

        return self._read(read, [])

    def vocabulary(self) -> list[tuple[str, int]]:
        """Every full-text term with the number of sentences that hold it: as kept since the
        last change of the files, or counted now and kept (``database_terms``)."""
        found = self._read(term_counts.kept_terms, None)
        if found is None:  # kept if the file can be written to, else only counted
            found = self._write(term_counts.count_and_keep, None)
        return found if found is not None else self._read(term_counts.counted_terms, [])

    # -- running ----------------------------------------------------------------------------

    def _read(self, work: Callable[[sqlite3.Connection], T], default: T) -> T:
        with self._lock:
            try:
                return work(self._connection)
            except (sqlite3.Error, ValueError, TypeError) as error:
                self._failed(error)
                return default

    def _write(self, work: Callable[[sqlite3.Connection], T], default: T) -> T:
        with self._lock:
            db = self._connection
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    result = work(db)
                    db.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
                return result
            except (sqlite3.Error, ValueError, TypeError) as error:
                self._speakers.forget()  # what the write made was rolled back
                self._failed(error)
                return default

    def _failed(self, error: Exception) -> None:
        """Say what failed; a file found damaged is replaced by a fresh one."""
        self.notice = f"corpus database: {dbfile.describe(error)}"
        if isinstance(error, sqlite3.Error) and sqlite_damage(error) and self.path is not None:
            self._connection.close()
            self._speakers.forget()
            self._connection, _ = dbfile.open_database(
                self.path, self._fingerprint, self._fts, damaged=True
            )
            self.notice += "; rebuilt, articles are read again"


# Who is one person was worked out since the meetings last changed (_stale_people undoes it).
_PEOPLE_CURRENT = "INSERT OR REPLACE INTO meta VALUES ('people', 'current')"


def _stale_people(db: sqlite3.Connection, changed: int) -> int:
    """After ``changed`` files were kept or forgotten: who is one person must be worked out
    again (see :meth:`CorpusDatabase.set_people`), and the terms counted again."""
    if changed:
        db.execute("DELETE FROM meta WHERE key = 'people'")
        term_counts.stale(db)
    return changed


def _where(text: str, since: date | None, until: date | None) -> tuple[str, list[Any]]:
    """The list's filter as SQL: every word of ``text`` in the haystack, and the dates."""
    terms = text.casefold().split()
    clauses = ["instr(haystack, ?) > 0"] * len(terms)
    values: list[Any] = list(terms)
    if since is not None:
        clauses.append("sort_day < 0 AND sort_day <= ?")
        values.append(-since.toordinal())
    if until is not None:
        clauses.append("sort_day < 0 AND sort_day >= ?")
        values.append(-until.toordinal())
    return " AND ".join(clauses) or "1", values
