"""Two meetings side by side: paired statements on one row, what only one has set apart.

One list of rows with two columns, so both sides scroll together by construction. Each row
is a pair (``=``), a statement like one paired elsewhere (``~``), or a statement with nothing
like it on the other side (``◆ only in …``, tinted). ``h``/``l`` choose the side that enter
opens.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar, Literal

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dipreader.core.analysis.compare import Comparison, Status, compare
from dipreader.core.analysis.statements import date_key
from dipreader.core.model import Meeting
from dipreader.ui.background import in_daemon_thread
from dipreader.ui.context import ReaderContext
from dipreader.ui.widgets.keys_footer import KeysFooter
from dipreader.ui.widgets.view_lines import meeting_heading, styled_sentence, who_text, with_gutter

Side = Literal["left", "right"]
Place = tuple[Meeting, int]

GLYPHS = {"paired": "=", "echo": "~", "only": "◆", "skipped": " "}
ROWS_AT_ONCE = 50  # rows added to the list between two frames (each 50 about 0.1 s)


def ordered(first: Meeting, second: Meeting) -> tuple[Meeting, Meeting]:
    """The older meeting on the left, so that the sides read as before and after."""
    return (first, second) if date_key(first) <= date_key(second) else (second, first)


def statuses(comparison: Comparison) -> dict[tuple[Side, int], Status]:
    """Every compared sentence's status, worked out once (``Comparison.status`` scans)."""
    found: dict[tuple[Side, int], Status] = {}
    for link in comparison.echoes:
        found[("left", link.left)] = "echo"
        found[("right", link.right)] = "echo"
    for link in comparison.pairs:
        found[("left", link.left)] = "paired"
        found[("right", link.right)] = "paired"
    for index in comparison.left_only:
        found[("left", index)] = "only"
    for index in comparison.right_only:
        found[("right", index)] = "only"
    return found


