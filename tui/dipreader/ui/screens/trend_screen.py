"""A phrase over time: how often each meeting, and each speaker, mentions it.

The phrase is counted in a worker (holding the reader's search index, once loading has
finished: the screen hears of it from the context's ``corpus_changed``), never on the keys'
thread. A sparkline draws every meeting along the dates; the list below has a bar and the
counts per speaker for each meeting; enter on a meeting opens it at its first mention.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from dipreader.core.analysis import charts
from dipreader.core.analysis.trend import (
    JOINT_KEY,
    NARRATION_KEY,
    EmptyPhrase,
    PhraseHit,
    Trend,
    TrendPoint,
    trend,
)
from dipreader.core.model import Meeting
from dipreader.core.text.safe import clean, clean_line
from dipreader.ui.context import ReaderContext
from dipreader.ui.notebook import BOOKMARK_MARK, NOTE_MARK
from dipreader.ui.widgets import palette
from dipreader.ui.widgets.keys_footer import KeysFooter
from dipreader.ui.widgets.view_lines import who_text

Place = tuple[Meeting, int]

LIST_ALL_UP_TO = 500  # more meetings than this: only those that mention the phrase are listed
BAR_WIDTH = 20
SPARK_WIDTH = 80


class _Counted(Message):
    def __init__(self, generation: int, result: Trend | None, error: str | None) -> None:
        super().__init__()
        self.generation = generation
        self.result = result
        self.error = error


def who_style(who: str, dark: bool) -> Style:
    """A person's colour; joint bold italic; narration dim."""
    if who == JOINT_KEY:
        return Style(bold=True, italic=True)
    if who == NARRATION_KEY:
        return Style(dim=True)
    return Style(color=palette.shade(palette.hue_of(who), dark), bold=True)


