"""Speaker ids from names: one person written in different ways is one id (core/text/names.py)."""

from __future__ import annotations

import pytest

from dipreader.core.model import speaker_id
from dipreader.core.text.names import given_names, name_words

SAME_PERSON = [
    ("Joe Biden", "Joseph R. Biden, Jr.", "joseph-biden"),
    ("H.E. Mr. Joseph R. Biden", "Joseph Biden", "joseph-biden"),
    ("Radosław Sikorski", "Radoslaw Sikorski", "radoslaw-sikorski"),
    ("Shri Narendra Modi", "Narendra Modi", "narendra-modi"),
    ("Smt. Droupadi Murmu", "Droupadi Murmu", "droupadi-murmu"),
    ("Dr. S. Jaishankar", "S. Jaishankar", "s-jaishankar"),
    ("His Excellency Joko Widodo", "Joko Widodo", "joko-widodo"),
    ("Sir Keir Starmer", "Keir Starmer", "keir-starmer"),
    ("Ferdinand Marcos Jr.", "Ferdinand Marcos", "ferdinand-marcos"),
    ("Kim Jong-un", "Kim Jong Un", "kim-jong-un"),
    ("Tô Lâm", "To Lam", "to-lam"),
    ("Đặng Thị Ngọc Thịnh", "Dang Thi Ngoc Thinh", "dang-thi-ngoc-thinh"),
    ("Bill Clinton", "William J. Clinton", "william-clinton"),
    ("Mr. Wang", "Wang", "wang"),
]


@pytest.mark.parametrize(("one", "other", "expected"), SAME_PERSON)
def test_two_ways_of_writing_one_person_are_one_id(one: str, other: str, expected: str) -> None:
    assert speaker_id(one) == speaker_id(other) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Wang Yi", "wang-yi"),
        ("Kishida Fumio", "kishida-fumio"),  # the order stays: identity folds orders
        ("Abdullah II", "abdullah-ii"),  # a numeral after a one-word name stays
        ("He Lifeng", "he-lifeng"),  # "He" is a name, "H.E." an honorific
        ("H.E. He Lifeng", "he-lifeng"),
        ("J. Biden", "j-biden"),  # with one word left, an initial stays
        ("O'Brien", "o-brien"),
        ("Don Pramudwinai", "don-pramudwinai"),  # "Don" is not always Donald
        ("Tony Blinken", "tony-blinken"),  # "Tony" is Anthony or Antony: not guessed
        ("Sri Mulyani Indrawati", "sri-mulyani-indrawati"),  # "Sri" is her name
        ("Sheikh Hasina", "sheikh-hasina"),
        ("Mr.", "mr"),  # an honorific alone is all there is
        ("", "speaker"),
    ],
)
def test_what_a_name_keeps(name: str, expected: str) -> None:
    assert speaker_id(name) == expected


def test_a_nickname_is_made_formal_only_as_the_first_word_of_a_full_name() -> None:
    assert name_words("Joe") == ("joe",)
    assert name_words("Wang Joe") == ("wang", "joe")
    assert given_names()["joe"] == "joseph"
