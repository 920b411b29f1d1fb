"""Countries and what a text may call them (adjectives, other names, capitals), from the
table in ``data/countries.txt``.
"""

from __future__ import annotations

from importlib import resources

from dipreader.core.reading.lexicon import ROLE_HEADS

# --- countries -------------------------------------------------------------------------------
# Canonical name, then what the text may call it: adjectives, names, capitals (metonyms).
_COUNTRY_TABLE = (resources.files("dipreader.core") / "data" / "countries.txt").read_text(
    encoding="utf-8"
)


def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for row in _COUNTRY_TABLE.strip().splitlines():
        if row.startswith("#") or not row.strip():
            continue
        names = row.split("|")
        for alias in names:
            index.setdefault(alias.lower(), names[0])
    return index


COUNTRY_OF: dict[str, str] = _country_index()
# Country phrases of two to five words (``South Korean``, ``Republic of Korea``).
_MULTI_WORD_COUNTRY = sorted(
    (tuple(alias.split(" ")) for alias in COUNTRY_OF if " " in alias), key=len, reverse=True
)
# The same phrases by their first word, longest first: each token tries only its own.
MULTI_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in _MULTI_WORD_COUNTRY:
    MULTI_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)


def country_of(phrase: str) -> str | None:
    """The canonical country of ``phrase`` (``South Korean`` -> ``South Korea``), if any."""
    key = phrase.strip().lower()
    if key.endswith("'s"):
        key = key[:-2]
    return COUNTRY_OF.get(key)


# The last word of a role that may stand before a comma and a name: ``The Foreign Secretary,
# David Cameron``, ``The President of the Republic, Emmanuel Macron``, ``... of Brazil, Lula``.
ROLE_LAST_WORDS = (
    ROLE_HEADS
    | frozenset(COUNTRY_OF)
    | frozenset("republic federation kingdom affairs state commission union".split())
)
