"""Pilot tests of the analyst views (issue 8): one speaker, two meetings, a phrase over time."""

from __future__ import annotations

import io
from datetime import date

from rich.console import Console, RenderableType
from textual.widgets import Input, OptionList

from dipreader.core.settings import locations
from dipreader.ui.app import DipreaderApp
from dipreader.ui.notebook import BOOKMARK_MARK
from dipreader.ui.screens.compare_screen import CompareScreen
from dipreader.ui.screens.help_screen import HelpScreen
from dipreader.ui.screens.search_screen import SearchScreen
from dipreader.ui.screens.speaker_screen import SpeakerPicker, SpeakerScreen
from dipreader.ui.screens.trend_screen import TrendScreen
from dipreader.ui.widgets.legend import Legend
from dipreader.ui.widgets.meeting_list import MeetingList
from ui_support import PARK, WANG, loader_of, make_meeting, settle

SEEDS = [str(locations.seeds_dir())]


def plain(renderable: RenderableType, width: int = 110) -> str:
    """What a renderable shows, as text (styles dropped)."""
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def options_text(app: DipreaderApp, selector: str) -> list[str]:
    option_list = app.screen.query_one(selector, OptionList)
    return [plain(option.prompt) for option in option_list.options]  # type: ignore[arg-type]


async def open_speaker(app: DipreaderApp, pilot: object, name: str) -> SpeakerScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, SpeakerPicker)
    await pilot.press(*name, "enter")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SpeakerScreen)
    return screen


# -- one speaker ----------------------------------------------------------------------------


async def test_s_offers_this_meetings_speakers_first_and_shows_park_in_date_order() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, SpeakerPicker)
        listed = options_text(app, "#picker-list")
        here = {s.name for s in app.article.meeting.speakers}  # type: ignore[union-attr]
        assert any(name in listed[0] for name in here)
        assert "in this meeting" in listed[0]
        await pilot.press(*"park", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SpeakerScreen)
        assert screen.speaker_id == "park-jin"
        assert [g.meeting.date_text for g in screen.groups] == ["2022-07-08", "2023-07-15"]
        places = [row for row in screen.rows if row is not None]
        assert places
        for meeting, index in places:
            assert meeting.sentences[index].speaker == "park-jin"
        shown = "\n".join(options_text(app, "#speaker-list"))
        assert shown.index("2022-07-08") < shown.index("2023-07-15")
        assert "one-China principle" in shown
        assert "Wang said" not in shown


async def test_enter_in_the_speaker_view_opens_that_sentence() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = await open_speaker(app, pilot, "park")
        await pilot.press("J")  # to the 2023 meeting's first statement
        await pilot.press("j")
        chosen = screen.current
        assert chosen is not None
        assert chosen[0].date_text == "2023-07-15"
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert app.article.meeting is chosen[0]
        assert app.article.cursor == chosen[1]
        assert app.focused is app.article


async def test_escape_leaves_the_speaker_view() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        before = app.article.meeting
        await open_speaker(app, pilot, "wang")
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert app.article.meeting is before


async def test_slash_in_the_speaker_view_searches_only_their_words() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await open_speaker(app, pilot, "park")
        await pilot.press("slash", *"one china")
        await app.workers.wait_for_complete()
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        assert search.query_one("#search-input", Input).value == "@Park-Jin one china"
        assert search._results
        assert all(r.meeting.sentences[r.index].speaker == "park-jin" for r in search._results)
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.screen_stack) == 1  # the result opens in the reader, not the view
        meeting = app.article.meeting
        assert meeting is not None
        assert meeting.sentences[app.article.cursor].speaker == "park-jin"


async def test_clicking_a_name_in_the_legend_opens_that_speaker() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        meeting = app.article.meeting
        assert meeting is not None
        await pilot.click(Legend, offset=(4, 1))  # the second speaker's line
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SpeakerScreen)
        assert screen.speaker_id == meeting.speakers[1].id


async def test_speaker_view_shows_bookmarks() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        meeting = app.article.meeting
        assert meeting is not None
        first_park = next(i for i, s in enumerate(meeting.sentences) if s.speaker == "park-jin")
        await pilot.press("tab")
        app.article.move_to(first_park)
        await pilot.press("b")
        await pilot.pause()
        screen = await open_speaker(app, pilot, "park")
        row = screen.rows.index((meeting, first_park))
        prompts = options_text(app, "#speaker-list")
        assert prompts[row].lstrip().startswith(BOOKMARK_MARK)
        assert sum(BOOKMARK_MARK in p for p in prompts) == 1


