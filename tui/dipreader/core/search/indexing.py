"""The search index of a reading session: built as meetings arrive, or, on a warm start,
loaded from the cache folder once they have all arrived.

Building the index for 10,000 articles takes longer than reading them from the cache, so a
start whose meetings all match the last session's loads the stored index instead (a fraction
of the time). Anything stale or damaged is rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Sequence
from pathlib import Path

from dipreader.core.files import read_regular, write_text_atomically
from dipreader.core.model import Meeting
from dipreader.core.people.identity import Unit
from dipreader.core.reading.reader_version import identity_fingerprint
from dipreader.core.search.index import SearchIndex
from dipreader.core.search.index_file import INDEX_FILE, load_index, save_index
from dipreader.core.settings.cache_folder import own_folder, prepare, remove_own_subfolder
from dipreader.core.settings.locations import cache_dir

# Beside the stored index: who its speakers are (core/people/identity.py), for the same meetings.
IDENTITIES_FILE = "identities.json"

# The folders this module makes, and so the only ones its cleanup empties.
_OWN_NAME = re.compile(r"search-[0-9a-f]{16}")

# Below this many meetings the index builds faster than it loads and is not stored.
STORE_THRESHOLD = 500


def index_folder(base: Path | None = None) -> Path:
    """Where the stored index lives; its name carries the reader's and the identities'
    fingerprint, because the index keeps who says each sentence and a new reader (or a new way
    of telling who is one person) may say otherwise."""
    return own_folder(base or cache_dir()) / f"search-{identity_fingerprint()}"


class IndexBuilder:
    """Feed it meetings as they load; ``finish()`` gives the index over all of them.

    Thread-safe with respect to searches that hold ``lock`` while they search ``index``.
    """

    def __init__(self, base: Path | None = None, lock: threading.Lock | None = None) -> None:
        self.index = SearchIndex()
        self.lock = lock or threading.Lock()
        self.loaded_from_cache = False
        self._folder = index_folder(base)
        self._meetings: list[Meeting] = []
        # A stored index exists: wait for every meeting, then try it (a warm start).
        self._deferred = (self._folder / INDEX_FILE).is_file()
        self._built = False  # finish() built an index that store() has not kept yet

    @property
    def deferred(self) -> bool:
        """True while searches must wait: the stored index is tried once loading ends."""
        return self._deferred

    def add(self, meeting: Meeting) -> None:
        self._meetings.append(meeting)
        if not self._deferred:
            with self.lock:
                self.index.add(meeting)

    def finish(self, store: bool = True) -> SearchIndex:
        """The index over every meeting added; stores it for the next start when it was built
        (with ``store=False``, only once :meth:`store` is called)."""
        meetings = self._meetings
        if self._deferred:
            self._deferred = False
            stored = load_index(self._folder, meetings)
            if stored is not None:
                with self.lock:
                    self.index = stored
                self.loaded_from_cache = True
                return stored
            fresh = SearchIndex()
            fresh.add_many(meetings)
            with self.lock:
                self.index = fresh
        self._built = True
        if store:
            self.store()
        return self.index

    def rename_speakers(self, meetings: Sequence[Meeting], *, held: bool = False) -> int:
        """Take the ids these meetings' speakers were given at the end of loading (see
        core/people/identity.py) into the index :meth:`finish` gave, unless it was the stored one:
        that was stored with the same ids, worked out from the same meetings. ``held``: the
        caller holds :attr:`lock` already (it is not reentrant)."""
        if self._deferred or self.loaded_from_cache or not meetings:
            return 0
        if held:
            return self.index.rename_speakers(meetings)
        with self.lock:
            return self.index.rename_speakers(meetings)

    def stored_identities(self) -> dict[Unit, str]:
        """Who each speaker was when the stored index was made (core/people/identity.py): the ids
        it keeps. Valid only for the same meetings, which :meth:`finish` tells
        (``loaded_from_cache``); empty when there is none or it is damaged."""
        if not self._deferred:
            return {}
        try:
            # A regular file only (a pipe or /dev/zero in its place is refused: core/files.py).
            raw = read_regular(self._folder / IDENTITIES_FILE, 64 * 1024 * 1024)
            data = json.loads(raw.decode("utf-8"))
            found = {}
            for name, role, country, sid in data["speakers"]:
                if not all(isinstance(v, str | None) for v in (role, country)):
                    raise TypeError("not a speaker")
                found[(str(name), role, country)] = str(sid)
            return found
        except (OSError, ValueError, TypeError, KeyError):
            return {}

    def store(self, identities: dict[Unit, str] | None = None) -> None:
        """Keep the index :meth:`finish` built for the next start (never one it loaded),
        with the ids its speakers were given (``identities``: see :meth:`stored_identities`)."""
        if not self._built or len(self._meetings) < STORE_THRESHOLD:
            return
        self._built = False
        try:  # dipreader's own marked folder, never a folder of the user's (cache_folder.py)
            prepare(self._folder.parent.parent)
        except OSError:
            return
        if identities is not None:
            rows = [[*unit, sid] for unit, sid in identities.items()]
            with contextlib.suppress(OSError):
                self._folder.mkdir(parents=True, exist_ok=True)
                write_text_atomically(
                    self._folder / IDENTITIES_FILE, json.dumps({"speakers": rows})
                )
        if save_index(self.index, self._folder):
            # Indexes of earlier readers will never match again: do not let them pile up.
            for old in self._folder.parent.glob("search-*"):
                if old != self._folder and _OWN_NAME.fullmatch(old.name):
                    remove_own_subfolder(old, (INDEX_FILE, IDENTITIES_FILE))
