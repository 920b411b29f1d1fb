"""Every surface of the reader against text that holds escape sequences: article text, notes,
key names from keymap.json, paths, error messages; the screen drawn, the toasts, the footer,
the note's text field and the clipboard. What is drawn or copied holds no control character.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from rich.segment import Segment
from textual import events
from textual.color import Color
from textual.widgets import Input

from dipreader.core.model import Meeting, Speaker
from dipreader.core.settings import locations
from dipreader.core.text.safe import CONTROL_CODES, clean, drop_controls, has_controls
from dipreader.ui.app import DipreaderApp
from dipreader.ui.widgets.control_filter import ControlFilter
from ui_support import PARK, loader_of, make_meeting, settle

# Window title (OSC 0 and 2), clipboard (OSC 52), link, clear screen (CSI), C1 CSI and OSC, a
# bidi override, NUL, bell, backspace.
PAYLOAD = (
    "T\x1b]0;pwned\x07 C\x1b]52;c;cHduZWQ=\x07 L\x1b]8;;http://evil.example/\x1b\\x "
    "S\x1b[2J\x1b[H E\x9b2J O\x9d0;t\x9c B\u202eevil\u202c N\x00 \x07\x08"
)
# No comma: keymap.json separates keys with commas.
KEY_PAYLOAD = "\x1b]0;pwned\x07\x9b2J\u202e"
FORBIDDEN = [chr(code) for code in sorted(CONTROL_CODES) if code != 0x0A]


def screen_text(app: DipreaderApp) -> str:
    """Every line the terminal would get now, toasts and footer included."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def assert_inert(text: str) -> None:
    found = sorted({repr(char) for char in text if char in FORBIDDEN})
    assert not found, found


def hostile_meeting() -> Meeting:
    speaker = Speaker("wang-yi", f"Wang{PAYLOAD}", f"Minister{PAYLOAD}", f"China{PAYLOAD}")
    meeting = make_meeting(
        [
            ("narration", f"Wang Yi met Park Jin.{PAYLOAD}"),
            ("wang-yi", f"Wang said supply chains matter {PAYLOAD}."),
            ("park-jin", "Park said supply chains matter too.\n"),
        ],
        path=f"hostile{PAYLOAD}.txt",
        venue=f"Seoul{PAYLOAD}",
        speakers=(speaker, PARK),
    )
    return replace(meeting, url=f"https://example.org/{PAYLOAD}")


class HostileProblem:
    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason, self.severity, self.line = path, reason, "error", 0


def test_the_sanitiser_leaves_no_control_character() -> None:
    assert has_controls(PAYLOAD)
    assert not has_controls(drop_controls(PAYLOAD))
    shown = clean(PAYLOAD)
    assert_inert(shown)
    assert len(shown) == len(PAYLOAD)  # one visible character each: offsets stay valid
    assert "\u241b]0;pwned" in shown


def test_the_line_filter_drops_controls_and_keeps_the_layout() -> None:
    segments = [Segment("ok "), Segment(PAYLOAD), Segment("\x1b")]
    kept = ControlFilter().apply(segments, Color(0, 0, 0))
    assert_inert("".join(s.text for s in kept))
    assert sum(s.cell_length for s in kept) == sum(s.cell_length for s in segments)
    assert all(s.text for s in kept)  # no empty segment
    plain = [Segment("plain")]
    assert ControlFilter().apply(plain, Color(0, 0, 0)) is plain


async def test_article_list_status_legend_and_open_page_toast_are_inert() -> None:
    meeting = hostile_meeting()
    app = DipreaderApp(["made"], loader=loader_of(meeting))
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "j", "o")
        await pilot.pause()
        shown = screen_text(app)
        assert "\u241b]0;pwned" in shown  # made visible where it is laid out
        assert "Opening" in shown
        assert_inert(shown)


async def test_y_copies_the_sentence_with_its_controls_made_visible() -> None:
    app = DipreaderApp(["made"], loader=loader_of(hostile_meeting()))
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "j", "y")
        await pilot.pause()
        copied = app.clipboard
        assert copied.startswith("Wang said supply chains matter")
        assert "\u241b]52;c;" in copied
        assert_inert(copied)
        assert_inert(screen_text(app))


