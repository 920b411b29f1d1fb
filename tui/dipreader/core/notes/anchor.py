"""Anchors: what a bookmark or note keeps so that it finds its passage again (DESIGN §5).

An :class:`Anchor` holds the article's path, a hash of its text, the quoted passage with about
32 characters of context each side, and the offsets. :func:`resolve` finds the passage in the
articles as they are now:

1. the article at the anchor's path: same hash -> the stored offsets; the quote still at the
   offsets -> done (``exact``); else every occurrence of the quote, ranked by how well the text
   around it matches the stored context, then by nearness to the old offsets (``moved``); else
   a fuzzy match (rapidfuzz) for a lightly edited passage (``fuzzy``);
2. another loaded article with the same text hash, then another article holding the quote
   (the best context wins): the file was renamed or moved (``relocated``). While the article
   is still at its path, a copy elsewhere counts only with its surroundings;
3. when the path is gone: a fuzzy match in the few articles sharing most of the passage's
   words, in its old surroundings (``fuzzy``, at another path);
4. nothing: an ``orphan``, shown with its stored quote and never dropped.

A :class:`MeetingIndex` is built once per load so that thousands of anchors resolve against
thousands of articles: dict lookups by path and by hash, and (built on first need) an index
of words to articles, so a quote is looked for only in the articles holding its rarest words.
Figures: ``python bench/anchors.py``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from dipreader.core.model import Meeting, text_hash
from dipreader.core.text.fold import fold_text

CONTEXT = 32  # characters of prefix and suffix kept with each anchor

# Typographic characters match their plain counterparts (DESIGN §2): a quote and the text
# are compared folded (fold_text, one character for one, so that offsets in the folded text
# are offsets in the original).

# Weights of the ranking: context on both sides decides, nearness breaks ties.
_NEAR_WEIGHT = 0.01  # at most: a context that differs by a word outweighs any nearness
# Occurrences looked at per quote: a very common quote cannot make resolving slow.
_MAX_HITS = 2000
_MAX_FUZZY_ARTICLES = 3  # articles tried for an edited passage in another file
_FUZZY_CONTEXT = 0.7  # how closely its surroundings must match there


class AnchorStatus(StrEnum):
    """How an anchor was found again."""

    EXACT = "exact"  # at its stored offsets in the article at its path
    MOVED = "moved"  # same article, the quote now at other offsets
    RELOCATED = "relocated"  # in another article: the file was renamed or moved
    FUZZY = "fuzzy"  # the passage was edited; the closest passage is used
    ORPHAN = "orphan"  # not found: kept with its quote

    @property
    def found(self) -> bool:
        return self is not AnchorStatus.ORPHAN


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a passage was: enough to find it again after the article changes."""

    path: str
    text_hash: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    line: int = 0  # 1-based line of a .jsonl article, 0 for a whole file

    @classmethod
    def from_span(cls, meeting: Meeting, start: int, end: int) -> Anchor:
        """The anchor of ``meeting.text[start:end]``."""
        text = meeting.text
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span {start}:{end} is not inside a text of {len(text)} characters")
        return cls(
            path=meeting.path,
            text_hash=text_hash(text),
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT) : start],
            suffix=text[end : end + CONTEXT],
            start=start,
            end=end,
            line=meeting.line,
        )


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where an anchor points now. ``meeting`` is None for an orphan (offsets as stored)."""

    anchor: Anchor
    meeting: Meeting | None
    start: int
    end: int
    status: AnchorStatus
    score: float = 100.0  # 0-100: how closely the passage found matches the stored quote

    @property
    def found(self) -> bool:
        return self.meeting is not None

    @property
    def quote(self) -> str:
        """The passage as it is now, or the stored quote of an orphan."""
        if self.meeting is None:
            return self.anchor.exact
        return self.meeting.text[self.start : self.end]

    @property
    def relocated(self) -> bool:
        """True when the passage was found in an article at another path."""
        return self.meeting is not None and not _same_place(self.meeting, self.anchor)


def _path_key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _same_place(meeting: Meeting, anchor: Anchor) -> bool:
    if meeting.line != anchor.line:
        return False
    return meeting.path == anchor.path or _path_key(meeting.path) == _path_key(anchor.path)


class MeetingIndex:
    """The loaded articles, indexed for resolving anchors: by path, by text hash, by quote."""

    def __init__(self, meetings: Iterable[Meeting]) -> None:
        self.meetings: list[Meeting] = list(meetings)
        self._by_path: dict[tuple[str, int], int] = {}
        self._by_key: dict[tuple[str, int], int] = {}
        for index, meeting in enumerate(self.meetings):
            self._by_path.setdefault((meeting.path, meeting.line), index)
            self._by_key.setdefault((_path_key(meeting.path), meeting.line), index)
        # Built on first need only, like the word index: most starts find every anchor at
        # its own path and never hash a text.
        self._by_hash: dict[str, list[int]] | None = None
        self._folded: dict[int, str] = {}
        self._words: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.meetings)

    def at(self, path: str, line: int = 0) -> int | None:
        """Index of the article at ``path`` (and ``line`` of a .jsonl file), if loaded."""
        found = self._by_path.get((path, line))
        if found is None:
            found = self._by_key.get((_path_key(path), line))
        return found

    def with_hash(self, digest: str) -> list[int]:
        """The articles whose text has this hash (a renamed or copied file)."""
        if self._by_hash is None:
            table: dict[str, list[int]] = {}
            for index, meeting in enumerate(self.meetings):
                table.setdefault(meeting.text_hash, []).append(index)  # often kept by the cache
            self._by_hash = table
        return self._by_hash.get(digest, [])

    def folded(self, index: int) -> str:
        cached = self._folded.get(index)
        if cached is None:
            cached = self._folded[index] = fold_text(self.meetings[index].text)
        return cached

    def holding_words(self, words: Iterable[str]) -> list[int]:
        """The articles that hold every one of ``words`` (checked on the rarest three)."""
        postings = self._postings(words)
        if not postings:
            return list(range(len(self.meetings)))
        if not postings[0]:
            return []
        found = set(postings[0])
        for posting in postings[1:3]:
            found.intersection_update(posting)
        return sorted(found)

    def sharing_words(self, words: Iterable[str], top: int) -> list[int]:
        """Up to ``top`` articles that hold the most of the rarest of ``words``."""
        counts: dict[int, int] = {}
        rare = [p for p in self._postings(words) if p][:8]
        for posting in rare:
            for article in posting:
                counts[article] = counts.get(article, 0) + 1
        enough = (len(rare) + 1) // 2
        ranked = sorted(counts, key=lambda article: (-counts[article], article))
        return [article for article in ranked[:top] if counts[article] >= enough]

    def _postings(self, words: Iterable[str]) -> list[list[int]]:
        """The articles holding each word, rarest word first."""
        if self._words is None:
            table: dict[str, list[int]] = {}
            for index in range(len(self.meetings)):
                for word in set(_WORD.findall(self.folded(index))):
                    table.setdefault(word, []).append(index)
            self._words = table
        table = self._words
        return sorted((table.get(word, []) for word in set(words)), key=len)

    def find_everywhere(
        self, needle: str, words: Iterable[str], limit: int = _MAX_HITS
    ) -> list[tuple[int, int]]:
        """``(article, offset)`` of each occurrence of folded ``needle`` in any article.

        ``words`` are whole words of the needle: only articles holding all of them are read.
        """
        hits: list[tuple[int, int]] = []
        if not needle:
            return hits
        for index in self.holding_words(words):
            for offset in _occurrences(self.folded(index), needle):
                hits.append((index, offset))
                if len(hits) >= limit:
                    return hits
        return hits


_WORD = re.compile(r"\w+")


def _whole_words(anchor: Anchor) -> list[str]:
    """Words of the (folded) quote that are whole words wherever the quote occurs.

    The first and last may run on into the text around an occurrence ("x" + "Wang said"
    reads "xWang"), so only the words between them count.
    """
    return _WORD.findall(fold_text(anchor.exact))[1:-1]


def resolve(anchor: Anchor, index: MeetingIndex) -> Resolution:
    """Where ``anchor``'s passage is in the articles of ``index`` now (see the module doc).

    The article at the anchor's path comes first, even when only a fuzzy match is found there:
    the same readout is often published twice, and a copy elsewhere is not the user's article.
    """
    home = index.at(anchor.path, anchor.line)
    if home is not None:
        found = _locate_exact(anchor, index, home) or _locate_fuzzy(anchor, index.meetings[home])
        if found is not None:
            return found
    found = _relocate_exact(anchor, index, home)
    if found is None and home is None:
        # Only for a file that is gone from its path (renamed or moved, and edited): while
        # the article is still there, a similar passage elsewhere is not the one noted.
        found = _relocate_fuzzy(anchor, index)
    if found is not None:
        return found
    return Resolution(anchor, None, anchor.start, anchor.end, AnchorStatus.ORPHAN, 0.0)


def resolve_all(anchors: Iterable[Anchor], meetings: Sequence[Meeting]) -> list[Resolution]:
    """Resolve many anchors against ``meetings`` (one index for all)."""
    index = MeetingIndex(meetings)
    return [resolve(anchor, index) for anchor in anchors]


def locate(anchor: Anchor, meeting: MeetingIndex | Meeting) -> Resolution | None:
    """Where ``anchor``'s passage is in one article alone (exact, moved or fuzzy), if anywhere.

    Pass ``MeetingIndex([meeting])`` to locate many anchors in the same article cheaply.
    """
    index = meeting if isinstance(meeting, MeetingIndex) else MeetingIndex([meeting])
    if len(index) != 1:
        raise ValueError("locate() looks in exactly one article")
    return _locate_exact(anchor, index, 0) or _locate_fuzzy(anchor, index.meetings[0])


def _similarity(a: str, b: str) -> float:
    """0-1 likeness of two context strings."""
    if not a and not b:
        return 1.0
    return float(Indel.normalized_similarity(a, b))


def _context_score(anchor: Anchor, text: str, start: int, end: int) -> float:
    """0-1: how well the text around ``start:end`` matches the anchor's stored context."""
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    return (_similarity(anchor.prefix, before) + _similarity(anchor.suffix, after)) / 2


