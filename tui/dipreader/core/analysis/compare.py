"""Two meetings side by side: which statements answer each other, and what only one has.

Two readouts of the same pair of ministers share a lot of wording that says nothing about
either meeting: the participants' names and countries, reporting verbs, and diplomatic
boilerplate ("strengthen exchanges", "bilateral relations") that both use again and again. A
statement has a counterpart only when it shares real content with it:

- Content words are the words left after English function words, reporting verbs and the
  participants' names, roles and countries are dropped; each is cut to its first six letters
  so that inflections meet (``neighbours``/``neighboring``, ``respect``/``respected``).
- Boilerplate is every content word that *both* meetings use in several of their compared
  sentences (at least two, and at least a tenth of them, in each).
- Two statements are candidates when they share at least :data:`MIN_SHARED` content words
  that are not boilerplate, or a run of :data:`PHRASE` words holding two content words
  (``the common interests of both sides``: the phrase is the evidence even when each word
  is boilerplate), or are nearly the same sentence (:data:`VERBATIM` by ``fuzz.ratio``).
  A candidate's score is rapidfuzz's ``token_set_ratio`` of the two sentences, and a pair
  needs :data:`MIN_SCORE`.
- Candidates are found through indexes (which sentences hold each word, each phrase, each
  rare three-letter gram: :class:`Verbatim`), never by trying every pair. Up to
  :data:`EXACT_PAIRS` pairs of sentences they find every candidate; beyond, each sentence
  looks at a bounded number of index entries and scores at most :data:`MAX_CANDIDATES`, so
  that two long readouts compare in a time that grows with their length, and a comparison
  that left something out says so (``Comparison.limited``).
- Pairs are chosen greedily, best score first, each sentence at most once (one to one). A
  sentence left without a pair whose best candidate was taken keeps that candidate as an
  echo; a sentence with no candidate at all is what only its meeting has.

On the samples this keeps the 2023 Taiwan question and supply-chain remarks and 2022's Cold
War remarks apart: they share only single words or boilerplate with the other meeting.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from rapidfuzz import fuzz, process, utils

from dipreader.core.model import Kind, Meeting
from dipreader.core.search.query import words

MIN_SHARED = 2
PHRASE = 4
MIN_SCORE = 50.0
VERBATIM = 90.0
STEM = 6
BOILERPLATE_SHARE = 0.1
MAX_CANDIDATES = 200  # counterparts scored per statement: keeps a comparison linear
GRAM = 3  # characters per gram in the search for near-verbatim pairs
# Up to this many pairs of statements, every possible counterpart is found (the indexes
# only save work); beyond, each statement looks at SCAN_BUDGET index entries (GRAM_BUDGET for
# its grams), rarest first, so that the time grows with the statements, not their pairs, and
# the comparison says it is partial if that left something out.
EXACT_PAIRS = 250_000
SCAN_BUDGET = 4_000
GRAM_BUDGET = 1_000

_STOP = frozenset(
    """
    a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing down during each either few for
    from further had has have having he her here hers him his how i if in into is it its
    itself just may me might more most must my neither no nor not now of off on once only or
    other our ours out over own same shall she should so some such than that the their them
    then there these they this those through to too under until up upon us very was we were
    what when where which while who whom whose why will with would yet you your
    one two three both either side sides part party parties meeting meetings met meet
    said say says saying told tell noted note notes noting stressed stress stresses stressing
    pointed point points added add adds adding expressed express expresses expressing called
    call calls calling hoped hope hopes hoping urged urge urges urging reiterated reiterate
    emphasized emphasised emphasize underlined underline remarked observed believes believe
    according also further well however therefore thus
    mr ms mrs dr
    """.split()
)

Side = Literal["left", "right"]
Status = Literal["paired", "echo", "only", "skipped"]

# The kinds compared: one speaker's statements and what both sides said together.
COMPARED_KINDS = frozenset({Kind.STATEMENT, Kind.JOINT})


@dataclass(frozen=True, slots=True)
class Link:
    """A sentence of the left meeting and one of the right, and how alike they are.

    ``shared`` are the content words (cut to six letters) the two have in common beyond the
    boilerplate, then the word runs they share, for showing why they were paired.
    """

    left: int
    right: int
    score: float
    shared: tuple[str, ...] = ()


@dataclass(slots=True)
class Comparison:
    """What :func:`compare` found. Indices are sentence indices of each meeting."""

    left: Meeting
    right: Meeting
    left_items: list[int]  # the sentences compared, in text order
    right_items: list[int]
    pairs: list[Link]  # one to one, in left text order
    left_only: list[int]  # no counterpart at all in the right meeting
    right_only: list[int]
    echoes: list[Link] = field(default_factory=list)  # unpaired, but like a paired sentence
    boilerplate: frozenset[str] = frozenset()
    # Some statement had more than MAX_CANDIDATES possible counterparts (text repeated over
    # and over): only its most alike were scored.
    limited: bool = False

    def pair_of_left(self, index: int) -> Link | None:
        return next((link for link in self.pairs if link.left == index), None)

    def pair_of_right(self, index: int) -> Link | None:
        return next((link for link in self.pairs if link.right == index), None)

    def partner(self, side: Side, index: int) -> Link | None:
        """The pair of sentence ``index`` of ``side``, else the echo it belongs to."""
        for link in (*self.pairs, *self.echoes):
            if (link.left if side == "left" else link.right) == index:
                return link
        return None

    def status(self, side: Side, index: int) -> Status:
        """How sentence ``index`` of ``side`` fared: for colouring a side-by-side view.

        ``paired`` (it has a pair), ``echo`` (like a sentence that is paired elsewhere),
        ``only`` (nothing like it on the other side) or ``skipped`` (not compared:
        narration, captions).
        """
        items, only = (
            (self.left_items, self.left_only)
            if side == "left"
            else (self.right_items, self.right_only)
        )
        if index not in items:
            return "skipped"
        if index in only:
            return "only"
        link = self.partner(side, index)
        if link is not None and link in self.pairs:
            return "paired"
        return "echo"

    def rows(self) -> list[tuple[int | None, int | None]]:
        """Side-by-side rows ``(left, right)``: pairs on one row, the rest on rows of their own.

        Left sentences keep their order; an unpaired right sentence comes just before the
        row of the next right sentence that is paired, so both sides read roughly in order
        and every compared sentence appears exactly once (for linked scrolling).
        """
        paired_right = {link.right: link.left for link in self.pairs}
        pending = [index for index in self.right_items if index not in paired_right]
        rows: list[tuple[int | None, int | None]] = []
        by_left = {link.left: link.right for link in self.pairs}
        for left in self.left_items:
            right = by_left.get(left)
            if right is not None:
                while pending and pending[0] < right:
                    rows.append((None, pending.pop(0)))
                rows.append((left, right))
            else:
                rows.append((left, None))
        rows.extend((None, index) for index in pending)
        return rows


def compared_sentences(meeting: Meeting) -> list[int]:
    """The statements and joint statements of ``meeting``.

    When nothing in it is attributed (a readout the attribution could not read), its body
    sentences are compared instead, so that the comparison still says something.
    """
    chosen = [i for i, s in enumerate(meeting.sentences) if s.kind in COMPARED_KINDS]
    if chosen:
        return chosen
    return [i for i, s in enumerate(meeting.sentences) if s.start >= meeting.body_start]


def participant_words(meetings: Iterable[Meeting]) -> set[str]:
    """Words of the participants' names, roles and countries: every readout of them has them."""
    found: set[str] = set()
    for meeting in meetings:
        for speaker in meeting.speakers:
            for part in (speaker.name, speaker.role or "", speaker.country or ""):
                found.update(words(part))
    return found


