"""The small state kept between runs: read tolerantly, written atomically."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from dipreader.core.settings import locations
from dipreader.core.settings.state import load_state, save_state, update_state


def test_missing_state_reads_as_empty() -> None:
    assert load_state() == {}


def test_state_round_trips_in_the_data_folder() -> None:
    assert save_state({"last_path": "seeds/000.txt", "last_sentence": 7, "note": "ünïcode"})
    assert load_state() == {"last_path": "seeds/000.txt", "last_sentence": 7, "note": "ünïcode"}
    path = locations.state_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temporary left


def test_update_keeps_other_keys(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    save_state({"last_path": "a.txt", "theme": "dark"}, target)
    assert update_state(target, last_path="b.txt", last_sentence=2)
    assert load_state(target) == {"last_path": "b.txt", "theme": "dark", "last_sentence": 2}


def test_damaged_state_reads_as_empty_and_is_replaced_on_save(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    for junk in (b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b""):
        target.write_bytes(junk)
        assert load_state(target) == {}
    assert save_state({"last_sentence": 1}, target)
    assert json.loads(target.read_text()) == {"last_sentence": 1}


def test_unsaveable_state_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    assert save_state({"a": 1}, blocker / "state.json") is False
    assert save_state({"a": object()}, tmp_path / "state.json") is False
    assert not (tmp_path / "state.json").exists()


def test_a_failed_save_keeps_the_old_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "state.json"
    save_state({"last_path": "old.txt"}, target)

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    assert save_state({"last_path": "new.txt"}, target) is False
    monkeypatch.undo()
    assert load_state(target) == {"last_path": "old.txt"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]