def _nearness(anchor: Anchor, text: str, start: int) -> float:
    return 1.0 - min(1.0, abs(start - anchor.start) / max(1, len(text)))


def _locate_exact(anchor: Anchor, index: MeetingIndex, home: int) -> Resolution | None:
    meeting = index.meetings[home]
    text = meeting.text
    size = len(anchor.exact)
    # Same text or not, the quote at the stored offsets is checked: it costs a few
    # comparisons, and a damaged offset in the store must not point a note at the wrong
    # passage. Its context too: where the same quote now stands at those offsets with other
    # words around it (the article's blocks moved), the occurrences are weighed below.
    if size and anchor.start >= 0 and text[anchor.start : anchor.end] == anchor.exact:
        before = anchor.start - len(anchor.prefix)
        if (
            before >= 0
            and text.startswith(anchor.prefix, before)
            and text.startswith(anchor.suffix, anchor.end)
        ):
            return Resolution(anchor, meeting, anchor.start, anchor.end, AnchorStatus.EXACT)
    # Verbatim first; folding typographic characters (slower) only when that finds nothing.
    hits = _occurrences(text, anchor.exact) or _occurrences(
        index.folded(home), fold_text(anchor.exact)
    )
    best = _best_hit(anchor, text, hits)
    if best is None:
        return None
    start, raw = best
    status = AnchorStatus.MOVED if raw else AnchorStatus.FUZZY
    score = 100.0 if raw else 100.0 * _similarity(anchor.exact, text[start : start + size])
    return Resolution(anchor, meeting, start, start + size, status, score)


