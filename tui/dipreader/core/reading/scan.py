"""One article scanned once: its normalised text, runs of capitalised words, candidate subjects,
verbs, quotations, and the cast of people named in it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from dipreader.core.model import Meeting
from dipreader.core.reading.cast import Cast, Mention, Person
from dipreader.core.reading.grammar import (
    ALIAS,
    ALIAS_BRACKET,
    CAP_REF,
    CLOSERS,
    COLLECTIVE,
    JOIN_SCAN,
    JOINT_OPENERS,
    JOINT_START,
    LOW_SCAN,
    OPENERS,
    QUOTE_MARKS,
    REF,
    REF_OPENER_PREFIXES,
    REF_OPENERS,
    SUFFIXES,
    WIRE_DATELINE,
    WIRES,
)
from dipreader.core.reading.mentions import find_mentions
from dipreader.core.reading.name_runs import capital_marks, capital_runs, name_keys
from dipreader.core.reading.verbs import VERB_KIND, VERB_SCAN
from dipreader.core.text.fold import fold_text

# The first letters of REF_OPENERS and SUFFIXES: a run starting otherwise is none of them.
_OPENER_INITIALS = frozenset(word[0] for word in (*REF_OPENERS, *SUFFIXES))


def _capital_refs(
    norm: str, start: int, end: int
) -> tuple[list[tuple[int, int, str]], dict[int, re.Match[str] | None]]:
    """Every run of capitalised words (as ``capital_runs``), and the ``cap`` reference that
    each run which can only be one is: the scan's own match, so that ``ref_at`` need not
    match the run again."""
    runs: list[tuple[int, int, str]] = []
    refs: dict[int, re.Match[str] | None] = {}
    marks = capital_marks(norm)
    if marks is None:
        matches = CAP_REF.finditer(norm, start, end)
    else:
        matches = _runs(norm, marks, start, end)
    for match in matches:
        at = match.start()
        # As in ``capital_runs``: drop the rare match that starts inside a word (``iPhone``).
        if at and norm[at - 1].isalnum():
            continue
        seq = match.group(0)
        runs.append((at, match.end(), seq))
        # Not ``The ...``, ``He``, ``China's ...``: those may be other kinds of reference.
        if seq[0] not in _OPENER_INITIALS:
            if seq[-1] != "s" or not seq.endswith("'s"):
                refs[at] = match
        elif seq in SUFFIXES:
            refs[at] = None  # ``Joseph R. Biden, Jr. spoke``: part of the name before it
        elif (
            seq not in REF_OPENERS
            and not seq.startswith(REF_OPENER_PREFIXES)
            and not seq.endswith("'s")
        ):
            refs[at] = match
    return runs, refs


def _runs(norm: str, marks: bytes, start: int, end: int) -> Iterator[re.Match[str]]:
    """``CAP_REF.finditer(norm, start, end)``: a match is tried only where a capital is, as
    ``marks`` (``capital_marks(norm)``) tells, and the next looked for after it, as
    ``finditer`` does (no run is empty)."""
    match_at = CAP_REF.match
    at = marks.find(b"A", start, end)
    while at >= 0:
        match = match_at(norm, at, end)
        if match is None:  # every capital starts a run: not reached, but never loops
            at = marks.find(b"A", at + 1, end)
            continue
        yield match
        at = marks.find(b"A", match.end(), end)


class ArticleScan:
    """One article being read: its text, scans and the people in it."""

    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.text = meeting.text
        self.norm = fold_text(meeting.text)
        self.sentences = meeting.sentences
        self.body = meeting.body_start
        self.end = self.sentences[-1].end if self.sentences else self.body
        # Runs of capitalised words, matched once with the groups of a reference so that a run
        # that can only be a ``cap`` reference is its own reference (see ``ref_at``).
        norm, body, end = self.norm, self.body, self.end
        runs, self._refs = _capital_refs(norm, body, end)
        self.cast = Cast()
        titled: list[Mention] = []
        if meeting.title:
            title = fold_text(meeting.title)
            titled = [
                hint
                for hint in find_mentions(title, capital_runs(title, 0, len(title)), 0)
                if hint.role
            ]
            for hint in titled:
                self.cast.hints.append((name_keys(hint.name), hint.role, hint.country))
        for mention in find_mentions(self.norm, runs, self.body):
            self.cast.add(mention)
        if "(" in norm:
            self._aliases()
        for hint in titled:
            # ``Vladimir Putin met with ...`` as the title, ``the President`` in the body: the
            # title names who the role nominals mean.
            if self.cast.lookup(hint.name) is None:
                self.cast.adopt(hint, self.body)
        run_starts = [start for start, _end, _seq in runs]
        inner = [m.end() for m in JOIN_SCAN.finditer(norm, body, end)]
        # Where a run of capitalised words holds several people (``Wang Yi and Park Jin``),
        # each may start a subject; remember the run each such start lies in.
        self.run_of: dict[int, int] = {}
        for position in inner:
            index = bisect_right(run_starts, position) - 1
            if index >= 0 and runs[index][1] > position:
                self.run_of[position] = run_starts[index]
        starts = set(run_starts)
        lows = [m.start() + 1 for m in LOW_SCAN.finditer(norm, body, end)]
        starts.update(lows)
        starts.update(inner)
        self.candidates = sorted(starts)
        # Where a plural subject may start: among the lower-case starts, and sentence starts.
        joint_start = JOINT_START.match
        joint = {position for position in lows if joint_start(norm, position)}
        for sentence in self.sentences:
            # The openers' first letters first: a test of one character, not of five words.
            if norm[sentence.start] in "TBAI" and norm.startswith(JOINT_OPENERS, sentence.start):
                joint.add(sentence.start)
        self.joint_starts = sorted(joint)
        kinds = VERB_KIND
        self.verbs: list[tuple[int, int, str, str]] = [
            (match.start(1), match.end(), key, kinds[key])
            for match in VERB_SCAN.finditer(norm, body - 1, end)
            for key in (match.group(1),)
        ]
        self.verb_starts = [v[0] for v in self.verbs]
        text = self.text
        has_quotes = '"' in text or "\u201c" in text or "\u201d" in text or "\u00ab" in text
        self.quotes = self._quotes() if has_quotes else []
        self.quote_starts = [start for start, _end in self.quotes]
        self._sentence_starts: list[int] | None = None
        # Wire agencies attribute every paragraph: a paragraph without an attribution is the
        # reporter's background, not the last speaker going on.
        self.wire = (meeting.source or "").strip().lower() in WIRES or (
            WIRE_DATELINE.search(norm, 0, min(len(norm), body + 600)) is not None
        )
        self._resolved: dict[tuple[str, int], tuple[bool, tuple[str, tuple[Person, ...]]]] = {}
        # ``We, the G7 Foreign Ministers, ...``: a statement made by all its signatories.
        self.collective = ("We, the " in norm or "We the " in norm) and any(
            norm.startswith(COLLECTIVE, sentence.start) for sentence in self.sentences
        )
        # A statement with a byline and nobody met (set once meetings are marked).
        self.solo: Person | None = None
        self.byline_end = -1  # where the byline that names the author ends

    def _aliases(self) -> None:
        """``President Joko Widodo (Jokowi)``: the name in brackets is the same person's."""
        norm = self.norm
        for bracket in ALIAS_BRACKET.finditer(norm, self.body, self.end):
            # The bracket first (rare), then the name just before it.
            match = ALIAS.search(norm, max(self.body, bracket.start() - 80), bracket.end())
            while match is not None and match.end() != bracket.end():
                match = ALIAS.search(norm, match.end(), bracket.end())
            if match is None:
                continue
            words = match.group("name").split()
            person = None
            for first in range(len(words) - 1):  # ``President Joko Widodo``: from the name on
                person = self.cast.lookup(tuple(words[first:]))
                if person is not None:
                    break
            if person is not None and " " in person.name:
                self.cast.alias(person, match.group("alias"))

    # -- scans ---------------------------------------------------------------------------------

    def sentence_end(self, position: int) -> int:
        if self._sentence_starts is None:
            self._sentence_starts = [sentence.start for sentence in self.sentences]
        index = bisect_right(self._sentence_starts, position) - 1
        return self.sentences[index].end if index >= 0 else self.end

    def ref_at(self, position: int) -> re.Match[str] | None:
        # Plain runs of capitalised words are already there, from the scan for runs.
        refs = self._refs
        if position in refs:
            return refs[position]
        ref = refs[position] = REF.match(self.norm, position, self.end)
        return ref

    def _quotes(self) -> list[tuple[int, int]]:
        """Quoted spans, paragraph by paragraph; an unclosed quote runs to its paragraph's end."""
        text = self.text
        # Quotation marks are few: find them with ``str.find`` (fast) rather than a regex.
        marks: list[int] = []
        for char in QUOTE_MARKS:
            at = text.find(char, self.body)
            while at >= 0:
                marks.append(at)
                at = text.find(char, at + 1)
        marks.sort()
        spans: list[tuple[int, int]] = []
        sentences = self.sentences
        index = 0
        count = len(sentences)
        cursor = 0
        while index < count and cursor < len(marks):
            paragraph = sentences[index].paragraph
            start = sentences[index].start
            last = index
            while last + 1 < count and sentences[last + 1].paragraph == paragraph:
                last += 1
            end = sentences[last].end
            open_at: int | None = None
            while cursor < len(marks) and marks[cursor] < end:
                position = marks[cursor]
                cursor += 1
                if position < start:
                    continue
                char = text[position]
                if char in OPENERS:
                    if open_at is None:
                        open_at = position
                elif char in CLOSERS or open_at is not None:
                    if open_at is not None:
                        spans.append((open_at, position + 1))
                        open_at = None
                else:
                    open_at = position
            if open_at is not None:
                spans.append((open_at, end))
            index = last + 1
        return spans

    def inside_quote(self, position: int) -> bool:
        index = bisect_left(self.quote_starts, position) - 1
        return index >= 0 and position < self.quotes[index][1]


@dataclass(slots=True)
class Pair:
    """A subject (one reference or a list of them) with the verb it goes with."""

    start: int  # where the subject starts
    end: int  # where the verb ends
    verb: str
    verb_kind: str  # speech | meet | joint
    refs: list[re.Match[str]]
    embedded: bool = False
    switch: bool = False
    after_quote: bool = False
    tail: bool = False


def taken_starts(found: list[Pair]) -> set[int]:
    """Where the pairs already found start, or their last subjects do: a set, since a long
    sentence may hold thousands of them."""
    return {pair.start for pair in found} | {pair.refs[-1].start() for pair in found if pair.refs}


def pair_start(pair: Pair) -> int:
    return pair.start