async def test_speaker_view_shows_article_text_as_data() -> None:
    hostile = make_meeting(
        [
            ("park-jin", "We reject [bold]markup[/bold] and [@click=app.quit]links[/]."),
            ("wang-yi", "Control \x1b[2J characters stay harmless.\n"),
        ],
        speakers=(WANG, PARK),
    )
    app = DipreaderApp(["made"], loader=loader_of(hostile), restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await open_speaker(app, pilot, "park")
        shown = "\n".join(options_text(app, "#speaker-list"))
        assert "[bold]markup[/bold]" in shown
        assert "[@click=app.quit]links[/]" in shown
        await pilot.press("escape")
        await open_speaker(app, pilot, "wang")
        shown = "\n".join(options_text(app, "#speaker-list"))
        assert "\x1b" not in shown
        assert "characters stay harmless" in shown
        assert app.is_running


# -- two meetings ---------------------------------------------------------------------------


async def open_compare(app: DipreaderApp, pilot: object) -> CompareScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    assert isinstance(app.focused, MeetingList)
    await pilot.press("c", "j", "c")  # mark the 2023 meeting, then the 2022 one
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, CompareScreen)
    await app.workers.wait_for_complete()  # compared off the interface thread
    await pilot.pause()
    return screen


async def test_c_twice_compares_with_the_older_meeting_on_the_left() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = await open_compare(app, pilot)
        assert screen.left.date_text == "2022-07-08"
        assert screen.right.date_text == "2023-07-15"
        assert screen.comparison.pairs
        rows = options_text(app, "#compare-rows")
        assert len(rows) == len(screen.rows)  # one list: both sides scroll as one
        taiwan = next(
            i
            for i, (_, right) in enumerate(screen.rows)
            if right is not None and "Taiwan question" in screen.right.sentence_text(right)
        )
        assert "only in 2023-07-15" in rows[taiwan]
        paired = next(i for i, (a, b) in enumerate(screen.rows) if a is not None and b is not None)
        assert "only in" not in rows[paired]


async def test_compare_enter_opens_the_chosen_side() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = await open_compare(app, pilot)
        paired = next(i for i, (a, b) in enumerate(screen.rows) if a is not None and b is not None)
        for _ in range(paired):
            await pilot.press("j")
        await pilot.press("left")
        assert screen.side == "left"
        await pilot.press("right")
        assert str(screen.side) == "right"  # str(): mypy keeps the narrowing past the key
        right = screen.rows[paired][1]
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert app.article.meeting is screen.right
        assert app.article.cursor == right


async def test_compare_n_jumps_to_what_only_one_meeting_has() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = await open_compare(app, pilot)
        seen = set()
        for _ in range(len(screen.rows)):
            await pilot.press("n")
            row = screen.row
            assert row is not None
            seen.add(row)
            left, right = screen.rows[row]
            statuses = {
                screen.comparison.status("left", left) if left is not None else None,
                screen.comparison.status("right", right) if right is not None else None,
            }
            assert "only" in statuses
        texts = [
            screen.right.sentence_text(r) for row in seen if (r := screen.rows[row][1]) is not None
        ]
        assert any("Taiwan question" in t for t in texts)


async def test_c_on_the_same_meeting_again_removes_the_mark() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        assert app.views.marked is app.article.meeting
        await pilot.press("c")
        assert app.views.marked is None
        assert len(app.screen_stack) == 1


# -- a phrase over time ---------------------------------------------------------------------


