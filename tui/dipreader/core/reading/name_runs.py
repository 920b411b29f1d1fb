"""Runs of capitalised words and the people in them: ``Chinese State Councillor and Foreign
Minister Wang Yi and South Korean Foreign Minister Park Jin`` read as names, roles, countries.

All matching is done on a *normalised* copy of the text
(:func:`dipreader.core.text.fold.fold_text`): non-breaking spaces, curly quotes and dashes
become their plain counterparts one character for one, so offsets into the copy are offsets
into the original, which is never rewritten.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dipreader.core.model import speaker_id
from dipreader.core.reading.countries import COUNTRY_OF, MULTI_BY_FIRST, country_of
from dipreader.core.reading.lexicon import (
    BODY_NOUNS,
    CONNECTORS,
    HONORIFICS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NOT_NAME,
    ROLE_HEADS,
    ROLE_WORDS,
    SEXED_ROLES,
    SURNAME_FIRST,
)
from dipreader.core.reading.verbs import trie_pattern

# Asked for again and again while reading one article: model.speaker_id, remembered.
cached_speaker_id = lru_cache(maxsize=4096)(speaker_id)

_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
# A capitalised word; a full stop belongs to it only in initials and titles (``U.S.``,
# ``S.``, ``Mr.``), so that a run of capitalised words never runs on into the next sentence.
TOKEN = (
    rf"[{_UP}](?:\.(?:[{_UP}]\.)*"
    r"|(?<=[MDSJLRGCHA])(?:rs?|s|me|r|t|en|ol|ep|ov|rof|on|mb)\.(?=[ ])"
    r"|[\w'\-]*)"
)
_CONN = (
    r"(?:of|for|and|the|on|de|da|do|dos|das|del|della|di|du|la|le|van|von|der|den|bin|bint|"
    r"binti|ibn|al|el)"
)
# A run of capitalised words, with connectors between them (never at either end).
CAPSEQ = rf"{TOKEN}(?:(?:[ ]+(?:{_CONN}[ ]+){{0,2}}|/){TOKEN})*"
# CAPSEQ where nothing follows it in a pattern, in a form ``re`` runs faster. Nothing it takes
# is then ever given back (a token's ways of going on need different next characters; spaces
# or connectors given back leave no capital to go on with), so every repeat is possessive,
# which spares ``re`` keeping the places to go back to. The title's test of the capital
# before it comes first as a class of its own; the connectors are a trie; a word's letters
# list a-z before ``\w``, which ``re`` then tests as a table first. The same match at every
# position (tests/test_reading_scans.py).
TOKEN_LAST = (
    r"(?:[MDSJLRGCHA](?:rs?|s|me|r|t|en|ol|ep|ov|rof|on|mb)\.(?=[ ])"
    rf"|[{_UP}](?:\.(?:[{_UP}]\.)*+|[a-z\w'\-]*+))"
)
_CONN_TRIE = "(?:" + trie_pattern(_CONN[3:-1].split("|")) + ")"
CAPSEQ_LAST = rf"{TOKEN_LAST}(?:(?:[ ]++(?:{_CONN_TRIE}[ ]++){{0,2}}+|/){TOKEN_LAST})*+"
_CAPSEQ_RE = re.compile(CAPSEQ_LAST)
# Each byte of a Latin-1 text as ``A`` when it is a capital a run may start with, else a space:
# ``bytes.find`` on the text so translated finds the next capital far faster than ``re``
# scanning for the character class, which tests the class at every position.
_UP_CLASS = re.compile(f"[{_UP}]")
CAPITAL_BYTES = bytes(65 if _UP_CLASS.fullmatch(chr(byte)) else 32 for byte in range(256))
_ROLE_OF_COUNTRY = re.compile(r"^(?P<role>.*)\s+of\s+(?:the\s+)?(?P<country>.+)$")


def is_initial(token: str) -> bool:
    return len(token) <= 2 and (token.endswith(".") or len(token) == 1)


def display_token(token: str) -> str:
    """``OBAMA`` -> ``Obama`` (transcript labels); other spellings stay as written."""
    if len(token) > 2 and token.isupper() and not token.endswith("."):
        return "-".join(part.capitalize() for part in token.split("-"))
    return token


@lru_cache(maxsize=4096)
def person_name(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The name to show and to make the id from, the same however the text writes it.

    ``Antony J. Blinken`` -> ``Antony Blinken`` (middle initials dropped); ``KAMIKAWA Yoko``
    (Japanese style, surname in capitals first) -> ``Yoko Kamikawa``; ``WANG Yi`` stays
    ``Wang Yi`` (Chinese order); ``Wang's`` -> ``Wang``.
    """
    words = list(tokens)
    if words and words[-1].lower().endswith("'s"):
        words[-1] = words[-1][:-2]
    if len(words) >= 2 and words[0].isupper() and len(words[0]) > 2 and not words[0].endswith("."):
        rest_mixed = all(not w.isupper() for w in words[1:])
        if rest_mixed and words[0].lower() not in SURNAME_FIRST:
            words = [*words[1:], words[0]]
    while len(words) > 2 and words[-1].rstrip(".,").lower() in NAME_SUFFIXES:
        words.pop()  # ``Ferdinand Marcos Jr.`` is ``Ferdinand Marcos``
    display = [display_token(w) for w in words]
    if len(display) > 2:
        display = [display[0]] + [w for w in display[1:-1] if not is_initial(w)] + [display[-1]]
    return tuple(display)


