"""Pilot tests of bookmarks and notes in the reader (issue 5): keys, dialogs, list, markers."""

from __future__ import annotations

from textual.widgets import OptionList, TextArea

from dipreader.core.model import Meeting
from dipreader.core.notes.annotation import NoteKind
from dipreader.core.notes.store import Store
from dipreader.core.settings import locations
from dipreader.ui.app import DipreaderApp
from dipreader.ui.notebook import BOOKMARK_MARK, NOTE_MARK
from dipreader.ui.screens.note_dialog import ConfirmDialog, NoteDialog
from dipreader.ui.screens.notes_screen import NotesScreen
from ui_support import loader_of, make_meeting, settle

CONVERSATION = [
    ("narration", "Wang Yi met Park Jin in Testville on Monday."),
    ("wang-yi", "Wang said the ties matter."),
    ("wang-yi", "He added that trade should grow.\n"),
    ("park-jin", "Park said Seoul agrees."),
    ("park-jin", "He hoped for more visits.\n"),
    ("joint", "The two sides agreed to meet again."),
]


def app_for(*meetings: object) -> DipreaderApp:
    return DipreaderApp(["made"], loader=loader_of(*meetings))


def conversation(path: str = "talk.txt") -> Meeting:
    return make_meeting(CONVERSATION, path=path)


def stored() -> list[tuple[str, str, str]]:
    with Store() as store:
        return [(a.kind.value, a.anchor.exact, a.note) for a in store.all()]


async def test_b_toggles_a_bookmark_with_a_marker() -> None:
    app = app_for(conversation())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "j", "b")
        await pilot.pause()
        assert stored() == [("bookmark", "Wang said the ties matter.", "")]
        assert app.article._marks == {1: BOOKMARK_MARK}
        await pilot.press("b")
        await pilot.pause()
        assert stored() == []
        assert app.article._marks == {}


async def test_a_writes_a_note_on_a_range_and_it_survives_a_restart() -> None:
    app = app_for(conversation())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "j", "j", "j", "v", "j", "a")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"Seoul agrees", "enter", *"[b]not markup[/b]", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
        assert stored() == [
            (
                "note",
                "Park said Seoul agrees. He hoped for more visits.",
                "Seoul agrees\n[b]not markup[/b]",
            )
        ]
        assert app.article.range_anchor is None
        assert app.article._marks == {3: NOTE_MARK, 4: NOTE_MARK}
        await pilot.press("q")
    again = app_for(conversation())
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        assert again.article._marks == {3: NOTE_MARK, 4: NOTE_MARK}
        assert again.article.cursor == 4  # the last place, too


async def test_an_existing_note_opens_for_editing_and_can_be_deleted() -> None:
    app = app_for(conversation())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "j", "a", *"first", "ctrl+s")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.query_one(TextArea).text == "first"
        await pilot.press(*" and more", "ctrl+s")
        await pilot.pause()
        assert stored() == [("note", "Wang said the ties matter.", "first and more")]
        await pilot.press("a", "ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # changed my mind
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("ctrl+d", "y")
        await pilot.pause()
        assert stored() == []
        assert app.article._marks == {}


async def test_escape_cancels_but_asks_first_when_the_note_has_text() -> None:
    app = app_for(conversation())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "a", "escape")  # nothing written: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
        await pilot.press("a", *"draft", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # no: keep writing
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not isinstance(app.screen, (NoteDialog, ConfirmDialog))
        assert stored() == []


async def test_an_empty_note_is_not_saved() -> None:
    app = app_for(conversation())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "a", "space", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert stored() == []


async def test_v_starts_a_range_and_escape_ends_it() -> None:
    app = app_for(conversation())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "v", "j", "j")
        assert app.article.selection() == (0, 2)
        await pilot.press("escape")
        assert app.article.range_anchor is None
        assert app.article.selection() == (2, 2)


async def test_the_list_shows_everything_newest_first_and_enter_jumps() -> None:
    first = conversation("one.txt")
    second = make_meeting(CONVERSATION, path="two.txt", venue="Elsewhere")
    app = app_for(first, second)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_meeting(first, 1)
        await pilot.press("b")
        app.open_meeting(second, 3)
        await pilot.press("a", *"my note", "ctrl+s")
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        assert [item.annotation.kind for item in screen.items] == [NoteKind.NOTE, NoteKind.BOOKMARK]
        prompts = [str(screen.query_one(OptionList).get_option_at_index(i).prompt) for i in (0, 1)]
        assert "my note" in prompts[0]
        assert "Park said Seoul agrees." in prompts[0]
        assert "Wang said the ties matter." in prompts[1]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, NotesScreen)
        assert app.article.meeting is first
        assert app.article.cursor == 1


async def test_orphans_are_listed_with_their_quote() -> None:
    meeting = conversation()
    app = app_for(meeting)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "j", "a", *"keep me", "ctrl+s", "q")
    rewritten = make_meeting([("narration", "An entirely different article now.")], path="talk.txt")
    again = app_for(rewritten)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        await pilot.press("B")
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, NotesScreen)
        assert len(screen.items) == 1
        assert screen.items[0].orphan
        prompt = str(screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "orphan" in prompt
        assert "Wang said the ties matter." in prompt
        assert "keep me" in prompt


async def test_delete_from_the_list_after_a_confirmation() -> None:
    app = app_for(conversation())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "b", "B", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        assert app.screen.items == []
        assert stored() == []


async def test_export_from_the_palette_writes_a_file() -> None:
    app = app_for(conversation())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "b")
        app.action_export("json")
        await pilot.pause()
        files = list((locations.data_dir() / "exports").glob("notes-*.json"))
        assert len(files) == 1
        assert "Wang Yi met Park Jin in Testville on Monday." in files[0].read_text("utf-8")


async def test_keys_right_after_B_reach_the_list() -> None:
    from textual import events

    first = conversation("one.txt")
    app = app_for(first)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "b", "j", "j", "j", "b", "k")
        await pilot.pause()
        for key, char in (("B", "B"), ("enter", "\r")):
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause(0.2)
        assert not isinstance(app.screen, NotesScreen)
        assert app.article.cursor == 3  # the newest bookmark, first in the list


async def test_notes_written_by_another_reader_appear() -> None:
    meeting = conversation()
    app = app_for(meeting)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        with Store() as other:  # a second dipreader, as far as the store can tell
            other.add_bookmark(meeting, meeting.sentences[1].start, meeting.sentences[1].end)
        app.notes.poll_store()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.article._marks == {1: BOOKMARK_MARK}


async def test_a_damaged_store_is_moved_aside_and_the_user_is_told_where() -> None:
    store_path = locations.store_path()
    store_path.parent.mkdir(parents=True, exist_ok=True)
    store_path.write_bytes(b"this is not a database" * 100)
    app = app_for(conversation())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("moved to" in m and "broken" in m for m in messages)
        await pilot.press("tab", "b")  # the fresh store works
        await pilot.pause()
        assert stored() == [("bookmark", "Wang Yi met Park Jin in Testville on Monday.", "")]
    assert list(store_path.parent.glob("notes.sqlite3.broken-*"))


async def test_ctrl_q_asks_before_dropping_a_note_being_written() -> None:
    app = app_for(conversation())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "a", *"half a thought", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one(TextArea).text == "half a thought"
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert app.return_value == 0
