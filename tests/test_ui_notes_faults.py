"""Pilot tests of the notes under faults (issue 17): a full disk keeps the typed text (in the
dialog and in a recovery file offered back at the next start), a second reader's change or
deletion is caught on save and the user chooses, and the store's file alone holds every note
once the reader has quit."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from textual.widgets import Static, TextArea

from dipreader.core.notes import recovery
from dipreader.core.notes.store import Store
from dipreader.core.settings import locations
from dipreader.ui.app import DipreaderApp
from dipreader.ui.notebook import NOTE_MARK
from dipreader.ui.screens.note_dialog import ConflictDialog, NoteDialog
from dipreader.ui.screens.recovery_screen import RecoveryScreen
from read_only import read_only_folder
from test_store_faults import FULL, FullDisk
from test_ui_notes import app_for, conversation, stored
from ui_support import settle

SIZE = (100, 30)


def shown(app: DipreaderApp, selector: str) -> str:
    """The text a Static on the current screen shows."""
    return str(app.screen.query_one(selector, Static).render())


def messages(app: DipreaderApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def fill_the_disk(app: DipreaderApp) -> sqlite3.Connection:
    """Make every write of the app's store fail as on a full disk; returns the real one."""
    notebook = app.notes.open()
    real = notebook.store._conn
    notebook.store._conn = FullDisk(real)  # type: ignore[assignment]
    return real


async def test_a_full_disk_keeps_the_text_in_the_dialog_and_in_a_recovery_file() -> None:
    app = app_for(conversation())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        real = fill_the_disk(app)
        await pilot.press("tab", "j", "a", *"a thought worth keeping", "ctrl+s")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, NoteDialog)  # still open, with the text
        assert app.screen.query_one(TextArea).text == "a thought worth keeping"
        problem = shown(app, "#note-problem")
        assert "Not saved" in problem
        assert FULL in problem
        assert str(recovery.recovery_path()) in problem
        kept = recovery.read()
        assert [d.text for d in kept.drafts] == ["a thought worth keeping"]
        assert kept.drafts[0].anchor.exact == "Wang said the ties matter."
        assert stored() == []
        app.notes.open().store._conn = real  # room on the disk again: ctrl+s saves
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
        assert stored() == [("note", "Wang said the ties matter.", "a thought worth keeping")]
        assert not recovery.recovery_path().exists()  # saved: not offered again


async def test_the_next_start_offers_the_unsaved_note_back() -> None:
    app = app_for(conversation())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        fill_the_disk(app)
        await pilot.press("tab", "j", "a", *"do not lose me", "ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q", "y")  # quit with the dialog still open
        await pilot.pause()
    assert stored() == []
    later = app_for(conversation())
    async with later.run_test(size=SIZE) as pilot:
        await settle(later, pilot)
        assert isinstance(later.screen, RecoveryScreen)
        text = " ".join(str(s.render()) for s in later.screen.query(Static))
        assert "could not be saved last time" in text
        assert "do not lose me" in text
        assert "Wang said the ties matter." in text
        await pilot.press("l")  # later: kept, asked again next time
        await pilot.pause()
        assert not isinstance(later.screen, RecoveryScreen)
        assert recovery.recovery_path().exists()
    again = app_for(conversation())
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert isinstance(again.screen, RecoveryScreen)
        await pilot.press("r")
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(again.screen, RecoveryScreen)
        assert stored() == [("note", "Wang said the ties matter.", "do not lose me")]
        assert not recovery.recovery_path().exists()
        assert any("1 note restored" in m for m in messages(again))
        assert again.article._marks == {1: NOTE_MARK}


