"""The words of sentences as the search index keeps them: one character per word.

Each distinct word gets an id, a character (:class:`Vocabulary`), so that a sentence's words
are one compact ``str`` (its *row*) and a phrase is a substring; :func:`article_rows` reads an
article's sentences into rows.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Sequence
from itertools import filterfalse

from dipreader.core.model import Kind, Meeting
from dipreader.core.search.query import WORD, fold_word

# Between sentences in a joined text, and id 0 of every vocabulary: never a word.
SEPARATOR = "\x00"
_WORD_ORSEPARATOR = re.compile(WORD.pattern + "|" + SEPARATOR)
# Word ids are characters, so that a sentence's words are one compact str; ids skip the
# surrogate range, which a str may hold but which is easy to mishandle.
_SURROGATES = range(0xD800, 0xE000)
_MAX_CODE = 0x10FFFF


class Vocabulary(dict[str, str]):
    """Word -> its id character; a new word gets the next id and an empty posting list.

    Id 0 is the sentence separator, a "word" that is never searched for.
    """

    def __init__(self) -> None:
        super().__init__({SEPARATOR: SEPARATOR})
        self.words: list[str] = [""]  # by id (code point); "" for the separator and the gap
        self.postings: list[array[int]] = [array("I")]

    def __missing__(self, word: str) -> str:
        code = len(self.words)
        if code == _SURROGATES.start:
            gap = len(_SURROGATES)
            self.words.extend([""] * gap)
            self.postings.extend(array("I") for _ in range(gap))
            code = len(self.words)
        if code > _MAX_CODE:
            # More than a million distinct words: the rarest share the last id.
            char = chr(_MAX_CODE)
            self[word] = char
            return char
        char = chr(code)
        self[word] = char
        self.words.append(word)
        self.postings.append(array("I"))
        return char


def sentence_columns(
    meeting: Meeting,
) -> tuple[list[tuple[int, int]], list[tuple[Kind, str | None]]]:
    """Each sentence's span and voice; from a cached meeting without making its sentences."""
    sentences = meeting.sentences
    columns = getattr(sentences, "columns", None)
    found = columns() if columns is not None else None
    if found is not None:
        return found  # type: ignore[no-any-return]
    return (
        [(sentence.start, sentence.end) for sentence in sentences],
        [(sentence.kind, sentence.speaker) for sentence in sentences],
    )


def article_rows(
    text: str, spans: Sequence[tuple[int, int]], lookup: Callable[[str], str]
) -> list[str]:
    """Each sentence's words as id characters (``lookup`` gives a word's id).

    Reading words is most of the cost of building the index, so the common case avoids the
    word regular expression: in bytes, every ASCII character but a letter or digit becomes a
    space (``bytes.translate``, a table lookup in C) and the words are what ``split`` leaves.
    Only words with other letters (``séjourné``) are read again the careful way.
    """
    if not spans:
        return []
    if SEPARATOR in text:
        text = text.replace(SEPARATOR, " ")
    joined = _SPACEDSEPARATOR.join([text[start:end] for start, end in spans])
    lowered = joined.lower()
    if len(lowered) != len(joined):
        # Lower case grew a letter (``İ`` -> ``i̇``): fold word by word to stay aligned.
        found = [fold_word(word) for word in _WORD_ORSEPARATOR.findall(joined)]
    else:
        if not lowered.isascii():
            # The usual non-ASCII characters of an article are punctuation: made spaces, the
            # article is most often ASCII after all.
            for mark in _COMMON_MARKS:
                if mark in lowered:
                    lowered = lowered.replace(mark, " ")
        raw = lowered.encode("utf-8", "surrogatepass").translate(_ASCII_WORDS)
        found = raw.decode("utf-8", "surrogatepass").split()
        if not lowered.isascii():
            found = _fold_others(found)
    return "".join(map(lookup, found)).split(SEPARATOR)


def _fold_others(found: list[str]) -> list[str]:
    """``found`` with its non-ASCII chunks read by the word regex and folded."""
    fixes: dict[str, list[str]] = {}
    for chunk in filterfalse(str.isascii, found):
        if chunk not in fixes:
            fixes[chunk] = [w if w.isascii() else fold_word(w) for w in WORD.findall(chunk)]
    if not fixes:
        return found
    if all(len(words) == 1 for words in fixes.values()):
        # Most often a name with an accent: one word for one chunk, swapped in C.
        single = {chunk: words[0] for chunk, words in fixes.items()}
        return list(map(single.get, found, found))
    return [word for chunk in found for word in fixes.get(chunk, (chunk,))]


# A sentence separator that ``split()`` keeps as a word of its own.
_SPACEDSEPARATOR = f" {SEPARATOR} "
# Bytes kept as they are: ASCII letters and digits, the separator, and every byte of a
# non-ASCII character (UTF-8 never uses an ASCII byte inside one); the rest become spaces.
_ASCII_WORDS = bytes(
    byte if byte >= 0x80 or byte == 0 or chr(byte).isalnum() else 0x20 for byte in range(256)
)
# Curly quotes, dashes, the ellipsis and no-break spaces: never part of a word.
_COMMON_MARKS = ("\u2019", "\u2018", "\u201c", "\u201d", "\u2014", "\u2013", "\u2026", "\xa0")
