"""What the screens share with the reader: the meetings, the search index, the loading state
and the notes, in one object handed to each screen when it is made.

Screens never import the app. They read this object, and learn that the corpus changed (loading
finished, every meeting indexed) from :attr:`ReaderContext.corpus_changed`, a Textual signal
they subscribe to once mounted. Only the app's message handlers, on the main thread, change
what is here; workers post messages.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from textual.signal import Signal

from dipreader.core.model import Meeting

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from dipreader.core.search.index import SearchIndex
    from dipreader.ui.notebook import Notebook


class ReaderContext:
    """The reader's shared state, as the screens see it."""

    def __init__(self, owner: DOMNode) -> None:
        self.meetings: list[Meeting] = []
        self.loading = True
        self.notebook: Notebook | None = None  # opened once loading is over, or when wanted
        self.shown: Meeting | None = None  # the meeting the article shows
        # The index and the lock its builder holds while it adds to it or swaps it (one
        # tuple, so that a worker reads both of one pair). None until loading starts.
        self._index: tuple[SearchIndex, threading.Lock] | None = None
        # Published (with this object) when the corpus changed: loading finished.
        self.corpus_changed: Signal[ReaderContext] = Signal(owner, "corpus-changed")

    def use_index(self, index: SearchIndex, lock: threading.Lock) -> None:
        """Search ``index`` from now on (``lock`` guards it while it is being built)."""
        self._index = (index, lock)

    @contextmanager
    def search_index(self) -> Iterator[SearchIndex | None]:
        """The search index, held so that loading does not change it meanwhile (in a worker:
        searching may take a while); None before loading has started."""
        pair = self._index
        if pair is None:
            yield None
            return
        index, lock = pair
        with lock:
            yield index

    def marks(self, meeting: Meeting) -> dict[int, str]:
        """Bookmark and note glyphs by sentence index for ``meeting`` (none without notes)."""
        return self.notebook.marks(meeting) if self.notebook is not None else {}

    def finished_loading(self) -> None:
        """Loading is over: say so to every screen listening."""
        self.loading = False
        self.corpus_changed.publish(self)
