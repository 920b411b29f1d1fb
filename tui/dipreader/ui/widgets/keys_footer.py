"""The footer of keys: the most useful keys of the place the user is in, as many as fit whole.

Textual's footer shows every binding marked ``show``, in the order they are bound, and the
terminal cuts the line wherever it ends ("N Same spea" at 80 columns), so a key remapped to
the end of the list, or any key of a later binding, was never seen. This one ranks the keys
(:data:`RANKS`), folds pairs into one ("j/k Sentence"), and shows them best first until the
next would not fit whole; the help key is always there, and says "More keys" when some were
left out. The keys named are the keys bound now, a remap in ``keymap.json`` included.

It is rebuilt only when what it shows changes: Textual's footer rebuilt itself (a dozen
widgets, each styled anew) whenever the focus or the bindings might have changed, three
times while the reader's first frame was drawn, most of them showing the same keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP = "app.help"

# Binding id -> rank: the lower, the sooner shown. A binding of another screen (no rank here)
# ranks just after the keys that move the cursor: the keys of the place the user is in.
RANKS: dict[str, float] = {
    HELP: 0,
    "list.open": 1,
    "article.next": 1,
    "list.next": 2,
    "app.search": 3,
    "filter.leave": 3,
    "article.next_same": 4,
    "article.clear_range": 5.5,
    "app.filter": 9.5,
    "article.annotate": 5,
    "article.bookmark": 6,
    "article.range": 7,
    "app.quit": 9,
    "app.speakers": 10,
    "app.compare": 11,
    "app.trend": 12,
    "article.next_turn": 13,
    "app.notes": 14,
    "app.toggle_list": 15,
}
OTHER_RANK = 2.5
PALETTE_RANK = 8  # the command palette's key, drawn at the right

# Two bindings shown as one: "j/k Sentence".
PAIRS: dict[str, tuple[str, str]] = {
    "article.next": ("article.previous", "Sentence"),
    "list.next": ("list.previous", "Meeting"),
    "article.next_same": ("article.previous_same", "Same speaker"),
    "article.next_turn": ("article.previous_turn", "Speaker turn"),
}
# Shorter words than the bindings' own (which the help screen shows in full).
LABELS: dict[str, str] = {
    "article.annotate": "Note",
    "article.range": "Select",
    "article.clear_range": "Unselect",
    "app.speakers": "Speaker",
    "app.compare": "Compare",
    "app.trend": "Trend",
}
# Shown although their bindings are not (``show=False``): the list's and the article's
# movement, the filter, and the analyst views, when there is room.
ALSO_SHOWN = {
    *PAIRS,
    *(second for second, _ in PAIRS.values()),
    "app.filter",
    "article.clear_range",
    "app.speakers",
    "app.compare",
    "app.trend",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One key (or pair of keys) in the footer."""

    key: str  # pressed when the entry is clicked
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    rank: tuple[float, int]

    @property
    def width(self) -> int:
        """Cells it takes: the key and the description, each with a space either side."""
        return cell_len(self.display) + cell_len(self.description) + 3


def key_for(screen: Screen[object], binding_id: str) -> str | None:
    """The key that runs binding ``binding_id`` where ``screen`` is (a remap followed), as
    the footer names it; None when no key runs it there."""
    for _node, binding, _enabled, _tooltip in screen.active_bindings.values():
        if binding.id == binding_id:
            return screen.app.get_key_display(binding)
    return None


def entries(screen: Screen[object]) -> tuple[list[Entry], Entry | None]:
    """Every key the footer could show here, best first, and the command palette's key."""
    display = screen.app.get_key_display
    first: dict[str, tuple[Binding, bool, str]] = {}  # binding id (or action) -> first key
    palette: Entry | None = None
    reader = screen.app.screen_stack[0] if screen.app.screen_stack else None
    for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items():
        if key == screen.app.COMMAND_PALETTE_BINDING and binding.action.endswith("command_palette"):
            tip = binding.tooltip or binding.description
            palette = Entry(
                key,
                display(binding),
                binding.description,
                binding.action,
                enabled,
                tip,
                (PALETTE_RANK, 0),
            )
            continue
        name = binding.id or binding.action
        if name in first or not (binding.show or name in ALSO_SHOWN):
            continue
        if not binding.show and name.startswith("app.") and screen is not reader:
            continue  # the filter and the analyst views belong to the reader's own screen
        first[name] = (binding, enabled, tooltip)
    seconds = {second for second, _ in PAIRS.values()}
    found: list[Entry] = []
    for order, (name, (binding, enabled, tooltip)) in enumerate(first.items()):
        if name in seconds:
            continue  # drawn with the first of its pair (alone, the help screen has it)
        rank = (RANKS.get(name, OTHER_RANK), order)
        shown, label = display(binding), LABELS.get(name, binding.description)
        if name in PAIRS:
            second, label = PAIRS[name]
            if second in first:
                shown = f"{shown}/{display(first[second][0])}"
            elif not binding.show:
                continue
            else:
                label = binding.description
        found.append(Entry(binding.key, shown, label, binding.action, enabled, tooltip, rank))
    found.sort(key=lambda entry: entry.rank)
    return found, palette


def _is_help(entry: Entry) -> bool:
    return entry.rank[0] == RANKS[HELP]


def _more(entry: Entry) -> Entry:
    """The help key's entry when some keys were left out."""
    tip = entry.tooltip or "Every key that works here"
    return Entry(
        entry.key, entry.display, "More keys", entry.action, entry.enabled, tip, entry.rank
    )


def choose(found: list[Entry], palette: Entry | None, width: int) -> tuple[list[Entry], bool]:
    """The entries that fit whole in ``width`` cells, best first until the next would not
    fit (the palette's key among them, by its rank), and whether any was left out."""
    chosen: list[Entry] = []
    budget = width - 1  # the footer's own margin
    left_out = False
    for entry in sorted([*found, *([palette] if palette else [])], key=lambda e: e.rank):
        # The help key takes the room of its longer words, whichever it ends up showing;
        # the palette's key has a border and a right padding of its own.
        cells = _more(entry).width if _is_help(entry) else entry.width + 2 * (entry is palette)
        if cells > budget:
            left_out = True
            break
        chosen.append(entry)
        budget -= cells
    return chosen, left_out


class KeysFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[object, ...] | None = None

    def _selection(self) -> tuple[list[Entry], Entry | None]:
        """What to show: the keys, the help key last, and the palette's key (or None)."""
        found, palette = entries(self.screen)
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            palette = None
        chosen, left_out = choose(found, palette, self.size.width or self.screen.size.width)
        keys = [entry for entry in chosen if entry is not palette and not _is_help(entry)]
        for entry in chosen:
            if _is_help(entry):
                keys.append(_more(entry) if left_out else entry)
        return keys, (palette if palette is not None and palette in chosen else None)

    def _changed(self) -> bool:
        shown, palette = self._selection()
        key = (tuple(shown), palette)
        if key == self._shown:
            return False
        self._shown = key
        return True

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)  # it will not rebuild now: nothing to remember
            return
        if self._changed():
            super().bindings_changed(screen)

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and self._changed():
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        shown, palette = self._selection()
        for entry in shown:
            yield FooterKey(
                entry.key,
                entry.display,
                entry.description,
                entry.action,
                disabled=not entry.enabled,
                tooltip=entry.tooltip,
            ).data_bind(compact=Footer.compact)
        if palette is not None:
            yield FooterKey(
                palette.key,
                palette.display,
                palette.description,
                palette.action,
                classes="-command-palette",
                disabled=not palette.enabled,
                tooltip=palette.tooltip,
            )
