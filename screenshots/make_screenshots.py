"""Write the README's screenshots: SVGs of the reader at 120x36, from the bundled seeds.

Usage: python screenshots/make_screenshots.py [OUT_DIR]   (default: this folder)

Runs the app headless with private, empty data and cache folders, so the pictures never show
the user's own notes or last place, and are the same on every machine.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

SIZE = (120, 36)

Scene = Callable[[Pilot[int]], Awaitable[None]]


async def settled(pilot: Pilot[int]) -> None:
    from dipreader.ui.app import DipreaderApp

    app = pilot.app
    assert isinstance(app, DipreaderApp)
    for _ in range(400):
        if not app.loading:
            break
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def start(pilot: Pilot[int]) -> None:
    await settled(pilot)


async def article(pilot: Pilot[int]) -> None:
    """Focus on the article, cursor on Park Jin's first statement after Wang Yi's."""
    from dipreader.ui.app import DipreaderApp

    await settled(pilot)
    app = pilot.app
    assert isinstance(app, DipreaderApp)
    meeting = app.article.meeting
    assert meeting is not None
    first_park = next(i for i, s in enumerate(meeting.sentences) if s.speaker == "park-jin")
    await pilot.press("tab")
    app.article.move_to(first_park)
    await pilot.pause()


async def web_page(pilot: Pilot[int]) -> None:
    """A saved web page: its title, date, site and address over the article alone."""
    await settled(pilot)
    await pilot.press("tab", "j")
    await pilot.pause()


async def shared_colour(pilot: Pilot[int]) -> None:
    """Two speakers of one colour: the later by id underlined, its legend line says so."""
    await settled(pilot)
    await pilot.press("tab", "j")
    await pilot.pause()


async def search(pilot: Pilot[int]) -> None:
    await settled(pilot)
    await pilot.press("slash", *"one china principel")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def speaker_search(pilot: Pilot[int]) -> None:
    await settled(pilot)
    await pilot.press("slash", *"@park cooperation")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def help_screen(pilot: Pilot[int]) -> None:
    await settled(pilot)
    await pilot.press("tab", "question_mark")
    await pilot.pause()


async def light(pilot: Pilot[int]) -> None:
    pilot.app.theme = "textual-light"
    await article(pilot)


async def folded(pilot: Pilot[int]) -> None:
    await article(pilot)
    await pilot.press("ctrl+b")
    await pilot.pause()


async def note_dialog(pilot: Pilot[int]) -> None:
    """A bookmark on Wang Yi's statement; a note being written on two of Park Jin's."""
    await article(pilot)
    await pilot.press("k", "b", "j", "v", "j", "a")
    await pilot.pause()
    await pilot.press(*"Park frames the ties as a partnership, not a rivalry.")
    await pilot.pause()


async def notes_list(pilot: Pilot[int]) -> None:
    await note_dialog(pilot)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("B")
    await pilot.pause()


async def speaker_view(pilot: Pilot[int]) -> None:
    """Park Jin's statements in both meetings, oldest first."""
    await settled(pilot)
    await pilot.press("s", *"park", "enter")
    await pilot.pause()


async def compare_view(pilot: Pilot[int]) -> None:
    """The two meetings side by side, the cursor on the 2023-only Taiwan remark."""
    from dipreader.ui.screens.compare_screen import CompareScreen

    await settled(pilot)
    await pilot.press("c", "j", "c")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    for _ in range(len(screen.rows)):
        await pilot.press("n")
        right = screen.rows[screen.row or 0][1]
        if right is not None and "Taiwan question" in screen.right.sentence_text(right):
            break
    await pilot.pause()