@lru_cache(maxsize=4096)
def analyse(seq: str) -> tuple[tuple[tuple[str, ...], str | None, str | None, str | None], ...]:
    """Split one run of capitalised words into people: (name tokens, role, country, sex).

    ``Chinese State Councillor and Foreign Minister Wang Yi and South Korean Foreign Minister
    Park Jin`` gives two; a run with a role but no name (``The Secretary``) gives one with an
    empty name, so that callers can resolve it as a role nominal.
    """
    tokens = seq.replace("/", " / ").split() if "/" in seq else seq.split()
    out: list[tuple[tuple[str, ...], str | None, str | None, str | None]] = []
    role: list[str] = []
    name: list[str] = []
    country: str | None = None
    sex: str | None = None
    index = 0
    # ``General Director of DOM.RF Vitaly Mutko``: after a role's ``of``, the words up to the
    # name are the body the role belongs to, not the name.
    of_body = False

    def close() -> None:
        nonlocal role, name, country, sex, of_body
        if of_body and len(name) == 1 and _body_word(name[0]):
            role.extend(name)  # ``General Director of DOM``: a body, named alone
            name = []
        if (
            of_body
            and len(name) >= 3
            and (len(name) > 3 or _body_word(name[0]))
            and not any(t.lower() in NAME_PARTICLES for t in name)  # ``Salman bin Abdulaziz``
        ):
            role.extend(name[:-2] if len(name) > 3 else name[:1])
            name = name[-2:] if len(name) > 3 else name[1:]
        of_body = False
        while role and role[-1].lower() in CONNECTORS:
            role.pop()
        while role and role[0].lower() in CONNECTORS:
            role.pop(0)
        role_text = " ".join(role) if role and any(w.lower() in ROLE_HEADS for w in role) else None
        if role_text and " / " in role_text:
            role_text = role_text.replace(" / ", "/")
        if role_text and role_text.isupper() and len(role_text) > 4:
            role_text = role_text.title()  # ``PRESIDENT`` in a transcript label
        if role_text:
            for word in role:
                sex = sex or SEXED_ROLES.get(word.lower())
            # Roles are joined with single spaces: no `` of `` means the pattern cannot match.
            of_country = _ROLE_OF_COUNTRY.match(role_text) if " of " in role_text else None
            if of_country is not None:
                found = country_of(of_country.group("country"))
                if found:
                    country = country or found
                    role_text = of_country.group("role")
        if name or role_text or country:
            out.append((tuple(name), role_text, country, sex))
        role, name, country, sex = [], [], None, None

    while index < len(tokens):
        token = tokens[index]
        low = token.lower()
        bare = low[:-2] if low.endswith("'s") else low
        # Country phrases of several words first: ``South Korean``, ``Republic of Korea``.
        matched = 0
        for phrase in MULTI_BY_FIRST.get(low, ()):
            size = len(phrase)
            if index + size <= len(tokens):
                window = " ".join(tokens[index : index + size]).lower()
                if window.endswith("'s"):
                    window = window[:-2]
                if window == " ".join(phrase):
                    matched = size
                    break
        if matched:
            if name or country is not None:
                close()  # ``Japan and South Korea``: two places, two parts
            found = COUNTRY_OF[" ".join(tokens[index : index + matched]).lower().removesuffix("'s")]
            if role and role[-1].lower() == "of":
                role.extend(tokens[index : index + matched])
            else:
                country = country or found
            index += matched
            continue
        if low == "and" or low == "/":
            if name:
                close()
            else:
                role.append(token)
        elif low == "of" and name and of_body:
            role.extend(name)  # ``Chairman of the Board of Sberbank``
            role.append(token)
            name = []
        elif low == "of" and name and not country and index + 1 < len(tokens):
            # ``Prime Minister Kishida Fumio of Japan``: the country is this person's.
            rest = " ".join(tokens[index + 1 :]).lower()
            own = COUNTRY_OF.get(rest.removesuffix("'s"))
            if own is None:
                close()
                role.append(token)
            else:
                country = own
                index = len(tokens)
                continue
        elif low in CONNECTORS:
            if name:
                close()
            if not name:
                role.append(token)
        elif low in NAME_PARTICLES and name:
            name.append(token)
        elif bare in COUNTRY_OF and not (name and bare in SURNAME_FIRST):
            if name or (country is not None and not (role and role[-1].lower() == "of")):
                close()
            if role and role[-1].lower() == "of":
                role.append(token)
            else:
                country = country or COUNTRY_OF[bare]
        elif low.rstrip(".") in ROLE_WORDS or low in ROLE_WORDS:
            if name and of_body:
                role.extend(name)  # ``Chairman of the World Economic Forum``: the body
                name = []
            elif name:
                close()
            role.append(token)
        elif low in HONORIFICS:
            if name:
                close()
            sex = sex or HONORIFICS[low] or None
        elif (low in SURNAME_FIRST and role and not name and index + 1 < len(tokens)) and tokens[
            index + 1
        ][:1].isupper():
            name.append(token)  # ``Vice Premier He Lifeng``: ``He`` is a surname here
        elif name and token == "Un":
            name.append(token)  # ``Kim Jong Un``; the body is ``UN``
        elif low.rstrip(".") in NOT_NAME and of_body:
            # ``Executive Chairman of the World Economic Forum Klaus Schwab``: still the body.
            role.extend(name)
            role.append(token)
            name = []
        elif low.rstrip(".") in NOT_NAME and not name:
            if role:
                close()
        elif low.rstrip(".") in NOT_NAME:
            close()
        else:
            if not name and role and _of_a_body(role):
                of_body = True
            name.append(token.rstrip(".") if len(token) > 2 and token.endswith(".") else token)
        index += 1
    close()
    return tuple(out)


