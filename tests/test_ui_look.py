"""The reader's look (issue 18): what a newcomer sees, read from the screen the compositor
draws, in dark and light themes and at narrow and wide sizes."""

from __future__ import annotations

import json
from datetime import date

import pytest
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from dipreader.core.settings import locations
from dipreader.ui.app import DipreaderApp
from dipreader.ui.widgets.article_view import ArticleView
from dipreader.ui.widgets.keys_footer import KeysFooter
from dipreader.ui.widgets.meeting_list import MeetingList
from ui_support import loader_of, make_meeting, settle

THEMES = ["textual-dark", "textual-light", "nord", "gruvbox", "solarized-light", "dracula"]


def three_meetings() -> list[object]:
    return [
        make_meeting(
            [("wang-yi", f"Wang Yi spoke in meeting {n}."), ("park-jin", "Park Jin answered.")],
            path=f"made/{n}.txt",
            day=date(2024, 1, n),
            venue=f"Place{n}",
        )
        for n in (1, 2, 3)
    ]


def screen_rows(app: DipreaderApp) -> list[list[Segment]]:
    return [list(strip) for strip in app.screen._compositor.render_strips()]


def row_text(app: DipreaderApp, y: int) -> str:
    return "".join(segment.text for segment in screen_rows(app)[y])


def screen_text(app: DipreaderApp) -> str:
    return "\n".join(row_text(app, y) for y in range(app.screen.size.height))


def region_text(app: DipreaderApp, widget: Widget) -> str:
    """The lines drawn where ``widget`` is, one string each."""
    region = widget.region
    return "\n".join(
        row_text(app, y)[region.x : region.right] for y in range(region.y, region.bottom)
    )


def cell_style(app: DipreaderApp, x: int, y: int) -> Style:
    """The style of the cell at (x, y) as it is drawn."""
    column = 0
    for segment in screen_rows(app)[y]:
        width = segment.cell_length
        if column <= x < column + width:
            return segment.style or Style()
        column += width
    raise AssertionError(f"no cell at {x},{y}")


def background(app: DipreaderApp, x: int, y: int) -> Color | None:
    return cell_style(app, x, y).bgcolor


