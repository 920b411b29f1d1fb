"""Fuzzy search over every sentence: results as the user types, never blocking the keys.

Each keystroke starts a thread worker (``exclusive``: the previous one is cancelled, and its
results, should they still arrive, are dropped by generation number). The index is the
reader's (``ReaderContext``), filled as loading goes; when loading ends, the search runs again.
The query language (core/search/query.py) is on the help line; a filter it cannot read is said
under the box, which turns red, instead of being searched without it. ``ctrl+o`` orders the
results by date; ``up`` and ``down`` in an empty box bring back earlier queries, kept in the
data folder (core/search/history.py) when a result is opened or the screen left.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
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
from dipreader.core.search.history import SearchHistory
from dipreader.core.search.index import Hit, SearchIndex
from dipreader.core.search.query import parse_query
from dipreader.core.text.safe import clean
from dipreader.ui.context import ReaderContext
from dipreader.ui.widgets import palette
from dipreader.ui.widgets.keys_footer import KeysFooter

RESULT_LIMIT = 100
SHOWN_CHARS = 360  # a result shows at most this much of its sentence
HELP = (
    'words  "exact phrase"  -word  @speaker  since:2022  until:2023-06-30  '
    "source:xinhua  country:korea  kind:joint|narration|statement"
)


class _Results(Message):
    def __init__(self, generation: int, results: list[Hit], error: str | None) -> None:
        super().__init__()
        self.generation = generation
        self.results = results
        self.error = error


def run_search(
    index: SearchIndex, raw: str, meeting: Meeting | None, limit: int = RESULT_LIMIT
) -> list[Hit]:
    """Search ``index`` for ``raw`` (the query language: core/search/query.py), best first."""
    query = parse_query(raw)
    if query.empty or query.errors:
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


def by_date(results: list[Hit]) -> list[Hit]:
    """The results newest meeting first, each meeting's sentences in their order (undated
    meetings last)."""
    return sorted(
        results,
        key=lambda hit: (-(hit.meeting.date or date.min).toordinal(), hit.meeting.id, hit.index),
    )


def result_prompt(result: Hit, dark: bool, match_style: Style, in_meeting: int = 1) -> Text:
    """Date, speaker in colour, how many of the results are in its meeting, and the sentence
    with its matched words highlighted."""
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
    if in_meeting > 1:
        text.append(f"  ·  {in_meeting} hits in this meeting", Style(dim=True))
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
    DEFAULT_CSS = """
    #search-help { height: auto; padding: 0 1; color: $text-muted; }
    #search-input.-invalid { border: tall $error; }
    SearchScreen #search-scope { height: auto; }  /* an error may need two lines */
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="search.close"),
        Binding("enter", "open", "Open", priority=True, id="search.open"),
        Binding("down", "down", "Next result", show=False, id="search.next"),
        Binding("up", "up", "Previous result", show=False, id="search.previous"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="search.page_down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="search.page_up"),
        Binding("ctrl+t", "toggle_scope", "This meeting / all", id="search.scope"),
        Binding("ctrl+o", "toggle_order", "Relevance / date", show=False, id="search.order"),
    ]

    def __init__(self, context: ReaderContext, query: str = "") -> None:
        super().__init__()
        self.context = context
        self._query = query
        self._generation = 0
        self._this_meeting = False
        self._by_date = False
        self._results: list[Hit] = []
        self._found: list[Hit] = []  # as the search ranked them
        self._history: SearchHistory | None = None
        self._recalled: int | None = None  # which earlier query the box shows, unchanged

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(
                self._query,
                placeholder="Search every sentence…  (@park supply chain since:2023)",
                id="search-input",
            )
            yield Static(Text(HELP, Style(dim=True)), id="search-help")
            yield Static("", id="search-scope")
            yield OptionList(id="search-results")
        yield KeysFooter()

    def on_mount(self) -> None:
        search_input = self.query_one("#search-input", Input)
        if self.app.is_headless:
            search_input.cursor_blink = False
        self.focus_input()
        self.context.corpus_changed.subscribe(self, self._corpus_changed)
        self._history = SearchHistory()
        if self._history.problem:
            self.notify(clean(self._history.problem), severity="warning", markup=False)
        self._show_scope()
        self._start_search()

    def focus_input(self) -> None:
        """Focus the search field now, not after the keys already queued (``focus()`` waits)."""
        self.set_focus(self.query_one("#search-input", Input))

    # -- scope ----------------------------------------------------------------------------

    @property
    def current_meeting(self) -> Meeting | None:
        return self.context.shown

    def _show_scope(self, note: str = "", error: bool = False) -> None:
        text = Text()
        meeting = self.current_meeting
        if self._this_meeting and meeting is not None:
            text.append("In this meeting: ", Style(bold=True))
            text.append(clean(f"{meeting.date_text} {meeting.venue or meeting.title}"))
        else:
            text.append("In all meetings", Style(bold=True))
            text.append(f" ({len(self.context.meetings):,})")
        text.append(" (ctrl+t)", Style(dim=True))
        order = "by date, newest first" if self._by_date else "by relevance"
        text.append(f"  {order} (ctrl+o)", Style(dim=True))
        if note:
            style = Style(bold=True, color="red") if error else Style(italic=True)
            text.append("  " + clean(note), style)
        self.query_one("#search-scope", Static).update(text)
        self.query_one("#search-input", Input).set_class(error, "-invalid")

    def action_toggle_scope(self) -> None:
        self._this_meeting = not self._this_meeting
        self._show_scope()
        self._start_search()

    def action_toggle_order(self) -> None:
        """Order the results by relevance or by date (the same results: no new search)."""
        self._by_date = not self._by_date
        self._show_results(self._found, "")

    # -- searching ------------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._query = event.value
        if self._recalled is not None and event.value != self._recalled_text():
            self._recalled = None  # edited: up and down move among the results again
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
        errors = parse_query(self._query).errors
        if errors:  # said, never searched without the filter
            self._show_results([], "; ".join(errors), error=True)
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

    def _show_results(self, results: list[Hit], note: str, error: bool = False) -> None:
        self._found = results
        results = by_date(results) if self._by_date else results
        self._results = results
        option_list = self.query_one("#search-results", OptionList)
        dark = self.app.current_theme.dark
        match = self.get_component_rich_style("search--match", partial=True)
        per_meeting = Counter(hit.meeting.id for hit in results)
        option_list.set_options(
            Option(result_prompt(result, dark, match, per_meeting[result.meeting.id]), str(n))
            for n, result in enumerate(results)
        )
        if results:
            option_list.highlighted = 0
        if self._query.strip():
            count = f"{len(results)} result{'s' if len(results) != 1 else ''}"
            count = count if len(results) < RESULT_LIMIT else f"best {RESULT_LIMIT}"
            meetings = len(per_meeting)
            count += f" in {meetings} meeting{'s' if meetings != 1 else ''}"
            note = note or count
        self._show_scope(note, error)

    # -- moving and opening -----------------------------------------------------------------

    # -- earlier queries --------------------------------------------------------------------

    def _recalled_text(self) -> str | None:
        entries = self._history.entries if self._history is not None else []
        at = self._recalled
        return entries[at] if at is not None and 0 <= at < len(entries) else None

    def _recalling(self) -> bool:
        """``up`` and ``down`` go through earlier queries: the box is empty or shows one."""
        return not self._query or (
            self._recalled is not None and self._query == self._recalled_text()
        )

    def _recall(self, at: int | None) -> None:
        self._recalled = at
        value = self._recalled_text() or ""
        search_input = self.query_one("#search-input", Input)
        search_input.value = value
        search_input.cursor_position = len(value)

    def action_up(self) -> None:
        entries = self._history.entries if self._history is not None else []
        if not self._recalling() or not entries:
            self.action_move(-1)
            return
        at = self._recalled
        self._recall(len(entries) - 1 if at is None else max(at - 1, 0))

    def action_down(self) -> None:
        if not self._recalling() or self._recalled is None:
            self.action_move(1)
            return
        entries = self._history.entries if self._history is not None else []
        following = self._recalled + 1
        self._recall(following if following < len(entries) else None)

    def _remember(self) -> None:
        """Keep the query for next time (one that cannot be read is not worth keeping)."""
        if self._history is None or not self._query.strip():
            return
        if not parse_query(self._query).errors:
            self._history.add(self._query)

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
        self._remember()
        self.dismiss((result.meeting, result.index))

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_close(self) -> None:
        self._remember()
        self.dismiss(None)
