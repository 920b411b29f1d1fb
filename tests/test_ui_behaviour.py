"""The reader's behaviour as a newcomer meets it (issue 18): keys typed in a burst, help for
the place you are in, the theme kept, the palette's screenshot, the note dialog on a small
terminal, a fuzzy speaker picker, and messages that name what the user knows. Read from the
screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual import events

from dipreader.core.analysis.speaker_match import SpeakerMatcher, word_score
from dipreader.core.model import Speaker
from dipreader.core.settings import locations, preferences
from dipreader.ui.app import DipreaderApp
from dipreader.ui.screens.speaker_screen import speaker_filter
from ui_support import loader_of, make_meeting, settle

SEEDS = [str(locations.seeds_dir())]


def screen_text(app: DipreaderApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def toast_text(app: DipreaderApp) -> str:
    """What the toasts on screen say: the text right of their left edge, line after line (a
    toast wraps anywhere, a path in mid-word)."""
    lines = [line for line in screen_text(app).splitlines() if "▌" in line]
    return "\n".join(line[line.rindex("▌") + 1 :].strip() for line in lines)


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


async def test_keys_typed_right_after_l_move_in_the_article_not_the_list() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, "ljj")
        await pilot.pause()
        status = screen_text(app).splitlines()[-2]
        assert "sentence 3 of" in status, status
        assert "2023-07-15" in status  # still the newest meeting: j did not move the list


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


# -- the theme, kept ------------------------------------------------------------------------


def background_at(app: DipreaderApp, x: int, y: int) -> str | None:
    """The background colour drawn at a cell of the screen."""
    strip = app.screen._compositor.render_strips()[y]
    column = 0
    for segment in strip:
        if column + segment.cell_length > x:
            colour = segment.style.bgcolor if segment.style else None
            return colour.get_truecolor().hex if colour is not None else None
        column += segment.cell_length
    return None


async def choose_theme(app: DipreaderApp, pilot: object, name: str) -> None:
    """As a user does: the palette, its theme command, the theme's name, enter."""
    press = pilot.press  # type: ignore[attr-defined]
    await press("ctrl+p")
    await pilot.pause()  # type: ignore[attr-defined]
    await press(*"theme")
    await pilot.pause(0.3)  # type: ignore[attr-defined]
    await press("enter")
    await pilot.pause(0.3)  # type: ignore[attr-defined]
    await press(*name)
    await pilot.pause(0.3)  # type: ignore[attr-defined]
    await press("enter")
    await pilot.pause()  # type: ignore[attr-defined]


async def test_the_theme_chosen_in_the_palette_is_kept_after_a_restart() -> None:
    first = DipreaderApp(SEEDS, restore=False)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(first, pilot)
        dark = background_at(first, 40, 10)
        await choose_theme(first, pilot, "textual-light")
        assert first.theme == "textual-light"
        await pilot.pause()
        light = background_at(first, 40, 10)
        assert light != dark
        await pilot.press("q")
    second = DipreaderApp(SEEDS, restore=False)
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(second, pilot)
        assert background_at(second, 40, 10) == light
    assert json.loads(preferences.settings_path().read_text("utf-8")) == {"theme": "textual-light"}


async def test_nothing_is_written_until_a_theme_is_chosen() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
    assert not preferences.settings_path().exists()


async def test_a_kept_theme_is_not_written_again_at_each_start() -> None:
    path = preferences.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"theme":"textual-light","other":[1]}', encoding="utf-8")
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "textual-light"
        await pilot.press("q")
    assert path.read_text("utf-8") == '{"theme":"textual-light","other":[1]}'


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('{"theme": "no-such-theme"}', "no theme is named 'no-such-theme'"),
        ('{"theme": 3}', "'theme' must be str, not int"),
        ("{not json", "settings.json: not valid JSON"),
        ("[1, 2]", "not a JSON object"),
    ],
)
async def test_a_bad_stored_theme_gives_a_notice_and_the_default(content: str, said: str) -> None:
    plain = DipreaderApp(SEEDS, restore=False)
    async with plain.run_test(size=(80, 24)) as pilot:
        await settle(plain, pilot)
        default = background_at(plain, 40, 10)
    path = preferences.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        shown = toast_text(app)
        assert "Settings" in shown
        assert "".join(said.split()) in "".join(shown.split())
        app.clear_notifications()
        await pilot.pause()
        assert background_at(app, 40, 10) == default


