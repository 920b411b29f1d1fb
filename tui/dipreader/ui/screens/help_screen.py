"""Help built from the bindings that apply where the focus is, so it is never out of date."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

from dipreader.core.text.safe import clean_line


def intro() -> str:
    return (
        "Every action is also in the command palette (ctrl+p). To change keys, write "
        'keymap.json in the config folder (the palette\'s "Where dipreader keeps files" shows '
        'it) as {"binding id": "keys"}, for example {"article.next_same": "ctrl+n"}; the ids '
        "are listed above."
    )


PLACES = {
    "DipreaderApp": "Everywhere",
    "ArticleView": "Article",
    "MeetingList": "Meeting list",
    "FilterInput": "Meeting filter",
    "SearchScreen": "Search",
    "SpeakerPicker": "Speaker picker",
    "SpeakerScreen": "Speaker view",
    "CompareScreen": "Compare",
    "TrendScreen": "Phrase over time",
    "NotesScreen": "Bookmarks and notes",
    "NoteDialog": "Note",
}
# What a widget's own keys (Textual's, with no dipreader id) are listed under, last.
INSIDE = {
    "OptionList": "In the list",
    "Input": "In the text field",
    "TextArea": "In the text",
    "DataTable": "In the table",
}
# Textual's keys that apply everywhere, said in the reader's words.
GLOBAL_WORDS = {
    "app.focus_next": "Next pane",
    "app.focus_previous": "Previous pane",
    "screen.copy_text": "Copy selected text",
    "command_palette": "Command palette",
}
EVERYWHERE = "Everywhere"
IDS_TITLE = "Binding ids, for keymap.json"


def _group_name(node: DOMNode) -> str:
    return PLACES.get(type(node).__name__, type(node).__name__)


def _inside_name(node: DOMNode) -> str:
    for cls in type(node).__mro__:
        if cls.__name__ in INSIDE:
            return INSIDE[cls.__name__]
    return f"In the {type(node).__name__}"


@dataclass(frozen=True, slots=True)
class HelpRow:
    keys: str
    description: str
    ident: str | None


@dataclass(slots=True)
class HelpSection:
    title: str
    rows: list[HelpRow] = field(default_factory=list)


def help_sections(
    bindings: dict[str, ActiveBinding], key_display: dict[str, str], focused: DOMNode | None
) -> list[HelpSection]:
    """The keys in the order a user wants them: those of the place they are in (the focused
    widget, then its screen), then the keys that work everywhere, and last, grouped, the
    keys a widget has of its own (Textual's: no dipreader binding id).

    Several keys for one action are one row ("j / ↓")."""
    chain: list[DOMNode] = list(focused.ancestors_with_self) if focused is not None else []
    sections: dict[tuple[int, str], dict[str, tuple[list[str], Binding]]] = {}
    for key, active in bindings.items():
        binding, node = active.binding, active.node
        if not binding.description:
            continue
        description = binding.description
        is_global = isinstance(node, (App, Screen))
        if binding.id:
            title = EVERYWHERE if isinstance(node, App) else _group_name(node)
            rank = 1 if isinstance(node, App) else 0
        elif is_global:
            title, rank = EVERYWHERE, 1
            description = GLOBAL_WORDS.get(binding.action, description)
        else:
            title, rank = _inside_name(node), 2
        depth = chain.index(node) if node in chain else len(chain)
        section = sections.setdefault((rank * 1000 + depth if rank != 1 else 1000, title), {})
        ident = binding.id or f"{binding.action}:{description}"
        keys, _ = section.setdefault(ident, ([], replace(binding, description=description)))
        keys.append(key_display.get(key, key))
    merged: dict[str, HelpSection] = {}
    for (_, title), rows in sorted(sections.items(), key=lambda item: item[0][0]):
        target = merged.setdefault(title, HelpSection(title))
        target.rows.extend(HelpRow(" / ".join(k), b.description, b.id) for k, b in rows.values())
    return list(merged.values())


INDENT = 1  # before each row
GAP = 2  # between two columns


def _width(text: str) -> int:
    return Text(text).cell_len


def _cells(rows: list[HelpRow], key_width: int, text_width: int, ids: bool) -> list[Text]:
    """Each row as the lines of one column: keys, what they do and (``ids``) the binding id.
    Keys too long for their cell put the description on the line below."""
    lines: list[Text] = []
    for row in rows:
        line = Text(row.keys, Style(bold=True))
        if line.cell_len >= key_width:
            lines.append(line)
            line = Text()
        line.append(" " * (key_width - line.cell_len))
        line.append(row.description)
        if ids and row.ident:
            line.append(" " * (key_width + text_width + GAP - line.cell_len))
            line.append(row.ident, Style(dim=True))
        lines.append(line)
    return lines


def _section(
    text: Text, section: HelpSection, widths: tuple[int, int], width: int, columns: int
) -> None:
    """Append ``section`` in one column or two (read down the left, then the right), its
    keys and descriptions ``widths`` wide; in one column, the ids beside when they fit."""
    key_width, text_width = widths
    text.append(section.title, Style(bold=True, underline=True))
    if columns == 1:
        id_width = max(len(r.ident or "") for r in section.rows)
        ids = INDENT + key_width + text_width + GAP + id_width <= width
        parts = [_cells(section.rows, key_width, text_width, ids)]
    else:
        half = (len(section.rows) + 1) // 2
        parts = [
            _cells(section.rows[:half], key_width, text_width, False),
            _cells(section.rows[half:], key_width, text_width, False),
        ]
    for index in range(max(len(part) for part in parts)):
        line = Text()
        for number, part in enumerate(parts):
            if index < len(part):
                column = INDENT + number * (key_width + text_width + GAP)
                line.append(" " * (column - line.cell_len))
                line.append_text(part[index])
        text.append("\n")
        text.append_text(line)
    text.append("\n")


def help_text(sections: list[HelpSection], width: int = 100, height: int = 0) -> Text:
    """The sections, as dense as ``width`` and ``height`` allow.

    In one column, each binding's id beside it, when that fits in ``width`` and all of it in
    ``height`` lines (or two columns do not fit the width); otherwise in two columns, and the
    ids are listed at the end, their keys beside them, in the same order."""
    rows = [row for section in sections for row in section.rows]
    if not rows:
        return Text("No keys here.")
    longest_keys = min(18, max(_width(r.keys) for r in rows))
    text_width = max(_width(r.description) for r in rows)
    id_width = max(len(r.ident or "") for r in rows)

    def two_fit(key_width: int, text_width: int) -> bool:
        return INDENT + 2 * (key_width + text_width) + GAP <= width

    key_width = longest_keys + 2
    one_column = INDENT + key_width + text_width + GAP + id_width <= width
    columns = 1
    if not (one_column and len(rows) + len(sections) <= height):
        if not two_fit(key_width, text_width):
            key_width = longest_keys + 1  # one space less beside the keys, if that is enough
        columns = 2 if two_fit(key_width, text_width) else 1
    if columns == 1:
        key_width = longest_keys + 2
    text = Text()
    for section in sections:
        _section(text, section, (key_width, text_width), width, columns)
    if columns == 2 or not one_column:
        listed = HelpSection(IDS_TITLE, [HelpRow(r.keys, r.ident, None) for r in rows if r.ident])
        id_columns = 2 if two_fit(key_width, id_width) else 1
        text.append("\n")
        _section(text, listed, (key_width, id_width), width, id_columns)
    text.rstrip()
    return text


class HelpBody(VerticalScroll):
    """The keys, focused as the help opens: PageDown, the arrows and ``j``/``k`` scroll it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]


