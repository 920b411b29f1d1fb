"""Search over the corpus database: the full-text table picks a few hundred candidate
sentences (:mod:`~dipreader.core.search.fts_queries`), and the in-memory index's ranker
orders them, with the same expansions and weights, so a sentence scores here what it scores
there.

The filters are SQL on the sentence and article columns: ``since:``/``until:`` on the day,
``source:`` on the sources that fit (matched as the index matches them, over the distinct
sources), ``@name``, ``kind:`` and ``country:`` on the speakers that fit (over the speaker
table, by speaker id as the index codes them). A search narrowed to so few sentences that the
index ranks every one of them (``candidates._SCAN_ALL``) ranks here every one holding a query
word. Hits are the index's :class:`~dipreader.core.search.index.Hit`, each with its meeting
read from the database (kept for the next keystrokes until :meth:`DatabaseSearch.refresh`).
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from dipreader.core.corpus.database import CorpusDatabase
from dipreader.core.corpus.database_rows import KIND_CODE, SENTENCE_BITS
from dipreader.core.model import Kind, Meeting
from dipreader.core.search.filters import JOINT, NARRATION, fuzzy_matches, named_voices
from dipreader.core.search.fts_queries import (
    FtsVocabulary,
    constraints,
    full_text_matches,
    quoted,
)
from dipreader.core.search.index import Hit
from dipreader.core.search.query import WORD, Query, parse_query, words
from dipreader.core.search.ranking import OTHER_READING, rank_pool
from dipreader.core.search.vocabulary import article_rows

TOP = 300  # candidates ranked for a query (the full-text tiers fill it in turn)
SCAN_ALL = 3000  # as candidates._SCAN_ALL: so few sentences are ranked every one
_MEETINGS_KEPT = 2048  # the meetings of hits kept between keystrokes (about 16 MB)
_ROWS_KEPT = 20_000  # sentences whose text and row are kept between keystrokes
_MENTION_CHUNK = 5_000  # candidates read and ranked at once when every mention is wanted
_NUMBER_MASK = (1 << SENTENCE_BITS) - 1
# The id of a word the full-text vocabulary lacks: a surrogate, never a vocabulary id.
_UNKNOWN = "\ud800"
_STATEMENT, _JOINT = KIND_CODE[Kind.STATEMENT], KIND_CODE[Kind.JOINT]
_NARRATION = KIND_CODE[Kind.NARRATION]

Voice = int | str  # JOINT, NARRATION (filters.py) or a speaker id


@dataclass(slots=True)
class _Speakers:
    """The speaker table as the filters need it, by speaker id (as the index codes them)."""

    rows: dict[str, list[int]] = field(default_factory=dict)  # speaker id -> its rows
    keys: dict[str, set[str]] = field(default_factory=dict)  # id / name / surname -> ids
    countries: dict[str, set[str]] = field(default_factory=dict)  # country -> ids

    @classmethod
    def of(cls, table: Iterable[tuple[Any, ...]]) -> _Speakers:
        found = cls()
        for row, sid, name, _role, country in table:
            if not isinstance(sid, str) or type(row) is not int:
                continue
            found.rows.setdefault(sid, []).append(row)
            found.keys.setdefault(sid, set()).add(sid)
            if isinstance(name, str) and name:
                parts = words(name)
                for key in (*parts, "-".join(parts)):
                    found.keys.setdefault(key, set()).add(sid)
            if isinstance(country, str) and country:
                found.countries.setdefault(country, set()).add(sid)
        return found


@dataclass(frozen=True, slots=True)
class _Where:
    """A query's filters as SQL: on the meetings (``article a``) and on the voices
    (``sentence s``), each with its values."""

    meetings: str = ""
    meeting_values: tuple[Any, ...] = ()
    voices: str = ""
    voice_values: tuple[Any, ...] = ()

    @property
    def clause(self) -> str:
        return " AND ".join(part for part in (self.meetings, self.voices) if part)

    @property
    def values(self) -> tuple[Any, ...]:
        return self.meeting_values + self.voice_values

    def join(self) -> str:
        """The article table joined to the sentences, when the clause needs it."""
        return f" JOIN article a ON a.id = s.id >> {SENTENCE_BITS}" if self.meetings else ""


class _Ids(dict[str, str]):
    """A vocabulary's ids; a word it lacks is :data:`_UNKNOWN` (looked up in C, not added)."""

    def __missing__(self, word: str) -> str:
        return _UNKNOWN