def content_words(text: str, drop: set[str]) -> set[str]:
    """The content words of ``text``, each cut to :data:`STEM` letters."""
    return {
        word[:STEM]
        for word in words(text)
        if word not in _STOP and word not in drop and (len(word) > 1 or word.isdigit())
    }


def phrases(text: str, drop: set[str]) -> set[tuple[str, ...]]:
    """Runs of :data:`PHRASE` words of ``text`` that hold at least two content words."""
    found = words(text)
    runs = set()
    for start in range(len(found) - PHRASE + 1):
        run = tuple(found[start : start + PHRASE])
        if sum(1 for word in run if word not in _STOP and word not in drop) >= 2:
            runs.add(run)
    return runs


class Verbatim:
    """Finds the texts of the right side nearly the same as a text of the left (``fuzz.ratio``
    at least :data:`VERBATIM`) without trying every pair.

    Tried are those the caller found sharing a distinctive word or a phrase, those of the same
    text, and those sharing one of the text's rarest three-letter grams: a ratio of 90 leaves
    two texts at least ``0.4 m - 2`` grams in common (``m`` the longer length; the q-gram
    lemma), so when grams are ordered rarest first two such texts share one of the first
    ``n - t + 1`` grams of each (prefix filtering). Those prefixes are indexed and looked up
    within ``budget`` entries (None: all of them).
    """

    def __init__(self, left: list[str], right: list[str], budget: int | None) -> None:
        self.right = right
        self.budget = budget
        keys = [_grams(text) for text in left + right]
        frequency = Counter(key for row in keys for key in row)
        self.prefixes: list[list[tuple[str, int]]] = []
        for text, row in zip(left + right, keys, strict=True):
            need = max(1, math.floor(0.4 * len(text)) - GRAM)  # a little below the bound
            row.sort(key=lambda key: (frequency[key], key))
            self.prefixes.append(row[: max(0, len(row) - need + 1)])
        self.split = len(left)
        self.index: dict[tuple[str, int], list[int]] = {}
        self.same: dict[str, list[int]] = {}
        self.short: list[int] = []  # too short for a bound: tried with every text
        for rpos, text in enumerate(right):
            self.same.setdefault(text, []).append(rpos)
            if math.floor(0.4 * len(text)) - GRAM < 1:
                self.short.append(rpos)
            for key in self.prefixes[self.split + rpos]:
                self.index.setdefault(key, []).append(rpos)

    def like(self, lpos: int, text: str, also: set[int]) -> tuple[set[int], bool]:
        """The right positions nearly the same as ``text`` (left ``lpos``); whether every
        possible one was tried."""
        postings = [self.index.get(key, []) for key in self.prefixes[lpos]]
        if math.floor(0.4 * len(text)) - GRAM < 1:
            postings.append(self.short)
        kept, whole = _within_budget(postings, self.budget)
        tried = also.union(self.same.get(text, ()), *kept)
        found = process.extract(
            text,
            {rpos: self.right[rpos] for rpos in tried},
            scorer=fuzz.ratio,
            score_cutoff=VERBATIM,
            limit=None,
        )
        return {rpos for _text, _score, rpos in found}, whole


