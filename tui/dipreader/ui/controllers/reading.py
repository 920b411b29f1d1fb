"""The reading keys that act on the article and the list together: the next meeting, copying
a sentence, opening the article's web page, and where dipreader keeps its files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dipreader.core.settings import locations
from dipreader.core.text.safe import clean_line
from dipreader.ui.controllers.keymap import keymap_path
from dipreader.ui.widgets.article_view import ArticleView
from dipreader.ui.widgets.meeting_list import MeetingList

if TYPE_CHECKING:
    from textual.app import App


class Reading:
    """What ``J``, ``K``, ``y``, ``o`` and the palette's "where" do."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app

    def step_meeting(self, step: int) -> None:
        """Read the next (1) or previous (-1) meeting of the list without leaving the article."""
        meeting_list = self.app.query_one(MeetingList)
        before = meeting_list.highlighted
        meeting_list.highlighted = min(max(before + step, 0), max(len(meeting_list.shown) - 1, 0))
        if meeting_list.highlighted == before:
            self.app.bell()

    def copy_sentence(self) -> None:
        """Copy the current sentence (or range) to the clipboard, as the article has it."""
        from dipreader.ui.notebook import sentence_span

        view = self.app.query_one(ArticleView)
        meeting = view.meeting
        if meeting is None or not meeting.sentences:
            self.app.bell()
            return
        start, end = sentence_span(meeting, *view.selection())
        self.app.copy_to_clipboard(meeting.text[start:end])
        self.app.notify("Copied.", timeout=2)

    def open_page(self) -> None:
        """Open the article's web page (a saved page's address, a feed item's link) in the
        browser; say so when it has none."""
        meeting = self.app.query_one(ArticleView).meeting
        if meeting is None or not meeting.url:
            self.app.notify("This article has no web address.", timeout=3)
            return
        self.app.open_url(meeting.url)
        self.app.notify(f"Opening {clean_line(meeting.url)}", timeout=3, markup=False)

    def where(self) -> None:
        """Say where the notes, the last place, the keymap and the cache are kept."""
        lines = [
            f"Notes: {locations.store_path()}",
            f"Last place: {locations.state_path()}",
            f"Keymap: {keymap_path()}",
            f"Cache: {locations.cache_dir()}",
        ]
        self.app.notify(
            "\n".join(lines), title="Where dipreader keeps files", timeout=15, markup=False
        )
