"""Which sentences are worth ranking for a query: found through the postings of its rarer
words, narrowed by the filters, and, when there are too many, those that hold the query as a
phrase first.

Every step on many sentences runs in C (set operations, ``compress`` over ``map``, one regular
expression over the rows joined): a Python loop over a hundred thousand sentences would cost a
keystroke's budget.
"""

from __future__ import annotations

import bisect
import operator
from array import array
from collections.abc import Callable, Sequence
from itertools import accumulate, chain, compress, islice, repeat

from dipreader.core.search.filters import Scope
from dipreader.core.search.ranking import Term, tier_patterns
from dipreader.core.search.vocabulary import SEPARATOR

# A query word whose sentences exceed this share of the corpus does not narrow the candidates
# (building its set would cost more than it saves); it still counts in the ranking.
_SELECTIVE_SHARE = 0.08
_SELECTIVE_MIN = 4000
# At most this many candidates are ranked word by word; beyond it the phrase decides first.
_RANK_CAP = 200
# Sentences walked when every query word is common.
_WALK_BUDGET = 3_000
# Narrowed to so few sentences, every one of them is ranked without the postings.
_SCAN_ALL = 3000


class Candidates:
    """The sentences of one index, as the search picks among them."""

    def __init__(
        self,
        rows: Sequence[str],
        owner: Sequence[int],
        who: Sequence[int],
        first: Sequence[int],
        posting: Callable[[str], array[int]],
    ) -> None:
        self._tokens = rows  # each sentence's word ids
        self._owner = owner  # sentence -> meeting position
        self._who = who  # sentence -> speaker code
        self._first = first  # each meeting's first sentence, then the end
        self._posting = posting  # a word id's sentences

    def pick(
        self,
        terms: list[Term],
        scope: Scope | None,
        allowed: set[int] | None,
        limit: int,
        required: list[str] = [],  # noqa: B006 (never changed)
        forbidden: list[str] = [],  # noqa: B006
    ) -> list[int]:
        """At most ``_RANK_CAP`` sentences worth ranking, the likeliest first.

        Every step on many sentences runs in C (set operations, ``compress`` over ``map``):
        a Python loop over a hundred thousand sentences would cost a keystroke's budget.
        """
        owner = self._owner
        if scope is not None and scope.size <= _SCAN_ALL:
            pool = [number for low, high in scope.ranges for number in range(low, high)]
        else:
            pool = self._candidates(terms)
            if scope is not None:
                # Meetings added since the scope was made (by another thread) are not in it.
                end = self._first[len(scope.mask)]
                pool = list(compress(pool, map(end.__gt__, pool)))
                inside = scope.mask
                pool = list(compress(pool, map(inside.__getitem__, map(owner.__getitem__, pool))))
        if allowed is not None:
            who = self._who
            pool = list(compress(pool, map(allowed.__contains__, map(who.__getitem__, pool))))
        tokens = self._tokens
        for run in required:  # an exact phrase: its words' ids in a row
            held = map(str.__contains__, map(tokens.__getitem__, pool), repeat(run))
            pool = list(compress(pool, held))
        for run in forbidden:
            held = map(str.__contains__, map(tokens.__getitem__, pool), repeat(run))
            pool = list(compress(pool, map(operator.not_, held)))
        if len(pool) <= _RANK_CAP:
            return pool
        # Too many to rank one by one. First those holding the query as a phrase of its best
        # variants, then as a phrase of any variants, then the rest: regular expressions over
        # the word-id rows pick them out in C, stopping as soon as there are enough: one scan
        # of the rows joined (a separator no pattern matches), not one call per row.
        rows = list(map(self._tokens.__getitem__, pool))
        joined = SEPARATOR.join(rows)
        ends = list(accumulate(map((1).__add__, map(len, rows))))  # where each row's ends
        chosen: list[int] = []
        taken: set[int] = set()
        for pattern in tier_patterns(terms):
            for match in pattern.finditer(joined):
                number = pool[bisect.bisect_right(ends, match.start())]
                if number not in taken:
                    chosen.append(number)
                    taken.add(number)
                    if len(chosen) >= _RANK_CAP:
                        return chosen
        if len(chosen) < limit:
            rest = (number for number in pool if number not in taken)
            chosen.extend(islice(rest, _RANK_CAP - len(chosen)))
        return chosen

    def _candidates(self, terms: list[Term]) -> list[int]:
        """Sentences holding the rarer query words (or, if none is rare, the rarest one)."""
        ordered = sorted((term for term in terms if term.variants), key=lambda t: t.frequency)
        if not ordered:
            return []
        threshold = max(_SELECTIVE_MIN, int(len(self._tokens) * _SELECTIVE_SHARE))
        selective = [term for term in ordered if term.frequency <= threshold]
        if not selective:
            # Only common words: walk the rarest one's sentences, a share of the budget for
            # each of its variants (which one the user meant is unknown: ``aso`` may be
            # ``also``, ``as`` or ``so``), best variants first; enough of them hold a phrase
            # made of common words.
            variants = sorted(ordered[0].variants.items(), key=lambda item: -item[1])
            share = max(_WALK_BUDGET // len(variants), _WALK_BUDGET // 12)
            walk = chain.from_iterable(islice(self._posting(char), share) for char, _ in variants)
            return list(dict.fromkeys(islice(walk, 2 * _WALK_BUDGET)))
        sets = [self._sentences(term) for term in selective]
        found = set.intersection(*sets) if len(sets) > 1 else sets[0]
        if not found and len(sets) > 1:
            # One word may be mistyped beyond recognition: let any one of them be missing.
            for skip in range(len(sets)):
                rest = sets[:skip] + sets[skip + 1 :]
                found |= set.intersection(*rest) if len(rest) > 1 else rest[0]
        return sorted(found)

    def _sentences(self, term: Term) -> set[int]:
        found: set[int] = set()
        for char in term.variants:
            found.update(self._posting(char))
        return found
