"""Comparing two long meetings: the near-verbatim search misses no pair, and the work grows
with the statements, not with their pairs (bounded, and said to be partial, past a size)."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from dipreader.core.analysis import compare as compare_module
from dipreader.core.analysis.compare import VERBATIM, Verbatim, compare
from dipreader.core.model import Kind, Meeting, Sentence

WORDS = "the sides agreed trade ties china korea supply chain talks stable peace region".split()


def _near_copies(rng: random.Random, base: list[str], count: int) -> list[str]:
    texts = []
    for _ in range(count):
        text = list(rng.choice(base))
        # Edits spread over the text, up to about a tenth of it: some pairs stay within a
        # ratio of 90 and some do not, the hardest for the index to find.
        for _ in range(rng.randrange(0, len(text) // 10 + 2)):
            spot = rng.randrange(len(text) + 1)
            if rng.random() < 0.5 and spot < len(text):
                del text[spot]
            else:
                text.insert(spot, rng.choice("abcxyz "))
        texts.append("".join(text))
    return texts


def test_the_near_verbatim_index_finds_every_pair_a_full_scan_finds() -> None:
    near = 0  # pairs within a ratio of 90 that are not the same text
    for seed in range(300):
        rng = random.Random(seed)
        base = [" ".join(rng.choices(WORDS, k=rng.randrange(2, 14))) for _ in range(3)]
        left, right = _near_copies(rng, base, 10), _near_copies(rng, base, 10)
        finder = Verbatim(left, right, None)
        for lpos, text in enumerate(left):
            found, whole = finder.like(lpos, text, set())
            assert whole
            every = {r for r, other in enumerate(right) if fuzz.ratio(text, other) >= VERBATIM}
            assert found == every, (text, [right[r] for r in every - found])
            near += sum(1 for r in every if right[r] != text)
    assert near > 500  # the test data does hold what the index could miss


def _long(count: int, seed: int) -> Meeting:
    """``count`` statements that all share one phrase, so that each is like every other."""
    rng = random.Random(seed)
    vocabulary = [f"word{number}" for number in range(100)]
    text, sentences = "", []
    for _ in range(count):
        body = "the supply chain talks " + " ".join(rng.choices(vocabulary, k=6)) + "."
        start = len(text)
        text += body
        sentences.append(Sentence(start, len(text), 0, Kind.STATEMENT, None))
        text += " "
    return Meeting(path=f"long{seed}.txt", text=text.rstrip(), sentences=sentences)


def test_a_comparison_past_its_size_scores_a_bounded_number_of_pairs_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scored = 0
    token_set_ratio = fuzz.token_set_ratio

    def counting(left: str, right: str) -> float:
        nonlocal scored
        scored += 1
        return token_set_ratio(left, right)

    monkeypatch.setattr(fuzz, "token_set_ratio", counting)  # the module compare uses
    left, right = _long(1_200, 1), _long(1_200, 2)
    result = compare(left, right)
    assert result.limited
    assert scored <= compare_module.MAX_CANDIDATES * 1_200  # not 1,200 x 1,200
    assert result.pairs  # still a comparison: the most alike are paired


def test_a_comparison_within_its_size_is_whole() -> None:
    result = compare(_long(60, 1), _long(60, 2))
    assert not result.limited
    assert result.pairs
