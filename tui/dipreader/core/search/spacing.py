"""What a query may mean with a space put right: ``alsoagreed`` for ``also agreed`` (a space
dropped), ``to gether`` for ``together`` (a space added).

Letter typos are the vocabulary's business (:mod:`~dipreader.core.search.expansion`); a space
moves words, so it gives other readings of the whole query, each searched and the best hits
kept. A reading is offered only where the vocabulary has the words it makes.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# A word seen in so few sentences may itself be two words run together (``alsoagreed``).
_RARE = 2
# At most this many other readings per query: each is a search of its own.
MAX_READINGS = 2


@dataclass(frozen=True, slots=True)
class Reading:
    """The query's words read one way; ``prefix``: the last may still be being typed."""

    terms: tuple[str, ...]
    prefix: bool
    literal: bool  # the words as typed


def readings(
    terms: Sequence[str],
    prefix: bool,
    frequency: Callable[[str], int],
    sorted_words: Sequence[str],
) -> list[Reading]:
    """The query as typed, then at most :data:`MAX_READINGS` others with a space dropped or
    added, the likeliest first. ``frequency`` gives a word's number of sentences (0 for one the
    vocabulary lacks); ``sorted_words`` is the vocabulary in order, for words being typed."""
    literal = Reading(tuple(terms), prefix, True)
    last = len(terms) - 1
    others: list[tuple[int, Reading]] = []

    def known(word: str, typed: bool) -> int:
        found = frequency(word)
        if found or not typed:
            return found
        place = bisect.bisect_left(sorted_words, word)
        if place < len(sorted_words) and sorted_words[place].startswith(word):
            return 1  # a word being typed that begins a known one
        return 0

    for index, word in enumerate(terms):
        typed = prefix and index == last
        # A space dropped: the word is unknown (or nearly so), its two halves are words. A
        # word being typed is so only once no word begins with it (``visi`` is not ``vi si``).
        if len(word) >= 3 and frequency(word) <= _RARE and not (typed and known(word, True)):
            best = 0
            split: tuple[str, str] | None = None
            for cut in range(1, len(word)):
                head, tail = word[:cut], word[cut:]
                likely = min(frequency(head), known(tail, typed))
                if likely > best:
                    best, split = likely, (head, tail)
            if split is not None:
                terms_split = (*terms[:index], *split, *terms[index + 1 :])
                others.append((best, Reading(terms_split, prefix, False)))
        # A space added: this word and the next make one the vocabulary has.
        if index < last:
            joined = word + terms[index + 1]
            likely = known(joined, prefix and index + 1 == last)
            if likely:
                terms_joined = (*terms[:index], joined, *terms[index + 2 :])
                others.append((likely, Reading(terms_joined, prefix, False)))
    others.sort(key=lambda item: -item[0])
    return [literal, *(reading for _, reading in others[:MAX_READINGS])]
