"""The search screen as the user sees it: the query language on the help line, errors under the
box, hits per meeting, ordering by date, and earlier queries on up and down."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, OptionList, Static

from dipreader.ui.app import DipreaderApp
from dipreader.ui.screens.search_screen import SearchScreen
from ui_support import loader_of, make_meeting, settle

OLD = make_meeting(
    [
        ("park-jin", "Supply chain talks opened."),
        ("wang-yi", "The supply chain must stay open."),
        ("joint", "Both sides praised the supply chain work."),
        ("narration", "Nothing else was said.\n"),
    ],
    path="made/old.txt",
    day=date(2021, 5, 1),
)
NEW = make_meeting(
    [("park-jin", "A supply chain of fruit."), ("narration", "Rain fell.\n")],
    path="made/new.txt",
    day=date(2024, 3, 1),
)
MIDDLE = make_meeting(
    [("wang-yi", "Supply lines and a chain of shops.\n")],
    path="made/middle.txt",
    day=date(2023, 1, 1),
)


def reader() -> DipreaderApp:
    return DipreaderApp(["made"], loader=loader_of(OLD, NEW, MIDDLE), restore=False)


def shown(screen: SearchScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def prompts(screen: SearchScreen) -> list[str]:
    results = screen.query_one("#search-results", OptionList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


async def search(app: DipreaderApp, pilot: object, text: str) -> SearchScreen:
    await pilot.press("slash", *text)  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def test_the_help_line_shows_the_query_language() -> None:
    app = reader()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = await search(app, pilot, "")
        help_line = shown(screen, "#search-help")
        for part in ('"exact phrase"', "-word", "@speaker", "since:2022", "until:", "source:"):
            assert part in help_line
        for part in ("country:", "kind:joint|narration|statement"):
            assert part in help_line


async def test_a_filter_that_cannot_be_read_is_said_not_ignored() -> None:
    app = reader()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = await search(app, pilot, "supply chain kind:speech")
        assert "kind: is joint, narration, statement" in shown(screen, "#search-scope")
        assert prompts(screen) == []
        assert screen.query_one("#search-input", Input).has_class("-invalid")
        await pilot.press(*["backspace"] * 6, *"joint")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.query_one("#search-input", Input).has_class("-invalid")
        assert [p.splitlines()[1] for p in prompts(screen)] == [
            "Both sides praised the supply chain work."
        ]


async def test_each_result_says_how_many_hits_its_meeting_has() -> None:
    app = reader()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = await search(app, pilot, '"supply chain"')
        found = prompts(screen)
        assert len(found) == 4
        assert "4 results in 2 meetings" in shown(screen, "#search-scope")
        for prompt in found:
            if prompt.startswith("2021-05-01"):
                assert "3 hits in this meeting" in prompt
            else:
                assert "hits in this meeting" not in prompt


async def test_ctrl_o_orders_by_date_and_back_by_relevance() -> None:
    app = reader()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = await search(app, pilot, "supply chain ")
        by_relevance = prompts(screen)
        days = [prompt[:10] for prompt in by_relevance]
        assert days[-1] == "2023-01-01"  # the words apart rank last
        assert "by relevance" in shown(screen, "#search-scope")
        await pilot.press("ctrl+o")
        await pilot.pause()
        by_date = [prompt[:10] for prompt in prompts(screen)]
        assert by_date == sorted(days, reverse=True)
        assert by_date != days
        assert "by date, newest first" in shown(screen, "#search-scope")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert prompts(screen) == by_relevance


async def test_up_and_down_in_an_empty_box_bring_back_earlier_queries() -> None:
    app = reader()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "supply chain")
        await pilot.press("enter")  # opens the first result: the query is kept
        screen = await search(app, pilot, "rain")
        await pilot.press("escape")  # leaving keeps it too
        screen = await search(app, pilot, "")
        box = screen.query_one("#search-input", Input)
        await pilot.press("up")
        assert box.value == "rain"
        await pilot.press("up")
        assert box.value == "supply chain"
        await pilot.press("up")  # the oldest stays
        assert box.value == "supply chain"
        await pilot.press("down")
        assert box.value == "rain"
        await pilot.press("down")  # past the newest: the empty box again
        assert box.value == ""
    # Kept in the data folder: a new session has them.
    again = reader()
    async with again.run_test(size=(120, 30)) as pilot:
        await settle(again, pilot)
        screen = await search(again, pilot, "")
        box = screen.query_one("#search-input", Input)
        await pilot.press("up")
        assert box.value == "rain"
        # Edited, the box is a query: up and down move among its results again.
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"supply")
        await again.workers.wait_for_complete()
        await pilot.pause()
        results = screen.query_one("#search-results", OptionList)
        assert results.highlighted == 0
        await pilot.press("down")
        assert results.highlighted == 1
        assert box.value == "supply"
