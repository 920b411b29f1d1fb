"""Every dipreader action in the command palette (ctrl+p)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Literal

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.app import App


@dataclass(frozen=True, slots=True)
class Command:
    title: str
    help: str
    target: Literal["app", "article"]
    action: str
    args: tuple[object, ...] = ()


COMMANDS: tuple[Command, ...] = (
    Command(
        "Search every sentence",
        "Fuzzy search over all meetings; @name narrows to a speaker",
        "app",
        "search",
    ),
    Command("Help: keys here", "The keys that apply where the focus is", "app", "help"),
    Command("Fold or unfold the meeting list", "More room for the article", "app", "toggle_list"),
    Command("Filter meetings", "Type to narrow the meeting list", "app", "filter"),
    Command("Show load problems", "Files that did not load, and why", "app", "problems"),
    Command("Next sentence", "Move the sentence cursor down", "article", "cursor_down"),
    Command("Previous sentence", "Move the sentence cursor up", "article", "cursor_up"),
    Command(
        "Next statement by this speaker", "That speaker's next statement", "article", "next_same"
    ),
    Command(
        "Previous statement by this speaker", "Back to the same speaker", "article", "previous_same"
    ),
    Command("Next change of speaker", "Where someone else speaks", "article", "next_turn"),
    Command("Previous change of speaker", "Back to the previous turn", "article", "previous_turn"),
    Command("Next meeting", "Read the next meeting of the list (J)", "app", "step_meeting", (1,)),
    Command(
        "Previous meeting",
        "Read the previous meeting of the list (K)",
        "app",
        "step_meeting",
        (-1,),
    ),
    Command(
        "Copy sentence",
        "The current sentence or range, to the clipboard (y)",
        "app",
        "copy_sentence",
    ),
    Command(
        "Open the web page",
        "The article's page or feed item in the browser (o)",
        "app",
        "open_page",
    ),
    Command("First sentence", "Go to the top of the article", "article", "first"),
    Command("Last sentence", "Go to the end of the article", "article", "last"),
    Command("Bookmark this sentence", "Or remove its bookmark (b)", "app", "toggle_bookmark"),
    Command("Annotate this sentence or range", "Write a note (a)", "app", "annotate"),
    Command("Start or end a range", "j/k extend it; then annotate (v)", "article", "toggle_range"),
    Command("Bookmarks and notes", "Every bookmark and note, newest first (B)", "app", "notes"),
    Command("Export notes as Markdown", "A file in the data folder", "app", "export", ("md",)),
    Command("Export notes as JSON", "W3C Web Annotation JSON-LD", "app", "export", ("json",)),
    Command("Export notes as CSV", "One row per bookmark or note", "app", "export", ("csv",)),
    Command(
        "One speaker across meetings",
        "Every statement of a speaker, by meeting, oldest first (s)",
        "app",
        "speakers",
    ),
    Command(
        "Compare two meetings",
        "Mark this meeting; marking a second shows both side by side (c)",
        "app",
        "compare_mark",
    ),
    Command("Phrase over time", "Count a phrase per meeting and speaker (t)", "app", "trend"),
    Command("Where dipreader keeps files", "Notes, last place, keymap, cache", "app", "where"),
    Command("Quit dipreader", "Leave, keeping your place for next time", "app", "quit"),
)


def _runner(app: App[object], command: Command) -> Callable[[], None]:
    def run() -> None:
        node: object = app
        if command.target == "article":
            from dipreader.ui.widgets.article_view import ArticleView

            node = app.query_one(ArticleView)
        method = getattr(node, f"action_{command.action}")
        app.call_later(method, *command.args)

    return run


class DipreaderCommands(Provider):
    """dipreader's actions, found by fuzzy match on their titles."""

    def _available(self) -> list[Command]:
        app = self.app
        enabled = []
        available = getattr(app, "command_available", None)
        for command in COMMANDS:
            if command.target == "app" and callable(available) and not available(command.action):
                continue
            enabled.append(command)
        return enabled

    async def discover(self) -> Hits:
        for command in self._available():
            yield DiscoveryHit(command.title, _runner(self.app, command), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._available():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    partial(_runner(self.app, command)),
                    help=command.help,
                )
