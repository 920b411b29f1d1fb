"""SVG snapshots of the analyst views at 120x36 (pytest-textual-snapshot).

Update after a deliberate change with
``pytest tests/test_snapshots_views.py --snapshot-update`` and look at the pictures first.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from dipreader.core.settings import locations
from dipreader.ui.app import DipreaderApp
from dipreader.ui.screens.compare_screen import CompareScreen
from ui_support import settled

SIZE = (120, 36)

Snap = Callable[..., bool]


def seeds_app() -> DipreaderApp:
    return DipreaderApp([str(locations.seeds_dir())], restore=False)


async def _speaker(pilot: Pilot[int]) -> None:
    await settled(pilot)
    await pilot.press("s", *"park", "enter")
    await pilot.pause()


async def _compare(pilot: Pilot[int]) -> None:
    await settled(pilot)
    await pilot.press("c", "j", "c")
    await pilot.app.workers.wait_for_complete()  # compared off the interface thread
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    for _ in range(len(screen.rows)):  # down to the 2023-only Taiwan remark
        await pilot.press("n")
        right = screen.rows[screen.row or 0][1]
        if right is not None and "Taiwan question" in screen.right.sentence_text(right):
            break
    await pilot.pause()


async def _trend(pilot: Pilot[int]) -> None:
    await settled(pilot)
    await pilot.press("t", *"one-China principle", "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_speaker_view(snap_compare: Snap) -> None:
    assert snap_compare(seeds_app(), terminal_size=SIZE, run_before=_speaker)


def test_compare_view(snap_compare: Snap) -> None:
    assert snap_compare(seeds_app(), terminal_size=SIZE, run_before=_compare)


def test_trend_view(snap_compare: Snap) -> None:
    assert snap_compare(seeds_app(), terminal_size=SIZE, run_before=_trend)