# -- 1. the selected meeting ----------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
async def test_the_selected_meeting_has_a_background_of_its_own(theme: str) -> None:
    app = DipreaderApp(["made"], loader=loader_of(*three_meetings()), restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.theme = theme
        await pilot.press("j")  # the middle one of three: rows above and below
        await pilot.pause()
        meeting_list = app.query_one(MeetingList)
        region = meeting_list.content_region
        rows = [
            y
            for y in range(region.y, region.bottom)
            if "2024-01-" in row_text(app, y)[region.x : region.right]
        ]
        assert [row_text(app, y)[region.x : region.right].split()[0] for y in rows] == [
            "2024-01-03",
            "2024-01-02",
            "2024-01-01",
        ]
        for focused in (True, False):
            if not focused:
                await pilot.press("tab")  # the article has the focus; the list keeps its row
                await pilot.pause()
            assert (app.focused is meeting_list) is focused
            above, selected, below = rows
            # Every cell of both lines of a row: the date's, the names', the blank ones.
            for x in (region.x, region.x + 3, region.x + 14, region.right - 2):
                for line in (0, 1):
                    chosen = background(app, x, selected + line)
                    assert chosen != background(app, x, above + line), (theme, focused, x)
                    assert chosen != background(app, x, below + line), (theme, focused, x)
                    assert chosen == background(app, region.x, selected)


# -- 5. a filter that nothing matches ----------------------------------------------------------


async def test_a_filter_with_no_match_says_so_literally_and_how_to_clear_it() -> None:
    app = DipreaderApp(["made"], loader=loader_of(*three_meetings()), restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f", *"zz [b]x[/b]")
        await pilot.pause()
        shown = screen_text(app)
        assert "Nothing to read yet" not in shown
        listed = " ".join(region_text(app, app.query_one(MeetingList)).split())
        # The filter as typed: data, never markup.
        assert "No meeting matches “zz [b]x[/b]”." in listed
        assert "To see them all: ^f, then ctrl+u." in listed
        assert "No meeting matches the filter" in shown  # the article pane's heading
        await pilot.press("ctrl+u")  # as it says
        await pilot.pause()
        shown = screen_text(app)
        assert "No meeting matches" not in shown
        assert "2024-01-03" in shown


async def test_nothing_loaded_still_says_nothing_to_read_yet() -> None:
    app = DipreaderApp(["made"], loader=loader_of(), restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Nothing to read yet." in shown
        assert "No meeting matches" not in shown


# -- 3. narrow terminals ------------------------------------------------------------------------

LONG_PARAGRAPH = " ".join(["Wang Yi said that the two sides should talk more often."] * 12)


def long_meetings() -> list[object]:
    return [
        make_meeting(
            [("wang-yi", LONG_PARAGRAPH), ("park-jin", "Park Jin answered.")],
            path="made/long.txt",
            day=date(2024, 1, 4),
            venue="Kuala Lumpur Convention Centre",
        ),
        *three_meetings(),
    ]


@pytest.mark.parametrize(("width", "measure"), [(60, 30), (40, 16)])
async def test_a_narrow_terminal_keeps_the_article_readable(width: int, measure: int) -> None:
    app = DipreaderApp(["made"], loader=loader_of(*long_meetings()), restore=False)
    async with app.run_test(size=(width, 20)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        await pilot.pause()
        sidebar = app.query_one("#sidebar")
        assert sidebar.region.width <= round(width * 0.4)
        article = app.query_one(ArticleView)
        drawn = [line[3:].rstrip() for line in region_text(app, article).splitlines()]
        assert max(len(line) for line in drawn) >= measure, drawn
        # A row too long for the list ends in an ellipsis, never a hard cut.
        rows = [line.rstrip() for line in region_text(app, app.query_one(MeetingList)).split("\n")]
        venue_row = next(row for row in rows if row.strip().startswith("2024-01-04"))
        assert venue_row.endswith("…"), rows
        assert "2024-01-04  Kuala Lumpur Convention Centre".startswith(venue_row.strip()[:-1])
        for row in rows:
            if row.strip() and not row.endswith("…"):
                assert row.strip() in {
                    "2024-01-03  Place3",
                    "2024-01-02  Place2",
                    "2024-01-01  Place1",
                    "Wang Yi · Park Jin",
                }, rows


# -- 2. what is under way: a passage being selected, a meeting marked to compare ----------------


def six_paragraphs() -> list[object]:
    return [
        make_meeting(
            [
                ("wang-yi" if n % 2 else "park-jin", f"Sentence number {n} of the six.\n")
                for n in range(1, 7)
            ],
            path="made/six.txt",
            day=date(2024, 2, 1),
        ),
        *three_meetings(),
    ]


def distance(first: Color | None, second: Color | None) -> float:
    assert first is not None
    assert second is not None
    a, b = first.get_truecolor(), second.get_truecolor()
    return float(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5)


def article_rows(app: DipreaderApp) -> list[tuple[int, str]]:
    """(screen row, text) of each line the article draws, its gutter included."""
    region = app.query_one(ArticleView).content_region
    return [(y, row_text(app, y)[region.x : region.right]) for y in range(region.y, region.bottom)]


@pytest.mark.parametrize("theme", THEMES)
async def test_a_passage_being_selected_is_shown_and_said(theme: str) -> None:
    app = DipreaderApp(["made"], loader=loader_of(*six_paragraphs()), restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.theme = theme
        await pilot.press("tab", "j", "v")
        await pilot.pause()
        status = region_text(app, app.query_one("#status"))
        assert "selecting 1 sentence " in status
        await pilot.press("j", "j")
        await pilot.pause()
        assert "selecting 3 sentences" in region_text(app, app.query_one("#status"))
        x = app.query_one(ArticleView).content_region.x
        rows = article_rows(app)
        marked = {text[3:].strip(): (y, text[0]) for y, text in rows if text.strip()}
        assert marked["Sentence number 2 of the six."][1] == "┃"  # the range's first
        assert marked["Sentence number 3 of the six."][1] == "┃"
        assert marked["Sentence number 4 of the six."][1] == "▌"  # the cursor, its last
        assert marked["Sentence number 5 of the six."][1] == " "
        in_range = background(app, x + 3, marked["Sentence number 2 of the six."][0])
        outside = background(app, x + 3, marked["Sentence number 5 of the six."][0])
        cursor = background(app, x + 3, marked["Sentence number 4 of the six."][0])
        # Clearly apart from the text around it (as far as the cursor is, about), and apart
        # from the cursor.
        assert distance(in_range, outside) >= 50, theme
        assert distance(in_range, cursor) > 10, theme
        await pilot.press("escape")
        await pilot.pause()
        assert "selecting" not in region_text(app, app.query_one("#status"))
        assert all(text[0] != "┃" for _, text in article_rows(app))


async def test_the_meeting_marked_to_compare_is_shown_and_said() -> None:
    app = DipreaderApp(["made"], loader=loader_of(*three_meetings()), restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        meeting_list = app.query_one(MeetingList)

        def list_rows() -> list[str]:
            return region_text(app, meeting_list).splitlines()

        def status() -> str:
            return region_text(app, app.query_one("#status"))

        await pilot.press("j", "c")  # 2024-01-02 marked
        await pilot.pause()
        assert "◆2024-01-02  Place2" in list_rows()[2]
        assert all(not row.startswith("◆") for n, row in enumerate(list_rows()) if n != 2)
        assert "marked for compare: 2024-01-02" in status()
        await pilot.press("c")  # again on the same: the mark goes
        await pilot.pause()
        assert not any(row.startswith("◆") for row in list_rows())
        assert "marked for compare" not in status()
        await pilot.press("c", "j", "c")  # marked, then compared with the next one
        await pilot.pause()
        assert app.screen is not app.screen_stack[0]  # the comparison is open
        await pilot.press("escape")
        await pilot.pause()
        assert not any(row.startswith("◆") for row in list_rows())
        assert "marked for compare" not in status()


# -- 4. the footer ---------------------------------------------------------------------------


def footer_keys(app: DipreaderApp) -> list[str]:
    """The footer's keys as drawn, each "key description", checked to be drawn whole: inside
    the footer, none over another."""
    footer = app.screen.query_one(KeysFooter)
    keys = sorted(footer.query(FooterKey), key=lambda key: key.region.x)
    line = row_text(app, footer.region.y)
    shown = []
    for before, key in zip([None, *keys], keys, strict=False):
        region = key.region
        assert footer.region.x <= region.x, key
        assert region.right <= footer.region.right, key
        if before is not None:
            assert before.region.right <= region.x, (before, key)
        drawn = " ".join(line[region.x : region.right].replace("▏", " ").split())
        assert drawn == f"{key.key_display} {key.description}", (drawn, line)
        shown.append(drawn)
    return shown


async def footer_at(width: int, *, article: bool) -> tuple[list[str], str]:
    app = DipreaderApp(["made"], loader=loader_of(*six_paragraphs()), restore=False)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(app, pilot)
        if article:
            await pilot.press("tab")
            await pilot.pause()
        return footer_keys(app), row_text(app, app.screen.size.height - 1)


async def test_the_footer_at_80_columns_shows_the_most_useful_keys_whole() -> None:
    keys, line = await footer_at(80, article=True)
    assert keys[:5] == ["j/k Sentence", "/ Search", "n/N Same speaker", "a Note", "b Bookmark"]
    assert keys[-1] == "? More keys"  # some did not fit: help lists them all
    assert len(line.rstrip()) <= 80
    keys, _ = await footer_at(80, article=False)
    assert keys[:3] == ["⏎ Read", "j/k Meeting", "/ Search"]
    assert "^p palette" in keys


async def test_the_footer_at_160_columns_shows_the_analyst_keys() -> None:
    for article in (False, True):
        keys, _ = await footer_at(160, article=article)
        for key in ("s Speaker", "c Compare", "t Trend"):
            assert key in keys, (article, keys)
    keys, _ = await footer_at(160, article=False)
    assert keys[-2:] == ["? Help", "^p palette"]  # everything fits: no "More keys"


async def test_the_footer_names_a_remapped_key() -> None:
    keymap = locations.config_dir() / "keymap.json"
    keymap.parent.mkdir(parents=True, exist_ok=True)
    keymap.write_text(
        json.dumps({"article.next_same": "ctrl+n", "app.help": "h,f1", "article.annotate": "m"}),
        encoding="utf-8",
    )
    keys, _ = await footer_at(80, article=True)
    assert "^n/N Same speaker" in keys
    assert "m Note" in keys
    assert keys[-1] == "h More keys"
    assert not any(key.startswith(("n/N", "a ", "? ")) for key in keys)


async def test_the_footer_while_selecting_keeps_the_note_key_and_says_how_to_end() -> None:
    app = DipreaderApp(["made"], loader=loader_of(*six_paragraphs()), restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "v")
        await pilot.pause()
        keys = footer_keys(app)
        assert "a Note" in keys
        assert "esc Unselect" in keys