class HelpScreen(ModalScreen[None]):
    """The keys of the place the user came from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close help", id="help.close"),
    ]

    def __init__(self, bindings: dict[str, ActiveBinding], focused: Widget | None) -> None:
        super().__init__()
        display = {key: self.app.get_key_display(a.binding) for key, a in bindings.items()}
        self._sections = help_sections(bindings, display, focused)
        own = [s.title for s in self._sections if s.title != EVERYWHERE]
        self._where = own[0] if own and self._sections[0].title == own[0] else EVERYWHERE

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Text(f"Help — keys for: {self._where}", Style(bold=True)), id="help-title")
            with HelpBody(id="help-body"):
                yield Static(self._keys(), id="help-keys")
                yield Static(Text("\n" + clean_line(intro()), Style(italic=True)), id="help-intro")
            yield Static(Text("escape closes · j/k, PageDown scroll", Style(dim=True)))

    def _keys(self) -> Text:
        # The box is 90% of the screen (at most 110) less border, padding and scrollbar; its
        # body, the box less border, title and last line.
        width = min(110, self.app.size.width * 9 // 10) - 5
        height = self.app.size.height * 9 // 10 - 4
        return help_text(self._sections, width, height)

    def on_mount(self) -> None:
        self.query_one(HelpBody).focus()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#help-keys", Static).update(self._keys())

    def action_close(self) -> None:
        self.dismiss(None)