def _within_budget(
    postings: Iterable[list[int]], budget: int | None
) -> tuple[list[list[int]], bool]:
    """The posting lists, shortest (rarest) first, as long as they hold at most ``budget``
    entries in all; and whether that is all of them.

    Text repeated over and over makes every list long: each statement is then matched through
    its rarest words and grams only, so that a comparison stays linear, and says it is partial.
    """
    if budget is None:
        return list(postings), True
    kept: list[list[int]] = []
    total = 0
    for rows in sorted(postings, key=len):
        total += len(rows)
        if total > budget:
            return kept, False
        kept.append(rows)
    return kept, True


def _grams(text: str) -> list[tuple[str, int]]:
    """The three-letter grams of ``text``, the n-th occurrence of each told apart."""
    seen: Counter[str] = Counter()
    grams = []
    for start in range(len(text) - GRAM + 1):
        gram = text[start : start + GRAM]
        grams.append((gram, seen[gram]))
        seen[gram] += 1
    return grams


def _boilerplate(left: list[set[str]], right: list[set[str]]) -> frozenset[str]:
    """Content words both meetings use again and again."""

    def frequent(rows: list[set[str]]) -> set[str]:
        floor = max(2, math.ceil(BOILERPLATE_SHARE * len(rows)))
        counts = Counter(word for row in rows for word in row)
        return {word for word, count in counts.items() if count >= floor}

    return frozenset(frequent(left) & frequent(right))


