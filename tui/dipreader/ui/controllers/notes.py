"""Bookmarks, notes and their export, as the reader's keys and palette ask for them.

The notebook (``notebook.py``) opens once loading is over, or when first wanted; its items are
resolved against the loaded articles in a worker, which posts :class:`NotesResolved`; the
app's handler for it calls :meth:`Notes.resolved` on the main thread.

A note being written is never lost (``note_edit.NoteEdit``): a save that fails leaves the dialog
open with the text and keeps a copy in the recovery file, offered back at the next start; a
save overtaken by another reader asks what to do. :meth:`Notes.close` closes the store on quit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.message import Message

from dipreader.core.model import Meeting
from dipreader.ui.context import ReaderContext
from dipreader.ui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from textual.app import App

    from dipreader.core.notes.annotation import Item
    from dipreader.core.notes.recovery import Recovered
    from dipreader.ui.notebook import Notebook
    from dipreader.ui.screens.note_dialog import NoteResult

STORE_POLL_SECONDS = 3.0

OpenMeeting = Callable[[Meeting, int], None]


class NotesResolved(Message):
    """Every stored bookmark and note, resolved against the loaded articles."""

    def __init__(self, items: list[Item]) -> None:
        super().__init__()
        self.items = items


class Notes:
    """Opens the notebook and carries out what the keys ask of it."""

    def __init__(self, app: App[Any], context: ReaderContext, open_meeting: OpenMeeting) -> None:
        self.app = app
        self.context = context
        self._open_meeting = open_meeting
        self._store_version: int | None = None

    # -- the notebook -------------------------------------------------------------------

    def open(self) -> Notebook:
        from dipreader.ui.notebook import Notebook

        if self.context.notebook is not None:
            return self.context.notebook
        notebook = self.context.notebook = Notebook()
        if notebook.notice:
            self.app.notify(notebook.notice, title="Notes", severity="warning", markup=False)
        self._store_version = self._read_store_version()
        # Another reader may add notes: look every few seconds (a cheap PRAGMA).
        self.app.set_interval(STORE_POLL_SECONDS, self.poll_store)
        return notebook

    def after_load(self) -> None:
        self.open()
        self._resolve(list(self.context.meetings))
        self._offer_recovered()

    def close(self) -> None:
        """Close the store (on quit): its log is folded into notes.sqlite3."""
        if self.context.notebook is not None:
            self.context.notebook.store.close()

    def _offer_recovered(self) -> None:
        """Notes kept from failed saves: offer them back (never drop them unasked)."""
        from dipreader.core.notes import recovery
        from dipreader.ui.screens.recovery_screen import RecoveryChoice, RecoveryScreen

        kept = recovery.read()
        if kept.problem:
            self.app.notify(kept.problem, title="Unsaved notes", severity="warning", markup=False)
        if not kept.drafts:
            return

        def answered(choice: RecoveryChoice | None) -> None:
            if choice == "restore":
                self._restore(kept)
            else:
                self.app.notify(
                    f"They stay in {kept.path}; you will be asked again at the next start.",
                    title="Unsaved notes",
                    markup=False,
                )

        self.app.push_screen(RecoveryScreen(kept), answered)

    def _restore(self, kept: Recovered) -> None:
        from dipreader.core.notes import recovery
        from dipreader.core.notes.store import StoreError

        notebook = self.open()
        restored: set[str] = set()
        problem = None
        for draft in kept.drafts:
            try:
                notebook.store.add_restored(draft.anchor, draft.context, draft.text)
            except StoreError as error:
                problem = str(error)
                break
            restored.add(draft.id)
        try:
            recovery.forget(restored, kept.path)
        except OSError as error:  # restored twice next time rather than lost
            problem = problem or f"{kept.path} could not be updated ({error})"
        count = len(restored)
        if count:
            self.app.notify(
                f"{count} note{'s' * (count != 1)} restored: see the notes list (B).",
                title="Unsaved notes",
                markup=False,
            )
        if problem:
            left = len(kept.drafts) - count
            self.app.notify(
                f"{problem}. {left} note{'s' * (left != 1)} still kept in {kept.path}.",
                title="Not restored",
                severity="error",
                markup=False,
            )
        self._resolve(list(self.context.meetings))

    def _resolve(self, meetings: list[Meeting]) -> None:
        self.app.run_worker(
            lambda: self._resolve_in_worker(meetings),
            thread=True,
            exclusive=True,
            group="notes",
            description="resolve notes",
        )

    def _resolve_in_worker(self, meetings: list[Meeting]) -> None:
        from dipreader.core.notes.store import StoreError

        notebook = self.context.notebook
        if notebook is None:
            return
        try:
            items = notebook.resolve(meetings)
        except StoreError as error:
            self.app.call_from_thread(self.app.notify, str(error), severity="error", markup=False)
            return
        if notebook.followed:  # notes that followed a moved file: said, never silent
            self.app.call_from_thread(
                self.app.notify, notebook.followed, title="Notes", markup=False
            )
        self.app.post_message(NotesResolved(items))

    def resolved(self, message: NotesResolved) -> None:
        if self.context.notebook is not None:
            self.context.notebook.adopt(message.items)
            self.show_marks()

    def _read_store_version(self) -> int | None:
        from dipreader.core.notes.store import StoreError

        notebook = self.context.notebook
        try:
            return notebook.store.data_version() if notebook is not None else None
        except StoreError:
            return None

    def poll_store(self) -> None:
        version = self._read_store_version()
        if version != self._store_version:
            self._store_version = version
            if not self.context.loading:
                self._resolve(list(self.context.meetings))

    def show_marks(self) -> None:
        view = self.app.query_one(ArticleView)
        if view.meeting is not None and self.context.notebook is not None:
            view.set_marks(self.context.marks(view.meeting))

    def _writable(self) -> Notebook | None:
        notebook = self.open()
        if not notebook.writable:
            message = notebook.notice or "notes cannot be saved"
            self.app.notify(message, severity="error", markup=False)
            return None
        return notebook

    def _note_target(self) -> tuple[ArticleView, Meeting, Notebook] | None:
        """The article view, its meeting and the notebook a bookmark or note goes to; None
        (with a bell) when there is no sentence to mark or the notes cannot be saved."""
        view = self.app.query_one(ArticleView)
        meeting = view.meeting
        notebook = self._writable()
        if meeting is None or not meeting.sentences or notebook is None:
            self.app.bell()
            return None
        return view, meeting, notebook

    # -- the keys -----------------------------------------------------------------------

    def toggle_bookmark(self) -> None:
        from dipreader.core.notes.store import StoreError
        from dipreader.ui.notebook import sentence_span

        app = self.app
        target = self._note_target()
        if target is None:
            return
        view, meeting, notebook = target
        start, end = sentence_span(meeting, view.cursor, view.cursor)
        try:
            added = notebook.toggle_bookmark(meeting, start, end)
        except StoreError as error:
            app.notify(str(error), title="Bookmark not saved", severity="error", markup=False)
            return
        self.show_marks()
        app.notify("Bookmarked." if added else "Bookmark removed.", timeout=2)

    async def annotate(self) -> None:
        from dipreader.ui.controllers.note_edit import NoteEdit
        from dipreader.ui.notebook import sentence_span
        from dipreader.ui.screens.note_dialog import NoteDialog, note_heading

        app = self.app
        target = self._note_target()
        if target is None:
            return
        view, meeting, notebook = target
        first, last = view.selection()
        start, end = sentence_span(meeting, first, last)
        existing = notebook.note_at(meeting, start, end)
        if existing is not None:
            start, end = existing.resolution.start, existing.resolution.end
        heading = note_heading(meeting, first, last, existing is not None, app.current_theme.dark)
        edit = NoteEdit(app, notebook, meeting, (start, end), existing, self.show_marks)

        def done(result: NoteResult | None) -> None:
            view.set_range_anchor(None)
            self.show_marks()

        quote = meeting.text[start:end]
        text = existing.annotation.note if existing else ""
        edit.dialog = NoteDialog(heading, quote, text, bool(existing), save=edit.save)
        # Awaited, like search (the key is a priority binding of the article, handled on the
        # app's own turn): the keys typed right after "a", a fast typist's or a paste's, wait
        # until the dialog's text area has the focus (its on_mount) instead of moving the article.
        await app.push_screen(edit.dialog, done)

    async def list_all(self) -> None:
        """Every bookmark and note; the one chosen opens."""
        from dipreader.core.notes.store import NoteChanged, StoreError
        from dipreader.ui.screens.notes_screen import NotesScreen

        app = self.app
        if isinstance(app.screen, NotesScreen):
            return
        notebook = self.open()

        def delete(item: Item) -> bool:
            try:
                notebook.delete(item, item.meeting)
            except NoteChanged:
                app.notify(
                    "It was changed in another dipreader window since this list was made, so "
                    "it was not deleted: open the list again to see it.",
                    title="Not deleted",
                    severity="warning",
                    markup=False,
                )
                return False
            except StoreError as error:
                app.notify(str(error), title="Not deleted", severity="error", markup=False)
                return False
            self.show_marks()
            return True

        def chosen(item: Item | None) -> None:
            if item is not None and item.meeting is not None:
                index = item.meeting.sentence_at(item.resolution.start) or 0
                self._open_meeting(item.meeting, index)

        # Awaited, like search: keys typed right after "B" go to the list, not the article.
        screen = NotesScreen(notebook.items, delete)
        await app.push_screen(screen, chosen)
        screen.focus_list()

    def export(self, fmt: str) -> None:
        """Write every bookmark and note to a file in the data folder, and say where."""
        from dipreader.ui.controllers.notes_export import export_notes

        notebook = self.open()
        try:
            written = export_notes(notebook.items, fmt)
        except (OSError, ValueError) as error:
            self.app.notify(f"Export failed: {error}", severity="error", markup=False)
            return
        self.app.notify(
            f"{len(notebook.items)} items written to {written}", title="Export", markup=False
        )