def _occurrences(haystack: str, needle: str) -> list[int]:
    if not needle:
        return []
    hits: list[int] = []
    position = haystack.find(needle)
    while position >= 0 and len(hits) < _MAX_HITS:
        hits.append(position)
        position = haystack.find(needle, position + 1)
    return hits


def _best_hit(anchor: Anchor, text: str, hits: Iterable[int]) -> tuple[int, bool] | None:
    """The best of ``hits`` (offsets of the folded quote): ``(offset, quote is verbatim)``.

    Verbatim occurrences beat ones that match only after folding typographic characters;
    among equals the context decides, then nearness to the old offsets.
    """
    best: tuple[bool, float, int] | None = None
    size = len(anchor.exact)
    for start in hits:
        raw = text[start : start + size] == anchor.exact
        score = _context_score(anchor, text, start, start + size)
        score += _NEAR_WEIGHT * _nearness(anchor, text, start)
        key = (raw, score, -start)
        if best is None or key > best:
            best = key
    if best is None:
        return None
    return -best[2], best[0]


def _relocate_exact(anchor: Anchor, index: MeetingIndex, home: int | None) -> Resolution | None:
    """The passage in another article: same text first, else the quote with its context."""
    same_text = [i for i in index.with_hash(anchor.text_hash) if i != home]
    if same_text:
        chosen = min(same_text, key=lambda i: _name_distance(index.meetings[i], anchor))
        meeting = index.meetings[chosen]
        if (
            anchor.exact
            and anchor.start >= 0
            and meeting.text[anchor.start : anchor.end] == anchor.exact
        ):
            return Resolution(anchor, meeting, anchor.start, anchor.end, AnchorStatus.RELOCATED)
    needle = fold_text(anchor.exact)
    hits = index.find_everywhere(needle, _whole_words(anchor))
    size = len(anchor.exact)
    best: tuple[bool, float, int, int, int] | None = None
    for i, start in hits:
        if i == home:
            continue
        meeting = index.meetings[i]
        raw = meeting.text[start : start + size] == anchor.exact
        score = _context_score(anchor, meeting.text, start, start + size)
        score += _NEAR_WEIGHT * _nearness(anchor, meeting.text, start)
        key = (raw, score, -_name_distance(meeting, anchor), i, start)
        if best is None or key[:3] > best[:3]:
            best = key
    if best is None:
        return None
    raw, _, _, i, start = best
    meeting = index.meetings[i]
    if home is not None and _context_score(anchor, meeting.text, start, start + size) < 0.5:
        # The article is still there without the passage; a copy of the quote in another
        # article counts only when it came with its surroundings (the article was split).
        return None
    found = meeting.text[start : start + size]
    quality = 100.0 if raw else 100.0 * _similarity(anchor.exact, found)
    status = AnchorStatus.RELOCATED if raw else AnchorStatus.FUZZY
    return Resolution(anchor, meeting, start, start + size, status, quality)


