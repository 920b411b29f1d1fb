"""The status line: which meeting, which sentence of how many, who is speaking."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from dipreader.core.model import Kind, Meeting
from dipreader.core.text.safe import clean_line
from dipreader.ui.widgets import palette


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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._position: tuple[Meeting | None, int] = (None, 0)
        self._progress = ""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._redraw())

    def set_position(self, meeting: Meeting | None, index: int) -> None:
        self._position = (meeting, index)
        self._redraw()

    def set_progress(self, message: str) -> None:
        """Loading progress, shown at the right; empty to hide."""
        self._progress = message
        self._redraw()

    def redraw(self) -> None:
        """Draw again what is there (the speakers of the meeting shown have new ids)."""
        self._redraw()

    def _redraw(self) -> None:
        meeting, index = self._position
        text = describe(meeting, index, self.app.current_theme.dark)
        if self._progress:
            text.append("  ·  ")
            text.append(self._progress, Style(italic=True))
        self.update(text, layout=False)  # always one line: no need to lay the screen out again
