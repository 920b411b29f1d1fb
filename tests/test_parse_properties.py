"""Properties of the parser that hold for any text at all."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dipreader.core.reading.parse import parse_text

# Text made of what readouts are made of, so that the interesting paths are reached often.
_PIECES = st.sampled_from(
    [
        "Wang",
        "said",
        "Park",
        " ",
        " ",
        "\n",
        "\n\n",
        ".",
        ". ",
        "U.S.",
        "Mr.",
        "No. 1",
        "3.5",
        '"',
        "\u201c",
        "\u201d",
        "?",
        "!",
        "...",
        " - ",
        "Bali",
        "(As interpreted.)",
        " date 2023-07-15 ",
        "Photo:VCG",
        "Global Times",
        "\u00a0",
        "\r\n",
        "a",
        "The",
        "In",
    ]
)
_TEXT = st.one_of(st.text(), st.lists(_PIECES, max_size=60).map("".join))


@given(_TEXT)
def test_spans_are_ordered_disjoint_and_cover_every_non_space(text: str) -> None:
    meeting = parse_text(text, "x.txt")
    previous_end = 0
    covered: set[int] = set()
    for sentence in meeting.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert sentence.start >= previous_end
        assert not text[sentence.start].isspace()
        assert not text[sentence.end - 1].isspace()
        previous_end = sentence.end
        covered.update(range(sentence.start, sentence.end))
    for index in range(meeting.body_start, len(text)):
        if not text[index].isspace():
            assert index in covered, (index, text)


@given(_TEXT)
def test_never_raises_and_paragraphs_do_not_go_back(text: str) -> None:
    meeting = parse_text(text, "x.txt")
    paragraphs = [s.paragraph for s in meeting.sentences]
    assert paragraphs == sorted(paragraphs)
    assert 0 <= meeting.body_start <= len(text)


_OCCASION_PIECES = st.lists(
    st.sampled_from(
        [
            "on the sidelines of",
            "on the margins of",
            "during",
            "while attending",
            "at",
            "ahead of",
            "that",
            "the",
            "The",
            "G20",
            "summit",
            "talks",
            "meeting",
            "ASEAN Foreign Ministers' Meeting",
            "in",
            "Jakarta",
            "held",
            " ",
            "  ",
            "\n",
            ",",
            ".",
            "_",
            "é",
            "x",
        ]
    ),
    max_size=40,
)
_OCCASION_WINDOWS = st.tuples(_OCCASION_PIECES, st.sampled_from([" ", "", "\n"])).map(
    lambda pieces_and_glue: pieces_and_glue[1].join(pieces_and_glue[0])
)


@given(_OCCASION_WINDOWS)
def test_the_occasion_is_found_as_the_plain_pattern_finds_it(window: str) -> None:
    from dipreader.core.reading.parse import _OCCASION, _search_occasion

    fast, plain = _search_occasion(window), _OCCASION.search(window)
    assert (fast.span() if fast else None) == (plain.span() if plain else None)
    for glued in ("x" + window, "_" + window, "é" + window):
        fast, plain = _search_occasion(glued), _OCCASION.search(glued)
        assert (fast.span() if fast else None) == (plain.span() if plain else None)


_LONG_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=7)
_OPENERS = st.sampled_from(["The", "Wang", "Both", "China", "Observers", "In", "He"])
_GLUE = st.sampled_from([" ", "  ", ""])


@given(_LONG_WORDS, _GLUE, _OPENERS, st.sampled_from(["Earlier", "Mr. Wang", "", "U.S. "]))
def test_a_full_stop_after_a_long_word_ends_the_sentence(
    word: str, glue: str, opener: str, before: str
) -> None:
    """A word of seven letters or more is no title, abbreviation or initialism: a full stop
    after it ends the sentence whenever a capitalised word follows (the splitter decides so
    without reading the word back)."""
    from dipreader.core.reading.sentences import split_line

    first = f"{before} talks on {word}."
    text = f"{first}{glue}{opener} spoke later."
    spans = list(split_line(text, 0, len(text)))
    if glue == "" and not opener[1:2].islower():
        return  # glued to a word that is not Capitalised-then-lower: not a boundary by design
    assert text[spans[0][0] : spans[0][1]] == first.strip()
    assert len(spans) == 2
