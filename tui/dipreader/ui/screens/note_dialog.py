"""The note dialog (a multi-line note on a passage) and a yes/no confirmation.

``ctrl+s`` saves; ``escape`` cancels, asking first when the note has unsaved text; an existing
note can be deleted (``ctrl+d`` or the button), after a confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from dipreader.core.model import Meeting
from dipreader.core.text.safe import clean, clean_line
from dipreader.ui.widgets import palette

QUOTE_CHARS = 600  # a long passage is shown shortened in the dialog (the note keeps it all)


@dataclass(frozen=True, slots=True)
class NoteResult:
    action: Literal["save", "delete"]
    text: str = ""


class ConfirmDialog(ModalScreen[bool]):
    """A question answered with yes (``y``/enter) or no (``n``/escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Text(self.question, style=Style(bold=True)), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(self.yes, variant="error", id="confirm-yes")
                yield Button("No", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")


class NoteDialog(ModalScreen[NoteResult | None]):
    """Write or edit the note on a passage."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="note.save"),
        Binding("escape", "cancel", "Cancel", priority=True, id="note.cancel"),
        Binding("ctrl+d", "delete", "Delete note", priority=True, id="note.delete"),
    ]

    def __init__(self, heading: Text, quote: str, note: str = "", existing: bool = False) -> None:
        super().__init__()
        self.heading = heading
        self.quote = quote
        self.initial = note
        self.existing = existing

    def compose(self) -> ComposeResult:
        shown = clean(self.quote)
        if len(shown) > QUOTE_CHARS:
            shown = shown[: QUOTE_CHARS // 2] + " … " + shown[-QUOTE_CHARS // 2 :]
        with Vertical(id="note-box"):
            yield Static(self.heading, id="note-heading")
            with VerticalScroll(id="note-quote"):
                yield Static(Text(shown, style=Style(italic=True)))
            area = TextArea(self.initial, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield area
            with Horizontal(id="note-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="note-save")
                if self.existing:
                    yield Button("Delete… (ctrl+d)", variant="error", id="note-delete")
                yield Button("Cancel (esc)", id="note-cancel")

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        if self.app.is_headless:
            area.cursor_blink = False
        area.move_cursor(area.document.end)
        self.set_focus(area)

    @property
    def text(self) -> str:
        return self.query_one("#note-text", TextArea).text

    @property
    def unsaved(self) -> bool:
        """Whether the note has text that is not saved yet."""
        return bool(self.text.strip()) and self.text != self.initial

    def action_save(self) -> None:
        text = self.text.strip()
        if not text:
            message = (
                "Write a note, or delete it with ctrl+d." if self.existing else "Write a note."
            )
            self.notify(message, severity="warning")
            return
        self.dismiss(NoteResult("save", self.text.rstrip()))

    def action_cancel(self) -> None:
        if self.unsaved:

            def answered(discard: bool | None) -> None:
                if discard:
                    self.dismiss(None)

            self.app.push_screen(ConfirmDialog("Discard this note?", "Discard"), answered)
            return
        self.dismiss(None)

    def action_delete(self) -> None:
        if not self.existing:
            return

        def answered(delete: bool | None) -> None:
            if delete:
                self.dismiss(NoteResult("delete"))

        self.app.push_screen(ConfirmDialog("Delete this note?", "Delete"), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only an existing note can be deleted.
        return not (action == "delete" and not self.existing)

    @on(Button.Pressed, "#note-save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#note-delete")
    def _delete(self) -> None:
        self.action_delete()

    @on(Button.Pressed, "#note-cancel")
    def _cancel(self) -> None:
        self.action_cancel()


def note_heading(meeting: Meeting, first: int, last: int, existing: bool, dark: bool) -> Text:
    """ "New note" or "Edit note", on how many sentences, by whom, in which meeting."""
    low, high = sorted((first, last))
    text = Text()
    text.append("Edit note" if existing else "New note", Style(bold=True))
    count = high - low + 1
    text.append(f" on {count} sentences" if count > 1 else " on a sentence")
    speakers = []
    for index in range(low, high + 1):
        speaker = meeting.speaker(meeting.sentences[index].speaker)
        if speaker is not None and speaker not in speakers:
            speakers.append(speaker)
    looks = palette.looks(s.id for s in meeting.speakers)
    for number, speaker in enumerate(speakers):
        text.append(" by " if number == 0 else ", ")
        text.append(clean_line(speaker.name), looks[speaker.id].style(dark))
    text.append(f"  ·  {meeting.date_text} {clean_line(meeting.venue or meeting.title)}")
    return text
