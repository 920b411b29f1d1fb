"""A search query as the corpus database's full-text queries (FTS5 ``MATCH`` expressions), in
tiers, for the few hundred candidate sentences the ranker then orders.

The full-text table keeps word tokens (``unicode61``, accents removed) and its vocabulary
(``fts5vocab``: each term and how many sentences hold it). :class:`FtsVocabulary` makes that
vocabulary the search's own (:class:`~dipreader.core.search.vocabulary.Vocabulary` ids, the
same expansions and the same term weights as the in-memory index), so that a candidate is
ranked exactly as the index would rank it. :func:`full_text_matches` gives the tiers, each
searched in turn until there are enough candidates:

1. The query as a phrase, as typed and with one word swapped for one of its likeliest
   variants (one typo in a phrase), the last word a prefix while it is being typed (or its
   likeliest completions, when they are common: FTS5 merges every completion's sentences):
   every sentence holding it will do (unranked, the first found).
2. For each reading of the query (as typed, a space dropped or added: ``spacing.py``), the
   AND of each selective word's variants (a word in few sentences), ranked by bm25 (the
   first found when it may match more than :data:`RANK_MAX` sentences); when
   that finds nothing, every one of them but perhaps one (a word mistyped beyond
   recognition), as the index does.
3. Only common words: the first sentences holding the rarest one (unranked: ranking every
   sentence that holds a common word costs more than a keystroke).

Exact ``"phrases"`` are required and ``-words`` excluded in every tier.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dipreader.core.search.expansion import Expansions
from dipreader.core.search.query import Query
from dipreader.core.search.ranking import Term, term_weight
from dipreader.core.search.spacing import Reading, readings
from dipreader.core.search.vocabulary import Vocabulary

# As the in-memory candidates (candidates.py): a word in more sentences than this share (and
# this many) does not narrow the search.
SELECTIVE_SHARE = 0.08
SELECTIVE_MIN = 4000
# Variants tried in the phrase tier for a word the vocabulary lacks / has.
_SWAPS_UNKNOWN = 8
_SWAPS_KNOWN = 2
# At most so many swapped phrases, those of words the vocabulary lacks (the likely typos)
# first: each is a walk of its words' doclists, and a long query of common words makes dozens.
SWAPPED_MAX = 8
# A word being typed joins the phrase only from this many letters (``"supply c" *`` is slow).
_PREFIX_IN_PHRASE = 3
# FTS5 merges every completion's sentences for a prefix (``"it was th" *``: 60 ms at 100,000
# articles); past this many sentences the phrase takes the likeliest completions instead.
STAR_MAX = 20_000
_COMPLETIONS_IN_PHRASE = 3
# bm25 scores every sentence a query matches before it picks the best; a query that may
# match more than this many takes the first found instead. The phrase tiers before it and the
# ranker after it find the known item as often without bm25 past this (bench/database.py).
RANK_MAX = 3_000
_TYPED = "\x00"  # marks a phrase as typed (its words unchanged) among the phrases made
_KNOWN = "\x01"  # marks a phrase made by swapping a word the vocabulary has


@dataclass(frozen=True, slots=True)
class Match:
    """One full-text query: its ``MATCH`` expression, and whether to rank it by bm25 (else the
    first sentences found are taken)."""

    expression: str
    ranked: bool
    fallback: bool = False  # searched only when the query before it found nothing


class FtsVocabulary:
    """The full-text table's terms as the search's vocabulary: an id character for each term,
    how many sentences hold it, and the query words' expansions and weights over them."""

    def __init__(self, terms: Iterable[tuple[str, int]], sentences: int) -> None:
        self.words = Vocabulary()
        self.sentences = sentences  # how many sentences the table holds
        counts: dict[str, int] = {}
        for term, held in terms:
            counts[self.words[term]] = held
        self._counts = counts
        self.expansions = Expansions(self.words, self.char_frequency)
        self.expansions.refresh()

    def __len__(self) -> int:
        return len(self._counts)

    def char_frequency(self, char: str) -> int:
        """How many sentences hold the word with id ``char``."""
        return self._counts.get(char, 0)

    def frequency(self, word: str) -> int:
        """How many sentences hold ``word`` (0: none, or not a term)."""
        char = self.words.get(word)
        return 0 if char is None else self._counts.get(char, 0)

    def word(self, char: str) -> str:
        return self.words.words[ord(char)]

    def readings(self, query: Query) -> list[Reading]:
        """The query's words as typed, and with a space dropped or added (as the index)."""
        if not query.terms:
            return [Reading((), False, True)]
        sorted_words = self.expansions.sorted_words
        return readings(query.terms, query.prefix, self.frequency, sorted_words)

    def terms(self, reading: Reading) -> list[Term]:
        """The reading's words, each with its variants and weight (as the index's ``_terms``)."""
        found = []
        last = len(reading.terms) - 1
        for index, word in enumerate(reading.terms):
            variants = self.expansions.expand(word, reading.prefix and index == last)
            frequency = sum(map(self.char_frequency, variants))
            found.append(Term(word, variants, frequency, term_weight(frequency, self.sentences)))
        return found

    def exact_term(self, word: str) -> Term:
        """A word of an exact phrase: itself, no typo, no completion."""
        char = self.words.get(word)
        if char is None:
            return Term(word, {}, 0)
        frequency = self._counts.get(char, 0)
        return Term(word, {char: 1.0}, frequency, term_weight(frequency, self.sentences))

    @property
    def threshold(self) -> int:
        """Sentences a word may be in and still narrow the search."""
        return max(SELECTIVE_MIN, int(self.sentences * SELECTIVE_SHARE))


