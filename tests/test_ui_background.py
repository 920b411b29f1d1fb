"""Long work runs off the interface thread: while two meetings are compared the screen says
so and its keys answer; quitting does not wait for a reading or a comparison to end."""

from __future__ import annotations

import threading
import time

import pytest

from dipreader.core.analysis import compare as compare_module
from dipreader.core.analysis.compare import Comparison
from dipreader.core.model import Meeting
from dipreader.ui.app import DipreaderApp
from dipreader.ui.screens import compare_screen
from dipreader.ui.screens.compare_screen import CompareScreen
from test_ui_surfaces import screen_text
from ui_support import loader_of, make_meeting, settle

CONVERSATION = [
    ("narration", "Wang Yi met Park Jin in Testville on Monday."),
    ("wang-yi", "Wang said supply chains must stay open."),
    ("park-jin", "Park said Seoul agrees on supply chains."),
]


def two_meetings() -> tuple[Meeting, Meeting]:
    first = make_meeting(CONVERSATION, path="one.txt")
    second = make_meeting(CONVERSATION, path="two.txt")
    return first, second


async def test_comparing_says_so_and_the_keys_answer_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()
    real = compare_module.compare

    def slow(left: Meeting, right: Meeting) -> Comparison:
        release.wait(30)  # a comparison that takes as long as the test wants
        return real(left, right)

    monkeypatch.setattr(compare_screen, "compare", slow)
    app = DipreaderApp(["made"], loader=loader_of(*two_meetings()))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("c", "j", "c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert "comparing…" in screen_text(app)
        started = time.monotonic()
        await pilot.press("h", "l", "j")  # answered while the comparison runs
        assert time.monotonic() - started < 2.0
        assert screen.side == "right"
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen_text(app)
        assert "comparing…" not in shown
        assert "paired (=)" in shown
        assert screen.rows


async def test_escape_leaves_a_comparison_that_is_still_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()
    real = compare_module.compare

    def slow(left: Meeting, right: Meeting) -> Comparison:
        release.wait(30)
        return real(left, right)

    monkeypatch.setattr(compare_screen, "compare", slow)
    app = DipreaderApp(["made"], loader=loader_of(*two_meetings()))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("c", "j", "c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        release.set()  # its result arrives for a screen that is gone: nothing happens
        await pilot.pause(0.2)
        assert app.is_running


async def test_a_partial_comparison_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    real = compare_module.compare

    def limited(left: Meeting, right: Meeting) -> Comparison:
        result = real(left, right)
        result.limited = True
        return result

    monkeypatch.setattr(compare_screen, "compare", limited)
    app = DipreaderApp(["made"], loader=loader_of(*two_meetings()))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("c", "j", "c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Partial:" in screen_text(app)