async def trend_view(pilot: Pilot[int]) -> None:
    await settled(pilot)
    await pilot.press("t", *"one-China principle", "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


SCENES: dict[str, Scene] = {
    "start": start,
    "reader": article,  # the README's first picture
    "search": search,
    "search-speaker": speaker_search,
    "help": help_screen,
    "light-theme": light,
    "list-folded": folded,
    "note-dialog": note_dialog,
    "notes-list": notes_list,
    "speaker": speaker_view,
    "compare": compare_view,
    "trend": trend_view,
    "web-page": web_page,
    "shared-colour": shared_colour,
}


# A saved ministry page, invented for the picture: its menu, share bar, "related" block and
# footer are not shown; its title, date, site and address are.
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Foreign Minister Lindqvist meets Foreign Minister Adeyemi
 | Ministry of Foreign Affairs</title>
<meta property="og:site_name" content="Ministry of Foreign Affairs">
<meta property="article:published_time" content="2024-04-16T09:30:00+02:00">
<link rel="canonical" href="https://mfa.example.org/news/2024/04/lindqvist-adeyemi">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/contact">Contact</a></nav>
<main><article><h1>Foreign Minister Lindqvist meets Foreign Minister Adeyemi</h1>
<div class="share-bar"><a href="#">Share</a> <a href="#">Print</a></div>
<p>Stockholm - Foreign Minister Eva Lindqvist met Foreign Minister Tunde Adeyemi of Nigeria
in Stockholm on Tuesday.</p>
<p>Lindqvist said that trade between the two countries had doubled in five years, and that
Sweden wanted to open a second consulate in Lagos. She added that the two governments would
sign a research agreement in the autumn.</p>
<p>Adeyemi thanked Sweden for its support of the regional health programme. He stressed that
Nigeria welcomed more Swedish investment in renewable energy.</p>
<p>The two ministers agreed to hold annual consultations.</p>
<div class="related-news"><h3>Related news</h3><a href="/a">Another story</a></div>
</article></main><footer>Copyright. All rights reserved.</footer></body></html>
"""


def page_folder(home: Path) -> list[str]:
    folder = home / "pages"
    folder.mkdir()
    (folder / "lindqvist-adeyemi.html").write_text(PAGE, encoding="utf-8")
    return [str(folder)]


# A readout invented for the picture: Cho Tae-yul and Park Jin, whose ids hash to one colour.
SHARED = (
    " date 2024-05-13 Seoul - South Korean Foreign Minister Cho Tae-yul met with former Foreign "
    "Minister Park Jin in Seoul on Monday to prepare the trilateral summit. Cho said the summit "
    "would open a new chapter for the region. He added that the three countries had agreed on "
    "the agenda.\n\nPark said that the ministry should keep talking to Beijing and Tokyo at every "
    "level. Park stressed that trade must stay open. The two agreed to meet again in June.\n"
)


def shared_folder(home: Path) -> list[str]:
    from dipreader.core.settings import locations

    folder = home / "shared"
    folder.mkdir()
    (folder / "cho-park.txt").write_text(SHARED, encoding="utf-8")
    return [str(folder), str(locations.seeds_dir())]


# Scenes that open something other than the sample articles: what to open, made in ``home``.
INPUTS: dict[str, Callable[[Path], list[str]]] = {
    "web-page": page_folder,
    "shared-colour": shared_folder,
}


async def shoot(name: str, scene: Scene, out: Path, home: Path) -> Path:
    from dipreader.core.settings import locations
    from dipreader.ui.app import DipreaderApp

    made = INPUTS.get(name)
    app = DipreaderApp(made(home) if made else [str(locations.seeds_dir())])
    async with app.run_test(size=SIZE) as pilot:
        await scene(pilot)
        saved = app.save_screenshot(f"{name}.svg", path=str(out))
    return Path(saved)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    for name, scene in SCENES.items():
        # A fresh home per picture: a scene must not reopen the place the last one left.
        with tempfile.TemporaryDirectory(prefix="dipreader-shots-") as home:
            os.environ["DIPREADER_DATA_DIR"] = str(Path(home) / "data")
            os.environ["DIPREADER_CACHE_DIR"] = str(Path(home) / "cache")
            # Nor the user's keymap or theme; and the light scene's theme is not kept.
            os.environ["DIPREADER_CONFIG_DIR"] = str(Path(home) / "config")
            print(asyncio.run(shoot(name, scene, out, Path(home))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
