"""Loading articles from files and folders, collecting every problem with its file and reason.

A problem in one file never stops the others. Only regular files are read, never more than
the size limit, and folder walks are bounded, so a named pipe, ``/dev/zero``, a link loop or a
huge folder cannot hang the reader.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from dipreader.core.corpus.cache import ArticleCache, FileEntry, pack, stamp, unpack
from dipreader.core.model import Meeting
from dipreader.core.people import identity
from dipreader.core.reading.reader_version import reader_fingerprint
from dipreader.core.settings.locations import cache_dir, seeds_dir
from dipreader.core.text.decode import DecodeError, decode
from dipreader.core.text.safe import clean_line

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# What a folder walk reads (a file named on the command line is read whatever its name).
ARTICLE_SUFFIXES = frozenset(
    ".txt .text .md .markdown .jsonl .html .htm .xhtml .rss .atom .xml".split()
)
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_FILES = 200_000


def max_bytes_from_env() -> int:
    """The article size limit: ``DIPREADER_MAX_BYTES`` or 8 MiB."""
    raw = os.environ.get("DIPREADER_MAX_BYTES", "")
    try:
        value = int(raw)
    except ValueError:
        return DEFAULT_MAX_BYTES
    return value if value > 0 else DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file (or one line of a .jsonl file) did not load, or loaded with a caveat."""

    path: str
    reason: str
    severity: Literal["error", "warning"] = "error"
    line: int = 0

    @property
    def where(self) -> str:
        """The path, escaped so that it is safe on a terminal, with the line if there is one."""
        shown = clean_line(self.path)
        return f"{shown}:{self.line}" if self.line else shown

    def __str__(self) -> str:
        return f"{self.where}: {clean_line(self.reason)}"


@dataclass(slots=True)
class LoadResult:
    meetings: list[Meeting] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]


def sort_key(meeting: Meeting) -> tuple[int, str, str, int]:
    """Newest first; undated last; then by path for a stable order."""
    ordinal = meeting.date.toordinal() if meeting.date else 0
    return (-ordinal, meeting.path, "", meeting.line)


def newest_first(meetings: Iterable[Meeting]) -> list[Meeting]:
    return sorted(meetings, key=sort_key)


def iter_files(
    paths: Iterable[str | os.PathLike[str]], max_files: int = DEFAULT_MAX_FILES
) -> Iterator[str | Problem]:
    """Every article file under ``paths`` in a stable order, or a Problem for what cannot be.

    Folders are walked recursively in sorted order without following links to folders (no
    loops); at most ``max_files`` files are yielded.
    """
    count = 0
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        path = os.fspath(raw)
        try:
            info = os.stat(path)
        except OSError as error:
            yield Problem(path, _os_reason(error))
            continue
        if stat.S_ISDIR(info.st_mode):
            for item in _walk(path, seen_dirs):
                if isinstance(item, str):
                    count += 1
                    if count > max_files:
                        yield Problem(path, f"more than {max_files} files; the rest skipped")
                        return
                yield item
        else:
            count += 1
            yield path


MAX_DEPTH = 64