def compare(left: Meeting, right: Meeting) -> Comparison:
    """Pair each compared sentence of ``left`` with the most alike of ``right`` (module doc)."""
    left_items = compared_sentences(left)
    right_items = compared_sentences(right)
    drop = participant_words((left, right))
    left_words = [content_words(left.sentence_text(i), drop) for i in left_items]
    right_words = [content_words(right.sentence_text(i), drop) for i in right_items]
    boilerplate = _boilerplate(left_words, right_words)
    left_runs = [phrases(left.sentence_text(i), drop) for i in left_items]
    right_runs = [phrases(right.sentence_text(i), drop) for i in right_items]
    left_texts = [utils.default_process(left.sentence_text(i)) for i in left_items]
    right_texts = [utils.default_process(right.sentence_text(i)) for i in right_items]

    # Only pairs sharing a distinctive word or a phrase, or nearly verbatim, are scored at
    # all; each kind of pair is found through an index, never by trying every pair.
    holders: dict[str, list[int]] = {}
    for position, row in enumerate(right_words):
        for word in row - boilerplate:
            holders.setdefault(word, []).append(position)
    run_holders: dict[tuple[str, ...], list[int]] = {}
    for position, runs in enumerate(right_runs):
        for run in runs:
            run_holders.setdefault(run, []).append(position)
    exact = len(left_items) * len(right_items) <= EXACT_PAIRS
    budget, gram_budget = (None, None) if exact else (SCAN_BUDGET, GRAM_BUDGET)
    verbatim_of = Verbatim(left_texts, right_texts, gram_budget)
    limited = False
    candidates: list[Link] = []
    for lpos, row in enumerate(left_words):
        distinctive = row - boilerplate
        by_word, whole = _within_budget((holders.get(w, []) for w in distinctive), budget)
        counts = Counter(rpos for rows in by_word for rpos in rows)
        runs_of = (run_holders.get(run, []) for run in left_runs[lpos])
        by_run, all_runs = _within_budget(runs_of, budget)
        chosen = {rpos for rpos, shared in counts.items() if shared >= MIN_SHARED}
        chosen.update(*by_run)
        verbatim, all_grams = verbatim_of.like(lpos, left_texts[lpos], chosen)
        limited = limited or not (whole and all_runs and all_grams)
        chosen |= verbatim
        if not exact and len(chosen) > MAX_CANDIDATES:
            # Text repeated over and over: score the most alike, and say the result is partial.
            limited = True
            ranked = sorted(chosen, key=lambda rpos: (rpos not in verbatim, -counts[rpos], rpos))
            chosen = set(ranked[:MAX_CANDIDATES])
        for rpos in sorted(chosen):
            score = fuzz.token_set_ratio(left_texts[lpos], right_texts[rpos])
            if score < MIN_SCORE and rpos not in verbatim:
                continue
            # What they share is worked out for the links kept (below), not for every one.
            candidates.append(Link(left_items[lpos], right_items[rpos], round(score, 1)))

    # Best first; ties by text order so that the result never depends on dict order.
    candidates.sort(key=lambda link: (-link.score, link.left, link.right))
    pairs: list[Link] = []
    used_left: set[int] = set()
    used_right: set[int] = set()
    for link in candidates:
        if link.left not in used_left and link.right not in used_right:
            pairs.append(link)
            used_left.add(link.left)
            used_right.add(link.right)
    echoes: list[Link] = []
    echoed: set[tuple[str, int]] = set()
    for link in candidates:
        for side, index, used in (
            ("left", link.left, used_left),
            ("right", link.right, used_right),
        ):
            if index not in used and (side, index) not in echoed:
                echoes.append(link)
                echoed.add((side, index))
    with_candidate_left = {link.left for link in candidates}
    with_candidate_right = {link.right for link in candidates}
    pairs.sort(key=lambda link: link.left)
    left_at = {item: position for position, item in enumerate(left_items)}
    right_at = {item: position for position, item in enumerate(right_items)}

    def with_shared(link: Link) -> Link:
        lpos, rpos = left_at[link.left], right_at[link.right]
        runs = left_runs[lpos] & right_runs[rpos]
        common = tuple(sorted((left_words[lpos] - boilerplate) & right_words[rpos])) + tuple(
            sorted(" ".join(run) for run in runs)
        )
        return replace(link, shared=common)

    pairs = [with_shared(link) for link in pairs]
    echoes = [with_shared(link) for link in echoes]
    return Comparison(
        left=left,
        right=right,
        left_items=left_items,
        right_items=right_items,
        pairs=pairs,
        left_only=[i for i in left_items if i not in with_candidate_left],
        right_only=[i for i in right_items if i not in with_candidate_right],
        echoes=echoes,
        boilerplate=boilerplate,
        limited=limited,
    )