def quoted(words: Sequence[str]) -> str:
    """Words as one FTS5 string (a phrase when several)."""
    return '"' + " ".join(words).replace('"', '""') + '"'


def constraints(query: Query) -> str:
    """What every tier must also meet: the exact phrases (AND), the excluded words (NOT)."""
    found = "".join(f" AND {quoted(phrase)}" for phrase in query.phrases)
    return found + "".join(f" NOT {quoted(excluded)}" for excluded in query.excluded)


def full_text_matches(
    query: Query, vocabulary: FtsVocabulary, *, every_word: bool = False
) -> list[Match]:
    """The tiers of full-text queries for ``query`` (see the module's text), best first.

    ``every_word``: one query instead, every sentence holding any variant of any query word
    (for a search narrowed to so few sentences that all of them are worth ranking).
    """
    tail = constraints(query)
    exact = [vocabulary.exact_term(word) for phrase in query.phrases for word in phrase]
    readings_found = vocabulary.readings(query)
    if every_word:
        chosen: set[str] = set()
        for reading in readings_found:
            for term in vocabulary.terms(reading) + exact:
                chosen.update(map(vocabulary.word, term.variants))
        if not chosen:
            return []
        either = " OR ".join(quoted([word]) for word in sorted(chosen))
        return [Match(f"({either}){tail}", False)]
    if not query.terms:
        if not query.phrases:
            return []
        return [Match(" AND ".join(quoted(phrase) for phrase in query.phrases) + tail, True)]
    phrases: list[str] = []
    groups_found: list[Match] = []
    for reading in readings_found:
        terms = vocabulary.terms(reading)
        variants = [sorted(map(vocabulary.word, term.variants)) for term in terms]
        if len(reading.terms) > 1:
            star = terms[-1].frequency <= STAR_MAX
            phrases += _phrases(list(reading.terms), variants, reading.prefix, vocabulary, star)
        groups = []
        for term, found in zip(terms, variants, strict=True):
            if found:
                groups.append((term.frequency, " OR ".join(quoted([word]) for word in found)))
        groups += [(term.frequency, quoted([term.word])) for term in exact if term.variants]
        groups.sort()
        selective = [(weight, g) for weight, g in groups if weight <= vocabulary.threshold]
        if selective:
            every = " AND ".join(f"({g})" for _, g in selective)
            groups_found.append(Match(every + tail, selective[0][0] <= RANK_MAX))
            if len(selective) > 1:  # any one word mistyped beyond recognition
                # At most the rarest's sentences for each word left out, and the next's.
                most = selective[0][0] * (len(selective) - 1) + selective[1][0]
                either = _all_but_one([g for _, g in selective])
                groups_found.append(Match(either + tail, most <= RANK_MAX, fallback=True))
        elif groups:  # common words only: the first sentences of the rarest, unranked
            groups_found.append(Match(f"({groups[0][1]}){tail}", False))
    # Every sentence holding a phrase will do (the ranker orders them): the first found; as
    # typed first (enough of a phrase of common words are found at once), then swapped.
    typed = [phrase for phrase in phrases if phrase.startswith(_TYPED)]
    swapped = [phrase for phrase in phrases if not phrase.startswith(_TYPED)]
    swapped.sort(key=lambda phrase: phrase.startswith(_KNOWN))
    swapped = [phrase.removeprefix(_KNOWN) for phrase in swapped[:SWAPPED_MAX]]
    tiers = [
        Match(
            "(" + " OR ".join(phrase.removeprefix(_TYPED) for phrase in group) + ")" + tail, False
        )
        for group in (typed, swapped)
        if group
    ]
    return tiers + groups_found


