"""Aliases a text introduces for a person: "President Joko Widodo (Jokowi)", "Luiz Inácio
Lula da Silva, known as Lula", "Mohammed bin Salman (MBS)".

Read from an article's text (the characters of web pages matched as their plain counterparts:
any space, curly quotes), used by :mod:`dipreader.core.people.identity` to make the alias a name of
that person in every article. What stands in brackets after a name is often something else
(a country, a news agency, a stage direction): an alias is one capitalised word of three
letters or more, never all capitals unless it is the initials of the name, never a word of
``data/alias_stopwords.txt``, never the meeting's venue; the identity module also refuses a
country's name.
"""

from __future__ import annotations

import functools
import re

from dipreader.core.text.names import name_words, table

_QUOTE_OPEN = "\"'“‘«"
_QUOTE_CLOSE = "\"'”’»"
_BRACKET = re.compile(rf"\(\s*[{_QUOTE_OPEN}]?([A-Z][A-Za-z'’-]{{2,}})[{_QUOTE_CLOSE}]?\s*\)")
_KNOWN_AS = re.compile(
    r",?\s+(?:(?:popularly|better|widely|commonly|also)\s+)?known\s+as\s+"
    rf"[{_QUOTE_OPEN}]?([A-Z][A-Za-z'’-]{{2,}})"
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@functools.cache
def _stopwords() -> frozenset[str]:
    return frozenset(table("alias_stopwords.txt"))


@functools.cache
def _inside() -> frozenset[str]:
    """Lower-case words that may stand inside a name ("Lula da Silva", "bin Salman")."""
    return frozenset(table("name_particles.txt"))


def _name_before(text: str, end: int) -> list[str]:
    """The capitalised words (and name particles between them) right before ``end``."""
    words = _WORD.findall(text[max(0, end - 120) : end])
    run: list[str] = []
    for word in reversed(words):
        if word[0].isupper():
            run.append(word.rstrip(".,"))
        elif word in _inside() and run:
            run.append(word)
        else:
            break
    run.reverse()
    while run and not run[0][0].isupper():
        del run[0]
    return run


def _target(run: list[str], alias: str) -> str | None:
    """The name ``alias`` stands for: the last two capitalised words of ``run`` (and the
    particles between), or for initials (``MBS``) the words they are the initials of."""
    if alias.isupper():
        for size in range(min(len(run), 5), 1, -1):
            words = run[-size:]
            if "".join(word[0] for word in words).upper() == alias:
                return " ".join(words)
        return None
    capitals = [index for index, word in enumerate(run) if word[0].isupper()]
    if len(capitals) < 2:
        return None
    return " ".join(run[capitals[-2] :])


def scan(text: str, venue: str | None = None) -> list[tuple[str, str]]:
    """Every (alias word, the name it stands for) that ``text`` introduces."""
    # Each pattern only where its fixed part is (a plain find is many times faster).
    patterns = [p for p, cue in ((_BRACKET, "("), (_KNOWN_AS, "known as")) if cue in text]
    if not patterns:
        return []  # most texts: nothing else to make
    stop = _stopwords()
    banned = set(name_words(venue)) if venue else set()
    found: list[tuple[str, str]] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            alias = match.group(1).replace("’", "'")
            words = name_words(alias)
            if len(words) != 1 or words[0] in stop or words[0] in banned:
                continue
            target = _target(_name_before(text, match.start()), alias)
            if target is not None:
                found.append((words[0], target))
    return found
