"""The reader on the hostile folder: what loads, what is reported, and that no escape
sequence or markup from a file or file name is ever acted on or reaches the terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dipreader.ui.app import DipreaderApp
from hostile import ESCAPES, FORBIDDEN, MARKUP, make_hostile_folder
from ui_support import settle


def _screen_text(app: DipreaderApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def test_app_shows_hostile_text_literally_and_lists_every_problem(tmp_path: Path) -> None:
    expect = make_hostile_folder(tmp_path / "hostile", many=500)
    app = DipreaderApp([str(tmp_path / "hostile")])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        assert len(app.meetings) == sum(item.loads for item in expect)
        # The newest meeting is the hostile one: its markup shows as text, nothing is run.
        screen = _screen_text(app)
        for markup in MARKUP[:3]:
            assert markup in screen
        for char in FORBIDDEN:
            assert char not in screen, repr(char)
        assert "\u241b" in screen  # ESC shown as a visible placeholder
        assert app.is_running
        assert app.title == "dipreader"
        # Every refused file is listed on the problems screen, names made safe.
        await pilot.press("P")
        await pilot.pause()
        listing = _screen_text(app)
        for item in expect:
            if item.loads == 0:
                assert item.name.split("/")[-1][:8] in listing, item
        for char in FORBIDDEN:
            assert char not in listing, repr(char)


@pytest.mark.skipif(sys.platform != "linux", reason="needs a Linux pseudo-terminal")
def test_no_injected_sequence_reaches_a_real_terminal(tmp_path: Path) -> None:
    make_hostile_folder(tmp_path / "hostile", many=10)
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "36",
        "DIPREADER_DATA_DIR": str(tmp_path / "data"),
        "DIPREADER_CACHE_DIR": str(tmp_path / "cache"),
    }
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    process = subprocess.Popen(
        [sys.executable, "-m", "dipreader", str(tmp_path / "hostile")],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    output = bytearray()

    def drain(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    output.extend(os.read(leader, 65536))
                except OSError:
                    return

    try:
        drain(6.0)
        os.write(leader, b"j")
        drain(1.0)
        os.write(leader, b"q")
        drain(2.0)
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    assert process.returncode == 0
    raw = bytes(output)
    assert b"Seoul" in raw  # the hostile meeting (the newest) was drawn
    # The payloads may show as text, but never behind the introducer a terminal acts on.
    for escape in ESCAPES[:4]:
        introducer = escape.encode()[: escape.index(";") + 2]
        assert introducer not in raw, introducer
    assert "\u009b2J".encode() not in raw  # C1 CSI, as UTF-8
    assert "\u009d0;".encode() not in raw  # C1 OSC, as UTF-8
