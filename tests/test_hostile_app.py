"""The reader on the hostile folder: what loads, what is reported, and that no escape
sequence or markup from a file or file name is ever acted on or reaches the terminal."""

from __future__ import annotations

import base64
import json
import os
import pty
import re
import select
import subprocess
import sys
import threading
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


def _run_in_a_terminal(
    args: list[str], env: dict[str, str], keys: list[bytes], first_wait: float = 6.0
) -> tuple[int | None, bytes]:
    """Run the reader on a pseudo-terminal, type ``keys``; its exit status and every byte."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    process = subprocess.Popen(
        [sys.executable, "-m", "dipreader", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "36", **env},
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
        drain(first_wait)
        for key in keys:
            os.write(leader, key)
            drain(1.0)
        drain(1.0)
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return process.returncode, bytes(output)


def _assert_no_sequence(raw: bytes) -> None:
    # The payloads may show as text, but never behind the introducer a terminal acts on.
    for escape in ESCAPES[:4]:
        introducer = escape.encode()[: escape.index(";") + 2]
        assert introducer not in raw, introducer
    assert "\u009b2J".encode() not in raw  # C1 CSI, as UTF-8
    assert "\u009d0;".encode() not in raw  # C1 OSC, as UTF-8
    assert "\u202e".encode() not in raw  # a bidi override


@pytest.mark.skipif(sys.platform != "linux", reason="needs a Linux pseudo-terminal")
def test_no_injected_sequence_reaches_a_real_terminal(tmp_path: Path) -> None:
    make_hostile_folder(tmp_path / "hostile", many=10)
    env = {
        "DIPREADER_DATA_DIR": str(tmp_path / "data"),
        "DIPREADER_CACHE_DIR": str(tmp_path / "cache"),
        "DIPREADER_CONFIG_DIR": str(tmp_path / "config"),
    }
    code, raw = _run_in_a_terminal([str(tmp_path / "hostile")], env, [b"j", b"q"])
    assert code == 0
    assert b"Seoul" in raw  # the hostile meeting (the newest) was drawn
    _assert_no_sequence(raw)


@pytest.mark.skipif(sys.platform != "linux", reason="needs a Linux pseudo-terminal")
def test_no_sequence_from_a_key_name_a_path_or_a_copy_reaches_a_real_terminal(
    tmp_path: Path,
) -> None:
    """A keymap.json in the old place (the data folder) whose keys and folder name hold
    escape sequences: the start's toast names that folder, the footer shows the keys; then a
    sentence holding them is copied with y (the clipboard write is base64, its text inert)."""
    make_hostile_folder(tmp_path / "hostile", many=10)
    data = tmp_path / ("data" + ESCAPES[0] + ESCAPES[5] + "\u202e")
    data.mkdir()
    key = ESCAPES[0] + ESCAPES[5] + "\u202e"
    (data / "keymap.json").write_text(json.dumps({"app.help": f"{key},f1"}), encoding="utf-8")
    env = {
        "DIPREADER_DATA_DIR": str(data),
        "DIPREADER_CACHE_DIR": str(tmp_path / "cache"),
        "DIPREADER_CONFIG_DIR": str(tmp_path / "config"),
    }
    code, raw = _run_in_a_terminal([str(tmp_path / "hostile")], env, [b"\t", b"j", b"y", b"q"])
    assert code == 0
    assert b"keymap.json now lives in" in raw.replace(b"\x1b", b"")  # the toast
    assert "\u241b]0;pwned".encode() in raw  # the key's name, made visible
    # y's own clipboard write is the one OSC 52 allowed; what it copies holds no sequence.
    copy = rb"\x1b]52;c;([A-Za-z0-9+/=]*)\x07"
    copied = [base64.b64decode(found) for found in re.findall(copy, raw)]
    assert copied
    assert copied[-1].startswith(b"Wang said")
    for text in copied:
        _assert_no_sequence(text)
    _assert_no_sequence(re.sub(copy, b"", raw))


def slow_article(names: int = 6_000) -> str:
    """An article naming thousands of people in one sentence: reading it takes the reading
    code many seconds (20 s for 6,000 names here)."""
    people = " ".join(
        f"Foreign Minister Abc{chr(65 + i % 26)}{i} of Country{i}" for i in range(names)
    )
    return f" date 2024-03-01 Seoul - {people} said ok."


@pytest.mark.skipif(sys.platform != "linux", reason="needs a Linux pseudo-terminal")
def test_ctrl_q_quits_at_once_while_a_hostile_folder_is_being_read(tmp_path: Path) -> None:
    """The reader is quit while it reads a file that takes it many seconds: the process ends
    promptly (it used to wait for that file). The bound is generous; bench/ui.py has figures."""
    make_hostile_folder(tmp_path / "hostile", many=10)
    (tmp_path / "hostile" / "slow.txt").write_text(slow_article(), encoding="utf-8")
    env = {
        "DIPREADER_DATA_DIR": str(tmp_path / "data"),
        "DIPREADER_CACHE_DIR": str(tmp_path / "cache"),
        "DIPREADER_CONFIG_DIR": str(tmp_path / "config"),
    }
    seconds = _seconds_to_quit([str(tmp_path / "hostile")], env, after=4.0)
    assert seconds < 2.0, seconds


def _seconds_to_quit(args: list[str], env: dict[str, str], after: float) -> float:
    """Start the reader on a pseudo-terminal, press ctrl+q after ``after`` seconds; how long
    the process then took to end."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "dipreader", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "36", **env},
        close_fds=True,
    )
    os.close(follower)
    stop = threading.Event()

    def drain() -> None:  # a terminal keeps reading what the app writes
        while not stop.is_set():
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                try:
                    os.read(leader, 65536)
                except OSError:
                    return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        time.sleep(after)
        assert process.poll() is None, "the reader ended before it was asked to"
        os.write(leader, b"\x11")  # ctrl+q
        pressed = time.monotonic()
        process.wait(timeout=60)
        return time.monotonic() - pressed
    finally:
        stop.set()
        if process.poll() is None:
            process.kill()
        reader.join(timeout=2)
        os.close(leader)
