"""Loading the meetings: a worker reads them and posts batches; the handlers here, called on
the main thread by the app's message handlers, put them in the list and the context.

The worker only reads files and builds the search index (its builder locks the index while
it adds to it); it posts messages, and never assigns what the screens read.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple, ParamSpec

from textual.css.query import NoMatches
from textual.message import Message

from dipreader.core.model import Meeting
from dipreader.ui.background import in_daemon_thread
from dipreader.ui.context import ReaderContext
from dipreader.ui.controllers import last_place
from dipreader.ui.widgets.article_pane import ArticlePane
from dipreader.ui.widgets.article_view import ArticleView
from dipreader.ui.widgets.meeting_list import MeetingList
from dipreader.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from textual.app import App

    from dipreader.core.people.identity import Plan, Registry
    from dipreader.core.search.indexing import IndexBuilder
    from dipreader.ui.screens.problems_screen import ProblemLine

# What a loader yields: meetings, and problems (objects with .path and .reason).
LoadItem = object
Loader = Callable[[list[str]], Iterable[LoadItem]]
OpenMeeting = Callable[[Meeting, int], None]

P = ParamSpec("P")

# How often a loading worker hands meetings to the list (each hand-over repaints it): often at
# first, then once a second in a large folder, where repainting would slow the loading down;
# the first screenful is handed over as soon as it is there.
BATCH_SECONDS = 0.25
LARGE_BATCH_SECONDS = 1.0
LARGE_LOAD = 2_000
FIRST_SCREENFUL = 100  # a screen of the list and some to scroll
FIRST_SCREEN_PAUSE = 0.03


def default_loader(paths: list[str]) -> Iterable[LoadItem]:
    from dipreader.core.corpus import corpus

    # Its cache is written by save(), once the corpus is searchable (see Loading.run).
    return corpus.Loading(paths)


def unless_closed(handler: Callable[P, None]) -> Callable[P, None]:
    """Drop a message that arrives while the app closes (a worker's last batch, say): the
    widgets it would update are already gone. The main widgets are never removed otherwise."""

    @functools.wraps(handler)
    def handle(*args: P.args, **kwargs: P.kwargs) -> None:
        with contextlib.suppress(NoMatches):
            handler(*args, **kwargs)

    return handle


class Identities(NamedTuple):
    """What loading worked out about who is one person: the renames still to make."""

    registry: Registry
    plan: Plan
    builder: IndexBuilder


class IndexStarted(Message):
    """The loading worker has an index to fill: searches may use it from now on."""

    def __init__(self, builder: IndexBuilder) -> None:
        super().__init__()
        self.builder = builder


class MeetingsLoaded(Message):
    """A batch of meetings and problems from the loading worker."""

    def __init__(self, meetings: list[Meeting], problems: list[LoadItem], done: int) -> None:
        super().__init__()
        self.meetings = meetings
        self.problems = problems
        self.done = done


class LoadFinished(Message):
    """Loading is over; with the last batch, so that the list is drawn once, finished."""

    def __init__(
        self,
        done: int,
        error: str | None = None,
        meetings: list[Meeting] | None = None,
        problems: list[LoadItem] | None = None,
        identities: Identities | None = None,
        save_cache: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self.done = done
        # Writes the article cache for the next start: run after the index is stored, never
        # beside it, so that the two large writes do not add up in memory.
        self.save_cache = save_cache
        self.error = error
        self.meetings = meetings or []
        self.problems = problems or []
        # Who is one person across the corpus, and what to rename for it (see Loading.run).
        self.identities = identities


class Loading:
    """Starts the loading worker and takes what it posts (on the main thread)."""

    def __init__(
        self,
        app: App[Any],
        context: ReaderContext,
        open_meeting: OpenMeeting,
        loader: Loader,
        restore: bool,
    ) -> None:
        self.app = app
        self.context = context
        self._open_meeting = open_meeting
        self._loader = loader
        self.problems: list[ProblemLine] = []
        self.restore: last_place.LastPlace | None = None
        self._state_problems: list[str] = []
        if restore:
            self.restore, self._state_problems = last_place.load_with_problems()
        self.follow_top = True  # the newest meeting is shown until the reader moves

    def start(self, paths: list[str]) -> None:
        for problem in self._state_problems:  # said once; the bad value is never written back
            self.app.notify(problem, title="The last place read", severity="warning")
        # Every worker has a description: without one, Textual makes one from the repr() of
        # every argument, which for 10,000 meetings took most of a second and unpacked them all.
        self.app.run_worker(self._load(paths), exclusive=True, group="load", description="load")

    async def _load(self, paths: list[str]) -> None:
        # On a daemon thread (ui/background.py): quitting in the middle of a huge
        # or hostile file does not wait for it. Cancelled, the thread stops at the next item.
        stop = threading.Event()
        try:
            await in_daemon_thread(functools.partial(self.run, paths, stop), "dipreader-load")
        except asyncio.CancelledError:
            stop.set()
            raise

    # -- in the worker ------------------------------------------------------------------

    def run(self, paths: list[str], stop: threading.Event | None = None) -> None:
        """Read ``paths`` and post what is read; until ``stop`` is set, if one is given."""
        from dipreader.core.people.identity import Registry
        from dipreader.core.search.indexing import IndexBuilder

        post = self.app.post_message
        stop = stop or threading.Event()
        meetings: list[Meeting] = []
        problems: list[LoadItem] = []
        done = 0
        last = time.monotonic()
        # Builds the index as meetings arrive, or loads the stored one at the end (warm start).
        builder = IndexBuilder()
        post(IndexStarted(builder))
        items = self._loader(paths)
        # Each meeting's speakers get the ids of the people they are, as far as the meetings
        # so far tell, before anyone sees them; what the whole corpus changes comes at the end.
        registry = Registry(builder.stored_identities())
        first_batch = True
        try:
            for item in items:
                if stop.is_set():
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
                    post(MeetingsLoaded(meetings, problems, done))
                    meetings, problems, last = [], [], now
                    if first_batch:
                        # Let the interface show the first screenful now: reading from the
                        # cache would otherwise hold the interpreter until it is all read.
                        first_batch = False
                        time.sleep(FIRST_SCREEN_PAUSE)
        except Exception as error:  # the loader should not raise; if it does, say so
            reason = f"{type(error).__name__}: {error}"
            post(LoadFinished(done, reason, meetings, problems))
            return
        # The index first: listing the last meetings takes the interface a while, and the two
        # would only slow each other down.
        builder.finish(store=False)
        # The renames are worked out here and made by the handler, which owns the meetings
        # the list shows; it then stores the index, with the final ids.
        plan = registry.plan(same_corpus=builder.loaded_from_cache)
        # Searchable now; what makes the next start fast is written after (by the handler).
        save = getattr(items, "save", None)
        identities = Identities(registry, plan, builder)
        post(
            LoadFinished(
                done, None, meetings, problems, identities, save if callable(save) else None
            )
        )

    # -- on the main thread -------------------------------------------------------------

    def index_started(self, message: IndexStarted) -> None:
        self.context.use_index(message.builder.index, message.builder.lock)

    def batch(self, message: MeetingsLoaded) -> None:
        self._take(message.meetings, message.problems)
        self.app.query_one(StatusLine).set_progress(
            f"loading… {len(self.context.meetings):,} meetings" + self._problem_note()
        )

    def finished(self, message: LoadFinished) -> None:
        app = self.app
        self._take(message.meetings, message.problems)
        if message.identities is not None:
            builder = message.identities.builder
            self.context.use_index(builder.index, builder.lock)  # the one finish() gave
            self._one_id_per_person(message.identities, message.save_cache)
        if self.restore is not None and self.follow_top:
            # The last place read is not among these articles: the newest opens, as on a
            # first start (the list kept the cursor where the waiting left it).
            app.query_one(MeetingList).action_first()
        self.restore = None
        meetings = self.context.meetings
        status = app.query_one(StatusLine)
        status.set_progress(f"{len(meetings):,} meetings" + self._problem_note())
        if message.error:
            app.notify(message.error, title="Loading stopped", severity="error", markup=False)
        errors = sum(1 for p in self.problems if p.severity == "error")
        if self.problems:
            what = f"{errors:,} could not be loaded" if errors else "loaded with warnings"
            app.notify(
                f"{len(self.problems):,} load problems ({what}). Press P to list them.",
                title="Load problems",
                severity="warning" if errors else "information",
                markup=False,
            )
        if not meetings and not message.error:
            app.notify("No articles found.", severity="warning")
        app.refresh_bindings()
        self.context.finished_loading()

    def _take(self, meetings: list[Meeting], problems: list[LoadItem]) -> None:
        """Add a batch of meetings to the list, and of problems to the list of them."""
        self.context.meetings.extend(meetings)
        if problems:
            from dipreader.ui.screens.problems_screen import (
                ProblemLine,  # its table, only if wanted
            )

            self.problems.extend(ProblemLine.of(p) for p in problems)
        meeting_list = self.app.query_one(MeetingList)
        meeting_list.add_meetings(meetings)
        self._try_restore(meetings)
        if self.follow_top and self.restore is None:
            # Until the reader moves, the newest meeting is the one shown, whatever order
            # the files arrive in (on a busy machine the first batch may hold one old file).
            meeting_list.action_first()

    def _one_id_per_person(
        self, identities: Identities, save_cache: Callable[[], object] | None
    ) -> None:
        """Give every speaker the id of the person they are across the corpus (a few were
        given another as their meetings arrived), in the meetings, the index and on screen;
        then store the index for the next start."""
        app = self.app
        if identities.plan:
            with identities.builder.lock:  # searches see the meetings before or after
                changed = identities.registry.apply(identities.plan)
                identities.builder.rename_speakers(changed, held=True)
            app.query_one(MeetingList).refresh()
            shown = app.query_one(ArticleView).meeting
            if any(meeting is shown for meeting in changed):
                app.query_one(ArticlePane).speakers_changed()
                app.query_one(StatusLine).redraw()
        builder, registry = identities.builder, identities.registry

        def store() -> None:
            builder.store(registry.final_ids())
            if save_cache is not None:
                save_cache()

        app.run_worker(
            store,
            thread=True,
            exclusive=True,
            group="store",
            description="store the index",
        )

    def _problem_note(self) -> str:
        return f", {len(self.problems):,} problems" if self.problems else ""

    def _try_restore(self, arrived: list[Meeting]) -> None:
        place = self.restore
        if place is None:
            return
        for meeting in arrived:
            if meeting.path == place.path and meeting.line == place.line:
                self.restore = None
                self.follow_top = False
                self._open_meeting(meeting, place.sentence_in(meeting))
                return
