"""The corpus database (core/corpus/database.py): what is written comes back equal, a file
that cannot be trusted is rebuilt (never trusted, never fatal), two processes share it, and
the list pages through it at both ends and after a filter."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest

from dipreader.core.corpus import database_rows, workers
from dipreader.core.corpus.articles import load_file
from dipreader.core.corpus.database import CorpusDatabase, ReadFile, Stored
from dipreader.core.corpus.database_file import APPLICATION_ID
from dipreader.core.corpus.database_rows import Header
from dipreader.core.corpus.walk import iter_files
from dipreader.core.model import Meeting
from dipreader.core.search.query import words
from dipreader.core.settings.locations import seeds_dir
from repo_modules import bench

FINGERPRINT = "reader-1"
needs_fork = pytest.mark.skipif(sys.platform != "linux", reason="forks writer processes")


def read(paths: list[Path]) -> list[ReadFile]:
    """Each file as the loader reads it (no cache, no identities: meetings as read)."""
    files = []
    for path in paths:
        meetings, problems = load_file(str(path), 8 << 20)
        info = path.stat()
        found = [(p.reason, p.severity, p.line) for p in problems]
        files.append(ReadFile(str(path), info.st_size, info.st_mtime_ns, meetings, found))
    return files


def folder_files(folder: Path) -> list[Path]:
    return [Path(item) for item in iter_files([folder]) if isinstance(item, str)]


def generated(folder: Path, count: int) -> list[Path]:
    return list(bench("make_corpus").write_corpus(count, folder, seed=7))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "corpus.sqlite3"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[ReadFile]:
    """Forty generated readouts, a JSON Lines file of two and one of a bad line (read once
    for the module: no test changes them)."""
    folder = tmp_path_factory.mktemp("articles")
    paths = generated(folder, 40)
    lines = folder / "more.jsonl"
    records = [
        {
            "date": "2021-03-04",
            "title": "Two in one",
            "text": "Wang Yi met Park Jin. Wang said hi.",
        },
        {"title": "Undated", "text": "Park Jin said that the talks went well."},
    ]
    lines.write_text("\n".join(json.dumps(record) for record in records) + "\n{broken\n")
    return read([*paths, lines])


def open_db(path: Path, fingerprint: str = FINGERPRINT) -> CorpusDatabase:
    path.parent.mkdir(parents=True, exist_ok=True)
    return CorpusDatabase(path, fingerprint)


def meetings_of(files: list[ReadFile]) -> list[Meeting]:
    return [meeting for item in files for meeting in item.meetings]


def list_order(meetings: list[Meeting]) -> list[tuple[str, int]]:
    """Newest first, undated last, then by path and line: the list's order."""
    ordered = sorted(meetings, key=lambda m: (-m.date.toordinal() if m.date else 0, m.path, m.line))
    return [(m.path, m.line) for m in ordered]


def all_back(database: CorpusDatabase) -> dict[tuple[str, int], Meeting]:
    found = {}
    for header in database.page(10_000):
        meeting = database.meeting(header.article)
        assert meeting is not None, header
        found[(header.path, header.line)] = meeting
    return found


# -- round trip ----------------------------------------------------------------------------


def test_the_seeds_come_back_equal_to_the_meetings_read(db_path: Path) -> None:
    files = read(folder_files(seeds_dir()))
    assert meetings_of(files)
    with_sentences = [m for m in meetings_of(files) if m.sentences and m.speakers]
    assert with_sentences  # the seeds have statements by speakers: the test tests them
    database = open_db(db_path)
    assert database.notice is None
    assert database.write(files) == len(files)
    back = all_back(database)
    assert back == {(m.path, m.line): m for m in meetings_of(files)}
    for meeting in meetings_of(files):
        assert back[(meeting.path, meeting.line)].text_hash == meeting.text_hash


