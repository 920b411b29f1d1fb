"""``export -o FILE`` (issue 17): atomic and 0600, never onto the store, never through a link,
never over a file that is not a previous export without ``--force``; and every CSV column
neutralised."""

from __future__ import annotations

import csv
import errno
import io
import os
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dipreader.core.model import Kind, Meeting, Sentence, Speaker
from dipreader.core.notes import export
from dipreader.core.notes.annotation import resolve_items
from dipreader.core.notes.export_file import (
    EXPORT_MARKERS,
    ExportRefused,
    is_previous_export,
    write_export,
)
from dipreader.core.notes.store import Store
from dipreader.core.settings import locations
from dipreader.core.text import safe

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def run_export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dipreader", "export", str(SEEDS), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=dict(os.environ),
    )


@pytest.fixture
def store_with_a_note() -> Path:
    """The user's store (in the test's data folder) holding one note on a seed article."""
    from dipreader.core.corpus.corpus import load

    meeting = load([SEEDS], cache=False).meetings[0]
    first = meeting.sentences[0]
    path = locations.store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(path) as store:
        store.add_note(meeting, first.start, first.end, "a note that must survive")
    return path


def _notes_in(path: Path) -> list[str]:
    with Store(path) as store:
        return [annotation.note for annotation in store.all()]


# -- where an export may be written -------------------------------------------------------


def test_an_export_is_atomic_0600_and_replaces_a_previous_export(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    write_export(target, "# dipreader notes\n\nfirst\n", store=tmp_path / "store")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    write_export(target, "# dipreader notes\n\nsecond\n", store=tmp_path / "store")
    assert target.read_text() == "# dipreader notes\n\nsecond\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]  # no temporary left


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_every_format_is_recognised_as_a_previous_export(fmt: str) -> None:
    text = export.render(fmt, [], generated=WHEN)
    assert text.encode().startswith(EXPORT_MARKERS[fmt])
    assert is_previous_export(text.encode())
    assert not is_previous_export(b"my own notes\n")
    assert not is_previous_export(b"")


def test_a_file_that_is_not_an_export_is_kept_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "thesis.md"
    target.write_text("my thesis")
    with pytest.raises(ExportRefused, match="not a dipreader export; give --force"):
        write_export(target, "# dipreader notes\n", store=tmp_path / "store")
    assert target.read_text() == "my thesis"
    write_export(target, "# dipreader notes\n", force=True, store=tmp_path / "store")
    assert target.read_text() == "# dipreader notes\n"


def test_a_full_disk_leaves_the_old_export_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes.md"
    old = "# dipreader notes\n\nthe old export\n"
    target.write_text(old)
    real_fdopen = os.fdopen

    class FullDisk(io.RawIOBase):
        """Takes a few bytes, then the disk is full."""

        def __init__(self, stream: Any) -> None:
            self.stream = stream

        def write(self, data: Any) -> int:
            self.stream.write(bytes(data)[:10])
            raise OSError(errno.ENOSPC, "No space left on device")

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

    def fdopen(descriptor: int, *args: Any, **kwargs: Any) -> Any:
        return FullDisk(real_fdopen(descriptor, *args, **kwargs))

    monkeypatch.setattr(os, "fdopen", fdopen)  # what files.write_atomically writes through
    with pytest.raises(OSError, match="No space left"):
        write_export(target, "# dipreader notes\n\nthe new one\n", store=tmp_path / "s")
    monkeypatch.undo()
    assert target.read_text() == old
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]


def test_an_export_through_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "previous.md"
    real.write_text("# dipreader notes\n")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    for force in (False, True):
        with pytest.raises(ExportRefused, match="symbolic link"):
            write_export(link, "# dipreader notes\nnew\n", force=force, store=tmp_path / "s")
    assert link.is_symlink()
    assert real.read_text() == "# dipreader notes\n"


