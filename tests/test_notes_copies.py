"""A note stays on its own file: a copy of the file elsewhere never takes it over.

Opening a folder that holds a copy of an annotated article shows the note on the copy, but
the note's stored path stays the original's while that file is there. Only when the
original is gone (the file was moved or renamed) does the note follow, and the user is told
(:attr:`Healed.notice`, shown by the reader). Files on disk, read by the core's loader; no
Textual.
"""

from __future__ import annotations

import os
from pathlib import Path

from dipreader.core.corpus.corpus import load
from dipreader.core.model import Meeting
from dipreader.core.notes.anchor import AnchorStatus
from dipreader.core.notes.annotation import Annotation, resolve_items
from dipreader.core.notes.store import Store
from dipreader.core.settings import locations
from dipreader.ui.notebook import Notebook

SEED = (locations.seeds_dir() / "000_e2ee6582c83f05d0.txt").read_bytes()
PARK = "Park Jin, on his part, expressed that South Korea and China are neighbors"


def article(folder: Path, name: str = "readout.txt", content: bytes = SEED) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


def meetings_in(*paths: Path) -> list[Meeting]:
    result = load(list(paths), cache=False)
    assert result.meetings, result.problems
    return result.meetings


def noted(store: Store, path: Path) -> Annotation:
    (meeting,) = meetings_in(path)
    start = meeting.text.index(PARK)
    return store.add_note(meeting, start, start + len(PARK), "Park on neighbours")


def stored_path(store: Store, note: Annotation) -> str:
    found = store.get(note.id)
    assert found is not None
    return found.anchor.path


def test_a_copy_in_another_folder_does_not_take_the_note(tmp_path: Path) -> None:
    original = article(tmp_path / "readouts")
    copy = article(tmp_path / "backup")
    with Store(tmp_path / "notes.sqlite3") as store:
        note = noted(store, original)
        items = resolve_items(store.all(), meetings_in(copy.parent))
        # Shown on the copy (it is the same text) ...
        assert [item.status for item in items] == [AnchorStatus.RELOCATED]
        assert items[0].path == str(copy)
        # ... but kept on its own file, which is still there; and nothing to tell.
        healed = store.heal(items)
        assert healed.count == 0
        assert healed.notice is None
        assert stored_path(store, note) == str(original)
        again = resolve_items(store.all(), meetings_in(original.parent))
        assert [item.status for item in again] == [AnchorStatus.EXACT]
        assert again[0].path == str(original)


def test_the_original_and_a_copy_opened_together_keep_the_note_on_the_original(
    tmp_path: Path,
) -> None:
    original = article(tmp_path / "readouts")
    copy = article(tmp_path / "backup")
    with Store(tmp_path / "notes.sqlite3") as store:
        note = noted(store, original)
        items = resolve_items(store.all(), meetings_in(copy.parent, original.parent))
        assert [(item.status, item.path) for item in items] == [(AnchorStatus.EXACT, str(original))]
        assert store.heal(items).count == 0
        assert stored_path(store, note) == str(original)


def test_an_original_that_lost_the_passage_keeps_the_note_from_a_copy(tmp_path: Path) -> None:
    # The user's own file changed and no longer holds the passage; an old copy elsewhere
    # still does. The note is not carried off to the copy: its own file is still there.
    original = article(tmp_path / "readouts")
    copy = article(tmp_path / "backup")
    with Store(tmp_path / "notes.sqlite3") as store:
        note = noted(store, original)
        sentence = SEED[SEED.index(PARK.encode()) :].split(b".")[0] + b"."
        original.write_bytes(SEED.replace(sentence, b"The talks went on."))
        items = resolve_items(store.all(), meetings_in(original.parent, copy.parent))
        assert [item.status for item in items] == [AnchorStatus.RELOCATED]
        healed = store.heal(items)
        assert (healed.count, healed.notice) == (0, None)
        assert stored_path(store, note) == str(original)


