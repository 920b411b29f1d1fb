"""Every kind of one-typo query finds its sentence first: a swap, a drop, a double, a
substitution, a dropped space and an added space.

Broken by hand once: spacing.readings giving the query as typed only (the dropped- and
added-space cases fail); expansion's one-typo spellings left out (the four letter cases fail).
"""

from __future__ import annotations

import pytest

from dipreader.core.search.index import SearchIndex
from dipreader.core.search.spacing import readings
from search_support import filler, meeting

TARGET = "The two sides also agreed to work together on supply chain resilience."
# Each holds the query's other words, and is shorter: without the typo put right, it wins.
DECOYS = [
    "The two sides held talks.",
    "They also met the press.",
    "It was agreed in the end.",
    "We need to gather the data.",
    "A chair and a chart.",
    "The supply of grain.",
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    built = SearchIndex()
    built.add(meeting([("narration", text) for text in [*DECOYS, TARGET]]))
    built.add(filler(30))
    return built


@pytest.mark.parametrize(
    ("kind", "query"),
    [
        ("swap", "supply chian "),  # whole words: the last is not being typed
        ("drop", "supply chan "),
        ("double", "supply chainn "),
        ("substitution", "supply chaim "),
        ("dropped space", "the two sides alsoagreed"),
        ("added space", "work to gether"),
        ("dropped space, still typing", "alsoagr"),
        ("added space, still typing", "to geth"),
    ],
)
def test_one_typo_of_each_kind_finds_its_sentence_first(
    index: SearchIndex, kind: str, query: str
) -> None:
    hits = index.search(query)
    assert hits, kind
    assert hits[0].text == TARGET, (kind, [hit.text for hit in hits[:3]])


def test_a_space_put_right_is_another_reading_only_where_the_words_exist() -> None:
    known = {"also": 5, "agreed": 3, "together": 2, "to": 9, "two": 4, "sides": 4}
    sorted_words = sorted(known)
    found = readings(["alsoagreed"], False, lambda w: known.get(w, 0), sorted_words)
    assert [r.terms for r in found] == [("alsoagreed",), ("also", "agreed")]
    found = readings(["to", "gether"], False, lambda w: known.get(w, 0), sorted_words)
    assert [r.terms for r in found] == [("to", "gether"), ("together",)]
    # A word being typed that may still become a known word is not split.
    found = readings(["toge"], True, lambda w: known.get(w, 0), sorted_words)
    assert [r.terms for r in found] == [("toge",)]
    assert readings(["qqq", "zzz"], False, lambda w: known.get(w, 0), sorted_words) == [
        found[0].__class__(("qqq", "zzz"), False, True)
    ]
