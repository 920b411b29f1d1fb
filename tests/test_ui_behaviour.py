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


# -- help: the keys of the place you are in, densely --------------------------------------


def help_lines(app: DipreaderApp) -> list[str]:
    """The help box's lines on screen, without its frame."""
    lines = []
    for line in screen_text(app).splitlines():
        if line.count("│") >= 2:
            lines.append(line[line.index("│") + 1 : line.rindex("│")].strip())
    return lines


async def test_help_at_80x24_shows_most_keys_of_the_article_at_once() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        wanted = {
            a.binding.description for a in app.screen.active_bindings.values() if a.binding.id
        }
        await pilot.press("question_mark")
        await pilot.pause()
        shown = "\n".join(help_lines(app))
        seen = {description for description in wanted if description in shown}
        # Nine of them were on the first screen, under a paragraph of introduction.
        assert len(seen) >= 25, (sorted(wanted - seen), shown)
        assert "Help — keys for: Article" in shown
        # The place's own keys come before the global ones.
        assert shown.index("Next sentence") < shown.index("Search")


async def test_help_in_the_trend_view_lists_its_keys_first_and_the_lists_last() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t", *"china", "enter")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        lines = help_lines(app)
        assert lines[0] == "Help — keys for: Phrase over time"
        titles = [line for line in lines if line in ("Phrase over time", "Everywhere")]
        assert titles == ["Phrase over time", "Everywhere"], lines
        place, everywhere = lines.index("Phrase over time"), lines.index("Everywhere")
        assert place == 1  # the first section, right under the title
        mine = "\n".join(lines[place:everywhere])
        for words in ("Open mention", "Mentions", "New phrase"):
            assert words in mine
        # The option list's own keys: after the global ones, under their own heading.
        assert "Scroll Left" not in "\n".join(lines[:everywhere])
        inside = lines.index("In the list")
        assert inside > everywhere
        assert "Scroll Left" in "\n".join(lines[inside:])
