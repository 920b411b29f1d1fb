"""What a query word may mean: the vocabulary words it stands for, each with a weight.

Itself; while it is still being typed, the words it begins (the more of the word typed, the
surer); every word one typo away (a letter dropped, doubled, swapped or changed: each such
spelling is made and looked up, so none is missed however large the vocabulary); and, for
longer words, words two edits away that begin with the same letter (rapidfuzz over those
words of near lengths only: scanning them all cost 20 ms a word at 58,000 words).
"""

from __future__ import annotations

import bisect
import heapq
import threading
from collections.abc import Callable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from dipreader.core.search.vocabulary import Vocabulary

_TYPO_WEIGHT = 0.8  # a letter dropped, doubled or swapped
_CHANGED_WEIGHT = 0.76  # a letter changed: typing slips are more often the others
_TWO_EDITS_WEIGHT = 0.6
_TWO_EDITS_FROM = 7  # letters a word needs before two edits may be forgiven
_PREFIX_BASE = 0.6
_PREFIX_SPAN = 0.35
# How many completions a word being typed may stand for (the most frequent are kept).
_PREFIX_CAP = 48
_EXPANSION_CACHE = 512
# The letters a typo may bring in, and those of the word itself (another script's).
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


class Expansions:
    """The expansions of query words in one vocabulary, cached until the vocabulary grows.

    Searches on several threads may share it while another thread adds words.
    """

    def __init__(
        self, vocabulary: Vocabulary, frequency: Callable[[str], int] | None = None
    ) -> None:
        self._vocabulary = vocabulary
        # A word id's number of sentences: its postings' length, or (a vocabulary without
        # postings, the corpus database's) what ``frequency`` says.
        self._frequency = frequency or (lambda char: len(vocabulary.postings[ord(char)]))
        self._sorted_words: list[str] = []
        # For two edits: words by (length, first letter), so only near ones are compared.
        self._by_start: dict[tuple[int, str], list[str]] = {}
        self._cache: dict[tuple[str, bool], dict[str, float]] = {}
        self._expanded_at = 0  # vocabulary size the caches were made for
        self._lock = threading.Lock()

    @property
    def sorted_words(self) -> list[str]:
        """The vocabulary in order, as of the last :meth:`refresh`."""
        return self._sorted_words

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
                self._by_start.setdefault((len(word), word[0]), []).append(word)
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
            count = self._frequency
            sorted_words = self._sorted_words
            low = bisect.bisect_left(sorted_words, word)
            high = bisect.bisect_left(sorted_words, word + "\U0010ffff", low)
            completions = sorted_words[low:high]
            if len(completions) > _PREFIX_CAP:
                completions = heapq.nlargest(
                    _PREFIX_CAP, completions, key=lambda w: count(vocabulary[w])
                )
            for completion in completions:
                # The more of the word typed, the likelier it is meant: ``principl`` stands
                # for ``principle`` more surely than ``ad`` for ``added`` (or a mistyped ``and``).
                typed = len(word) / len(completion)
                variants[vocabulary[completion]] = _PREFIX_BASE + _PREFIX_SPAN * typed
        if word:
            for found, weight in self._one_typo(word):
                char = vocabulary.get(found)
                if char is not None and weight > variants.get(char, 0.0):
                    variants[char] = weight
        if len(word) >= _TWO_EDITS_FROM:
            for length in range(len(word) - 2, len(word) + 3):
                nearby = self._by_start.get((length, word[0]))
                if not nearby:
                    continue
                for found, distance, _ in process.extract(
                    word, nearby, scorer=OSA.distance, score_cutoff=2, limit=None
                ):
                    if distance == 2:
                        char = vocabulary[found]
                        variants[char] = max(variants.get(char, 0.0), _TWO_EDITS_WEIGHT)
        exact = vocabulary.get(word)
        if exact is not None:
            variants[exact] = 1.0
        if len(self._cache) >= _EXPANSION_CACHE:
            self._cache.clear()
        self._cache[key] = variants
        return variants

    def _one_typo(self, word: str) -> list[tuple[str, float]]:
        """Every spelling one typo from ``word``, with its weight: the user may have doubled
        or added a letter (one dropped here), dropped one (one added here), swapped two or
        changed one. Even one letter may be a word that lost one (``f the`` for ``of the``)."""
        found: list[tuple[str, float]] = []
        size = len(word)
        if size > 1:
            found.extend((word[:i] + word[i + 1 :], _TYPO_WEIGHT) for i in range(size))
        found.extend(
            (word[:i] + word[i + 1] + word[i] + word[i + 2 :], _TYPO_WEIGHT)
            for i in range(size - 1)
            if word[i] != word[i + 1]
        )
        letters = _ALPHABET + "".join(sorted(set(word) - set(_ALPHABET)))
        for i in range(size + 1):
            head, tail = word[:i], word[i:]
            found.extend((head + letter + tail, _TYPO_WEIGHT) for letter in letters)
            if i < size:
                rest = word[i + 1 :]
                found.extend(
                    (head + letter + rest, _CHANGED_WEIGHT)
                    for letter in letters
                    if letter != word[i]
                )
        return found
