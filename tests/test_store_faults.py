"""The notes store under faults (issue 17): every fault a StoreError, nothing followed that it
should not follow, conflicts between two readers seen on save, and a file that holds every
note once the store is closed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from dipreader.core.model import Meeting
from dipreader.core.notes import database
from dipreader.core.notes.annotation import NoteKind
from dipreader.core.notes.store import NoteChanged, NoteGone, Store, StoreError
from dipreader.core.settings import locations

SEED = (locations.seeds_dir() / "000_e2ee6582c83f05d0.txt").read_text(encoding="utf-8")
ARTICLE = Meeting(path="corpus/000.txt", text=SEED)
PARK = "Park Jin, on his part, expressed that South Korea and China are neighbors"
WANG = "Wang said during the meeting that China and South Korea are neighboring countries"
FULL = "database or disk is full"


def span(quote: str) -> tuple[int, int]:
    start = SEED.index(quote)
    return start, start + len(quote)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "notes.sqlite3"


class FullDisk:
    """A store's connection on a full disk: reads work, every write fails as SQLite's does."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COMMIT")):
            raise sqlite3.OperationalError(FULL)
        return self.conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


def notes_in(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return sorted(str(row[0]) for row in conn.execute("SELECT note FROM annotation"))


# -- every fault a StoreError -----------------------------------------------------------------


def test_a_full_disk_is_a_store_error_and_leaves_the_store_as_it_was(db: Path) -> None:
    with Store(db) as notes:
        kept = notes.add_note(ARTICLE, *span(PARK), "kept")
        real = notes._conn
        notes._conn = FullDisk(real)  # type: ignore[assignment]
        with pytest.raises(StoreError, match=FULL) as raised:
            notes.add_note(ARTICLE, *span(WANG), "lost?")
        assert str(db) in str(raised.value)
        with pytest.raises(StoreError, match=FULL):
            notes.update_note(kept.id, "changed?", kept.version)
        with pytest.raises(StoreError, match=FULL):
            notes.toggle_bookmark(ARTICLE, *span(WANG))
        assert not real.in_transaction
        notes._conn = real  # room again: the next save works
        assert [a.note for a in notes.all()] == ["kept"]
        notes.add_note(ARTICLE, *span(WANG), "after")
    assert notes_in(db) == ["after", "kept"]


def test_a_closed_store_says_so(db: Path) -> None:
    notes = Store(db)
    notes.close()
    notes.close()  # again: nothing
    with pytest.raises(StoreError, match="closed"):
        notes.all()
    with pytest.raises(StoreError, match="closed"):
        notes.add_note(ARTICLE, *span(PARK), "no")


def test_a_table_without_dipreaders_columns_is_moved_aside(db: Path) -> None:
    db.parent.mkdir()
    with sqlite3.connect(db) as conn:  # right version number, wrong table
        conn.execute("CREATE TABLE annotation (id TEXT PRIMARY KEY, kind TEXT, note TEXT)")
        conn.execute("INSERT INTO annotation VALUES ('x', 'note', 'someone else''s')")
        conn.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION}")
    with Store(db) as notes:
        assert notes.writable
        assert notes.moved_aside is not None
        assert notes.notice is not None
        assert "lacks the columns" in notes.notice
        assert str(notes.moved_aside) in notes.notice
        assert notes.toggle_bookmark(ARTICLE, *span(PARK))  # "b" works on the fresh store
        aside = notes.moved_aside
    assert notes_in(aside) == ["someone else's"]  # kept, never deleted


def test_a_store_without_its_table_is_moved_aside(db: Path) -> None:
    db.parent.mkdir()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE other (x)")
        conn.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION}")
    with Store(db) as notes:
        assert notes.notice is not None
        assert "no table of notes" in notes.notice
        assert notes.count() == 0


def test_a_row_of_an_unknown_kind_is_kept_and_said_and_the_rest_is_shown(db: Path) -> None:
    with Store(db) as notes:
        shown = notes.add_note(ARTICLE, *span(PARK), "mine")
        hidden = notes.add_note(ARTICLE, *span(WANG), "from elsewhere")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("UPDATE annotation SET kind = 'highlight' WHERE id = ?", (hidden.id,))
    with Store(db) as notes:
        assert notes.notice is not None
        assert "1 item" in notes.notice
        assert "highlight" in notes.notice
        assert [a.id for a in notes.all()] == [shown.id]
        assert notes.for_path(ARTICLE.path) == [shown]
        assert notes.get(hidden.id) is None
        assert hidden.id in notes.unreadable
        notes.add_note(ARTICLE, *span(PARK), "still writable")
    with sqlite3.connect(db) as conn:  # left in the store as it was
        rows = conn.execute("SELECT kind, note FROM annotation WHERE id = ?", (hidden.id,))
        assert rows.fetchall() == [("highlight", "from elsewhere")]


def test_a_lone_surrogate_in_a_note_is_stored_visibly_replaced(db: Path) -> None:
    with Store(db) as notes:
        note = notes.add_note(ARTICLE, *span(PARK), "pasted \ud800 here")
        assert notes.get(note.id) is not None
        assert notes.get(note.id).note == "pasted \ufffd here"  # type: ignore[union-attr]


# -- never followed: links and files that are not regular ------------------------------------