def test_a_generated_corpus_comes_back_equal_with_headers_and_problems(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    database = open_db(db_path)
    assert database.write(corpus[:20]) == 20
    assert database.write(corpus[20:]) == len(corpus) - 20
    meetings = meetings_of(corpus)
    assert len(meetings) == 42
    assert all_back(database) == {(m.path, m.line): m for m in meetings}
    headers = database.page(1000)
    assert [(h.path, h.line) for h in headers] == list_order(meetings)
    by_key = {(m.path, m.line): m for m in meetings}
    for header in headers:
        meeting = by_key[(header.path, header.line)]
        assert (header.date, header.title, header.venue, header.source) == (
            meeting.date,
            meeting.title,
            meeting.venue,
            meeting.source,
        )
        assert header.participants == meeting.participants_text
        assert header.sentences == len(meeting.sentences)
    stored = database.stored()
    assert {path: (s.size, s.mtime) for path, s in stored.items()} == {
        item.path: (item.size, item.mtime) for item in corpus
    }
    jsonl = corpus[-1].path
    [(path, reason, severity, line)] = database.problems()
    assert (path, severity, line) == (jsonl, "error", 3)
    assert "not valid JSON" in reason


def phrase_of(meeting: Meeting, index: int) -> tuple[str, str]:
    """A full-text query for sentence ``index`` of ``meeting`` (its words as a phrase)."""
    sentence = meeting.sentences[index]
    text = meeting.text[sentence.start : sentence.end]
    return '"' + " ".join(words(text)) + '"', text


def test_writing_a_file_again_replaces_what_was_kept_of_it(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    database = open_db(db_path)
    database.write(corpus)
    old = next(h for h in database.page(1000) if h.path == corpus[0].path)
    query, text = phrase_of(corpus[0].meetings[0], 2)
    assert old.article in {row >> 24 for row in database.candidates(query, 1000)}
    before = database.count()
    again = ReadFile(corpus[0].path, 1, 2, [], [("empty file", "error", 0)], digest="abc")
    assert database.write([again]) == 1
    assert database.count() == before - 1
    assert database.stored()[corpus[0].path] == Stored(1, 2, "abc")
    assert all(header.path != corpus[0].path for header in database.page(1000))
    # Its sentences left the full-text index with it: every candidate is a sentence kept.
    rows = database.candidates(query, 1000)
    assert old.article not in {row >> 24 for row in rows}
    assert len(database.sentence_texts(rows)) == len(rows)
    assert text not in database.sentence_texts(rows).values()


def test_removed_files_leave_the_list_the_search_and_the_stored_paths(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    database = open_db(db_path)
    database.write(corpus)
    gone = corpus[:5]
    total = database.count()
    assert database.remove([item.path for item in gone] + ["/no/such/file"]) == 5
    assert database.count() == total - 5
    assert not {item.path for item in gone} & set(database.stored())
    assert not {item.path for item in gone} & {h.path for h in database.page(1000)}
    for item in gone:
        query, text = phrase_of(item.meetings[0], 1)
        rows = database.candidates(query, 1000)
        assert len(database.sentence_texts(rows)) == len(rows)
        assert text not in database.sentence_texts(rows).values()


def test_identities_are_kept_and_replaced(db_path: Path) -> None:
    database = open_db(db_path)
    assert database.set_identities({("Joe Biden", None, "US"): "joseph-biden"})
    assert database.identities() == {("Joe Biden", None, "US"): "joseph-biden"}
    database.set_identities({("Biden", "President", None): "joseph-biden"})
    assert database.identities() == {("Biden", "President", None): "joseph-biden"}


def keys(headers: list[Header]) -> list[tuple[str, int]]:
    return [(header.path, header.line) for header in headers]


# -- paging ---------------------------------------------------------------------------------


def test_paging_at_both_ends_by_offset_and_by_key(db_path: Path, corpus: list[ReadFile]) -> None:
    database = open_db(db_path)
    database.write(corpus)
    order = list_order(meetings_of(corpus))
    total = database.count()
    assert total == len(order) == 42
    assert keys(database.page(10)) == order[:10]
    assert keys(database.page(10, offset=total - 10)) == order[-10:]
    assert keys(database.page(10, offset=total - 3)) == order[-3:]
    assert database.page(10, offset=total) == []
    walked: list[tuple[str, int]] = []
    after = None
    for _ in range(total):  # bounded: a key that does not move on fails, never hangs
        headers = database.page(9, after=after)
        if not headers:
            break
        walked += keys(headers)
        after = headers[-1].key
    assert walked == order
    assert order[-1][0].endswith("more.jsonl")  # the undated one comes last
    assert database.page(9, after=after) == []
    last = database.page(1, offset=total - 1)[0]
    assert database.position(last.article) == total - 1
    assert database.position(database.page(1)[0].article) == 0


def test_the_filter_and_the_dates_are_worked_out_in_sql(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    database = open_db(db_path)
    database.write(corpus)
    meetings = meetings_of(corpus)
    person = next(s.name for m in meetings for s in m.speakers)
    surname = person.split()[-1].upper()  # case does not matter
    wanted = [
        m for m in meetings if any(surname.casefold() in s.name.casefold() for s in m.speakers)
    ]
    assert 0 < len(wanted) < len(meetings)
    expected = list_order(wanted)
    assert database.count(surname) >= len(wanted)
    found = [(h.path, h.line) for h in database.page(100, text=surname)]
    assert set(expected) <= set(found)
    assert found == [key for key in list_order(meetings) if key in set(found)]
    # Paged after the filter: both ends and by key.
    count = database.count(surname)
    assert [(h.path, h.line) for h in database.page(3, offset=count - 3, text=surname)] == found[
        -3:
    ]
    second = database.page(3, after=database.page(3, text=surname)[-1].key, text=surname)
    assert [(h.path, h.line) for h in second] == found[3:6]
    assert database.count("no-such-word-anywhere") == 0
    assert database.page(5, text="no-such-word-anywhere") == []
    assert database.count(f"{surname} more.jsonl") == sum(
        1 for m in wanted if m.path.endswith("more.jsonl")
    )
    first = database.position(database.page(1, text=surname)[0].article, surname)
    assert first == 0
    since, until = date(2018, 1, 1), date(2019, 12, 31)
    dated = [m for m in meetings if m.date and since <= m.date <= until]
    assert 0 < len(dated) < len(meetings)
    assert database.count(since=since, until=until) == len(dated)
    assert [(h.path, h.line) for h in database.page(100, since=since, until=until)] == list_order(
        dated
    )


# -- never trusted, never fatal ---------------------------------------------------------------


def written(db_path: Path, files: list[ReadFile]) -> None:
    database = open_db(db_path)
    assert database.write(files) == len(files)
    database.close()
    assert not Path(f"{db_path}-wal").exists()  # the last connection folded the log in


def assert_rebuilt(db_path: Path, files: list[ReadFile], *, kept_aside: bool) -> str:
    database = open_db(db_path)
    assert database.notice is not None
    assert "rebuilt" in database.notice
    assert database.count() == 0
    assert database.stored() == {}
    assert database.write(files) == len(files)  # usable at once
    assert database.count() == len(meetings_of(files))
    assert Path(f"{db_path}.broken").exists() == kept_aside
    return database.notice


def test_a_truncated_database_is_moved_aside_and_rebuilt(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    written(db_path, corpus)
    size = db_path.stat().st_size
    with open(db_path, "r+b") as handle:
        handle.truncate(size // 2)
    assert "truncated" in assert_rebuilt(db_path, corpus[:3], kept_aside=True)


def test_a_file_that_is_not_a_database_is_moved_aside_and_rebuilt(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"these are not the pages you are looking for\n" * 100)
    assert "not an SQLite" in assert_rebuilt(db_path, corpus[:3], kept_aside=True)
    assert db_path.with_name(db_path.name + ".broken").read_bytes().startswith(b"these are")


def test_pages_of_garbage_are_found_damaged_and_rebuilt(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    written(db_path, corpus)
    data = bytearray(db_path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = bytes(range(256)) * ((len(data) - page) // 256) + b"\x00" * (
        (len(data) - page) % 256
    )
    db_path.write_bytes(bytes(data))
    database = open_db(db_path)
    # Found on opening or when first used: never an exception, the reason said, usable.
    database.count()
    database.page(10)
    assert database.notice is not None
    assert database.write(corpus[:2]) == 2 or database.write(corpus[:2]) == 2
    assert database.count() == len(meetings_of(corpus[:2]))


def test_damage_found_while_in_use_rebuilds_the_file_without_an_exception(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    written(db_path, corpus)
    database = open_db(db_path)
    assert database.notice is None
    data = bytearray(db_path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    with open(db_path, "r+b") as handle:  # every page but the first, under the open file
        handle.seek(page)
        handle.write(b"\xa5" * (len(data) - page))
    assert database.page(10) == []
    assert database.notice is not None
    assert "rebuilt" in database.notice
    assert Path(f"{db_path}.broken").exists()
    assert database.write(corpus[:2]) == 2
    assert database.count() == len(meetings_of(corpus[:2]))


def test_a_foreign_database_is_moved_aside_and_rebuilt(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as other:
        other.execute("CREATE TABLE article (id INTEGER PRIMARY KEY, title TEXT)")
        other.execute("INSERT INTO article VALUES (1, 'not ours')")
    assert "another application" in assert_rebuilt(db_path, corpus[:3], kept_aside=True)


def test_another_schema_version_is_rebuilt(db_path: Path, corpus: list[ReadFile]) -> None:
    written(db_path, corpus)
    with sqlite3.connect(db_path) as old:
        old.execute("PRAGMA user_version = 99")
    assert "schema 99" in assert_rebuilt(db_path, corpus[:3], kept_aside=False)


def test_a_database_missing_a_table_is_moved_aside_and_rebuilt(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    written(db_path, corpus)
    with sqlite3.connect(db_path) as damaged:
        damaged.execute("DROP TABLE sentence")
        assert damaged.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert "tables missing" in assert_rebuilt(db_path, corpus[:3], kept_aside=True)


def test_a_stale_fingerprint_is_rebuilt_and_its_articles_never_shown(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    written(db_path, corpus)
    database = open_db(db_path, "reader-2")
    assert database.notice is not None
    assert "another version of the reading code" in database.notice
    assert database.count() == 0
    assert database.stored() == {}
    database.close()
    again = open_db(db_path, "reader-2")
    assert again.notice is None  # the new one is this reader's


def test_an_article_whose_text_was_changed_in_the_file_is_not_trusted(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    database = open_db(db_path)
    database.write(corpus)
    header = database.page(1)[0]
    with sqlite3.connect(db_path) as tamper:
        tamper.execute(
            "UPDATE article_text SET text = 'x' || text WHERE article = ?", (header.article,)
        )
    assert database.meeting(header.article) is None
    assert database.notice is not None
    assert "read again" in database.notice
    assert header.path not in database.stored()  # so the loader reads the file again
    other = database.page(1)[0]
    assert database.meeting(other.article) is not None


def test_a_sentence_outside_its_text_is_not_trusted(db_path: Path, corpus: list[ReadFile]) -> None:
    database = open_db(db_path)
    database.write(corpus)
    header = database.page(1)[0]
    with sqlite3.connect(db_path) as tamper:
        low = header.article << 24
        tamper.execute("UPDATE sentence SET stop = 10000000 WHERE id = ?", (low + 1,))
    assert database.meeting(header.article) is None


def test_a_database_that_cannot_be_made_on_disk_is_kept_in_memory(tmp_path: Path) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "corpus.sqlite3").symlink_to(tmp_path / "elsewhere")
    database = CorpusDatabase(folder / "corpus.sqlite3", FINGERPRINT)
    assert database.notice is not None
    assert "in memory" in database.notice
    assert database.write(read(folder_files(seeds_dir()))) > 0
    assert database.count() > 0
    assert not (tmp_path / "elsewhere").exists()  # the link was never followed


def test_an_unreadable_full_text_query_finds_nothing(db_path: Path) -> None:
    database = open_db(db_path)
    database.write(read(folder_files(seeds_dir())))
    assert database.candidates('"unclosed', 10) == []
    assert database.candidates("AND OR NOT", 10) == []
    assert database.notice is None
    assert database.candidates('"principle"', 10)


# -- two processes ------------------------------------------------------------------------------


def _write_in_batches(path: Path, folder: Path, batch: int) -> None:
    files = read(sorted(folder.iterdir()))
    database = CorpusDatabase(path, FINGERPRINT)
    for low in range(0, len(files), batch):
        assert database.write(files[low : low + batch]) == len(files[low : low + batch])
    database.close()


@needs_fork
def test_one_process_writes_while_another_reads(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    generated(folder, 120)
    database = open_db(db_path)  # made first: the writer only adds
    context = multiprocessing.get_context("fork")
    writer = context.Process(target=_write_in_batches, args=(db_path, folder, 10))
    writer.start()
    seen: list[int] = []
    while writer.is_alive() or not seen or seen[-1] < 120:
        count = database.count()
        headers = database.page(200)
        # Each batch is one transaction: a reader sees whole batches, never part of one.
        assert count % 10 == 0
        assert len(headers) % 10 == 0
        assert len(headers) >= count
        for header in headers[:3]:
            assert database.meeting(header.article) is not None
        seen.append(count)
        if not writer.is_alive() and count < 120:
            break
    writer.join(timeout=120)
    assert writer.exitcode == 0
    assert database.notice is None
    assert seen == sorted(seen)
    assert database.count() == 120
    assert len(set(seen)) > 1  # read while the writer wrote


def _open_and_write(path: Path, files: list[ReadFile], fingerprint: str, ready: object) -> None:
    ready.wait()  # type: ignore[attr-defined]
    database = CorpusDatabase(path, fingerprint)
    assert database.write(files) == len(files)
    database.close()


@needs_fork
def test_two_processes_opening_a_stale_database_at_once_rebuild_it_once(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    written(db_path, corpus)
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(2)
    halves = [corpus[:10], corpus[10:20]]
    writers = [
        context.Process(target=_open_and_write, args=(db_path, half, "reader-2", ready))
        for half in halves
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert [writer.exitcode for writer in writers] == [0, 0]
    database = open_db(db_path, "reader-2")
    assert database.notice is None
    # Neither rebuild threw away the other's articles.
    assert set(database.stored()) == {item.path for item in corpus[:20]}
    assert os.path.exists(db_path)


def test_merging_the_full_text_index_adds_no_sentence(db_path: Path) -> None:
    database = open_db(db_path)
    database.write(read(folder_files(seeds_dir())))
    terms = dict(database.vocabulary())
    database.optimize()
    assert database.notice is None
    assert database.candidates("optimize", 10) == []
    assert dict(database.vocabulary()) == terms


def _counted(path: Path) -> list[tuple[str, int]]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return sorted(db.execute("SELECT term, doc FROM sentence_vocab"))


def test_the_terms_counts_are_kept_and_counted_again_after_a_change(
    db_path: Path, corpus: list[ReadFile]
) -> None:
    database = open_db(db_path)
    database.write(corpus[:10])
    assert sorted(database.vocabulary()) == _counted(db_path)
    # Kept: a fresh reader takes the table, not the index (here made to differ from it).
    with contextlib.closing(sqlite3.connect(db_path)) as db, db:
        db.execute("UPDATE term_count SET sentences = 999999 WHERE term = 'minister'")
    fresh = open_db(db_path)
    assert dict(fresh.vocabulary())["minister"] == 999999
    # A write makes the kept counts stale: counted again, the new file's terms in them.
    fresh.write(corpus[10:20])
    assert sorted(fresh.vocabulary()) == _counted(db_path)
    assert dict(fresh.vocabulary())["minister"] < 999999
    fresh.remove([item.path for item in corpus[:10]])
    assert sorted(fresh.vocabulary()) == _counted(db_path)
    assert fresh.notice is None


def test_a_database_that_cannot_be_written_still_counts_its_terms(
    db_path: Path, corpus: list[ReadFile], monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_db(db_path)
    database.write(corpus[:5])
    fresh = open_db(db_path)
    monkeypatch.setattr(fresh, "_write", lambda work, default: default)  # a read-only file
    assert sorted(fresh.vocabulary()) == _counted(db_path)


def test_a_file_with_a_meeting_too_long_to_number_is_left_out_whole(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sentence ids hold the sentence's number in SENTENCE_BITS bits: a meeting with more
    sentences than that cannot be kept, and nor is the rest of its file (no file half kept),
    as written here and as the workers prepare it."""
    monkeypatch.setattr(database_rows, "SENTENCE_BITS", 2)  # at most 3 sentences a meeting
    records = [
        {"title": "Short", "text": "Wang Yi met Park Jin. Wang said hi."},
        {"title": "Long", "text": "One. Two. Three. Four. Five."},
    ]
    both = tmp_path / "both.jsonl"
    both.write_text("\n".join(json.dumps(record) for record in records) + "\n")
    short = tmp_path / "short.jsonl"
    short.write_text(json.dumps(records[0]) + "\n")
    files = read([both, short])
    assert [len(m.sentences) for m in files[0].meetings] == [2, 5]
    assert workers.read_rows((str(both), 8 << 20))[0] is None
    assert workers.read_rows((str(short), 8 << 20))[0] is not None
    database = open_db(db_path)
    assert database.write(files) == 1
    assert [(h.path, h.title) for h in database.page(10)] == [(str(short), "Short")]
