"""Whether two roles may be one office: how identity (core/people/identity.py) uses a speaker's role
to tell apart people who share a surname. The words come from ``data/role_words.txt``."""

from __future__ import annotations

import functools
import re

from dipreader.core.text.names import table


@functools.cache
def _role_words() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    """The office words, the words that make another office, and spellings of one office."""
    offices: set[str] = set()
    distinct: set[str] = set()
    same: dict[str, str] = {}
    for line in table("role_words.txt"):
        kind, _, rest = line.partition(":")
        words = rest.split()
        if kind == "office":
            offices.update(words)
        elif kind == "distinct":
            distinct.update(words)
        elif kind == "same" and words:
            same.update((word, words[0]) for word in words)
    return frozenset(same.get(w, w) for w in offices), frozenset(distinct), same


_ROLE_WORD = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=4096)
def _office(role: str) -> tuple[frozenset[str], frozenset[str]]:
    """The office words of a role and its words that make another office."""
    offices, distinct, same = _role_words()
    words = {
        same.get(w, w) for w in (w.removesuffix("s") for w in _ROLE_WORD.findall(role.lower()))
    }
    return frozenset(words & offices), frozenset(words & distinct)


def roles_agree(one: str, other: str) -> bool:
    """Whether two roles may be one office: "Foreign Minister" and "Minister for Foreign
    Affairs" may, "Acting President" and "President" may, "Emir of Qatar" and "Amir" may;
    "President" and "Vice President", "President" and "Prime Minister", "President" and "Head
    of the Republic" may not. A role that names no office agrees with any."""
    first, first_kind = _office(one)
    second, second_kind = _office(other)
    if not first or not second:
        return True
    return bool(first & second) and first_kind == second_kind