class CompareScreen(Screen[Place | None]):
    """The comparison of two meetings; enter opens the sentence on the chosen side."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"compare--only", "compare--label"}

    DEFAULT_CSS = """
    #compare-box { height: 1fr; padding: 0 1; }
    #compare-title { height: auto; background: $boost; padding: 0 1; }
    #compare-status { height: 1; padding: 0 1; background: $panel; }
    #compare-rows {
        height: 1fr; border: none;
        & > .option-list--option { padding: 0 1 1 1; }
    }
    CompareScreen > .compare--only { background: $warning-muted; }
    CompareScreen > .compare--label { color: $warning; text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="compare.close"),
        Binding("enter", "open", "Open sentence", priority=True, id="compare.open"),
        Binding("j,down", "move(1)", "Next row", show=False, id="compare.next"),
        Binding("k,up", "move(-1)", "Previous row", show=False, id="compare.previous"),
        # Priority: the list would take left/right to scroll sideways, which it never needs.
        Binding("h,left", "side('left')", "Left side", priority=True, id="compare.left"),
        Binding("l,right", "side('right')", "Right side", priority=True, id="compare.right"),
        Binding("n", "next_only", "Next unmatched", id="compare.next_only"),
        Binding("N", "previous_only", "Previous unmatched", show=False, id="compare.prev_only"),
    ]

    def __init__(self, context: ReaderContext, first: Meeting, second: Meeting) -> None:
        super().__init__()
        self.context = context
        self.left, self.right = ordered(first, second)
        # Empty until the comparison, worked out off the interface thread, arrives.
        self.comparison = Comparison(self.left, self.right, [], [], [], [], [])
        self.comparing = True
        self.rows: list[tuple[int | None, int | None]] = []
        self.side: Side = "left"
        self._statuses: dict[tuple[Side, int], Status] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="compare-box"):
            yield Static("", id="compare-title")
            yield OptionList(id="compare-rows")
            yield Static("", id="compare-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refill()
        self.set_focus(self.query_one("#compare-rows", OptionList))
        self.run_worker(self._compare(), exclusive=True, group="compare", description="compare")

    async def _compare(self) -> None:
        # Two long readouts take seconds: the screen says so and the keys keep working.
        left, right = self.left, self.right
        try:
            result = await in_daemon_thread(lambda: compare(left, right), "dipreader-compare")
        except Exception as error:  # a comparison must never take the reader down
            self.comparing = False
            self.notify(f"The comparison failed: {type(error).__name__}", severity="error")
            self.refill()
            return
        self.comparison = result
        self.comparing = False
        self.rows = result.rows()
        self._statuses = statuses(result)
        await self._fill()

    # -- drawing --------------------------------------------------------------------------

    def _grid(self) -> Table:
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1)
        grid.add_column(width=1, style=Style(dim=True))
        grid.add_column(ratio=1)
        return grid

    def status(self, side: Side, index: int) -> Status:
        return self._statuses.get((side, index), "skipped")

    def _cell(self, side: Side, index: int | None, marks: dict[int, str]) -> Table | Text:
        if index is None:
            return Text("")
        meeting = self.left if side == "left" else self.right
        dark = self.app.current_theme.dark
        status = self.status(side, index)
        gutter = Text(GLYPHS[status] + "\n" + marks.get(index, " "), Style(bold=True))
        text = Text(overflow="fold")
        text.append_text(who_text(meeting, index, dark))
        if status == "only":
            text.append(
                f"  only in {meeting.date_text}", self.get_component_rich_style("compare--label")
            )
        elif status == "echo":
            text.append("  like a paired statement", Style(dim=True, italic=True))
        text.append("\n")
        text.append_text(styled_sentence(meeting, index, dark))
        if status == "only":
            only = self.get_component_rich_style("compare--only", partial=True)
            text.stylize(only)
            gutter.stylize(only)
        return with_gutter(gutter, text)

    def refill(self) -> None:
        """Draw every row again (after a bookmark or note changed)."""
        self.run_worker(self._fill(), exclusive=True, group="compare-rows", description="rows")

    async def _fill(self) -> None:
        comparison = self.comparison
        title = self._grid()
        title.add_row(meeting_heading(self.left), "│", meeting_heading(self.right))
        summary = Text(style=Style(dim=True))
        if self.comparing:
            summary.append("comparing…", Style(italic=True))
        else:
            summary.append(
                f"{len(comparison.pairs)} paired (=) · {len(comparison.left_only)} only left (◆)"
                f" · {len(comparison.right_only)} only right (◆) · ~ like a paired one"
            )
        if comparison.limited:
            summary.append(
                "\nPartial: the texts repeat themselves so much that only the most alike "
                "statements were compared.",
                Style(bold=True),
            )
        heading = Table.grid(expand=True)
        heading.add_column()
        heading.add_row(title)
        heading.add_row(summary)
        self.query_one("#compare-title", Static).update(heading)
        left_marks = self.context.marks(self.left)
        right_marks = self.context.marks(self.right)
        option_list = self.query_one("#compare-rows", OptionList)
        keep = option_list.highlighted
        # The list measures every row as it is added (a second for a thousand rows of two
        # long readouts): they are added a screenful at a time, keys and frames in between.
        for start in range(0, max(len(self.rows), 1), ROWS_AT_ONCE):
            options = []
            for left, right in self.rows[start : start + ROWS_AT_ONCE]:
                grid = self._grid()
                grid.add_row(
                    self._cell("left", left, left_marks),
                    "│",
                    self._cell("right", right, right_marks),
                )
                options.append(Option(grid))
            if start == 0:
                option_list.set_options(options)
            else:
                await asyncio.sleep(0)
                option_list.add_options(options)
            if options and (keep or 0) < option_list.option_count:
                option_list.highlighted = keep or 0
        if self.rows and (keep or 0) >= option_list.option_count:
            option_list.highlighted = option_list.option_count - 1
        self._show_status()

    def _show_status(self) -> None:
        meeting = self.left if self.side == "left" else self.right
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("enter opens the ", Style(dim=True))
        text.append(f"{self.side} side ({meeting.date_text})", Style(bold=True))
        text.append("   h/l switch · n next unmatched", Style(dim=True))
        self.query_one("#compare-status", Static).update(text)

    # -- moving and opening -------------------------------------------------------------

    @property
    def row(self) -> int | None:
        index = self.query_one("#compare-rows", OptionList).highlighted
        return index if index is not None and 0 <= index < len(self.rows) else None

    def action_move(self, step: int) -> None:
        option_list = self.query_one("#compare-rows", OptionList)
        if self.rows:
            current = option_list.highlighted or 0
            option_list.highlighted = min(max(current + step, 0), len(self.rows) - 1)

    def action_side(self, side: Side) -> None:
        self.side = side
        self._show_status()

    def _is_only(self, row: int) -> bool:
        left, right = self.rows[row]
        return (left is not None and self.status("left", left) == "only") or (
            right is not None and self.status("right", right) == "only"
        )

    def _jump_only(self, step: int) -> None:
        start = self.row if self.row is not None else -1
        position = start + step
        while 0 <= position < len(self.rows):
            if self._is_only(position):
                self.query_one("#compare-rows", OptionList).highlighted = position
                return
            position += step
        self.app.bell()

    def action_next_only(self) -> None:
        self._jump_only(1)

    def action_previous_only(self) -> None:
        self._jump_only(-1)

    def place(self) -> Place | None:
        """The sentence enter opens: the chosen side's, else the other side's on that row."""
        row = self.row
        if row is None:
            return None
        left, right = self.rows[row]
        chosen = (left, self.left) if self.side == "left" else (right, self.right)
        other = (right, self.right) if self.side == "left" else (left, self.left)
        for index, meeting in (chosen, other):
            if index is not None:
                return meeting, index
        return None

    def action_open(self) -> None:
        place = self.place()
        if place is None:
            self.app.bell()
            return
        self.dismiss(place)

    @on(OptionList.OptionSelected, "#compare-rows")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_close(self) -> None:
        self.dismiss(None)