def _name_distance(meeting: Meeting, anchor: Anchor) -> int:
    """0 when a moved file kept its name, 1 when it was renamed: a tie-break only."""
    return 0 if os.path.basename(meeting.path) == os.path.basename(anchor.path) else 1


def _min_score(size: int) -> float:
    """The fuzzy score a passage of ``size`` characters needs: short ones must match closer."""
    if size < 12:
        return 101.0  # too short to tell an edit from a different passage
    return 85.0 if size < 40 else 75.0


def _locate_fuzzy(anchor: Anchor, meeting: Meeting) -> Resolution | None:
    """The closest passage to the stored quote in ``meeting``, if close enough."""
    exact = anchor.exact
    text = meeting.text
    needed = _min_score(len(exact))
    if needed > 100 or not text:
        return None
    windows: list[tuple[int, int]] = []
    # The quote with its context first: it tells two similar passages apart.
    with_context = anchor.prefix + exact + anchor.suffix
    for needle, offset in ((with_context, len(anchor.prefix)), (exact, 0)):
        found = fuzz.partial_ratio_alignment(needle, text, score_cutoff=needed * 0.8)
        if found is None:
            continue
        start = found.dest_start + (offset - found.src_start)
        start = max(0, min(start, len(text)))
        windows.append((start, min(len(text), start + len(exact))))
    best: tuple[float, int, int] | None = None
    for window in dict.fromkeys(windows):
        start, end = _refine(anchor, text, *window)
        score = fuzz.ratio(exact, text[start:end])
        key = (score + 10 * _context_score(anchor, text, start, end), start, end)
        if score >= needed and (best is None or key > best):
            best = key
    if best is None:
        return None
    _, start, end = best
    return Resolution(
        anchor, meeting, start, end, AnchorStatus.FUZZY, fuzz.ratio(exact, text[start:end])
    )


