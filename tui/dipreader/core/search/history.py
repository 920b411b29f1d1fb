"""The queries searched before, newest last, for ``up`` and ``down`` in an empty search box:
``search-history.json`` in the data folder (what the user typed is theirs, so it lives with
their notes, not in the cache).

Bounded: the last :data:`MAX_ENTRIES` distinct queries, each at most as long as a query may
be. Written whole and atomically (:mod:`dipreader.core.files`). A file that cannot be read as
a history (damaged, another program's, a pipe in its place) is never written over: a damaged
one is moved aside (``search-history.json.damaged``) and the history starts again, and
:attr:`SearchHistory.problem` says so, naming the file and the reason.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dipreader.core.files import FileRefused, read_regular, write_text_atomically
from dipreader.core.search.query import MAX_QUERY_CHARS
from dipreader.core.settings.locations import data_dir
from dipreader.core.text.untrusted import UntrustedError, parse_json, scrub

HISTORY_FILE = "search-history.json"
MAX_ENTRIES = 100
_MAX_BYTES = 1024 * 1024  # 100 queries of 400 characters are 40 KB: far more is not ours


def history_path() -> Path:
    return data_dir() / HISTORY_FILE


class SearchHistory:
    """The earlier queries, oldest first; :meth:`add` keeps one and saves them."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else history_path()
        self.problem: str | None = None
        self._writable = True
        self._entries: list[str] = self._read()

    @property
    def entries(self) -> list[str]:
        return list(self._entries)

    def add(self, query: str) -> bool:
        """Keep ``query`` as the newest (once: an earlier copy moves up) and save; False if
        it was not kept (empty) or could not be saved (then :attr:`problem` says why)."""
        # One line, and text that can be saved (a lone surrogate is none a user typed).
        query = scrub(" ".join(query.split())[:MAX_QUERY_CHARS])[0]
        if not query:
            return False
        if query in self._entries:
            self._entries.remove(query)
        self._entries.append(query)
        del self._entries[:-MAX_ENTRIES]
        return self._save()

    def _read(self) -> list[str]:
        path = self.path
        try:
            raw = read_regular(path, _MAX_BYTES)
        except FileNotFoundError:
            return []
        except FileRefused as error:
            self._refuse(f"{error.reason}")
            return []
        except OSError as error:
            self._refuse(f"cannot be read ({error.strerror or type(error).__name__})")
            return []
        try:
            data, _ = parse_json(raw, max_depth=4)
        except UntrustedError as error:
            return self._move_aside(str(error))
        if not isinstance(data, dict) or not isinstance(data.get("queries"), list):
            return self._move_aside('not a search history (no "queries" list)')
        found = [entry for entry in data["queries"] if isinstance(entry, str) and entry.strip()]
        return found[-MAX_ENTRIES:]

    def _refuse(self, reason: str) -> None:
        """Something that is not a history file is there: never write over it."""
        self._writable = False
        self.problem = f"{self.path}: {reason}; search history is not kept this session"

    def _move_aside(self, reason: str) -> list[str]:
        aside = self.path.with_name(self.path.name + ".damaged")
        number = 1
        while aside.exists():
            number += 1
            aside = self.path.with_name(f"{self.path.name}.damaged-{number}")
        try:
            os.replace(self.path, aside)
        except OSError as error:
            self._refuse(f"{reason}, and it cannot be moved aside ({error.strerror})")
            return []
        self.problem = f"{self.path}: {reason}; moved aside to {aside.name}"
        return []

    def _save(self) -> bool:
        if not self._writable:
            return False
        text = json.dumps({"queries": self._entries}, ensure_ascii=False, indent=0)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(self.path, text)
        except OSError as error:
            self.problem = f"{self.path}: search history not saved ({error})"
            return False
        return True
