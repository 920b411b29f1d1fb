"""Loading articles from files and folders, collecting every problem with its file and reason.

A problem in one file never stops the others. Files are found and read by
:mod:`dipreader.core.corpus.walk`, read into meetings by :mod:`dipreader.core.corpus.articles`
(on worker processes for a large folder: :mod:`dipreader.core.corpus.workers`) and kept by
:mod:`dipreader.core.corpus.cache`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dipreader.core.corpus.cache import ArticleCache, stamp
from dipreader.core.corpus.packing import FileEntry
from dipreader.core.corpus.walk import DEFAULT_MAX_FILES, Problem, iter_files, max_bytes_from_env
from dipreader.core.corpus.workers import Reader
from dipreader.core.model import Meeting
from dipreader.core.people import identity
from dipreader.core.reading.reader_version import reader_fingerprint
from dipreader.core.settings.locations import cache_dir, seeds_dir
from dipreader.core.text.safe import clean_line


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
    reader = Reader(limit, workers)
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
