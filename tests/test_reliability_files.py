"""Issue 17, files and decoding: only regular files of bounded size, opened without blocking;
one boundary for JSON and text read from disk; dipreader's cache kept to its own marked folder.

The core is tested without Textual; the command line in a subprocess with a timeout.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dipreader.core.corpus.articles import load_file
from dipreader.core.corpus.cache import ArticleCache
from dipreader.core.corpus.cache_file import CacheFile
from dipreader.core.corpus.corpus import load
from dipreader.core.files import (
    FileRefused,
    FileTooLarge,
    check_regular,
    open_regular,
    read_regular,
    write_text_atomically,
)
from dipreader.core.reading.readout import reader_fingerprint
from dipreader.core.settings import locations
from dipreader.core.settings.cache_folder import MARKER, OWN_FOLDER, own_folder
from dipreader.core.settings.state import load_state, read_state, update_state
from dipreader.core.text.untrusted import UntrustedError, parse_json
from dipreader.ui.controllers.keymap import load_keymap
from hostile import (
    GOOD_2022,
    GOOD_2023,
    HOSTILE_FILE_KINDS,
    LONE_SURROGATE,
    deep_json,
    plant,
    surrogate_jsonl,
)

ROOT = Path(__file__).resolve().parent.parent
REFUSED_WORDS = {"fifo": "named pipe", "zero": "device", "link-to-fifo": "named pipe"}


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dipreader", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=dict(os.environ),
    )


# -- regular files only -------------------------------------------------------------------


@pytest.mark.parametrize("kind", HOSTILE_FILE_KINDS)
def test_pipes_and_devices_are_refused_with_what_they_are(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "file"
    plant(path, kind)
    started = time.monotonic()
    for attempt in (
        lambda: check_regular(path),
        lambda: open_regular(path),
        lambda: read_regular(path, 1 << 20),
    ):
        with pytest.raises(FileRefused, match=REFUSED_WORDS[kind]):
            attempt()
    assert time.monotonic() - started < 5


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(FileRefused, match="socket"):
            read_regular(path, 100)
    finally:
        server.close()


def test_a_link_is_refused_only_where_links_are_not_followed(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.write_bytes(b"data")
    link = tmp_path / "link"
    link.symlink_to(real)
    assert read_regular(link, 100) == b"data"
    with pytest.raises(FileRefused, match="symbolic link"):
        read_regular(link, 100, follow_symlinks=False)
    descriptor = open_regular(real, os.O_RDONLY, follow_symlinks=False)
    os.close(descriptor)
    assert check_regular(tmp_path / "absent") is None


def test_reading_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(FileTooLarge, match="larger than 1,000 bytes"):
        read_regular(path, 1000)
    assert read_regular(path, 1001) == b"x" * 1001


@pytest.mark.parametrize("kind", [*HOSTILE_FILE_KINDS, "link-to-file"])
def test_the_atomic_write_never_replaces_a_pipe_a_device_or_a_link(
    tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "state.json"
    if kind == "link-to-file":
        (tmp_path / "mine.json").write_text("the user's own")
        target.symlink_to(tmp_path / "mine.json")
    else:
        plant(target, kind)
    before = os.lstat(target)
    with pytest.raises(FileRefused):
        write_text_atomically(target, "{}")
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    if kind == "link-to-file":
        assert (tmp_path / "mine.json").read_text() == "the user's own"


# -- the JSON and text boundary ---------------------------------------------------------------


def test_json_nested_a_thousand_deep_is_refused_not_a_recursion_error() -> None:
    for raw in (deep_json(1000), deep_json(100_000), "[" * 50 + "]" * 50):
        with pytest.raises(UntrustedError, match="nested deeper"):
            parse_json(raw, max_depth=32)
    assert parse_json("[[[]]]", max_depth=3) == ([[[]]], 0)


def test_lone_surrogates_are_replaced_visibly_and_counted() -> None:
    raw = json.dumps({f"k{LONE_SURROGATE}": [f"a{LONE_SURROGATE}b", {"x": LONE_SURROGATE}]})
    value, replaced = parse_json(raw)
    assert value == {"k\ufffd": ["a\ufffdb", {"x": "\ufffd"}]}
    assert replaced == 3
    # Encoded as UTF-8 bytes (which json.loads of bytes lets through) too.
    value, replaced = parse_json('["\ud800"]'.encode("utf-8", "surrogatepass"))
    assert (value, replaced) == (["\ufffd"], 1)
    kept, _ = parse_json(raw, scrub_keys=False)
    assert list(kept) == [f"k{LONE_SURROGATE}"]


def test_a_jsonl_with_surrogates_in_every_field_loads_every_article(tmp_path: Path) -> None:
    data, count = surrogate_jsonl()
    path = tmp_path / "evil.jsonl"
    path.write_bytes(data)
    meetings, problems = load_file(str(path), 1 << 20)
    assert len(meetings) == count
    for meeting in meetings:
        for value in (meeting.text, meeting.title, meeting.source or "", meeting.url or ""):
            assert _encodable(value)
        for speaker in meeting.speakers:
            assert _encodable(speaker.name)
    assert meetings[0].title == "T\ufffd"
    assert "\ufffd" in meetings[0].text
    lines = {problem.line for problem in problems if "lone surrogate" in problem.reason}
    assert lines == {1, 2, 3}  # the sound fourth line has no such warning
    for problem in problems:
        assert _encodable(str(problem))


@pytest.mark.parametrize("command", ["list", "attribute", "search"])
def test_the_command_line_survives_surrogates_in_a_jsonl(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "evil.jsonl").write_bytes(surrogate_jsonl()[0])
    (folder / "good.txt").write_bytes(GOOD_2023)
    args = ["search", "Wang", str(folder)] if command == "search" else [command, str(folder)]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.strip()
    if command == "list":
        assert "Wire\ufffd" in result.stdout  # the source column


# -- state.json ---------------------------------------------------------------------------


def test_a_state_nested_a_thousand_deep_is_reported_and_ignored() -> None:
    path = locations.state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(deep_json(1000))
    state, problems = read_state()
    assert state == {}
    assert len(problems) == 1
    assert str(path) in problems[0]
    assert "nested deeper" in problems[0]


def test_bad_state_values_are_reported_ignored_and_never_written_back() -> None:
    path = locations.state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "last_path": f"a{LONE_SURROGATE}.txt",
                "last_sentence": "three",
                "last_line": True,
                "theme": "dark",
                "last_quote": "Wang said",
            }
        )
    )
    state, problems = read_state()
    assert state == {"theme": "dark"}  # the last place's keys are one value: all left out
    assert len(problems) == 4
    assert all(str(path) in problem for problem in problems)
    assert any("'last_path'" in p and "cannot be text" in p for p in problems)
    assert any("'last_sentence' must be int, not str" in p for p in problems)
    assert problems[-1].endswith("the last place read is not restored")
    assert update_state(last_sentence=2)
    written = path.read_text(encoding="utf-8")
    assert "\\ud800" not in written
    assert "three" not in written
    assert json.loads(written) == {"theme": "dark", "last_sentence": 2}


@pytest.mark.parametrize("kind", HOSTILE_FILE_KINDS)
def test_a_pipe_or_device_in_place_of_the_state_is_refused(kind: str) -> None:
    path = locations.state_path()
    plant(path, kind)
    started = time.monotonic()
    state, problems = read_state()
    assert state == {}
    assert REFUSED_WORDS[kind] in problems[0]
    assert str(path) in problems[0]
    assert not update_state(last_sentence=1)  # refused, the pipe or link left as it was
    assert path.is_symlink() == (kind != "fifo")
    assert load_state() == {}
    assert time.monotonic() - started < 5


# -- keymap.json --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", HOSTILE_FILE_KINDS)
def test_a_pipe_or_device_in_place_of_the_keymap_is_refused(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "keymap.json"
    plant(path, kind)
    keymap, note = load_keymap(path)
    assert keymap == {}
    assert note is not None
    assert "keymap.json" in note
    assert REFUSED_WORDS[kind] in note


def test_keymap_entries_that_cannot_be_text_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "keymap.json"
    entries = {"article.next": "x", f"app.s{LONE_SURROGATE}": "s", "app.quit": LONE_SURROGATE}
    path.write_text(json.dumps(entries))
    keymap, note = load_keymap(path)
    assert keymap == {"article.next": "x"}
    assert note is not None
    assert "2 entries" in note
    path.write_text(deep_json(1000))
    assert load_keymap(path)[0] == {}


# -- the cache ----------------------------------------------------------------------------


def _articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_bytes(GOOD_2022)
    (folder / "b.txt").write_bytes(GOOD_2023)
    return folder


@pytest.mark.parametrize("kind", HOSTILE_FILE_KINDS)
def test_a_pipe_or_device_in_place_of_the_cache_file_is_reported(tmp_path: Path, kind: str) -> None:
    folder = _articles(tmp_path)
    home = tmp_path / "cache"
    load([folder], cache=ArticleCache(home, reader_fingerprint()))  # makes the marked folder
    cache_file = CacheFile(home, reader_fingerprint()).path
    cache_file.unlink()
    plant(cache_file, kind)
    started = time.monotonic()
    result = load([folder], cache=ArticleCache(home, reader_fingerprint()))
    assert len(result.meetings) == 2
    notes = [p for p in result.problems if p.path == str(cache_file)]
    assert len(notes) == 1
    assert REFUSED_WORDS[kind] in notes[0].reason
    assert notes[0].severity == "warning"
    assert os.path.lexists(cache_file)
    assert cache_file.is_symlink() == (kind != "fifo")  # never replaced
    assert time.monotonic() - started < 5


def test_a_shared_cache_folder_keeps_every_file_and_folder_that_is_not_dipreaders(
    tmp_path: Path,
) -> None:
    folder = _articles(tmp_path)
    home = tmp_path / "shared"
    foreign = {
        "meetings-notes.json": b"mine",
        "meetings-0123456789abcdef.cache": b"looks like an old dipreader cache, is not ours",
        "search-results/keep.txt": b"a folder of mine",
        "photos/cat.png": b"png",
        "notes.txt": b"text",
    }
    for name, data in foreign.items():
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        (home / name).write_bytes(data)
    own = own_folder(home)
    stale = own / "meetings-fedcba9876543210.cache"
    load([folder], cache=ArticleCache(home, "fedcba9876543210"))
    assert stale.is_file()
    odd = own / "meetings-mine.cache"  # a name dipreader never writes, in its own folder
    odd.write_bytes(b"kept")
    load([folder], cache=ArticleCache(home, reader_fingerprint()))
    for name, data in foreign.items():
        assert (home / name).read_bytes() == data, name
    assert odd.read_bytes() == b"kept"
    assert not stale.exists()  # an earlier reader's cache, in dipreader's marked folder: gone
    assert (own / MARKER).is_file()
    assert sorted(p.name for p in own.iterdir()) == sorted(
        [MARKER, "meetings-mine.cache", f"meetings-{reader_fingerprint()}.cache"]
    )


def test_a_folder_of_the_cache_name_that_is_not_dipreaders_is_left_alone(tmp_path: Path) -> None:
    folder = _articles(tmp_path)
    home = tmp_path / "cache"
    theirs = home / OWN_FOLDER
    theirs.mkdir(parents=True)
    (theirs / f"meetings-{reader_fingerprint()}.cache").write_bytes(b"their file")
    result = load([folder], cache=ArticleCache(home, reader_fingerprint()))
    assert len(result.meetings) == 2
    assert any("not dipreader's" in p.reason for p in result.problems)
    assert [p.name for p in theirs.iterdir()] == [f"meetings-{reader_fingerprint()}.cache"]
    assert (theirs / f"meetings-{reader_fingerprint()}.cache").read_bytes() == b"their file"


def test_a_cache_holding_surrogates_gives_no_text_that_cannot_be_shown(tmp_path: Path) -> None:
    folder = _articles(tmp_path)
    home = tmp_path / "cache"
    load([folder], cache=ArticleCache(home, reader_fingerprint()))
    path = CacheFile(home, reader_fingerprint()).path
    raw = path.read_bytes()
    # "Wang" in the header's table of people turned into "W" and a surrogate (as long in
    # bytes, so that the layout holds): the texts are left, so the entries are used as they are.
    start = raw.index(b"{")
    end = start + int.from_bytes(raw[start - 8 : start], "little")
    header = raw[start:end].replace(b"Wang", "W\ud800".encode("utf-8", "surrogatepass"))
    assert header != raw[start:end]
    path.write_bytes(raw[:start] + header + raw[end:])
    result = load([folder], cache=ArticleCache(home, reader_fingerprint()))
    assert len(result.meetings) == 2
    for meeting in result.meetings:
        assert _encodable(meeting.text)
        assert all(_encodable(speaker.name) for speaker in meeting.speakers)
    assert any("W\ufffd" in s.name for m in result.meetings for s in m.speakers)  # from the cache


def test_the_stored_search_index_cleans_up_only_its_own_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dipreader.core.search import indexing
    from dipreader.core.search.index_file import INDEX_FILE

    monkeypatch.setattr(indexing, "STORE_THRESHOLD", 1)
    home = tmp_path / "cache"
    own = own_folder(home)
    old = own / "search-0000000000000000"
    theirs = own / "search-results"
    top = home / "search-0000000000000000"
    for folder in (old, theirs, top):
        folder.mkdir(parents=True)
        (folder / INDEX_FILE).write_bytes(b"an index")
        (folder / "mine.txt").write_bytes(b"the user's")
    (own / MARKER).write_text(
        "Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This folder holds dipreader's cache: derived data, rebuilt when missing.\n"
    )
    builder = indexing.IndexBuilder(home)
    for meeting in load([_articles(tmp_path)], cache=False).meetings:
        builder.add(meeting)
    builder.finish(store=False)
    builder.store({})
    assert (indexing.index_folder(home) / INDEX_FILE).is_file()
    assert sorted(p.name for p in old.iterdir()) == ["mine.txt"]  # ours deleted, theirs kept
    for folder in (theirs, top):
        assert sorted(p.name for p in folder.iterdir()) == sorted([INDEX_FILE, "mine.txt"])


@pytest.mark.parametrize("kind", HOSTILE_FILE_KINDS)
def test_a_pipe_or_device_in_place_of_the_stored_index_is_not_read(
    tmp_path: Path, kind: str
) -> None:
    from dipreader.core.search.index_file import INDEX_FILE, load_index

    plant(tmp_path / INDEX_FILE, kind)
    meetings = load([_articles(tmp_path)], cache=False).meetings
    started = time.monotonic()
    assert load_index(tmp_path, meetings) is None
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("kind", HOSTILE_FILE_KINDS)
def test_the_command_line_reports_a_pipe_or_device_in_place_of_the_cache(kind: str) -> None:
    from dipreader.core.settings.cache_folder import prepare

    prepare(locations.cache_dir())
    path = CacheFile(locations.cache_dir(), reader_fingerprint()).path
    plant(path, kind)
    started = time.monotonic()
    result = run_cli("list", str(locations.seeds_dir()), timeout=30)
    assert time.monotonic() - started < 5
    assert result.returncode == 0, result.stderr
    assert "2023-07-15" in result.stdout
    assert f"cache not used: not a regular file (a {REFUSED_WORDS[kind]})" in result.stderr
    assert os.path.lexists(path)


def test_a_file_name_that_is_not_utf8_is_cached_like_any_other(tmp_path: Path) -> None:
    folder = _articles(tmp_path)
    odd = os.path.join(os.fsencode(folder), b"\xff-name.txt")
    with open(odd, "wb") as handle:
        handle.write(GOOD_2022.replace(b"2022-07-08", b"2021-01-01"))
    home = tmp_path / "cache"
    load([folder], cache=ArticleCache(home, reader_fingerprint()))
    cache = ArticleCache(home, reader_fingerprint())
    assert cache.notice is None
    assert len(cache) == 3  # before, one such name left the whole cache unwritten
    key = os.path.abspath(os.fsdecode(odd))
    info = os.stat(odd)
    assert cache.get(key, (info.st_size, info.st_mtime_ns)) is not None


def test_a_number_too_long_to_read_is_invalid_json_not_a_crash(tmp_path: Path) -> None:
    huge = "1" + "0" * 5000  # past Python's 4,300 digits: json.loads raises a bare ValueError
    with pytest.raises(UntrustedError, match="number too long"):
        parse_json("[" + huge + "]")
    path = locations.state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"last_sentence": ' + huge + "}")
    assert read_state()[0] == {}
    keymap = tmp_path / "keymap.json"
    keymap.write_text('{"article.next": ' + huge + "}")
    assert load_keymap(keymap)[0] == {}
    articles = tmp_path / "a.jsonl"
    text = json.dumps({"text": GOOD_2022.decode()})
    articles.write_text(text + '\n{"text": "x", "n": ' + huge + "}\n")
    meetings, problems = load_file(str(articles), 1 << 20)
    assert len(meetings) == 1
    assert [p.line for p in problems if "number too long" in p.reason] == [2]


def test_a_large_file_in_place_of_the_cache_is_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dipreader.core.corpus import cache_file

    folder = _articles(tmp_path)
    home = tmp_path / "cache"
    load([folder], cache=ArticleCache(home, reader_fingerprint()))
    path = CacheFile(home, reader_fingerprint()).path
    path.write_bytes(b"\0" * 100_000)  # not a cache: its first bytes say so

    def never(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("read whole")

    monkeypatch.setattr(cache_file, "read_regular", never)
    cache = ArticleCache(home, reader_fingerprint())
    assert cache.notice is not None
    assert "not a dipreader cache" in cache.notice


def test_a_feed_with_references_to_no_character_loads_every_item(tmp_path: Path) -> None:
    body = "Wang Yi met Park Jin in Seoul on Friday. Wang said the two sides agreed."
    refs = ["&#xD800;", "&#55296;", "&#xdfff;", "&#1114112;", "&#x110000;", "&#" + "9" * 5000 + ";"]
    items = "".join(
        f"<item><title>T{ref}</title><description>{body} {ref}</description></item>"
        for ref in [*refs, "&#233;"]
    )
    path = tmp_path / "feed.rss"
    path.write_text(f'<rss version="2.0"><channel><title>c</title>{items}</channel></rss>')
    meetings, problems = load_file(str(path), 1 << 20)
    assert len(meetings) == len(refs) + 1  # before, the whole feed was refused
    assert [m.title for m in meetings] == ["T\ufffd"] * len(refs) + ["T\xe9"]
    assert all(_encodable(m.text) for m in meetings)
    assert any("12 character references to no character" in p.reason for p in problems)