async def _edit_while_another_reader_acts(app: DipreaderApp, pilot: object, act: str) -> None:
    """Write a note, open it again, let a second Store change or delete it, then save."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    meeting = app.meetings[0]
    await pilot.press("tab", "j", "a", *"first", "ctrl+s")
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, NoteDialog)
    with Store() as other:  # a second dipreader on the same file
        (note,) = other.for_path(meeting.path)
        if act == "change":
            other.update_note(note.id, "theirs", note.version)
        else:
            other.delete(note.id)
    await pilot.press(*" and mine", "ctrl+s")
    await pilot.pause()


async def test_a_note_changed_in_another_reader_is_caught_and_mine_kept_as_new() -> None:
    app = app_for(conversation())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await _edit_while_another_reader_acts(app, pilot, "change")
        assert isinstance(app.screen, ConflictDialog)
        message = shown(app, "#conflict-message")
        assert message == "This note was changed in another dipreader window since you opened it."
        assert "theirs" in " ".join(str(s.render()) for s in app.screen.query(Static))
        await pilot.press("m")
        await pilot.pause()
        assert not isinstance(app.screen, (ConflictDialog, NoteDialog))
        notes = sorted(note for _, _, note in stored())
        assert notes == ["first and mine", "theirs"]  # nothing dropped
        assert any("other window's version is kept too" in m for m in messages(app))


async def test_a_note_changed_in_another_reader_can_be_taken_as_theirs() -> None:
    app = app_for(conversation())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await _edit_while_another_reader_acts(app, pilot, "change")
        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.query_one(TextArea).text == "theirs"
        assert "other window" in shown(app, "#note-problem")
        await pilot.press(*" and more", "ctrl+s")  # an edit of theirs saves without a conflict
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
        assert [note for _, _, note in stored()] == ["theirs and more"]


async def test_a_note_deleted_in_another_reader_is_caught_and_mine_kept() -> None:
    app = app_for(conversation())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await _edit_while_another_reader_acts(app, pilot, "delete")
        assert isinstance(app.screen, ConflictDialog)
        message = shown(app, "#conflict-message")
        assert message == "This note was deleted in another dipreader window since you opened it."
        await pilot.press("escape")  # back to the note: nothing saved, nothing dropped
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one(TextArea).text == "first and mine"
        await pilot.press("ctrl+s", "m")
        await pilot.pause()
        assert not isinstance(app.screen, (ConflictDialog, NoteDialog))
        assert [note for _, _, note in stored()] == ["first and mine"]
        assert app.article._marks == {1: NOTE_MARK}


async def test_after_quitting_the_store_file_alone_holds_every_note(tmp_path: Path) -> None:
    app = app_for(conversation())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        for n in range(4):
            await pilot.press("j", "a", *f"note {n}", "ctrl+s")
            await pilot.pause()
        # Counted without a Store: closing one would fold the log into the file itself.
        with sqlite3.connect(locations.store_path()) as conn:
            assert conn.execute("SELECT count(*) FROM annotation").fetchone()[0] == 4
        conn.close()
        assert Path(f"{locations.store_path()}-wal").stat().st_size > 0  # in the log so far
        await pilot.press("q")
        await pilot.pause()
    copy = tmp_path / "backup-by-hand.sqlite3"
    shutil.copyfile(locations.store_path(), copy)  # notes.sqlite3 alone, not its -wal
    with sqlite3.connect(copy) as conn:
        notes = sorted(str(r[0]) for r in conn.execute("SELECT note FROM annotation"))
    assert notes == [f"note {n}" for n in range(4)]


async def test_a_store_with_a_foreign_table_is_moved_aside_and_b_works() -> None:
    path = locations.store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE annotation (id TEXT, kind TEXT)")
        conn.execute("PRAGMA user_version = 2")
    app = app_for(conversation())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any("lacks the columns" in m and "moved to" in m for m in messages(app))
        await pilot.press("tab", "b")
        await pilot.pause()
        assert app.is_running
        assert stored() == [("bookmark", "Wang Yi met Park Jin in Testville on Monday.", "")]


async def test_a_row_of_an_unknown_kind_is_said_at_start_and_the_rest_shown() -> None:
    meeting = conversation()
    with Store() as store:
        store.add_note(meeting, meeting.sentences[1].start, meeting.sentences[1].end, "shown")
        odd = store.add_note(meeting, meeting.sentences[3].start, meeting.sentences[3].end, "?")
    with sqlite3.connect(locations.store_path()) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("UPDATE annotation SET kind = 'highlight' WHERE id = ?", (odd.id,))
    app = app_for(meeting)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running
        assert any("could not be shown" in m and "highlight" in m for m in messages(app))
        assert app.article._marks == {1: NOTE_MARK}


async def test_a_read_only_data_folder_shows_the_notes_and_says_they_cannot_be_saved() -> None:
    meeting = conversation()
    with Store() as store:
        store.add_note(meeting, meeting.sentences[1].start, meeting.sentences[1].end, "old")
    app = app_for(meeting)
    with read_only_folder(locations.data_dir()):
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert any("cannot be saved" in m for m in messages(app))
            assert app.article._marks == {1: NOTE_MARK}
            await pilot.press("tab", "j", "j", "b", "a")
            await pilot.pause()
            assert not isinstance(app.screen, NoteDialog)
            assert app.article._marks == {1: NOTE_MARK}
            assert app.is_running