async def test_a_pasted_note_is_kept_as_written_and_shown_inert() -> None:
    app = DipreaderApp(["made"], loader=loader_of(hostile_meeting()))
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "j", "a")
        await pilot.pause()
        app.post_message(events.Paste(PAYLOAD))  # as a terminal's bracketed paste arrives
        await pilot.pause()
        dialog = app.screen
        assert getattr(dialog, "text", None) == PAYLOAD  # nothing the user wrote is changed
        assert_inert(screen_text(app))
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("a")  # the saved note, shown again for editing
        await pilot.pause()
        assert getattr(app.screen, "text", None) == PAYLOAD
        assert_inert(screen_text(app))
        await pilot.press("escape")
        await pilot.press("B")  # the notes list
        await pilot.pause()
        assert_inert(screen_text(app))


async def test_key_names_from_keymap_json_are_inert_in_the_footer_and_help() -> None:
    keymap = locations.config_dir() / "keymap.json"
    keymap.parent.mkdir(parents=True, exist_ok=True)
    keymap.write_text(json.dumps({"app.help": f"{KEY_PAYLOAD},f1"}), encoding="utf-8")
    app = DipreaderApp(["made"], loader=loader_of(hostile_meeting()))
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        # The help key, under its long hostile name: "More keys", since not every key fits.
        assert "More keys" in footer
        assert "\u241b]0;pwned" in footer
        assert_inert(screen_text(app))
        await pilot.press("f1")
        await pilot.pause()
        assert "\u241b]0;pwned" in screen_text(app)
        assert_inert(screen_text(app))


@pytest.fixture
def hostile_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / f"data{KEY_PAYLOAD}"
    monkeypatch.setenv("DIPREADER_DATA_DIR", str(folder))
    return folder


async def test_a_data_folder_path_in_a_toast_is_inert(hostile_data_dir: Path) -> None:
    app = DipreaderApp(["made"], loader=loader_of(hostile_meeting()))
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"where dipreader keeps")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("Notes:" in message for message in messages)
        shown = screen_text(app)
        assert "Notes:" in shown
        assert_inert(shown)
        for message in messages:
            assert_inert(message.replace("\n", ""))


async def test_a_toast_never_reads_its_text_as_markup() -> None:
    app = DipreaderApp(["made"], loader=loader_of(hostile_meeting()))
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(app, pilot)
        # A widget's notify asks for markup by default; a message may hold a path or a note.
        app.screen.notify(f"saved to /tmp/[bold]x[/bold]/[@click=app.quit]q[/] {PAYLOAD}")
        await pilot.pause()
        shown = screen_text(app)
        assert "/tmp/[bold]x[/bold]/[@click=app.quit]q[/]" in shown
        assert_inert(shown)


async def test_error_messages_and_problems_are_inert() -> None:
    def failing(paths: list[str]) -> Iterator[object]:
        yield HostileProblem(f"bad{KEY_PAYLOAD}.txt", f"unreadable{PAYLOAD}")
        raise RuntimeError(f"broken{PAYLOAD}")

    app = DipreaderApp(["made"], loader=failing)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "broken" in shown  # the "Loading stopped" toast
        assert_inert(shown)
        await pilot.press("P")
        await pilot.pause()
        shown = screen_text(app)
        assert "unreadable" in shown
        assert_inert(shown)


async def test_search_speaker_compare_and_trend_views_are_inert() -> None:
    first = hostile_meeting()
    second = make_meeting([("wang-yi", f"Wang said supply chains matter {PAYLOAD}.")])
    app = DipreaderApp(["made"], loader=loader_of(first, second))
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"supply")
        await pilot.pause(0.5)
        assert "supply" in screen_text(app)
        assert_inert(screen_text(app))
        await pilot.press("escape", "tab", "j")
        app.views.show_speaker("wang-yi")
        await pilot.pause()
        assert_inert(screen_text(app))
        await pilot.press("escape", "c", "J", "c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "paired" in screen_text(app)
        assert_inert(screen_text(app))
        await pilot.press("escape")
        await pilot.press("t", *"supply chains", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_inert(screen_text(app))


async def test_text_pasted_into_the_filter_and_the_search_field_is_inert() -> None:
    app = DipreaderApp(["made"], loader=loader_of(hostile_meeting()))
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f")
        app.post_message(events.Paste(f"Seoul{KEY_PAYLOAD}"))
        await pilot.pause()
        assert app.query_one("#filter", Input).value == f"Seoul{KEY_PAYLOAD}"  # kept as typed
        assert_inert(screen_text(app))
        await pilot.press("escape", "tab", "slash")
        await pilot.pause()
        app.post_message(events.Paste(f"supply{PAYLOAD}"))
        await pilot.pause(0.3)
        assert_inert(screen_text(app))
