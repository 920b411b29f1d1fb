"""Ranking on corpora made for it: each test pits two sentences so that, without the mechanism
it tests, the wrong one wins the tie (it is shorter and comes first).

Broken by hand once each to see it fail: the typo weight set to 1.0 in expansion.py (the
exact-word test fails), every term's weight set to 1.0 in SearchIndex._terms (the rare-word
test fails), score_row's score made of coverage alone (the adjacency test fails).
"""

from __future__ import annotations

from dipreader.core.search.index import SearchIndex
from search_support import filler, meeting


def index_of(*parts: tuple[str, str]) -> SearchIndex:
    index = SearchIndex()
    index.add(meeting(parts))
    index.add(filler(40))
    return index


def test_an_exact_word_outranks_its_typo_variant() -> None:
    variant = "We listed trades."  # "trade" with a letter added: one typo away
    exact = "Officials from both countries said the trade talks went on for many hours."
    index = index_of(("narration", variant), ("narration", exact))
    hits = index.search("trade ")  # a whole word, not a prefix
    assert [hit.text for hit in hits[:2]] == [exact, variant]
    assert hits[0].score > hits[1].score


def test_a_rare_word_outranks_a_common_one() -> None:
    common = "Good cooperation."  # in every filler sentence too
    rare = "The delegation praised the kiwifruit exports that reached the northern ports."
    index = index_of(("narration", common), ("narration", rare))
    hits = index.search("cooperation kiwifruit ")
    assert hits[0].text == rare
    assert hits[0].score > max(hit.score for hit in hits if hit.text == common)


def test_words_together_outrank_the_same_words_apart() -> None:
    scattered = "Supply lines and the chain held."
    together = "They discussed how to keep the supply chain open and resilient for years."
    index = index_of(("narration", scattered), ("narration", together))
    hits = index.search("supply chain ")
    assert [hit.text for hit in hits[:2]] == [together, scattered]
    assert hits[0].score > hits[1].score
