"""The file of notes that could not be saved (issue 17): kept, read back, forgotten once saved,
and never rewritten when it cannot be read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dipreader.core.notes import recovery
from dipreader.core.notes.anchor import Anchor
from dipreader.core.notes.annotation import Context
from dipreader.core.notes.recovery import Draft

ANCHOR = Anchor("talk.txt", "hash", "Wang said the ties matter.", "before ", " after", 10, 36)


def draft(text: str) -> Draft:
    return Draft(text, ANCHOR, Context("2024-01-02", "A meeting", "Wang Yi"), "disk is full")


def test_drafts_are_kept_read_back_and_forgotten() -> None:
    first, second = draft("first \ud800 thought"), draft("second")
    path = recovery.keep(first)
    assert path == recovery.recovery_path()
    recovery.keep(second)
    recovery.keep(second)  # kept again (a second failed save): replaced, not doubled
    kept = recovery.read()
    assert kept.problem is None
    assert kept.drafts == [first, second]  # every field back, a lone surrogate too
    recovery.forget({first.id})
    assert recovery.read().drafts == [second]
    recovery.forget({second.id})
    assert not path.exists()
    assert recovery.read().drafts == []


def test_a_file_that_cannot_be_read_is_said_and_never_overwritten() -> None:
    path = recovery.recovery_path()
    path.parent.mkdir(parents=True)
    path.write_text("{ not json")
    kept = recovery.read()
    assert kept.drafts == []
    assert kept.problem is not None
    assert str(path) in kept.problem
    with pytest.raises(OSError, match="not a file of unsaved notes"):
        recovery.keep(draft("new"))
    assert path.read_text() == "{ not json"


def test_entries_that_cannot_be_read_are_said_and_left_in_the_file() -> None:
    good = draft("good")
    path = recovery.keep(good)
    document = json.loads(path.read_text())
    document["drafts"].append({"id": "odd", "text": 5})
    path.write_text(json.dumps(document))
    kept = recovery.read()
    assert kept.drafts == [good]
    assert kept.problem is not None
    assert "1 of the entries" in kept.problem
    recovery.forget({good.id})
    assert json.loads(path.read_text())["drafts"] == [{"id": "odd", "text": 5}]


def test_a_link_or_a_fifo_in_its_place_is_not_followed(tmp_path: Path) -> None:
    path = recovery.recovery_path()
    path.parent.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps({"format": recovery.FORMAT, "drafts": []}))
    path.symlink_to(elsewhere)
    assert recovery.read().problem is not None
    with pytest.raises(OSError, match="symbolic link"):
        recovery.keep(draft("x"))
    assert json.loads(elsewhere.read_text())["drafts"] == []
    path.unlink()
    os.mkfifo(path)
    assert recovery.read().problem is not None  # at once, not blocked on the FIFO
