"""The loader: files, folders, .jsonl, problems collected per file, and the cache."""

from __future__ import annotations

import concurrent.futures
import json
import os
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from dipreader.core.corpus.cache import ArticleCache
from dipreader.core.corpus.cache_file import FORMAT
from dipreader.core.corpus.corpus import load
from dipreader.core.corpus.walk import Problem, iter_files
from dipreader.core.model import Meeting
from dipreader.core.reading import readout
from dipreader.core.reading.readout import reader_fingerprint
from dipreader.core.settings.cache_folder import own_folder

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_2023 = (SEEDS / "000_e2ee6582c83f05d0.txt").read_bytes()
SEED_2022 = (SEEDS / "002_fb00f497c8c50f76.txt").read_bytes()


def test_seeds_load_newest_first(tmp_path: Path) -> None:
    result = load([SEEDS], cache=False)
    assert [m.date_text for m in result.meetings] == ["2023-07-15", "2022-07-08"]
    assert result.problems == []


def test_folders_are_walked_recursively_in_a_stable_order(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "a.txt").write_bytes(SEED_2022)
    (tmp_path / "b" / "deep" / "c.md").write_bytes(SEED_2023)
    (tmp_path / "b" / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_bytes(SEED_2023)
    files = [p for p in iter_files([tmp_path]) if isinstance(p, str)]
    assert [Path(p).relative_to(tmp_path).as_posix() for p in files] == ["a.txt", "b/deep/c.md"]


def test_jsonl_good_lines_load_and_bad_lines_are_reported_by_number(tmp_path: Path) -> None:
    text = SEED_2023.decode("utf-8").split("\n", 2)[2]
    lines = [
        json.dumps(
            {"date": "2023-07-15", "title": "Wang meets Park", "text": text, "source": "GT"}
        ),
        "{not json",
        "[1, 2]",
        json.dumps({"date": "2023-07-16"}),
        "",
        json.dumps({"date": "2023-99-99", "text": "Wang Yi met Park Jin in Seoul."}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = load([path], cache=False)
    assert len(result.meetings) == 2
    first = next(m for m in result.meetings if m.line == 1)
    assert first.title == "Wang meets Park"
    assert first.source == "GT"
    assert first.date_text == "2023-07-15"
    errors = {(p.line, p.reason.split(" (")[0]) for p in result.errors}
    assert errors == {
        (2, "not valid JSON"),
        (3, "not a JSON object"),
        (4, 'no "text" in this line'),
    }
    assert any(p.line == 6 and p.severity == "warning" for p in result.problems)
    assert str(result.errors[0]).startswith(f"{path}:2: ")


def test_one_bad_file_never_stops_the_others(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes(SEED_2023)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "nul.txt").write_bytes(b"abc\x00def")
    (tmp_path / "latin.txt").write_bytes(" date 2021-01-02 Caf\xe9 talks.\n".encode("latin-1"))
    result = load([tmp_path, tmp_path / "missing.txt"], cache=False)
    assert sorted(Path(m.path).name for m in result.meetings) == ["good.txt", "latin.txt"]
    reasons = {Path(p.path).name: p for p in result.problems}
    assert reasons["empty.txt"].severity == "error"
    assert "binary" in reasons["nul.txt"].reason
    assert "cp1252" in reasons["latin.txt"].reason
    assert reasons["latin.txt"].severity == "warning"
    assert "no such file" in reasons["missing.txt"].reason
    latin = next(m for m in result.meetings if m.path.endswith("latin.txt"))
    assert "Café" in latin.text


def test_size_limit_is_named(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(SEED_2023 * 10)
    result = load([path], max_bytes=len(SEED_2023) * 2, cache=False)
    assert result.meetings == []
    assert "size limit" in result.problems[0].reason
    assert f"{len(SEED_2023) * 2:,}" in result.problems[0].reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_pipes_devices_and_link_loops_do_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "good.txt").write_bytes(SEED_2022)
    result = load([tmp_path, tmp_path / "pipe.txt", tmp_path / "zero.txt"], cache=False)
    assert [Path(m.path).name for m in result.meetings] == ["good.txt"]
    reasons = [p.reason for p in result.problems]
    assert any("named pipe" in r for r in reasons)
    assert any("device" in r for r in reasons)


def test_same_text_twice_both_load_and_it_is_said(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_bytes(SEED_2023)
    (tmp_path / "two.txt").write_bytes(SEED_2023)
    result = load([tmp_path], cache=False)
    assert len(result.meetings) == 2
    assert len({m.id for m in result.meetings}) == 2
    notices = [p for p in result.problems if "same text as" in p.reason]
    assert len(notices) == 1
    assert notices[0].severity == "warning"


def test_problem_paths_are_escaped_for_terminals() -> None:
    problem = Problem("evil\x1b]0;pwned\x07.txt", "bad\x1b[2J")
    shown = str(problem)
    assert "\x1b" not in shown
    assert "\x07" not in shown
    assert "pwned" in shown


def test_cache_is_used_when_valid_and_rebuilt_when_stale_or_corrupt(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_bytes(SEED_2023)
    cache_home = tmp_path / "cache"
    cold = load([folder], cache=ArticleCache(cache_home, reader_fingerprint()))
    cache = ArticleCache(cache_home, reader_fingerprint())
    assert len(cache) == 1
    warm = load([folder], cache=cache)
    assert [
        (m.path, m.title, m.text, [(s.start, s.end, s.kind, s.speaker) for s in m.sentences])
        for m in warm.meetings
    ] == [
        (m.path, m.title, m.text, [(s.start, s.end, s.kind, s.speaker) for s in m.sentences])
        for m in cold.meetings
    ]
    assert warm.meetings[0].speakers == cold.meetings[0].speakers

    # A stale entry (the file changed) is read again, not trusted.
    article.write_bytes(SEED_2022)
    os.utime(article, ns=(1, 1))
    stale = load([folder], cache=ArticleCache(cache_home, reader_fingerprint()))
    assert stale.meetings[0].date_text == "2022-07-08"

    # A corrupt, truncated or foreign cache is ignored with a notice and rebuilt.
    good = next(own_folder(cache_home).glob("meetings-*.cache")).read_bytes()
    for junk in (
        b"\x00garbage",
        b'{"format": "other", "files": {}}',
        b"[]",
        good[:-3],  # truncated
        good[:40],  # cut inside the header
        good.replace(FORMAT.encode(), b"dipreader-cache-9"),
    ):
        next(own_folder(cache_home).glob("meetings-*.cache")).write_bytes(junk)
        again = ArticleCache(cache_home, reader_fingerprint())
        assert len(again) == 0
        assert load([folder], cache=again).meetings[0].date_text == "2022-07-08"


def _rewrite_cache(cache_path: Path, change: object) -> None:
    """Apply ``change(header, numbers)`` to a cache file, keeping it well formed."""
    from array import array

    from dipreader.core.corpus.cache_file import read_cache_bytes

    header, texts, numbers, hashes = read_cache_bytes(cache_path.read_bytes())
    numbers = array("q", numbers)
    change(header, numbers)  # type: ignore[operator]
    header["numbers"] = len(numbers)
    encoded = json.dumps(header).encode()
    cache_path.write_bytes(
        b"dipreader-articles\n"
        + len(encoded).to_bytes(8, "little")
        + encoded
        + bytes(texts)
        + numbers.tobytes()
        + bytes(hashes)
    )


@pytest.mark.parametrize(
    "damage",
    [
        "span beyond the text",
        "numbers beyond the section",
        "text beyond the section",
        "text reference not a pair",
        "sentences not a list",
        "a person beyond the table",
        "a person not a number",
        "a hash beyond the section",
    ],
)
def test_damaged_cache_entry_is_not_trusted(tmp_path: Path, damage: str) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(SEED_2023)
    cache_home = tmp_path / "cache"
    load([article], cache=ArticleCache(cache_home, reader_fingerprint()))
    cache_path = next(own_folder(cache_home).glob("meetings-*.cache"))

    def change(header: dict[str, Any], numbers: Any) -> None:
        packed = next(iter(header["files"].values()))[2][0]
        if damage == "span beyond the text":
            numbers[packed[10][0] + 1] = 10**9
        elif damage == "numbers beyond the section":
            packed[10][1] = len(numbers) + 5
        elif damage == "text beyond the section":
            packed[1][1] = 10**9
        elif damage == "text reference not a pair":
            packed[1] = [0]
        elif damage == "a person beyond the table":
            packed[9] = [len(header["people"])]
        elif damage == "a person not a number":
            packed[9] = [["wang-yi", "Wang Yi", None, "China"]]
        elif damage == "a hash beyond the section":
            packed[12] = header["hashes"]
        else:
            packed[10] = "x"

    _rewrite_cache(cache_path, change)
    cache = ArticleCache(cache_home, reader_fingerprint())
    assert cache.notice is None  # the file is sound; one entry in it is not
    result = load([article], cache=cache)
    assert len(result.meetings[0].sentences) == 17  # read again from the file
    # And the next start has a sound entry again.
    again = load([article], cache=ArticleCache(cache_home, reader_fingerprint()))
    assert again.meetings[0].sentences == result.meetings[0].sentences


def test_the_cache_keeps_what_it_read_when_it_adds_more(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(SEED_2023)
    cache_home = tmp_path / "cache"
    load([tmp_path], cache=ArticleCache(cache_home, reader_fingerprint()))
    second.write_bytes(SEED_2022)  # a new file: the old entry is copied, the new one added
    load([tmp_path], cache=ArticleCache(cache_home, reader_fingerprint()))
    cache = ArticleCache(cache_home, reader_fingerprint())
    assert len(cache) == 2
    for path, seed in ((first, SEED_2023), (second, SEED_2022)):
        from dipreader.core.corpus.cache import stamp

        file_stamp = stamp(str(path))
        assert file_stamp is not None
        entry = cache.get(os.path.abspath(path), file_stamp)
        assert entry is not None
        assert entry[0][0].text == seed.decode("utf-8")


def test_many_files_load_on_worker_processes_in_order(tmp_path: Path) -> None:
    for index in range(210):
        (tmp_path / f"{index:04}.txt").write_bytes(SEED_2022 if index % 2 else SEED_2023)
    serial = load([tmp_path], cache=False, workers=1)
    parallel = load([tmp_path], cache=False, workers=2)
    assert [m.path for m in parallel.meetings] == [m.path for m in serial.meetings]
    assert len(parallel.meetings) == 210
    assert [m.title for m in parallel.meetings] == [m.title for m in serial.meetings]
    # The fork server the workers came from is gone once they are done (25 MB otherwise).
    forkserver = pytest.importorskip("multiprocessing.forkserver")
    assert getattr(forkserver._forkserver, "_forkserver_pid", None) is None


def test_cached_sentences_behave_as_the_list_they_stand_for(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(SEED_2023)
    cache_home = tmp_path / "cache"
    cold = load([article], cache=ArticleCache(cache_home, reader_fingerprint())).meetings[0]
    warm = load([article], cache=ArticleCache(cache_home, reader_fingerprint())).meetings[0]
    packed = warm.sentences
    assert type(packed) is not list  # packed until used
    assert len(packed) == len(cold.sentences)
    assert packed[0] == cold.sentences[0]
    assert packed[-1] == cold.sentences[-1]
    assert list(packed) == cold.sentences
    assert packed[2:4] == cold.sentences[2:4]
    assert packed == cold.sentences
    assert [s.speaker for s in reversed(packed)] == [s.speaker for s in reversed(cold.sentences)]


def test_a_cached_meeting_brings_its_text_hash_and_a_new_text_is_hashed_again(
    tmp_path: Path,
) -> None:
    import hashlib

    def sha(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    article = tmp_path / "a.txt"
    article.write_bytes(SEED_2023)
    cache_home = tmp_path / "cache"
    load([article], cache=ArticleCache(cache_home, reader_fingerprint()))
    warm = load([article], cache=ArticleCache(cache_home, reader_fingerprint())).meetings[0]
    assert warm._hashed is not None  # kept by the cache, not worked out again
    assert warm.text_hash == sha(warm.text)
    warm.text = warm.text + " More."
    assert warm.text_hash == sha(warm.text)
    # Workers send it too: a cold parallel load brings every meeting's hash.
    for index in range(210):
        (tmp_path / "many").mkdir(exist_ok=True)
        (tmp_path / "many" / f"{index:04}.txt").write_bytes(SEED_2022)
    parallel = load([tmp_path / "many"], cache=False, workers=2).meetings
    assert all(m._hashed is not None and m.text_hash == sha(m.text) for m in parallel)


def test_warm_start_loads_the_stored_search_index(tmp_path: Path) -> None:
    from dipreader.core.search.indexing import STORE_THRESHOLD, IndexBuilder

    for index in range(STORE_THRESHOLD):
        (tmp_path / f"{index:04}.txt").write_bytes(SEED_2022 if index % 2 else SEED_2023)
    cache_home = tmp_path / "cache"

    def start() -> tuple[IndexBuilder, list[str]]:
        builder = IndexBuilder(base=cache_home)
        for meeting in load(
            [tmp_path], cache=ArticleCache(cache_home, reader_fingerprint())
        ).meetings:
            builder.add(meeting)
        index = builder.finish()
        hits = index.search("one china principel", limit=3)
        return builder, [hit.meeting.text[hit.start : hit.end] for hit in hits]

    cold, cold_hits = start()
    warm, warm_hits = start()
    assert not cold.loaded_from_cache
    assert warm.loaded_from_cache
    assert warm_hits == cold_hits
    assert "one-China principle" in warm_hits[0]
    # A damaged stored index is not trusted: the index is built again.
    for stored in own_folder(cache_home).glob("search-*/*"):
        stored.write_bytes(b"garbage")
    again, again_hits = start()
    assert not again.loaded_from_cache
    assert again_hits == cold_hits


def test_the_caches_are_written_once_the_corpus_is_searchable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dipreader.core.corpus import corpus
    from dipreader.core.search.indexing import STORE_THRESHOLD, IndexBuilder
    from dipreader.core.settings.locations import cache_dir

    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(STORE_THRESHOLD):
        (folder / f"{number:04}.txt").write_bytes(SEED_2022 if number % 2 else SEED_2023)
    home = cache_dir()

    def written() -> tuple[int, int]:
        caches = list(home.rglob("meetings-*.cache"))
        return len(caches), sum(1 for p in home.rglob("*") if p.parent.name.startswith("search-"))

    loading = corpus.Loading([folder], workers=1)
    builder = IndexBuilder()
    for item in loading:
        if isinstance(item, Meeting):  # the rest: "same text as" warnings
            builder.add(item)
    index = builder.finish(store=False)
    assert "one-China principle" in index.search("one china principel", limit=1)[0].text
    assert written() == (0, 0)  # searchable before anything is written
    loading.save()
    builder.store()
    assert written() == (1, 1)

    # The next start reads nothing again and loads the stored index.
    def unread(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an article was read again despite a valid cache")

    monkeypatch.setattr(readout, "read_meeting", unread)
    again = IndexBuilder()
    items = list(corpus.Loading([folder], workers=1))
    meetings = [item for item in items if isinstance(item, Meeting)]
    assert len(meetings) == STORE_THRESHOLD
    for meeting in meetings:
        again.add(meeting)
    again.finish(store=False)
    assert again.loaded_from_cache
    again.store()  # never writes an index it loaded
    assert written() == (1, 1)


def test_a_file_is_read_whole_up_to_the_limit_whatever_stat_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dipreader.core.corpus import walk

    article = tmp_path / "a.txt"
    body = b"x" * 200_000  # several reads' worth
    article.write_bytes(body)
    assert walk.read_bytes(str(article), len(body)) == body
    with pytest.raises(walk.LoadError, match="larger than the article size limit"):
        walk.read_bytes(str(article), len(body) - 1)

    # A file that grew after it was looked at: stat says 10 bytes, the file holds more.
    real_fstat = os.fstat

    def stale_fstat(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        fields = list(info)
        fields[6] = 10  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", stale_fstat)
    assert walk.read_bytes(str(article), 8 * 1024 * 1024) == body
    with pytest.raises(walk.LoadError, match="larger than the article size limit"):
        walk.read_bytes(str(article), 100_000)


def test_loading_pauses_the_cycle_collector_only_while_it_loads(tmp_path: Path) -> None:
    import gc

    from dipreader.core.corpus import corpus

    for index in range(3):
        (tmp_path / f"{index}.txt").write_bytes(SEED_2023)
    assert gc.isenabled()
    during = [gc.isenabled() for _item in corpus.Loading([tmp_path], workers=1)]
    assert during
    assert not any(during)
    assert gc.isenabled()
    # Stopped early (the app closing mid-load), it still turns the collector back on.
    items = iter(corpus.Loading([tmp_path], workers=1))
    next(items)
    assert not gc.isenabled()
    items.close()  # type: ignore[attr-defined]
    assert gc.isenabled()


class _FakePool:
    """Stands in for the worker processes: reads chunks here, and breaks when told to."""

    made: list[_FakePool] = []

    def __init__(self, *, break_after: int | None = None, **_options: object) -> None:
        from concurrent.futures import Future

        self.future_type = Future
        self.break_after = break_after
        self.submitted = 0
        self.shutdowns: list[tuple[bool, bool]] = []
        _FakePool.made.append(self)

    def submit(self, function: object, chunk: list[tuple[str, int]]) -> object:
        from concurrent.futures.process import BrokenProcessPool

        from dipreader.core.corpus import workers

        future: Future[object] = self.future_type()
        if self.break_after is not None and self.submitted >= self.break_after:
            future.set_exception(BrokenProcessPool("a worker died"))
        else:
            future.set_result(workers.read_chunk(chunk))
        self.submitted += 1
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self.shutdowns.append((wait, cancel_futures))


def _folder_of(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(count):
        (folder / f"{index:04}.txt").write_bytes(SEED_2022 if index % 2 else SEED_2023)
    return folder


def test_reading_goes_on_here_when_workers_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    folder = _folder_of(tmp_path, 300)
    serial = [m.path for m in load([folder], cache=False, workers=1).meetings]

    def no_processes(**_options: object) -> object:
        raise OSError("no processes here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_processes)
    assert [m.path for m in load([folder], cache=False, workers=2).meetings] == serial

    # A worker dies after two chunks: what it had not read is read here, nothing is lost.
    monkeypatch.setattr(
        concurrent.futures, "ProcessPoolExecutor", lambda **o: _FakePool(break_after=2, **o)
    )
    assert [m.path for m in load([folder], cache=False, workers=2).meetings] == serial
    assert _FakePool.made[-1].shutdowns == [(False, True)]


def test_a_load_stopped_early_does_not_wait_for_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dipreader.core.corpus import corpus

    folder = _folder_of(tmp_path, 300)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", lambda **o: _FakePool(**o))
    items = corpus.iter_load([folder], cache=False, workers=2)
    first = next(items)
    assert isinstance(first, Meeting)
    pool = _FakePool.made[-1]
    assert pool.submitted >= 3  # chunks were handed out while the folder was walked
    items.close()  # type: ignore[attr-defined]
    assert pool.shutdowns == [(False, True)]
    # Read to the end, the workers are waited for.
    list(corpus.iter_load([folder], cache=False, workers=2))
    assert _FakePool.made[-1].shutdowns == [(True, False)]


def test_a_clean_cache_lets_go_of_the_file_once_loaded(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(SEED_2023)
    cache_home = tmp_path / "cache"
    load([article], cache=ArticleCache(cache_home, reader_fingerprint()))
    warm = ArticleCache(cache_home, reader_fingerprint())
    assert len(warm) == 1
    assert load([article], cache=warm).meetings[0].text == SEED_2023.decode("utf-8")
    assert len(warm) == 0  # nothing to write, so nothing kept
    # The file itself is untouched: the next start is warm again.
    assert len(ArticleCache(cache_home, reader_fingerprint())) == 1
    # With something to write, everything is kept for the writing.
    (tmp_path / "b.txt").write_bytes(SEED_2022)
    mixed = ArticleCache(cache_home, reader_fingerprint())
    assert len(load([tmp_path], cache=mixed).meetings) == 2
    assert len(ArticleCache(cache_home, reader_fingerprint())) == 2


def test_a_start_from_the_cache_does_not_import_the_reading_code(tmp_path: Path) -> None:
    """Parsing, attribution and the worker pool are imported only when a file must be read
    (70 ms a start otherwise)."""
    for index in range(3):
        (tmp_path / f"{index}.txt").write_bytes(SEED_2023 if index % 2 else SEED_2022)
    load([tmp_path])  # fills the cache (the test's own cache folder, see conftest)
    code = (
        "import sys, dipreader.cli, dipreader.ui.app\n"
        "from dipreader.core.corpus.corpus import Loading, Meeting\n"
        f"items = list(Loading([{str(tmp_path)!r}]))\n"
        "assert sum(isinstance(item, Meeting) for item in items) == 3, items\n"
        "heavy = [m for m in ('dipreader.core.reading.attribution',"
        " 'dipreader.core.reading.readout',"
        " 'concurrent.futures.process', 'multiprocessing') if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_reader_fingerprint_follows_the_reading_code(monkeypatch: pytest.MonkeyPatch) -> None:
    from dipreader.core.reading import reader_version

    before = reader_version.reader_fingerprint()
    reader_version.reader_fingerprint.cache_clear()
    monkeypatch.setattr(reader_version, "READER_VERSION", reader_version.READER_VERSION + 1)
    try:
        assert reader_version.reader_fingerprint() != before
    finally:
        reader_version.reader_fingerprint.cache_clear()
