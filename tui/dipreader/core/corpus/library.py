"""The corpus of the paths a reader opened, kept in a corpus database in the cache folder and
brought up to date on each start: only new and changed files are read (on worker processes
when there are many), kept in batches as they come, so that what is kept already can be listed
and searched meanwhile; files that are gone are forgotten.

Each set of paths (with the article size limit) has a database of its own, so that opening
one folder never lists another's meetings. It is only a cache: see
:mod:`dipreader.core.corpus.database`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from dipreader.core.corpus.cache import stamp
from dipreader.core.corpus.database import CorpusDatabase, PreparedFile
from dipreader.core.corpus.database_rows import json_list
from dipreader.core.corpus.walk import DEFAULT_MAX_FILES, Problem, iter_files, max_bytes_from_env
from dipreader.core.corpus.workers import RowReader, RowsEntry
from dipreader.core.files import SQLITE_SIBLINGS
from dipreader.core.model import Meeting, Sentence, Speaker
from dipreader.core.people.identity import Registry
from dipreader.core.reading.reader_version import reader_fingerprint
from dipreader.core.settings.cache_folder import prepare, remove_own_files
from dipreader.core.settings.locations import cache_dir
from dipreader.core.text.safe import clean_line

# Files kept in one transaction: the first batch small, so that the first meetings are
# listed at once, then larger (each commit costs a sync of the write-ahead log).
FIRST_BATCH = 16
BATCH = 500
BATCH_SECONDS = 0.5
# The sentences of a meeting given for its speakers alone (shared: never added to).
_NONE: list[Sentence] = []
_POLL = 64  # files walked between looks at what the workers have read
KEPT_DATABASES = 8  # corpus databases of other paths left in the cache folder


@dataclass(slots=True)
class Update:
    """How far bringing the library up to date has come: one step after each batch kept."""

    found: int = 0  # article files the walk found
    unchanged: int = 0  # of them, kept already as they are
    read: int = 0  # read (new or changed) so far
    to_read: int = 0
    removed: int = 0  # files kept before and gone now
    problems: list[Problem] = field(default_factory=list)  # new since the last step
    changed: bool = False  # whether this step changed what the database holds
    finished: bool = False


class Library:
    """The readouts under ``paths``, kept in their corpus database (in ``folder``, the cache
    folder unless given)."""

    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        folder: Path | None = None,
        max_bytes: int | None = None,
        max_files: int = DEFAULT_MAX_FILES,
    ) -> None:
        self.paths = [os.fspath(path) for path in paths]
        self._limit = max_bytes if max_bytes is not None else max_bytes_from_env()
        self._max_files = max_files
        self._cast: _Cast | None = None  # who is who, taken in as a first load is kept
        base = folder if folder is not None else cache_dir()
        name = database_name(self.paths, self._limit)
        try:
            own = prepare(base)
        except OSError as error:  # FileRefused among them: not dipreader's folder
            # Kept in memory for the session: the next start reads everything again.
            self.database = CorpusDatabase(None, reader_fingerprint())
            self.database.notice = f"no corpus database kept on disk ({error})"
            return
        path = own / name
        self.database = CorpusDatabase(path, reader_fingerprint())
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: the last to be pruned
        _prune(own, keep=path)

    def close(self) -> None:
        self.database.close()

    def update(
        self, *, workers: int | None = None, stop: Callable[[], bool] | None = None
    ) -> Generator[Update, None, None]:
        """Bring the database up to date with the files, one step after each batch kept.

        Every problem is said once an update: those of the files kept already as they are,
        at the end of the walk, and those of the files read as they are read. Stopped (by
        ``stop`` or by closing the iterator), what was read so far is kept.
        """
        stopped = stop or (lambda: False)
        db = self.database
        stored = db.stored()
        # A first load is written without some indexes, made at its end; a load that died
        # before its end left them out, and this update makes them first.
        deferred = not stored and db.defer_indexes()
        if not deferred:
            db.make_indexes()
        # A first load takes each batch in as it is kept, while the workers read the next:
        # at its end only who is who is left to work out.
        self._cast = _Cast() if deferred else None
        # Who is one person need not be worked out again for new files of known speakers.
        marks = db.high_marks() if db.people_current() else None
        progress = Update()
        self._say_notice(progress)
        reader = RowReader(self._limit, workers)
        jobs: list[tuple[str, tuple[int, int] | None]] = []
        seen: set[str] = set()
        batch = _Batch()
        results = None
        try:
            for item in iter_files(self.paths, max_files=self._max_files):
                if stopped():
                    return
                if isinstance(item, Problem):
                    progress.problems.append(item)
                    continue
                seen.add(item)
                progress.found += 1
                known, now = stored.get(item), stamp(item)
                if known is not None and now is not None and (known.size, known.mtime) == now:
                    progress.unchanged += 1
                    continue
                jobs.append((item, now))
                reader.add(item)
                if len(jobs) % _POLL == 0:
                    # Keep what the workers have read while the walk goes on: the first
                    # meetings are listed before a large folder is walked to its end.
                    for entry in reader.ready():
                        if batch.take(jobs[progress.read], entry, progress):
                            self._keep(batch, progress)
                            yield progress
                            progress = _next(progress)
            progress.to_read = len(jobs)
            gone = [path for path in stored if path not in seen]
            if gone:
                progress.removed = db.remove(gone)
                progress.changed = True
            read_again = {path for path, _ in jobs}
            for path, reason, severity, line in db.problems():
                if path in seen and path not in read_again:
                    progress.problems.append(Problem(path, reason, _level(severity), line))
            yield progress
            progress = _next(progress)
            results = reader.results()
            for job, entry in zip(jobs[progress.read :], results, strict=True):
                if batch.take(job, entry, progress):
                    self._keep(batch, progress)
                    yield progress
                    progress = _next(progress)
                if stopped():
                    break
        finally:
            # The workers stop (without waiting) if the update did; what was read is kept.
            if results is not None:
                results.close()
            else:
                reader.close()
            if batch.files:
                self._keep(batch, progress)
            if deferred:
                db.make_indexes()
        progress.problems += self._duplicates(read_again)
        if not self.database.people_current():
            only_new = not gone and not any(path in stored for path, _ in jobs)
            cast, self._cast = self._cast, None
            if cast is not None and not db.notice and cast.taken == db.count():
                cast.take(db)
                cast.keep(db)
            elif not (marks and only_new and self.database.keep_people_for_new(marks)):
                self._identify()
            progress.changed = True
        progress.finished = True
        yield progress

    def _identify(self) -> None:
        """Work out who is one person across every meeting kept (core/people/identity.py),
        from their speakers and the aliases their texts introduce, and keep it."""
        cast = _Cast()
        cast.take(self.database)
        cast.keep(self.database)

    def _keep(self, batch: _Batch, progress: Update) -> None:
        db = self.database
        db.write(batch.files)
        batch.clear()
        progress.changed = True
        if self._cast is not None:
            if db.notice:
                self._cast = None  # what was taken in may no longer be what is kept
            else:
                self._cast.take(db)
        self._say_notice(progress)

    def _say_notice(self, progress: Update) -> None:
        """What the database said went wrong (once), as a warning about its file."""
        db = self.database
        if db.notice:
            where = str(db.path) if db.path is not None else "corpus database"
            progress.problems.append(Problem(where, db.notice, "warning"))
            db.notice = None

    def _duplicates(self, read: set[str]) -> list[Problem]:
        """A warning for each meeting whose text an earlier one has (said again only when
        one of the two was read in this update)."""
        found = []
        for path, line, earlier_path, earlier_line in self.database.duplicates():
            if path in read or earlier_path in read:
                earlier = f"{earlier_path}:{earlier_line}" if earlier_line else earlier_path
                reason = f"same text as {clean_line(earlier)} (both loaded)"
                found.append(Problem(path, reason, "warning", line))
        return found


def database_name(paths: list[str], limit: int) -> str:
    """The file name of the corpus database of ``paths`` read with the size ``limit``."""
    key = "\0".join(sorted({os.path.abspath(path) for path in paths})) + f"\0{limit}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"corpus-{digest[:16]}.sqlite"


class _Cast:
    """Who is one person (core/people/identity.py), worked out over the speaker rows of the
    meetings kept and the aliases their texts introduce (never the texts), taken in a page
    of meetings at a time in the order of articles."""

    def __init__(self) -> None:
        self.registry = Registry()
        self.meetings: list[Meeting] = []
        self.people: dict[int, Speaker] = {}
        self._article = 0

    @property
    def taken(self) -> int:
        return len(self.meetings)

    def take(self, db: CorpusDatabase) -> None:
        """Take in the meetings kept since the last time."""
        self.people.update(db.speakers(after=max(self.people, default=0)))
        while page := db.cast(self.people, after=self._article):
            # A page at a time: the whole corpus's rows at once cost more than the rest.
            for article, venue, introduced, cast in page:
                # Given for its speakers alone; ``line`` holds its article (for the plan).
                meeting = Meeting(
                    "", "", venue=venue, speakers=[s for _, s in cast], sentences=_NONE
                )
                meeting.line = article
                self.registry.add(meeting, assign=False, introduced=_pairs(introduced))
                self.meetings.append(meeting)
            self._article = page[-1][0]

    def keep(self, db: CorpusDatabase) -> None:
        """Work out who is who over every meeting taken in, and keep it."""
        registry = self.registry
        registry.plan()
        final = registry.final_ids()

        def person(speaker: Speaker) -> str:
            return final.get((speaker.name, speaker.role, speaker.country), speaker.id)

        persons = {row: person(s) for row, s in self.people.items() if person(s) != s.id}
        apart: dict[tuple[int, int], str] = {}
        for meeting in self.meetings:
            wanted = [person(speaker) for speaker in meeting.speakers]
            if len(set(wanted)) == len(wanted):
                continue  # the usual case: the speakers' persons are the ids
            for position, given in enumerate(registry.ids_in(meeting)):
                if given != wanted[position]:
                    apart[(meeting.line, position)] = given
        db.set_people(persons, apart)


class _Batch:
    """The files read and not kept yet: kept when there are enough, or it is time."""

    def __init__(self) -> None:
        self.files: list[PreparedFile] = []
        self._limit = FIRST_BATCH
        self._started = time.monotonic()

    def take(
        self,
        job: tuple[str, tuple[int, int] | None],
        entry: RowsEntry,
        progress: Update,
    ) -> bool:
        """Add a file as read (its problems to ``progress``); whether to keep the batch now."""
        path, file_stamp = job
        meetings, problems = entry
        progress.problems += [Problem(path, r, _level(s), n) for r, s, n in problems]
        progress.read += 1
        if file_stamp is not None:
            size, mtime = file_stamp
            self.files.append(PreparedFile(path, size, mtime, meetings, problems))
        full = len(self.files) >= self._limit
        return full or time.monotonic() - self._started >= BATCH_SECONDS

    def clear(self) -> None:
        self.files = []
        self._limit = BATCH
        self._started = time.monotonic()


def _pairs(raw: object) -> list[tuple[str, str]]:
    """The aliases kept with an article, as ``aliases.scan`` gave them; none if unreadable."""
    try:
        found = json_list(raw)
    except ValueError:
        return []
    return [
        (alias, name)
        for alias, name in (pair for pair in found if isinstance(pair, list) and len(pair) == 2)
        if isinstance(alias, str) and isinstance(name, str)
    ]


def _next(progress: Update) -> Update:
    """The next step's progress: the counts go on, the problems and changes start again."""
    return Update(
        progress.found,
        progress.unchanged,
        progress.read,
        progress.to_read,
        progress.removed,
    )


def _level(severity: str) -> Literal["error", "warning"]:
    return "warning" if severity == "warning" else "error"


def _prune(folder: Path, *, keep: Path) -> None:
    """Delete the corpus databases of other paths beyond the last few used (a cache: each is
    made again when its paths are opened), only ever dipreader's own files."""
    try:
        found = [path for path in folder.glob("corpus-*.sqlite") if path != keep]
        found.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in found[KEPT_DATABASES:]:
        names = [f"{old.name}{side}" for side in ("", *SQLITE_SIBLINGS)]
        remove_own_files(folder, re.compile("|".join(map(re.escape, names))))
