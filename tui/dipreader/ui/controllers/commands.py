"""Every dipreader action in the command palette (ctrl+p), as Textual system commands.

The app's ``get_system_commands`` yields these after Textual's own (theme, keys, screenshot):
each runs its action once the palette has closed, so the focus and screen checks of the keys
do not apply; only what would mean nothing is left out (load problems when there are none).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Protocol

from textual.app import SystemCommand

from dipreader.ui.widgets.article_view import ArticleView


class Reader(Protocol):
    """What the palette's commands call: the reader app's actions."""

    @property
    def article(self) -> ArticleView: ...
    @property
    def problems(self) -> Sequence[object]: ...
    async def action_search(self) -> None: ...
    def action_help(self) -> None: ...
    def action_toggle_list(self) -> None: ...
    def action_filter(self) -> None: ...
    def action_problems(self) -> None: ...
    def action_step_meeting(self, step: int) -> None: ...
    def action_copy_sentence(self) -> None: ...
    def action_open_page(self) -> None: ...
    def action_toggle_bookmark(self) -> None: ...
    async def action_annotate(self) -> None: ...
    async def action_notes(self) -> None: ...
    def action_export(self, fmt: str) -> None: ...
    async def action_speakers(self) -> None: ...
    def action_compare_mark(self) -> None: ...
    async def action_trend(self) -> None: ...
    def action_where(self) -> None: ...
    async def action_quit(self) -> None: ...


def reader_commands(reader: Reader) -> Iterator[SystemCommand]:
    """dipreader's commands, in the order the palette lists them when nothing is typed."""

    # The article is looked up when a command runs (the palette may outlive a screen).
    def article(run: Callable[[ArticleView], None]) -> Callable[[], None]:
        return lambda: run(reader.article)

    yield SystemCommand(
        "Search every sentence",
        "Fuzzy search over all meetings; @name narrows to a speaker",
        reader.action_search,
    )
    yield SystemCommand(
        "Help: keys here", "The keys that apply where the focus is", reader.action_help
    )
    yield SystemCommand(
        "Fold or unfold the meeting list", "More room for the article", reader.action_toggle_list
    )
    yield SystemCommand("Filter meetings", "Type to narrow the meeting list", reader.action_filter)
    if reader.problems:
        yield SystemCommand(
            "Show load problems", "Files that did not load, and why", reader.action_problems
        )
    yield SystemCommand(
        "Next sentence", "Move the sentence cursor down", article(ArticleView.action_cursor_down)
    )
    yield SystemCommand(
        "Previous sentence", "Move the sentence cursor up", article(ArticleView.action_cursor_up)
    )
    yield SystemCommand(
        "Next statement by this speaker",
        "That speaker's next statement",
        article(ArticleView.action_next_same),
    )
    yield SystemCommand(
        "Previous statement by this speaker",
        "Back to the same speaker",
        article(ArticleView.action_previous_same),
    )
    yield SystemCommand(
        "Next change of speaker", "Where someone else speaks", article(ArticleView.action_next_turn)
    )
    yield SystemCommand(
        "Previous change of speaker",
        "Back to the previous turn",
        article(ArticleView.action_previous_turn),
    )
    yield SystemCommand(
        "Next meeting",
        "Read the next meeting of the list (J)",
        partial(reader.action_step_meeting, 1),
    )
    yield SystemCommand(
        "Previous meeting",
        "Read the previous meeting of the list (K)",
        partial(reader.action_step_meeting, -1),
    )
    yield SystemCommand(
        "Copy sentence",
        "The current sentence or range, to the clipboard (y)",
        reader.action_copy_sentence,
    )
    yield SystemCommand(
        "Open the web page",
        "The article's page or feed item in the browser (o)",
        reader.action_open_page,
    )
    yield SystemCommand(
        "First sentence", "Go to the top of the article", article(ArticleView.action_first)
    )
    yield SystemCommand(
        "Last sentence", "Go to the end of the article", article(ArticleView.action_last)
    )
    yield SystemCommand(
        "Bookmark this sentence", "Or remove its bookmark (b)", reader.action_toggle_bookmark
    )
    yield SystemCommand(
        "Annotate this sentence or range", "Write a note (a)", reader.action_annotate
    )
    yield SystemCommand(
        "Start or end a range",
        "j/k extend it; then annotate (v)",
        article(ArticleView.action_toggle_range),
    )
    yield SystemCommand(
        "Bookmarks and notes", "Every bookmark and note, newest first (B)", reader.action_notes
    )
    for title, help_text, fmt in (
        ("Export notes as Markdown", "A file in the data folder", "md"),
        ("Export notes as JSON", "W3C Web Annotation JSON-LD", "json"),
        ("Export notes as CSV", "One row per bookmark or note", "csv"),
    ):
        yield SystemCommand(title, help_text, partial(reader.action_export, fmt))
    yield SystemCommand(
        "One speaker across meetings",
        "Every statement of a speaker, by meeting, oldest first (s)",
        reader.action_speakers,
    )
    yield SystemCommand(
        "Compare two meetings",
        "Mark this meeting; marking a second shows both side by side (c)",
        reader.action_compare_mark,
    )
    yield SystemCommand(
        "Phrase over time", "Count a phrase per meeting and speaker (t)", reader.action_trend
    )
    yield SystemCommand(
        "Where dipreader keeps files", "Notes, last place, keymap, cache", reader.action_where
    )
    yield SystemCommand(
        "Quit dipreader", "Leave, keeping your place for next time", reader.action_quit
    )
