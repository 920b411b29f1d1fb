"""Every bookmark and note across all meetings, newest first; enter jumps to the passage.

A note whose passage can no longer be found is listed as an orphan with its stored quote:
the user's words are never hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dipreader.core.notes.annotation import Item, NoteKind
from dipreader.core.text.safe import clean, clean_line
from dipreader.ui.notebook import BOOKMARK_MARK, NOTE_MARK
from dipreader.ui.screens.note_dialog import ConfirmDialog
from dipreader.ui.widgets import palette

QUOTE_CHARS = 220


def _short(text: str, limit: int) -> str:
    text = " ".join(clean_line(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short_lines(lines: list[str], limit: int) -> str:
    joined = "\n".join(line.rstrip() for line in lines)
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"


def item_prompt(item: Item, dark: bool) -> Text:
    """Kind, date, speaker in colour and title; the quoted passage; the note."""
    text = Text(overflow="fold")
    is_note = item.annotation.kind is NoteKind.NOTE
    text.append(f"{NOTE_MARK if is_note else BOOKMARK_MARK} ", Style(bold=True))
    text.append(item.date_text, Style(bold=True))
    speaker = item.speaker
    if speaker:
        colour: Style = Style(italic=True) if speaker == "joint" else Style(bold=True)
        meeting = item.meeting
        if meeting is not None:
            found = [s for s in meeting.speakers if s.name == speaker]
            if found:
                ids = (s.id for s in meeting.speakers)
                colour = palette.speaker_style(ids, found[0].id, dark) + Style(bold=True)
        text.append("  ")
        text.append(clean_line(speaker), colour)
    if item.title:
        text.append("  " + _short(item.title, 60), Style(dim=True))
    if item.orphan:
        text.append("  orphan: passage not found", Style(bold=True, reverse=True))
    elif item.status.value == "fuzzy":
        text.append("  (passage edited since)", Style(italic=True))
    text.append("\n“" + _short(item.quote, QUOTE_CHARS) + "”", Style(italic=True))
    if is_note and item.annotation.note:
        lines = clean(item.annotation.note).replace("\t", " ").splitlines()[:4]
        text.append("\n" + _short_lines(lines, 400))
    return text


class NotesScreen(ModalScreen[Item | None]):
    """Bookmarks and notes; enter opens, ``d`` deletes (after a confirmation)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,B", "close", "Close", id="notes.close"),
        Binding("enter", "open", "Go to passage", priority=True, id="notes.open"),
        Binding("d,delete", "delete", "Delete", id="notes.delete"),
    ]

    def __init__(self, items: list[Item], delete: Callable[[Item], bool]) -> None:
        super().__init__()
        self.items = list(items)
        self._delete = delete

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-box"):
            yield Static("", id="notes-title")
            yield OptionList(id="notes-list")
            yield Static(
                Text("enter go to passage · d delete · escape close", style=Style(dim=True))
            )

    def on_mount(self) -> None:
        self._fill()
        self.focus_list()

    def focus_list(self) -> None:
        """Focus the list now, not after the keys already queued (``focus()`` waits)."""
        self.set_focus(self.query_one(OptionList))

    def _fill(self, keep: int = 0) -> None:
        notes = sum(1 for i in self.items if i.annotation.kind is NoteKind.NOTE)
        orphans = sum(1 for i in self.items if i.orphan)
        marks = len(self.items) - notes
        title = Text(
            f"Bookmarks and notes: {marks} bookmark{'s' * (marks != 1)}, "
            f"{notes} note{'s' * (notes != 1)}",
            style=Style(bold=True),
        )
        if orphans:
            title.append(f", {orphans} orphaned", Style(bold=True, italic=True))
        if not self.items:
            title = Text(
                "No bookmarks or notes yet: b bookmarks a sentence, a annotates it.",
                style=Style(italic=True),
            )
        self.query_one("#notes-title", Static).update(title)
        dark = self.app.current_theme.dark
        option_list = self.query_one(OptionList)
        option_list.set_options(
            Option(item_prompt(item, dark), id=item.annotation.id) for item in self.items
        )
        if self.items:
            option_list.highlighted = min(keep, len(self.items) - 1)

    def _current(self) -> Item | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.items):
            return None
        return self.items[index]

    def action_open(self) -> None:
        item = self._current()
        if item is None or item.orphan:
            self.app.bell()
            if item is not None:
                self.notify("This passage is no longer in the articles opened.", markup=False)
            return
        self.dismiss(item)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_delete(self) -> None:
        item = self._current()
        if item is None:
            return
        what = "note" if item.annotation.kind is NoteKind.NOTE else "bookmark"

        def answered(yes: bool | None) -> None:
            if yes and self._delete(item):
                position = self.items.index(item)
                self.items.remove(item)
                self._fill(position)

        self.app.push_screen(ConfirmDialog(f"Delete this {what}?", "Delete"), answered)

    def action_close(self) -> None:
        self.dismiss(None)
