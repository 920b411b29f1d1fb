"""The reader's behaviour as a newcomer meets it (issue 18): keys typed in a burst, help for
the place you are in, the theme kept, the palette's screenshot, the note dialog on a small
terminal, a fuzzy speaker picker, and messages that name what the user knows. Read from the
screen."""

from __future__ import annotations

from textual import events

from dipreader.core.settings import locations
from dipreader.ui.app import DipreaderApp
from ui_support import settle

SEEDS = [str(locations.seeds_dir())]


def screen_text(app: DipreaderApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def burst(app: DipreaderApp, keys: str) -> None:
    """Keys arriving together, as a fast typist's or a paste's do from the terminal: all in
    the app's queue before the first is handled (``pilot.press`` waits between keys, which
    hides the fault)."""
    for key in keys:
        app.post_message(events.Key(key, key))


# -- keys typed right after a key that opens a dialog -------------------------------------


async def test_text_typed_right_after_a_lands_in_the_note() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        burst(app, "aHello")
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if "Hello" in line]
        assert lines, screen_text(app)
        assert "New note" in screen_text(app)
