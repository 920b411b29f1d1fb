"""How a sentence ranks for a query: the words it holds, rarer ones weighing more, and how
much of the query it holds as one unbroken phrase."""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# A hit found only by reading a space otherwise ranks just below one found as typed.
OTHER_READING = 0.98


@dataclass(slots=True)
class Term:
    """One query word and the vocabulary words it may stand for, with their weights."""

    word: str
    variants: dict[str, float]  # id character -> weight
    frequency: int  # sentences holding any variant (an upper bound: overlaps count twice)
    weight: float = 1.0  # rarer words weigh more in the ranking


def term_weight(frequency: int, total: int) -> float:
    """A query word's weight from how many of the ``total`` sentences hold it: rarer, more."""
    return max(math.log(1.0 + total / (1.0 + min(frequency, total))), 0.05)


def rank_pool(
    row: Callable[[int], str], pool: Iterable[int], terms: list[Term], limit: int
) -> list[tuple[float, list[int], int]]:
    """The best ``limit`` sentences of ``pool`` (``row`` gives a sentence's word ids): (score,
    the word positions that earned it, number), best first; ties go to the shorter sentence,
    then the lower number."""
    lookup = variant_lookup(terms)
    weights = [term.weight for term in terms]
    total = sum(weights)
    scored = ((*score_row(row(number), lookup, weights, total), number) for number in pool)
    return heapq.nsmallest(limit, scored, key=lambda item: (-item[0], len(row(item[2])), item[2]))


def tier_patterns(terms: list[Term]) -> list[re.Pattern[str]]:
    """The query as a phrase of each word's best variants, then of all its variants."""
    best = []
    for term in terms:
        top = max(term.variants.values(), default=0.0)
        best.append([char for char, weight in term.variants.items() if weight >= top])
    patterns = [re.compile("".join(_char_class(chars) for chars in best))]
    if len(terms) > 1:
        patterns.append(re.compile("".join(_char_class(term.variants) for term in terms)))
    return patterns


def _char_class(chars: Iterable[str]) -> str:
    inside = "".join(re.escape(char) for char in chars)
    return f"[{inside}]" if inside else "(?!)"


def variant_lookup(terms: list[Term]) -> dict[str, list[tuple[int, float]]]:
    """Id character -> the query words it stands for, with its weight for each."""
    lookup: dict[str, list[tuple[int, float]]] = {}
    for index, term in enumerate(terms):
        for char, weight in term.variants.items():
            lookup.setdefault(char, []).append((index, weight))
    return lookup


def score_row(
    row: str,
    lookup: dict[str, list[tuple[int, float]]],
    weights: list[float],
    total: float,
) -> tuple[float, list[int]]:
    """A sentence's score (0-100) and the word positions that earned it.

    Half for holding the query's words (rare words count more, fuzzy matches less), half for
    holding them in the query's order as one unbroken phrase.
    """
    count = len(weights)
    found: list[tuple[int, int, float]] = []
    append, find = found.append, row.find
    # Only the query's words are looked at: found by ``find`` in C, not char by char.
    for char in lookup.keys() & set(row):
        entries = lookup[char]
        position = find(char)
        if len(entries) == 1:  # most often: a word stands for one query word
            term, weight = entries[0]
            while position >= 0:
                append((position, term, weight))
                position = find(char, position + 1)
        else:
            while position >= 0:
                found.extend([(position, term, weight) for term, weight in entries])
                position = find(char, position + 1)
    if not found:
        return 0.0, []
    found.sort()  # by position, then term: the first place a word is best at is kept
    best = [0.0] * count
    where = [-1] * count
    table: dict[tuple[int, int], float] = {}
    for position, term, weight in found:
        table[position, term] = weight
        if weight > best[term]:
            best[term] = weight
            where[term] = position
    coverage = sum([b * w for b, w in zip(best, weights, strict=True)]) / total
    if count == 1:
        return min(100.0 * coverage, 100.0), [where[0]] if where[0] >= 0 else []
    chain_score = 0.0
    chain: list[int] = []
    chain_term = 0
    get = table.get
    for (position, term), weight in table.items():
        if (position - 1, term - 1) in table:
            continue  # not where a run begins
        run = weight * weights[term]
        places = [position]
        step = 1
        following = get((position + 1, term + 1))
        while following is not None:
            run += following * weights[term + step]
            places.append(position + step)
            step += 1
            following = get((position + step, term + step))
        if run > chain_score:
            chain_score, chain, chain_term = run, places, term
    chain_score /= total
    score = 100.0 * (0.5 * coverage + 0.5 * chain_score)
    end = chain_term + len(chain)
    positions = chain + [
        where[term] for term in range(count) if not chain_term <= term < end and where[term] >= 0
    ]
    return min(score, 100.0), positions
