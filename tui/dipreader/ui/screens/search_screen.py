"""Fuzzy search over every sentence: results as the user types, never blocking the keys.

Each keystroke starts a thread worker (``exclusive``: the previous one is cancelled, and its
results, should they still arrive, are dropped by generation number). The index is the
reader's (``ReaderContext``), filled as loading goes; when loading ends, the search runs again.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
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

from dipreader.core.model import Kind, Meeting
from dipreader.core.search.index import Hit, SearchIndex
from dipreader.core.search.query import parse_query
from dipreader.core.text.safe import clean
from dipreader.ui.context import ReaderContext
from dipreader.ui.widgets import palette
from dipreader.ui.widgets.keys_footer import KeysFooter

RESULT_LIMIT = 100
SHOWN_CHARS = 360  # a result shows at most this much of its sentence


class _Results(Message):
    def __init__(self, generation: int, results: list[Hit], error: str | None) -> None:
        super().__init__()
        self.generation = generation
        self.results = results
        self.error = error


def run_search(
    index: SearchIndex, raw: str, meeting: Meeting | None, limit: int = RESULT_LIMIT
) -> list[Hit]:
    """Search ``index`` for ``raw`` (free words and ``@speaker`` filters), best first."""
    query = parse_query(raw)
    if query.empty:
        return []
    scope = [meeting.id] if meeting is not None else None
    return index.search(query, limit=limit, meeting_ids=scope)


def excerpt(sentence: str, spans: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    """The part of a long sentence to show: around its first match, at most SHOWN_CHARS."""
    if len(sentence) <= SHOWN_CHARS:
        return 0, len(sentence)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - SHOWN_CHARS // 4, len(sentence) - SHOWN_CHARS))
    return start, start + SHOWN_CHARS


def result_prompt(result: Hit, dark: bool, match_style: Style) -> Text:
    """Date, speaker in colour, and the sentence with its matched words highlighted."""
    meeting = result.meeting
    sentence = meeting.sentences[result.index]
    text = Text(overflow="fold")
    text.append(meeting.date_text, Style(bold=True))
    text.append("  ")
    speaker = meeting.speaker(sentence.speaker)
    if sentence.kind is Kind.STATEMENT and speaker is not None:
        style = palette.speaker_style((s.id for s in meeting.speakers), speaker.id, dark)
        text.append(clean(speaker.name), style + Style(bold=True))
    elif sentence.kind is Kind.JOINT:
        text.append("joint", Style(italic=True, bold=True))
    else:
        text.append("narration", Style(dim=True))
    if meeting.venue:
        text.append(f"  ·  {clean(meeting.venue)}", Style(dim=True))
    text.append("\n")
    body = meeting.text[sentence.start : sentence.end]
    start, end = excerpt(body, result.highlights)
    shown = Text(clean(body[start:end]).replace("\n", " ").replace("\t", " "))
    for a, b in result.highlights:
        if b > start and a < end:
            shown.stylize(match_style, max(a, start) - start, min(b, end) - start)
    if start:
        text.append("…")
    text.append_text(shown)
    if end < len(body):
        text.append("…")
    return text


class SearchScreen(Screen[tuple[Meeting, int] | None]):
    """Type to search; enter opens the highlighted sentence, escape goes back."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"search--match"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="search.close"),
        Binding("enter", "open", "Open", priority=True, id="search.open"),
        Binding("down", "move(1)", "Next result", show=False, id="search.next"),
        Binding("up", "move(-1)", "Previous result", show=False, id="search.previous"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="search.page_down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="search.page_up"),
        Binding("ctrl+t", "toggle_scope", "This meeting / all", id="search.scope"),
    ]

    def __init__(self, context: ReaderContext, query: str = "") -> None:
        super().__init__()
        self.context = context
        self._query = query
        self._generation = 0
        self._this_meeting = False
        self._results: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(
                self._query,
                placeholder="Search every sentence…  (@park supply chain: one speaker)",
                id="search-input",
            )
            yield Static("", id="search-scope")
            yield OptionList(id="search-results")
        yield KeysFooter()

    def on_mount(self) -> None:
        search_input = self.query_one("#search-input", Input)
        if self.app.is_headless:
            search_input.cursor_blink = False
        self.focus_input()
        self.context.corpus_changed.subscribe(self, self._corpus_changed)
        self._show_scope()
        self._start_search()

    def focus_input(self) -> None:
        """Focus the search field now, not after the keys already queued (``focus()`` waits)."""
        self.set_focus(self.query_one("#search-input", Input))

    # -- scope ----------------------------------------------------------------------------

    @property
    def current_meeting(self) -> Meeting | None:
        return self.context.shown

    def _show_scope(self, note: str = "") -> None:
        text = Text()
        meeting = self.current_meeting
        if self._this_meeting and meeting is not None:
            text.append("In this meeting: ", Style(bold=True))
            text.append(clean(f"{meeting.date_text} {meeting.venue or meeting.title}"))
        else:
            text.append("In all meetings", Style(bold=True))
            text.append(f" ({len(self.context.meetings):,})")
        text.append("   ctrl+t toggles", Style(dim=True))
        if note:
            text.append("   " + note, Style(italic=True))
        self.query_one("#search-scope", Static).update(text)

    def action_toggle_scope(self) -> None:
        self._this_meeting = not self._this_meeting
        self._show_scope()
        self._start_search()

    # -- searching ------------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._query = event.value
        self._start_search()

    def _corpus_changed(self, context: ReaderContext) -> None:
        """More meetings were indexed (loading finished): search again."""
        self._show_scope()
        self._start_search()

    def _start_search(self) -> None:
        self._generation += 1
        if not self._query.strip():
            self._show_results([], "")
            return
        scope = self.current_meeting if self._this_meeting else None
        self._search(self._query, scope, self._generation)

    @work(thread=True, exclusive=True, group="search", description="search")
    def _search(self, raw: str, meeting: Meeting | None, generation: int) -> None:
        try:
            # Held: the loading worker may be adding to the index meanwhile.
            with self.context.search_index() as index:
                if get_current_worker().is_cancelled:
                    return
                results = [] if index is None else run_search(index, raw, meeting)
        except Exception as error:  # a bad query must never take the app down
            self.post_message(_Results(generation, [], f"search failed: {type(error).__name__}"))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(_Results(generation, results, None))

    def on__results(self, message: _Results) -> None:
        if message.generation != self._generation:
            return  # a stale search finished after a newer one started
        self._show_results(message.results, message.error or "")

    def _show_results(self, results: list[Hit], note: str) -> None:
        self._results = results
        option_list = self.query_one("#search-results", OptionList)
        dark = self.app.current_theme.dark
        match = self.get_component_rich_style("search--match", partial=True)
        option_list.set_options(
            Option(result_prompt(result, dark, match), id=str(number))
            for number, result in enumerate(results)
        )
        if results:
            option_list.highlighted = 0
        if self._query.strip():
            count = f"{len(results)} results" if len(results) < RESULT_LIMIT else "best 100"
            note = note or count
        self._show_scope(note)

    # -- moving and opening -----------------------------------------------------------------

    def action_move(self, step: int) -> None:
        option_list = self.query_one("#search-results", OptionList)
        if not self._results:
            return
        current = option_list.highlighted or 0
        option_list.highlighted = min(max(current + step, 0), len(self._results) - 1)

    def action_open(self) -> None:
        option_list = self.query_one("#search-results", OptionList)
        index = option_list.highlighted
        if index is None or not 0 <= index < len(self._results):
            self.app.bell()
            return
        result = self._results[index]
        self.dismiss((result.meeting, result.index))

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_close(self) -> None:
        self.dismiss(None)