def test_an_export_onto_a_pipe_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    started = time.monotonic()
    with pytest.raises(ExportRefused, match="not a regular file"):
        write_export(pipe, "# dipreader notes\n", force=True, store=tmp_path / "s")
    assert time.monotonic() - started < 5
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_the_store_is_never_written_over_however_it_is_named(
    tmp_path: Path, store_with_a_note: Path
) -> None:
    store = store_with_a_note
    before = store.read_bytes()
    hard = tmp_path / "hard.sqlite3"
    os.link(store, hard)
    soft = tmp_path / "soft.md"
    soft.symlink_to(store)
    spelled = store.parent / ".." / store.parent.name / store.name
    wal = store.with_name(store.name + "-wal")
    for target in (store, hard, soft, spelled, wal):
        for force in (False, True):
            with pytest.raises(ExportRefused, match="notes store"):
                write_export(target, "# dipreader notes\n", force=force)
    assert store.read_bytes() == before
    assert hard.read_bytes() == before
    assert _notes_in(store) == ["a note that must survive"]


def test_the_command_refuses_the_store_and_keeps_it(store_with_a_note: Path) -> None:
    store = store_with_a_note
    result = run_export("-o", str(store), "--force")
    assert result.returncode == 1
    assert "is the notes store; nothing written" in result.stderr
    assert "Traceback" not in result.stderr
    assert _notes_in(store) == ["a note that must survive"]


def test_the_command_writes_0600_refuses_a_stranger_and_replaces_with_force(
    tmp_path: Path, store_with_a_note: Path
) -> None:
    target = tmp_path / "out.csv"
    first = run_export("--format", "csv", "-o", str(target))
    assert first.returncode == 0, first.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "a note that must survive" in target.read_text()
    again = run_export("--format", "json", "-o", str(target))  # a previous export: replaced
    assert again.returncode == 0, again.stderr
    assert target.read_text().startswith(export.JSON_MARKER)
    mine = tmp_path / "mine.txt"
    mine.write_text("the user's own file")
    refused = run_export("-o", str(mine))
    assert refused.returncode == 1
    assert "not a dipreader export; give --force" in refused.stderr
    assert mine.read_text() == "the user's own file"
    forced = run_export("-o", str(mine), "--force")
    assert forced.returncode == 0, forced.stderr
    assert mine.read_text().startswith("# dipreader notes\n")


# -- CSV: every column neutralised ---------------------------------------------------------

FORMULAS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "  @SUM(A1)",
    "\n=1+1",
    "\u3000=1+1",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
    "=cmd|' /C calc'!A0",
]
_STARTS = set("=+-@\uff1d\uff0b\uff0d\uff20")


def _inert(cell: str) -> bool:
    """A cell no spreadsheet runs: it starts with ``'`` or has no formula start at all."""
    if cell.startswith("'"):
        return True
    lead = cell.lstrip()
    return cell[:1] not in ("\t", "\r") and not (lead and lead[0] in _STARTS)


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_neutralises_formulas_in_every_column(tmp_path: Path, formula: str) -> None:
    text = f"{formula} said the two sides agreed. More text follows here."
    end = text.index(" More")
    meeting = Meeting(
        path=f"{formula}.txt",
        text=text,
        title=formula,
        sentences=[Sentence(0, end, 0, Kind.STATEMENT, "x")],
        speakers=[Speaker("x", formula, None, None)],
    )
    with Store(tmp_path / "notes.sqlite3") as store:
        store.add_note(meeting, 0, end, formula)
        annotations = store.all()
    gone = Meeting(path="elsewhere.txt", text="nothing of it")
    for meetings in ([meeting], [gone]):  # found, and an orphan (the stored columns alone)
        rows = list(
            csv.reader(io.StringIO(export.render("csv", resolve_items(annotations, meetings))))
        )
        assert tuple(rows[0]) == export.CSV_COLUMNS
        for row in rows[1:]:
            assert len(row) == len(export.CSV_COLUMNS)
            for column, cell in zip(export.CSV_COLUMNS, row, strict=True):
                assert _inert(cell), (column, cell)
            by_name = dict(zip(export.CSV_COLUMNS, row, strict=True))
            assert by_name["stored_path"] == "'" + safe.clean(f"{formula}.txt")
            assert by_name["stored_quote"] == "'" + safe.clean(text[:end])
            assert by_name["note"] == "'" + safe.clean(formula)