def _walk(root: str, seen: set[tuple[int, int]]) -> Iterator[str | Problem]:
    """Depth-first, sorted, without recursion (a deep tree cannot overflow the stack).

    Paths stay plain strings: at 10,000 files, pathlib's parsing is a visible cost.
    """
    stack: list[tuple[str, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            yield Problem(folder, _os_reason(error))
            continue
        subfolders: list[str] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files and folders: editors' swap files, .git
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.path)
                    continue
                if entry.is_symlink() and entry.is_dir(follow_symlinks=True):
                    continue  # a link to a folder could loop; only real folders are walked
            except OSError as error:
                yield Problem(entry.path, _os_reason(error))
                continue
            if os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES:
                yield entry.path
        if subfolders and depth + 1 > MAX_DEPTH:
            yield Problem(folder, f"folders nested deeper than {MAX_DEPTH}; not read")
            continue
        # Files of a folder come before its subfolders, each subfolder in name order.
        stack.extend((sub, depth + 1) for sub in reversed(subfolders))


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    if error.errno is not None and error.errno == 40:  # ELOOP
        return "symbolic link loop"
    return error.strerror or str(error)


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing anything but a regular file and anything over the limit.

    Raises :class:`LoadError` with a reason a user can act on.
    """
    try:
        info = os.stat(path)
    except OSError as error:
        raise LoadError(_os_reason(error)) from error
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a named pipe"
            if stat.S_ISFIFO(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "a socket"
            if stat.S_ISSOCK(info.st_mode)
            else "a folder"
            if stat.S_ISDIR(info.st_mode)
            else "not a regular file"
        )
        raise LoadError(f"not a regular file ({kind}); skipped")
    if info.st_size > max_bytes:
        raise LoadError(_too_large(info.st_size, max_bytes))
    try:
        # O_NONBLOCK: should the file become a pipe between stat and open, open cannot hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise LoadError(_os_reason(error)) from error
    with os.fdopen(fd, "rb", buffering=0) as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode):
            raise LoadError("not a regular file; skipped")
        # Never more than the limit, whatever stat said (the file may grow meanwhile); and no
        # buffer of the limit's size for a small file (``read(8 MiB)`` costs more than the
        # article): the size stat gives, then smaller reads until the end.
        chunks: list[bytes] = []
        total = 0
        want = min(opened.st_size, max_bytes) + 1
        while total <= max_bytes:
            chunk = handle.read(min(want, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 1 << 16
        data = b"".join(chunks)
    if len(data) > max_bytes:
        raise LoadError(_too_large(len(data), max_bytes))
    return data


def _too_large(size: int, limit: int) -> str:
    return (
        f"larger than the article size limit ({size:,} bytes > {limit:,}; "
        "raise it with --max-size or DIPREADER_MAX_BYTES)"
    )


class LoadError(Exception):
    """A file could not be loaded; the message is the reason shown to the user."""


def load_file(path: str, max_bytes: int) -> tuple[list[Meeting], list[Problem]]:
    """Every meeting in one file (several for .jsonl and feeds) and its problems. Never raises.

    What the file is (a page, a feed, JSON Lines, Markdown, text) is told by its content first
    and its suffix second.
    """
    # Not imported by a start from the cache: only reading a file needs them.
    from dipreader.core.formats.inputs import declared_encoding, kind_of

    shown = path
    try:
        data = read_bytes(path, max_bytes)
        decoded = decode(data, declared_encoding(data))
    except (LoadError, DecodeError) as error:
        return [], [Problem(shown, str(error))]
    problems = [Problem(shown, note, "warning") for note in decoded.notes]
    text = decoded.text
    kind = kind_of(path, text)
    if kind == "jsonl":
        meetings, line_problems = _load_jsonl(text, shown)
        return meetings, problems + line_problems
    if kind == "feed":
        meetings, item_problems = _load_feed(data, shown)
        return meetings, problems + item_problems
    if kind == "other-xml":
        return [], [*problems, Problem(shown, "XML, but neither an RSS or Atom feed nor a page")]
    if not text.strip():
        return [], [*problems, Problem(shown, "empty file (nothing but white space)")]
    try:
        if kind == "text":
            from dipreader.core.reading.readout import read_meeting

            meeting = read_meeting(text, shown)
        else:
            meeting = _read_markup(kind, text, shown)
    except _ArticleError as error:
        return [], [*problems, Problem(shown, str(error))]
    except Exception as error:  # a reader bug must not cost the user the other files
        return [], [*problems, Problem(shown, f"could not be read: {type(error).__name__}")]
    problems.extend(Problem(shown, note, "warning") for note in meeting.warnings)
    return [meeting], problems


class _ArticleError(Exception):
    """The file holds no article; the message is the reason."""


def _read_markup(kind: str, text: str, shown: str) -> Meeting:
    from dipreader.core.reading.readout import read_extracted

    if kind == "page":
        from dipreader.core.formats.webpage import PageError, read_page

        try:
            article = read_page(text)
        except PageError as error:
            raise _ArticleError(str(error)) from None
    else:
        from dipreader.core.formats.markdown import read_markdown

        article = read_markdown(text)
    if not article.text.strip():
        raise _ArticleError("no article text (only markup or front matter)")
    return read_extracted(article, shown)


def _load_feed(data: bytes, shown: str) -> tuple[list[Meeting], list[Problem]]:
    """One meeting per item; an item that cannot be read is named, the others still load."""
    from dipreader.core.formats.feed import FeedError, read_feed
    from dipreader.core.reading.readout import read_extracted

    try:
        items, warning = read_feed(data)
    except FeedError as error:
        return [], [Problem(shown, str(error))]
    meetings: list[Meeting] = []
    problems = [Problem(shown, warning, "warning")] if warning else []
    for item in items:
        if item.article is None:
            problems.append(Problem(shown, item.problem or "could not be read", line=item.number))
            continue
        try:
            meeting = read_extracted(item.article, shown, line=item.number)
        except Exception as error:
            reason = f"could not be read: {type(error).__name__}"
            problems.append(Problem(shown, reason, line=item.number))
            continue
        problems.extend(Problem(shown, note, "warning", item.number) for note in meeting.warnings)
        meetings.append(meeting)
    if not meetings and not problems:
        problems.append(Problem(shown, "a feed with no items"))
    return meetings, problems


def _load_jsonl(text: str, shown: str) -> tuple[list[Meeting], list[Problem]]:
    from dipreader.core.reading.readout import read_meeting

    meetings: list[Meeting] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as error:
            reason = getattr(error, "msg", "too deeply nested")
            problems.append(Problem(shown, f"not valid JSON ({reason})", line=number))
            continue
        if not isinstance(record, dict):
            problems.append(
                Problem(shown, f"not a JSON object (a {type(record).__name__})", line=number)
            )
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            problems.append(Problem(shown, 'no "text" in this line', line=number))
            continue
        title = record.get("title") if isinstance(record.get("title"), str) else None
        try:
            meeting = read_meeting(body, shown, line=number, title=title)
        except Exception as error:
            problems.append(
                Problem(shown, f"could not be read: {type(error).__name__}", line=number)
            )
            continue
        raw_date = record.get("date")
        if isinstance(raw_date, str) and raw_date.strip():
            try:
                meeting.date = date.fromisoformat(raw_date.strip()[:10])
            except ValueError:
                problems.append(
                    Problem(shown, f"impossible date {raw_date[:20]!r}; undated", "warning", number)
                )
        source = record.get("source")
        if isinstance(source, str) and source.strip():
            meeting.source = source.strip()
        problems.extend(Problem(shown, note, "warning", number) for note in meeting.warnings)
        meetings.append(meeting)
    if not meetings and not problems:
        problems.append(Problem(shown, "empty file (no articles)"))
    return meetings, problems


def iter_load(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int | None = None,
    max_files: int = DEFAULT_MAX_FILES,
    cache: ArticleCache | bool = True,
    workers: int | None = None,
    save_cache: bool = True,
) -> Iterator[Meeting | Problem]:
    """Meetings and problems one by one, as each file is read (for progress and streaming).

    Files whose size and modification time match the cache are taken from it; the rest are
    read, on several processes when there are many, and put in the cache, which is written at
    the end unless ``save_cache`` is False (the caller then saves it: see :class:`Loading`).
    An article whose text is the same as an earlier one's loads too, followed by a warning
    that says so.
    """
    # Loading makes hundreds of thousands of long-lived objects and no garbage cycles: the
    # cycle collector would only walk them again and again as they pile up (0.5 s of a cold
    # start of 10,000 articles). It is paused until the last item is taken, or loading stops;
    # then what loading made is frozen (kept out of every later collection), or the first
    # collections would walk it all again (0.1-0.3 s, in the middle of showing the list).
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        items = _iter_read(
            paths,
            max_bytes=max_bytes,
            max_files=max_files,
            cache=cache,
            workers=workers,
            save_cache=save_cache,
        )
        yield from _with_duplicates(items)
    finally:
        if paused:
            gc.freeze()
            gc.enable()


def _with_duplicates(items: Iterable[Meeting | Problem]) -> Iterator[Meeting | Problem]:
    """``items``, each meeting whose text an earlier one has followed by a warning."""
    first_seen: dict[str, Meeting] = {}  # by the hash of the text, which meetings keep
    for item in items:
        yield item
        if isinstance(item, Meeting):
            earlier = first_seen.setdefault(item.text_hash, item)
            if earlier is not item:
                yield _duplicate(item, earlier)


def _duplicate(meeting: Meeting, earlier: Meeting) -> Problem:
    return Problem(
        meeting.path,
        f"same text as {clean_line(earlier.location)} (both loaded)",
        "warning",
        meeting.line,
    )


def _iter_read(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int | None,
    max_files: int,
    cache: ArticleCache | bool,
    workers: int | None,
    save_cache: bool,
) -> Iterator[Meeting | Problem]:
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    store = _open_cache() if cache is True else (cache if isinstance(cache, ArticleCache) else None)
    misses: list[tuple[str, str, tuple[int, int] | None]] = []
    reader = _Reader(limit, workers)
    for item in iter_files(paths, max_files=max_files):
        if isinstance(item, Problem):
            yield item
            continue
        key = os.path.abspath(item)
        file_stamp = stamp(item)
        hit = store.get(key, file_stamp) if store is not None and file_stamp else None
        if hit is None:
            misses.append((item, key, file_stamp))
            reader.add(item)
            continue
        yield from _entry_items(item, hit)
    for (path, key, file_stamp), (entry, packed) in zip(misses, reader.results(), strict=True):
        if store is not None and file_stamp is not None and entry[0]:
            if packed is not None:
                store.put_packed(key, file_stamp, packed, entry[1])
            else:
                store.put(key, file_stamp, entry)
        yield from _entry_items(path, entry)
    if store is not None and save_cache:
        store.save()
    if store is not None:
        store.release()  # only when nothing is left to write


class Loading:
    """The items of :func:`iter_load` over ``paths``, with the cache written only when
    :meth:`save` is called: a reader builds its search index first, so that the corpus is
    searchable before the cache of the next start is written."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]], **options: Any) -> None:
        self._store = _open_cache()
        store: ArticleCache | bool = self._store if self._store is not None else False
        self._items = iter_load(paths, cache=store, save_cache=False, **options)

    def __iter__(self) -> Iterator[Meeting | Problem]:
        return self._items

    def save(self) -> None:
        """Write the cache (a cache that cannot be written only makes the next start slower)."""
        if self._store is not None:
            self._store.save()


def _open_cache() -> ArticleCache | None:
    try:
        return ArticleCache(cache_dir(), reader_fingerprint())
    except OSError:
        return None


def _entry_items(path: str, entry: FileEntry) -> Iterator[Meeting | Problem]:
    shown = path
    meetings, problems = entry
    for meeting in meetings:
        meeting.path = shown
        yield meeting
    for reason, severity, line in problems:
        yield Problem(shown, reason, "warning" if severity == "warning" else "error", line)


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200
_CHUNK = 64
_FIRST_CHUNK = 16


# What a worker process sends back for one file: its meetings packed, and its problems.
PackedEntry = tuple[list[list[Any]], list[tuple[str, str, int]]]


class _Reader:
    """Reads the files the cache does not have, in order: on worker processes when there are
    many, started and fed while the folders are still being walked, so that the workers are
    already reading when the walk ends."""

    def __init__(self, limit: int, workers: int | None) -> None:
        self._limit = limit
        self._count = workers if workers is not None else min(os.cpu_count() or 1, 4)
        self._jobs: list[tuple[str, int]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._chunks: list[Future[list[PackedEntry]]] = []
        self._submitted = 0  # jobs handed to the workers
        self._failed = self._count <= 1

    def add(self, path: str) -> None:
        self._jobs.append((path, self._limit))
        if self._failed:
            return
        if self._pool is None and len(self._jobs) >= PARALLEL_THRESHOLD:
            # Imported only when there is work for workers (30 ms a start otherwise).
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            try:
                context = _worker_context(multiprocessing)
                _start_resource_tracker()
                self._pool = ProcessPoolExecutor(
                    max_workers=self._count, mp_context=context, initializer=_quiet_worker
                )
            except (OSError, ValueError):
                self._failed = True  # no processes to be had: read here instead
                return
        if self._pool is not None:
            # The first chunks are small, so that the first meetings come back at once.
            size = _FIRST_CHUNK if len(self._chunks) < self._count * 2 else _CHUNK
            if len(self._jobs) - self._submitted >= size:
                self._submit(self._submitted + size)

    def _submit(self, upto: int) -> None:
        from concurrent.futures.process import BrokenProcessPool

        assert self._pool is not None
        try:
            chunk = self._jobs[self._submitted : upto]
            self._chunks.append(self._pool.submit(_read_chunk, chunk))
            self._submitted = upto
        except (OSError, BrokenProcessPool, RuntimeError):
            self._failed = True

    def results(self) -> Iterator[tuple[FileEntry, list[list[Any]] | None]]:
        """Each file's entry, in order, with its meetings packed when a worker read them."""
        if self._pool is None:
            # Read here (few files, or no processes to be had): no pool to import.
            for job in self._jobs:
                yield _read_one(job), None
            return
        from concurrent.futures.process import BrokenProcessPool

        pool = self._pool
        done = 0
        finished = False
        try:
            while not self._failed and self._submitted < len(self._jobs):
                self._submit(min(len(self._jobs), self._submitted + _CHUNK))
            for future in self._chunks:
                for packed, problems in future.result():
                    meetings = [unpack(item, checked=False) for item in packed]
                    done += 1
                    yield (meetings, problems), packed
            finished = True
        except (OSError, BrokenProcessPool, ValueError):
            # The workers failed (a locked-down machine): read the rest here instead.
            pass
        finally:
            # Stopped early (the reader closing mid-load): do not wait for the rest.
            pool.shutdown(wait=finished, cancel_futures=not finished)
            _stop_fork_server()
        for job in self._jobs[done:]:
            yield _read_one(job), None


# What a worker needs, imported once by the fork server instead of by every worker.
_WORKER_MODULES = ["dipreader.core.corpus.corpus", "dipreader.core.reading.readout"]


def _worker_context(multiprocessing: Any) -> Any:
    """How worker processes start: from a fork server where there is one (Linux, macOS).

    Never a plain fork: the app runs threads, and forking them can deadlock. Spawned, each
    worker starts a new interpreter and imports the reading code (and the program that started
    it) on its own, 0.15-0.3 s of CPU each at the start of a load that is CPU-bound; forked
    from a server that imported it all once, it starts at once.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_WORKER_MODULES)
        return context
    return multiprocessing.get_context("spawn")


def _stop_fork_server() -> None:
    """Let the fork server go once the workers are done: it holds 25 MB of imported reading
    code for the rest of the session otherwise. Its only stop is private (multiprocessing's
    own tests use it), hence the care; another load starts it again when it needs one."""
    try:
        import multiprocessing.forkserver
    except ImportError:
        return
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)
    if callable(stop):
        with contextlib.suppress(Exception):
            stop()


def _start_resource_tracker() -> None:
    """Start multiprocessing's helper process, if it has to be, with a usable stderr.

    The helper is handed ``sys.stderr``'s file descriptor. In a full-screen app stderr is
    captured and has none (``fileno()`` is -1), and starting any worker then fails with
    "bad value(s) in fds_to_keep": the reader fell back to one thread. The helper gets the
    null device instead (its warnings would only scribble over the screen).
    """
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (OSError, ValueError, AttributeError):
        usable = False
    if usable:
        return
    from multiprocessing import resource_tracker

    captured = sys.stderr
    with open(os.devnull, "w") as null:
        sys.stderr = null
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = captured


def _quiet_worker() -> None:
    """A worker process writes nothing to the terminal (it may be a full-screen app's): its
    results and problems go back to the reader, anything else is noise."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)


def _read_chunk(jobs: list[tuple[str, int]]) -> list[PackedEntry]:
    # Packed lists cross the process boundary far cheaper than pickled objects.
    results: list[PackedEntry] = []
    for job in jobs:
        meetings, problems = _read_one(job)
        results.append(([pack(meeting) for meeting in meetings], problems))
    return results


def _read_one(job: tuple[str, int]) -> FileEntry:
    path, limit = job
    meetings, problems = load_file(path, limit)
    return meetings, [(p.reason, p.severity, p.line) for p in problems]


def load(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int | None = None,
    progress: Callable[[int], None] | None = None,
    cache: ArticleCache | bool = True,
    workers: int | None = None,
) -> LoadResult:
    """Every meeting under ``paths`` (newest first) and every problem met on the way, each
    person with one id across them all (core/people/identity.py: worked out here, never cached)."""
    result = LoadResult()
    items = iter_load(paths, max_bytes=max_bytes, cache=cache, workers=workers)
    for count, item in enumerate(items, start=1):
        if isinstance(item, Problem):
            result.problems.append(item)
        else:
            result.meetings.append(item)
        if progress is not None:
            progress(count)
    result.meetings = newest_first(result.meetings)
    identity.apply(result.meetings)
    return result


def load_seeds() -> LoadResult:
    return load([seeds_dir()])
