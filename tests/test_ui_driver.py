"""The terminal is given back before Textual's input thread is waited for (issue 17: ``ctrl+q``
within 0.2 s; that thread alone took 0.2 s to stop)."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver

from dipreader.ui.app import DipreaderApp, run_app
from dipreader.ui.driver import PromptFirstDriver, prompt_first

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Textual's Linux driver")


@pytest.fixture
def keep_signals() -> Iterator[None]:
    """The driver sets SIGTSTP and SIGCONT handlers when made: put back the test run's own."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGTSTP, signal.SIGCONT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def stop_events(driver_class: type[LinuxDriver]) -> list[str]:
    """What a driver of ``driver_class`` writes, and when it waits for input to stop."""
    events: list[str] = []

    class Recording(driver_class):  # type: ignore[valid-type,misc]
        def write(self, data: str) -> None:
            events.append(data)

        def flush(self) -> None:
            pass

        def disable_input(self) -> None:
            events.append("<input stopped>")

    async def stop() -> None:
        driver: Any = Recording(App(), mouse=True)  # a driver is made inside an event loop
        driver.stop_application_mode()

    asyncio.run(stop())
    return events


@pytest.mark.usefixtures("keep_signals")
def test_the_screen_comes_back_before_input_is_waited_for() -> None:
    events = stop_events(PromptFirstDriver)
    back = events.index("\x1b[?1049l")
    assert back < events.index("<input stopped>")
    # Mouse reports off, the cursor shown and the Kitty keyboard mode popped before that too.
    assert events.index("\x1b[?1000l") < back
    assert (
        events.index("\x1b[<u") < back < events.index("\x1b[?25h") < events.index("<input stopped>")
    )
    assert events.count("\x1b[<u") == 1  # popped once: a second pop would be the shell's


@pytest.mark.usefixtures("keep_signals")
def test_textuals_own_driver_waits_first() -> None:
    """Why the driver exists: if Textual changes this order, the subclass can go."""
    events = stop_events(LinuxDriver)
    assert events.index("<input stopped>") < events.index("\x1b[?1049l")


def test_the_reader_runs_on_it_in_place_of_textuals_linux_driver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert prompt_first(LinuxDriver) is PromptFirstDriver
    other = type("Other", (LinuxDriver,), {})
    assert prompt_first(other) is other  # a driver chosen by TEXTUAL_DRIVER stays
    used: list[type[Any]] = []

    def run(self: DipreaderApp, *args: object, **kwargs: object) -> int:
        used.append(self.driver_class)
        return 0

    monkeypatch.setattr(DipreaderApp, "get_driver_class", lambda self: LinuxDriver)
    monkeypatch.setattr(DipreaderApp, "run", run)
    assert run_app(None) == 0
    assert used == [PromptFirstDriver]
