"""One colour per person on screen: the same person in two meetings with different partners,
one of whom shares their colour, read through what the legend and the article draw."""

from __future__ import annotations

from datetime import date

from rich.style import Style

from dipreader.core.model import Speaker
from dipreader.ui.app import DipreaderApp
from dipreader.ui.widgets import palette
from dipreader.ui.widgets.legend import Legend
from dipreader.ui.widgets.meeting_list import MeetingList
from ui_support import WANG, loader_of, make_meeting, settle

CHO = Speaker("cho-tae-yul", "Cho Tae-yul", "Foreign Minister", "South Korea")
PARK = Speaker("park-jin", "Park Jin", "Foreign Minister", "South Korea")  # teal, as Cho
# "Cho" alone: the reading's id is "cho"; identity makes it Cho Tae-yul's at the end of
# loading (this meeting comes first, before anything says who Cho is).
CHO_SHORT = Speaker("cho", "Cho", "Foreign Minister", "South Korea")


def meetings() -> list[object]:
    first = make_meeting(
        [("cho", "Cho spoke first."), ("wang-yi", "Wang answered.")],
        path="made/0-cho.txt",
        day=date(2024, 1, 1),
        speakers=(CHO_SHORT, WANG),
    )
    with_wang = make_meeting(
        [("cho-tae-yul", "Cho Tae-yul spoke."), ("wang-yi", "Wang Yi spoke.")],
        path="made/1-wang.txt",
        day=date(2024, 1, 2),
        speakers=(CHO, WANG),
    )
    with_park = make_meeting(
        [("cho-tae-yul", "Cho Tae-yul spoke."), ("park-jin", "Park Jin spoke.")],
        path="made/2-park.txt",
        day=date(2024, 1, 3),
        speakers=(CHO, PARK),
    )
    return [first, with_wang, with_park]


def legend_line(app: DipreaderApp, name: str) -> list[tuple[str, Style]]:
    legend = app.query_one(Legend)
    for y in range(legend.size.height):
        segments = [(s.text, s.style or Style()) for s in legend.render_line(y)]
        if any(text == name for text, _ in segments):
            return segments
    raise AssertionError(f"{name} is not in the legend")


def colour(style: Style) -> str:
    assert style.color is not None
    assert style.color.triplet is not None
    return style.color.triplet.hex


def drawn(app: DipreaderApp, name: str) -> tuple[str, str, Style]:
    """(swatch, its colour, the name's style) of a speaker's legend line."""
    segments = legend_line(app, name)
    index = next(i for i, (text, _) in enumerate(segments) if text == name)
    swatch, swatch_style = segments[index - 1]
    return swatch.strip(), colour(swatch_style), segments[index][1]


async def test_a_person_keeps_one_colour_beside_any_partner() -> None:
    app = DipreaderApp(["made"], loader=loader_of(*meetings()), restore=False)
    teal = palette.hue_of("cho-tae-yul").dark
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        shown = {m.path: m for m in app.query_one(MeetingList).shown}
        seen = []
        for path, name in (
            ("made/1-wang.txt", "Cho Tae-yul"),
            ("made/2-park.txt", "Cho Tae-yul"),
            ("made/0-cho.txt", "Cho"),
        ):
            app.open_meeting(shown[path])
            await pilot.pause()
            swatch, swatch_colour, name_style = drawn(app, name)
            assert app.article.meeting is not None
            first = next(i for i, s in enumerate(app.article.meeting.sentences) if s.speaker)
            article_style = app.article.sentence_style(first)
            seen.append((swatch, swatch_colour, colour(name_style), colour(article_style)))
            assert not name_style.underline
            assert not article_style.underline
        # The same swatch and colour in the legend and the article, in all three meetings:
        # beside Wang Yi, beside Park Jin (teal too), and written "Cho" alone.
        assert seen == [("█", teal, teal, teal)] * 3
        assert app.article.meeting is shown["made/0-cho.txt"]
        assert {s.id for s in shown["made/0-cho.txt"].speakers} == {"cho-tae-yul", "wang-yi"}

        # Park Jin shares teal with Cho Tae-yul: he keeps it, told apart by an underline and
        # another swatch, and his legend line says why.
        app.open_meeting(shown["made/2-park.txt"])
        await pilot.pause()
        swatch, swatch_colour, name_style = drawn(app, "Park Jin")
        assert (swatch, swatch_colour, colour(name_style)) == ("▓", teal, teal)
        assert name_style.underline
        park = next(
            i for i, s in enumerate(app.article.meeting.sentences) if s.speaker == "park-jin"
        )
        assert app.article.sentence_style(park).underline
        assert colour(app.article.sentence_style(park)) == teal
        note = "".join(text for text, _ in legend_line(app, "Park Jin"))
        assert "Park Jin  underlined: shares teal with Cho Tae-yul" in note
