"""Writing the corpus database: files into rows, and forgetting files (see
:mod:`dipreader.core.corpus.database`). Every function here runs inside a write transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count, repeat

from dipreader.core.corpus.database_rows import (
    ARTICLE_COLUMNS,
    SENTENCE_BITS,
    Prepared,
    Unit,
    path_key,
    prepare_all,
)
from dipreader.core.model import Meeting

_LOOKUP = 500  # paths looked up in one query (SQLite allows 32,766 values)
Problem = tuple[str, str, int]  # (reason, severity, line), as a file's problems are cached
SpeakerRow = tuple[int, str, str, str | None, str | None]


@dataclass(frozen=True, slots=True)
class ReadFile:
    """One file as read: what to keep of it (its meetings may be none, its problems many)."""

    path: str
    size: int
    mtime: int  # nanoseconds
    meetings: Sequence[Meeting]
    problems: Sequence[Problem] = ()
    digest: str | None = None  # a hash of the file's bytes, if the reader made one


@dataclass(frozen=True, slots=True)
class PreparedFile:
    """One file as read, its meetings as their rows (:func:`database_rows.prepare`); its
    meetings None when one of them cannot be kept (the file is then left out)."""

    path: str
    size: int
    mtime: int  # nanoseconds
    meetings: Sequence[Prepared] | None
    problems: Sequence[Problem] = ()
    digest: str | None = None

    @classmethod
    def of(cls, item: ReadFile) -> PreparedFile:
        meetings = prepare_all(item.meetings, item.path)
        return cls(item.path, item.size, item.mtime, meetings, item.problems, item.digest)


class SpeakerRows:
    """The ``speaker`` table's rows as this process knows them, made where missing."""

    def __init__(self) -> None:
        self._known: dict[Unit, int] = {}
        self._highest = 0

    def forget(self) -> None:
        """After a write rolled back: what it made is not there."""
        self._known, self._highest = {}, 0

    def refresh(self, db: sqlite3.Connection) -> None:
        """Read the speakers another process (or a rolled-back write) left unknown here."""
        if self._highest != next_id(db, "speaker") - 1:
            self._known, self._highest = {}, 0
            for row_id, sid, name, role, country in db.execute(
                "SELECT id, sid, name, role, country FROM speaker"
            ):
                self._known[(sid, name, role, country)] = row_id
                self._highest = max(self._highest, row_id)

    def rows(self, units: Sequence[Unit], made: list[SpeakerRow]) -> list[int]:
        """The ``speaker`` rows of ``units``; those missing are added to ``made`` (to insert)."""
        rows = []
        known = self._known
        for unit in units:
            row = known.get(unit)
            if row is None:
                row = self._highest + 1
                made.append((row, *unit))
                known[unit] = self._highest = row
            rows.append(row)
        return rows


def write_files(
    db: sqlite3.Connection, batch: Sequence[PreparedFile], speakers: SpeakerRows
) -> int:
    """Keep ``batch`` (inside a write transaction), each file replacing what was kept of it;
    a file whose meetings cannot be kept is left out. How many were kept."""
    batch = [item for item in batch if item.meetings is not None]
    forget(db, [path_key(item.path) for item in batch])
    speakers.refresh(db)
    file_id = next_id(db, "file")
    article_id = next_id(db, "article")
    files: list[tuple[object, ...]] = []
    articles: list[tuple[object, ...]] = []
    texts: list[tuple[int, str]] = []
    links: list[tuple[int, int, int]] = []
    sentences: list[tuple[int, int, int, int, int, int | None]] = []
    terms: list[tuple[int, str]] = []
    made: list[SpeakerRow] = []
    for item in batch:
        problems = json.dumps([list(problem) for problem in item.problems])
        files.append((file_id, path_key(item.path), item.size, item.mtime, item.digest, problems))
        for values, text, units, (starts, stops, paragraphs, kinds, whos) in item.meetings or ():
            rows = speakers.rows(units, made)
            articles.append((article_id, file_id, *values))
            texts.append((article_id, text))
            links += zip(repeat(article_id), count(), rows)
            base = article_id << SENTENCE_BITS
            ids = range(base, base + len(starts))
            voices = map([*rows, None].__getitem__, whos)  # -1, no speaker: the None
            sentences += zip(ids, starts, stops, paragraphs, kinds, voices, strict=True)
            terms += zip(ids, map(text.__getitem__, map(slice, starts, stops)), strict=True)
            article_id += 1
        file_id += 1
    db.executemany("INSERT INTO speaker VALUES (?, ?, ?, ?, ?, NULL)", made)
    db.executemany("INSERT INTO file VALUES (?, ?, ?, ?, ?, ?)", files)
    marks = ", ".join("?" * len(ARTICLE_COLUMNS.split(",")))
    db.executemany(f"INSERT INTO article ({ARTICLE_COLUMNS}) VALUES ({marks})", articles)
    db.executemany("INSERT INTO article_text VALUES (?, ?)", texts)
    db.executemany("INSERT INTO article_speaker VALUES (?, ?, ?, NULL)", links)
    db.executemany("INSERT INTO sentence VALUES (?, ?, ?, ?, ?, ?)", sentences)
    db.executemany("INSERT INTO sentence_fts (rowid, text) VALUES (?, ?)", terms)
    return len(batch)


def forget(db: sqlite3.Connection, keys: Sequence[bytes]) -> int:
    """Delete the files ``keys`` with their articles, sentences and full-text terms."""
    found: list[int] = []
    for start in range(0, len(keys), _LOOKUP):
        # Looked up together: a batch of new files (none kept) costs one query, not one each.
        chunk = keys[start : start + _LOOKUP]
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(f"SELECT id FROM file WHERE path IN ({marks})", chunk)
        found += [file_id for (file_id,) in rows]
    for file_id in found:
        articles = db.execute("SELECT id FROM article WHERE file = ?", (file_id,)).fetchall()
        for (article,) in articles:
            low, high = article << SENTENCE_BITS, ((article + 1) << SENTENCE_BITS) - 1
            text = db.execute("SELECT text FROM article_text WHERE article = ?", (article,))
            kept = text.fetchone()
            spans = db.execute(
                "SELECT id, start, stop FROM sentence WHERE id BETWEEN ? AND ?", (low, high)
            ).fetchall()
            if kept is not None and isinstance(kept[0], str):
                db.executemany(
                    "INSERT INTO sentence_fts (sentence_fts, rowid, text) VALUES ('delete', ?, ?)",
                    [(row, kept[0][start:stop]) for row, start, stop in spans],
                )
            db.execute("DELETE FROM sentence WHERE id BETWEEN ? AND ?", (low, high))
            db.execute("DELETE FROM article_speaker WHERE article = ?", (article,))
            db.execute("DELETE FROM article_text WHERE article = ?", (article,))
        db.execute("DELETE FROM article WHERE file = ?", (file_id,))
        db.execute("DELETE FROM file WHERE id = ?", (file_id,))
    return len(found)


def next_id(db: sqlite3.Connection, table: str) -> int:
    return int(db.execute(f"SELECT ifnull(max(id), 0) + 1 FROM {table}").fetchone()[0])
