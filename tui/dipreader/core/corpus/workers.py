"""Reading files into meetings on worker processes: many files at once on a machine's cores,
in the order they were given, and in this process when there are few or no processes to be had.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Generator
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from dipreader.core.corpus.articles import load_file
from dipreader.core.corpus.database_rows import Prepared, prepare_all
from dipreader.core.corpus.packing import FileEntry, pack, unpack

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200
_CHUNK = 64
_FIRST_CHUNK = 16


# What a worker process sends back for one file: its meetings packed, and its problems.
PackedEntry = tuple[list[list[Any]], list[tuple[str, str, int]]]
# One file as the corpus database's rows (None: a text that cannot be kept), its problems.
RowsEntry = tuple[list[Prepared] | None, list[tuple[str, str, int]]]
Job = tuple[str, int]
Sent = TypeVar("Sent")  # what a worker sends back for one file
Given = TypeVar("Given")  # what the reader gives for one file


class _Workers(Generic[Sent, Given]):
    """Reads the files it is given, in order: on worker processes when there are many,
    started and fed while the folders are still being walked, so that the workers are
    already reading when the walk ends. ``chunk`` is what a worker runs on a list of jobs,
    ``given`` makes what it sent into what is given, ``here`` reads one job in this process."""

    def __init__(
        self,
        limit: int,
        workers: int | None,
        chunk: Callable[[list[Job]], list[Sent]],
        given: Callable[[Sent], Given],
        here: Callable[[Job], Given],
    ) -> None:
        self._chunk_function = chunk
        self._given_of = given
        self._here = here
        self._limit = limit
        self._count = workers if workers is not None else min(os.cpu_count() or 1, 4)
        self._jobs: list[Job] = []
        self._pool: ProcessPoolExecutor | None = None
        self._chunks: list[Future[list[Sent]] | None] = []  # None once taken
        self._submitted = 0  # jobs handed to the workers
        self._taken = 0  # chunks whose results were given (by ready)
        self._given = 0  # files whose results were given (by ready)
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
            self._chunks.append(self._pool.submit(self._chunk_function, chunk))
            self._submitted = upto
        except (OSError, BrokenProcessPool, RuntimeError):
            self._failed = True

    def ready(self) -> list[Given]:
        """The entries the workers have finished so far, in order, without waiting (none
        when reading here): for a caller that keeps what is read while it still adds files.
        :meth:`results` goes on from there."""
        found: list[Given] = []
        chunks = self._chunks
        while self._taken < len(chunks):
            future = chunks[self._taken]
            if future is None or not future.done() or future.exception() is not None:
                break  # a failed chunk is left to results(), which reads it here instead
            chunks[self._taken] = None
            self._taken += 1
            found += map(self._given_of, future.result())
        self._given += len(found)
        return found

    def close(self) -> None:
        """Stop the workers without waiting for what they have left (results not taken)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            _stop_fork_server()

    def results(self) -> Generator[Given, None, None]:
        """Each file's entry, in order."""
        if self._pool is None:
            # Read here (few files, or no processes to be had): no pool to import.
            for job in self._jobs:
                yield self._here(job)
            return
        from concurrent.futures.process import BrokenProcessPool

        pool = self._pool
        done = self._given
        finished = False
        try:
            while not self._failed and self._submitted < len(self._jobs):
                self._submit(min(len(self._jobs), self._submitted + _CHUNK))
            chunks = self._chunks
            for number in range(self._taken, len(chunks)):
                future = chunks[number]
                # Let each chunk's result go once taken: kept, a large cold load held every
                # article read until the end.
                chunks[number] = None
                assert future is not None
                for sent in future.result():
                    done += 1
                    yield self._given_of(sent)
            finished = True
        except (OSError, BrokenProcessPool, ValueError):
            # The workers failed (a locked-down machine): read the rest here instead.
            pass
        finally:
            # Stopped early (the reader closing mid-load): do not wait for the rest.
            pool.shutdown(wait=finished, cancel_futures=not finished)
            _stop_fork_server()
        for job in self._jobs[done:]:
            yield self._here(job)


ReaderEntry = tuple[FileEntry, list[list[Any]] | None]


class Reader(_Workers[PackedEntry, ReaderEntry]):
    """Each file's meetings (and problems), with its meetings packed when a worker read them
    (for the cache file)."""

    def __init__(self, limit: int, workers: int | None) -> None:
        super().__init__(limit, workers, read_chunk, _unpacked, _read_here)


class RowReader(_Workers[RowsEntry, RowsEntry]):
    """Each file as the corpus database's rows, made where it was read: the process that
    writes them does little more than hand them to SQLite."""

    def __init__(self, limit: int, workers: int | None) -> None:
        super().__init__(limit, workers, read_rows_chunk, _same, read_rows)


def _unpacked(sent: PackedEntry) -> ReaderEntry:
    packed, problems = sent
    return ([unpack(item, checked=False) for item in packed], problems), packed


def _read_here(job: Job) -> ReaderEntry:
    return read_one(job), None


def _same(sent: RowsEntry) -> RowsEntry:
    return sent


# What a worker needs, imported once by the fork server instead of by every worker.
_WORKER_MODULES = ["dipreader.core.corpus.workers", "dipreader.core.reading.readout"]


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


def read_rows_chunk(jobs: list[Job]) -> list[RowsEntry]:
    return [read_rows(job) for job in jobs]


def read_rows(job: Job) -> RowsEntry:
    meetings, problems = read_one(job)
    return prepare_all(meetings, job[0]), problems


def read_chunk(jobs: list[Job]) -> list[PackedEntry]:
    # Packed lists cross the process boundary far cheaper than pickled objects.
    results: list[PackedEntry] = []
    for job in jobs:
        meetings, problems = read_one(job)
        results.append(([pack(meeting) for meeting in meetings], problems))
    return results


def read_one(job: Job) -> FileEntry:
    path, limit = job
    meetings, problems = load_file(path, limit)
    return meetings, [(p.reason, p.severity, p.line) for p in problems]
