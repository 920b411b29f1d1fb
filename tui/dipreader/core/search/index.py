"""Fuzzy search over every sentence of every meeting, fast enough to run on each keystroke.

The index keeps, for each sentence, its words as a string of one character per word (the
word's id in the vocabulary), and for each word the sentences that contain it (``array('I')``
postings). A query word is expanded to the vocabulary words it may mean: itself, the words it
begins while it is still being typed, and the words one or two edits away (rapidfuzz over the
small vocabulary, never over the sentences). Sentences holding the rarer query words are
intersected, then ranked by how many query words they hold and how much of the query they
hold as an unbroken phrase, so that the sentence with the phrase the user remembers comes
first even among thousands that share its words.
"""

from __future__ import annotations

import heapq
import operator
from array import array
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, islice, repeat

from dipreader.core.model import Kind, Meeting, Sentence, Speaker
from dipreader.core.search.candidates import Candidates
from dipreader.core.search.expansion import Expansions
from dipreader.core.search.filters import (
    JOINT,
    NARRATION,
    FilterTables,
    Scope,
    intersect,
    named_voices,
)
from dipreader.core.search.query import WORD, Query, parse_query, words
from dipreader.core.search.ranking import OTHER_READING, Term, rank_pool, term_weight
from dipreader.core.search.spacing import Reading, readings
from dipreader.core.search.vocabulary import (
    Vocabulary,
    article_rows,
    sentence_columns,
)


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: a sentence of a meeting, its score and the words that matched.

    ``highlights`` are ``(start, end)`` spans relative to the sentence's start.
    """

    meeting: Meeting
    index: int
    score: float
    highlights: tuple[tuple[int, int], ...] = ()

    @property
    def start(self) -> int:
        return self.meeting.sentences[self.index].start

    @property
    def end(self) -> int:
        return self.meeting.sentences[self.index].end

    @property
    def text(self) -> str:
        return self.meeting.sentence_text(self.index)

    @property
    def sentence(self) -> Sentence:
        return self.meeting.sentences[self.index]

    @property
    def speaker(self) -> Speaker | None:
        """Who says the sentence (None for joint statements and narration)."""
        return self.meeting.speaker(self.sentence.speaker)


class SearchIndex:
    """Fuzzy sentence search over meetings, filled incrementally with :meth:`add`.

    Searches may run on several threads at once, and while one other thread adds (each
    structure grows before anything that points into it): such a search sees the meetings
    added before it began and perhaps some being added. Two threads adding at once, or
    storing while adding, are not supported.
    """

    def __init__(self) -> None:
        self._meetings: list[Meeting] = []
        self._position: dict[str, int] = {}  # meeting id -> index in _meetings
        self._first: array[int] = array("I", [0])  # first sentence of each meeting (+ end)
        self._owner: array[int] = array("I")  # sentence -> meeting index
        self._who: array[int] = array("I")  # sentence -> speaker code
        self._tokens: list[str] = []  # sentence -> its word ids as a str
        self._vocabulary = Vocabulary()
        self._speaker_codes: dict[str, int] = {}  # speaker id -> code
        # Folded id / name / surname -> codes; a stored index keeps the lists it read (making
        # thousands of sets cost a warm start 10-25 ms), turned into a set once added to.
        self._speaker_keys: dict[str, set[int] | list[int]] = {}
        self._speaker_names: set[tuple[str, str]] = set()  # (id, name) pairs already keyed
        self._expansions = Expansions(self._vocabulary)
        self._checked: set[int] | None = None  # for a stored index: postings found sound
        self._filters = FilterTables()
        self._renames = 0  # how many times speakers were renamed: the filters' tables age

    # -- building -----------------------------------------------------------------------

    def __len__(self) -> int:
        """How many sentences are indexed."""
        return len(self._tokens)

    @property
    def meetings(self) -> Sequence[Meeting]:
        return self._meetings

    @property
    def vocabulary_size(self) -> int:
        """How many distinct words are indexed."""
        return len(self._vocabulary) - 1  # the separator is not a word

    def __contains__(self, meeting: object) -> bool:
        return isinstance(meeting, Meeting) and meeting.id in self._position

    def add(self, meeting: Meeting) -> bool:
        """Index ``meeting``'s sentences; False if a meeting with its id is already in."""
        key = meeting.id  # a digest: worth working out once
        if key in self._position:
            return False
        spans, voices = sentence_columns(meeting)
        rows = article_rows(meeting.text, spans, self._vocabulary.__getitem__)
        first = self._register(meeting, rows, key, voices)
        postings = self._vocabulary.postings
        for number, row in enumerate(rows, start=first):
            for char in set(row):
                postings[ord(char)].append(number)
        return True

    def add_many(self, meetings: Iterable[Meeting]) -> int:
        """Index several meetings; returns how many were new."""
        return sum(1 for meeting in list(meetings) if self.add(meeting))

    def _register(
        self,
        meeting: Meeting,
        rows: list[str],
        key: str,
        voices: list[tuple[Kind, str | None]],
    ) -> int:
        """Record a meeting, its speakers and its sentences' rows; returns its first number."""
        position = len(self._meetings)
        self._meetings.append(meeting)
        known = self._speaker_names
        for speaker in meeting.speakers:
            if (speaker.id, speaker.name) not in known:
                known.add((speaker.id, speaker.name))
                self._speaker_code(speaker.id, speaker.name)
        # A meeting has few voices (narration, joint, a few speakers): code each once.
        table = {voice: self._voice_code(*voice) for voice in set(voices)}
        self._who.extend(map(table.__getitem__, voices))
        first = len(self._tokens)
        self._tokens.extend(rows)
        self._owner.extend([position] * len(rows))
        self._first.append(len(self._tokens))
        # Last: a search running meanwhile finds a meeting by id only once it is whole.
        self._position[key] = position
        return first

    def _voice_code(self, kind: Kind, speaker_id: str | None) -> int:
        if kind is Kind.STATEMENT and speaker_id is not None:
            return self._speaker_codes.get(speaker_id) or self._speaker_code(speaker_id, None)
        return JOINT if kind is Kind.JOINT else NARRATION

    def _speaker_code(self, speaker_id: str, name: str | None) -> int:
        code = self._speaker_codes.get(speaker_id)
        if code is None:
            code = len(self._speaker_codes) + 2
            self._speaker_codes[speaker_id] = code
            self._add_speaker_key(speaker_id, code)
        if name:
            parts = words(name)
            for key in (*parts, "-".join(parts)):
                self._add_speaker_key(key, code)
        return code

    def rename_speakers(self, meetings: Iterable[Meeting]) -> int:
        """Take the speaker ids these indexed meetings have now (given after reading: see
        core/people/identity.py) into the speaker tables and each of their sentences; returns how
        many meetings it changed. ``@name`` finds them by their new ids and every name; the
        old ids are left with no sentence."""
        changed = 0
        for meeting in meetings:
            position = self._position.get(meeting.id)
            if position is None or self._meetings[position] is not meeting:
                continue
            for speaker in meeting.speakers:
                if (speaker.id, speaker.name) not in self._speaker_names:
                    self._speaker_names.add((speaker.id, speaker.name))
                    self._speaker_code(speaker.id, speaker.name)
            voices = sentence_columns(meeting)[1]
            table = {voice: self._voice_code(*voice) for voice in set(voices)}
            low, high = self._first[position], self._first[position + 1]
            codes = array("I", map(table.__getitem__, voices))
            if len(codes) == high - low and codes != self._who[low:high]:
                self._who[low:high] = codes
                changed += 1
        self._renames += 1
        return changed

    def _add_speaker_key(self, key: str, code: int) -> None:
        codes = self._speaker_keys.get(key)
        if not isinstance(codes, set):
            codes = self._speaker_keys[key] = set(codes or ())
        codes.add(code)

    # -- searching ----------------------------------------------------------------------

    def search(
        self,
        query: str | Query,
        *,
        limit: int = 50,
        meeting_ids: Collection[str] | None = None,
    ) -> list[Hit]:
        """The best ``limit`` sentences for ``query``, best first. Never raises on odd input;
        a query with errors (a filter it cannot read) finds nothing.

        ``meeting_ids`` narrows the search to those meetings (ids from ``Meeting.id``).
        """
        parsed = query if isinstance(query, Query) else parse_query(query)
        if limit <= 0 or not self._tokens or parsed.empty or parsed.errors:
            return []
        allowed = self._allowed_codes(parsed)
        if allowed is not None and not allowed:
            return []  # an @name that names no one
        version = (len(self._meetings), self._renames)
        dated = self._filters.meeting_ranges(parsed, self._meetings, self._first, version)
        scope = intersect(self._scope(meeting_ids), dated)
        if scope is not None and not scope:
            return []
        self._expansions.refresh()
        runs = self._runs(parsed)
        if runs is None:
            return []  # a phrase with a word no sentence has
        required, forbidden = runs
        if not parsed.words_wanted:
            return self._listing(allowed, scope, limit, forbidden)
        exact = [self._exact_term(word) for phrase in parsed.phrases for word in phrase]
        tokens = self._tokens
        best: dict[int, tuple[float, list[int]]] = {}
        picker = Candidates(tokens, self._owner, self._who, self._first, self._posting)
        for reading in self._readings(parsed):
            terms = self._terms(reading.terms, reading.prefix) + exact
            pool = picker.pick(terms, scope, allowed, limit, required, forbidden)
            share = 1.0 if reading.literal else OTHER_READING
            for score, positions, number in self._rank(pool, terms, limit):
                score *= share
                if score > best.get(number, (0.0, []))[0]:
                    best[number] = (score, positions)
        ordered = heapq.nsmallest(
            limit, best.items(), key=lambda item: (-item[1][0], len(tokens[item[0]]), item[0])
        )
        return [
            self._make_hit(number, score, positions)
            for number, (score, positions) in ordered
            if score > 0.0
        ]

    def _readings(self, query: Query) -> list[Reading]:
        """The query's words as typed, and with a space dropped or added (spacing.py)."""
        if not query.terms:
            return [Reading((), False, True)]
        vocabulary = self._vocabulary
        postings = vocabulary.postings

        def frequency(word: str) -> int:
            char = vocabulary.get(word)
            return 0 if char is None else len(postings[ord(char)])

        return readings(query.terms, query.prefix, frequency, self._expansions.sorted_words)

    def _exact_term(self, word: str) -> Term:
        """A word of an exact phrase: itself, no typo, no completion."""
        char = self._vocabulary.get(word)
        if char is None:
            return Term(word, {}, 0)
        frequency = len(self._vocabulary.postings[ord(char)])
        return Term(word, {char: 1.0}, frequency, term_weight(frequency, len(self._tokens)))

    def _runs(self, query: Query) -> tuple[list[str], list[str]] | None:
        """The phrases and the excluded words as runs of word ids; None when a phrase has a
        word the index lacks (no sentence can hold it). An excluded word the index lacks
        excludes nothing."""
        vocabulary = self._vocabulary
        required = []
        for phrase in query.phrases:
            chars = [vocabulary.get(word) for word in phrase]
            if None in chars:
                return None
            required.append("".join(char for char in chars if char))
        forbidden = []
        for excluded in query.excluded:
            chars = [vocabulary.get(word) for word in excluded]
            if None not in chars:
                forbidden.append("".join(char for char in chars if char))
        return required, forbidden

    def _allowed_codes(self, query: Query) -> set[int] | None:
        """The speaker codes the query admits (``@``, ``kind:``, ``country:``), or None."""
        version = (len(self._meetings), self._renames)
        voices = self._filters.voice_codes(query, self._meetings, self._speaker_codes, version)
        if not query.filtered:
            return voices
        allowed = named_voices(query, self._speaker_keys)
        return allowed if voices is None else allowed & voices

    def _scope(self, meeting_ids: Collection[str] | None) -> Scope | None:
        """The meetings searched, or None for all of them."""
        if meeting_ids is None:
            return None
        if isinstance(meeting_ids, str):
            meeting_ids = (meeting_ids,)
        found = {self._position.get(key) for key in meeting_ids} - {None}
        positions = sorted(position for position in found if position is not None)
        first = self._first
        ranges = [(first[position], first[position + 1]) for position in positions]
        return Scope.of(ranges, positions, len(first) - 1)

    def _listing(
        self,
        allowed: set[int] | None,
        scope: Scope | None,
        limit: int,
        forbidden: list[str],
    ) -> list[Hit]:
        """Only filters, no words: the filtered sentences in corpus order."""
        ranges = scope.ranges if scope is not None else [(0, len(self._tokens))]
        numbers: Iterable[int] = chain.from_iterable(range(low, high) for low, high in ranges)
        if allowed is not None:
            who = self._who
            numbers = (
                number
                for low, high in ranges
                for number in compress(range(low, high), map(allowed.__contains__, who[low:high]))
            )
        if forbidden:
            tokens = self._tokens
            numbers = (n for n in numbers if not any(run in tokens[n] for run in forbidden))
        return [self._make_hit(number, 100.0, ()) for number in islice(numbers, limit)]

    def _terms(self, query_terms: Sequence[str], prefix: bool) -> list[Term]:
        postings = self._vocabulary.postings
        total = len(self._tokens)
        terms = []
        last = len(query_terms) - 1
        for index, word in enumerate(query_terms):
            variants = self._expansions.expand(word, prefix and index == last)
            frequency = sum(len(postings[ord(char)]) for char in variants)
            terms.append(Term(word, variants, frequency, term_weight(frequency, total)))
        return terms

    def _posting(self, char: str) -> array[int]:
        """A word's sentences; from a stored index, checked the first time they are used."""
        code = ord(char)
        postings = self._vocabulary.postings
        posting = postings[code]
        checked = self._checked
        if checked is not None and code not in checked:
            # Checking every stored posting up front would cost a warm start a third of a
            # second; a damaged one is dropped (never a crash), the rest trusted once seen.
            if posting and max(posting) >= len(self._tokens):
                posting = postings[code] = array("I")
            checked.add(code)
        return posting

    def _rank(
        self, pool: list[int], terms: list[Term], limit: int
    ) -> list[tuple[float, list[int], int]]:
        """The best ``limit`` of ``pool``: (score, the word positions that earned it, number)."""
        return rank_pool(self._tokens.__getitem__, pool, terms, limit)

    def _make_hit(self, number: int, score: float, positions: Iterable[int]) -> Hit:
        position = self._owner[number]
        meeting = self._meetings[position]
        index = number - self._first[position]
        wanted = set(positions)
        spans: tuple[tuple[int, int], ...] = ()
        if wanted:
            sentence = meeting.sentences[index]
            text = meeting.text[sentence.start : sentence.end]
            spans = tuple(
                match.span() for place, match in enumerate(WORD.finditer(text)) if place in wanted
            )
        return Hit(meeting, index, round(score, 1), spans)

    # -- storing ------------------------------------------------------------------------

    def state(self) -> IndexState:
        """What storing the index keeps (see :mod:`dipreader.core.search.index_file`)."""
        vocabulary = self._vocabulary
        counts = array("I", (len(posting) for posting in vocabulary.postings))
        merged = array("I")
        for posting in vocabulary.postings:
            merged.extend(posting)
        return IndexState(
            first=self._first,
            who=self._who,
            counts=counts,
            merged=merged,
            rows=self._tokens,
            words=vocabulary.words,
            speaker_codes=self._speaker_codes,
            speaker_keys={key: sorted(codes) for key, codes in self._speaker_keys.items()},
        )

    @classmethod
    def from_state(cls, state: IndexState, meetings: Sequence[Meeting]) -> SearchIndex:
        """The index :meth:`state` described, for exactly these meetings in this order.

        Raises ValueError when the state does not fit them or itself (a cache to rebuild).
        """
        first, who, counts, merged = state.first, state.who, state.counts, state.merged
        rows, word_list = state.rows, state.words
        sentences = first[-1] if first else 0
        # Each meeting's number of sentences, as the index has them and as the meetings do.
        sizes = list(map(operator.sub, first[1:], first[:-1]))
        if (
            len(first) != len(meetings) + 1
            or first[0] != 0
            or len(who) != sentences
            or len(rows) != sentences
            or len(counts) != len(word_list)
            or sum(counts) != len(merged)
            or sizes != [len(meeting.sentences) for meeting in meetings]
        ):
            raise ValueError("an inconsistent search index")
        index = cls()
        index._meetings = list(meetings)
        index._position = {meeting.id: position for position, meeting in enumerate(meetings)}
        index._first = first
        index._who = who
        index._tokens = rows
        index._owner = array("I", chain.from_iterable(map(repeat, range(len(sizes)), sizes)))
        index._checked = set()
        vocabulary = index._vocabulary
        # Made in C (maps and zips, no loop here): 25,000 words at a warm start.
        vocabulary.words[:] = word_list
        ends = list(accumulate(counts))
        starts = [0, *ends[:-1]] if ends else []
        vocabulary.postings[:] = map(merged.__getitem__, map(slice, starts, ends))
        dict.update(vocabulary, zip(word_list, map(chr, range(len(word_list))), strict=True))
        dict.pop(vocabulary, "", None)  # unused ids have no word
        index._speaker_codes = dict(state.speaker_codes)
        index._speaker_keys = dict(state.speaker_keys)
        return index


@dataclass(frozen=True, slots=True)
class IndexState:
    """What an index holds apart from its meetings: what a stored index keeps."""

    first: array[int]  # the first sentence of each meeting, then the end
    who: array[int]  # each sentence's speaker code
    counts: array[int]  # how many sentences each word id has
    merged: array[int]  # each word id's sentences, word after word
    rows: list[str]  # each sentence's word ids
    words: list[str]  # each id's word ("" for ids that have none)
    speaker_codes: dict[str, int]  # speaker id -> code
    speaker_keys: dict[str, list[int]]  # folded id / name / surname -> codes
