"""The library: a folder's readouts kept in their corpus database and brought up to date, with
only new and changed files read, gone ones forgotten, and every problem said once."""

from __future__ import annotations

import os
from concurrent.futures import Future
from pathlib import Path

import pytest

from dipreader.core.corpus import library
from dipreader.core.corpus.corpus import load
from dipreader.core.corpus.database import PreparedFile
from dipreader.core.corpus.library import Library, Update
from dipreader.core.model import Meeting
from dipreader.core.settings.cache_folder import OWN_FOLDER
from test_corpus import _FakePool as CorpusFakePool
from test_corpus_database import generated

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))


def _readout(title: str, person: str = "Wang Yi") -> str:
    """A small readout whose title (and so its text) is ``title``."""
    return (
        f"{title}\n\n"
        f"{person} met with South Korean Foreign Minister Park Jin in Jakarta on Friday.\n\n"
        f'"We should deepen cooperation," {person} said.\n'
    )


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir(parents=True)
    for number in range(count):
        (folder / f"{number:03}.txt").write_text(_readout(f"Meeting number {number}"))
    return folder


def _run(lib: Library) -> list[Update]:
    return list(lib.update(workers=1))


def _titles(lib: Library) -> list[str]:
    """The first line of each meeting's text, read back from the database."""
    found = []
    for header in lib.database.page(1000):
        meeting = lib.database.meeting(header.article)
        assert meeting is not None
        found.append(meeting.text.splitlines()[0])
    return sorted(found)


def test_a_second_update_reads_nothing_and_lists_the_same(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 5)
    first = _run(Library([folder]))
    assert first[-1].finished
    assert (first[-1].read, first[-1].unchanged) == (5, 0)
    again = Library([folder])
    steps = _run(again)
    assert (steps[-1].found, steps[-1].unchanged, steps[-1].read) == (5, 5, 0)
    assert not any(step.changed for step in steps)
    assert _titles(again) == [f"Meeting number {n}" for n in range(5)]


def test_an_added_a_changed_and_a_removed_file_are_taken_in(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 3)
    lib = Library([folder])
    _run(lib)
    (folder / "new.txt").write_text(_readout("A new meeting"))
    changed = folder / "001.txt"
    changed.write_text(_readout("Meeting number 1, corrected"))
    stat = changed.stat()
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    (folder / "002.txt").unlink()
    steps = _run(lib)
    last = steps[-1]
    assert (last.found, last.unchanged, last.read, last.removed) == (3, 1, 2, 1)
    assert _titles(lib) == ["A new meeting", "Meeting number 0", "Meeting number 1, corrected"]
    assert lib.database.count() == 3


def test_a_file_of_the_same_size_and_time_is_trusted_as_kept(tmp_path: Path) -> None:
    # What tells a changed file: its size and modification time (as the cache file did).
    folder = _folder(tmp_path, 1)
    lib = Library([folder])
    _run(lib)
    path = folder / "000.txt"
    stat = path.stat()
    path.write_text(_readout("Meeting number 9"))  # as long as before
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert _run(lib)[-1].read == 0
    assert _titles(lib) == ["Meeting number 0"]


def test_every_problem_is_said_once_an_update_cold_or_warm(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 2)
    (folder / "bad.jsonl").write_text('{"text": "fine"}\nnot json\n')
    (folder / "copy.txt").write_text((folder / "000.txt").read_text())

    def said(lib: Library) -> list[str]:
        return sorted(
            f"{Path(p.path).name}: {p.reason}" for step in _run(lib) for p in step.problems
        )

    cold = said(Library([folder]))
    warm = said(Library([folder]))
    assert any(line.startswith("bad.jsonl") for line in cold)
    assert any("same text as" in line and "000.txt" in line for line in cold), cold
    assert warm == [line for line in cold if "same text as" not in line]
    bad = folder / "bad.jsonl"
    bad.write_text('{"text": "fine"}\nnot json either\n')
    stat = bad.stat()
    os.utime(bad, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    read_again = said(Library([folder]))
    assert [line for line in read_again if line.startswith("bad.jsonl")] == [
        line for line in warm if line.startswith("bad.jsonl")
    ]


def test_a_stopped_update_keeps_what_it_read_and_the_next_reads_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "FIRST_BATCH", 2)
    folder = _folder(tmp_path, 6)
    lib = Library([folder])
    steps = lib.update(workers=1)
    for step in steps:
        if step.read >= 2:
            break
    steps.close()
    assert lib.database.count() == 2
    rest = _run(Library([folder]))
    assert (rest[-1].unchanged, rest[-1].read) == (2, 4)