def _all_but_one(groups: list[str]) -> str:
    """Sentences holding every group but perhaps one (as the index's fallback)."""
    if len(groups) == 2:
        return f"({groups[0]}) OR ({groups[1]})"
    rests = (groups[:skip] + groups[skip + 1 :] for skip in range(len(groups)))
    return " OR ".join("(" + " AND ".join(f"({g})" for g in rest) + ")" for rest in rests)


def _phrases(
    terms: list[str],
    variants: list[list[str]],
    prefix: bool,
    vocabulary: FtsVocabulary,
    star: bool,
) -> list[str]:
    """The query as phrases: as typed, and with one word replaced by one of its likeliest
    variants (8 for a word the vocabulary lacks, 2 for one it has). The last word, while it
    is typed, is a prefix (``star``) or, when its completions are common, each of its
    likeliest completions; it is left out while it has under 3 letters."""
    if prefix and len(terms[-1]) < _PREFIX_IN_PHRASE:
        terms, variants, prefix = terms[:-1], variants[:-1], False
    if len(terms) < 2:
        return []
    if not prefix:
        return _swapped(terms, variants, len(terms), "", vocabulary)
    if star:
        return _swapped(terms, variants, len(terms) - 1, " *", vocabulary)
    likeliest = sorted(variants[-1], key=lambda option: (-vocabulary.frequency(option), option))
    found = []
    for last in likeliest[:_COMPLETIONS_IN_PHRASE]:
        found += _swapped([*terms[:-1], last], variants, len(terms) - 1, "", vocabulary)
    return found


def _swapped(
    terms: list[str], variants: list[list[str]], fuzzy: int, star: str, vocabulary: FtsVocabulary
) -> list[str]:
    """``terms`` as a phrase when the vocabulary has each of the first ``fuzzy`` (the rest is
    a prefix or a completion), and with one of those swapped for one of its variants."""
    found = []
    if all(vocabulary.frequency(term) for term in terms[:fuzzy]):
        found.append(_TYPED + quoted(terms) + star)
    for index in range(fuzzy):
        word = terms[index]
        known = bool(vocabulary.frequency(word))
        most = _SWAPS_KNOWN if known else _SWAPS_UNKNOWN
        others = [option for option in variants[index] if option != word]
        others.sort(key=lambda option: (-vocabulary.frequency(option), option))
        mark = _KNOWN if known else ""
        for option in others[:most]:
            found.append(mark + quoted([*terms[:index], option, *terms[index + 1 :]]) + star)
    return found
