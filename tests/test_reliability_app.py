"""Issue 17 in the reader: a named pipe or a link to /dev/zero in place of the state, the keymap
or the article cache gives a message and a working reader within 5 s, and ctrl+q still quits.

Before, a pipe there left the screen blank and deaf to ctrl+q, and /dev/zero ate memory.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from dipreader.core.corpus.cache_file import CacheFile
from dipreader.core.reading.readout import reader_fingerprint
from dipreader.core.settings import cache_folder, locations
from dipreader.ui.app import DipreaderApp
from dipreader.ui.controllers.keymap import keymap_path
from hostile import HOSTILE_FILE_KINDS, LONE_SURROGATE, deep_json, plant, surrogate_jsonl
from ui_support import settle

SEEDS = [str(locations.seeds_dir())]
REFUSED_WORDS = {"fifo": "named pipe", "zero": "device", "link-to-fifo": "named pipe"}


def _screen_text(app: DipreaderApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def _cache_file() -> Path:
    cache_folder.prepare(locations.cache_dir())  # the marked folder: the file in it is read
    return CacheFile(locations.cache_dir(), reader_fingerprint()).path


PLACES = {
    "state": locations.state_path,
    "keymap": keymap_path,
    "cache": _cache_file,
}


async def _start_and_quit(place: str, kind: str) -> list[str]:
    """Plant ``kind`` in ``place``, start the reader on the seeds, check it works and quits;
    the messages it showed."""
    path = PLACES[place]()
    plant(path, kind)
    started = time.monotonic()
    app = DipreaderApp(SEEDS)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert time.monotonic() - started < 5
        screen = _screen_text(app)
        assert "2023-07-15" in screen  # both seeds listed
        assert "2022-07-08" in screen
        assert "Wang Yi" in screen  # and one shown
        await pilot.press("j")  # the reader answers keys
        messages = [str(n.message) for n in app._notifications]
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == 0
    assert time.monotonic() - started < 5
    return messages


@pytest.mark.parametrize("kind", HOSTILE_FILE_KINDS)
@pytest.mark.parametrize("place", sorted(PLACES))
async def test_a_pipe_or_device_in_place_of_an_own_file_leaves_a_working_reader(
    place: str, kind: str
) -> None:
    messages = await asyncio.wait_for(_start_and_quit(place, kind), timeout=30)
    if place == "keymap":
        assert any("keymap.json" in m and REFUSED_WORDS[kind] in m for m in messages), messages
    if place == "cache":
        assert any("load problems" in m for m in messages), messages


@pytest.mark.parametrize(
    "content",
    [
        deep_json(1000),
        json.dumps({"last_path": f"{SEEDS[0]}/x{LONE_SURROGATE}.txt", "last_sentence": 1}),
        json.dumps({"last_path": SEEDS[0], "last_quote": LONE_SURROGATE, "last_sentence": 1}),
        json.dumps({"last_path": [], "last_line": "x", "last_sentence": -3, "last_quote": 4}),
        json.dumps({"theme": f"dark{LONE_SURROGATE}", "last_sentence": 0}),
    ],
    ids=[
        "1000 deep",
        "surrogate in the path",
        "surrogate in the quote",
        "wrong types",
        "surrogate in a key the reader does not know",
    ],
)
async def test_a_damaged_state_never_stops_the_start(content: str) -> None:
    path = locations.state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    app = DipreaderApp(SEEDS)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert "Wang Yi" in _screen_text(app)
        # The reader says what was wrong, naming the file.
        said = [str(n.message) for n in app._notifications]
        assert any("state.json" in message for message in said), said
        await pilot.press("j")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == 0
    # What the reader saved on the way out is sound JSON, without the bad values.
    saved = path.read_text(encoding="utf-8")
    assert "\\ud800" not in saved
    assert isinstance(json.loads(saved), dict)


async def test_the_reader_shows_a_jsonl_with_surrogates_in_every_field(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    data, count = surrogate_jsonl()
    (folder / "evil.jsonl").write_bytes(data)
    app = DipreaderApp([str(folder)])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = _screen_text(app)
        assert "\ufffd" in screen
        assert f"{count} meetings" in screen
        for _ in range(count):
            await pilot.press("down")  # each article shown in turn
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == 0