async def open_trend(app: DipreaderApp, pilot: object, phrase: str) -> TrendScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("t")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, TrendScreen)
    await pilot.press(*phrase, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_trend_counts_one_china_in_2023_and_not_in_2022() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = await open_trend(app, pilot, "one-China principle")
        assert screen.result is not None
        counts = {p.meeting.date_text: p.count for p in screen.result.points}
        assert counts["2022-07-08"] == 0
        assert counts["2023-07-15"] >= 1
        rows = options_text(app, "#trend-points")
        assert rows[0].startswith("2022-07-08")
        assert "no mention" in rows[0]
        assert "Park Jin 1" in rows[1]
        summary = plain(screen.query_one("#trend-summary").render())  # type: ignore[arg-type]
        assert "By speaker" in summary
        assert isinstance(app.focused, OptionList)


async def test_enter_on_a_trend_row_opens_its_first_mention() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = await open_trend(app, pilot, "one china principle")
        await pilot.press("k")  # onto 2022: no mention there, enter only rings the bell
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("j", "enter")
        await pilot.pause()
        assert len(app.screen_stack) == 1
        meeting = app.article.meeting
        assert meeting is not None
        assert meeting.date_text == "2023-07-15"
        assert "one-China principle" in meeting.sentence_text(app.article.cursor)


async def test_trend_says_so_for_a_phrase_without_words() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = await open_trend(app, pilot, "   ")
        assert screen.result is None
        await pilot.press(*"---", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = plain(screen.query_one("#trend-summary").render())  # type: ignore[arg-type]
        assert "No words" in summary
        await pilot.press("escape")
        assert len(app.screen_stack) == 1


# -- help and the palette -------------------------------------------------------------------


async def test_help_in_each_view_lists_its_keys() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await open_speaker(app, pilot, "park")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = plain(app.screen.query_one("#help-keys").render())  # type: ignore[arg-type]
        assert "Search their words" in text
        assert "speaker.search" in text
        await pilot.press("escape", "escape")
        await pilot.pause()
        await open_compare(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = plain(app.screen.query_one("#help-keys").render())  # type: ignore[arg-type]
        assert "Next unmatched" in text
        assert "compare.next_only" in text


async def test_the_palette_opens_each_view() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        for title, wanted in (
            ("phrase over time", TrendScreen),
            ("one speaker across", SpeakerPicker),
        ):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*title)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause(0.2)
            assert isinstance(app.screen, wanted), title
            await pilot.press("escape")
            await pilot.pause()
            assert len(app.screen_stack) == 1


async def test_made_meetings_compare_without_attribution_on_one_side() -> None:
    older = make_meeting(
        [("wang-yi", "Both sides will deepen trade in semiconductors and batteries.\n")],
        path="made/a.txt",
        day=date(2020, 1, 1),
    )
    newer = make_meeting(
        [
            ("narration", "The ministers met.\n"),
            ("park-jin", "Trade in semiconductors and batteries will deepen further.\n"),
            ("park-jin", "Fisheries were raised for the first time.\n"),
        ],
        path="made/b.txt",
        day=date(2021, 1, 1),
    )
    app = DipreaderApp(["made"], loader=loader_of(newer, older), restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = await open_compare(app, pilot)
        assert screen.left is older
        rows = options_text(app, "#compare-rows")
        assert any("Fisheries" in r and "only in 2021-01-01" in r for r in rows)


async def test_trend_and_compare_rows_show_a_bookmarked_mention() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        meeting = app.article.meeting
        assert meeting is not None
        principle = next(
            i
            for i, s in enumerate(meeting.sentences)
            if s.speaker == "park-jin" and "one-China" in meeting.sentence_text(i)
        )
        await pilot.press("tab")
        app.article.move_to(principle)
        await pilot.press("b")
        await pilot.pause()
        await open_trend(app, pilot, "one-China principle")
        rows = options_text(app, "#trend-points")
        assert BOOKMARK_MARK not in rows[0]  # 2022: nothing marked there
        assert BOOKMARK_MARK in rows[1]
        await pilot.press("escape")
        await pilot.press("shift+tab")
        assert isinstance(app.focused, MeetingList)
        screen = await open_compare(app, pilot)
        row = next(i for i, (_, right) in enumerate(screen.rows) if right == principle)
        rows = options_text(app, "#compare-rows")
        assert BOOKMARK_MARK in rows[row]
        assert sum(BOOKMARK_MARK in r for r in rows) == 1


async def test_compare_statuses_agree_with_the_comparison() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = await open_compare(app, pilot)
        comparison = screen.comparison
        for side, meeting in (("left", screen.left), ("right", screen.right)):
            for index in range(len(meeting.sentences)):
                assert screen.status(side, index) == comparison.status(side, index)  # type: ignore[arg-type]


async def test_trend_lists_a_meetings_mentions_and_opens_the_one_chosen() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = await open_trend(app, pilot, "one-China principle")
        assert screen.result is not None
        point = next(p for p in screen.result.points if p.count)
        assert [m.index for m in screen.mentions] == point.indices  # the highlighted meeting's
        shown = options_text(app, "#trend-mentions")
        assert len(shown) == point.count == 2
        assert all("one-China principle" in line for line in shown)
        await pilot.press("m", "j", "enter")
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert app.article.meeting is point.meeting
        assert app.article.cursor == point.indices[1]


async def test_trend_waits_for_loading_to_finish_before_counting() -> None:
    import threading
    from collections.abc import Iterator

    first = make_meeting([("park-jin", "Supply chain talks went well.\n")], path="made/a.txt")
    second = make_meeting(
        [("wang-yi", "The supply chain must stay open.\n")],
        path="made/b.txt",
        day=date(2024, 3, 1),
    )
    release = threading.Event()

    def slow(paths: list[str]) -> Iterator[object]:
        yield first
        release.wait(10)
        yield second

    app = DipreaderApp(["made"], loader=slow, restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        assert app.loading
        await pilot.press("t", *"supply chain", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrendScreen)
        summary = plain(screen.query_one("#trend-summary").render())  # type: ignore[arg-type]
        assert "Waiting for loading" in summary
        assert screen.result is None
        release.set()
        await settle(app, pilot)
        for _ in range(100):
            if screen.result is not None:
                break
            await pilot.pause(0.05)
        assert screen.result is not None
        assert screen.result.counts() == [1, 1]  # both meetings: counted after the last arrived


async def test_the_speaker_picker_lists_at_most_its_limit_and_filters_the_rest() -> None:
    from dipreader.core.model import Speaker
    from dipreader.ui.screens.speaker_screen import PICKER_LIMIT

    crowd = []
    for number in range(PICKER_LIMIT + 20):
        person = Speaker(f"minister-{number:03d}", f"Minister {number:03d}", None, None)
        crowd.append(
            make_meeting(
                [(person.id, f"Statement number {number}.\n")],
                path=f"made/{number}.txt",
                speakers=(person,),
            )
        )
    app = DipreaderApp(["made"], loader=loader_of(*crowd), restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        assert len(options_text(app, "#picker-list")) == PICKER_LIMIT
        title = plain(app.screen.query_one("#picker-title").render())  # type: ignore[arg-type]
        assert "20 more" in title
        await pilot.press(*"315", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SpeakerScreen)
        assert screen.speaker_id == "minister-315"
