"""Hostile and broken input through the loader and the CLI: what loads, what is reported,
and that no escape sequence or markup from a file reaches the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dipreader.core.corpus.corpus import load
from dipreader.core.corpus.walk import iter_files
from hostile import FORBIDDEN, MARKUP, Expect, make_hostile_folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Expect]]:
    root = tmp_path_factory.mktemp("hostile")
    return root, make_hostile_folder(root)


def _name(root: Path, path: str) -> str:
    return Path(path).relative_to(root).as_posix()


def test_loader_loads_the_loadable_and_gives_a_reason_for_the_rest(
    hostile: tuple[Path, list[Expect]],
) -> None:
    root, expect = hostile
    result = load([root], cache=False)
    loaded: dict[str, int] = {}
    for meeting in result.meetings:
        loaded[_name(root, meeting.path)] = loaded.get(_name(root, meeting.path), 0) + 1
    for item in expect:
        assert loaded.get(item.name, 0) == item.loads, item
        if item.reason:
            reasons = [p.reason for p in result.problems if _name(root, p.path) == item.name]
            assert any(item.reason in reason for reason in reasons), (item, reasons)
    # Every problem names a file of the folder, and nothing else is refused.
    refused = {_name(root, p.path) for p in result.errors}
    assert refused == {item.name for item in expect if item.loads == 0} | {"feed.jsonl"}


def test_crlf_bom_and_utf16_read_like_the_plain_file(hostile: tuple[Path, list[Expect]]) -> None:
    root, _ = hostile
    plain = load([root / "good-2022.txt"], cache=False).meetings[0]
    for name in ("crlf.txt", "utf8-bom.txt", "utf16.txt"):
        meeting = load([root / name], cache=False).meetings[0]
        sentences = [meeting.text[s.start : s.end].replace("\r\n", "\n") for s in meeting.sentences]
        assert sentences == [plain.text[s.start : s.end] for s in plain.sentences], name
        assert [s.kind for s in meeting.sentences] == [s.kind for s in plain.sentences], name
        assert not meeting.text.startswith("\ufeff")


def test_the_walk_is_bounded(hostile: tuple[Path, list[Expect]], tmp_path: Path) -> None:
    root, _ = hostile
    items = list(iter_files([root / "many"], max_files=50))
    assert items == []  # 100,000 files, none of them an article: nothing read
    for index in range(60):
        (tmp_path / f"{index}.txt").write_text("x")
    bounded = list(iter_files([tmp_path], max_files=50))
    assert sum(isinstance(item, str) for item in bounded) == 50
    assert "more than 50 files" in str(bounded[-1])


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "dipreader", *args],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )


def _assert_terminal_safe(data: bytes) -> None:
    text = data.decode("utf-8")
    for char in FORBIDDEN:
        if char in ("\t",):
            continue
        assert char not in text, repr(char)


def test_cli_list_on_the_hostile_folder(hostile: tuple[Path, list[Expect]]) -> None:
    root, expect = hostile
    result = _run("list", str(root))
    assert result.returncode == 0
    _assert_terminal_safe(result.stdout)
    _assert_terminal_safe(result.stderr)
    errors = [line for line in result.stderr.decode().splitlines() if ": error: " in line]
    refused = [item for item in expect if item.loads == 0]
    # One line per refused file, plus the three bad lines of the .jsonl file.
    assert len(errors) == len(refused) + 3
    listed = _run("list", "--json", str(root))
    meetings = json.loads(listed.stdout)
    assert len(meetings) == sum(item.loads for item in expect)


def test_cli_output_shows_markup_literally_and_escapes_nothing(
    hostile: tuple[Path, list[Expect]],
) -> None:
    root, _ = hostile
    attribute = _run("attribute", str(root / "hostile.txt"))
    assert attribute.returncode == 0
    _assert_terminal_safe(attribute.stdout)
    shown = attribute.stdout.decode()
    for markup in MARKUP:
        assert markup in shown
    search = _run("search", "matters", str(root / "hostile.txt"), "--limit", "20")
    assert search.returncode == 0
    _assert_terminal_safe(search.stdout)
    for markup in MARKUP:
        assert markup in search.stdout.decode()
