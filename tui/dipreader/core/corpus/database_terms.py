"""The full-text vocabulary's counts kept as a plain table.

``fts5vocab`` counts each term's sentences by reading every doclist of the index, a cost that
follows the postings, not the terms (the slowest part of a search's start at 100,000
articles); the ``term_count`` table holds the same pairs and is read in a fraction of that.
It is current until the next write that keeps or forgets a file, which marks it stale
(:func:`stale`); the next reader counts again and keeps the counts, in one transaction, so
that no write can come between the counting and the keeping.
"""

from __future__ import annotations

import sqlite3

_CURRENT = "SELECT 1 FROM meta WHERE key = 'terms'"


def stale(db: sqlite3.Connection) -> None:
    """The files changed: the kept counts are no longer the index's."""
    db.execute("DELETE FROM meta WHERE key = 'terms'")


def kept_terms(db: sqlite3.Connection) -> list[tuple[str, int]] | None:
    """The kept counts, or None when they are stale."""
    if db.execute(_CURRENT).fetchone() is None:
        return None
    return [(str(term), int(held)) for term, held in db.execute("SELECT * FROM term_count")]


def counted_terms(db: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every term's sentences, counted from the index now."""
    return [(str(t), int(n)) for t, n in db.execute("SELECT term, doc FROM sentence_vocab")]


def count_and_keep(db: sqlite3.Connection) -> list[tuple[str, int]]:
    """Count every term's sentences from the index and keep them (in a write transaction)."""
    counted = counted_terms(db)
    db.execute("DELETE FROM term_count")
    db.executemany("INSERT INTO term_count VALUES (?, ?)", counted)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('terms', 'current')")
    return counted