# The settings file itself, without the reader.


def test_saving_a_setting_keeps_the_others_and_replaces_a_bad_value(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    assert preferences.read_settings(path) == ({}, [])
    assert preferences.save_setting("theme", "nord", path) is None
    assert preferences.read_settings(path) == ({"theme": "nord"}, [])
    path.write_text('{"theme": 7, "future": {"a": 1}}', encoding="utf-8")
    settings, problems = preferences.read_settings(path)
    assert settings == {"future": {"a": 1}}
    assert problems == [f"{path}: 'theme' must be str, not int"]
    assert preferences.save_setting("theme", "gruvbox", path) is None
    assert json.loads(path.read_text("utf-8")) == {"theme": "gruvbox", "future": {"a": 1}}


def test_a_settings_file_that_is_not_json_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "nord",', encoding="utf-8")  # being edited by hand
    problem = preferences.save_setting("theme", "gruvbox", path)
    assert problem is not None
    assert "not valid JSON" in problem
    assert path.read_text("utf-8") == '{"theme": "nord",'


def test_a_settings_file_that_cannot_be_written_is_said(tmp_path: Path) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    problem = preferences.save_setting("theme", "nord", blocker / "settings.json")
    assert problem is not None
    assert "settings.json" in problem
    assert "Not a directory" in problem


# -- the palette's screenshot -----------------------------------------------------------------


async def screenshot_from_the_palette(app: DipreaderApp, pilot: object, folder: Path) -> Path:
    """The palette's "Screenshot", as a user runs it; the SVG that appeared in ``folder``."""
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press(*"screenshot")  # type: ignore[attr-defined]
    await pilot.pause(0.3)  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    for _ in range(200):  # the command runs on a 0.1 s timer; at most 10 s
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        found = sorted(folder.glob("*.svg"))
        if found and "Screenshot" in toast_text(app):
            return found[0]
    raise AssertionError(f"no screenshot in {folder}: {toast_text(app)}")


def squashed(text: str) -> str:
    return "".join(text.split())


async def test_the_palettes_screenshot_is_saved_in_the_current_folder_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No Downloads folder, as on this machine: Textual's own said "Failed to save screenshot".
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        saved = await screenshot_from_the_palette(app, pilot, tmp_path)
        assert saved.read_text("utf-8").startswith("<svg")
        assert "Jakarta" in saved.read_text("utf-8")  # the reader's screen, not a blank one
        said = toast_text(app)
        assert "Failed" not in said
        assert squashed(f"Saved to {saved}") in squashed(said)


async def test_a_screenshot_goes_to_the_data_folder_when_the_current_one_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        folder = locations.screenshots_dir()
        saved = await screenshot_from_the_palette(app, pilot, folder)
        assert saved.parent == folder
        assert squashed(f"Saved to {saved}") in squashed(toast_text(app))
        # A second one is a new file beside it, never written over the first.
        second = app.deliver_screenshot(filename=saved.name)
        assert second is not None
        assert Path(second) != saved
        assert len(list(folder.glob("*.svg"))) == 2


# -- the note dialog on a small terminal ------------------------------------------------------


def dialog_lines(app: DipreaderApp) -> list[str]:
    """The note dialog's box on screen, from its top border to its bottom one."""
    lines = screen_text(app).splitlines()
    top = next(i for i, line in enumerate(lines) if "╭" in line)
    bottom = next(i for i, line in enumerate(lines) if "╰" in line)
    return lines[top : bottom + 1]


@pytest.mark.parametrize("size", [(60, 20), (40, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("existing", [False, True], ids=["new", "existing"])
@pytest.mark.parametrize("sentences", [1, 6], ids=["one", "six"])
async def test_the_note_dialog_fits_with_its_buttons(
    size: tuple[int, int], existing: bool, sentences: int
) -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        if sentences > 1:
            await pilot.press("v", *"j" * (sentences - 1))
        await pilot.press("a")
        await pilot.pause()
        if existing:
            await pilot.press(*"A note", "ctrl+s")
            await pilot.pause()
            await pilot.press("a")  # on the noted passage: opens its note
            await pilot.pause()
            assert "Edit note" in screen_text(app)
        box = dialog_lines(app)
        assert len(box) <= size[1]
        row = next(i for i, line in enumerate(box) if "Save" in line)
        buttons = box[row]
        if "▔" in box[row - 1]:  # buttons of three lines: their lower edge is not cut off
            assert "▁" in box[row + 1], box
        left, right = buttons.index("│"), buttons.rindex("│")
        inside = buttons[left + 1 : right]
        wanted = ["Save", "Cancel"] + (["Delete…"] if existing else [])
        for label in wanted:
            assert label in inside, box
        # Each label whole: with its key when the keys fit, never cut ("Cancel (esc" was).
        assert "(esc" not in inside or "(esc)" in inside
        assert inside.rstrip().endswith(("Cancel", "Cancel esc", "Cancel (esc)")), box
        # The text area is there and shows what is typed.
        await pilot.press(*" more")
        await pilot.pause()
        assert "more" in "\n".join(dialog_lines(app))


@pytest.mark.parametrize("size", [(40, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_discard_question_names_its_keys_and_fits(size: tuple[int, int]) -> None:
    """Found in tmux: enter answers No (the focused button), and nothing said that ``y``
    discards; the box was 50 columns wide whatever the terminal."""
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("l", "a", *"draft", "escape")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        question = next(i for i, line in enumerate(lines) if "Discard this note?" in line)
        below = "\n".join(lines[question : question + 6])
        assert "Discard (y)" in below, below
        assert "No (n)" in below, below
        await pilot.press("y")
        await pilot.pause()
        assert "Discard this note?" not in screen_text(app)
        assert "New note" not in screen_text(app)


# -- the speaker picker, fuzzy ----------------------------------------------------------------


def picker_lines(app: DipreaderApp) -> list[str]:
    """The picker box's lines on screen, without its frame."""
    return [
        line[line.index("│") + 1 : line.rindex("│")].strip()
        for line in screen_text(app).splitlines()
        if line.count("│") >= 2
    ]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("wagn", "Wang Yi"),  # two letters swapped
        ("prak", "Park Jin"),
        ("wang y", "Wang Yi"),  # being typed
        ("pj", "Park Jin"),  # initials
        ("park jn", "Park Jin"),  # a letter dropped
        ("korea", "Park Jin"),  # the country
    ],
)
async def test_the_speaker_picker_is_fuzzy(typed: str, first: str) -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s", *typed)
        await pilot.pause()
        rows = [line for line in picker_lines(app) if line.startswith("█ ")]
        assert rows, picker_lines(app)
        assert rows[0].startswith(f"█ {first}")
        await pilot.press("enter")
        await pilot.pause()
        assert f"{first}" in screen_text(app).splitlines()[0]  # the speaker view's title


async def test_the_speaker_picker_says_when_nothing_matches() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s", *"zqxv")
        await pilot.pause()
        shown = "\n".join(picker_lines(app))
        assert "No speaker matches “zqxv”" in shown
        assert not [line for line in picker_lines(app) if line.startswith("█ ")]
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await pilot.pause()
        shown = "\n".join(picker_lines(app))
        assert "No speaker matches" not in shown
        assert "Wang Yi" in shown
        assert "Park Jin" in shown


# The matcher itself, without the reader.

MATCH_PEOPLE = [
    Speaker("wang-yi", "Wang Yi", "Foreign Minister", "China"),
    Speaker("wang-wenbin", "Wang Wenbin", "Spokesperson", "China"),
    Speaker("park-jin", "Park Jin", "Foreign Minister", "South Korea"),
    Speaker("cho-tae-yul", "Cho Tae-yul", "Foreign Minister", "South Korea"),
    Speaker("fumio-kishida", "Fumio Kishida", "Prime Minister", "Japan"),
    Speaker("kim-jong-un", "Kim Jong-un", None, "North Korea"),
]


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("wagn", ["Wang Wenbin", "Wang Yi"]),
        ("wang yi", ["Wang Yi"]),
        ("wy", ["Wang Yi"]),
        ("ww", ["Wang Wenbin"]),
        ("taeyul", ["Cho Tae-yul"]),
        ("tae yul", ["Cho Tae-yul"]),
        ("kishdia", ["Fumio Kishida"]),  # two letters swapped in a long name
        ("kishd", ["Fumio Kishida"]),  # and a typo in one being typed
        ("prime", ["Fumio Kishida"]),
        ("zzzz", []),
        ("kim", ["Kim Jong-un"]),
    ],
)
def test_the_matcher_finds_a_person_as_typed(typed: str, wanted: list[str]) -> None:
    found = [s.name for s in SpeakerMatcher(MATCH_PEOPLE).rank(typed)]
    assert sorted(found) == sorted(wanted)


def test_a_name_ranks_before_a_country_and_an_exact_word_before_a_typo() -> None:
    matcher = SpeakerMatcher(MATCH_PEOPLE)
    # "korea" is only a country; "kim" is a name: the Kim comes first for "kim jong".
    assert [s.name for s in matcher.rank("korea")] == ["Park Jin", "Cho Tae-yul", "Kim Jong-un"]
    assert matcher.rank("park")[0].name == "Park Jin"
    assert matcher.rank("")[0].name == "Wang Yi"  # the order given, for nothing typed
    assert word_score("park", "park") > word_score("par", "park") > word_score("prak", "park")
    assert word_score("wagn", "magnitogorsk") == 0  # a short beginning is not guessed at


# -- messages name what the user knows, not internal ids --------------------------------------


async def test_searching_a_speakers_words_names_them_not_their_id() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("s", *"park", "enter")
        await pilot.pause()
        await pilot.press("slash", *"china")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen_text(app)
        assert "@Park-Jin china" in shown
        assert "park-jin" not in shown
        hits = [line for line in shown.splitlines() if "2023-07-15" in line or "2022-07-08" in line]
        assert hits
        assert all("Wang Yi" not in line for line in hits)  # the filter still holds


def test_a_speaker_filter_falls_back_to_the_id_when_a_name_is_shared() -> None:
    one = Speaker("kim-jong-1", "Kim Jong", None, "North Korea")
    two = Speaker("kim-jong-2", "Kim Jong", None, "South Korea")
    park = Speaker("park-jin", "Park Jin", "Foreign Minister", "South Korea")
    assert speaker_filter("kim-jong-1", [one, two, park]) == "@kim-jong-1"
    assert speaker_filter("park-jin", [one, two, park]) == "@Park-Jin"


async def test_no_statements_names_the_speaker() -> None:
    meeting = make_meeting([("wang-yi", "Wang said hello.\n"), ("joint", "Both agreed.")])
    app = DipreaderApp(["x"], loader=loader_of(meeting), restore=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        await app.run_action("show_speaker('park-jin')")  # as a click on the legend does
        await pilot.pause()
        said = squashed(toast_text(app))
        assert squashed("No statements by Park Jin in the meetings read.") in said
        assert "park-jin" not in said


async def test_a_name_typed_right_after_s_lands_in_the_picker() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, "swagn")
        await pilot.pause()
        lines = picker_lines(app)
        assert "wagn" in lines, lines
        assert next(line for line in lines if line.startswith("█ ")).startswith("█ Wang Yi")


async def test_a_phrase_typed_right_after_t_lands_in_the_trend_field() -> None:
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, "tchina")
        await pilot.pause()
        assert "china" in screen_text(app).splitlines()[1], screen_text(app)


async def test_the_views_over_the_reader_do_not_offer_to_fold_its_list() -> None:
    """^b folded the reader's list underneath the search screen: a key that did nothing seen."""
    app = DipreaderApp(SEEDS, restore=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert "Fold list" in screen_text(app).splitlines()[-1]
        await pilot.press("slash")
        await pilot.pause()
        assert "Search" in screen_text(app)
        assert "Fold list" not in screen_text(app).splitlines()[-1]
        await pilot.press("ctrl+b")
        await pilot.press("escape")
        await pilot.pause()
        assert "Filter meetings" in screen_text(app)  # the list is still there, not folded
