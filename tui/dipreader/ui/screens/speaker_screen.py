"""One speaker across meetings: a picker to choose them, and every statement they made.

The statements are grouped by meeting, oldest meeting first, each in the colour the article
gives that speaker there. Enter opens the meeting at the sentence; ``/`` searches only what
this speaker said (an ``@id`` query).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from dipreader.core.analysis.speaker_match import SpeakerMatcher
from dipreader.core.analysis.statements import MeetingStatements, all_speakers, statements_of
from dipreader.core.model import Meeting, Speaker
from dipreader.core.search.query import WORD, words
from dipreader.core.text.safe import clean_line
from dipreader.ui.context import ReaderContext
from dipreader.ui.widgets import palette
from dipreader.ui.widgets.keys_footer import KeysFooter
from dipreader.ui.widgets.view_lines import meeting_heading, styled_sentence, with_gutter

Place = tuple[Meeting, int]

# Above so many statements each is one Text, not a two-column grid: the grid keeps wrapped
# lines indented but costs three times as much (1.2 s against 0.4 s for 2,500 statements).
PLAIN_ABOVE = 800
PICKER_LIMIT = 300  # speakers listed at once; typing narrows the rest


def speaker_prompt(speaker: Speaker, count: int, dark: bool, here: bool) -> Text:
    """Name in the person's colour, role and country, and how many statements."""
    hue = palette.hue_of(speaker.id)
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("█ ", Style(color=palette.shade(hue, dark)))
    text.append(clean_line(speaker.name), Style(color=palette.shade(hue, dark), bold=True))
    extra = ", ".join(p for p in (speaker.role, speaker.country) if p)
    if extra:
        text.append("  " + clean_line(extra), Style(dim=True))
    text.append(f"  {count} statement{'s' * (count != 1)}", Style(dim=True))
    if here:
        text.append("  · in this meeting", Style(italic=True))
    return text


def speaker_filter(speaker_id: str, everyone: Sequence[Speaker]) -> str:
    """The search filter for one speaker, as the user knows them: ``@Park-Jin`` (their name,
    which the search index also knows them by) rather than the internal id ``@park-jin``;
    the id only when another speaker's name or id would answer to the same filter."""
    speaker = next((s for s in everyone if s.id == speaker_id), None)
    if speaker is None:
        return f"@{speaker_id}"
    key = "-".join(words(speaker.name))
    shared = any(
        other.id != speaker_id and key in (other.id, "-".join(words(other.name)))
        for other in everyone
    )
    if not key or shared:
        return f"@{speaker_id}"
    return "@" + "-".join(clean_line(part) for part in WORD.findall(speaker.name))


