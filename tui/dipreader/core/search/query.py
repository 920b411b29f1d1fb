"""What the user typed into search: words, phrases, exclusions and filters.

One language for the reader's search box and ``dipreader search``::

    supply chain            words, matched fuzzily (typos, the last word while typed)
    "one-China principle"   these words exactly, together (case, accents, punctuation aside)
    -taiwan                 no sentence holding this word
    @park                   said by this speaker (id, name or surname; ``@joint``, ``@narration``)
    since:2022 until:2023-06-30   a year, a month or a day, both ends included
    source:xinhua           the article's source (fuzzy)
    country:korea           the speaker's country (fuzzy)
    kind:joint              joint, narration or statement

A filter it cannot read (``since:20222``, ``kind:speech``, ``contry:korea``) is an error in
:attr:`Query.errors`, never dropped in silence. Parsing never raises, whatever the input.
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from datetime import date

from dipreader.core.text.fold import fold_accents

# Words are runs of letters and digits: hyphens, apostrophes, quotes (straight or curly),
# dashes and non-breaking spaces all separate words, so ``one-China`` and ``one China`` are
# the same two words and the text itself never needs rewriting.
WORD = re.compile(r"[^\W_]+")
# Longer queries are cut here: nobody types more, and the cost of a search stays bounded.
MAX_QUERY_CHARS = 400
MAX_TERMS = 16

JOINT_FILTERS = frozenset({"joint", "both", "together"})
NARRATION_FILTERS = frozenset({"narration", "narrator", "none"})
FILTER_NAMES = ("since", "until", "source", "country", "kind")
KINDS = ("joint", "narration", "statement")

# A chunk: a quoted phrase (perhaps still open), a filter with a quoted value, or a word.
_CHUNK = re.compile(r'"[^"]*"?|[A-Za-z]+:"[^"]*"?|\S+')
_FILTER = re.compile(r"([A-Za-z]{2,}):(.*)", re.DOTALL)
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DATE_HELP = "a year, a month or a day: 2022, 2022-06, 2022-06-30"


def fold_word(word: str) -> str:
    """A word as the index keeps it: lower case, accents dropped (``Séjourné`` -> ``sejourne``)."""
    word = word.lower()
    if word.isascii():
        return word
    return fold_accents(word).lower()


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order, aligned with ``WORD.finditer(text)``."""
    if text.isascii():
        return WORD.findall(text.lower())
    # Non-ASCII lower() can split a word (``İ`` -> ``i̇``); fold word by word to stay aligned.
    return [fold_word(word) for word in WORD.findall(text)]


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search query.

    ``terms`` are the folded words to look for, fuzzily; ``phrases`` runs of words that must
    stand together exactly; ``excluded`` words (or runs) no hit may hold. ``speakers`` are the
    folded ``@`` names (a sentence must be said by one of them); ``joint``/``narration``
    admit those sentences. ``kinds``, ``since``/``until`` (inclusive), ``sources`` and
    ``countries`` narrow further; each kind of filter narrows on its own (and), several of
    one kind admit any of them (or). ``prefix`` is true when the last term may still be being
    typed. ``errors`` says what could not be read.
    """

    text: str = ""
    terms: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    joint: bool = False
    narration: bool = False
    prefix: bool = False
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()
    kinds: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    sources: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def filtered(self) -> bool:
        """Whether an ``@`` filter narrows who may say the sentence."""
        return bool(self.speakers) or self.joint or self.narration

    @property
    def narrowed(self) -> bool:
        """Whether any filter narrows the sentences searched (beyond their words)."""
        return (
            self.filtered
            or bool(self.kinds or self.sources or self.countries)
            or self.since is not None
            or self.until is not None
        )

    @property
    def words_wanted(self) -> tuple[str, ...]:
        """Every word a hit is looked for by: the fuzzy terms, then the phrases' words."""
        return self.terms + tuple(word for phrase in self.phrases for word in phrase)

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases and not self.narrowed


def filter_token(name: str, value: str) -> str:
    """``value`` for the filter ``name`` as the query language writes it (for the CLI's
    flags: ``--source "Global Times"`` is ``source:"Global Times"``); ``speaker`` is ``@``."""
    if name == "speaker":
        return "@" + "-".join(words(value))
    cleaned = value.replace('"', " ").strip()
    return f'{name}:"{cleaned}"' if " " in cleaned else f"{name}:{cleaned}"


