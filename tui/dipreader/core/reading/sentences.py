"""Sentence boundaries in readout text, as spans into the original string.

Readouts scraped from the web glue sentences together (``two peoples.Wang said``) and are full
of abbreviations (``U.S.``, ``Mr.``, ``Jan. 5``, ``No. 1``), so a general-purpose splitter
either misses boundaries or rewrites the text; this one only reports offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Titles and other abbreviations that never end a sentence when a name or word follows.
_TITLES = frozenset(
    "Mr Mrs Ms Mme Messrs Dr Prof Sen Rep Gov Gen Lt Col Maj Capt Sgt Adm Amb Hon Rev "
    "St Jr Sr Cmdr Supt Pres Sec Dept Gov't Govt approx cf vs viz al".split()
)
# Abbreviations that are only abbreviations before a number: ``Jan. 5``, ``No. 1``.
_BEFORE_NUMBER = frozenset(
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Nos Art Vol Fig pp p para Para".split()
)
# After an initialism (``U.S.``, ``p.m.``, ``S.``) a sentence only ends if one of these opens
# the next: ``U.S. Secretary`` goes on, ``the U.S. The two sides`` does not.
_STARTERS = frozenset(
    "The This That These Those It Its He She They We I In On At As For But And Both Each "
    "There Here His Her Their Our When While During After Before Since However Meanwhile "
    "Also Such A An".split()
)
# A stage direction in a transcript: ``(As interpreted.)``, ``(Laughter.)``, ``(Applause.)``
_STAGE = re.compile(r"\([A-Z][A-Za-z ,'\u2019-]{1,40}\.\)")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
# What may end a sentence. Found with ``str.find`` (a fast memory scan) rather than a regex:
# ``re`` tests a character class at every position, which cost more than the rest of the split.
_END_MARKS = ".!?\u2026"
_CLOSERS = "\"'\u201d\u2019)]"
_OPEN_QUOTES = "\"'\u201c\u2018("
_TERMINAL = ".!?\u2026:;" + _CLOSERS


def _word_before(text: str, end: int, floor: int) -> str:
    # Bounded look-back: a 2 MB line without spaces must not make this quadratic.
    if floor < end - 24:
        floor = end - 24
    start = end
    # A hyphen or slash joins words (``Japan-U.S.``): the abbreviation is the last part.
    while start > floor and not text[start - 1].isspace() and text[start - 1] not in '("“‘[-/':
        start -= 1
    return text[start:end]


def _long_word_before(text: str, end: int, floor: int) -> bool:
    """Whether seven letters or more end at ``end``: a word that long is no title, no
    abbreviation before a number and no initialism, so ``_word_before`` need not be read."""
    return end - 7 >= floor and text[end - 7 : end].isalpha()


def _next_word(text: str, start: int, limit: int) -> str:
    end = start
    while end < limit and (text[end].isalpha() or text[end] in "'’-"):
        end += 1
    return text[start:end]


def _is_boundary(text: str, run: int, dot: int, after: int, limit: int, floor: int) -> int | None:
    """Where the sentence ends if the punctuation ``text[run:dot + 1]`` ends it, else None.

    ``after`` is past any closing quotes or brackets that follow the punctuation.
    """
    punct = text[run : dot + 1]
    if after < limit and not text[after].isspace():
        # Glued to what follows. A straight quote there opens the next sentence
        # (``said."We``) rather than closing this one.
        for index in range(dot + 1, after):
            if text[index] in "\"'" and text[after].isalpha():
                after = index
                break
        first = text[after]
        second = text[after + 1] if after + 1 < limit else ""
        if first in "\u201c\"'\u2018":
            return after if second.isupper() else None
        if not (first.isupper() and second.islower()):
            return None  # ``3.5``, ``www.example.org``, ``U.S.-China``
        if _long_word_before(text, run, floor):
            return after
        word = _word_before(text, run, floor)
        if (
            after == dot + 1
            and punct == "."
            and (word in _TITLES or _INITIALISM.fullmatch(word) is not None)
        ):
            return None  # ``Mr.Wang``, ``U.S.Secretary``
        return after
    nxt = after
    while nxt < limit and text[nxt].isspace():
        nxt += 1
    if nxt >= limit:
        return after
    first = text[nxt]
    if not (first.isupper() or first.isdigit() or first in _OPEN_QUOTES or first == "["):
        return None  # ``e.g. the``, ``... and``: the sentence goes on in lower case
    if first == "(" and _STAGE.match(text, nxt, limit):
        return None  # ``... stronger. (Laughter.)``: the stage direction stays with it
    if after > dot + 1 and text[after - 1] == ")":
        opening = text.rfind("(", floor, dot)
        if (
            opening >= 0
            and _STAGE.fullmatch(text, opening, after)
            and text[floor:opening].rstrip().endswith(":")
        ):
            return None  # ``KISHIDA: (As interpreted.) Thank you``: one turn, one sentence
    if punct != "." or after > dot + 1 or _long_word_before(text, run, floor):
        return after  # ``?``, ``!``, an ellipsis, a closed quote or bracket, or a long word
    word = _word_before(text, run, floor)
    if word.isdigit() and len(word) <= 2 and not text[floor : run - len(word)].strip():
        return None  # ``1. At the outset``: a numbered paragraph, not a sentence of its own
    if word in _TITLES:
        return None
    if word in _BEFORE_NUMBER and first.isdigit():
        return None
    if _INITIALISM.fullmatch(word) and len(word.replace(".", "")) <= 3:
        return after if _next_word(text, nxt, limit) in _STARTERS else None
    return after


def split_line(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans within ``text[start:end]`` (one line or joined block)."""
    sentence_start = start
    # One scan for the whole line: closing quotes and brackets skipped after a run of
    # punctuation are never punctuation, so the scan resumes where the next search would have
    # found it. The run ``[.!?…]+`` starts at the next full stop or the next other mark
    # (``end`` when there is none); the other marks are rare, so looked for again only when
    # one is passed.
    dot_at = text.find(".", start, end)
    if dot_at < 0:
        dot_at = end
    other_at = _next_other(text, start, end)
    while True:
        run = dot_at if dot_at < other_at else other_at
        if run >= end:
            break
        after = run + 1
        while after < end and text[after] in _END_MARKS:
            after += 1
        if dot_at < after:
            dot_at = text.find(".", after, end)
            if dot_at < 0:
                dot_at = end
        if other_at < after:
            other_at = _next_other(text, after, end)
        dot = after - 1
        while after < end and text[after] in _CLOSERS:
            after += 1
        cut = _is_boundary(text, run, dot, after, end, sentence_start)
        if cut is not None:
            span = _trimmed(text, sentence_start, cut)
            if span is not None:
                yield span
            sentence_start = cut
    span = _trimmed(text, sentence_start, end)
    if span is not None:
        yield span


def _next_other(text: str, start: int, end: int) -> int:
    """Where the next ``!``, ``?`` or ``…`` of ``text[start:end]`` is, ``end`` if none is."""
    nearest = end
    for mark in "!?\u2026":
        at = text.find(mark, start, nearest)
        if at >= 0:
            nearest = at
    return nearest


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Paragraph blocks: each line, with hard-wrapped lines joined back together.

    A line break is kept as a boundary unless the line before ends mid-sentence and the next
    line starts in lower case, which is what hard wrapping looks like.
    """
    block_start: int | None = None
    position = start
    previous_end = start
    while position < end:
        newline = text.find("\n", position, end)
        line_end = end if newline < 0 else newline
        line_text = text[position:line_end].strip()
        if line_text:
            if block_start is None:
                block_start = position
            else:
                before = text[block_start:previous_end].rstrip()
                if before and before[-1] not in _TERMINAL and line_text[0].islower():
                    pass  # hard-wrapped: same block
                else:
                    yield block_start, previous_end
                    block_start = position
            previous_end = line_end
        elif block_start is not None:
            yield block_start, previous_end
            block_start = None
        position = line_end + 1
    if block_start is not None:
        yield block_start, previous_end
