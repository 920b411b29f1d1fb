"""Unit tests of the reader's parts: speaker colours, word wrap, keymap and last place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from dipreader.core.model import Meeting, Sentence
from dipreader.core.settings import locations
from dipreader.ui.controllers import last_place
from dipreader.ui.controllers.keymap import find_keymap, load_keymap
from dipreader.ui.widgets import palette
from dipreader.ui.widgets.wrap import wrap_spans


def _luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    "theme", ["textual-dark", "textual-light", "nord", "gruvbox", "catppuccin-latte", "dracula"]
)
def test_every_speaker_colour_is_readable_on_the_theme_background(theme: str) -> None:
    # WCAG AA for body text: a contrast of at least 4.5 against the background.
    spec = BUILTIN_THEMES[theme]
    background = Color.parse(spec.to_color_system().generate()["background"])
    for hue in palette.PALETTE:
        shade = Color.parse(palette.shade(hue, spec.dark))
        assert contrast(shade, background) >= 4.5, (theme, hue.name)


def test_the_seed_speakers_get_different_colours() -> None:
    looks = palette.looks(["wang-yi", "park-jin"])
    assert looks["wang-yi"].hue != looks["park-jin"].hue
    assert looks["wang-yi"].mark == looks["park-jin"].mark == 0


def test_a_persons_colour_is_their_ids_alone_in_any_word_order() -> None:
    assert palette.hue_of("kishida-fumio") == palette.hue_of("fumio-kishida")
    # Pinned: a change here recolours everyone the users know by their colour.
    assert [palette.hue_of(i).name for i in ("wang-yi", "park-jin", "joseph-biden")] == [
        "orange",
        "teal",
        "red",
    ]


def test_two_speakers_of_one_hue_keep_it_and_the_later_is_marked() -> None:
    # Park Jin and Cho Tae-yul share teal: neither moves to another colour.
    assert palette.hue_of("park-jin") == palette.hue_of("cho-tae-yul")
    looks = palette.looks(["park-jin", "cho-tae-yul", "wang-yi"])
    assert looks["cho-tae-yul"] == palette.Look(palette.hue_of("cho-tae-yul"), 0)
    assert looks["park-jin"] == palette.Look(palette.hue_of("park-jin"), 1)
    assert looks["wang-yi"].mark == 0
    dark = looks["park-jin"].style(dark=True)
    assert dark.underline
    assert dark.color is not None
    assert dark.color.triplet is not None
    assert dark.color.triplet.hex == palette.hue_of("park-jin").dark
    assert not looks["cho-tae-yul"].style(dark=True).underline
    assert looks["park-jin"].swatch != looks["cho-tae-yul"].swatch


ids = st.lists(st.text(alphabet="abcdefgh-", min_size=1, max_size=12), max_size=12, unique=True)


@given(ids, ids)
def test_a_speaker_keeps_their_colour_whoever_else_speaks(
    first: list[str], other: list[str]
) -> None:
    one, two = palette.looks(first), palette.looks(other)
    for sid in set(first) | set(other):
        hues = {looks[sid].hue for looks in (one, two) if sid in looks}
        assert hues <= {palette.hue_of(sid)}
    assert palette.looks(reversed(first)) == one  # the order they are listed in does not matter
    # Within a meeting, those sharing a hue are told apart: marks 0, 1, 2 ... of each hue.
    for hue in {look.hue for look in one.values()}:
        marks = sorted(look.mark for look in one.values() if look.hue == hue)
        assert marks == list(range(len(marks)))


@given(st.text(alphabet=st.sampled_from("ab c\n中\u200d-."), max_size=300), st.integers(1, 30))
def test_wrapped_lines_cover_the_text_and_fit_the_width(text: str, width: int) -> None:
    lines = wrap_spans(text, 0, len(text), width)
    previous_end = 0
    for start, end in lines:
        assert start >= previous_end
        assert "\n" not in text[start:end]
        chunk = text[start:end]
        # A character wider than the line is shown alone; otherwise a line fits.
        assert cell_len(chunk) <= width or len(chunk) == 1
        # Only breaking spaces and newlines are dropped between lines.
        assert set(text[previous_end:start]) <= {" ", "\n"}
        previous_end = end
    assert set(text[previous_end:]) <= {" ", "\n"}


def test_wrap_breaks_at_spaces_and_keeps_blank_lines() -> None:
    text = "one two three\n\nfour"
    assert [text[a:b] for a, b in wrap_spans(text, 0, len(text), 8)] == [
        "one two",
        "three",
        "",
        "four",
    ]


def test_keymap_file_ignores_what_is_not_a_string(tmp_path: Path) -> None:
    target = tmp_path / "keymap.json"
    target.write_text(json.dumps({"article.next": "x", "bad": 3, "app.search": ""}), "utf-8")
    keymap, note = load_keymap(target)
    assert keymap == {"article.next": "x"}
    assert note is not None
    assert "2 entries" in note


def test_a_missing_keymap_is_no_problem(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "absent.json") == ({}, None)


def test_a_keymap_that_cannot_be_copied_is_read_from_the_old_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = locations.data_dir() / "keymap.json"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text('{"article.next": "x"}', encoding="utf-8")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("DIPREADER_CONFIG_DIR", str(blocked / "config"))
    path, notice = find_keymap()
    assert path == old
    assert notice is not None
    assert "could not be copied" in notice
    assert load_keymap(path) == ({"article.next": "x"}, None)


def test_no_keymap_anywhere_is_no_notice() -> None:
    assert find_keymap() == (locations.config_dir() / "keymap.json", None)


def test_last_place_round_trip_and_quote(tmp_path: Path) -> None:
    text = "First one. Second one. Third one."
    meeting = Meeting(
        path="m.txt", text=text, sentences=[Sentence(0, 10), Sentence(11, 22), Sentence(23, 33)]
    )
    state = tmp_path / "state.json"
    assert last_place.save(last_place.LastPlace.of(meeting, 1), state)
    place = last_place.load(state)
    assert place == last_place.LastPlace("m.txt", 0, 1, "Second one.")
    grown = Meeting(
        path="m.txt",
        text="New. " + text,
        sentences=[Sentence(0, 4), Sentence(5, 15), Sentence(16, 27), Sentence(28, 38)],
    )
    assert place.sentence_in(grown) == 2
