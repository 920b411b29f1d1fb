"""What the user typed into search: free text plus ``@`` filters.

``@park supply chain`` narrows the search to the speaker called Park (by id, name or surname,
case-insensitive); ``@joint`` and ``@narration`` narrow it to joint statements or narration.
Parsing never raises, whatever the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

    ``terms`` are the folded words to look for; ``speakers`` the folded ``@`` names (a
    sentence must be said by one of them); ``joint``/``narration`` admit those sentences.
    ``prefix`` is true when the last term may still be being typed.
    """

    text: str = ""
    terms: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    joint: bool = False
    narration: bool = False
    prefix: bool = False

    @property
    def filtered(self) -> bool:
        """Whether an ``@`` filter narrows who may say the sentence."""
        return bool(self.speakers) or self.joint or self.narration

    @property
    def empty(self) -> bool:
        return not self.terms and not self.filtered


def parse_query(raw: str) -> Query:
    """Split ``raw`` into search terms and ``@`` filters. Never raises."""
    if not isinstance(raw, str):
        return Query()
    raw = raw[:MAX_QUERY_CHARS]
    free: list[str] = []
    speakers: list[str] = []
    joint = narration = False
    chunks = raw.split()
    for chunk in chunks:
        if chunk.startswith("@"):
            name = "-".join(words(chunk[1:]))
            if not name:
                continue  # a lone "@" while the name is still being typed
            if name in JOINT_FILTERS:
                joint = True
            elif name in NARRATION_FILTERS:
                narration = True
            elif name not in speakers:
                speakers.append(name)
        else:
            free.append(chunk)
    text = " ".join(free)
    terms = tuple(words(text)[:MAX_TERMS])
    # The last word is a prefix while the user is typing it, i.e. unless a separator follows.
    prefix = bool(terms) and not chunks[-1].startswith("@") and WORD.fullmatch(raw[-1]) is not None
    return Query(
        text=text,
        terms=terms,
        speakers=tuple(speakers),
        joint=joint,
        narration=narration,
        prefix=prefix,
    )
