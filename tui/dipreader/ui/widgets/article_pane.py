"""The right-hand pane: the meeting's heading, the legend and the article itself."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from dipreader.core.model import Meeting
from dipreader.core.text.safe import clean_line
from dipreader.ui.widgets.article_view import ArticleView
from dipreader.ui.widgets.legend import Legend
from dipreader.ui.widgets.meeting_list import MeetingList

NOTHING_YET = "Nothing to read yet."
NO_MATCH = "No meeting matches the filter."  # the list says which, and how to clear it


def heading(meeting: Meeting | None, empty: str = NOTHING_YET) -> Text:
    """Date, place and occasion on one line, the title (if any) and the source on the next,
    and the web address (``o`` opens it) on a third when the article has one; ``empty``
    when there is no meeting to show."""
    if meeting is None:
        return Text(empty, style=Style(italic=True))
    text = Text(no_wrap=True, overflow="ellipsis")  # one line each, cut rather than wrapped
    text.append(meeting.date_text, Style(bold=True))
    for part in (meeting.venue, meeting.occasion):
        if part:
            text.append("  ·  " + clean_line(part))
    second = [
        part for part in (meeting.title, meeting.source and f"Source: {meeting.source}") if part
    ]
    if second:
        text.append("\n" + clean_line("  ·  ".join(second)), Style(dim=True))
    if meeting.url:
        text.append("\n" + clean_line(meeting.url), Style(dim=True, underline=True))
    return text


class ArticlePane(Vertical):
    """Heading, legend and article of one meeting."""

    def compose(self) -> ComposeResult:
        yield Static(heading(None), id="heading", markup=False)
        yield Legend(id="legend")
        yield ArticleView(id="article")

    def show(self, meeting: Meeting | None, cursor: int = 0) -> None:
        empty = NOTHING_YET
        if meeting is None:
            lists = self.screen.query(MeetingList)
            if lists and lists.first().filtered_out:
                empty = NO_MATCH  # the filter typed, the keys that clear it: in the list
        self.query_one("#heading", Static).update(heading(meeting, empty))
        self.query_one(Legend).show(meeting)
        self.query_one(ArticleView).show(meeting, cursor)

    def speakers_changed(self) -> None:
        """The meeting shown has new speaker ids (see core/people/identity.py): draw them again,
        the cursor and the scroll left where they are."""
        view = self.query_one(ArticleView)
        self.query_one(Legend).show(view.meeting)
        view.speakers_changed()
