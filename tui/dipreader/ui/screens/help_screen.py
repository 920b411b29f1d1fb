"""Help built from the bindings that apply where the focus is, so it is never out of date."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from dipreader.core.text.safe import clean_line


def intro() -> str:
    return (
        "dipreader shows diplomatic-meeting readouts with each speaker's sentences in their "
        "own colour. The keys below apply where the focus is now; every action is also in the "
        "command palette (ctrl+p). To change keys, write keymap.json in the config folder (the "
        'palette\'s "Where dipreader keeps files" shows it) as {"binding id": "keys"}, for '
        'example {"article.next_same": "ctrl+n"}.'
    )


def _group_name(node: DOMNode) -> str:
    names = {
        "DipreaderApp": "Everywhere",
        "ArticleView": "Article",
        "MeetingList": "Meeting list",
        "Input": "Text input",
        "SearchScreen": "Search",
        "SpeakerScreen": "Speaker view",
        "CompareScreen": "Compare",
        "TrendScreen": "Phrase over time",
    }
    return names.get(type(node).__name__, type(node).__name__)


def help_text(
    bindings: dict[str, ActiveBinding], key_display: dict[str, str], width: int = 100
) -> Text:
    """One section per place a binding comes from; in each, keys, what they do, and the id
    (beside the description when ``width`` allows, else on the line below)."""
    groups: dict[str, dict[str, tuple[list[str], Binding]]] = {}
    for key, active in bindings.items():
        binding = active.binding
        if not binding.description:
            continue
        section = groups.setdefault(_group_name(active.node), {})
        # Several keys for one action are shown together: "j / down".
        ident = binding.id or f"{binding.action}:{binding.description}"
        keys, _ = section.setdefault(ident, ([], binding))
        keys.append(key_display.get(key, key))
    rows = [(" / ".join(keys), b) for section in groups.values() for keys, b in section.values()]
    key_width = min(18, max((len(k) for k, _ in rows), default=0)) + 2
    text_width = max((len(b.description) for _, b in rows), default=0) + 2
    id_width = max((len(b.id or "") for _, b in rows), default=0)
    same_line = 2 + key_width + text_width + id_width <= width
    text = Text()
    for title in sorted(groups, key=lambda name: (name == "Everywhere", name)):
        text.append(f"\n{title}\n", Style(bold=True, underline=True))
        for keys, binding in groups[title].values():
            shown = " / ".join(keys)
            text.append(f"  {shown:<{key_width}}", Style(bold=True))
            if len(shown) > key_width:
                text.append(f"\n  {'':<{key_width}}")
            text.append(
                f"{binding.description:<{text_width}}" if same_line else binding.description
            )
            if binding.id:
                where = "" if same_line else f"\n  {'':<{key_width}}"
                text.append(f"{where}{binding.id}", Style(dim=True))
            text.append("\n")
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
        self._active = bindings
        self._focused = focused

    def compose(self) -> ComposeResult:
        display = {key: self.app.get_key_display(a.binding) for key, a in self._active.items()}
        where = _group_name(self._focused) if self._focused is not None else "the app"
        with Vertical(id="help-box"):
            yield Static(Text(f"Help — focus: {where}", style=Style(bold=True)), id="help-title")
            with HelpBody(id="help-body"):
                yield Static(Text(clean_line(intro()), style=Style(italic=True)))
                # The box is 90% of the screen (at most 110) less border, padding and scrollbar.
                width = min(110, self.app.size.width * 9 // 10) - 5
                yield Static(help_text(self._active, display, width), id="help-keys")
            yield Static(Text("escape closes", style=Style(dim=True)))

    def on_mount(self) -> None:
        self.query_one(HelpBody).focus()

    def action_close(self) -> None:
        self.dismiss(None)