def parse_query(raw: str) -> Query:
    """Split ``raw`` into words, phrases, exclusions and filters. Never raises."""
    if not isinstance(raw, str):
        return Query()
    raw = raw[:MAX_QUERY_CHARS]
    parts = _Parts()
    chunks = _CHUNK.findall(raw)
    for chunk in chunks:
        parts.take(chunk)
    terms = tuple(parts.free[:MAX_TERMS])
    # The last word is a prefix while the user is typing it, i.e. unless a separator follows,
    # and only when it is a plain word (not a phrase, a filter or an exclusion).
    prefix = bool(terms) and parts.last_free and bool(raw) and WORD.fullmatch(raw[-1]) is not None
    if parts.since and parts.until and parts.since > parts.until:
        parts.errors.append(f"since:{parts.since} is after until:{parts.until}")
    return Query(
        text=" ".join(parts.free_text),
        terms=terms,
        speakers=tuple(parts.speakers),
        joint=parts.joint,
        narration=parts.narration,
        prefix=prefix,
        phrases=tuple(parts.phrases),
        excluded=tuple(parts.excluded),
        kinds=frozenset(parts.kinds),
        since=parts.since,
        until=parts.until,
        sources=tuple(parts.sources),
        countries=tuple(parts.countries),
        errors=tuple(parts.errors),
    )


class _Parts:
    """What the chunks of a query said so far, in order."""

    def __init__(self) -> None:
        self.free: list[str] = []
        self.free_text: list[str] = []
        self.last_free = False  # the last chunk was plain words
        self.speakers: list[str] = []
        self.joint = self.narration = False
        self.phrases: list[tuple[str, ...]] = []
        self.excluded: list[tuple[str, ...]] = []
        self.kinds: set[str] = set()
        self.since: date | None = None
        self.until: date | None = None
        self.sources: list[str] = []
        self.countries: list[str] = []
        self.errors: list[str] = []

    def take(self, chunk: str) -> None:
        self.last_free = False
        if chunk.startswith('"'):
            phrase = tuple(words(chunk.strip('"')))
            if phrase and phrase not in self.phrases:
                self.phrases.append(phrase)
            return
        if chunk.startswith("@"):
            self._speaker(chunk[1:])
            return
        if chunk.startswith("-") and WORD.match(chunk, 1):
            excluded = tuple(words(chunk[1:]))
            if excluded not in self.excluded:
                self.excluded.append(excluded)
            return
        found = _FILTER.fullmatch(chunk)
        # ``said:`` in pasted text is a word; ``contry:korea`` a filter mistyped.
        if found is not None and (found.group(2) or found.group(1).lower() in FILTER_NAMES):
            self._filter(found.group(1).lower(), found.group(2).strip('"').strip(), chunk)
            return
        self.free.extend(words(chunk))
        self.free_text.append(chunk)
        self.last_free = True

    def _speaker(self, raw: str) -> None:
        name = "-".join(words(raw))
        if not name:
            return  # a lone "@" while the name is still being typed
        if name in JOINT_FILTERS:
            self.joint = True
        elif name in NARRATION_FILTERS:
            self.narration = True
        elif name not in self.speakers:
            self.speakers.append(name)

    def _filter(self, name: str, value: str, chunk: str) -> None:
        if name not in FILTER_NAMES:
            close = difflib.get_close_matches(name, FILTER_NAMES, n=1)
            hint = (
                f"did you mean {close[0]}:?"
                if close
                else "filters: " + ", ".join(f"{known}:" for known in FILTER_NAMES)
            )
            self.errors.append(f"{chunk!r}: no filter called {name}: ({hint})")
            return
        if not value:
            self.errors.append(f"{chunk!r}: {name}: needs a value")
            return
        if name in ("since", "until"):
            day = read_day(value, end=name == "until")
            if day is None:
                self.errors.append(f"{chunk!r}: not a date ({_DATE_HELP})")
            elif name == "since":
                self.since = max(day, self.since) if self.since else day
            else:
                self.until = min(day, self.until) if self.until else day
        elif name == "kind":
            kind = read_kind(value)
            if kind is None:
                self.errors.append(f"{chunk!r}: kind: is {', '.join(KINDS)}")
            else:
                self.kinds.add(kind)
        else:
            folded = " ".join(words(value))
            if not folded:
                self.errors.append(f"{chunk!r}: {name}: needs letters or digits")
                return
            found = self.sources if name == "source" else self.countries
            if folded not in found:
                found.append(folded)


def read_day(value: str, end: bool = False) -> date | None:
    """A year, a month or a day as the first day it covers (the last with ``end``); None
    when ``value`` is none of them."""
    found = _DATE.fullmatch(value.strip())
    if found is None:
        return None
    year = int(found.group(1))
    month = int(found.group(2)) if found.group(2) else None
    day = int(found.group(3)) if found.group(3) else None
    try:
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, last if end else 1)
        return date(year, month, day)
    except ValueError:
        return None


def read_kind(value: str) -> str | None:
    """``joint``, ``narration`` or ``statement`` from its name or a beginning of it."""
    folded = value.strip().lower()
    matches = [kind for kind in KINDS if folded and kind.startswith(folded)]
    return matches[0] if len(matches) == 1 else None
