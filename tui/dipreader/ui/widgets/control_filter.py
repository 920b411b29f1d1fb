"""The last guard between the reader and the terminal: every line drawn, by any widget,
loses whatever control character is still in it.

Text from a file, a note, a key name or a path is cleaned where it is shown (control
characters made visible: ``core.text.safe.clean``); this filter catches what a surface
forgot, or a widget of Textual's that shows text it was given as is (the ``TextArea`` of the
note dialog, the key panel, a toast). Control characters take no cell, so dropping them at
this point leaves every line's layout (and a text field's cursor) where it was.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from dipreader.core.text.safe import drop_controls, has_controls


class ControlFilter(LineFilter):
    """Drops control characters from the text of each segment of a rendered line."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        # Lines are filtered once and cached by Textual; most have nothing to drop.
        if not any(has_controls(segment.text) for segment in segments if not segment.control):
            return segments
        kept: list[Segment] = []
        for segment in segments:
            if segment.control or not has_controls(segment.text):
                kept.append(segment)
                continue
            text = drop_controls(segment.text)
            if text:  # an empty segment is invalid in a strip
                kept.append(Segment(text, segment.style))
        return kept


CONTROL_FILTER = ControlFilter()