def _refine(anchor: Anchor, text: str, start: int, end: int) -> tuple[int, int]:
    """Move the ends of an approximate window to where the passage best matches the quote.

    The alignment gives a window as long as the quote; an edit that changed the length leaves
    an end off by a few characters. Each end moves within a slack, the other held fixed, to
    the place that best matches the quote and, as a tie-break, the stored context.
    """
    exact = anchor.exact
    slack = max(8, min(32, len(exact) // 4))  # "lightly edited": a few words either way
    # A quote that began (ended) at a word's edge is looked for at word edges only: fewer
    # places to try, and no match that cuts a word in two.
    start_at_edge = _at_edge(anchor.prefix + exact, len(anchor.prefix))
    end_at_edge = _at_edge(exact + anchor.suffix, len(exact))

    def objective(s: int, e: int) -> float:
        return fuzz.ratio(exact, text[s:e]) + 5 * _context_score(anchor, text, s, e)

    def places(around: int, low: int, high: int, edge: bool) -> list[int]:
        found = list(range(max(low, around - slack), min(high, around + slack) + 1))
        if edge:
            found = [p for p in found if _at_edge(text, p)] or found
        return found

    for _ in range(2):
        before = (start, end)
        lows = places(start, 0, end, start_at_edge)
        start = max(lows, key=lambda s: (objective(s, end), -abs(s - start)), default=start)
        highs = places(end, start + 1, len(text), end_at_edge)
        end = max(highs, key=lambda e: (objective(start, e), -abs(e - end)), default=end)
        if (start, end) == before:
            break
    return start, max(end, start + 1)


def _at_edge(text: str, offset: int) -> bool:
    """True when ``offset`` is not inside a word of ``text``."""
    if offset <= 0 or offset >= len(text):
        return True
    return not (text[offset - 1].isalnum() and text[offset].isalnum())


def _relocate_fuzzy(anchor: Anchor, index: MeetingIndex) -> Resolution | None:
    """An edited passage in another article: tried in the articles sharing most of its words."""
    if _min_score(len(anchor.exact)) > 100:
        return None
    words = _WORD.findall(fold_text(anchor.prefix + " " + anchor.exact + " " + anchor.suffix))
    best: Resolution | None = None
    for i in index.sharing_words(words, _MAX_FUZZY_ARTICLES):
        found = _locate_fuzzy(anchor, index.meetings[i])
        if found is None or found.score <= (best.score if best else 0):
            continue
        # An edited passage in another article must still sit in its old surroundings:
        # similar sentences recur across readouts, and a note must not wander to one.
        text = index.meetings[i].text
        if _context_score(anchor, text, found.start, found.end) >= _FUZZY_CONTEXT:
            best = found
    return best
