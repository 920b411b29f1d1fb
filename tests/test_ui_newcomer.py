"""The reader as a newcomer finds it (issue 18): keys that step back, help that scrolls at
once, and keys that say why they do nothing. Read from the screen."""

from __future__ import annotations

import json

from dipreader.core.settings import locations
from dipreader.ui.app import DipreaderApp
from dipreader.ui.screens.help_screen import HelpBody
from dipreader.ui.widgets.meeting_list import MeetingList
from ui_support import settle

SEEDS = [str(locations.seeds_dir())]


def screen_text(app: DipreaderApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def test_escape_leaves_the_filter_and_the_next_key_moves_the_list() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f", *"bali")
        await pilot.pause()
        assert [m.venue for m in app.query_one(MeetingList).shown] == ["Bali"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, MeetingList)
        await pilot.press("j")  # a key for the list now, not a letter in the filter
        await pilot.pause()
        assert app.query_one("#filter").value == "bali"  # type: ignore[attr-defined]


async def test_help_scrolls_with_j_and_pagedown_straight_away() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        body = app.screen.query_one(HelpBody)
        assert app.focused is body
        assert body.scroll_y == 0
        first = screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen_text(app) != first


async def test_p_with_nothing_failed_says_so() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("P")
        await pilot.pause()
        shown = screen_text(app)
        assert "No load problems" in shown  # a toast: its words may wrap
        assert "every file" in shown


async def test_an_unknown_binding_id_in_the_keymap_is_said_and_the_rest_still_applies() -> None:
    keymap = locations.config_dir() / "keymap.json"
    keymap.parent.mkdir(parents=True, exist_ok=True)
    keymap.write_text(
        json.dumps({"article.nxet": "x", "app.search": "s", "app.filter": "ctrl+f"}),
        encoding="utf-8",
    )
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        shown = " ".join(screen_text(app).split())
        assert "article.nxet" in shown
        assert "app.search" not in shown  # known ids are not complained of
        await pilot.press("s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SearchScreen"


async def test_the_newest_meeting_opens_when_the_last_read_file_is_not_here() -> None:
    import time
    from collections.abc import Iterator
    from datetime import date

    from ui_support import make_meeting

    text = [("narration", "Wang Yi met Park Jin."), ("wang-yi", "Wang said it was good.")]
    made = [
        make_meeting(text, path=f"{name}.txt", day=date(2020 + n, 5, 1), venue=f"Venue{n}")
        for n, name in enumerate("abcd")
    ]

    def slow_loader(paths: list[str]) -> Iterator[object]:
        # Batches arrive apart, the newest (2023) among the last.
        yield made[0]
        time.sleep(0.6)
        yield made[1]
        time.sleep(0.6)
        yield made[3]
        yield made[2]

    state = locations.state_path()
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(json.dumps({"last_path": "elsewhere/gone.txt", "last_sentence": 1}))
    app = DipreaderApp(["made"], loader=slow_loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.pause()
        heading = screen_text(app).split("\n")[0].split("▕", 1)[1]  # right of the list
        assert "2023-05-01" in heading, heading
