"""Loading articles from files and folders, collecting every problem with its file and reason.

A problem in one file never stops the others. Files are found and read by
:mod:`dipreader.core.corpus.walk`, read into meetings by :mod:`dipreader.core.corpus.articles`
(on worker processes for a large folder) and kept by :mod:`dipreader.core.corpus.cache`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dipreader.core.corpus.articles import load_file
from dipreader.core.corpus.cache import ArticleCache, stamp
from dipreader.core.corpus.packing import FileEntry, pack, unpack
from dipreader.core.corpus.walk import DEFAULT_MAX_FILES, Problem, iter_files, max_bytes_from_env
from dipreader.core.model import Meeting
from dipreader.core.people import identity
from dipreader.core.reading.reader_version import reader_fingerprint
from dipreader.core.settings.locations import cache_dir, seeds_dir
from dipreader.core.text.safe import clean_line

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor


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
    if store is not None and store.notice:
        yield Problem(str(store.path), store.notice, "warning")
    misses: list[tuple[str, str, tuple[int, int] | None]] = []
    reader = _Reader(limit, workers)
    for item in iter_files(paths, max_files=max_files):
        if isinstance(item, Problem):
            yield item
            continue
        key = os.path.abspath(item)
        file_stamp = stamp(item)
        hit = store.get(key, file_stamp, limit) if store is not None and file_stamp else None
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
