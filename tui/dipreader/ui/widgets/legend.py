"""The legend: each speaker's colour, name, role and country, and the joint/narration styles.

A person has one colour everywhere (ui/widgets/palette.py); a speaker who shares a colour with an
earlier speaker of the meeting has a lighter swatch and is underlined, and their line says so.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widgets import Static

from dipreader.core.model import Meeting
from dipreader.core.text.safe import clean_line
from dipreader.ui.widgets import palette


class Legend(Static):
    """Who speaks in the meeting shown, in the colours the article uses."""

    COMPONENT_CLASSES = {"legend--role", "legend--joint", "legend--narration"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.meeting: Meeting | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._redraw())

    def notify_style_update(self) -> None:
        # The theme's CSS arrives after the theme signal: draw again with the new styles.
        super().notify_style_update()
        if self.is_mounted:
            self._redraw()

    async def on_click(self, event: events.Click) -> None:
        """A click on a speaker's line opens their statements (one line per speaker)."""
        meeting = self.meeting
        if meeting is not None and 0 <= event.y < len(meeting.speakers):
            await self.app.run_action(f"app.show_speaker({meeting.speakers[event.y].id!r})")

    def show(self, meeting: Meeting | None) -> None:
        self.meeting = meeting
        self._redraw()

    def _redraw(self) -> None:
        meeting = self.meeting
        self.display = meeting is not None
        if meeting is None:
            self.update("")
            return
        dark = self.app.current_theme.dark
        role_style = self.get_component_rich_style(
            "legend--role",
        )
        text = Text(no_wrap=True, overflow="ellipsis")  # one line per speaker, however narrow
        looks = palette.looks(s.id for s in meeting.speakers)
        names = {s.id: s.name for s in meeting.speakers}
        for speaker in meeting.speakers:
            look = looks[speaker.id]
            colour = Style(color=palette.shade(look.hue, dark))
            text.append(look.swatch + " ", colour)
            text.append(clean_line(speaker.name), look.style(dark) + Style(bold=True))
            if look.mark:
                # Said where it is seen (before the role, which a narrow pane may cut): this
                # speaker shares the colour of an earlier one and is told apart by the mark.
                first = next(sid for sid, other in looks.items() if other.hue is look.hue)
                shared = clean_line(names.get(first, first))
                text.append(f"  {look.mark_name}: shares {look.hue.name} with {shared}", role_style)
            extra = ", ".join(p for p in (speaker.role, speaker.country) if p)
            if extra:
                text.append("  " + clean_line(extra), role_style)
            text.append("\n")
        text.append(
            "█ ",
            self.get_component_rich_style(
                "legend--joint",
            ),
        )
        text.append(
            "joint",
            self.get_component_rich_style(
                "legend--joint",
            ),
        )
        text.append("   ")
        text.append(
            "█ ",
            self.get_component_rich_style(
                "legend--narration",
            ),
        )
        text.append(
            "narration",
            self.get_component_rich_style(
                "legend--narration",
            ),
        )
        self.update(text)
