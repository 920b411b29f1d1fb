"""A written name folded to the words of its id: ``H.E. Mr. Joseph R. Biden, Jr.`` ->
``("joseph", "biden")``, the same as ``Joe Biden``.

What is dropped and what is mapped comes from the tables in ``data/`` (honorifics, name
suffixes, nicknames), read once when first needed. Letters beyond ASCII are transliterated
(:func:`dipreader.core.text.fold.fold_accents` with ``transliterate``), not just stripped of
their accents: Unicode decomposition leaves "ł", "ø"
and "đ" as they are (they are letters of their own, not accented ones), so "Radosław" and
"Radoslaw" would be two ids.

Each word of the result is a slug (lower-case ASCII letters and digits, maybe joined by
``-`` where an apostrophe stood: ``o-brien``); an initial is a word of one letter. Hyphenated
names are split (``Kim Jong-un`` and ``Kim Jong Un`` are the same words).
"""

from __future__ import annotations

import functools
import re

from dipreader.core.text.fold import fold_accents

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
# ``J.``, ``J``, ``J.R.``, ``H.W.``: initials (a lone letter, or dotted letters).
_INITIALS = re.compile(r"(?:[A-Za-z]\.){1,3}|[A-Za-z]|[A-Za-z](?:\.[A-Za-z]){1,2}")
_SPLIT = re.compile(r"[\s,]+")
_QUOTES = "\"'()[]«»“”‘’"
_POSSESSIVE = ("his", "her")  # "His Excellency"


@functools.cache
def table(name: str) -> tuple[str, ...]:
    """The lines of ``data/NAME`` without comments and blank lines, lower-cased."""
    from importlib.resources import files  # only when first needed: 3 ms of a start

    text = files("dipreader.core").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.partition("#")[0].strip().lower() for line in text.splitlines())
    return tuple(line for line in lines if line)


@functools.cache
def _honorifics() -> frozenset[str]:
    return frozenset(line.replace(".", "") for line in table("honorifics.txt"))


@functools.cache
def _suffixes() -> frozenset[str]:
    return frozenset(table("name_suffixes.txt"))


@functools.cache
def given_names() -> dict[str, str]:
    """Nickname -> formal given name (``joe`` -> ``joseph``)."""
    found: dict[str, str] = {}
    for line in table("given_names.txt"):
        formal, _, nicknames = line.partition(":")
        for nickname in nicknames.split():
            found[nickname] = formal.strip()
    return found


def _key(token: str) -> str:
    return token.lower().replace(".", "")


def _is_honorific(token: str) -> bool:
    key = _key(token)
    # ``H.E.`` is one; ``He`` (a word) is not.
    return key in _honorifics() and (key != "he" or "." in token)


def _is_initial(token: str) -> bool:
    if len(token) > 2 and "." not in token:
        return False  # most words: no regex needed
    return _INITIALS.fullmatch(token) is not None


def _drop_honorifics(tokens: list[str]) -> list[str]:
    """Without the honorifics in front (``Mr.``, ``H.E.``, ``His Excellency``), never all."""
    while len(tokens) > 1:
        first = tokens[0]
        if _is_honorific(first):
            del tokens[0]
        elif first.lower() in _POSSESSIVE and _key(tokens[1]) == "excellency":
            del tokens[:2]
        else:
            break
    return tokens


def _drop_suffixes(tokens: list[str]) -> list[str]:
    """Without ``Jr.``, ``III``, ``MP`` at the end while two words (one not an initial) stay."""
    suffixes = _suffixes()
    while len(tokens) > 2 and _key(tokens[-1]) in suffixes:
        rest = tokens[:-1]
        if all(_is_initial(token) for token in rest):
            break
        tokens = rest
    return tokens


@functools.lru_cache(maxsize=8192)
def name_words(name: str) -> tuple[str, ...]:
    """The words of a person's id, from their name as written (see the module's doc).

    Middle initials go when two or more words of the name stay (``Joseph R. Biden`` ->
    ``joseph biden``); with one word left, initials stay, each a word of one letter
    (``J. Biden`` -> ``j biden``, ``S. Jaishankar`` -> ``s jaishankar``). A nickname as the
    first of two or more words becomes the formal name (``Joe`` -> ``joseph``).
    """
    simple = name.split()
    if simple and name.isascii() and all(len(t) > 1 and t.isalpha() for t in simple):
        # Most names: plain words, no initials or punctuation (a fifth of the cost).
        plain = [t.lower() for t in simple]
        first, last = plain[0], plain[-1]
        if len(plain) < 2 or (
            first not in _honorifics() and first not in _POSSESSIVE and last not in _suffixes()
        ):
            if len(plain) >= 2:
                plain[0] = given_names().get(first, first)
            return tuple(plain)
    tokens = [t.strip(_QUOTES) for t in _SPLIT.split(fold_accents(name, transliterate=True))]
    tokens = _drop_suffixes(_drop_honorifics([t for t in tokens if t]))
    initials = [_is_initial(token) for token in tokens]
    named = initials.count(False)
    words: list[str] = []
    for token, initial in zip(tokens, initials, strict=True):
        if initial:
            if named < 2:
                words.extend(letter for letter in token.lower() if letter.isalpha())
            continue
        for part in token.split("-"):
            low = part.lower()
            slug = low if low.isalnum() and low.isascii() else _SLUG_DROP.sub("-", low).strip("-")
            if slug:
                words.append(slug)
    if named >= 2:
        for index, word in enumerate(words):
            if len(word) > 1:  # the first word that is not an initial
                words[index] = given_names().get(word, word)
                break
    return tuple(words)
