"""The status line: which meeting, which sentence of how many, who is speaking, and, first,
what is under way: a passage being selected (``v``), a meeting marked for comparison (``c``)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from dipreader.core.model import Kind, Meeting
from dipreader.core.text.safe import clean_line
from dipreader.ui.widgets import palette
from dipreader.ui.widgets.article_view import ArticleView


def under_way(selected: int, marked: Meeting | None) -> list[str]:
    """What the user has started and not finished, in words: shown before the position."""
    said: list[str] = []
    if selected:
        said.append(f"selecting {selected} sentence{'s' if selected != 1 else ''}")
    if marked is not None:
        said.append(f"marked for compare: {marked.date_text}")
    return said


def describe(meeting: Meeting | None, index: int, dark: bool) -> Text:
    """The status text for sentence ``index`` of ``meeting``."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if meeting is None:
        text.append("No meeting open")
        return text
    place = clean_line(meeting.venue or meeting.title or meeting.location)
    text.append(f"{meeting.date_text} {place}", Style(bold=True))
    count = len(meeting.sentences)
    if not count:
        text.append("  ·  no sentences")
        return text
    text.append(f"  ·  sentence {index + 1} of {count}  ·  ")
    sentence = meeting.sentences[index]
    speaker = meeting.speaker(sentence.speaker)
    if sentence.kind is Kind.STATEMENT and speaker is not None:
        style = palette.speaker_style((s.id for s in meeting.speakers), speaker.id, dark)
        text.append(clean_line(speaker.name), style + Style(bold=True))
        if speaker.country:
            text.append(f" ({clean_line(speaker.country)})")
    elif sentence.kind is Kind.JOINT:
        text.append("joint statement", Style(italic=True))
    else:
        text.append("narration", Style(dim=True))
    return text


class StatusLine(Static):
    """One line at the bottom: the reading position, or loading progress."""

    COMPONENT_CLASSES = {"status--mode"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._position: tuple[Meeting | None, int] = (None, 0)
        self._progress = ""
        self._marked: Meeting | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._redraw())

    def set_position(self, meeting: Meeting | None, index: int) -> None:
        self._position = (meeting, index)
        self._redraw()

    def set_compare_mark(self, meeting: Meeting | None) -> None:
        """The meeting marked for comparison (``c``), or None once compared or unmarked."""
        self._marked = meeting
        self._redraw()

    def _selected(self) -> int:
        """How many sentences the article's range covers (0 without one)."""
        if not self.is_attached:
            return 0
        views = self.screen.query(ArticleView)
        return views.first().selected_count if views else 0

    def set_progress(self, message: str) -> None:
        """Loading progress, shown at the right; empty to hide."""
        self._progress = message
        self._redraw()

    def redraw(self) -> None:
        """Draw again what is there (the speakers of the meeting shown have new ids)."""
        self._redraw()

    def _redraw(self) -> None:
        meeting, index = self._position
        text = Text(no_wrap=True, overflow="ellipsis")
        badge = self.get_component_rich_style("status--mode")
        for said in under_way(self._selected(), self._marked):
            text.append(f" {said} ", badge)
            text.append(" ")
        text.append_text(describe(meeting, index, self.app.current_theme.dark))
        if self._progress:
            text.append("  ·  ")
            text.append(self._progress, Style(italic=True))
        self.update(text, layout=False)  # always one line: no need to lay the screen out again
