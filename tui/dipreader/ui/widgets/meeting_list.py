"""The meeting list: newest first, two lines per meeting, filtered as the user types.

A line-API widget rather than an OptionList: 10,000 meetings must filter on every keystroke
and grow while a folder loads, and rebuilding that many options took most of a second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dipreader.core.model import Meeting
from dipreader.core.text.safe import clean_line
from dipreader.ui.widgets import palette
from dipreader.ui.widgets.keys_footer import key_for

ROW_HEIGHT = 2

SortKey = Callable[[Meeting], tuple[object, ...]]


def default_sort_key(meeting: Meeting) -> tuple[object, ...]:
    """Newest first, undated last, then by where the article lives."""
    ordinal = meeting.date.toordinal() if meeting.date else 0
    return (-ordinal, meeting.path, meeting.line)


def haystack(meeting: Meeting) -> str:
    """What the filter matches against: date, people, place, title and file."""
    parts = [
        meeting.date_text,
        meeting.venue or "",
        meeting.occasion or "",
        meeting.title,
        meeting.location,
        *(f"{s.name} {s.role or ''} {s.country or ''}" for s in meeting.speakers),
    ]
    return " ".join(parts).casefold()


class MeetingList(ScrollView, can_focus=True, inherit_bindings=False):
    """Meetings newest first; the highlighted one is shown beside the list."""

    COMPONENT_CLASSES = {
        "meeting-list--date",
        "meeting-list--venue",
        "meeting-list--muted",
        "meeting-list--highlight",
        "meeting-list--mark",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next meeting", show=False, id="list.next"),
        Binding("k,up", "cursor_up", "Previous meeting", show=False, id="list.previous"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("g,home", "first", "First meeting", show=False, id="list.first"),
        Binding("G,end", "last", "Last meeting", show=False, id="list.last"),
        Binding("enter,l,right", "open", "Read", id="list.open"),
    ]

    highlighted: reactive[int] = reactive(0, init=False)

    class Highlighted(Message):
        """Another meeting is highlighted (or none is: ``meeting`` is None)."""

        def __init__(self, meeting_list: MeetingList, meeting: Meeting | None) -> None:
            super().__init__()
            self.meeting_list = meeting_list
            self.meeting = meeting

        @property
        def control(self) -> MeetingList:
            return self.meeting_list

    def __init__(
        self,
        *,
        sort_key: SortKey = default_sort_key,
        on_open: Callable[[Meeting], None] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._sort_key = sort_key
        # Called at once when a meeting is opened, before the next queued key is routed: a
        # message would arrive a turn later, after keys typed right behind ``l``.
        self._on_open = on_open
        # (sort key, arrival, meeting): newest first, ties in the order they came.
        self._all: list[tuple[tuple[object, ...], int, Meeting]] = []
        # What the filter matches, made the first time a filter is typed: most sessions never
        # filter, and making it for 10,000 meetings as they load would slow the loading.
        self._haystacks: dict[int, str] = {}
        self._serial = 0  # tie-breaker so that tuples never compare Meetings
        self._visible: list[Meeting] = []
        self._rows: dict[int, int] | None = None  # made when first wanted (see select)
        self._filter: list[str] = []
        self._filter_text = ""
        self._no_match: tuple[tuple[object, ...], list[Strip]] | None = None
        self._announced: Meeting | None = None
        self._marked: Meeting | None = None  # marked for comparison (c): a glyph on its row

    # -- data ---------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self._all)

    @property
    def shown(self) -> list[Meeting]:
        return self._visible

    @property
    def filter_text(self) -> str:
        """The filter as typed ("" when there is none)."""
        return self._filter_text

    @property
    def filtered_out(self) -> bool:
        """True when a filter is typed and no meeting matches it."""
        return bool(self._filter) and not self._visible

    @property
    def current(self) -> Meeting | None:
        if 0 <= self.highlighted < len(self._visible):
            return self._visible[self.highlighted]
        return None

    def add_meetings(self, meetings: Iterable[Meeting]) -> None:
        """Add meetings in their place; the highlighted meeting stays highlighted."""
        key = self._sort_key
        first = self._serial + 1
        batch = [(key(meeting), serial, meeting) for serial, meeting in enumerate(meetings, first)]
        self._serial += len(batch)
        # One sort of the two runs (the list and the sorted batch), merged in linear time:
        # inserting 10,000 one by one moved the whole list each time (90 ms).
        batch.sort()
        self._all += batch
        self._all.sort()
        self._refilter()

    def set_filter(self, text: str) -> None:
        """Show only meetings whose date, people, place, title or file hold every word."""
        self._filter = text.casefold().split()
        self._filter_text = text
        self._refilter()

    def select(self, meeting: Meeting) -> bool:
        """Highlight ``meeting`` if it is visible; True if it is."""
        if self._rows is None:
            # Where each visible meeting's row is: opening one must not scan 10,000 rows.
            # Made here, not each time the list changes (every batch of a large load).
            self._rows = {id(shown): row for row, shown in enumerate(self._visible)}
        index = self._rows.get(id(meeting))
        if index is None or self._visible[index] is not meeting:
            return False
        self.highlighted = index
        self._announce()
        return True

    def set_compare_mark(self, meeting: Meeting | None) -> None:
        """Show a glyph beside the meeting marked for comparison (None: beside none)."""
        if meeting is not self._marked:
            self._marked = meeting
            self.refresh()

    def _refilter(self) -> None:
        current = self.current
        terms = self._filter
        if terms:
            hays = self._haystacks
            for _, _, meeting in self._all:
                if id(meeting) not in hays:
                    hays[id(meeting)] = haystack(meeting)
            self._visible = [
                meeting
                for _, _, meeting in self._all
                if all(term in hays[id(meeting)] for term in terms)
            ]
        else:
            self._visible = [meeting for _, _, meeting in self._all]
        self._rows = None
        self._resize_rows()
        index = 0
        if current is not None:
            for position, meeting in enumerate(self._visible):
                if meeting is current:
                    index = position
                    break
        self.set_reactive(MeetingList.highlighted, index)
        self._scroll_to_highlight()
        self.refresh()
        self._announce()

    def _announce(self) -> None:
        current = self.current
        if current is not self._announced:
            self._announced = current
            self.post_message(self.Highlighted(self, current))

    # -- rendering ----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row, part = divmod(y + self.scroll_offset.y, ROW_HEIGHT)
        if not 0 <= row < len(self._visible):
            if self.filtered_out:
                lines = self._no_match_lines(width, base)
                if y < len(lines):
                    return lines[y]
            return Strip.blank(width, base)
        meeting = self._visible[row]
        lead = Segment(" ", base)
        if part == 0 and meeting is self._marked:
            lead = Segment("◆", base + self.get_component_rich_style("meeting-list--mark"))
        strip = Strip([lead, *self._row_line(meeting, part, base)])
        if strip.cell_length > width:
            # Cut where it no longer fits, and say so: a name cut short reads as another name.
            cut = list(strip.crop(0, max(0, width - 1)))
            last = cut[-1].style if cut else base
            strip = Strip([*cut, Segment("…", last)])
        strip = strip.adjust_cell_length(width, base)
        if row != self.highlighted:
            return strip
        # Laid over each segment's own style: every segment carries the list's background
        # (``base``), which a style applied underneath (``Strip.apply_style``) never showed.
        highlight = Style(bgcolor=self.get_component_rich_style("meeting-list--highlight").bgcolor)
        return Strip(Segment.apply_style(strip, post_style=highlight), width)

    def _no_match_lines(self, width: int, base: Style) -> list[Strip]:
        """What an empty list says under a filter that nothing matches: the filter as typed
        (data, never markup) and the keys that clear it."""
        key = key_for(self.screen, "app.filter") or "ctrl+f"
        cache_key = (width, self._filter_text, key, base)
        if self._no_match is not None and self._no_match[0] == cache_key:
            return self._no_match[1]
        muted = self.get_component_rich_style("meeting-list--muted")
        text = Text(style=muted, end="")
        text.append("No meeting matches “")
        text.append(clean_line(self._filter_text), Style(bold=True, color=base.color))
        text.append(f"”.\nTo see them all: {key}, then ctrl+u.")
        console = self.app.console
        lines = [
            Strip([Segment(" ", base), *line.render(console)]).adjust_cell_length(width, base)
            for line in text.wrap(console, max(1, width - 1))
        ]
        self._no_match = (cache_key, lines)
        return lines

    def _row_line(self, meeting: Meeting, part: int, base: Style) -> list[Segment]:
        muted = self.get_component_rich_style("meeting-list--muted")
        if part == 0:
            date_style = self.get_component_rich_style("meeting-list--date")
            venue = clean_line(meeting.venue or meeting.occasion or "")
            return [
                Segment(meeting.date_text, date_style),
                Segment("  " + venue, self.get_component_rich_style("meeting-list--venue")),
            ]
        if not meeting.speakers:
            return [Segment(clean_line(meeting.title or meeting.location), muted)]
        dark = self.app.current_theme.dark
        looks = palette.looks(s.id for s in meeting.speakers)
        segments: list[Segment] = []
        for number, speaker in enumerate(meeting.speakers):
            if number:
                segments.append(Segment(" · ", muted))
            style = base + looks[speaker.id].style(dark)
            segments.append(Segment(clean_line(speaker.name), style))
        return segments

    # -- movement -----------------------------------------------------------------------

    def watch_highlighted(self, old: int, new: int) -> None:
        for row in (old, new):
            self.refresh_lines(row * ROW_HEIGHT, ROW_HEIGHT)
        self._scroll_to_highlight()
        self._announce()

    def _move(self, index: int) -> None:
        if self._visible:
            self.highlighted = min(max(index, 0), len(self._visible) - 1)

    def _scroll_to_highlight(self) -> None:
        height = max(ROW_HEIGHT, self.scrollable_content_region.height)
        top = self.highlighted * ROW_HEIGHT
        if top < self.scroll_offset.y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + ROW_HEIGHT > self.scroll_offset.y + height:
            self.scroll_to(y=top + ROW_HEIGHT - height, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self._resize_rows()
        self._scroll_to_highlight()

    def _resize_rows(self) -> None:
        """Make the scrollable height fit the rows shown.

        Without laying the screen out again, unless the scroll bar comes or goes: the list
        keeps its place and size. Laying it out after every batch of a large load redrew the
        whole screen each time, a tenth of the interface's work in a cold start.
        """
        size = Size(self.scrollable_content_region.width, len(self._visible) * ROW_HEIGHT)
        if size == self.virtual_size:
            return
        had_scroll_bar = self.show_vertical_scrollbar
        self.set_reactive(MeetingList.virtual_size, size)
        self._scroll_update(size)
        if self.show_vertical_scrollbar != had_scroll_bar:
            self.refresh(layout=True)

    def action_cursor_down(self) -> None:
        self._move(self.highlighted + 1)

    def action_cursor_up(self) -> None:
        self._move(self.highlighted - 1)

    def action_page_down(self) -> None:
        self._move(self.highlighted + max(1, self.scrollable_content_region.height // 2))

    def action_page_up(self) -> None:
        self._move(self.highlighted - max(1, self.scrollable_content_region.height // 2))

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._visible) - 1)

    def action_open(self) -> None:
        current = self.current
        if current is not None and self._on_open is not None:
            self._on_open(current)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = (offset.y + self.scroll_offset.y) // ROW_HEIGHT
        if 0 <= row < len(self._visible):
            self._move(row)
            if event.chain >= 2:
                self.action_open()