def _of_a_body(role: list[str]) -> bool:
    """Whether a role ends ``of`` or ``for`` a body (``Director of DOM.RF``), not a country
    (``King of Saudi Arabia``): what follows a body may still be part of its name."""
    low = [word.lower() for word in role]
    last = max((i for i, word in enumerate(low) if word in ("of", "for")), default=-1)
    if last < 0:
        return False
    after = " ".join(low[last + 1 :]).removeprefix("the ").strip()
    return after not in COUNTRY_OF


def _body_word(token: str) -> bool:
    """``DOM.RF``, ``NATO``, ``G20``: a body's name, not a person's."""
    if token.lower() in BODY_NOUNS:
        return True
    return "." in token.rstrip(".") or (token.isupper() and len(token) > 1) or not token.isalpha()


@lru_cache(maxsize=4096)
def named_parts(
    seq: str,
) -> tuple[tuple[tuple[str, ...], str | None, str | None, str | None], ...]:
    """The parts of ``analyse(seq)`` that name someone: most runs name nobody."""
    return tuple(part for part in analyse(seq) if part[0] and looks_like_name(part[0]))


@lru_cache(maxsize=4096)
def name_keys(name: tuple[str, ...]) -> frozenset[str]:
    return frozenset(
        t.lower().removesuffix("'s") for t in name if not is_initial(t) and t not in NAME_PARTICLES
    )


@lru_cache(maxsize=4096)
def looks_like_name(name: tuple[str, ...]) -> bool:
    if not name or len(name) > 5:
        return False
    for position, token in enumerate(name):
        low = token.lower().removesuffix("'s").rstrip(".")
        if position == 0 and len(name) > 1 and low in SURNAME_FIRST:
            continue  # ``He Lifeng``
        if token == "Un" and position:
            continue  # ``Kim Jong Un`` (the body is ``UN``)
        if low in NOT_NAME or low in COUNTRY_OF or low in ROLE_WORDS:
            return False
        if any(map(str.isdigit, token)):
            return False
        if "-" in low and any(part in COUNTRY_OF for part in low.split("-")):
            return False  # ``China-South``, ``EU-China``
    return True


@lru_cache(maxsize=4096)
def lookup_keys(name: tuple[str, ...]) -> frozenset[str]:
    return name_keys(tuple(display_token(t) for t in name))


@lru_cache(maxsize=4096)
def full_key(keys: frozenset[str]) -> str:
    """The keys of a whole name as one string: sorted and joined once, not at every look-up."""
    return " ".join(sorted(keys))


def capital_runs(norm: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Every run of capitalised words in ``norm[start:end]`` as (start, end, text)."""
    # The pattern has no leading ``\b`` (so that ``re`` can skip ahead fast): drop the rare
    # match that starts inside a word (``iPhone``).
    return [
        (match.start(), match.end(), match.group(0))
        for match in _CAPSEQ_RE.finditer(norm, start, end)
        if not norm[match.start() - 1].isalnum() or not match.start()
    ]


def capital_marks(norm: str) -> bytes | None:
    """``norm`` with each capital as ``A`` and any other character as a space (see
    ``CAPITAL_BYTES``), one byte for one character; None for a text beyond Latin-1."""
    try:
        return norm.encode("latin-1").translate(CAPITAL_BYTES)
    except UnicodeEncodeError:
        return None
