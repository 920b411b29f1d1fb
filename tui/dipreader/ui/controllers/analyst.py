"""The analyst views wired to the reader: which speaker, which two meetings, which phrase.

The app keeps one of these; its actions (``s``, ``c``, ``t`` and the palette) call in here.
Each view gets the reader's context; its choice (a meeting and a sentence) comes back to the
``open_meeting`` the app gave.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dipreader.core.model import Meeting
from dipreader.core.text.safe import clean_line
from dipreader.ui.context import ReaderContext
from dipreader.ui.widgets.meeting_list import MeetingList
from dipreader.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from textual.app import App

Place = tuple[Meeting, int]
OpenMeeting = Callable[[Meeting, int], None]


class AnalystViews:
    """Opens the speaker, compare and trend views over the reader's meetings."""

    def __init__(self, app: App[Any], context: ReaderContext, open_meeting: OpenMeeting) -> None:
        self.app = app
        self.context = context
        self._open_meeting = open_meeting
        self.marked: Meeting | None = None  # the first meeting chosen for a comparison

    def _opened(self, place: Place | None) -> None:
        if place is not None:
            self._open_meeting(*place)

    @property
    def current(self) -> Meeting | None:
        return self.context.shown

    # -- one speaker ------------------------------------------------------------------------

    async def pick_speaker(self) -> None:
        if not self.context.meetings:
            self.app.bell()
            return

        def chosen(speaker_id: str | None) -> None:
            if speaker_id is not None:
                self.show_speaker(speaker_id)

        from dipreader.ui.screens.speaker_screen import (
            SpeakerPicker,  # not needed for the first frame
        )

        # Awaited: the name typed right after "s" waits for the picker's field.
        await self.app.push_screen(SpeakerPicker(self.context, self.current), chosen)

    def show_speaker(self, speaker_id: str) -> None:
        from dipreader.ui.screens.speaker_screen import SpeakerScreen

        screen = SpeakerScreen(self.context, speaker_id)
        if not screen.groups:
            # By name: the id is the reader's, not the user's.
            who = clean_line(screen.speaker.name) if screen.speaker else "that speaker"
            self.app.notify(
                f"No statements by {who} in the meetings read.",
                markup=False,
            )
            return
        self.app.push_screen(screen, self._opened)

    # -- two meetings ---------------------------------------------------------------------

    def mark(self, meeting: Meeting | None = None) -> None:
        """Mark a meeting for comparison; marking a second one compares the two."""
        meeting = meeting if meeting is not None else self.current
        if meeting is None:
            self.app.bell()
            return
        marked = self.marked
        if marked is meeting:
            self._set_mark(None)
            self.app.notify("Comparison mark removed.", timeout=3, markup=False)
            return
        # By identity: comparing meetings by value would compare whole texts.
        if marked is None or not any(m is marked for m in self.context.meetings):
            self._set_mark(meeting)
            self.app.notify(
                f"Marked {meeting.date_text} {clean_line(meeting.participants_text)}. "
                "Press c on another meeting to compare the two.",
                title="Compare",
                timeout=6,
                markup=False,
            )
            return
        self._set_mark(None)
        self.compare(marked, meeting)

    def _set_mark(self, meeting: Meeting | None) -> None:
        """Remember the meeting marked for comparison, and show it (the list and the status
        line of the reader's own screen say which one it is)."""
        self.marked = meeting
        reader = self.app.screen_stack[0]
        for widget in (*reader.query(MeetingList), *reader.query(StatusLine)):
            widget.set_compare_mark(meeting)

    def compare(self, first: Meeting, second: Meeting) -> None:
        self.app.clear_notifications()  # the "marked" notice would cover the comparison
        from dipreader.ui.screens.compare_screen import CompareScreen

        self.app.push_screen(CompareScreen(self.context, first, second), self._opened)

    # -- a phrase over time ---------------------------------------------------------------

    async def trend(self, phrase: str = "") -> None:
        from dipreader.ui.screens.trend_screen import TrendScreen

        screen = TrendScreen(self.context, phrase)
        await self.app.push_screen(screen, self._opened)
