"""The reading code's scans that stand in for a regular expression's ``finditer`` (for speed)
find what the expression finds, on any text."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dipreader.core.reading.grammar import (
    _PLURAL_WORDS,
    _ROLE_WORDS,
    CAP_REF,
    REF,
    caseless_words,
)
from dipreader.core.reading.name_runs import CAPITAL_BYTES, CAPSEQ, capital_marks
from dipreader.core.reading.scan import _runs
from dipreader.core.reading.sentences import _is_boundary, _trimmed, split_line

_PIECES = st.sampled_from(
    [
        "Wang Yi",
        "said",
        " ",
        "  ",
        "\n",
        ".",
        ". ",
        "...",
        "?!",
        "\u2026",
        "U.S.",
        "Mr.",
        "Jr.",
        "3.5",
        '"',
        "\u201d",
        ")",
        "'",
        "iPhone",
        "of the",
        "and",
        "/",
        "\u00c9lys\u00e9e",
        "\u00d7",
        "\u00ff",
        "\u0100",
        "\u0101b",
        "\u017d",
        "\u017e",
        "\u0130",
        "\u212a",
        "(As interpreted.)",
        "No. 1",
        "The",
        "de la",
    ]
)
# Punctuation often, each mark of it beside the others, so that every kind of run is met.
_MARKS = st.sampled_from([".", "!", "?", "\u2026", ".\u2026", "?!", '."', ". ", "\u2026 "])
_TEXTS = st.lists(st.one_of(_PIECES, _MARKS), max_size=40).map("".join)
_END = re.compile(r"[.!?\u2026]+")


def _split_by_regex(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``split_line`` as it was, with its punctuation found by the regular expression."""
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for match in _END.finditer(text, start, end):
        dot = match.end() - 1
        after = match.end()
        while after < end and text[after] in "\"'\u201d\u2019)]":
            after += 1
        cut = _is_boundary(text, match.start(), dot, after, end, sentence_start)
        if cut is not None:
            span = _trimmed(text, sentence_start, cut)
            if span is not None:
                spans.append(span)
            sentence_start = cut
    span = _trimmed(text, sentence_start, end)
    if span is not None:
        spans.append(span)
    return spans


@settings(max_examples=300)
@given(_TEXTS, st.integers(0, 8), st.integers(0, 8))
@example("Wait\u2026 Then? Yes! No.\u2026 Go.", 0, 0)
def test_the_splitter_finds_its_punctuation_as_the_pattern_did(
    text: str, cut_start: int, cut_end: int
) -> None:
    start = min(cut_start, len(text))
    end = max(start, len(text) - cut_end)
    assert list(split_line(text, start, end)) == _split_by_regex(text, start, end)


def test_capital_bytes_mark_every_latin1_character_a_run_may_start_with() -> None:
    starts = re.compile(CAPSEQ)
    for byte in range(256):
        assert (CAPITAL_BYTES[byte] == ord("A")) == (starts.match(chr(byte)) is not None)


def _described(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(match.span(), match.groupdict()) for match in matches]


@settings(max_examples=300)
@given(_TEXTS, st.integers(0, 8), st.integers(0, 8))
@example("iPhone Pro and \u00c9lys\u00e9e de la R\u00e9publique met \u00d7 \u00de", 0, 0)
def test_capital_runs_are_found_where_the_pattern_finds_them(
    text: str, cut_start: int, cut_end: int
) -> None:
    start = min(cut_start, len(text))
    end = max(start, len(text) - cut_end)
    marks = capital_marks(text)
    if marks is None:  # beyond Latin-1: the pattern's own scan is used
        assert any(ord(char) > 255 for char in text)
        return
    assert len(marks) == len(text)
    found = list(_runs(text, marks, start, end))
    assert _described(found) == _described(list(CAP_REF.finditer(text, start, end)))


def test_caseless_letters_admit_what_case_folding_admits() -> None:
    letters = re.compile("(?i)[a-z]")
    folded = [chr(code) for code in range(0x110000) if letters.fullmatch(chr(code))]
    for letter in "abcdefghijklmnopqrstuvwxyz":
        caseless = re.compile(caseless_words([letter]))
        blind = re.compile(f"(?i){letter}")
        assert [c for c in folded if caseless.fullmatch(c)] == [
            c for c in folded if blind.fullmatch(c)
        ]


def _blind(words: list[str]) -> re.Pattern[str]:
    """The case-blind alternation that ``caseless_words`` stands for."""
    return re.compile(
        "(?i:" + "|".join(w.replace(" ", "[ ]+").replace("-", r"\-") for w in words) + r")\b"
    )


_WORD_PIECES = st.sampled_from(
    [*_PLURAL_WORDS, *_ROLE_WORDS, "director-general", "councillor", " ", "  ", "-", "x", "s"]
)


@settings(max_examples=300)
@given(st.lists(_WORD_PIECES, max_size=6), st.randoms(use_true_random=False))
@example(["the director-general"], random.Random(0))
def test_caseless_words_match_as_the_case_blind_alternation(
    pieces: list[str], chance: random.Random
) -> None:
    text = "".join(pieces).replace("+", "l")
    # Any case, and the letters that case folding admits for ``i``, ``k`` and ``s``.
    swaps = {"i": "\u0130\u0131I", "k": "\u212aK", "s": "\u017fS"}
    text = "".join(
        chance.choice(swaps.get(c, c.upper())) if chance.random() < 0.3 else c for c in text
    )
    for words in (_PLURAL_WORDS, _ROLE_WORDS):
        caseless = re.compile(caseless_words(words) + r"\b")
        blind = _blind(words)
        for at in range(len(text)):
            mine, theirs = caseless.match(text, at), blind.match(text, at)
            assert (mine and mine.span()) == (theirs and theirs.span())


def test_caseless_words_keep_the_order_of_the_words() -> None:
    """``director`` before ``director-general``: the shorter word, listed first, is tried
    first (a plain trie would try the longer one)."""
    ref = REF.match("the director-general of the agency")
    assert ref is not None
    assert ref.group("noun") == "director"
    with pytest.raises(ValueError, match="begin alike"):
        caseless_words(["council+or", "councilor"])
