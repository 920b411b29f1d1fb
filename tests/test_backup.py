"""``dipreader backup FILE`` (issue 17): every note in one file, made with SQLite's backup API,
while a reader may be writing; never onto the store, a link, a non-regular file, or a file
that is not an earlier backup (unless ``--force``)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from dipreader.cli.commands import main
from dipreader.core.model import Meeting
from dipreader.core.notes.store import Store
from dipreader.core.settings import locations

TEXT = "Wang Yi met Park Jin. They talked about trade. Both sides agreed to meet again."
ARTICLE = Meeting(path="talk.txt", text=TEXT)


def add_notes(store: Store, count: int) -> None:
    for n in range(count):
        store.add_note(ARTICLE, 0, 21, f"note {n}")


def notes_in(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return sorted(str(row[0]) for row in conn.execute("SELECT note FROM annotation"))


def test_a_backup_holds_every_note_while_a_reader_still_has_them_in_its_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes-backup.sqlite3"
    with Store() as reader:  # a reader open: its recent notes are in notes.sqlite3-wal
        add_notes(reader, 4)
        assert main(["backup", str(target)]) == 0
    assert "backed up 4 bookmarks and notes" in capsys.readouterr().err
    assert notes_in(target) == [f"note {n}" for n in range(4)]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # one file, no log
    with Store(target) as copy:  # and it opens as a store
        assert copy.notice is None
        assert copy.count() == 4


def test_an_earlier_backup_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "backup.sqlite3"
    with Store() as reader:
        add_notes(reader, 1)
        assert main(["backup", str(target)]) == 0
        add_notes(reader, 2)
        assert main(["backup", str(target)]) == 0
    assert len(notes_in(target)) == 3


def test_the_store_itself_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with Store() as reader:
        add_notes(reader, 2)
    store = locations.store_path()
    before = store.read_bytes()
    for target in (
        store,
        Path(f"{store}-wal"),
        store.parent / ".." / store.parent.name / store.name,
    ):
        assert main(["backup", str(target)]) == 1
        assert "is the notes store itself" in capsys.readouterr().err
    assert store.read_bytes() == before
    assert len(notes_in(store)) == 2


def test_a_file_that_is_not_a_backup_needs_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store() as reader:
        add_notes(reader, 1)
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear minister,")
    assert main(["backup", str(letter)]) == 1
    assert "not a dipreader notes backup" in capsys.readouterr().err
    assert letter.read_text() == "Dear minister,"
    assert main(["backup", "--force", str(letter)]) == 0
    assert notes_in(letter) == ["note 0"]


def test_links_and_non_regular_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store() as reader:
        add_notes(reader, 1)
    earlier = tmp_path / "earlier.sqlite3"
    assert main(["backup", str(earlier)]) == 0
    link = tmp_path / "link.sqlite3"
    link.symlink_to(earlier)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target, why in ((link, "symbolic link"), (fifo, "not a regular file")):
        assert main(["backup", "--force", str(target)]) == 1
        assert why in capsys.readouterr().err
    assert link.is_symlink()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_no_store_yet_and_a_missing_folder_are_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", str(tmp_path / "b.sqlite3")]) == 1
    assert "no notes yet" in capsys.readouterr().err
    Store().close()
    assert main(["backup", str(tmp_path / "missing" / "b.sqlite3")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_a_store_behind_a_link_is_not_backed_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere.sqlite3"
    with Store(elsewhere) as other:
        add_notes(other, 1)
    store = locations.store_path()
    store.parent.mkdir(parents=True, exist_ok=True)
    store.symlink_to(elsewhere)
    assert main(["backup", str(tmp_path / "b.sqlite3")]) == 1
    assert "symbolic link" in capsys.readouterr().err
    assert not (tmp_path / "b.sqlite3").exists()


def test_export_with_a_row_of_an_unknown_kind_says_so_without_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with Store() as reader:
        add_notes(reader, 2)
    with sqlite3.connect(locations.store_path()) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("UPDATE annotation SET kind = 'highlight' WHERE note = 'note 1'")
    assert main(["export", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "could not be shown" in captured.err
    assert "highlight" in captured.err
    assert "Traceback" not in captured.err
    assert "note 0" in captured.out
    assert "note 1" not in captured.out