def point_prompt(result: Trend, point: TrendPoint, top: int, dark: bool, mark: str) -> Table:
    """Date and place, a bar, the count, and the count of each speaker in their colour."""
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(width=10, no_wrap=True)
    grid.add_column(width=BAR_WIDTH + 1, no_wrap=True)
    grid.add_column(width=4, justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    meeting = point.meeting
    place = Text(no_wrap=True, overflow="ellipsis")
    place.append(mark + " ", Style(bold=True))
    place.append(" ".join(clean_line(meeting.participants_text or meeting.title).split()))
    if meeting.venue:
        place.append("  ·  " + " ".join(clean_line(meeting.venue).split()), Style(dim=True))
    who = Text(no_wrap=True, overflow="ellipsis")
    for key, indices in sorted(point.by_who().items(), key=lambda kv: (-len(kv[1]), kv[0])):
        who.append(clean_line(result.label(key)), who_style(key, dark))
        who.append(f" {len(indices)}   ")
    body = Table.grid(expand=True)
    body.add_column(ratio=1)
    body.add_row(place)
    body.add_row(who if point.count else Text("no mention", Style(dim=True, italic=True)))
    grid.add_row(
        Text(meeting.date_text, Style(bold=True)),
        Text(charts.bar(point.count, top, BAR_WIDTH) or charts.ZERO, Style(color="cyan")),
        Text(str(point.count), Style(bold=bool(point.count))),
        body,
    )
    return grid


class TrendScreen(Screen[Place | None]):
    """Type a phrase, enter counts it; enter on a meeting opens its first mention."""

    DEFAULT_CSS = """
    #trend-box { height: 1fr; padding: 0 1; }
    #trend-input { border: tall $accent; }
    #trend-summary { height: auto; padding: 0 1; margin-bottom: 1; }
    #trend-points {
        height: 1fr; border: none;
        & > .option-list--option { padding: 0 1 1 0; }
    }
    #trend-mentions-title { height: 1; padding: 0 1; background: $boost; }
    #trend-mentions {
        height: 1fr; max-height: 12; border: none;
        & > .option-list--option { padding: 0 1; }
    }
    TrendScreen > .trend--match { text-style: bold reverse; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"trend--match"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="trend.close"),
        # Priority over the lists' own enter, so that the help names it (the lists' select
        # opened the mention too); in the phrase field, enter counts the phrase.
        Binding("enter", "open", "Open mention", priority=True, id="trend.open"),
        Binding("m", "mentions", "Mentions", id="trend.mentions"),
        Binding("t,slash", "edit_phrase", "New phrase", id="trend.phrase"),
        Binding("j", "move(1)", "Next meeting", show=False, id="trend.next"),
        Binding("k", "move(-1)", "Previous meeting", show=False, id="trend.previous"),
    ]

    def __init__(self, context: ReaderContext, phrase: str = "") -> None:
        super().__init__()
        self.context = context
        self.phrase = phrase
        self.result: Trend | None = None
        self.points: list[TrendPoint] = []
        self.mentions: list[PhraseHit] = []  # those of the highlighted meeting
        self._generation = 0
        self._waiting = False  # a phrase to count once loading has finished

    def compose(self) -> ComposeResult:
        with Vertical(id="trend-box"):
            yield Input(
                self.phrase,
                placeholder="A phrase to follow over time (one-China principle, supply chain…)",
                id="trend-input",
            )
            yield Static("", id="trend-summary")
            yield OptionList(id="trend-points")
            yield Static("", id="trend-mentions-title")
            yield OptionList(id="trend-mentions")
        yield KeysFooter()

    def on_mount(self) -> None:
        field = self.query_one("#trend-input", Input)
        if self.app.is_headless:
            field.cursor_blink = False
        self.set_focus(field)
        self.context.corpus_changed.subscribe(self, self._corpus_changed)
        self._say(Text("Type a phrase and press enter.", Style(dim=True, italic=True)))
        if self.phrase.strip():
            self.count(self.phrase)

    def _say(self, text: Text) -> None:
        self.query_one("#trend-summary", Static).update(text)

    # -- counting -------------------------------------------------------------------------

    @on(Input.Submitted, "#trend-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.count(event.value)

    def count(self, phrase: str) -> None:
        """Count ``phrase`` in every meeting (once loading has finished)."""
        self.phrase = phrase
        self._generation += 1
        self._waiting = False
        if not phrase.strip():
            self._say(Text("Type a phrase and press enter.", Style(dim=True, italic=True)))
            return
        if self.context.loading:
            # The index is complete only at the end: counting earlier would undercount.
            self._say(Text("Waiting for loading to finish…", Style(italic=True)))
            self._waiting = True
            return
        self._say(Text("Counting…", Style(italic=True)))
        self._count(phrase, list(self.context.meetings), self._generation)

    def _corpus_changed(self, context: ReaderContext) -> None:
        if self._waiting:
            self.count(self.phrase)

    @work(thread=True, exclusive=True, group="trend", description="count")
    def _count(self, phrase: str, meetings: Sequence[Meeting], generation: int) -> None:
        try:
            with self.context.search_index() as index:
                if get_current_worker().is_cancelled:
                    return
                # None only before loading starts; trend() then builds its own index.
                result = trend(meetings, phrase, index=index)
        except EmptyPhrase:
            self.post_message(_Counted(generation, None, "No words to count in that phrase."))
            return
        except Exception as error:  # a bad phrase must never take the app down
            self.post_message(
                _Counted(generation, None, f"Counting failed: {type(error).__name__}")
            )
            return
        self.post_message(_Counted(generation, result, None))

    def on__counted(self, message: _Counted) -> None:
        if message.generation != self._generation:
            return  # an older phrase finished after a newer one was asked for
        if message.result is None:
            self._say(Text(message.error or "", Style(bold=True)))
            self.query_one("#trend-points", OptionList).clear_options()
            self.points = []
            self._show_mentions(None)
            return
        self.result = message.result
        self.refill()
        if self.points:
            self.set_focus(self.query_one("#trend-points", OptionList))

    # -- drawing --------------------------------------------------------------------------

    def refill(self) -> None:
        """Draw the chart and the rows (again, after a bookmark or note changed)."""
        result = self.result
        if result is None:
            return
        dark = self.app.current_theme.dark
        points = result.points
        many = len(points) > LIST_ALL_UP_TO
        self.points = [p for p in points if p.count] if many else list(points)
        self._say(self._summary(result, dark, many))
        top = max((p.count for p in points), default=0)
        option_list = self.query_one("#trend-points", OptionList)
        keep = option_list.highlighted
        options = []
        for point in self.points:
            marks = self.context.marks(point.meeting)
            glyphs = {marks[i] for i in point.indices if i in marks}
            # A note on a mention says more than a bookmark: its glyph wins, as in the article.
            mark = NOTE_MARK if NOTE_MARK in glyphs else BOOKMARK_MARK if glyphs else " "
            options.append(Option(point_prompt(result, point, top, dark, mark)))
        option_list.set_options(options)
        if options:
            first = next((i for i, p in enumerate(self.points) if p.count), 0)
            option_list.highlighted = min(keep, len(options) - 1) if keep is not None else first
        self._show_mentions(self._point())

    def _summary(self, result: Trend, dark: bool, many: bool) -> Text:
        text = Text()
        meetings = len(result.points)
        with_any = sum(1 for p in result.points if p.count)
        text.append(f"“{clean_line(result.phrase)}”", Style(bold=True))
        text.append(
            f"  {result.total} mention{'s' * (result.total != 1)} in {with_any} of "
            f"{meetings} meeting{'s' * (meetings != 1)}"
        )
        if many:
            text.append("  (meetings without a mention not listed)", Style(dim=True))
        text.append("\n")
        spark = charts.sparkline(result.counts(), SPARK_WIDTH)
        text.append(spark, Style(color="cyan", bold=True))
        if result.points:
            first = result.points[0].meeting.date_text
            last = result.points[-1].meeting.date_text
            text.append(f"   {first} → {last}, oldest first", Style(dim=True))
        text.append("\nBy speaker: ", Style(bold=True))
        totals = result.who_totals()
        if not totals:
            text.append("nobody", Style(dim=True, italic=True))
        for who, count in totals[:8]:
            text.append(clean_line(result.label(who)), who_style(who, dark))
            text.append(f" {count}   ")
        return text

    # -- moving and opening -------------------------------------------------------------

    def action_move(self, step: int) -> None:
        mentions = self.query_one("#trend-mentions", OptionList)
        option_list = (
            mentions if self.focused is mentions else self.query_one("#trend-points", OptionList)
        )
        if option_list.option_count:
            current = option_list.highlighted or 0
            option_list.highlighted = min(max(current + step, 0), option_list.option_count - 1)

    def action_edit_phrase(self) -> None:
        self.set_focus(self.query_one("#trend-input", Input))

    def _point(self) -> TrendPoint | None:
        index = self.query_one("#trend-points", OptionList).highlighted
        if index is None or not 0 <= index < len(self.points):
            return None
        return self.points[index]

    @on(OptionList.OptionHighlighted, "#trend-points")
    def _point_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_mentions(self._point())

    def _show_mentions(self, point: TrendPoint | None) -> None:
        """The highlighted meeting's mentions: who, and the sentence with the phrase marked."""
        self.mentions = list(point.mentions) if point is not None else []
        title = Text(no_wrap=True, overflow="ellipsis")
        if point is not None:
            title.append(f"Mentions in {point.meeting.date_text}: {point.count}", Style(bold=True))
            title.append("   m or tab to choose one, enter opens it", Style(dim=True))
        self.query_one("#trend-mentions-title", Static).update(title)
        dark = self.app.current_theme.dark
        match = self.get_component_rich_style("trend--match", partial=True)
        marks = self.context.marks(point.meeting) if point is not None else {}
        options = []
        for mention in self.mentions:
            line = Text(overflow="fold")
            line.append(marks.get(mention.index, " ") + " ", Style(bold=True))
            line.append_text(who_text(mention.meeting, mention.index, dark))
            line.append("  ")
            body = Text(clean(mention.meeting.sentence_text(mention.index)).replace("\n", " "))
            for start, end in mention.highlights:
                body.stylize(match, start, end)
            line.append_text(body)
            options.append(Option(line))
        mention_list = self.query_one("#trend-mentions", OptionList)
        mention_list.set_options(options)
        if options:
            mention_list.highlighted = 0

    def action_mentions(self) -> None:
        if not self.mentions:
            self.app.bell()
            return
        self.set_focus(self.query_one("#trend-mentions", OptionList))

    def action_open(self) -> None:
        """From the meetings: the first mention; from the mentions: the one highlighted."""
        if self.focused is self.query_one("#trend-mentions", OptionList):
            index = self.query_one("#trend-mentions", OptionList).highlighted
            if index is not None and 0 <= index < len(self.mentions):
                mention = self.mentions[index]
                self.dismiss((mention.meeting, mention.index))
                return
        point = self._point()
        if point is None or not point.count:
            self.app.bell()
            return
        self.dismiss((point.meeting, point.indices[0]))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return not isinstance(self.focused, Input)
        return True

    def action_close(self) -> None:
        self.dismiss(None)
