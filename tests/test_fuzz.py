"""Fuzzing the parts that meet untrusted input: the parser, decoding, the query parser, and
re-anchoring. Quick by default; ``DIPREADER_HYPOTHESIS_PROFILE=fuzz`` runs 10,000 examples of
each (``.ci/run`` does, for the tests marked ``fuzz``)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dipreader.core.model import Kind, Meeting
from dipreader.core.notes.anchor import Anchor, AnchorStatus, MeetingIndex, resolve
from dipreader.core.reading.readout import read_meeting
from dipreader.core.search.query import parse_query
from dipreader.core.text.decode import DecodeError, decode

pytestmark = pytest.mark.fuzz

_PIECES = st.sampled_from(
    [
        "Wang Yi",
        "Park Jin",
        "said",
        "noted",
        " that ",
        "he",
        "she",
        "For his part, ",
        "the two sides agreed",
        " ",
        "\n",
        "\n\n",
        ".",
        ". ",
        "U.S.",
        "Mr.",
        '"',
        "\u201c",
        "\u201d",
        "\u00a0",
        ",",
        " date 2023-07-15 ",
        "Bali - ",
        "PRESIDENT OBAMA:",
        "Q ",
        "(As interpreted.)",
        "Global Times",
        "\x1b]0;x\x07",
        "[bold]",
        "\r\n",
        "Secretary",
        "Chinese Foreign Minister ",
        "South Korean Foreign Minister ",
        "They agreed",
    ]
)
ARTICLE_TEXT = st.one_of(st.text(max_size=400), st.lists(_PIECES, max_size=80).map("".join))


@given(ARTICLE_TEXT)
def test_reading_any_text_gives_consistent_sentences(text: str) -> None:
    meeting = read_meeting(text, "fuzz.txt")
    ids = {speaker.id for speaker in meeting.speakers}
    previous = 0
    for sentence in meeting.sentences:
        assert previous <= sentence.start < sentence.end <= len(text)
        previous = sentence.end
        if sentence.kind is Kind.STATEMENT:
            assert sentence.speaker in ids
        else:
            assert sentence.speaker is None
    assert isinstance(meeting.title, str)


@given(st.binary(max_size=600))
def test_decoding_any_bytes_gives_text_or_a_reason(data: bytes) -> None:
    try:
        decoded = decode(data)
    except DecodeError as error:
        reason = str(error)
    else:
        assert isinstance(decoded.text, str)
        assert not decoded.text.startswith("\ufeff") or not data.startswith(codecs.BOM_UTF8)
        return
    # Binary data, broken wide Unicode, or text whose encoding cannot be told: never a guess.
    assert any(word in reason for word in ("binary", "UTF-16", "UTF-32", "encoding")), reason


@given(st.text(max_size=500))
def test_query_parser_never_raises(raw: str) -> None:
    query = parse_query(raw)
    assert len(query.terms) <= 16
    assert all(term for term in query.terms)


_WORDS = st.lists(
    st.sampled_from(["alpha", "beta", "gamma", "delta", "Wang", "Park", ".", " ", "\n"]),
    min_size=1,
    max_size=30,
).map(" ".join)


@given(_WORDS, st.text(min_size=12, max_size=40), _WORDS, _WORDS, _WORDS)
def test_reanchoring_survives_edits_outside_the_passage(
    before: str, passage: str, after: str, added_before: str, added_after: str
) -> None:
    passage = "\u00abPASSAGE\u00bb " + passage  # a marker keeps the passage unique
    text = before + passage + after
    meeting = Meeting(path="a.txt", text=text)
    start = len(before)
    anchor = Anchor.from_span(meeting, start, start + len(passage))
    edited = Meeting(path="a.txt", text=added_before + text + added_after)
    found = resolve(anchor, MeetingIndex([edited]))
    assert found.status is not AnchorStatus.ORPHAN
    assert found.quote == passage
