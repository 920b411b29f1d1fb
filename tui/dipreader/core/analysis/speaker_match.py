"""Finding a speaker by what the user types: fuzzy, as a picker must be.

Every word typed must fit a word of the speaker's name, id, role or country, by one of these,
best first: the word itself, its beginning (``par`` for Park, being typed), a typo of the
word (a letter swapped, dropped, doubled or changed: ``wagn`` is Wang, ``prak`` Park; two
for a word of seven letters or more) or of a beginning of five letters or more (of two
letters: one dropped between them, ``jn`` for Jin), or, for a single word, the initials of
the name (``wy`` for Wang Yi, ``jrb`` for Joseph R. Biden). Names count more than roles and
countries, so that ``korea`` lists the Koreans but ``kim`` puts a Kim before a Korean.

:class:`SpeakerMatcher` folds every speaker's words once; each keystroke then only compares.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz.distance import OSA

from dipreader.core.model import Speaker
from dipreader.core.search.query import words

# Scores of one typed word against one word of the speaker.
EXACT, PREFIX, TYPO, TYPO_PREFIX = 100, 90, 70, 60
INITIALS = 80  # the whole query, as the initials of the name
OTHER_FIELD = 0.6  # a role or country word counts this much of a name word


def typos_allowed(word: str) -> int:
    """How many edits a typed word may be from the word it means: none under 3 letters."""
    if len(word) < 3:
        return 0
    return 1 if len(word) < 7 else 2


def word_score(typed: str, candidate: str) -> int:
    """How well ``typed`` (folded) fits ``candidate`` (folded); 0 when it does not."""
    if typed == candidate:
        return EXACT
    if candidate.startswith(typed):
        return PREFIX
    allowed = typos_allowed(typed)
    if not allowed:
        # Two letters with one dropped between them: "jn" for Jin, "wg" for Wang.
        if len(typed) == 2 and candidate[:1] == typed[0] and typed[1] in candidate[1:3]:
            return TYPO_PREFIX
        return 0
    if OSA.distance(typed, candidate, score_cutoff=allowed) <= allowed:
        return TYPO
    if len(typed) >= 5 and len(candidate) > len(typed):
        # A typo in a long name still being typed: "kishd" for Kishida. (Shorter beginnings
        # are too many: "wagn" is one letter from "Magnitogorsk"'s.)
        head = candidate[: len(typed)]
        if OSA.distance(typed, head, score_cutoff=allowed) <= allowed:
            return TYPO_PREFIX
    return 0


@dataclass(frozen=True, slots=True)
class _Folded:
    speaker: Speaker
    name: tuple[str, ...]  # the name's words, and the id's
    other: tuple[str, ...]  # the role's and the country's
    initials: str


def _fold(speaker: Speaker) -> _Folded:
    name_words = words(speaker.name)
    # "taeyul" for Tae-yul, "wangyi" for Wang Yi: a name typed without its space or hyphen.
    joined = [a + b for a, b in pairwise(name_words)]
    if len(name_words) > 2:
        joined.append("".join(name_words))
    named = tuple(dict.fromkeys([*name_words, *words(speaker.id), *joined]))
    other = tuple(dict.fromkeys(words(f"{speaker.role or ''} {speaker.country or ''}")))
    return _Folded(speaker, named, other, "".join(word[0] for word in name_words))


class SpeakerMatcher:
    """Ranks speakers against a typed query; built once for a picker's speakers."""

    def __init__(self, speakers: Iterable[Speaker]) -> None:
        self._folded = [_fold(speaker) for speaker in speakers]

    def score(self, folded: _Folded, typed: Sequence[str]) -> float:
        """The speaker's score for the typed words, 0 when one of them fits nothing."""
        if len(typed) == 1 and len(typed[0]) >= 2 and folded.initials == typed[0]:
            initials = float(INITIALS)
        else:
            initials = 0.0
        total = 0.0
        for word in typed:
            best = max((word_score(word, w) for w in folded.name), default=0)
            other = max((word_score(word, w) for w in folded.other), default=0) * OTHER_FIELD
            found = max(best, other)
            if not found:
                return initials
            total += found
        return max(total / len(typed), initials)

    def rank(self, query: str) -> list[Speaker]:
        """The speakers every word of ``query`` fits, best first (in their given order
        among equals); all of them, in that order, for an empty query."""
        typed = words(query)
        if not typed:
            return [folded.speaker for folded in self._folded]
        scored = []
        for position, folded in enumerate(self._folded):
            value = self.score(folded, typed)
            if value > 0:
                scored.append((-value, position, folded.speaker))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [speaker for *_, speaker in scored]
