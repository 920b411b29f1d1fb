"""One note being written or edited, from the dialog's save to the store, keeping the text
whatever goes wrong (see :class:`NoteEdit`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from dipreader.core.model import Meeting
from dipreader.ui.screens.note_dialog import ConflictChoice, NoteDialog, NoteResult

if TYPE_CHECKING:
    from textual.app import App

    from dipreader.core.notes.annotation import Item
    from dipreader.core.notes.recovery import Draft
    from dipreader.ui.notebook import Notebook


class NoteEdit:
    """One note being written or edited: saves it, and keeps the text whatever goes wrong.

    - A save that fails (a full disk): the dialog stays open with the text and says why, and
      the text is kept in the recovery file (forgotten again once a save succeeds).
    - Another reader changed or deleted the note since it was opened: the user chooses to
      keep this text as a new note, or to take what the other reader did.
    """

    def __init__(
        self,
        app: App[Any],
        notebook: Notebook,
        meeting: Meeting,
        span: tuple[int, int],
        existing: Item | None,
        show_marks: Callable[[], None],
    ) -> None:
        self.app = app
        self.show_marks = show_marks
        self.notebook = notebook
        self.meeting = meeting
        self.span = span
        self.existing = existing
        self.version = existing.annotation.version if existing is not None else 0
        self.dialog: NoteDialog | None = None
        self.draft: Draft | None = None  # the copy in the recovery file, if one was made

    def save(self, result: NoteResult) -> bool:
        """What the dialog's save and delete do; True when the dialog may close."""
        from dipreader.core.notes.store import NoteChanged, NoteGone, StoreError

        notebook, meeting, existing = self.notebook, self.meeting, self.existing
        try:
            if result.action == "delete" and existing is not None:
                notebook.delete(existing, meeting, self.version)
                self._told("Note deleted.")
                return True
            if existing is not None:
                notebook.update_note(existing, result.text, meeting, self.version)
            else:
                notebook.add_note(meeting, *self.span, result.text)
        except NoteChanged as conflict:
            if result.action == "delete":
                self._take(conflict.current.note, conflict.current.version)
                self._say(
                    f"{conflict} It was not deleted: its text there is shown now; ctrl+d "
                    "deletes it after all."
                )
            else:
                self._conflict(result.text, str(conflict), conflict.current.note)
            return False
        except NoteGone as gone:
            if result.action == "delete":  # gone already, as asked
                notebook.reload(meeting)
                return True
            self._conflict(result.text, str(gone), None)
            return False
        except StoreError as error:
            self._failed(result, error)
            return False
        self._saved("Note saved.")
        return True

    def _conflict(self, text: str, message: str, theirs: str | None) -> None:
        from dipreader.ui.screens.note_dialog import ConflictDialog

        def answered(choice: ConflictChoice | None) -> None:
            if choice == "mine":
                self._keep_as_new(text, theirs is None)
            elif choice == "theirs":
                if theirs is None:
                    self.notebook.reload(self.meeting)
                    self._close("The note stays deleted; your text was dropped.")
                else:
                    self._take(theirs, self._current_version())
                    self._say("This is the version saved in the other window.")
                    self.notebook.reload(self.meeting)
                    self.show_marks()

        self.app.push_screen(ConflictDialog(message, theirs), answered)

    def _keep_as_new(self, text: str, deleted: bool) -> None:
        from dipreader.core.notes.store import StoreError

        try:
            self.notebook.add_note(self.meeting, *self.span, text)
        except StoreError as error:
            self.existing = None  # the next ctrl+s tries to save it as a new note again
            self._failed(NoteResult("save", text), error)
            return
        self._forget_draft()
        other = "" if deleted else "; the other window's version is kept too"
        self._close(f"Saved as a new note{other}.")

    def _current_version(self) -> int:
        if self.existing is None:
            return 0
        found = self.notebook.store.get(self.existing.annotation.id)
        return found.version if found is not None else self.version

    def _failed(self, result: NoteResult, error: Exception) -> None:
        from dipreader.core.notes import recovery
        from dipreader.core.notes.anchor import Anchor
        from dipreader.core.notes.annotation import Context

        if result.action == "delete":
            self._say(f"Not deleted: {error}")
            return
        start, end = self.span
        draft = recovery.Draft(
            text=result.text,
            anchor=Anchor.from_span(self.meeting, start, end),
            context=Context.of(self.meeting, start),
            reason=str(error),
        )
        if self.draft is not None:  # the same draft, kept again: replaced, not doubled
            draft = replace(draft, id=self.draft.id)
        try:
            kept = recovery.keep(draft)
        except OSError as problem:
            copy = (
                f" It could not be kept in a file either ({problem}): copy it somewhere before "
                "closing this dialog."
            )
        else:
            self.draft = draft
            copy = f" A copy is kept in {kept} and offered back at the next start."
        self._say(f"Not saved: {error}. Your text is still here; ctrl+s tries again.{copy}")

    def _saved(self, message: str) -> None:
        self._forget_draft()
        self._told(message)

    def _forget_draft(self) -> None:
        from dipreader.core.notes import recovery

        if self.draft is not None:
            try:
                recovery.forget({self.draft.id})
            except OSError:
                return  # offered again at the next start: a duplicate, never a loss
            self.draft = None

    def _take(self, text: str, version: int) -> None:
        self.version = version
        if self.dialog is not None:
            self.dialog.take(text)

    def _say(self, message: str) -> None:
        if self.dialog is not None:
            self.dialog.show_problem(message)

    def _told(self, message: str) -> None:
        self.app.notify(message, timeout=2, markup=False)

    def _close(self, message: str) -> None:
        if self.dialog is not None and self.dialog.is_attached:
            self.dialog.dismiss(None)
        self.show_marks()
        self._told(message)
