"""Pilot tests of the reader: every key path of issue 4, on the seeds and on made meetings."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from dipreader.core.model import Kind
from dipreader.core.settings import locations
from dipreader.ui.app import DipreaderApp
from dipreader.ui.screens.help_screen import HelpScreen
from dipreader.ui.screens.problems_screen import ProblemLine, ProblemsScreen
from dipreader.ui.screens.search_screen import SearchScreen
from dipreader.ui.widgets.article_view import ArticleView
from dipreader.ui.widgets.meeting_list import MeetingList
from dipreader.ui.widgets.status_line import StatusLine
from ui_support import PARK, WANG, loader_of, make_meeting, settle, visible_text

SEEDS = [str(locations.seeds_dir())]
SEED_FILES = sorted(locations.seeds_dir().glob("*.txt"))


def status_text(app: DipreaderApp) -> str:
    return str(app.query_one(StatusLine).render())


def first_of(app: DipreaderApp, speaker: str) -> int:
    meeting = app.article.meeting
    assert meeting is not None
    return next(i for i, s in enumerate(meeting.sentences) if s.speaker == speaker)


# -- the seeds, through the real loader ---------------------------------------------------


async def test_start_lists_both_seeds_newest_first_and_shows_the_2023_article() -> None:
    app = DipreaderApp(SEEDS)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        shown = app.query_one(MeetingList).shown
        assert [m.date_text for m in shown] == ["2023-07-15", "2022-07-08"]
        meeting = app.article.meeting
        assert meeting is not None
        assert meeting.date_text == "2023-07-15"
        ids = {s.id for s in meeting.speakers}
        assert {"wang-yi", "park-jin"} <= ids
        wang = app.article.sentence_style(first_of(app, "wang-yi"))
        park = app.article.sentence_style(first_of(app, "park-jin"))
        assert wang.color is not None
        assert park.color is not None
        assert wang.color != park.color
        legend = str(app.query_one("#legend").render())
        assert "Wang Yi" in legend
        assert "Park Jin" in legend
        assert "China" in legend
    # Once the seeds were searchable, the loader wrote the cache that makes the next start fast.
    assert len(list(locations.cache_dir().rglob("meetings-*.cache"))) == 1
    assert gc.isenabled()  # paused while loading only


async def test_same_speaker_same_colour_in_every_meeting() -> None:
    app = DipreaderApp(SEEDS)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        colours = []
        for meeting in app.query_one(MeetingList).shown:
            app.open_meeting(meeting)
            await pilot.pause()
            colours.append(app.article.sentence_style(first_of(app, "park-jin")).color)
        assert colours[0] == colours[1]


async def test_search_with_a_typo_lands_on_the_one_china_sentence() -> None:
    app = DipreaderApp(SEEDS)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"one china principel")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-results", OptionList).option_count >= 1
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        view = app.article
        assert view.meeting is not None
        assert "one-China principle" in view.meeting.sentence_text(view.cursor)
        assert app.focused is view
        # The cursor sentence is on screen, not scrolled away.
        first, last = view.sentence_lines(view.cursor)
        top = view.scroll_offset.y
        assert top <= first
        assert last < top + view.scrollable_content_region.height


async def test_quit_returns_zero() -> None:
    app = DipreaderApp(SEEDS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 0


async def test_ctrl_q_quits_even_from_the_filter_input() -> None:
    app = DipreaderApp(SEEDS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.query_one("#filter", Input).focus()
        await pilot.press("q")  # types a q: no quitting from a text field
        await pilot.pause()
        assert app.is_running
        assert app.query_one("#filter", Input).value == "q"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == 0


# -- the article and its cursor -----------------------------------------------------------

CONVERSATION = [
    ("narration", "Wang Yi met Park Jin in Testville on Monday."),
    ("wang-yi", "Wang said the ties matter."),
    ("wang-yi", "He added that trade should grow.\n"),
    ("park-jin", "Park said Seoul agrees."),
    ("park-jin", "He hoped for more visits.\n"),
    ("wang-yi", "Wang stressed stability."),
    ("joint", "The two sides agreed to meet again."),
    ("park-jin", "Park noted the supply chain cooperation."),
]


def conversation_app(**kwargs: object) -> DipreaderApp:
    meeting = make_meeting(CONVERSATION)
    return DipreaderApp(["made"], loader=loader_of(meeting), **kwargs)  # type: ignore[arg-type]


async def test_cursor_moves_with_j_k_and_arrows_and_the_status_line_follows() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleView)
        view = app.article
        assert view.cursor == 0
        assert "sentence 1 of 8" in status_text(app)
        assert "narration" in status_text(app)
        await pilot.press("j")
        assert view.cursor == 1
        assert "sentence 2 of 8" in status_text(app)
        assert "Wang Yi" in status_text(app)
        await pilot.press("down", "down")
        assert view.cursor == 3
        assert "Park Jin" in status_text(app)
        assert "South Korea" in status_text(app)
        await pilot.press("k")
        assert view.cursor == 2
        await pilot.press("up", "up", "up", "up")  # stops at the top
        assert view.cursor == 0
        await pilot.press("G")
        assert view.cursor == 7
        await pilot.press("g")
        assert view.cursor == 0


async def test_jumps_to_the_same_speaker_and_to_the_next_change_of_speaker() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "j")
        view = app.article
        assert view.cursor == 1  # Wang, first of a run of two
        await pilot.press("n")
        assert view.cursor == 5  # Wang's next statement, past his own run and Park's
        await pilot.press("n")
        assert view.cursor == 5  # no further Wang statement: stays (and rings the bell)
        await pilot.press("N")
        assert view.cursor == 1  # back to the start of Wang's earlier run
        await pilot.press("right_curly_bracket")
        assert view.cursor == 3  # Park starts speaking
        await pilot.press("right_curly_bracket")
        assert view.cursor == 5
        await pilot.press("right_curly_bracket")
        assert view.cursor == 6  # the joint statement
        await pilot.press("left_curly_bracket")
        assert view.cursor == 5
        await pilot.press("left_curly_bracket")
        assert view.cursor == 3
        await pilot.press("right_square_bracket")
        assert view.cursor == 7  # ] is the same as n
        await pilot.press("left_square_bracket")
        assert view.cursor == 3


async def test_joint_and_narration_have_their_own_styles() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        view = app.article
        narration, wang, joint = (view.sentence_style(i) for i in (0, 1, 6))
        assert len({narration, wang, joint}) == 3
        assert joint.italic or joint.bold


async def test_long_article_scrolls_to_keep_the_cursor_visible() -> None:
    parts = [
        ("wang-yi" if i % 3 else "park-jin", f"Sentence number {i} is here.\n") for i in range(200)
    ]
    meeting = make_meeting(parts)
    app = DipreaderApp(["made"], loader=loader_of(meeting))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        view = app.article
        for _ in range(40):
            await pilot.press("j")
        await pilot.pause()
        assert view.cursor == 40
        first, last = view.sentence_lines(40)
        top = view.scroll_offset.y
        assert top > 0
        assert top <= first
        assert last < top + view.scrollable_content_region.height
        assert "Sentence number 40 " in visible_text(app)
        await pilot.press("pagedown")
        assert view.cursor > 40
        await pilot.press("end")
        assert view.cursor == 199
        assert "Sentence number 199" in visible_text(app)


async def test_clicking_a_sentence_moves_the_cursor_there() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        view = app.article
        first, _ = view.sentence_lines(3)  # Park's first sentence starts a paragraph
        await pilot.click(ArticleView, offset=(5, first))
        await pilot.pause()
        assert view.cursor == 3


# -- the meeting list ---------------------------------------------------------------------


def three_meetings() -> list[object]:
    from datetime import date

    return [
        make_meeting(CONVERSATION, path="a.txt", day=date(2021, 5, 1), venue="Bali"),
        make_meeting(CONVERSATION, path="b.txt", day=date(2023, 7, 15), venue="Jakarta"),
        make_meeting(CONVERSATION, path="c.txt", day=None, venue="Nowhere"),
    ]


async def test_the_newest_meeting_is_shown_whatever_order_files_arrive_in() -> None:
    import time

    older, newest, undated = three_meetings()

    def slow_loader(paths: list[str]) -> Iterator[object]:
        time.sleep(0.4)  # a slow first file: the old meeting reaches the list alone
        yield older
        time.sleep(0.6)
        yield newest
        yield undated

    app = DipreaderApp(["made"], loader=slow_loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.article.meeting is newest
        assert app.query_one(MeetingList).current is newest


async def test_list_is_newest_first_and_filters_as_the_user_types() -> None:
    app = DipreaderApp(["made"], loader=loader_of(*three_meetings()))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        meeting_list = app.query_one(MeetingList)
        assert [m.venue for m in meeting_list.shown] == ["Jakarta", "Bali", "Nowhere"]
        await pilot.press("ctrl+f", *"bal")
        await pilot.pause()
        assert [m.venue for m in meeting_list.shown] == ["Bali"]
        assert app.article.meeting is not None
        assert app.article.meeting.venue == "Bali"
        await pilot.press("backspace", "backspace", "backspace", *"2023")
        await pilot.pause()
        assert [m.venue for m in meeting_list.shown] == ["Jakarta"]
        await pilot.press("ctrl+a", "ctrl+k", *"park jin")  # every word must match
        await pilot.pause()
        assert len(meeting_list.shown) == 3
        await pilot.press("enter")  # back to the list
        assert app.focused is meeting_list


async def test_list_keys_change_the_article_and_enter_reads_it() -> None:
    app = DipreaderApp(["made"], loader=loader_of(*three_meetings()))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        meeting_list = app.query_one(MeetingList)
        assert app.focused is meeting_list
        await pilot.press("j")
        assert app.article.meeting is not None
        assert app.article.meeting.venue == "Bali"
        await pilot.press("end")
        assert app.article.meeting.venue == "Nowhere"
        await pilot.press("k", "enter")
        assert app.focused is app.article  # type: ignore[comparison-overlap]
        assert app.article.meeting.venue == "Bali"


async def test_the_list_folds_away_and_comes_back_at_80x24() -> None:
    app = DipreaderApp(["made"], loader=loader_of(*three_meetings()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        sidebar = app.query_one("#sidebar")
        narrow = app.article.size.width
        assert sidebar.display
        assert narrow >= 40
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not sidebar.display
        assert app.focused is app.article
        assert app.article.size.width > narrow
        await pilot.press("backslash")
        await pilot.pause()
        assert sidebar.display


# -- search -------------------------------------------------------------------------------


async def test_search_escape_returns_without_moving() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "j", "j")
        await pilot.press("slash", *"visits")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)
        assert app.article.cursor == 2


async def test_search_narrows_to_one_speaker_with_at() -> None:
    app = DipreaderApp(["made"], loader=loader_of(*three_meetings()))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"@park supply chain")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        results = screen._results
        assert results
        for hit in results:
            assert hit.meeting.sentences[hit.index].speaker == "park-jin"
        await pilot.press("down", "enter")
        assert app.article.cursor == 7


async def test_a_search_typed_while_loading_runs_again_when_loading_ends() -> None:
    import threading
    from datetime import date

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
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        assert app.loading
        await pilot.press("slash", *"supply chain")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.query_one("#search-results", OptionList)
        for _ in range(100):  # not workers.wait_for_complete(): loading is held back
            if results.option_count:
                break
            await pilot.pause(0.05)
        assert results.option_count == 1  # the first meeting is indexed as it arrives
        release.set()
        await settle(app, pilot)
        for _ in range(100):
            if results.option_count == 2:
                break
            await pilot.pause(0.05)
        prompts = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        assert any("must stay open" in p for p in prompts)
        assert "In all meetings (2)" in str(screen.query_one("#search-scope").render())


async def test_search_narrows_to_the_current_meeting_with_ctrl_t() -> None:
    app = DipreaderApp(["made"], loader=loader_of(*three_meetings()))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        current = app.article.meeting
        await pilot.press("slash", *"stability")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert len({hit.meeting.path for hit in screen._results}) == 3
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert {hit.meeting.path for hit in screen._results} == {current.path}  # type: ignore[union-attr]
        assert "this meeting" in str(screen.query_one("#search-scope").render())


async def test_search_results_show_speaker_and_highlight_matches() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"stability")
        await app.workers.wait_for_complete()
        await pilot.pause()
        option_list = app.screen.query_one("#search-results", OptionList)
        prompt = option_list.get_option_at_index(0).prompt
        plain = str(prompt)
        assert "2024-01-02" in plain
        assert "Wang Yi" in plain
        assert "stability" in plain
        spans = getattr(prompt, "spans", [])
        start = plain.index("stability")
        assert any(span.start <= start < span.end for span in spans)


# -- help, palette, keymap ----------------------------------------------------------------


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_the_bindings_where_the_focus_is(key: str) -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-keys").render())
        assert "Same speaker" in text
        assert "article.next_same" in text
        assert "Search" in text
        assert "app.search" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("shift+tab", key)  # from the meeting list: its keys instead
        await pilot.pause()
        text = str(app.screen.query_one("#help-keys").render())
        assert "list.open" in text
        assert "article.next_same" not in text


async def test_every_action_is_in_the_command_palette() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"next change of speaker")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        assert app.article.cursor == 1


async def test_keymap_file_remaps_keys_by_binding_id() -> None:
    keymap = locations.config_dir() / "keymap.json"
    keymap.parent.mkdir(parents=True, exist_ok=True)
    keymap.write_text(json.dumps({"article.next": "x", "app.search": "s"}), encoding="utf-8")
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "x", "x")
        assert app.article.cursor == 2
        await pilot.press("s")
        assert isinstance(app.screen, SearchScreen)


async def test_a_broken_keymap_file_is_reported_not_fatal() -> None:
    keymap = locations.config_dir() / "keymap.json"
    keymap.parent.mkdir(parents=True, exist_ok=True)
    keymap.write_text("{not json", encoding="utf-8")
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert any("keymap.json" in str(n.message) for n in app._notifications)
        await pilot.press("tab", "j")
        assert app.article.cursor == 1


async def test_a_keymap_in_the_old_place_is_copied_to_the_config_folder_once() -> None:
    old = locations.data_dir() / "keymap.json"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text(json.dumps({"article.next": "x"}), encoding="utf-8")
    new = locations.config_dir() / "keymap.json"
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "x")
        assert app.article.cursor == 1  # the old file's keys, this time already
        messages = [str(n.message) for n in app._notifications]
        assert any(str(new) in m and "now lives" in m for m in messages)
    assert json.loads(new.read_text(encoding="utf-8")) == {"article.next": "x"}
    assert old.is_file()  # never deleted
    old.write_text(json.dumps({"article.next": "z"}), encoding="utf-8")
    again = conversation_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        await pilot.press("tab", "z", "x")
        assert again.article.cursor == 1  # the new file is read now, not the old one
        assert not any("now lives" in str(n.message) for n in again._notifications)


# -- the last place -----------------------------------------------------------------------


async def test_reopens_the_meeting_and_sentence_last_open() -> None:
    meetings = three_meetings()
    app = DipreaderApp(["made"], loader=loader_of(*meetings))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter", "j", "j", "j", "q")
    assert json.loads(locations.state_path().read_text(encoding="utf-8"))["last_path"] == "a.txt"
    again = DipreaderApp(["made"], loader=loader_of(*three_meetings()))
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        meeting = again.article.meeting
        assert meeting is not None
        assert meeting.path == "a.txt"
        assert again.article.cursor == 3
        assert again.query_one(MeetingList).current is meeting


@pytest.mark.parametrize(
    "content",
    ["{broken", "[1, 2]", '{"last_path": 5}', '{"last_path": "a.txt", "last_sentence": "x"}'],
)
async def test_a_corrupt_or_odd_state_file_starts_at_the_top(content: str) -> None:
    state = locations.state_path()
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(content, encoding="utf-8")
    app = DipreaderApp(["made"], loader=loader_of(*three_meetings()))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.article.meeting is not None
        assert app.article.meeting.path == "b.txt"
        assert app.article.cursor == 0


async def test_a_sentence_index_past_the_end_is_clamped() -> None:
    state = locations.state_path()
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text('{"last_path": "a.txt", "last_sentence": 999}', encoding="utf-8")
    app = DipreaderApp(["made"], loader=loader_of(*three_meetings()))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.article.meeting is not None
        assert app.article.meeting.path == "a.txt"
        assert app.article.cursor == len(CONVERSATION) - 1


# -- loading and its problems -------------------------------------------------------------


async def test_a_large_folder_fills_the_list_and_problems_are_listed() -> None:
    from datetime import date, timedelta

    items: list[object] = []
    for number in range(300):
        day = date(2020, 1, 1) + timedelta(days=number)
        items.append(make_meeting(CONVERSATION, path=f"m{number}.txt", day=day))
    items.insert(5, ProblemLine("bad/[@click=app.quit]x[/].txt", "not valid UTF-8"))
    items.insert(9, ProblemLine("bad/\x1b]0;owned\x07.txt", "empty file"))
    app = DipreaderApp(["made"], loader=loader_of(*items))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.query_one(MeetingList).total == 300
        assert app.query_one(MeetingList).shown[0].date == date(2020, 1, 1) + timedelta(days=299)
        assert "300 meetings" in status_text(app)
        assert "2 problems" in status_text(app)
        assert any("2 load problems" in str(n.message) for n in app._notifications)
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        table = app.screen.query_one("#problems-table")
        cells = [str(cell) for row in range(2) for cell in table.get_row_at(row)]  # type: ignore[attr-defined]
        assert "bad/[@click=app.quit]x[/].txt" in cells
        assert "bad/\u241b]0;owned\u2407.txt" in cells
        await pilot.press("escape")
        assert app.is_running


async def test_problems_key_is_disabled_when_everything_loaded() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("P")
        await pilot.pause()
        assert not isinstance(app.screen, ProblemsScreen)


# -- article text is data -----------------------------------------------------------------


async def test_markup_and_control_characters_in_articles_stay_inert() -> None:
    hostile = make_meeting(
        [
            ("wang-yi", "Press [@click=app.quit]HERE[/] or [link=http://e]x[/link] now."),
            ("park-jin", "A title \x1b]0;owned\x07 and a clear \x1b[2J screen."),
        ],
        venue="[b]Venue[/b]",
        speakers=(WANG, PARK.__class__("park-jin", "[red]Park[/red]", None, "\x1b[31mKorea")),
    )
    app = DipreaderApp(["made"], loader=loader_of(hostile))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        text = visible_text(app)
        assert "[@click=app.quit]HERE[/]" in text
        assert "[link=http://e]x[/link]" in text
        assert "\x1b" not in text
        assert "\u241b]0;owned\u2407" in text
        legend = str(app.query_one("#legend").render())
        assert "[red]Park[/red]" in legend
        assert "\x1b" not in legend
        for y in range(5):
            for segment in app.article.render_line(y):
                assert not (segment.style and segment.style.meta), "no live actions in text"
        await pilot.click(ArticleView, offset=(12, 0))
        await pilot.pause()
        assert app.is_running


async def test_every_sentence_kind_is_drawn_in_the_article() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        text = " ".join(line[3:].strip() for line in visible_text(app).splitlines())
        for _, sentence in CONVERSATION:
            assert sentence.strip() in text
        meeting = app.article.meeting
        assert meeting is not None
        assert meeting.sentences[6].kind is Kind.JOINT


async def test_keys_typed_in_a_burst_after_slash_all_reach_the_search_field() -> None:
    # A fast typist or a paste delivers "/" and the query before the search screen exists.
    app = DipreaderApp(SEEDS)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        for char in "/one china":
            app.post_message(events.Key({"/": "slash", " ": "space"}.get(char, char), char))
        await pilot.pause()
        await pilot.pause(0.2)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-input", Input).value == "one china"
        assert app.article.cursor == 0  # nothing leaked into the article


async def test_slash_types_a_slash_in_the_filter() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f", "a", "slash", "b")
        assert app.query_one("#filter", Input).value == "a/b"
        assert not isinstance(app.screen, SearchScreen)


async def test_the_last_place_follows_its_sentence_when_the_article_grows() -> None:
    app = DipreaderApp(["made"], loader=loader_of(make_meeting(CONVERSATION, path="a.txt")))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "j", "j", "j", "q")  # on "Park said Seoul agrees."
    grown = make_meeting([("narration", "A new first paragraph.\n"), *CONVERSATION], path="a.txt")
    again = DipreaderApp(["made"], loader=loader_of(grown))
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        view = again.article
        assert view.meeting is not None
        assert view.cursor == 4
        assert view.meeting.sentence_text(view.cursor) == "Park said Seoul agrees."


async def test_the_palette_says_where_files_are_kept() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"where dipreader keeps")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any(str(locations.state_path()) in m and "keymap.json" in m for m in messages)


async def test_no_articles_at_all_leaves_every_key_harmless() -> None:
    app = DipreaderApp(["nothing"], loader=loader_of())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert any("No articles" in str(n.message) for n in app._notifications)
        await pilot.press("tab", "tab", "j", "k", "n", "right_curly_bracket", "b", "a", "v")
        await pilot.press("B", "escape", "slash", *"anything", "enter", "escape")
        await pilot.pause()
        assert app.is_running
        assert app.article.meeting is None


async def test_odd_articles_render_without_errors() -> None:
    from dataclasses import replace

    from rich.cells import cell_len

    from dipreader.core.model import Meeting, Speaker

    wide = make_meeting([("wang-yi", "中国和韩国是搬不走的邻居。" * 40)], path="wide.txt")
    unbroken = make_meeting([("park-jin", "x" * 5000)], path="long.txt")
    zero_width = make_meeting([("narration", "a\u200d" * 3000 + " end")], path="zw.txt")
    empty = Meeting(path="empty.txt", text="")
    crowd = replace(
        make_meeting([("narration", "Many met.")], path="crowd.txt"),
        speakers=[Speaker(f"s{i}", f"Speaker {i}" * 10, "Role" * 30, "X") for i in range(20)],
    )
    app = DipreaderApp(["odd"], loader=loader_of(wide, unbroken, zero_width, empty, crowd))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for meeting in (wide, unbroken, zero_width, empty, crowd):
            app.open_meeting(meeting)
            await pilot.pause()
            await pilot.press("j", "G", "g")
            for line in visible_text(app).splitlines():
                assert cell_len(line) <= 80
        assert app.is_running


async def test_quitting_while_a_folder_loads_is_clean() -> None:
    import threading

    release = threading.Event()

    def slow_loader(paths: list[str]) -> object:
        for number in range(50):
            yield make_meeting(CONVERSATION, path=f"slow{number}.txt")
            release.wait(0.02)

    app = DipreaderApp(["slow"], loader=slow_loader)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert app.loading
        await pilot.press("q")
        await pilot.pause()
    release.set()
    assert app.return_value == 0


async def test_the_palette_offers_search_and_notes_and_runs_them() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"search every sentence")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)


async def test_speaker_colours_follow_the_theme() -> None:
    from dipreader.ui.widgets import palette

    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        hue = palette.hue_of("wang-yi")
        dark = app.article.sentence_style(1).color
        assert dark is not None
        assert dark.triplet is not None
        assert dark.triplet.hex == hue.dark
        app.theme = "textual-light"
        await pilot.pause()
        light = app.article.sentence_style(1).color
        assert light is not None
        assert light.triplet is not None
        assert light.triplet.hex == hue.light


async def test_capital_j_and_k_read_the_next_and_previous_meeting() -> None:
    app = DipreaderApp(["made"], loader=loader_of(*three_meetings()))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "J")
        assert app.focused is app.article
        assert app.article.meeting is not None
        assert app.article.meeting.venue == "Bali"
        await pilot.press("J", "J")  # stops at the last
        assert app.article.meeting.venue == "Nowhere"
        await pilot.press("K")
        assert app.article.meeting.venue == "Bali"


async def test_y_copies_the_sentence_or_range() -> None:
    app = conversation_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "j", "y")
        assert app.clipboard == "Wang said the ties matter."
        await pilot.press("v", "j", "y")
        assert app.clipboard == "Wang said the ties matter. He added that trade should grow."


async def test_loading_leaves_the_meetings_it_does_not_show_packed(tmp_path: Path) -> None:
    from dipreader.core.corpus.corpus import load
    from dipreader.core.corpus.packing import PackedSentences

    for index in range(30):
        source = SEED_FILES[index % 2]
        (tmp_path / f"{index:02}.txt").write_bytes(source.read_bytes())
    load([tmp_path])  # fills the article cache: the app's meetings come from it
    app = DipreaderApp([str(tmp_path)], restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert len(app.meetings) == 30
        unpacked = [
            m
            for m in app.meetings
            if not isinstance(m.sentences, PackedSentences) or m.sentences.columns() is None
        ]
        # Only what is on screen was unpacked (the index and the notes did not need to).
        assert [m for m in unpacked if m is not app.article.meeting] == []


async def test_a_large_folder_is_read_by_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dipreader.core.corpus import workers

    count = workers.PARALLEL_THRESHOLD + 10
    for index in range(count):
        (tmp_path / f"{index:04}.txt").write_bytes(SEED_FILES[index % 2].read_bytes())
    read_here: list[object] = []
    real = workers.read_one

    def spy(job: tuple[str, int]) -> object:
        read_here.append(job)
        return real(job)

    # Worker processes import the module afresh: only reading in this process is seen.
    monkeypatch.setattr(workers, "read_one", spy)
    app = DipreaderApp([str(tmp_path)], restore=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert len(app.meetings) == count
    # Inside the app stderr is captured (no file descriptor): the workers still start.
    assert read_here == []


async def test_the_footer_follows_the_focus_and_is_rebuilt_only_when_its_keys_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dipreader.ui.widgets.keys_footer import KeysFooter

    rebuilt = []
    recompose = KeysFooter.recompose

    async def counted(self: KeysFooter) -> None:
        rebuilt.append(self)
        await recompose(self)

    monkeypatch.setattr(KeysFooter, "recompose", counted)

    def keys(app: DipreaderApp) -> str:
        footer = app.screen.query_one(KeysFooter)
        return " ".join(str(key.render()) for key in footer.query("FooterKey"))

    app = DipreaderApp(SEEDS)
    async with app.run_test(size=(160, 36)) as pilot:
        await settle(app, pilot)
        assert "Read" in keys(app)  # the list's keys: Enter reads the meeting
        assert "Bookmark" not in keys(app)
        before = len(rebuilt)
        app.screen.refresh_bindings()  # nothing changed: the same keys, no rebuild
        await pilot.pause()
        assert len(rebuilt) == before
        await pilot.press("enter")  # the article: its keys
        await settle(app, pilot)
        assert "Bookmark" in keys(app)
        assert len(rebuilt) == before + 1