class DatabaseSearch:
    """Fuzzy sentence search over a :class:`CorpusDatabase`, ranked as the in-memory index.

    What it reads of the database (the vocabulary, speakers, sources, meetings of hits) is
    kept until :meth:`refresh`, to be called once the database has been written to.
    """

    def __init__(self, database: CorpusDatabase, *, top: int = TOP) -> None:
        self._database = database
        self._top = top
        self._vocabulary: FtsVocabulary | None = None
        self._speakers: _Speakers | None = None
        self._sources: list[str] | None = None
        self._meetings: dict[int, Meeting | None] = {}
        self._kept: dict[int, tuple[str, str]] = {}  # sentence row -> (its text, its row)
        self._ids: tuple[FtsVocabulary, _Ids] | None = None

    def refresh(self) -> None:
        """Forget what was read of the database (it has changed)."""
        self._vocabulary = self._speakers = self._sources = self._ids = None
        self._meetings.clear()
        self._kept.clear()

    @property
    def vocabulary(self) -> FtsVocabulary:
        if self._vocabulary is None:
            found = self._database.select("SELECT count(*) FROM sentence")
            sentences = int(found[0][0]) if found else 0
            self._vocabulary = FtsVocabulary(self._database.vocabulary(), sentences)
        return self._vocabulary

    # -- searching ----------------------------------------------------------------------

    def search(
        self, query: str | Query, *, limit: int = 50, articles: Collection[int] | None = None
    ) -> list[Hit]:
        """The best ``limit`` sentences for ``query``, best first, as the index's ``search``:
        a query with errors (a filter it cannot read: see ``Query.errors``) finds nothing.

        ``articles`` narrows the search to those meetings (their rows, ``Header.article``).
        """
        parsed = query if isinstance(query, Query) else parse_query(query)
        if limit <= 0 or parsed.empty or parsed.errors or not self.vocabulary.sentences:
            return []
        where = self._where(parsed, articles)
        if where is None:
            return []
        runs = self._runs(parsed)
        if runs is None:
            return []  # a phrase with a word no sentence has
        if not parsed.words_wanted:
            return self._listing(parsed, where, limit)
        return self._ranked(parsed, self._candidates(parsed, where), runs, limit)

    def mentions(self, query: str | Query, floor: float) -> list[Hit]:
        """Every sentence of the corpus (within the query's filters) that scores at least
        ``floor`` for ``query``, each scored as :meth:`search` scores it, in the corpus's order.

        A sentence without a word whose weight is over ``1 - floor / 100`` of the words' all
        together scores below ``floor`` (module ``ranking``: half for the words held, half for
        the longest run), so the candidates are the sentences that hold such words (with their
        variants: the AND of them, for each reading), all of them, and none is lost to a cap.
        """
        parsed = query if isinstance(query, Query) else parse_query(query)
        if parsed.empty or parsed.errors or not parsed.words_wanted:
            return []
        if not self.vocabulary.sentences:
            return []
        where = self._where(parsed, None)
        runs = self._runs(parsed)
        if where is None or runs is None:
            return []
        vocabulary = self.vocabulary
        exact = [vocabulary.exact_term(word) for phrase in parsed.phrases for word in phrase]
        numbers: set[int] = set()
        for reading in vocabulary.readings(parsed):
            terms = vocabulary.terms(reading) + exact
            total = sum(term.weight for term in terms)
            needed = [t for t in terms if t.weight > total * (1.0 - floor / 100.0)]
            groups = [sorted(map(vocabulary.word, term.variants)) for term in needed or terms]
            if needed and not all(groups):
                continue  # a word that must be there has no variant in the corpus
            either = [
                "(" + " OR ".join(quoted([word]) for word in group) + ")"
                for group in groups
                if group
            ]
            if not either:
                continue
            # Each needed word; when no one word is, any of them (none of the rest is needed).
            expression = (" AND " if needed else " OR ").join(either)
            numbers.update(self._every(f"({expression}){constraints(parsed)}", where))
        found: list[Hit] = []
        ordered = sorted(numbers)
        for low in range(0, len(ordered), _MENTION_CHUNK):
            chunk = ordered[low : low + _MENTION_CHUNK]
            hits = self._ranked(parsed, chunk, runs, len(chunk))
            found += [hit for hit in hits if hit.score >= floor]
        return sorted(found, key=lambda hit: (hit.meeting.id, hit.index))

    def _every(self, expression: str, where: _Where) -> list[int]:
        """Every sentence row the full-text ``expression`` matches within ``where``."""
        clause = f" AND {where.clause}" if where.clause else ""
        query = (
            "SELECT f.rowid FROM sentence_fts f JOIN sentence s ON s.id = f.rowid"
            f"{where.join()} WHERE sentence_fts MATCH ?{clause}"
        )
        return [number for (number,) in self._database.select(query, (expression, *where.values))]

    def _ranked(
        self, parsed: Query, candidates: list[int], runs: tuple[list[str], list[str]], limit: int
    ) -> list[Hit]:
        """The best ``limit`` of ``candidates`` for ``parsed``, as the index ranks them."""
        texts, rows = self._read_rows(candidates)
        required, forbidden = runs
        pool = [
            number
            for number in rows
            if all(run in rows[number] for run in required)
            and not any(run in rows[number] for run in forbidden)
        ]
        vocabulary = self.vocabulary
        exact = [vocabulary.exact_term(word) for phrase in parsed.phrases for word in phrase]
        best: dict[int, tuple[float, list[int]]] = {}
        for reading in vocabulary.readings(parsed):
            terms = vocabulary.terms(reading) + exact
            share = 1.0 if reading.literal else OTHER_READING
            for score, positions, number in rank_pool(rows.__getitem__, pool, terms, limit):
                score *= share
                if score > best.get(number, (0.0, []))[0]:
                    best[number] = (score, positions)
        ordered = heapq.nsmallest(
            limit, best.items(), key=lambda item: (-item[1][0], len(rows[item[0]]), item[0])
        )
        hits = (
            self._hit(number, score, positions, texts[number])
            for number, (score, positions) in ordered
            if score > 0.0
        )
        return [hit for hit in hits if hit is not None]

    def candidates(
        self, query: str | Query, *, articles: Collection[int] | None = None
    ) -> list[int]:
        """The sentence rows the full-text tiers hand to the ranker for ``query``."""
        parsed = query if isinstance(query, Query) else parse_query(query)
        where = self._where(parsed, articles)
        if where is None or parsed.errors or not parsed.words_wanted:
            return []
        return self._candidates(parsed, where)

    def _candidates(self, query: Query, where: _Where) -> list[int]:
        every_word = bool(where.meetings) and self._scope_size(where) <= SCAN_ALL
        limit = SCAN_ALL if every_word else self._top
        found: dict[int, None] = {}
        last: list[int] = []
        for match in full_text_matches(query, self.vocabulary, every_word=every_word):
            if match.fallback and last:
                continue
            last = self._match(match.expression, match.ranked, where, limit)
            found.update(dict.fromkeys(last))
            if len(found) >= limit:
                break
        return list(found)[:limit]

    def _match(self, expression: str, ranked: bool, where: _Where, limit: int) -> list[int]:
        if not where.clause:
            return self._database.candidates(expression, limit, ranked=ranked)
        order = " ORDER BY f.rank" if ranked else ""
        query = (
            "SELECT f.rowid FROM sentence_fts f JOIN sentence s ON s.id = f.rowid"
            f"{where.join()} WHERE sentence_fts MATCH ? AND {where.clause}{order} LIMIT ?"
        )
        found = self._database.select(query, (expression, *where.values, limit))
        return [number for (number,) in found]

    def _scope_size(self, where: _Where) -> int:
        """How many sentences the meetings the query narrows to have."""
        query = f"SELECT ifnull(sum(a.sentences), 0) FROM article a WHERE {where.meetings}"
        found = self._database.select(query, where.meeting_values)
        return int(found[0][0]) if found else 0

    def _listing(self, query: Query, where: _Where, limit: int) -> list[Hit]:
        """Only filters, no words: the filtered sentences in the corpus's order."""
        clause, values = where.clause or "1", list(where.values)
        for excluded in query.excluded:
            clause += " AND s.id NOT IN (SELECT rowid FROM sentence_fts WHERE sentence_fts MATCH ?)"
            values.append(quoted(excluded))
        sql = f"SELECT s.id FROM sentence s{where.join()} WHERE {clause} ORDER BY s.id LIMIT ?"
        numbers = [number for (number,) in self._database.select(sql, (*values, limit))]
        texts = self._database.sentence_texts(numbers)
        hits = (self._hit(n, 100.0, (), texts[n]) for n in numbers if n in texts)
        return [hit for hit in hits if hit is not None]

    def _read_rows(self, pool: list[int]) -> tuple[dict[int, str], dict[int, str]]:
        """The text and the row (word ids, read as the index reads them) of each sentence of
        ``pool`` that is kept, in its order; kept for the next keystrokes, which mostly rank
        the same candidates."""
        kept = self._kept
        wanted = [number for number in pool if number not in kept]
        if wanted:
            if len(kept) + len(wanted) > _ROWS_KEPT:
                kept.clear()
            fetched = self._database.sentence_texts(wanted)
            found = [number for number in wanted if number in fetched]
            texts = [fetched[number] for number in found]
            for number, text, row in zip(found, texts, self._rows(texts), strict=True):
                kept[number] = (text, row)
        texts_of: dict[int, str] = {}
        rows_of: dict[int, str] = {}
        for number in pool:
            pair = kept.get(number)
            if pair is not None:
                texts_of[number], rows_of[number] = pair
        return texts_of, rows_of

    def _rows(self, texts: list[str]) -> list[str]:
        """Each sentence's words as id characters, read as the index reads them."""
        if not texts:
            return []
        spans = []
        start = 0
        for text in texts:
            spans.append((start, start + len(text)))
            start += len(text) + 1
        return article_rows(" ".join(texts), spans, self._lookup().__getitem__)

    def _lookup(self) -> dict[str, str]:
        """Word -> id character, a word the vocabulary lacks :data:`_UNKNOWN` (not added)."""
        vocabulary = self.vocabulary
        if self._ids is None or self._ids[0] is not vocabulary:
            self._ids = (vocabulary, _Ids(vocabulary.words))
        return self._ids[1]

    def _runs(self, query: Query) -> tuple[list[str], list[str]] | None:
        """The phrases and the excluded words as runs of word ids (as the index's ``_runs``)."""
        get = self.vocabulary.words.get
        required = []
        for phrase in query.phrases:
            chars = [get(word) for word in phrase]
            if None in chars:
                return None
            required.append("".join(char for char in chars if char))
        forbidden = []
        for excluded in query.excluded:
            chars = [get(word) for word in excluded]
            if None not in chars:
                forbidden.append("".join(char for char in chars if char))
        return required, forbidden

    def _hit(self, number: int, score: float, positions: Iterable[int], text: str) -> Hit | None:
        meeting = self._meeting(number >> SENTENCE_BITS)
        index = number & _NUMBER_MASK
        if meeting is None or index >= len(meeting.sentences):
            return None
        wanted = set(positions)
        spans = tuple(
            match.span() for place, match in enumerate(WORD.finditer(text)) if place in wanted
        )
        return Hit(meeting, index, round(score, 1), spans)

    def _meeting(self, article: int) -> Meeting | None:
        kept = self._meetings
        if article not in kept:
            if len(kept) >= _MEETINGS_KEPT:
                kept.clear()
            kept[article] = self._database.meeting(article)
        return kept[article]

    # -- filters as SQL -------------------------------------------------------------------

    def _where(self, query: Query, articles: Collection[int] | None) -> _Where | None:
        """The query's filters as SQL; None when they admit nothing."""
        clauses: list[str] = []
        values: list[Any] = []
        if query.since is not None or query.until is not None:
            clauses.append("a.sort_day < 0")  # an undated meeting is outside any date filter
            if query.since is not None:
                clauses.append("a.sort_day <= ?")
                values.append(-query.since.toordinal())
            if query.until is not None:
                clauses.append("a.sort_day >= ?")
                values.append(-query.until.toordinal())
        if query.sources:
            admitted = [
                source
                for source in self._source_list()
                if any(fuzzy_matches(value, source) for value in query.sources)
            ]
            if not admitted:
                return None
            clauses.append(f"a.source IN ({', '.join('?' * len(admitted))})")
            values += admitted
        if articles is not None:
            chosen = sorted({int(article) for article in articles})
            if not chosen:
                return None
            clauses.append(f"a.id IN ({', '.join('?' * len(chosen))})")
            values += chosen
        meetings = " AND ".join(clauses)
        voices = self._voices(query)
        if voices is None:
            return _Where(meetings, tuple(values))
        voice_values: list[Any] = []
        voice_clause = self._voice_clause(voices, voice_values)
        if voice_clause is None:
            return None
        return _Where(meetings, tuple(values), voice_clause, tuple(voice_values))

    def _voices(self, query: Query) -> set[Voice] | None:
        """Who the query admits (``@``, ``kind:``, ``country:``), or None for anyone: as the
        index's ``_allowed_codes`` and ``FilterTables.voice_codes``."""
        if not (query.kinds or query.countries or query.filtered):
            return None
        speakers = self._speaker_table()  # read once, when first asked (0.5 s at 100,000)
        voices: set[Voice] | None = None
        if query.kinds:
            voices = set()
            for kind in query.kinds:
                if kind == "statement":
                    voices.update(speakers.rows)
                else:
                    voices.add(JOINT if kind == "joint" else NARRATION)
        if query.countries:
            from_countries: set[Voice] = set()
            for value in query.countries:
                for country, ids in speakers.countries.items():
                    if fuzzy_matches(value, country):
                        from_countries |= ids
            voices = from_countries if voices is None else voices & from_countries
        if not query.filtered:
            return voices
        allowed: set[Voice] = named_voices(query, speakers.keys)
        return allowed if voices is None else allowed & voices

    def _voice_clause(self, voices: set[Voice], values: list[Any]) -> str | None:
        """``voices`` as SQL on ``s.kind`` and ``s.speaker`` (adding to ``values``)."""
        speakers = self._speaker_table()
        parts = []
        if JOINT in voices:
            parts.append(f"s.kind = {_JOINT}")
        if NARRATION in voices:
            # A statement nobody is named for is narration to the index too.
            parts.append(f"s.kind = {_NARRATION} OR (s.kind = {_STATEMENT} AND s.speaker IS NULL)")
        ids = {voice for voice in voices if isinstance(voice, str)}
        if ids and ids >= speakers.rows.keys():
            parts.append(f"s.kind = {_STATEMENT} AND s.speaker IS NOT NULL")
        elif ids:
            rows = sorted(row for sid in ids for row in speakers.rows.get(sid, ()))
            parts.append(f"s.kind = {_STATEMENT} AND s.speaker IN ({', '.join('?' * len(rows))})")
            values += rows
        if not parts:
            return None
        return "(" + " OR ".join(f"({part})" for part in parts) + ")"

    def _speaker_table(self) -> _Speakers:
        if self._speakers is None:
            table = self._database.select(
                "SELECT id, coalesce(person, sid), name, role, country FROM speaker"
            )
            self._speakers = _Speakers.of(table)
        return self._speakers

    def _source_list(self) -> list[str]:
        if self._sources is None:
            found = self._database.select("SELECT DISTINCT source FROM article")
            self._sources = [source for (source,) in found if isinstance(source, str)]
        return self._sources