def test_a_moved_file_takes_its_note_along_and_the_user_is_told(tmp_path: Path) -> None:
    original = article(tmp_path / "readouts")
    moved = tmp_path / "archive" / "2023" / "readout-jakarta.txt"
    with Store(tmp_path / "notes.sqlite3") as store:
        note = noted(store, original)
        moved.parent.mkdir(parents=True)
        os.rename(original, moved)
        items = resolve_items(store.all(), meetings_in(tmp_path / "archive"))
        assert [item.status for item in items] == [AnchorStatus.RELOCATED]
        healed = store.heal(items)
        assert healed.count == 1
        assert healed.followed == ((str(original), str(moved)),)
        assert healed.notice is not None
        assert healed.notice.startswith("1 bookmark or note followed its article to a new path")
        assert f"{original} → {moved}" in healed.notice
        assert stored_path(store, note) == str(moved)
        again = resolve_items(store.all(), meetings_in(moved))
        assert [item.status for item in again] == [AnchorStatus.EXACT]


def test_two_items_on_a_moved_file_name_the_move_once(tmp_path: Path) -> None:
    original = article(tmp_path / "readouts")
    with Store(tmp_path / "notes.sqlite3") as store:
        noted(store, original)
        (meeting,) = meetings_in(original)
        store.toggle_bookmark(meeting, meeting.sentences[0].start, meeting.sentences[0].end)
        moved = tmp_path / "moved" / "readout.txt"
        moved.parent.mkdir()
        os.rename(original, moved)
        healed = store.heal(resolve_items(store.all(), meetings_in(moved.parent)))
        assert healed.count == 2
        assert healed.notice is not None
        assert healed.notice.count("→") == 1
        assert healed.notice.startswith("2 bookmarks and notes followed their article to")


def test_the_reader_is_given_the_notice_of_notes_that_followed_a_file(tmp_path: Path) -> None:
    # ui.notebook.Notebook (no Textual in it) is what the reader resolves notes with: it
    # keeps the notice, and the notes controller shows it.
    original = article(tmp_path / "readouts")
    copy = article(tmp_path / "backup")
    notebook = Notebook(Store(tmp_path / "notes.sqlite3"))
    try:
        noted(notebook.store, original)
        notebook.resolve(meetings_in(copy.parent))
        assert notebook.followed is None
        os.remove(original)
        notebook.resolve(meetings_in(copy.parent))
        assert notebook.followed is not None
        assert f"{original} → {copy}" in notebook.followed
        notebook.resolve(meetings_in(copy.parent))
        assert notebook.followed is None  # said once: the note is now at home on the copy
    finally:
        notebook.store.close()


async def test_the_reader_tells_on_screen_that_a_note_followed_a_moved_file() -> None:
    # The reader's notes controller shows Notebook.followed as a toast (read off the screen).
    from dipreader.ui.app import DipreaderApp
    from ui_support import loader_of, make_meeting, settle

    talk = [("wang-yi", "Wang said the ties between the neighbours matter a great deal.")]
    before = make_meeting(talk, path="gone/talk.txt")  # no such file: it was moved
    after = make_meeting(talk, path="moved/talk.txt")
    with Store() as store:
        store.add_note(before, 0, before.sentences[0].end, "ties")
    app = DipreaderApp(["moved"], loader=loader_of(after))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        shown = ""
        for _ in range(50):  # the toast is drawn a frame or two after it is posted
            await pilot.pause()
            strips = app.screen._compositor.render_strips()
            shown = " ".join("".join(segment.text for segment in strip) for strip in strips)
            shown = " ".join(shown.split())
            if "followed its article" in shown:
                break
        assert "followed its article to a new path" in shown, shown
        assert "gone/talk.txt → moved/talk.txt" in shown
    with Store() as store:
        assert [a.anchor.path for a in store.all()] == ["moved/talk.txt"]
