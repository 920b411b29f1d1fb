"""The footer of keys, rebuilt only when the keys it shows change.

Textual's footer rebuilds itself (a dozen widgets, each styled anew) whenever the focus or
the bindings might have changed, whether or not any key it shows did: three times while the
reader's first frame is drawn, again when a large folder finishes loading, and after every
meeting opened. Most of those rebuilds show the same keys.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


def key_for(screen: Screen[object], binding_id: str) -> str | None:
    """The key that runs binding ``binding_id`` where ``screen`` is (a remap followed), as
    the footer names it; None when no key runs it there."""
    for _node, binding, _enabled, _tooltip in screen.active_bindings.values():
        if binding.id == binding_id:
            return screen.app.get_key_display(binding)
    return None


class KeysFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[object, ...], ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)  # it will not rebuild now: nothing to remember
            return
        display = self.app.get_key_display
        shown = tuple(
            (key, display(binding), binding.action, binding.description, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show
        )
        if shown == self._shown:
            return
        self._shown = shown
        super().bindings_changed(screen)