def statement_counts(meetings: Sequence[Meeting]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for meeting in meetings:
        for sentence in meeting.sentences:
            if sentence.speaker:
                counts[sentence.speaker] = counts.get(sentence.speaker, 0) + 1
    return counts


class SpeakerPicker(ModalScreen[str | None]):
    """Choose a speaker: those of the current meeting first, then everyone. Typing narrows
    the list fuzzily (typos, a name begun, initials: see ``core/analysis/speaker_match``),
    best first; when nothing fits, the picker says so."""

    DEFAULT_CSS = """
    SpeakerPicker { align: center middle; }
    #picker-box {
        width: 80%; max-width: 90; height: 80%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    #picker-filter { border: none; height: 1; background: $boost; margin-bottom: 1; }
    #picker-list { height: 1fr; border: none; }
    #picker-none { height: auto; display: none; color: $text-muted; text-style: italic; }
    SpeakerPicker.-nothing {
        #picker-list { display: none; }
        #picker-none { display: block; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="speaker_picker.close"),
        Binding("enter", "choose", "Show statements", priority=True, id="speaker_picker.choose"),
        Binding("down", "move(1)", "Next speaker", show=False, id="speaker_picker.next"),
        Binding("up", "move(-1)", "Previous speaker", show=False, id="speaker_picker.previous"),
    ]

    def __init__(self, context: ReaderContext, current: Meeting | None) -> None:
        super().__init__()
        meetings = context.meetings
        here = {s.id for s in current.speakers} if current is not None else set()
        counts = statement_counts(meetings)
        everyone = all_speakers(meetings)
        # This meeting's speakers first: "s" usually means "this person I am reading".
        self._speakers = sorted(everyone, key=lambda s: (s.id not in here, s.name, s.id))
        self._matcher = SpeakerMatcher(self._speakers)
        self._here = here
        self._counts = counts
        self._shown: list[Speaker] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(Text("Whose statements?", Style(bold=True)), id="picker-title")
            yield Input(placeholder="Type to filter speakers…", id="picker-filter")
            yield OptionList(id="picker-list")
            yield Static("", id="picker-none")
            yield Static(Text("enter show · escape close", Style(dim=True)))

    def on_mount(self) -> None:
        field = self.query_one("#picker-filter", Input)
        if self.app.is_headless:
            field.cursor_blink = False
        self.set_focus(field)
        self._fill("")

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, wanted: str) -> None:
        self._shown = self._matcher.rank(wanted)
        nothing = not self._shown
        self.set_class(nothing, "-nothing")
        if nothing:
            said = (
                f"No speaker matches “{clean_line(wanted.strip())}”: try part of a name, "
                "a surname, or initials."
                if self._speakers
                else "No speakers in the meetings read."
            )
            self.query_one("#picker-none", Static).update(Text(said))
        hidden = max(0, len(self._shown) - PICKER_LIMIT)
        self._shown = self._shown[:PICKER_LIMIT]
        dark = self.app.current_theme.dark
        option_list = self.query_one("#picker-list", OptionList)
        option_list.set_options(
            Option(speaker_prompt(s, self._counts.get(s.id, 0), dark, s.id in self._here))
            for s in self._shown
        )
        title = Text("Whose statements?", Style(bold=True))
        if hidden:
            title.append(f"   {hidden:,} more: type to narrow", Style(dim=True))
        self.query_one("#picker-title", Static).update(title)
        if self._shown:
            option_list.highlighted = 0

    def action_move(self, step: int) -> None:
        option_list = self.query_one("#picker-list", OptionList)
        if self._shown:
            current = option_list.highlighted or 0
            option_list.highlighted = min(max(current + step, 0), len(self._shown) - 1)

    def action_choose(self) -> None:
        index = self.query_one("#picker-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self._shown):
            self.app.bell()
            return
        self.dismiss(self._shown[index].id)

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose()

    def action_close(self) -> None:
        self.dismiss(None)


class SpeakerScreen(Screen[Place | None]):
    """Every statement of one speaker, grouped by meeting, oldest first."""

    DEFAULT_CSS = """
    #speaker-box { height: 1fr; padding: 0 1; }
    #speaker-title { height: 1; background: $boost; padding: 0 1; }
    #speaker-list {
        height: 1fr; border: none;
        & > .option-list--option { padding: 0 1; }
        /* Meeting headings are disabled options (the cursor skips them), not dimmed ones. */
        & > .option-list--option-disabled { color: $text; text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="speaker.close"),
        Binding("enter", "open", "Open sentence", priority=True, id="speaker.open"),
        Binding("j,down", "move(1)", "Next statement", show=False, id="speaker.next"),
        Binding("k,up", "move(-1)", "Previous statement", show=False, id="speaker.previous"),
        Binding("J,right_square_bracket", "jump(1)", "Next meeting", id="speaker.next_meeting"),
        Binding(
            "K,left_square_bracket", "jump(-1)", "Previous meeting", id="speaker.previous_meeting"
        ),
        Binding("slash", "search", "Search their words", id="speaker.search"),
    ]

    def __init__(self, context: ReaderContext, speaker_id: str) -> None:
        super().__init__()
        self.context = context
        meetings = context.meetings
        self.speaker_id = speaker_id
        self.groups: list[MeetingStatements] = statements_of(meetings, speaker_id)
        known = [s for s in all_speakers(meetings) if s.id == speaker_id]
        self.speaker: Speaker | None = known[0] if known else None
        # One entry per option: a meeting heading (None) or a statement (meeting, index).
        self.rows: list[Place | None] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="speaker-box"):
            yield Static("", id="speaker-title")
            yield OptionList(id="speaker-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refill()
        self.set_focus(self.query_one("#speaker-list", OptionList))

    def refill(self) -> None:
        """Draw the statements again (after a bookmark or note changed)."""
        dark = self.app.current_theme.dark
        title = Text(no_wrap=True, overflow="ellipsis")
        name = self.speaker.name if self.speaker else self.speaker_id
        hue = palette.hue_of(self.speaker_id)
        title.append(clean_line(name), Style(color=palette.shade(hue, dark), bold=True))
        if self.speaker is not None:
            extra = ", ".join(p for p in (self.speaker.role, self.speaker.country) if p)
            if extra:
                title.append("  " + clean_line(extra), Style(dim=True))
        total = sum(len(group.indices) for group in self.groups)
        title.append(
            f"   {total} statement{'s' * (total != 1)} in {len(self.groups)} "
            f"meeting{'s' * (len(self.groups) != 1)}, oldest first",
            Style(dim=True),
        )
        self.query_one("#speaker-title", Static).update(title)
        options: list[Option] = []
        self.rows = []
        for group in self.groups:
            heading = meeting_heading(group.meeting)
            heading.stylize(Style(underline=True))
            if options:
                heading = Text("\n").append_text(heading)  # a blank line between meetings
            options.append(Option(heading, disabled=True))
            self.rows.append(None)
            marks = self.context.marks(group.meeting)
            for index in group.indices:
                mark = Text(marks.get(index, " "), Style(bold=True))
                body = styled_sentence(group.meeting, index, dark)
                if total > PLAIN_ABOVE:
                    options.append(Option(mark.append(" ").append_text(body)))
                else:
                    options.append(Option(with_gutter(mark, body)))
                self.rows.append((group.meeting, index))
        option_list = self.query_one("#speaker-list", OptionList)
        keep = option_list.highlighted
        option_list.set_options(options)
        if keep is not None and keep < len(self.rows) and self.rows[keep] is not None:
            option_list.highlighted = keep
        else:
            self._highlight_from(0, 1)

    def _highlight_from(self, start: int, step: int) -> bool:
        position = start
        while 0 <= position < len(self.rows):
            if self.rows[position] is not None:
                self.query_one("#speaker-list", OptionList).highlighted = position
                return True
            position += step
        return False

    @property
    def current(self) -> Place | None:
        index = self.query_one("#speaker-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    def action_move(self, step: int) -> None:
        index = self.query_one("#speaker-list", OptionList).highlighted
        if index is None or not self._highlight_from(index + step, step):
            self.app.bell()

    def action_jump(self, step: int) -> None:
        """To the first statement of the next (1) or previous (-1) meeting."""
        index = self.query_one("#speaker-list", OptionList).highlighted or 0
        headings = [i for i, row in enumerate(self.rows) if row is None]
        later = [h for h in headings if h > index] if step > 0 else []
        earlier = [h for h in headings if h < index] if step < 0 else []
        if step < 0 and len(earlier) >= 2:
            target: int | None = earlier[-2]
        elif step < 0:
            target = None
        else:
            target = later[0] if later else None
        if target is None or not self._highlight_from(target, 1):
            self.app.bell()

    def action_open(self) -> None:
        place = self.current
        if place is None:
            self.app.bell()
            return
        self.dismiss(place)

    @on(OptionList.OptionSelected, "#speaker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    async def action_search(self) -> None:
        """Search only this speaker's sentences; a result opens as from the main search."""
        from dipreader.ui.screens.search_screen import SearchScreen

        def found(result: Place | None) -> None:
            if result is not None:
                self.dismiss(result)

        query = speaker_filter(self.speaker_id, all_speakers(self.context.meetings)) + " "
        screen = SearchScreen(self.context, query)
        await self.app.push_screen(screen, found)
        screen.focus_input()
        # The field selects its text on focus: typing would replace the @filter, not follow it.
        screen.query_one("#search-input", Input).cursor_position = len(query)

    def action_close(self) -> None:
        self.dismiss(None)
