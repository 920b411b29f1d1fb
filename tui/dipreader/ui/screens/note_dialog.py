"""The note dialog (a multi-line note on a passage), a yes/no confirmation, and the choice
offered when another dipreader changed or deleted the note meanwhile.

``ctrl+s`` saves; ``escape`` cancels, asking first when the note has unsaved text; an existing
note can be deleted (``ctrl+d`` or the button), after a confirmation. The dialog is given the
function that saves: it closes only once the save succeeded, and otherwise stays open with the
text, saying why (:meth:`NoteDialog.show_problem`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from dipreader.core.model import Meeting
from dipreader.core.text.safe import clean, clean_line
from dipreader.ui.widgets import palette

QUOTE_CHARS = 600  # a long passage is shown shortened in the dialog (the note keeps it all)

# The dialog's buttons, as wide as the terminal allows: (save, delete, cancel) labels.
LABELS = {
    "wide": ("Save (ctrl+s)", "Delete… (ctrl+d)", "Cancel (esc)"),
    "medium": ("Save ^s", "Delete… ^d", "Cancel esc"),
    "narrow": ("Save", "Delete…", "Cancel"),
}
COMPACT_BELOW = (70, 24)  # columns, rows: under either, one-line buttons


@dataclass(frozen=True, slots=True)
class NoteResult:
    action: Literal["save", "delete"]
    text: str = ""


# Saves what the dialog asks; True when done (the dialog closes), False to stay open.
SaveNote = Callable[[NoteResult], bool]


class ConfirmDialog(ModalScreen[bool]):
    """A question answered with yes (``y``) or no (``n``/escape); enter presses the focused
    button, which is No at first. The buttons name their keys: a newcomer cannot guess ``y``."""

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
                yield Button(f"{self.yes} (y)", variant="error", id="confirm-yes")
                yield Button("No (n)", id="confirm-no")

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

    # The box fits the terminal down to 40x20: the passage and the text area shrink with the
    # height, and the buttons become one line (and shorter) on narrow or short terminals.
    HORIZONTAL_BREAKPOINTS = [
        (0, "-note-narrow"),
        (50, "-note-medium"),
        (COMPACT_BELOW[0], "-note-wide"),
    ]
    VERTICAL_BREAKPOINTS = [
        (0, "-note-short"),
        (COMPACT_BELOW[1], "-note-mid"),
        (36, "-note-tall"),
    ]

    DEFAULT_CSS = """
    #note-passage {
        height: auto;
        max-height: 6;
        color: $text-muted;
        border-left: outer $accent 50%;
        padding: 0 1;
        margin: 1 0;
    }
    #note-editor { height: 8; }
    NoteDialog.-note-mid {
        #note-passage { max-height: 4; }
        #note-editor { height: 6; }
    }
    NoteDialog.-note-short {
        #note-passage { max-height: 3; margin: 1 0 0 0; }
        #note-editor { height: 5; }
    }
    NoteDialog.-note-narrow, NoteDialog.-note-medium, NoteDialog.-note-short {
        #note-buttons { margin-top: 1; }
        #note-buttons > Button { min-width: 0; }
    }
    #note-problem {
        height: auto;
        color: $error;
        text-style: bold;
        display: none;
        &.-shown { display: block; }
    }
    """

    def __init__(
        self,
        heading: Text,
        quote: str,
        note: str = "",
        existing: bool = False,
        save: SaveNote | None = None,
    ) -> None:
        super().__init__()
        self.heading = heading
        self.quote = quote
        self.initial = note
        self.existing = existing
        self._save_note = save

    def compose(self) -> ComposeResult:
        shown = clean(self.quote)
        if len(shown) > QUOTE_CHARS:
            shown = shown[: QUOTE_CHARS // 2] + " … " + shown[-QUOTE_CHARS // 2 :]
        with Vertical(id="note-box"):
            yield Static(self.heading, id="note-heading")
            with VerticalScroll(id="note-passage"):
                yield Static(Text(shown, style=Style(italic=True)))
            area = TextArea(self.initial, id="note-editor", soft_wrap=True, show_line_numbers=False)
            yield area
            yield Static("", id="note-problem")
            save, delete, cancel = LABELS["wide"]
            with Horizontal(id="note-buttons"):
                yield Button(save, variant="primary", id="note-save")
                if self.existing:
                    yield Button(delete, variant="error", id="note-delete")
                yield Button(cancel, id="note-cancel")

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        tier = "wide" if width >= COMPACT_BELOW[0] else "medium" if width >= 50 else "narrow"
        compact = width < COMPACT_BELOW[0] or height < COMPACT_BELOW[1]
        ids = ("#note-save", "#note-delete", "#note-cancel")
        for button_id, label in zip(ids, LABELS[tier], strict=True):
            for button in self.query(button_id).results(Button):
                button.label = label
                button.compact = compact

    def on_mount(self) -> None:
        area = self.query_one("#note-editor", TextArea)
        if self.app.is_headless:
            area.cursor_blink = False
        area.move_cursor(area.document.end)
        self.set_focus(area)

    @property
    def text(self) -> str:
        return self.query_one("#note-editor", TextArea).text

    @property
    def unsaved(self) -> bool:
        """Whether the note has text that is not saved yet."""
        return bool(self.text.strip()) and self.text != self.initial

    def show_problem(self, message: str) -> None:
        """Say in the dialog why the note was not saved (plain text, never markup)."""
        problem = self.query_one("#note-problem", Static)
        problem.update(Text(clean(message)))
        problem.set_class(bool(message), "-shown")

    def take(self, text: str) -> None:
        """Show ``text`` (the note as another reader saved it) in place of what was typed."""
        self.initial = text
        area = self.query_one("#note-editor", TextArea)
        area.load_text(text)
        area.move_cursor(area.document.end)

    def _finish(self, result: NoteResult) -> None:
        if self._save_note is None or self._save_note(result):
            self.dismiss(result)

    def action_save(self) -> None:
        text = self.text.strip()
        if not text:
            message = (
                "Write a note, or delete it with ctrl+d." if self.existing else "Write a note."
            )
            self.notify(message, severity="warning")
            return
        self._finish(NoteResult("save", self.text.rstrip()))

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
                self._finish(NoteResult("delete"))

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


ConflictChoice = Literal["mine", "theirs"]


class ConflictDialog(ModalScreen[ConflictChoice | None]):
    """Another reader changed (``theirs`` is its text) or deleted (``theirs`` is None) the
    note being saved: keep this text as a new note, or take what the other reader did.
    Escape goes back to the note, with nothing saved or dropped."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('mine')", "Keep mine as a new note", id="conflict.mine"),
        Binding("t", "choose('theirs')", "Take theirs", id="conflict.theirs"),
        Binding("escape", "back", "Back to the note", id="conflict.back"),
    ]

    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    #conflict-box {
        width: 90%;
        max-width: 90;
        height: auto;
        max-height: 90%;
        border: round $warning;
        padding: 1 2;
    }
    #conflict-message { height: auto; }
    #conflict-theirs {
        height: auto;
        max-height: 8;
        border-left: outer $warning 50%;
        padding-left: 1;
        margin: 1 0;
    }
    #conflict-buttons {
        height: auto;
        align-horizontal: right;
        & > Button { margin-left: 1; }
    }
    """

    def __init__(self, message: str, theirs: str | None) -> None:
        super().__init__()
        self.message = message
        self.theirs = theirs

    def compose(self) -> ComposeResult:
        deleted = self.theirs is None
        with Vertical(id="conflict-box"):
            yield Static(Text(clean(self.message), style=Style(bold=True)), id="conflict-message")
            if self.theirs is not None:
                with VerticalScroll(id="conflict-theirs"):
                    yield Static(
                        Text("Their version:\n", style=Style(dim=True)) + Text(clean(self.theirs))
                    )
            yield Static(
                Text(
                    "Keep your text as a new note beside theirs, or "
                    + (
                        "let it go: the note stays deleted."
                        if deleted
                        else "take their version (yours is dropped)."
                    )
                )
            )
            with Horizontal(id="conflict-buttons"):
                yield Button("Keep mine as a new note (m)", variant="primary", id="conflict-mine")
                yield Button(
                    "Let it go (t)" if deleted else "Take theirs (t)",
                    variant="warning",
                    id="conflict-theirs-button",
                )
                yield Button("Back (esc)", id="conflict-back")

    def on_mount(self) -> None:
        self.query_one("#conflict-mine", Button).focus()

    def action_choose(self, choice: ConflictChoice) -> None:
        self.dismiss(choice)

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choices: dict[str | None, ConflictChoice] = {
            "conflict-mine": "mine",
            "conflict-theirs-button": "theirs",
        }
        self.dismiss(choices.get(event.button.id))


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