def test_each_set_of_paths_has_a_database_of_its_own(tmp_path: Path) -> None:
    one = _folder(tmp_path / "one", 2)
    two = _folder(tmp_path / "two", 3)
    first, second = Library([one]), Library([two])
    _run(first)
    _run(second)
    assert (first.database.count(), second.database.count()) == (2, 3)
    assert first.database.path != second.database.path
    assert Library([two, one]).database.path == Library([one, two]).database.path


def test_a_cache_folder_that_is_not_dipreaders_gets_a_database_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    (cache / OWN_FOLDER).mkdir(parents=True)
    mine = cache / OWN_FOLDER / "my notes.txt"
    mine.write_text("mine")
    monkeypatch.setenv("DIPREADER_CACHE_DIR", str(cache))
    folder = _folder(tmp_path, 2)
    lib = Library([folder])
    steps = _run(lib)
    assert lib.database.path is None
    assert lib.database.count() == 2
    assert any("no corpus database kept on disk" in p.reason for p in steps[0].problems)
    assert sorted(p.name for p in (cache / OWN_FOLDER).iterdir()) == ["my notes.txt"]


def test_only_the_last_few_databases_are_kept_and_nothing_else_is_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "KEPT_DATABASES", 2)
    folders = [_folder(tmp_path / str(n), 1) for n in range(4)]
    made = []
    for number, folder in enumerate(folders):
        lib = Library([folder])
        _run(lib)
        lib.close()
        assert lib.database.path is not None
        made.append(lib.database.path)
        os.utime(lib.database.path, (number, number))  # in the order they were used
    own = made[0].parent
    (own / "corpus-mine.txt").write_text("a user's file")
    Library([folders[3]]).close()
    kept = sorted(path.name for path in own.glob("corpus-*"))
    assert made[0].name not in kept
    assert {made[1].name, made[2].name, made[3].name} <= set(kept)
    assert "corpus-mine.txt" in kept


Voices = tuple[list[tuple[str, str]], list[tuple[str, str | None]]]


def _voices(meetings: list[Meeting]) -> dict[tuple[str, int], Voices]:
    """Each meeting's speakers and who says each sentence, by its place."""
    return {
        (Path(m.path).name, m.line): (
            [(s.id, s.name) for s in m.speakers],
            [(str(s.kind), s.speaker) for s in m.sentences],
        )
        for m in meetings
    }


def _kept(lib: Library) -> list[Meeting]:
    found = []
    for header in lib.database.page(100_000):
        meeting = lib.database.meeting(header.article)
        assert meeting is not None
        found.append(meeting)
    return found


