"""The dipreader app: meeting list, article, search, help, and where everything is wired.

Workers only read files and post messages; the handlers here own the state (the list, the
problems, the search index), so nothing is touched from two threads.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, NamedTuple, ParamSpec

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from dipreader.core.model import Meeting
from dipreader.core.settings import locations
from dipreader.core.text.safe import clean_line
from dipreader.ui.controllers import last_place
from dipreader.ui.controllers.analyst import AnalystViews
from dipreader.ui.controllers.commands import DipreaderCommands
from dipreader.ui.controllers.keymap import keymap_path, load_keymap
from dipreader.ui.widgets.article_pane import ArticlePane
from dipreader.ui.widgets.article_view import ArticleView
from dipreader.ui.widgets.keys_footer import KeysFooter
from dipreader.ui.widgets.meeting_list import MeetingList
from dipreader.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from dipreader.core.notes.annotation import Item
    from dipreader.core.people.identity import Plan, Registry
    from dipreader.core.search.indexing import IndexBuilder
    from dipreader.core.search.search import SearchIndex
    from dipreader.ui.controllers.notebook import Notebook
    from dipreader.ui.screens.note_dialog import NoteResult
    from dipreader.ui.screens.problems_screen import ProblemLine

# Screens, dialogs and the index builder are imported where they are first used: they are
# not needed for the first frame, and importing them all up front slowed the start by a third.

# What a loader yields: meetings, and problems (objects with .path and .reason).
LoadItem = object
Loader = Callable[[list[str]], Iterable[LoadItem]]

P = ParamSpec("P")

# How often a loading worker hands meetings to the list (each hand-over repaints it): often at
# first, then once a second in a large folder, where repainting would slow the loading down;
# the first screenful is handed over as soon as it is there.
BATCH_SECONDS = 0.25
LARGE_BATCH_SECONDS = 1.0
LARGE_LOAD = 2_000
FIRST_SCREENFUL = 100  # a screen of the list and some to scroll
FIRST_SCREEN_PAUSE = 0.03
SAVE_DELAY = 0.6  # the last place is written this long after the cursor stops
STORE_POLL_SECONDS = 3.0


def default_loader(paths: list[str]) -> Iterable[LoadItem]:
    from dipreader.core.corpus import corpus

    # Its cache is written by save(), once the corpus is searchable (see _load).
    return corpus.Loading(paths)


class Identities(NamedTuple):
    """What loading worked out about who is one person: the renames still to make."""

    registry: Registry
    plan: Plan
    builder: IndexBuilder


def _unless_closed(handler: Callable[P, None]) -> Callable[P, None]:
    """Drop a message that arrives while the app closes (a worker's last batch, say): the
    widgets it would update are already gone. The main widgets are never removed otherwise."""

    @functools.wraps(handler)
    def handle(*args: P.args, **kwargs: P.kwargs) -> None:
        with contextlib.suppress(NoMatches):
            handler(*args, **kwargs)

    return handle


class DipreaderApp(App[int]):
    """Read diplomatic-meeting readouts: who met whom, and what each side said."""

    CSS_PATH = "dipreader.tcss"
    TITLE = "dipreader"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        *App.COMMANDS,
        DipreaderCommands,
    }
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
        Binding("s", "speakers", "Speaker", show=False, id="app.speakers"),
        Binding("c", "compare_mark", "Compare", show=False, id="app.compare"),
        Binding("t", "trend", "Trend", show=False, id="app.trend"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit_now"),
    ]

    class Loaded(Message):
        """A batch of meetings and problems from the loading worker."""

        def __init__(self, meetings: list[Meeting], problems: list[LoadItem], done: int) -> None:
            super().__init__()
            self.meetings = meetings
            self.problems = problems
            self.done = done

    class NotesResolved(Message):
        """Every stored bookmark and note, resolved against the loaded articles."""

        def __init__(self, items: list[Item]) -> None:
            super().__init__()
            self.items = items

    class LoadFinished(Message):
        """Loading is over; with the last batch, so that the list is drawn once, finished."""

        def __init__(
            self,
            done: int,
            error: str | None = None,
            meetings: list[Meeting] | None = None,
            problems: list[LoadItem] | None = None,
            identities: Identities | None = None,
        ) -> None:
            super().__init__()
            self.done = done
            self.error = error
            self.meetings = meetings or []
            self.problems = problems or []
            # Who is one person across the corpus, and what to rename for it (see _load).
            self.identities = identities

    def __init__(
        self,
        paths: list[str] | None = None,
        *,
        loader: Loader | None = None,
        restore: bool = True,
    ) -> None:
        super().__init__()
        self.paths = list(paths) if paths else [str(locations.seeds_dir())]
        self._loader = loader or default_loader
        self.meetings: list[Meeting] = []
        self.problems: list[ProblemLine] = []
        self.loading = True
        self._restore = last_place.load() if restore else None
        self._follow_top = True  # the newest meeting is shown until the reader moves
        self._save_timer: Timer | None = None
        self._place: tuple[Meeting | None, int] = (None, 0)
        # Filled by the loading worker, searched by the search worker: one at a time. None
        # until loading starts (after the first frame: the index module is not needed before).
        self.search_index: SearchIndex | None = None
        self.index_lock = threading.Lock()
        self.notebook: Notebook | None = None
        self.views = AnalystViews(self)  # speaker, compare and trend views

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield Input(placeholder="Filter meetings…", id="filter", select_on_focus=False)
                yield MeetingList(id="meetings")
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
        keymap, note = load_keymap()
        if keymap:
            self.set_keymap(keymap)
        if note:
            self.notify(note, title="Keymap", severity="warning", markup=False)
        if self.is_headless:
            # Tests and screenshots: a blinking cursor would make pictures differ.
            self.query_one("#filter", Input).cursor_blink = False
        self.query_one(StatusLine).set_progress("loading…")
        # Loading starts once the first frame is drawn (started beside it, it delayed the
        # window by a third). The notes open once loading is over, or when first wanted: they
        # are resolved against the loaded articles anyway, and opening the store on this
        # thread cost a large warm start 60-160 ms before it was searchable.
        self.call_after_refresh(self._load, self.paths)

    def _open_notebook(self) -> Notebook:
        from dipreader.ui.controllers.notebook import Notebook

        if self.notebook is not None:
            return self.notebook
        notebook = self.notebook = Notebook()
        if notebook.notice:
            self.notify(notebook.notice, title="Notes", severity="warning", markup=False)
        self._store_version = self._read_store_version()
        # Another reader may add notes: look every few seconds (a cheap PRAGMA).
        self.set_interval(STORE_POLL_SECONDS, self._poll_store)
        return notebook

    # -- loading ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", description="load")
    def _load(self, paths: list[str]) -> None:
        from dipreader.core.people.identity import Registry
        from dipreader.core.search.indexing import IndexBuilder

        worker = get_current_worker()
        meetings: list[Meeting] = []
        problems: list[LoadItem] = []
        done = 0
        last = time.monotonic()
        # Builds the index as meetings arrive, or loads the stored one at the end (warm start).
        builder = IndexBuilder(lock=self.index_lock)
        with self.index_lock:
            self.search_index = builder.index
        items = self._loader(paths)
        # Each meeting's speakers get the ids of the people they are, as far as the meetings
        # so far tell, before anyone sees them; what the whole corpus changes comes at the end.
        registry = Registry(builder.stored_identities())
        first_batch = True
        try:
            for item in items:
                if worker.is_cancelled:
                    return
                done += 1
                if isinstance(item, Meeting):
                    registry.add(item)
                    builder.add(item)
                    meetings.append(item)
                else:
                    problems.append(item)
                now = time.monotonic()
                if done == 1:
                    last = now  # the cache may take a while to open: count from the first
                wait = BATCH_SECONDS if done < LARGE_LOAD else LARGE_BATCH_SECONDS
                if now - last >= wait or (first_batch and len(meetings) >= FIRST_SCREENFUL):
                    self.post_message(self.Loaded(meetings, problems, done))
                    meetings, problems, last = [], [], now
                    if first_batch:
                        # Let the interface show the first screenful now: reading from the
                        # cache would otherwise hold the interpreter until it is all read.
                        first_batch = False
                        time.sleep(FIRST_SCREEN_PAUSE)
        except Exception as error:  # the loader should not raise; if it does, say so
            reason = f"{type(error).__name__}: {error}"
            self.post_message(self.LoadFinished(done, reason, meetings, problems))
            return
        # The index first: listing the last meetings takes the interface a while, and the two
        # would only slow each other down.
        index = builder.finish(store=False)
        with self.index_lock:
            self.search_index = index
        # The renames are worked out here and made by the handler, which owns the meetings
        # the list shows; it then stores the index, with the final ids.
        plan = registry.plan(same_corpus=builder.loaded_from_cache)
        identities = Identities(registry, plan, builder)
        self.post_message(self.LoadFinished(done, None, meetings, problems, identities))
        # Searchable now; what makes the next start fast is written after, not before.
        save = getattr(items, "save", None)
        if callable(save):
            save()

    @_unless_closed
    def on_dipreader_app_loaded(self, message: Loaded) -> None:
        self._take(message.meetings, message.problems)
        self.query_one(StatusLine).set_progress(
            f"loading… {len(self.meetings):,} meetings" + self._problem_note()
        )

    def _take(self, meetings: list[Meeting], problems: list[LoadItem]) -> None:
        """Add a batch of meetings to the list, and of problems to the list of them."""
        self.meetings.extend(meetings)
        if problems:
            from dipreader.ui.screens.problems_screen import (
                ProblemLine,  # its table, only if wanted
            )

            self.problems.extend(ProblemLine.of(p) for p in problems)
        meeting_list = self.query_one(MeetingList)
        meeting_list.add_meetings(meetings)
        self._try_restore(meetings)
        if self._follow_top and self._restore is None:
            # Until the reader moves, the newest meeting is the one shown, whatever order
            # the files arrive in (on a busy machine the first batch may hold one old file).
            meeting_list.action_first()

    @_unless_closed
    def on_dipreader_app_load_finished(self, message: LoadFinished) -> None:
        from dipreader.ui.screens.search_screen import SearchScreen

        self._take(message.meetings, message.problems)
        if message.identities is not None:
            self._one_id_per_person(message.identities)
        self.loading = False
        self._restore = None
        status = self.query_one(StatusLine)
        status.set_progress(f"{len(self.meetings):,} meetings" + self._problem_note())
        if message.error:
            self.notify(message.error, title="Loading stopped", severity="error", markup=False)
        errors = sum(1 for p in self.problems if p.severity == "error")
        if self.problems:
            what = f"{errors:,} could not be loaded" if errors else "loaded with warnings"
            self.notify(
                f"{len(self.problems):,} load problems ({what}). Press P to list them.",
                title="Load problems",
                severity="warning" if errors else "information",
                markup=False,
            )
        if not self.meetings and not message.error:
            self.notify("No articles found.", severity="warning")
        self.refresh_bindings()
        self.call_later(self._after_load)
        for screen in self.screen_stack:
            if isinstance(screen, SearchScreen):
                screen.corpus_changed()

    def _one_id_per_person(self, identities: Identities) -> None:
        """Give every speaker the id of the person they are across the corpus (a few were
        given another as their meetings arrived), in the meetings, the index and on screen;
        then store the index for the next start."""
        if identities.plan:
            with self.index_lock:  # searches see the meetings before or after, never between
                changed = identities.registry.apply(identities.plan)
                identities.builder.rename_speakers(changed, held=True)
            self.query_one(MeetingList).refresh()
            shown = self.article.meeting
            if any(meeting is shown for meeting in changed):
                self.query_one(ArticlePane).speakers_changed()
                self.query_one(StatusLine).redraw()
        self._store_index(identities.builder, identities.registry)

    @work(thread=True, exclusive=True, group="store", description="store the index")
    def _store_index(self, builder: IndexBuilder, registry: Registry) -> None:
        builder.store(registry.final_ids())

    def _after_load(self) -> None:
        self._open_notebook()
        self._resolve_notes(list(self.meetings))

    # Every @work here has a description: without one, Textual makes one from the repr() of
    # every argument, which for 10,000 meetings took most of a second and unpacked them all.
    @work(thread=True, exclusive=True, group="notes", description="resolve notes")
    def _resolve_notes(self, meetings: list[Meeting]) -> None:
        from dipreader.core.notes.store import StoreError

        notebook = self.notebook
        if notebook is None:
            return
        try:
            items = notebook.resolve(meetings)
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.post_message(self.NotesResolved(items))

    @_unless_closed
    def on_dipreader_app_notes_resolved(self, message: NotesResolved) -> None:
        if self.notebook is not None:
            self.notebook.adopt(message.items)
            self._show_marks()

    def _read_store_version(self) -> int | None:
        from dipreader.core.notes.store import StoreError

        try:
            return self.notebook.store.data_version() if self.notebook is not None else None
        except StoreError:
            return None

    @_unless_closed
    def _poll_store(self) -> None:
        version = self._read_store_version()
        if version != self._store_version:
            self._store_version = version
            if not self.loading:
                self._resolve_notes(list(self.meetings))

    def _show_marks(self) -> None:
        view = self.query_one(ArticleView)
        if self.notebook is not None and view.meeting is not None:
            view.set_marks(self.notebook.marks(view.meeting))

    def _problem_note(self) -> str:
        return f", {len(self.problems):,} problems" if self.problems else ""

    def _try_restore(self, arrived: list[Meeting]) -> None:
        place = self._restore
        if place is None:
            return
        for meeting in arrived:
            if meeting.path == place.path and meeting.line == place.line:
                self._restore = None
                self._follow_top = False
                self.open_meeting(meeting, place.sentence_in(meeting))
                return

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._follow_top = False  # a click on a meeting while loading keeps that meeting

    def on_key(self, event: events.Key) -> None:
        self._follow_top = False
        # The user has started reading: a late-arriving last place must not yank them away.
        self._restore = None

    # -- reading ------------------------------------------------------------------------

    def open_meeting(self, meeting: Meeting, sentence: int = 0, focus: bool = True) -> None:
        """Show ``meeting`` with the cursor on ``sentence``; focus the article."""
        meeting_list = self.query_one(MeetingList)
        if not meeting_list.select(meeting):
            meeting_list.set_filter("")
            self.query_one("#filter", Input).value = ""
            meeting_list.select(meeting)
        self.query_one(ArticlePane).show(meeting, sentence)
        self._show_marks()
        if focus:
            self.focus_now(self.query_one(ArticleView))

    def focus_now(self, widget: Widget) -> None:
        """Focus ``widget`` before the next queued key is routed (``focus()`` waits a turn)."""
        widget.screen.set_focus(widget)

    @on(MeetingList.Highlighted)
    @_unless_closed
    def _highlighted(self, message: MeetingList.Highlighted) -> None:
        # The list's current meeting, not the message's: by the time a message arrives the
        # highlight may have moved on (a restored place, a search result).
        current = self.query_one(MeetingList).current
        if current is not self.query_one(ArticleView).meeting:
            self.query_one(ArticlePane).show(current)
            self._show_marks()

    @on(MeetingList.Opened)
    def _opened(self, message: MeetingList.Opened) -> None:
        self.focus_now(self.query_one(ArticleView))

    @on(ArticleView.CursorMoved)
    @_unless_closed
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
        self._restore = None
        self.query_one(MeetingList).set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.focus_now(self.query_one(MeetingList))

    # -- actions ------------------------------------------------------------------------

    async def action_search(self) -> None:
        from dipreader.ui.screens.search_screen import SearchScreen

        if isinstance(self.screen, SearchScreen):
            return
        # Awaiting the mount holds back the keys typed right after "/" until the search field
        # has the focus; otherwise a fast typist's first letters would move the article.
        screen = SearchScreen()
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

    # -- bookmarks and notes --------------------------------------------------------------

    def _writable_notebook(self) -> Notebook | None:
        notebook = self._open_notebook()
        if not notebook.writable:
            self.notify(notebook.notice or "notes cannot be saved", severity="error", markup=False)
            return None
        return notebook

    def action_toggle_bookmark(self) -> None:
        from dipreader.core.notes.store import StoreError
        from dipreader.ui.controllers.notebook import sentence_span

        view = self.query_one(ArticleView)
        meeting = view.meeting
        notebook = self._writable_notebook()
        if meeting is None or not meeting.sentences or notebook is None:
            self.bell()
            return
        start, end = sentence_span(meeting, view.cursor, view.cursor)
        try:
            added = notebook.toggle_bookmark(meeting, start, end)
        except StoreError as error:
            self.notify(str(error), title="Bookmark not saved", severity="error", markup=False)
            return
        self._show_marks()
        self.notify("Bookmarked." if added else "Bookmark removed.", timeout=2)

    def action_annotate(self) -> None:
        from dipreader.core.notes.store import StoreError
        from dipreader.ui.controllers.notebook import sentence_span
        from dipreader.ui.screens.note_dialog import NoteDialog, note_heading

        view = self.query_one(ArticleView)
        meeting = view.meeting
        notebook = self._writable_notebook()
        if meeting is None or not meeting.sentences or notebook is None:
            self.bell()
            return
        first, last = view.selection()
        start, end = sentence_span(meeting, first, last)
        existing = notebook.note_at(meeting, start, end)
        if existing is not None:
            start, end = existing.resolution.start, existing.resolution.end
        heading = note_heading(meeting, first, last, existing is not None, self.current_theme.dark)

        def done(result: NoteResult | None) -> None:
            if result is None:
                return
            try:
                if result.action == "delete" and existing is not None:
                    notebook.delete(existing, meeting)
                    self.notify("Note deleted.", timeout=2)
                elif existing is not None:
                    notebook.update_note(existing, result.text, meeting)
                    self.notify("Note saved.", timeout=2)
                else:
                    notebook.add_note(meeting, start, end, result.text)
                    self.notify("Note saved.", timeout=2)
            except (StoreError, KeyError) as error:
                self.notify(str(error), title="Note not saved", severity="error", markup=False)
                return
            view.set_range_anchor(None)
            self._show_marks()

        quote = meeting.text[start:end]
        self.push_screen(
            NoteDialog(
                heading, quote, existing.annotation.note if existing else "", bool(existing)
            ),
            done,
        )

    async def action_notes(self) -> None:
        from dipreader.core.notes.store import StoreError
        from dipreader.ui.screens.notes_screen import NotesScreen

        if isinstance(self.screen, NotesScreen):
            return
        notebook = self._open_notebook()

        def delete(item: Item) -> bool:
            try:
                notebook.delete(item, item.meeting)
            except StoreError as error:
                self.notify(str(error), title="Not deleted", severity="error", markup=False)
                return False
            self._show_marks()
            return True

        def chosen(item: Item | None) -> None:
            if item is not None and item.meeting is not None:
                index = item.meeting.sentence_at(item.resolution.start) or 0
                self.open_meeting(item.meeting, index)

        # Awaited, like search: keys typed right after "B" go to the list, not the article.
        screen = NotesScreen(notebook.items, delete)
        await self.push_screen(screen, chosen)
        screen.focus_list()

    def action_export(self, fmt: str) -> None:
        """Write every bookmark and note to a file in the data folder, and say where."""
        from dipreader.ui.controllers.notes_export import export_notes

        notebook = self._open_notebook()
        try:
            written = export_notes(notebook.items, fmt)
        except (OSError, ValueError) as error:
            self.notify(f"Export failed: {error}", severity="error", markup=False)
            return
        self.notify(
            f"{len(notebook.items)} items written to {written}", title="Export", markup=False
        )

    def action_step_meeting(self, step: int) -> None:
        """Read the next (1) or previous (-1) meeting of the list without leaving the article."""
        meeting_list = self.query_one(MeetingList)
        before = meeting_list.highlighted
        meeting_list.highlighted = min(max(before + step, 0), max(len(meeting_list.shown) - 1, 0))
        if meeting_list.highlighted == before:
            self.bell()

    def action_copy_sentence(self) -> None:
        """Copy the current sentence (or range) to the clipboard, as the article has it."""
        from dipreader.ui.controllers.notebook import sentence_span

        view = self.query_one(ArticleView)
        meeting = view.meeting
        if meeting is None or not meeting.sentences:
            self.bell()
            return
        start, end = sentence_span(meeting, *view.selection())
        self.copy_to_clipboard(meeting.text[start:end])
        self.notify("Copied.", timeout=2)

    def action_open_page(self) -> None:
        """Open the article's web page (a saved page's address, a feed item's link) in the
        browser; say so when it has none."""
        meeting = self.query_one(ArticleView).meeting
        if meeting is None or not meeting.url:
            self.notify("This article has no web address.", timeout=3)
            return
        self.open_url(meeting.url)
        self.notify(f"Opening {clean_line(meeting.url)}", timeout=3, markup=False)

    def action_where(self) -> None:
        """Say where the notes, the last place, the keymap and the cache are kept."""
        lines = [
            f"Notes: {locations.store_path()}",
            f"Last place: {locations.state_path()}",
            f"Keymap: {keymap_path()}",
            f"Cache: {locations.cache_dir()}",
        ]
        self.notify("\n".join(lines), title="Where dipreader keeps files", timeout=15, markup=False)

    # -- analyst views (ui/controllers/analyst.py) ------------------------------------------------

    def action_speakers(self) -> None:
        self.views.pick_speaker()

    def action_show_speaker(self, speaker_id: str) -> None:
        self.views.show_speaker(speaker_id)

    def action_compare_mark(self) -> None:
        self.views.mark()

    async def action_trend(self) -> None:
        await self.views.trend()

    def action_problems(self) -> None:
        from dipreader.ui.screens.problems_screen import ProblemsScreen

        self.push_screen(ProblemsScreen(self.problems))

    def command_available(self, action: str) -> bool:
        """Whether the palette offers ``action`` (it runs once the palette has closed, so
        the focus and screen checks of the keys do not apply)."""
        if action == "problems":
            return bool(self.problems)
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "problems":
            return bool(self.problems)  # nothing to list until something failed to load
        if action in ("speakers", "compare_mark", "trend", "show_speaker"):
            return len(self.screen_stack) == 1  # over another view they mean nothing
        if action in ("search", "notes"):
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

    @property
    def article(self) -> ArticleView:
        return self.query_one(ArticleView)


def run_app(paths: list[str] | None = None) -> int:
    """Run the reader on ``paths`` (the bundled seeds when there are none); the exit status."""
    app = DipreaderApp([str(Path(p)) for p in paths] if paths else None)
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
