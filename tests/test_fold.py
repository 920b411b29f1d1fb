"""The one punctuation fold and the one accent fold of the core (core/text/fold.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dipreader.core.search.query import fold_word
from dipreader.core.text.fold import fold_accents, fold_text


def test_typographic_punctuation_folds_to_plain_one_character_for_one() -> None:
    text = "\u201cOne\u00a0China\u201d \u2014 Wang\u2019s \u00abfirm\u00bb\tview\u2026"
    assert fold_text(text) == '"One China" - Wang\'s "firm" view.'
    assert fold_text("plain\ttext") == "plain text"


@given(st.text())
def test_the_text_fold_keeps_offsets(text: str) -> None:
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert fold_text(folded) == folded


def test_accents_are_dropped_and_letters_of_their_own_kept_unless_transliterated() -> None:
    assert fold_accents("Séjourné") == "Sejourne"
    assert fold_accents("Radosław Łódź") == "Radosław Łodz"  # ł is a letter, not an accent
    assert fold_accents("Radosław Łódź", transliterate=True) == "Radoslaw Lodz"
    assert fold_word("SÉJOURNÉ") == "sejourne"
    assert fold_word("Straße") == "straße"  # search never makes it "strasse"
