"""Which reader read a cached meeting: its version and a hash of its code.

Apart from the reading code itself, so that a warm start (everything from the cache) never
imports it: parsing and attribution cost a start 50 ms of imports for nothing.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from pathlib import Path
from typing import Any

# Bump when parsing or attribution changes what they produce: cached meetings are keyed on it.
# 3: speaker ids folded by core/text/names.py (anyascii, honorifics, nicknames); 4: the one
# punctuation fold of core/text/fold.py (a few more typographic spaces and quotes folded).
READER_VERSION = 4

# The modules whose code decides what a meeting read from a file holds.
READING_MODULES = (
    "dipreader.core.reading.attribution",
    "dipreader.core.reading.cast",
    "dipreader.core.reading.continuation",
    "dipreader.core.corpus.articles",
    "dipreader.core.corpus.corpus",
    "dipreader.core.corpus.walk",
    "dipreader.core.reading.countries",
    "dipreader.core.text.decode",
    "dipreader.core.text.fold",
    "dipreader.core.formats.extracted",
    "dipreader.core.formats.feed",
    "dipreader.core.reading.furniture",
    "dipreader.core.reading.grammar",
    "dipreader.core.formats.inputs",
    "dipreader.core.reading.labels",
    "dipreader.core.reading.lexicon",
    "dipreader.core.formats.markdown",
    "dipreader.core.reading.mentions",
    "dipreader.core.model",
    "dipreader.core.reading.name_runs",
    "dipreader.core.text.names",
    "dipreader.core.reading.pairs",
    "dipreader.core.reading.parse",
    "dipreader.core.reading.readout",
    "dipreader.core.reading.references",
    "dipreader.core.reading.roles",
    "dipreader.core.reading.scan",
    "dipreader.core.reading.sentences",
    "dipreader.core.reading.verbs",
    "dipreader.core.formats.webpage",
)

# The tables of core/data/ that decide speaker ids (see core/text/names.py).
READING_DATA = (
    "honorifics.txt",
    "name_suffixes.txt",
    "given_names.txt",
    "countries.txt",
    "verbs.txt",
)

# What decides which speakers are one person across the corpus (core/people/identity.py): worked out
# after reading (the article cache keeps meetings as read); the stored search index keeps the
# ids, and identities.json beside it who each speaker is.
IDENTITY_MODULES = (
    "dipreader.core.people.identity",
    "dipreader.core.people.aliases",
    "dipreader.core.people.offices",
)
IDENTITY_DATA = ("spellings.txt", "name_particles.txt", "role_words.txt", "alias_stopwords.txt")


@functools.cache
def reader_fingerprint() -> str:
    """The version and a hash of the reading code, so that any change to it (even one that
    forgot to bump READER_VERSION) makes cached meetings stale rather than wrong."""
    digest = hashlib.sha256(str(READER_VERSION).encode())
    for name in READING_MODULES:
        try:
            digest.update(_source(name).read_bytes())
        except OSError:
            digest.update(name.encode())
    _hash_data(digest, READING_DATA)
    return digest.hexdigest()[:16]


@functools.cache
def identity_fingerprint() -> str:
    """The reader's fingerprint and a hash of the identity code and tables: a stored search
    index made with other identities is never used."""
    digest = hashlib.sha256(reader_fingerprint().encode())
    for name in IDENTITY_MODULES:
        try:
            digest.update(_source(name).read_bytes())
        except OSError:
            digest.update(name.encode())
    _hash_data(digest, IDENTITY_DATA)
    return digest.hexdigest()[:16]


def _hash_data(digest: Any, names: tuple[str, ...]) -> None:
    """Add the tables of ``core/data/`` (beside this module, as installed) to ``digest``."""
    folder = Path(__file__).resolve().parent.parent / "data"
    for name in names:
        try:
            digest.update((folder / name).read_bytes())
        except OSError:
            digest.update(name.encode())


def reading_compiled() -> bool:
    """Whether the reading code runs compiled (a wheel built where a C compiler was at hand)."""
    spec = importlib.util.find_spec("dipreader.core.reading.attribution")
    return bool(spec and spec.origin and not spec.origin.endswith(".py"))


def _source(name: str) -> Path:
    """The module's source, found where the import system would find it, without running it.

    A compiled module (see ``tui/build_hook.py``) is a small stub whose bytes do not change
    with the code: its source beside it is hashed instead. Compiled and plain, the reader
    reads the same, so both share a cache.
    """
    spec = importlib.util.find_spec(name)
    origin = Path((spec and spec.origin) or "")
    if origin.name and origin.suffix != ".py":
        source = origin.with_name(name.rpartition(".")[2] + ".py")
        if source.is_file():
            return source
    return origin
