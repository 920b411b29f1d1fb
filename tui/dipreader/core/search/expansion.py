"""What a query word may mean: the vocabulary words it stands for, each with a weight.

Itself; while it is still being typed, the words it begins (the more of the word typed, the
surer); and the words one or two edits away (rapidfuzz over the small vocabulary, never over
the sentences; only words of near lengths are compared).
"""

from __future__ import annotations

import bisect
import heapq
import threading

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from dipreader.core.search.vocabulary import Vocabulary

_FUZZY_WEIGHT = {0: 1.0, 1: 0.8, 2: 0.6}
_SUBSTITUTION_COST = 0.04
_PREFIX_BASE = 0.6
_PREFIX_SPAN = 0.35
# How many completions a word being typed may stand for (the most frequent are kept).
_PREFIX_CAP = 48
_EXPANSION_CACHE = 512


class Expansions:
    """The expansions of query words in one vocabulary, cached until the vocabulary grows.

    Searches on several threads may share it while another thread adds words.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._vocabulary = vocabulary
        self._sorted_words: list[str] = []
        self._by_length: dict[int, list[str]] = {}  # for fuzzy matching: only near lengths
        self._cache: dict[tuple[str, bool], dict[str, float]] = {}
        self._expanded_at = 0  # vocabulary size the caches were made for
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Bring the sorted and by-length word lists up to date with the vocabulary.

        While meetings are still being added, each search sees a few new words: those are
        inserted, not the whole vocabulary sorted again.
        """
        all_words = self._vocabulary.words
        size = len(all_words)
        if size == self._expanded_at:
            return
        with self._lock:  # a stale search may still be running on another thread
            done = self._expanded_at
            new = [word for word in all_words[done:size] if word]
            if len(new) > len(self._sorted_words) // 8:
                self._sorted_words = sorted([*self._sorted_words, *new])
            else:
                for word in new:
                    bisect.insort(self._sorted_words, word)
            for word in new:
                self._by_length.setdefault(len(word), []).append(word)
            self._cache.clear()
            self._expanded_at = max(size, done)

    def expand(self, word: str, prefix: bool) -> dict[str, float]:
        """The vocabulary words (as id characters) ``word`` may stand for, with their weights:
        itself, its completions while it is being typed, the words an edit or two away."""
        key = (word, prefix)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        vocabulary = self._vocabulary
        variants: dict[str, float] = {}
        if prefix:
            postings = vocabulary.postings
            sorted_words = self._sorted_words
            low = bisect.bisect_left(sorted_words, word)
            high = bisect.bisect_left(sorted_words, word + "\U0010ffff", low)
            completions = sorted_words[low:high]
            if len(completions) > _PREFIX_CAP:
                completions = heapq.nlargest(
                    _PREFIX_CAP, completions, key=lambda w: len(postings[ord(vocabulary[w])])
                )
            for completion in completions:
                # The more of the word typed, the likelier it is meant: ``principl`` stands
                # for ``principle`` more surely than ``ad`` for ``added`` (or a mistyped ``and``).
                typed = len(word) / len(completion)
                variants[vocabulary[completion]] = _PREFIX_BASE + _PREFIX_SPAN * typed
        if word:
            # One edit for short words, two for long ones; OSA counts a swap as one edit.
            # Even one letter may be a word that lost one (``f the`` for ``of the``).
            limit = 1 if len(word) <= 6 else 2
            for length in range(len(word) - limit, len(word) + limit + 1):
                nearby = self._by_length.get(length)
                if not nearby:
                    continue
                for found, distance, _ in process.extract(
                    word, nearby, scorer=OSA.distance, score_cutoff=limit, limit=None
                ):
                    char = vocabulary[found]
                    weight = _FUZZY_WEIGHT[int(distance)]
                    if (
                        distance
                        and Indel.distance(word, found) > distance
                        and sorted(word) != sorted(found)
                    ):
                        # A changed letter, not one dropped, doubled or swapped: typing
                        # slips are more often those, so among equals it weighs a little less.
                        weight -= _SUBSTITUTION_COST
                    if weight > variants.get(char, 0.0):
                        variants[char] = weight
        exact = vocabulary.get(word)
        if exact is not None:
            variants[exact] = 1.0
        if len(self._cache) >= _EXPANSION_CACHE:
            self._cache.clear()
        self._cache[key] = variants
        return variants
