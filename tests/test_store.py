"""The store of bookmarks and notes: it keeps the user's work through crashes, two readers at
once, damaged files and folders it cannot write."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import stat
import sys
import threading
import time
from pathlib import Path

import pytest

from dipreader.core.model import Meeting
from dipreader.core.notes import database
from dipreader.core.notes.anchor import AnchorStatus
from dipreader.core.notes.annotation import NoteKind, resolve_items
from dipreader.core.notes.database import SCHEMA_VERSION
from dipreader.core.notes.store import NoteGone, Store, StoreReadOnly
from dipreader.core.settings import locations
from read_only import read_only_folder

SEED = (locations.seeds_dir() / "000_e2ee6582c83f05d0.txt").read_text(encoding="utf-8")
PATH = "corpus/000.txt"
ARTICLE = Meeting(path=PATH, text=SEED)
PARK = "Park Jin, on his part, expressed that South Korea and China are neighbors"
WANG = "Wang said during the meeting that China and South Korea are neighboring countries"

needs_fork = pytest.mark.skipif(
    sys.platform != "linux", reason="uses fork() to start writer processes quickly"
)


def span(quote: str, text: str = SEED) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "notes.sqlite3"


# -- what a user does ----------------------------------------------------------------------


def test_default_location_is_the_data_folder() -> None:
    with Store() as notes:
        assert notes.path == locations.store_path()
        assert notes.writable
        assert notes.notice is None
    assert locations.store_path().is_file()


def test_notes_round_trip_and_list_newest_first(db: Path) -> None:
    with Store(db) as notes:
        first = notes.add_note(ARTICLE, *span(PARK), "Park's line on neighbours")
        second = notes.add_note(ARTICLE, *span(WANG), "multi\nline\nnote")
        assert notes.toggle_bookmark(ARTICLE, *span(WANG)) is True
    with Store(db) as notes:  # a new start of the app
        listed = notes.all()
        assert [a.kind for a in listed] == [NoteKind.BOOKMARK, NoteKind.NOTE, NoteKind.NOTE]
        assert [a.id for a in listed[1:]] == [second.id, first.id]
        assert listed[2].note == "Park's line on neighbours"
        assert listed[2].anchor == first.anchor
        assert listed[2].anchor.exact == PARK
        assert listed[1].note == "multi\nline\nnote"
        assert listed[2].created == first.created
        assert notes.get(first.id) == listed[2]
        assert notes.count() == 3
        assert len(notes.for_path(PATH)) == 3
        assert notes.for_path("elsewhere.txt") == []


def test_update_and_delete(db: Path) -> None:
    with Store(db) as notes:
        note = notes.add_note(ARTICLE, *span(PARK), "first thought")
        changed = notes.update_note(note.id, "second thought")
        assert changed.note == "second thought"
        assert changed.updated >= note.updated
        assert changed.created == note.created
        assert notes.get(note.id) == changed
        assert notes.delete(note.id) is True
        assert notes.delete(note.id) is False
        assert notes.get(note.id) is None
        with pytest.raises(NoteGone, match="deleted in another dipreader window"):
            notes.update_note(note.id, "gone")


def test_toggle_bookmark_on_and_off(db: Path) -> None:
    with Store(db) as notes:
        assert notes.toggle_bookmark(ARTICLE, *span(PARK)) is True
        assert notes.toggle_bookmark(ARTICLE, *span(WANG)) is True
        assert notes.count() == 2
        assert notes.toggle_bookmark(ARTICLE, *span(PARK)) is False
        assert [a.anchor.exact for a in notes.all()] == [WANG]


def test_toggle_finds_the_bookmark_after_the_article_changed(db: Path) -> None:
    edited = Meeting(path=PATH, text="A new first paragraph.\n\n" + SEED)
    with Store(db) as notes:
        assert notes.toggle_bookmark(ARTICLE, *span(PARK)) is True
        assert notes.toggle_bookmark(edited, *span(PARK, edited.text)) is False
        assert notes.count() == 0


def test_notes_are_kept_with_the_article_context_for_orphans(db: Path) -> None:
    article = Meeting(path=PATH, text=SEED, title="Wang Yi meets Park Jin")
    with Store(db) as notes:
        note = notes.add_note(article, *span(PARK), "keep me")
    assert note.context.title == "Wang Yi meets Park Jin"
    with Store(db) as notes:
        (item,) = resolve_items(notes.all(), [Meeting(path=PATH, text="All new text.")])
    assert item.status is AnchorStatus.ORPHAN
    assert item.quote == PARK
    assert item.title == "Wang Yi meets Park Jin"
    assert item.annotation.note == "keep me"


def test_each_change_is_visible_to_another_reader_at_once(db: Path) -> None:
    with Store(db) as one, Store(db) as two:
        note = one.add_note(ARTICLE, *span(PARK), "from one")
        assert two.get(note.id) == note
        two.update_note(note.id, "edited by two")
        assert one.get(note.id) is not None
        assert one.get(note.id).note == "edited by two"  # type: ignore[union-attr]


def test_data_version_tells_a_reader_that_another_one_wrote(db: Path) -> None:
    with Store(db) as one, Store(db) as two:
        seen = one.data_version()
        one.add_note(ARTICLE, *span(PARK), "own write")
        assert one.data_version() == seen
        two.add_note(ARTICLE, *span(WANG), "someone else's")
        assert one.data_version() != seen


def test_a_writer_waits_for_another_readers_transaction(db: Path) -> None:
    with Store(db) as notes:
        other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")  # the other reader holds the write lock a moment
        release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
        release.start()
        try:
            note = notes.add_note(ARTICLE, *span(PARK), "waited")
        finally:
            release.join()
            other.close()
        assert notes.get(note.id) == note


def test_heal_updates_moved_anchors_but_not_fuzzy_ones(db: Path) -> None:
    edited_text = "Top.\n" + SEED.replace("strategic partners", "close strategic partners")
    edited = Meeting(path="moved/000.txt", text=edited_text)
    with Store(db) as notes:
        moved = notes.add_note(ARTICLE, *span(WANG), "moves")
        fuzzy = notes.add_note(ARTICLE, *span(PARK + " and strategic partners."), "edited")
        items = resolve_items(notes.all(), [edited])
        assert {i.annotation.id: i.status for i in items} == {
            moved.id: AnchorStatus.RELOCATED,
            fuzzy.id: AnchorStatus.FUZZY,
        }
        assert notes.heal(items).count == 1
        healed = notes.get(moved.id)
        assert healed is not None
        assert healed.anchor.path == "moved/000.txt"
        assert healed.anchor.start == edited_text.index(WANG)
        assert notes.get(fuzzy.id) == fuzzy
        again = resolve_items(notes.all(), [edited])
        assert {i.annotation.id: i.status for i in again}[moved.id] is AnchorStatus.EXACT


def test_heal_updates_an_anchor_that_moved_within_its_own_article(db: Path) -> None:
    edited_text = "An editor's note added at the top.\n\n" + SEED
    edited = Meeting(path=PATH, text=edited_text)
    with Store(db) as notes:
        note = notes.add_note(ARTICLE, *span(WANG), "moves within")
        items = resolve_items(notes.all(), [edited])
        assert [i.status for i in items] == [AnchorStatus.MOVED]
        assert notes.heal(items).count == 1
        healed = notes.get(note.id)
        assert healed is not None
        assert healed.anchor.path == PATH
        assert healed.anchor.start == edited_text.index(WANG)
        assert healed.note == "moves within"
        again = resolve_items(notes.all(), [edited])
        assert [i.status for i in again] == [AnchorStatus.EXACT]


# -- files and schema -------------------------------------------------------------------------


def test_folder_is_private_and_files_are_0600(db: Path) -> None:
    with Store(db) as notes:
        notes.add_note(ARTICLE, *span(PARK), "private")
        assert mode(db.parent) == 0o700
        assert mode(db) == 0o600
        for sibling in ("-wal", "-shm"):
            path = Path(str(db) + sibling)
            assert path.exists()
            assert mode(path) == 0o600


def test_existing_database_file_is_made_private(db: Path) -> None:
    db.parent.mkdir()
    db.touch(mode=0o644)
    os.chmod(db, 0o644)
    Store(db).close()
    assert mode(db) == 0o600


def test_fresh_store_is_at_the_current_schema_version(db: Path) -> None:
    Store(db).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migration_moves_an_old_store_forward_and_keeps_its_notes(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(db) as notes:
        note = notes.add_note(ARTICLE, *span(PARK), "written by version 2")

    def v3(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE annotation ADD COLUMN colour TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(database, "MIGRATIONS", (*database.MIGRATIONS, v3))
    monkeypatch.setattr(database, "SCHEMA_VERSION", 3)
    with Store(db) as notes:
        assert notes.notice is None
        assert notes.get(note.id) == note
        notes.add_note(ARTICLE, *span(WANG), "written by version 3")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        columns = [row[1] for row in conn.execute("PRAGMA table_info(annotation)")]
        assert "colour" in columns
        assert conn.execute("SELECT count(*) FROM annotation").fetchone()[0] == 2


def test_failed_migration_leaves_the_store_as_it_was(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(db) as notes:
        note = notes.add_note(ARTICLE, *span(PARK), "safe")

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE annotation ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("disk I/O error (simulated)")

    monkeypatch.setattr(database, "MIGRATIONS", (*database.MIGRATIONS, broken))
    monkeypatch.setattr(database, "SCHEMA_VERSION", 3)
    with pytest.raises(sqlite3.OperationalError):
        database.connect(db)
    monkeypatch.undo()
    with Store(db) as notes:
        assert notes.notice is None
        assert notes.get(note.id) == note
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        columns = [row[1] for row in conn.execute("PRAGMA table_info(annotation)")]
        assert "half_done" not in columns


def _aside_files(db: Path) -> list[Path]:
    found = db.parent.glob(db.name + ".broken-*")
    return sorted(p for p in found if not p.name.endswith(("-wal", "-shm", "-journal")))


def _assert_fresh_and_told(notes: Store, db: Path, why: str) -> Path:
    assert notes.writable
    assert notes.count() == 0
    assert notes.moved_aside is not None
    assert notes.notice is not None
    assert why in notes.notice
    assert str(notes.moved_aside) in notes.notice
    assert notes.moved_aside.name.startswith("notes.sqlite3.broken-")
    notes.add_note(ARTICLE, *span(PARK), "the fresh store works")
    return notes.moved_aside


def test_not_a_database_is_moved_aside_and_a_fresh_store_used(db: Path) -> None:
    db.parent.mkdir()
    junk = b"this is not a database at all\n" * 200
    db.write_bytes(junk)
    with Store(db) as notes:
        aside = _assert_fresh_and_told(notes, db, "not a database")
    assert aside.read_bytes() == junk  # kept as it was, never deleted
    assert _aside_files(db) == [aside]


def test_damaged_store_is_moved_aside_with_its_wal(db: Path) -> None:
    with Store(db) as notes:
        for n in range(300):
            notes.add_note(ARTICLE, *span(PARK), f"note {n} " + "x" * 200)
    size = db.stat().st_size
    assert size > 8 * 4096
    with db.open("r+b") as handle:  # scribble over every page after the first
        handle.seek(4096)
        handle.write(random.Random(5).randbytes(size - 4096))
    damaged = db.read_bytes()
    wal = Path(str(db) + "-wal")
    wal.write_bytes(b"left-over write-ahead log")
    with Store(db) as notes:
        aside = _assert_fresh_and_told(notes, db, "could not be opened")
    assert aside.read_bytes() == damaged
    assert Path(str(aside) + "-wal").read_bytes() == b"left-over write-ahead log"


def test_store_from_a_newer_version_is_moved_aside(db: Path) -> None:
    with Store(db) as notes:
        notes.add_note(ARTICLE, *span(PARK), "from the future")
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with Store(db) as notes:
        aside = _assert_fresh_and_told(notes, db, "newer dipreader")
    with sqlite3.connect(aside) as conn:  # the future's notes are all there
        assert conn.execute("SELECT note FROM annotation").fetchall() == [("from the future",)]


def test_two_broken_stores_in_one_second_get_two_names(db: Path) -> None:
    db.parent.mkdir()
    db.write_bytes(b"junk one" * 100)
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    Store(db).close()
    assert len(_aside_files(db)) == 2


def test_busy_store_is_not_mistaken_for_a_damaged_one(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(db).close()
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 0.05)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")  # WAL off: opening must wait for a lock
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Store(db) as notes:
            assert notes.moved_aside is None
            assert not notes.writable
            assert notes.notice is not None
            assert notes.notice.startswith("notes cannot be saved")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _aside_files(db) == []


# -- a data folder that cannot be written ---------------------------------------------------


def test_data_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file where the data folder should be")
    with Store(blocker / "notes.sqlite3") as notes:
        assert not notes.writable
        assert notes.notice is not None
        assert notes.notice.startswith("notes cannot be saved: ")
        assert notes.all() == []
        with pytest.raises(StoreReadOnly, match="notes cannot be saved"):
            notes.add_note(ARTICLE, *span(PARK), "lost?")
        with pytest.raises(StoreReadOnly):
            notes.toggle_bookmark(ARTICLE, *span(PARK))
        with pytest.raises(StoreReadOnly):
            notes.delete("anything")
        with pytest.raises(StoreReadOnly):
            notes.update_note("anything", "text")
    assert blocker.read_text().startswith("a regular file")


def test_unwritable_folder_still_shows_the_existing_notes(db: Path) -> None:
    with Store(db) as notes:
        note = notes.add_note(ARTICLE, *span(PARK), "read me later")
        bookmark_added = notes.toggle_bookmark(ARTICLE, *span(WANG))
    assert bookmark_added
    before = {p.name: p.read_bytes() for p in db.parent.iterdir()}
    with read_only_folder(db.parent), Store(db) as notes:  # a real read-only folder
        assert not notes.writable
        assert notes.notice is not None
        assert "notes cannot be saved" in notes.notice
        assert "not writable" in notes.notice
        assert notes.get(note.id) == note
        assert notes.count() == 2
        with pytest.raises(StoreReadOnly):
            notes.add_note(ARTICLE, *span(PARK), "no")
        assert notes.heal([]).count == 0
    after = {p.name: p.read_bytes() for p in db.parent.iterdir()}
    assert after == before


def test_unwritable_folder_with_a_damaged_store_is_read_as_empty(db: Path) -> None:
    db.parent.mkdir()
    db.write_bytes(b"not sqlite" * 50)
    with read_only_folder(db.parent), Store(db) as notes:
        assert not notes.writable
        assert notes.all() == []
        assert notes.notice is not None
        assert "could not be read" in notes.notice
    assert db.read_bytes() == b"not sqlite" * 50  # not moved: the folder is not ours to change


# -- two processes and crashes --------------------------------------------------------------


def _write_many(path: Path, tag: str, count: int, ready: object) -> None:
    notes = Store(path)
    ready.wait()  # type: ignore[attr-defined]
    for n in range(count):
        notes.add_note(ARTICLE, *span(PARK), f"{tag}-{n}")
    notes.close()


@needs_fork
def test_two_processes_writing_500_each_at_once_keep_all_1000(db: Path) -> None:
    Store(db).close()
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(2)
    writers = [
        context.Process(target=_write_many, args=(db, tag, 500, ready)) for tag in ("a", "b")
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=300)
    assert [writer.exitcode for writer in writers] == [0, 0]
    with Store(db) as notes:
        written = [a.note for a in notes.all()]
    assert len(written) == 1000
    assert sorted(written) == sorted(f"{tag}-{n}" for tag in ("a", "b") for n in range(500))


def _write_until_killed(path: Path, acks: Path) -> None:
    """Write notes forever; after each commit, say so in ``acks`` (an O_APPEND file)."""
    notes = Store(path)
    out = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    n = 0
    while True:
        note = notes.add_note(ARTICLE, *span(PARK), f"note {n}")
        os.write(out, f"add {note.id}\n".encode())
        if n % 3 == 0:
            notes.update_note(note.id, f"note {n} edited")
            os.write(out, f"edit {note.id}\n".encode())
        if n % 5 == 0:  # a read-then-write transaction too (not checked: it is a toggle)
            notes.toggle_bookmark(ARTICLE, *span(WANG))
        n += 1


@needs_fork
def test_writer_killed_at_random_moments_loses_nothing_acknowledged(db: Path) -> None:
    context = multiprocessing.get_context("fork")
    acks = db.parent.parent / "acks.txt"
    chance = random.Random()
    acknowledged = 0
    for run in range(20):
        acks.write_text("")
        writer = context.Process(target=_write_until_killed, args=(db, acks))
        writer.start()
        delay = chance.uniform(0.0, 0.25)
        time.sleep(delay)
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        lines = acks.read_text().splitlines()
        why = f"run {run}, killed after {delay:.3f} s, {len(lines)} acknowledged writes"
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], why
        with Store(db) as notes:
            assert notes.notice is None, why
            assert notes.writable, why
            stored = {a.id: a.note for a in notes.all() if a.kind is NoteKind.NOTE}
        for line in lines:
            action, value = line.split(" ", 1)
            if action == "add":
                assert value in stored, why
            elif action == "edit":
                assert stored[value].endswith(" edited"), why
        acknowledged += len(lines)
    assert acknowledged > 0  # the writer got to write before most kills


def test_a_damaged_row_is_still_listed(db: Path) -> None:
    with Store(db) as notes:
        note = notes.add_note(ARTICLE, *span(PARK), "odd row")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE annotation SET created = 'yesterday', start_offset = 'x' WHERE id = ?",
            (note.id,),
        )
    with Store(db) as notes:
        (listed,) = notes.all()
    assert listed.note == "odd row"
    assert listed.created.year == 1970
    (item,) = resolve_items([listed], [ARTICLE])
    assert item.quote == PARK  # the quote finds the passage even without its offsets
