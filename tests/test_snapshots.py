"""SVG snapshots of the reader at 60x20, 80x24 and 120x36 (pytest-textual-snapshot).

Update after a deliberate change with ``pytest tests/test_snapshots.py --snapshot-update`` and
look at the pictures before committing them. Stable by construction: the data folders are
private (conftest), the seeds are the input, cursors do not blink in headless runs, and every
picture is taken after loading and searching have finished.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from dipreader.core.settings import locations
from dipreader.ui.app import DipreaderApp
from ui_support import settled

SIZES = [(60, 20), (80, 24), (120, 36)]

Snap = Callable[..., bool]


def seeds_app() -> DipreaderApp:
    return DipreaderApp([str(locations.seeds_dir())])


async def _search_settled(pilot: Pilot[int]) -> None:
    await settled(pilot)
    await pilot.press("slash", *"one china principel")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _on_first_park_sentence(pilot: Pilot[int]) -> None:
    """The article focused, cursor on Park Jin's first statement, Wang Yi's last above it."""
    await settled(pilot)
    app = pilot.app
    assert isinstance(app, DipreaderApp)
    view = app.article
    assert view.meeting is not None
    first_park = next(i for i, s in enumerate(view.meeting.sentences) if s.speaker == "park-jin")
    await pilot.press("tab")
    view.move_to(first_park)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_start_screen(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(seeds_app(), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_article_with_both_speakers(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(seeds_app(), terminal_size=size, run_before=_on_first_park_sentence)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_with_results(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(seeds_app(), terminal_size=size, run_before=_search_settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(
        seeds_app(), terminal_size=size, run_before=settled, press=["tab", "question_mark"]
    )


async def _note_being_written(pilot: Pilot[int]) -> None:
    """A bookmark on Wang Yi's last statement; a note being written on Park Jin's first two."""
    await _on_first_park_sentence(pilot)
    await pilot.press("k", "b", "j", "v", "j", "a")
    await pilot.pause()
    await pilot.press(*"Park frames the ties as a partnership.")
    await pilot.pause()


async def _notes_listed(pilot: Pilot[int]) -> None:
    await _note_being_written(pilot)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("B")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_note_dialog(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(seeds_app(), terminal_size=size, run_before=_note_being_written)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_notes_list(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(seeds_app(), terminal_size=size, run_before=_notes_listed)