def test_one_person_has_one_id_as_the_in_memory_loader_gives_it(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    generated(folder, 240)
    for seed in SEEDS:
        (folder / seed.name).write_bytes(seed.read_bytes())
    # One person written two ways, and an alias introduced in one text only.
    (folder / "a.txt").write_text(_readout("Talks in Washington", "US President Joe Biden"))
    (folder / "b.txt").write_text(_readout("Talks in Seoul", "US President Biden"))
    (folder / "c.txt").write_text(
        "Talks in Jakarta\n\nIndonesian President Joko Widodo (Jokowi) met South Korean "
        'Foreign Minister Park Jin.\n\n"We agree," Jokowi said.\n'
    )
    (folder / "d.txt").write_text(_readout("Talks in Bali", "Indonesian President Jokowi"))
    lib = Library([folder])
    _run(lib)
    kept = _voices(_kept(lib))
    assert kept == _voices(load([folder], cache=False).meetings)
    assert kept[("b.txt", 0)][0][0] == ("joseph-biden", "Biden")
    assert kept[("d.txt", 0)][0][0] == ("joko-widodo", "Jokowi")
    # Worked out again when the meetings change: without the text that gave the alias,
    # Jokowi is no longer Joko Widodo.
    (folder / "c.txt").unlink()
    _run(lib)
    kept = _voices(_kept(lib))
    assert kept == _voices(load([folder], cache=False).meetings)
    assert kept[("d.txt", 0)][0][0] == ("jokowi", "Jokowi")


def test_new_files_of_known_speakers_keep_who_is_who_without_working_it_out_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(_readout("Talks in Washington", "US President Joe Biden"))
    (folder / "b.txt").write_text(_readout("Talks in Seoul", "US President Biden"))
    lib = Library([folder])
    _run(lib)
    worked_out: list[int] = []
    real = Library._identify

    def spy(self: Library) -> None:
        worked_out.append(1)
        real(self)

    monkeypatch.setattr(Library, "_identify", spy)
    (folder / "c.txt").write_text(_readout("Talks in Busan", "US President Biden"))
    _run(lib)
    assert worked_out == []
    kept = _voices(_kept(lib))
    assert kept == _voices(load([folder], cache=False).meetings)
    assert kept[("c.txt", 0)][0][0] == ("joseph-biden", "Biden")
    # A way of writing a name not seen before: worked out again.
    (folder / "d.txt").write_text(_readout("Talks in Jeju", "President Joseph Biden"))
    _run(lib)
    assert worked_out == [1]
    assert _voices(_kept(lib)) == _voices(load([folder], cache=False).meetings)


class _FakePool(CorpusFakePool):
    """The loader's stand-in for the worker processes, running the function it is given (the
    library's workers send rows, not packed meetings)."""

    def submit(self, function: object, chunk: list[tuple[str, int]]) -> object:
        from concurrent.futures.process import BrokenProcessPool

        assert callable(function)
        future: Future[object] = self.future_type()
        if self.break_after is not None and self.submitted >= self.break_after:
            future.set_exception(BrokenProcessPool("a worker died"))
        else:
            future.set_result(function(chunk))
        self.submitted += 1
        return future


def test_what_the_workers_read_during_the_walk_is_kept_with_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    folder = _folder(tmp_path, 300)
    # Chunks done at once: the walk takes in what was read as it goes.
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", lambda **o: _FakePool(**o))
    lib = Library([folder])
    steps = list(lib.update(workers=2))
    during_walk = [step for step in steps if step.read and not step.to_read]
    assert during_walk, "nothing was kept before the walk ended"
    assert steps[-1].read == 300
    assert _titles(lib) == sorted(f"Meeting number {n}" for n in range(300))
    for header in lib.database.page(300):
        meeting = lib.database.meeting(header.article)
        assert meeting is not None
        assert meeting.text.startswith(f"Meeting number {int(Path(header.path).stem)}\n")
    # A worker that dies half-way: the rest is read here, nothing lost or misplaced.
    again = _folder(tmp_path / "again", 300)
    monkeypatch.setattr(
        concurrent.futures, "ProcessPoolExecutor", lambda **o: _FakePool(break_after=6, **o)
    )
    other = Library([again])
    assert list(other.update(workers=2))[-1].read == 300
    for header in other.database.page(300):
        meeting = other.database.meeting(header.article)
        assert meeting is not None
        assert meeting.text.startswith(f"Meeting number {int(Path(header.path).stem)}\n")


def test_an_update_stopped_during_the_walk_does_not_wait_for_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    folder = _folder(tmp_path, 300)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", lambda **o: _FakePool(**o))
    walked = iter(range(250))
    steps = Library([folder]).update(workers=2, stop=lambda: next(walked, None) is None)
    list(steps)
    assert _FakePool.made[-1].shutdowns == [(False, True)]


def test_two_speakers_of_one_meeting_who_would_be_one_person_are_kept_apart(
    tmp_path: Path,
) -> None:
    from dipreader.core.corpus.database import ReadFile
    from test_identity import meeting

    folder = tmp_path / "articles"
    folder.mkdir()
    made = {"a.txt": meeting("a", "Vladimir Putin", "Putin"), "b.txt": meeting("b", "Putin")}
    lib = Library([folder])
    files = []
    for name, kept in made.items():
        path = folder / name
        path.write_text(kept.text)
        kept.path = str(path)
        info = path.stat()
        files.append(ReadFile(str(path), info.st_size, info.st_mtime_ns, [kept]))
    # Kept as read (the files as they are on disk), who is who not yet worked out.
    lib.database.write(files)
    assert _run(lib)[-1].read == 0
    voices = _voices(_kept(lib))
    assert voices[("a.txt", 0)][0] == [("vladimir-putin", "Vladimir Putin"), ("putin", "Putin")]
    assert voices[("a.txt", 0)][1] == [("statement", "vladimir-putin"), ("statement", "putin")]
    assert voices[("b.txt", 0)][0] == [("vladimir-putin", "Putin")]


def _indexes(lib: Library) -> list[tuple[str, str]]:
    rows = lib.database.select("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
    return sorted((str(name), str(sql)) for name, sql in rows)


def test_a_first_load_written_without_some_indexes_ends_with_every_one(tmp_path: Path) -> None:
    from dipreader.core.corpus.database_file import DEFERRED_INDEXES

    fresh = Library([tmp_path / "none"], folder=tmp_path / "empty")
    schema = _indexes(fresh)
    assert set(DEFERRED_INDEXES) <= {name for name, _ in schema}
    folder = _folder(tmp_path, 4)
    lib = Library([folder])
    seen = [sorted(_indexes(lib)) for _ in lib.update(workers=1)]
    assert any(not set(DEFERRED_INDEXES) & {name for name, _ in step} for step in seen)
    assert _indexes(lib) == schema
    # Stopped half-way: the indexes are made all the same.
    other = Library([_folder(tmp_path / "other", 4)])
    steps = other.update(workers=1)
    next(steps)
    steps.close()
    assert _indexes(other) == schema


def test_a_first_load_that_died_has_its_indexes_made_by_the_next_update(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 4)
    lib = Library([folder])
    schema = _indexes(lib)
    _run(lib)
    # What a load that died leaves: some files kept, the indexes not made.
    for name in ("article_file", "sentence_speaker"):
        lib.database._connection.execute(f"DROP INDEX {name}")
    assert not lib.database.defer_indexes()  # files are kept: not dropped again
    (folder / "new.txt").write_text(_readout("A new meeting"))
    again = Library([folder])
    steps = _run(again)
    assert steps[-1].read == 1
    assert _indexes(again) == schema


def _people_folder(tmp_path: Path) -> Path:
    """Generated readouts with one person written two ways and an alias in one text only."""
    folder = tmp_path / "articles"
    generated(folder, 60)
    (folder / "a.txt").write_text(_readout("Talks in Washington", "US President Joe Biden"))
    (folder / "b.txt").write_text(_readout("Talks in Seoul", "US President Biden"))
    (folder / "c.txt").write_text(
        "Talks in Jakarta\n\nIndonesian President Joko Widodo (Jokowi) met South Korean "
        'Foreign Minister Park Jin.\n\n"We agree," Jokowi said.\n'
    )
    (folder / "d.txt").write_text(_readout("Talks in Bali", "Indonesian President Jokowi"))
    return folder


def _small_batches_counting_whole_passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Batches of 3, then 7, files; a 1 in the list for each time who is who is worked out
    over the whole database (``Library._identify``)."""
    monkeypatch.setattr(library, "FIRST_BATCH", 3)
    monkeypatch.setattr(library, "BATCH", 7)
    worked_out: list[int] = []
    real = Library._identify

    def spy(self: Library) -> None:
        worked_out.append(1)
        real(self)

    monkeypatch.setattr(Library, "_identify", spy)
    return worked_out


def test_a_first_load_takes_who_is_who_in_batch_by_batch_as_the_whole_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Library._identify
    worked_out = _small_batches_counting_whole_passes(monkeypatch)
    folder = _people_folder(tmp_path)
    lib = Library([folder])
    steps = _run(lib)
    assert len(steps) > 10  # many batches, each taken in as it was kept
    assert worked_out == []  # nothing left to take in at the end
    kept = _voices(_kept(lib))
    assert kept == _voices(load([folder], cache=False).meetings)
    assert kept[("b.txt", 0)][0][0] == ("joseph-biden", "Biden")
    assert kept[("d.txt", 0)][0][0] == ("joko-widodo", "Jokowi")
    real(lib)  # worked out over the whole database at once: the same
    assert _voices(_kept(lib)) == kept


def test_a_first_load_whose_database_said_something_works_who_is_who_out_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    worked_out = _small_batches_counting_whole_passes(monkeypatch)
    folder = _people_folder(tmp_path)
    lib = Library([folder])
    db = lib.database
    write = db.write
    calls: list[int] = []

    def write_and_say(files: list[PreparedFile]) -> int:
        calls.append(1)
        if len(calls) == 2:
            db.notice = "something went wrong"  # as after a write that failed
        return write(files)

    monkeypatch.setattr(db, "write", write_and_say)
    steps = _run(lib)
    assert any("something went wrong" in p.reason for step in steps for p in step.problems)
    assert worked_out == [1]
    assert _voices(_kept(lib)) == _voices(load([folder], cache=False).meetings)
