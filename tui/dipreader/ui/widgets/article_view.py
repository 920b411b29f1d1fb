"""The article: sentences coloured by speaker, with a sentence cursor.

A line-API widget: the text is wrapped once into line spans (offsets, no copies) and only
the lines on screen are rendered, so a 20 MB article opens as fast as the wrap runs and a
cursor move repaints just the lines of the two sentences involved.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dipreader.core.model import Kind, Meeting
from dipreader.core.text.safe import clean
from dipreader.ui.widgets import palette, runs
from dipreader.ui.widgets.wrap import wrap_spans

GUTTER = 3  # cursor (or selection) bar, mark glyph, space
MEASURE = 100  # longest line in cells: longer lines are hard to read, however wide the screen


def sentence_label(meeting: Meeting, index: int) -> str:
    """Whose a sentence is, as one key: a speaker id, ``joint`` or ``narration``."""
    sentence = meeting.sentences[index]
    if sentence.kind is Kind.STATEMENT and sentence.speaker:
        return sentence.speaker
    return str(sentence.kind)


@dataclass(frozen=True, slots=True)
class _Styles:
    base: Style
    narration: Style
    joint: Style
    cursor: Style
    range: Style
    range_bar: Style
    gutter: Style
    mark: Style
    speakers: dict[str, Style]


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """One meeting's text, wrapped, with the current sentence highlighted."""

    COMPONENT_CLASSES = {
        "article--narration",
        "article--joint",
        "article--cursor",
        "article--range",
        "article--range-bar",
        "article--gutter",
        "article--mark",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next sentence", id="article.next"),
        Binding("k,up", "cursor_up", "Previous sentence", id="article.previous"),
        Binding("n,right_square_bracket", "next_same", "Same speaker ↓", id="article.next_same"),
        Binding(
            "N,left_square_bracket", "previous_same", "Same speaker ↑", id="article.previous_same"
        ),
        Binding("right_curly_bracket", "next_turn", "Next speaker", id="article.next_turn"),
        Binding(
            "left_curly_bracket",
            "previous_turn",
            "Previous speaker",
            show=False,
            id="article.previous_turn",
        ),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="article.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="article.page_up"),
        Binding("g,home", "first", "First sentence", show=False, id="article.first"),
        Binding("G,end", "last", "Last sentence", show=False, id="article.last"),
        # Bookmarks and notes: the app owns the store, the article knows the sentences.
        Binding("b", "app.toggle_bookmark", "Bookmark", id="article.bookmark"),
        # Priority: run on the app's turn, so the keys typed right after it reach the dialog.
        Binding("a", "app.annotate", "Annotate", priority=True, id="article.annotate"),
        Binding("v", "toggle_range", "Select range", id="article.range"),
        Binding("escape", "clear_range", "End range", show=False, id="article.clear_range"),
        Binding("J", "app.step_meeting(1)", "Next meeting", show=False, id="article.next_meeting"),
        Binding(
            "K", "app.step_meeting(-1)", "Previous meeting", show=False, id="article.prev_meeting"
        ),
        Binding("y", "app.copy_sentence", "Copy", show=False, id="article.copy"),
        Binding("o", "app.open_page", "Open page", show=False, id="article.open_page"),
    ]

    cursor: reactive[int] = reactive(0, always_update=False, init=False)

    class CursorMoved(Message):
        """The sentence cursor moved (or a new meeting was shown)."""

        def __init__(self, view: ArticleView, meeting: Meeting | None, index: int) -> None:
            super().__init__()
            self.view = view
            self.meeting = meeting
            self.index = index

        @property
        def control(self) -> ArticleView:
            return self.view

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.meeting: Meeting | None = None
        self._lines: list[tuple[int, int]] = []
        self._line_starts: list[int] = []
        self._sent_starts: list[int] = []
        self._sent_ends: list[int] = []
        self._labels: list[str] = []
        self._wrap_width = 0
        self._styles: _Styles | None = None
        self._marks: dict[int, str] = {}
        self._range_anchor: int | None = None

    # -- data ---------------------------------------------------------------------------

    def show(self, meeting: Meeting | None, cursor: int = 0) -> None:
        """Show ``meeting`` with the cursor on sentence ``cursor`` (clamped)."""
        self.meeting = meeting
        self._marks = {}
        self._range_anchor = None
        self._styles = None
        if meeting is None:
            self._sent_starts = self._sent_ends = []
            self._labels = []
        else:
            self._sent_starts = [s.start for s in meeting.sentences]
            self._sent_ends = [s.end for s in meeting.sentences]
            self._labels = [sentence_label(meeting, i) for i in range(len(meeting.sentences))]
        self._rewrap(force=True)
        count = len(self._sent_starts)
        index = min(max(cursor, 0), count - 1) if count else 0
        self.set_reactive(ArticleView.cursor, index)
        self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_to_cursor(center=True)
        self.refresh()
        self.post_message(self.CursorMoved(self, meeting, index))

    def speakers_changed(self) -> None:
        """The meeting's speakers have new ids: take them, nothing else moves."""
        meeting = self.meeting
        if meeting is not None:
            self._labels = [sentence_label(meeting, i) for i in range(len(meeting.sentences))]
        self._styles = None
        self.refresh()

    def set_marks(self, marks: dict[int, str]) -> None:
        """Glyphs to show in the gutter beside sentences (bookmarks, notes)."""
        self._marks = dict(marks)
        self.refresh()

    @property
    def range_anchor(self) -> int | None:
        return self._range_anchor

    def set_range_anchor(self, index: int | None) -> None:
        """Start (or with ``None`` end) a range of sentences that runs to the cursor."""
        if index == self._range_anchor:
            return
        self._range_anchor = index
        self.refresh()
        self.refresh_bindings()
        # What is selected changed: the status line says it (it reads ``selected_count``).
        self.post_message(self.CursorMoved(self, self.meeting, self.cursor))

    @property
    def selected_count(self) -> int:
        """How many sentences the range covers; 0 when no range is being selected."""
        if self._range_anchor is None:
            return 0
        low, high = self.selection()
        return high - low + 1

    def action_toggle_range(self) -> None:
        """Start a range at the cursor (j/k extend it), or drop the range."""
        self.set_range_anchor(None if self._range_anchor is not None else self.cursor)

    def action_clear_range(self) -> None:
        self.set_range_anchor(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_range":
            return self._range_anchor is not None  # else escape means what it means elsewhere
        return True

    def selection(self) -> tuple[int, int]:
        """The sentences the range covers (the cursor's alone without a range), in order."""
        anchor = self._range_anchor
        if anchor is None:
            return self.cursor, self.cursor
        low, high = sorted((anchor, self.cursor))
        return low, high

    @property
    def sentence_count(self) -> int:
        return len(self._sent_starts)

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def sentence_lines(self, index: int) -> tuple[int, int]:
        """First and last line (inclusive) that sentence ``index`` occupies."""
        first = bisect_right(self._line_starts, self._sent_starts[index]) - 1
        last = bisect_right(self._line_starts, max(self._sent_ends[index] - 1, 0)) - 1
        return max(first, 0), max(last, first, 0)

    # -- layout -------------------------------------------------------------------------

    def _text_width(self) -> int:
        return max(10, min(MEASURE, self.scrollable_content_region.width - GUTTER))

    def _rewrap(self, force: bool = False) -> None:
        width = self._text_width()
        if not force and width == self._wrap_width:
            return
        self._wrap_width = width
        meeting = self.meeting
        if meeting is None:
            self._lines = []
        else:
            first = meeting.body_start
            if meeting.sentences:
                first = min(first, meeting.sentences[0].start)
            while first < len(meeting.text) and meeting.text[first] in "\r\n":
                first += 1
            end = len(meeting.text.rstrip())
            self._lines = wrap_spans(meeting.text, first, max(first, end), width)
        self._line_starts = [start for start, _ in self._lines]
        self.virtual_size = Size(width + GUTTER, len(self._lines))

    def on_resize(self, event: events.Resize) -> None:
        before = self._wrap_width
        self._rewrap()
        if before != self._wrap_width:
            self._scroll_to_cursor(center=True)
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        self._styles = None
        self.refresh()

    def _get_styles(self) -> _Styles:
        if self._styles is not None:
            return self._styles
        base = self.rich_style
        dark = self.app.current_theme.dark
        speakers: dict[str, Style] = {}
        if self.meeting is not None:
            # Each person in their own colour; one sharing it with an earlier speaker of the
            # meeting underlined as well (the legend says so).
            looks = palette.looks(s.id for s in self.meeting.speakers)
            speakers = {sid: base + look.style(dark) for sid, look in looks.items()}
        cursor = self.get_component_rich_style("article--cursor")
        rng = self.get_component_rich_style("article--range")
        self._styles = _Styles(
            base=base,
            narration=self.get_component_rich_style("article--narration"),
            joint=self.get_component_rich_style("article--joint"),
            cursor=Style(bgcolor=cursor.bgcolor, bold=cursor.bold),
            range=Style(bgcolor=rng.bgcolor),
            range_bar=self.get_component_rich_style("article--range-bar"),
            gutter=self.get_component_rich_style("article--gutter"),
            mark=self.get_component_rich_style("article--mark"),
            speakers=speakers,
        )
        return self._styles

    def sentence_style(self, index: int) -> Style:
        """The style a sentence is drawn in (its speaker's colour, joint, or narration)."""
        styles = self._get_styles()
        label = self._labels[index]
        if label == Kind.NARRATION:
            return styles.narration
        if label == Kind.JOINT:
            return styles.joint
        return styles.speakers.get(label, styles.base)

    # -- rendering ----------------------------------------------------------------------

    def _in_range(self, index: int) -> bool:
        anchor = self._range_anchor
        if anchor is None:
            return False
        low, high = sorted((anchor, self.cursor))
        return low <= index <= high

    def render_line(self, y: int) -> Strip:
        line_index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        styles = self._get_styles()
        meeting = self.meeting
        if meeting is None or not 0 <= line_index < len(self._lines):
            return Strip.blank(width, styles.base)
        start, end = self._lines[line_index]
        text = meeting.text
        segments: list[Segment] = []
        first = bisect_right(self._sent_ends, start)
        index = first
        pos = start
        cursor_here = False
        range_here = False
        mark = ""
        count = len(self._sent_starts)
        while pos < end:
            if index < count and self._sent_starts[index] <= pos:
                piece_end = min(end, self._sent_ends[index])
                style = self.sentence_style(index)
                if index == self.cursor:
                    style = style + styles.cursor
                    cursor_here = True
                elif self._in_range(index):
                    style = style + styles.range
                    range_here = True
                if not mark and index in self._marks:
                    mark = self._marks[index]
                index += 1
            else:
                next_start = self._sent_starts[index] if index < count else end
                piece_end = min(end, max(next_start, pos + 1))
                style = styles.narration
            piece = clean(text[pos:piece_end]).replace("\t", " ")
            segments.append(Segment(piece, style))
            pos = piece_end
        if start == end and 0 <= self.cursor < count:
            # A blank line inside the cursor sentence (rare) still shows the bar.
            cursor_here = self._sent_starts[self.cursor] <= start < self._sent_ends[self.cursor]
        if cursor_here:
            bar = Segment("▌", styles.mark)
        elif range_here:
            bar = Segment("┃", styles.range_bar)  # the passage selected with v, in the margin too
        else:
            bar = Segment(" ", styles.gutter)
        glyph = Segment(mark[:1] or " ", styles.mark if mark else styles.gutter)
        strip = Strip([bar, glyph, Segment(" ", styles.gutter), *segments])
        return strip.adjust_cell_length(width, styles.base)

    # -- cursor -------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        if self.meeting is None or not self._sent_starts:
            return
        if self._range_anchor is not None:
            self.refresh()
        else:
            for index in (old, new):
                if 0 <= index < len(self._sent_starts):
                    first, last = self.sentence_lines(index)
                    self.refresh_lines(first, last - first + 1)
        # A jump (same speaker, next turn, page) lands a third of the way down, with what
        # follows in view; a step to the neighbour scrolls as little as it can.
        self._scroll_to_cursor(center=abs(new - old) > 1 and not self._is_visible(new))
        self.post_message(self.CursorMoved(self, self.meeting, new))

    def _is_visible(self, index: int) -> bool:
        first, last = self.sentence_lines(index)
        top = self.scroll_offset.y
        return top <= first and last < top + self.scrollable_content_region.height

    def move_to(self, index: int) -> None:
        if not self._sent_starts:
            return
        self.cursor = min(max(index, 0), len(self._sent_starts) - 1)

    def _scroll_to_cursor(self, center: bool = False) -> None:
        if not self._sent_starts or not 0 <= self.cursor < len(self._sent_starts):
            return
        first, last = self.sentence_lines(self.cursor)
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        margin = min(2, height // 8)  # lines of context kept above and below the cursor
        if center:
            target = first - max(0, (height - (last - first + 1)) // 3)
        elif first - margin < top:
            target = first - margin
        elif last + margin >= top + height:
            target = min(first - margin, last + margin - height + 1)
        else:
            return
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._sent_starts) - 1)

    def action_next_same(self) -> None:
        target = self.find_same(self.cursor, 1)
        if target is None:
            self.app.bell()
        else:
            self.move_to(target)

    def action_previous_same(self) -> None:
        target = self.find_same(self.cursor, -1)
        if target is None:
            self.app.bell()
        else:
            self.move_to(target)

    def action_next_turn(self) -> None:
        target = self.find_turn(self.cursor, 1)
        if target is None:
            self.app.bell()
        else:
            self.move_to(target)

    def action_previous_turn(self) -> None:
        target = self.find_turn(self.cursor, -1)
        if target is None:
            self.app.bell()
        else:
            self.move_to(target)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        if not self._sent_starts:
            return
        height = max(1, self.scrollable_content_region.height - 1)
        first, _ = self.sentence_lines(self.cursor)
        line = min(max(first + direction * height, 0), len(self._lines) - 1)
        offset = self._lines[line][0]
        target = bisect_right(self._sent_ends, offset)
        if target == self.cursor:
            target += direction
        self.move_to(target)

    def find_same(self, index: int, step: int) -> int | None:
        """The next (``step`` 1) or previous (-1) statement of the same speaker."""
        return runs.same_speaker(self._labels, index, step)

    def find_turn(self, index: int, step: int) -> int | None:
        """Start of the next (1) or previous (-1) run by another speaker."""
        return runs.speaker_turn(self._labels, index, step)

    # -- mouse --------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        if self.meeting is None or not self._sent_starts:
            return
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line_index = offset.y + self.scroll_offset.y
        if not 0 <= line_index < len(self._lines):
            return
        start, end = self._lines[line_index]
        column = max(0, offset.x - GUTTER)
        char = min(start + column, max(start, end - 1))
        target = bisect_right(self._sent_ends, char)
        if target >= len(self._sent_starts):
            target = len(self._sent_starts) - 1
        elif self._sent_starts[target] > char:
            # Between sentences: take the nearer one before, if any.
            target = max(0, bisect_left(self._sent_starts, char) - 1) if target else 0
        self.move_to(target)