def test_a_link_in_the_stores_place_is_refused_not_followed(tmp_path: Path, db: Path) -> None:
    elsewhere = tmp_path / "someone-elses.sqlite3"
    with Store(elsewhere) as other:
        other.add_note(ARTICLE, *span(PARK), "not dipreader's to touch")
    os.chmod(elsewhere, 0o644)
    before = elsewhere.read_bytes()
    db.parent.mkdir()
    db.symlink_to(elsewhere)
    with Store(db) as notes:
        assert not notes.writable
        assert notes.notice is not None
        assert "symbolic link" in notes.notice
        assert notes.all() == []  # not read through the link either
        with pytest.raises(StoreError):
            notes.add_note(ARTICLE, *span(WANG), "no")
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o644  # the target's mode is left alone
    assert elsewhere.read_bytes() == before
    assert db.is_symlink()


def test_a_link_in_place_of_the_log_is_refused(tmp_path: Path, db: Path) -> None:
    Store(db).close()
    target = tmp_path / "target"
    target.write_bytes(b"")
    Path(str(db) + "-wal").symlink_to(target)
    with Store(db) as notes:
        assert not notes.writable
        assert notes.notice is not None
        assert "-wal is a symbolic link" in notes.notice
    assert target.read_bytes() == b""


def test_a_fifo_in_the_stores_place_is_refused_at_once(db: Path) -> None:
    db.parent.mkdir()
    os.mkfifo(db)
    opened: list[Store] = []
    opening = threading.Thread(target=lambda: opened.append(Store(db)), daemon=True)
    opening.start()
    opening.join(timeout=5)
    assert opened, "opening a store on a FIFO hung"
    (notes,) = opened
    assert not notes.writable
    assert notes.notice is not None
    assert "not a regular file" in notes.notice
    notes.close()
    assert stat.S_ISFIFO(os.lstat(db).st_mode)


# -- durability --------------------------------------------------------------------------------


def test_synchronous_is_full_as_read_back(db: Path) -> None:
    with Store(db) as notes:
        assert notes.synchronous() == "FULL"


def test_closing_folds_the_log_into_the_file_while_another_reader_is_open(
    tmp_path: Path, db: Path
) -> None:
    with Store(db) as other:  # another reader: the close is not the last, so no auto-checkpoint
        notes = Store(db)
        for n in range(4):
            notes.add_note(ARTICLE, *span(PARK), f"note {n}")
        notes.close()
        copy = tmp_path / "copy.sqlite3"
        shutil.copyfile(db, copy)  # the file alone, as a user backing up by hand would
        assert notes_in(copy) == [f"note {n}" for n in range(4)]
        assert other.count() == 4


# -- versions and conflicts ----------------------------------------------------------------------


def test_an_old_store_gains_versions_and_keeps_its_notes(db: Path) -> None:
    db.parent.mkdir()
    with sqlite3.connect(db) as conn:  # a store written by a dipreader of schema version 1
        database.MIGRATIONS[0](conn)
        conn.execute(
            "INSERT INTO annotation (id, kind, path, text_hash, exact, prefix, suffix, "
            "start_offset, end_offset, note, created, updated) VALUES "
            "('old', 'note', 'corpus/000.txt', '', ?, '', '', 0, 0, 'from v1', "
            "'2024-01-02T03:04:05+00:00', '2024-01-02T03:04:05+00:00')",
            (PARK,),
        )
        conn.execute("PRAGMA user_version = 1")
    with Store(db) as notes:
        assert notes.notice is None
        (old,) = notes.all()
        assert (old.note, old.version) == ("from v1", 1)
        assert notes.update_note("old", "edited", old.version).version == 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2


def test_an_edit_overtaken_by_another_reader_is_refused_with_theirs(db: Path) -> None:
    with Store(db) as one, Store(db) as two:
        opened = one.add_note(ARTICLE, *span(PARK), "first")
        theirs = two.update_note(opened.id, "theirs", opened.version)
        assert theirs.version == opened.version + 1
        with pytest.raises(NoteChanged, match="changed in another dipreader window") as raised:
            one.update_note(opened.id, "mine", opened.version)
        assert raised.value.current.note == "theirs"
        assert one.get(opened.id) == theirs  # nothing written
        with pytest.raises(NoteChanged):
            one.delete(opened.id, opened.version)
        assert one.update_note(opened.id, "mine", theirs.version).note == "mine"


def test_an_edit_of_a_note_deleted_by_another_reader_is_refused(db: Path) -> None:
    with Store(db) as one, Store(db) as two:
        opened = one.add_note(ARTICLE, *span(PARK), "first")
        assert two.delete(opened.id, opened.version)
        with pytest.raises(NoteGone, match="deleted in another dipreader window"):
            one.update_note(opened.id, "mine", opened.version)
        assert one.count() == 0
        assert one.delete(opened.id, opened.version) is False


def test_bookmarks_are_unaffected_by_versions(db: Path) -> None:
    with Store(db) as notes:
        assert notes.toggle_bookmark(ARTICLE, *span(PARK))
        (mark,) = notes.all()
        assert (mark.kind, mark.version) == (NoteKind.BOOKMARK, 1)
        assert notes.delete(mark.id, mark.version)
