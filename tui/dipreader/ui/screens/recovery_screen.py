"""Notes that could not be saved last time, offered back at the start.

Each is shown with the passage it was about and its text; ``r`` restores them all as notes,
``l`` or escape leaves them in their file, to be offered again at the next start.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from dipreader.core.notes.recovery import Draft, Recovered
from dipreader.core.text.safe import clean, clean_line

RecoveryChoice = Literal["restore", "later"]
QUOTE_CHARS = 200


def _short(text: str, limit: int) -> str:
    text = " ".join(clean_line(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RecoveryScreen(ModalScreen[RecoveryChoice]):
    """The drafts kept from failed saves, and what to do with them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('restore')", "Restore as notes", id="recovery.restore"),
        Binding("l,escape", "choose('later')", "Later", id="recovery.later"),
    ]

    DEFAULT_CSS = """
    RecoveryScreen { align: center middle; }
    #recovery-box {
        width: 90%;
        max-width: 110;
        height: auto;
        max-height: 90%;
        border: round $warning;
        padding: 1 2;
    }
    #recovery-title, #recovery-why { height: auto; }
    #recovery-drafts { height: auto; max-height: 20; margin: 1 0; }
    .recovery-draft { height: auto; margin-bottom: 1; }
    #recovery-buttons {
        height: auto;
        align-horizontal: right;
        & > Button { margin-left: 1; }
    }
    """

    def __init__(self, recovered: Recovered) -> None:
        super().__init__()
        self.recovered = recovered

    def compose(self) -> ComposeResult:
        drafts = self.recovered.drafts
        count = len(drafts)
        what = "A note" if count == 1 else f"{count} notes"
        with Vertical(id="recovery-box"):
            yield Static(
                Text(f"{what} could not be saved last time", style=Style(bold=True)),
                id="recovery-title",
            )
            yield Static(
                Text(
                    f"{'It was' if count == 1 else 'They were'} kept in "
                    f"{clean_line(str(self.recovered.path))}. Restore "
                    f"{'it' if count == 1 else 'them'} as notes on "
                    f"{'its passage' if count == 1 else 'their passages'}, or decide later "
                    "(you will be asked again at the next start)."
                ),
                id="recovery-why",
            )
            with VerticalScroll(id="recovery-drafts"):
                for draft in drafts:
                    yield Static(describe(draft), classes="recovery-draft")
            with Horizontal(id="recovery-buttons"):
                yield Button("Restore as notes (r)", variant="primary", id="recovery-restore")
                yield Button("Later (l)", id="recovery-later")

    def on_mount(self) -> None:
        self.query_one("#recovery-restore", Button).focus()

    def action_choose(self, choice: RecoveryChoice) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss("restore" if event.button.id == "recovery-restore" else "later")


def describe(draft: Draft) -> Text:
    """Where the draft's passage was, why it was not saved, the passage, and the text."""
    shown = Text()
    where = " ".join(p for p in (draft.context.date, _short(draft.context.title, 60)) if p)
    shown.append(where or _short(draft.anchor.path, 60), Style(bold=True))
    if draft.reason:
        shown.append(f"  (not saved: {_short(draft.reason, 80)})", Style(dim=True))
    shown.append("\n“" + _short(draft.anchor.exact, QUOTE_CHARS) + "”", Style(italic=True))
    shown.append("\n" + clean(draft.text))
    return shown
