"""Search history: kept in the data folder across sessions, bounded, never written over when
it cannot be read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dipreader.core.search.history import HISTORY_FILE, MAX_ENTRIES, SearchHistory, history_path


def test_kept_across_sessions_newest_last_once_each() -> None:
    first = SearchHistory()
    assert first.path == history_path()
    assert first.path.parent == Path(os.environ["DIPREADER_DATA_DIR"])
    assert first.entries == []
    for query in ("one china", "@park supply chain", "one china", "  "):
        first.add(query)
    assert first.entries == ["@park supply chain", "one china"]
    assert SearchHistory().entries == ["@park supply chain", "one china"]
    assert first.path.name == HISTORY_FILE
    assert oct(first.path.stat().st_mode & 0o777) == oct(0o600)


def test_bounded_to_the_newest(tmp_path: Path) -> None:
    history = SearchHistory(tmp_path / HISTORY_FILE)
    for number in range(MAX_ENTRIES + 30):
        history.add(f"query {number}")
    stored = json.loads((tmp_path / HISTORY_FILE).read_text(encoding="utf-8"))["queries"]
    assert len(stored) == len(history.entries) == MAX_ENTRIES
    again = SearchHistory(tmp_path / HISTORY_FILE)
    assert len(again.entries) == MAX_ENTRIES
    assert again.entries[0] == "query 30"
    assert again.entries[-1] == f"query {MAX_ENTRIES + 29}"
    history.add("x" * 10_000 + "\nmore")
    assert len(SearchHistory(tmp_path / HISTORY_FILE).entries[-1]) == 400


@pytest.mark.parametrize("content", [b"{not json", b'["a list"]', b'{"queries": 3}', b"\xff\xfe"])
def test_a_damaged_file_is_moved_aside_not_written_over(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / HISTORY_FILE
    path.write_bytes(content)
    history = SearchHistory(path)
    assert history.entries == []
    assert history.problem is not None
    assert str(path) in history.problem
    assert "moved aside" in history.problem
    assert (tmp_path / f"{HISTORY_FILE}.damaged").read_bytes() == content
    assert history.add("one china")
    assert json.loads(path.read_text(encoding="utf-8")) == {"queries": ["one china"]}


def test_something_else_in_its_place_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / HISTORY_FILE
    path.mkdir()  # a folder where the file should be
    history = SearchHistory(path)
    assert history.problem is not None
    assert str(path) in history.problem
    assert not history.add("one china")
    assert path.is_dir()
    assert history.entries == ["one china"]  # this session still has it


def test_unreadable_entries_are_left_out_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / HISTORY_FILE
    path.write_text(json.dumps({"queries": ["good", 3, None, "", "also good"]}), encoding="utf-8")
    assert SearchHistory(path).entries == ["good", "also good"]
