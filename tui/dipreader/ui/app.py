"""The dipreader app: meeting list, article, search, help, and where everything is wired.

The state the screens share (the meetings, the search index, the loading state, the notes)
is a :class:`~dipreader.ui.context.ReaderContext`, given to each screen; the controllers
under ``ui/controllers`` do the loading, the notes and the analyst views. Workers only read
files and post messages; the handlers here, on the main thread, hand them to the controllers.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from dipreader.core.model import Meeting
from dipreader.core.settings import locations
from dipreader.core.text.safe import clean, clean_line
from dipreader.ui.context import ReaderContext
from dipreader.ui.controllers import last_place
from dipreader.ui.controllers.analyst import AnalystViews
from dipreader.ui.controllers.commands import reader_commands
from dipreader.ui.controllers.keymap import use_keymap
from dipreader.ui.controllers.loading import (
    IndexStarted,
    Loader,
    LoadFinished,
    Loading,
    MeetingsLoaded,
    default_loader,
    unless_closed,
)
from dipreader.ui.controllers.notes import Notes, NotesResolved
from dipreader.ui.controllers.reading import Reading
from dipreader.ui.controllers.screenshot import save_screenshot
from dipreader.ui.controllers.theme import KeptTheme
from dipreader.ui.driver import prompt_first
from dipreader.ui.widgets.article_pane import ArticlePane
from dipreader.ui.widgets.article_view import ArticleView
from dipreader.ui.widgets.control_filter import CONTROL_FILTER
from dipreader.ui.widgets.filter_input import FilterInput
from dipreader.ui.widgets.keys_footer import KeysFooter
from dipreader.ui.widgets.meeting_list import MeetingList
from dipreader.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from dipreader.ui.screens.problems_screen import ProblemLine

# Screens, dialogs and the index builder are imported where they are first used: they are
# not needed for the first frame, and importing them all up front slowed the start by a third.

SAVE_DELAY = 0.6  # the last place is written this long after the cursor stops


class DipreaderApp(App[int]):
    """Read diplomatic-meeting readouts: who met whom, and what each side said."""

    CSS_PATH = "dipreader.tcss"
    TITLE = "dipreader"
    AUTO_FOCUS = "MeetingList"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (100, "-normal"),
        (150, "-wide"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: handled before the key reaches the focused widget, so that the keys typed
        # right after it (a burst, a paste) land in the search field rather than the article.
        Binding("slash", "search", "Search", priority=True, id="app.search"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+b,backslash", "toggle_list", "Fold list", id="app.toggle_list"),
        Binding("ctrl+f", "filter", "Filter", show=False, priority=True, id="app.filter"),
        Binding("P", "problems", "Problems", show=False, id="app.problems"),
        Binding("B", "notes", "Notes", priority=True, id="app.notes"),
        # Priority and awaited, like search: a name or phrase typed right after them lands in
        # the picker's or the trend view's field.
        Binding("s", "speakers", "Speaker", show=False, priority=True, id="app.speakers"),
        Binding("c", "compare_mark", "Compare", show=False, id="app.compare"),
        Binding("t", "trend", "Trend", show=False, priority=True, id="app.trend"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit_now"),
    ]

    def __init__(
        self,
        paths: list[str] | None = None,
        *,
        loader: Loader | None = None,
        restore: bool = True,
    ) -> None:
        super().__init__()
        self.paths = list(paths) if paths else [str(locations.seeds_dir())]
        self.context = ReaderContext(self)
        self.loader = Loading(
            self, self.context, self.open_meeting, loader or default_loader, restore
        )
        self.notes = Notes(self, self.context, self.open_meeting)
        self.views = AnalystViews(self, self.context, self.open_meeting)
        self.reading = Reading(self)
        self._save_timer: Timer | None = None
        self._place: tuple[Meeting | None, int] = (None, 0)
        self.kept_theme = KeptTheme(self)

    @property
    def meetings(self) -> list[Meeting]:
        return self.context.meetings

    @property
    def loading(self) -> bool:
        return self.context.loading

    @property
    def problems(self) -> list[ProblemLine]:
        return self.loader.problems

    # -- what reaches the terminal --------------------------------------------------------
    # Every surface goes through these: a line drawn by any widget, a toast, a key's name in
    # the footer or the help, the clipboard. Text from files, notes, keymap.json and paths
    # is data: never markup, never a control sequence.

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), CONTROL_FILTER]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast, its text shown as written: never read as markup (``markup`` is ignored,
        since a widget's ``notify`` asks for markup by default), control characters made
        visible."""
        super().notify(
            clean(message),
            title=clean_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_key_display(self, binding: Binding) -> str:
        # A key named in keymap.json is the user's text: shown, never sent as a sequence.
        return clean_line(super().get_key_display(binding))

    def copy_to_clipboard(self, text: str) -> None:
        """Copy ``text`` with its control characters made visible: pasted into a shell or an
        editor, a copied sentence must not act as keys or escape sequences."""
        super().copy_to_clipboard(clean(text))

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield FilterInput(
                    placeholder="Filter meetings…", id="filter", select_on_focus=False
                )
                yield MeetingList(id="meetings", on_open=self._opened)
            yield ArticlePane(id="pane")
        yield StatusLine(id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        # Loading freezes what it made out of the cycle collector (see corpus.iter_load), so
        # the oldest generation is small and, by default, walked after every tenth middle
        # one: 25 ms at a time with a large corpus open, often enough to miss frames while
        # opening meetings. A tenth as often keeps them within a frame.
        young, middle, _oldest = gc.get_threshold()
        gc.set_threshold(young, middle, 100)
        self.kept_theme.restore()
        use_keymap(self)
        if self.is_headless:
            # Tests and screenshots: a blinking cursor would make pictures differ.
            self.query_one("#filter", Input).cursor_blink = False
        self.query_one(StatusLine).set_progress("loading…")
        # Loading starts once the first frame is drawn (started beside it, it delayed the
        # window by a third). The notes open once loading is over, or when first wanted: they
        # are resolved against the loaded articles anyway, and opening the store on this
        # thread cost a large warm start 60-160 ms before it was searchable.
        self.call_after_refresh(self.loader.start, self.paths)

    # -- what the workers post ----------------------------------------------------------

    def on_index_started(self, message: IndexStarted) -> None:
        self.loader.index_started(message)

    @unless_closed
    def on_meetings_loaded(self, message: MeetingsLoaded) -> None:
        self.loader.batch(message)

    @unless_closed
    def on_load_finished(self, message: LoadFinished) -> None:
        self.loader.finished(message)
        self.call_later(self.notes.after_load)

    @unless_closed
    def on_notes_resolved(self, message: NotesResolved) -> None:
        self.notes.resolved(message)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.loader.follow_top = False  # a click on a meeting while loading keeps that meeting

    def on_key(self, event: events.Key) -> None:
        self.loader.follow_top = False
        # The user has started reading: a late-arriving last place must not yank them away.
        self.loader.restore = None

    # -- reading ------------------------------------------------------------------------

    def open_meeting(self, meeting: Meeting, sentence: int = 0, focus: bool = True) -> None:
        """Show ``meeting`` with the cursor on ``sentence``; focus the article."""
        meeting_list = self.query_one(MeetingList)
        if not meeting_list.select(meeting):
            meeting_list.set_filter("")
            self.query_one("#filter", Input).value = ""
            meeting_list.select(meeting)
        self._show(meeting, sentence)
        if focus:
            self.focus_now(self.query_one(ArticleView))

    def _show(self, meeting: Meeting | None, sentence: int = 0) -> None:
        self.context.shown = meeting
        self.query_one(ArticlePane).show(meeting, sentence)
        self.notes.show_marks()

    def focus_now(self, widget: Widget) -> None:
        """Focus ``widget`` before the next queued key is routed (``focus()`` waits a turn)."""
        widget.screen.set_focus(widget)

    @on(MeetingList.Highlighted)
    @unless_closed
    def _highlighted(self, message: MeetingList.Highlighted) -> None:
        # The list's current meeting, not the message's: by the time a message arrives the
        # highlight may have moved on (a restored place, a search result).
        current = self.query_one(MeetingList).current
        if current is not self.query_one(ArticleView).meeting:
            self._show(current)

    def _opened(self, _meeting: Meeting) -> None:
        self.focus_now(self.query_one(ArticleView))

    @on(ArticleView.CursorMoved)
    @unless_closed
    def _cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self._place = (message.meeting, message.index)
        self.query_one(StatusLine).set_position(message.meeting, message.index)
        if message.meeting is not None:
            if self._save_timer is not None:
                self._save_timer.stop()
            self._save_timer = self.set_timer(SAVE_DELAY, self.save_place)

    def save_place(self) -> None:
        meeting, index = self._place
        if meeting is not None:
            last_place.save(last_place.LastPlace.of(meeting, index))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.loader.restore = None
        self.query_one(MeetingList).set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.focus_now(self.query_one(MeetingList))

    @on(FilterInput.Left)
    def _filter_left(self, event: FilterInput.Left) -> None:
        self.focus_now(self.query_one(MeetingList))

    # -- actions ------------------------------------------------------------------------

    async def action_search(self) -> None:
        from dipreader.ui.screens.search_screen import SearchScreen

        if isinstance(self.screen, SearchScreen):
            return
        # Awaiting the mount holds back the keys typed right after "/" until the search field
        # has the focus; otherwise a fast typist's first letters would move the article.
        screen = SearchScreen(self.context)
        await self.push_screen(screen, self._search_result)
        screen.focus_input()

    def _search_result(self, result: tuple[Meeting, int] | None) -> None:
        if result is not None:
            meeting, sentence = result
            self.open_meeting(meeting, sentence)

    def action_help(self) -> None:
        from dipreader.ui.screens.help_screen import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen.active_bindings, self.focused))

    def action_toggle_list(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if not sidebar.display and self.focused is not None and sidebar in self.focused.ancestors:
            self.query_one(ArticleView).focus()

    def action_filter(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = True
        self.focus_now(self.query_one("#filter", Input))

    # -- bookmarks and notes (ui/controllers/notes.py) ---------------------------------------

    def action_toggle_bookmark(self) -> None:
        self.notes.toggle_bookmark()

    async def action_annotate(self) -> None:
        await self.notes.annotate()

    async def action_notes(self) -> None:
        await self.notes.list_all()

    def action_export(self, fmt: str) -> None:
        """Write every bookmark and note to a file in the data folder, and say where."""
        self.notes.export(fmt)

    # -- reading (ui/controllers/reading.py) ----------------------------------------------

    def action_step_meeting(self, step: int) -> None:
        self.reading.step_meeting(step)

    def action_copy_sentence(self) -> None:
        self.reading.copy_sentence()

    def action_open_page(self) -> None:
        self.reading.open_page()

    def action_where(self) -> None:
        self.reading.where()

    # -- analyst views (ui/controllers/analyst.py) ------------------------------------------------

    async def action_speakers(self) -> None:
        await self.views.pick_speaker()

    def action_show_speaker(self, speaker_id: str) -> None:
        self.views.show_speaker(speaker_id)

    def action_compare_mark(self) -> None:
        self.views.mark()

    async def action_trend(self) -> None:
        await self.views.trend()

    def action_problems(self) -> None:
        from dipreader.ui.screens.problems_screen import ProblemsScreen

        if not self.problems:
            # Say so: a key that does nothing looks broken.
            said = (
                "No load problems so far (still loading)."
                if self.loading
                else "No load problems: every file was read."
            )
            self.notify(said, title="Load problems")
            return
        self.push_screen(ProblemsScreen(self.problems))

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """Save an SVG of the screen and say where: the folder asked for, else the current
        one, else (a folder that cannot be written, or is gone) the data folder's
        ``screenshots``; the path saved to, or None.

        Textual's own (the palette's "Screenshot") saved to the Downloads folder, and where
        there is none it said only "Failed to save screenshot"."""
        return save_screenshot(self, filename, path, time_format)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands (theme, keys, screenshot…), then every dipreader action."""
        yield from super().get_system_commands(screen)
        yield from reader_commands(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "problems":
            return len(self.screen_stack) == 1
        if action in ("compare_mark", "show_speaker", "toggle_list"):
            return len(self.screen_stack) == 1  # over another view they mean nothing
        if action in ("search", "notes", "speakers", "trend"):
            # Priority keys: they type themselves in a text field, and do nothing over another
            # screen (where the same key may mean something else).
            return len(self.screen_stack) == 1 and not isinstance(self.focused, Input)
        return True

    async def action_quit(self) -> None:
        from dipreader.ui.screens.note_dialog import ConfirmDialog, NoteDialog

        drafts = [s for s in self.screen_stack if isinstance(s, NoteDialog) and s.unsaved]
        if drafts and not isinstance(self.screen, ConfirmDialog):
            # A note being written is the user's own work: never drop it without asking.
            def answered(quit_anyway: bool | None) -> None:
                if quit_anyway:
                    self._leave()

            self.push_screen(
                ConfirmDialog("Quit and lose the note being written?", "Quit"), answered
            )
            return
        self._leave()

    def _leave(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self.save_place()
        self.exit(0)

    def on_unmount(self) -> None:
        # However the reader ends: the notes store's log folded into notes.sqlite3, closed.
        self.notes.close()

    @property
    def article(self) -> ArticleView:
        return self.query_one(ArticleView)


def run_app(paths: list[str] | None = None) -> int:
    """Run the reader on ``paths`` (the bundled seeds when there are none); the exit status."""
    app = DipreaderApp([str(Path(p)) for p in paths] if paths else None)
    app.driver_class = prompt_first(app.driver_class)
    result = app.run()
    if app.return_code:  # a crash inside the app: Textual has printed the traceback
        return app.return_code
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    import sys

    # Import by name: run as ``python -m``, this file is ``__main__``, and its classes would
    # not be the ones the other ui modules import.
    from dipreader.ui.app import run_app as _run_app

    raise SystemExit(_run_app(sys.argv[1:]))
