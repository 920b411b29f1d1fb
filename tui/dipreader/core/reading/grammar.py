"""Patterns of references (a name, ``the Chinese top diplomat``, ``Seoul``, ``he``, ``the two
sides``) and of the openings that change how a sentence is read (a wire's dateline, a numbered
paragraph, ``We, the Foreign Ministers``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from dipreader.core.model import Kind
from dipreader.core.reading.name_runs import CAPSEQ_LAST, TOKEN, TOKEN_LAST, analyse
from dipreader.core.reading.verbs import trie_pattern

# Enum members looked up once: ``Kind.X`` goes through the enum's metaclass on every use.
STATEMENT = Kind.STATEMENT
JOINT = Kind.JOINT
NARRATION = Kind.NARRATION

# --- references ------------------------------------------------------------------------------
# Python's case folding admits these besides a letter's two cases: ``(?i)s`` matches ``ſ``.
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}

# One node of the word lists below: in order, each entry the end of a word (None) or a token
# and the node that follows it.
_Node = list[tuple[str, "_Node"] | None]


def caseless_words(words: list[str]) -> str:
    """A pattern for ``(?i:w1|w2|...)`` that ``re`` runs faster: factored by prefix, each
    letter a class of what case folding admits, since a case-blind alternation tries every
    word in turn. A space in a word is ``[ ]+``, a letter before ``+`` may repeat.

    The words are tried in the same order: only words that begin alike are put together, and
    never across a shorter word that ends before them (which was tried first).
    """
    root: _Node = []
    for word in words:
        node = root
        for token in _tokens(word):
            # Only past the last word that ends here: that one is tried before what follows.
            tail = len(node) - node[::-1].index(None) if None in node else 0
            child = next((e[1] for e in node[tail:] if e is not None and e[0] == token), None)
            if child is None:
                # Differing tokens that begin alike would be tried in another order.
                if any(
                    e is not None and e[0].rstrip("+") == token.rstrip("+") for e in node[tail:]
                ):
                    raise ValueError(f"{word!r}: tokens that begin alike")
                child = []
                node.append((token, child))
            node = child
        node.append(None)
    return _pattern(root)


def _tokens(word: str) -> list[str]:
    tokens: list[str] = []
    for char in word:
        if char == "+":
            tokens[-1] += "+"
        elif char == " ":
            tokens.append("[ ]+")
        elif char.isascii() and char.isalpha():
            low = char.lower()
            tokens.append(f"[{low}{low.upper()}{_FOLDS.get(low, '')}]")
        else:
            tokens.append(re.escape(char))
    return tokens


def _pattern(node: _Node) -> str:
    branches = ["" if entry is None else entry[0] + _pattern(entry[1]) for entry in node]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


_PLURAL_WORDS = [
    "sides",
    "leaders",
    "ministers",
    "presidents",
    "parties",
    "delegations",
    "counterparts",
    "diplomats",
    "heads of state",
    "heads of government",
    "officials",
    "secretaries",
    "chancellors",
    "premiers",
    "countries",
    "nations",
    "governments",
    "two",
    "three",
    "four",
    "men",
    "women",
    "pair",
    "prime ministers",
    "advisors",
    "advisers",
    "envoys",
    "foreign secretaries",
    "participants",
]
_ROLE_WORDS = [
    "top diplomat",
    "chief diplomat",
    "diplomat",
    "side",
    "foreign minister",
    "head of state",
    "head of government",
    "managing director",
    "general director",
    "director",
    "head",
    "chairman",
    "chairwoman",
    "governor",
    "mayor",
    "commissioner",
    "spokesman",
    "spokeswoman",
    "adviser",
    "advisor",
    "external affairs minister",
    "foreign secretary",
    "prime minister",
    "vice president",
    "vice premier",
    "state council+or",
    "secretary of state",
    "secretary-general",
    "director-general",
    "secretary",
    "president",
    "premier",
    "chancellor",
    "minister",
    "leader",
    "counterpart",
    "delegation",
    "envoy",
    "official",
    "host",
    "guest",
    "emir",
    "king",
    "crown prince",
    "prince",
    "ambassador",
    "spokesperson",
    "high representative",
    "eam",
]
_PLURAL = caseless_words(_PLURAL_WORDS)
_ROLE_NOUN = caseless_words(_ROLE_WORDS)
# Where a token or a word is followed by spaces it can give nothing back (what it gave back
# is never a space), so there TOKEN_LAST and possessive words stand for TOKEN and ``[\w.'-]+``:
# the same matches, without ``re`` trying every shorter end of each.
_WORD = r"[A-Z][a-z\w.'-]++"
REF = re.compile(
    r"(?P<joint>(?:[Tt]he|[Bb]oth|[Aa]ll)[ ]+(?:(?:two|three|four|five|six|other)[ ]+)?"
    r"(?:(?:[Ff]oreign|[Pp]rime|[Dd]efen[cs]e|[Tt]op|" + _WORD + r")"
    r"(?:[ ]+and[ ]+" + _WORD + r")?[ ]+){0,3}" + _PLURAL + r"\b"
    r"|[Bb]oth\b|[Tt]hey\b|[Ii]t[ ]+was(?=[ ]+(?:agreed|decided|noted)\b))"
    r"|(?P<nom>(?:[Tt]he[ ]+|(?P<npos>" + TOKEN + r"(?:[ ]+" + TOKEN + r")?)'s[ ]+)"
    r"(?P<nadj>(?:" + TOKEN_LAST + r"[ ]+){1,3}|(?:visiting|host|other|acting|outgoing|incoming|"
    r"interim|former|new)[ ]+)?"
    r"(?P<noun>" + _ROLE_NOUN + r")\b"
    r"(?:(?P<nof>[ ]+of[ ]+(?:the[ ]+)?"
    + TOKEN_LAST
    + r"(?:[ ]+(?:of[ ]+)?"
    + TOKEN_LAST
    + r"){0,4})"
    r"|(?![ ]+[A-Z]\w)))"
    r"|(?P<pron>(?:[Hh]e|[Ss]he)\b)"
    r"|(?P<poss>(?:[Hh]is|[Hh]er)[ ]+(?P<padj>(?:" + TOKEN_LAST + r"[ ]+){0,3})counterparts?\b)"
    r"|(?P<cap>" + CAPSEQ_LAST + r")"
)
# The same groups as ``REF`` with only ``cap`` able to match: for plain runs of capitals.
# ``cap`` comes first so that a scan fails at once where no capital starts; the other groups
# sit in a branch that never matches, and only make ``group(name)`` answer None (as a branch,
# not nine optional groups, it scans about as fast as ``CAPSEQ`` alone). The branch opens
# with a NUL, so that ``re`` passes it over on the next character alone.
CAP_REF = re.compile(
    r"(?P<cap>"
    + CAPSEQ_LAST
    + r")(?:\x00(?!)"
    + "".join(
        f"(?P<{name}>)"
        for name in ("joint", "nom", "npos", "nadj", "noun", "nof", "pron", "poss", "padj")
    )
    + "|)"
)
REF_OPENERS = frozenset(("The", "Both", "All", "They", "He", "She", "His", "Her", "It"))
REF_OPENER_PREFIXES = tuple(f"{word} " for word in sorted(REF_OPENERS))
# Lower-case words that may start a reference; ``the`` only before what a reference needs.
# Factored by prefix (``th``, ``h``), as ``re`` enters every branch whose first letter fits;
# the words are whole words ending in a space, so no two match at one place.
_AFTER_THE = (
    "two three four five six other leaders ministers parties sides presidents delegations heads "
    "prime top chief visiting host foreign external state secretary president premier "
    "chancellor minister leader counterpart delegation envoy official guest vice high diplomat "
    "pair participants acting head governor"
).split()
LOW_SCAN = re.compile(
    r" (?:th(?:e (?=[A-Z]|" + trie_pattern(_AFTER_THE) + r"\b)|ey )|h(?:e(?: |r )|is )|both |"
    r"all |she |it )"
)
JOINT_PREFIXES = tuple(
    [
        f"the {word}"
        for word in (
            "two three four five six other leaders ministers foreign sides parties presidents "
            "delegations heads prime top Foreign Leaders Ministers Presidents participants"
        ).split()
    ]
    + ["both", "all three", "all four", "all five", "all sides", "all parties", "all leaders"]
    + ["all ministers", "they", "it was agreed", "it was decided", "it was noted"]
)
JOINT_OPENERS = ("The ", "Both ", "They ", "All ", "It was ")
COLLECTIVE = ("We, the ", "We the ")
# ``Joko Widodo (Jokowi)``: one word in brackets after a name, not an acronym (``(PRC)``).
ALIAS_BRACKET = re.compile(r" \([A-Z][a-z]{2,20}\)")
ALIAS = re.compile(
    r"(?P<name>[A-Z][\w'-]+(?:[ ]+[A-Z][\w'-]+){1,3})[ ]+\((?P<alias>[A-Z][a-z]{2,20})\)"
)
# ``The message reads, in part:`` after ``X sent greetings``: what follows is X's.
MESSAGE = re.compile(
    r"[ \"]*(?:The|His|Her|This|That)[ ]+(?:message|letter|telegram|greetings?|address|note|"
    r"congratulations)[ ]+(?:said|says|reads|read|stated|states|noted|notes)\b"
)
# ``the Russian and German Presidents``: a plural subject after adjectives of place.
JOINT_ADJ = re.compile(
    r"the[ ]+(?!United[ ]+Nations\b)(?:"
    + _WORD
    + r"(?:[ ]+and[ ]+"
    + _WORD
    + r")?[ ]+){1,3}"
    + _PLURAL
    + r"\b"
)
# Where a plural subject starts among the lower-case starts: one of JOINT_PREFIXES (as a trie,
# since only whether one fits counts) or JOINT_ADJ, in one match rather than three tests.
JOINT_START = re.compile(
    "(?:" + trie_pattern(list(JOINT_PREFIXES)) + ")|(?:" + JOINT_ADJ.pattern + ")"
)
# Inside a run of capitalised words, where a second subject may start: ``X and Y``.
JOIN_SCAN = re.compile(r" and (?=[A-Z])")
AND = re.compile(r"(?:[ ]*,)?[ ]+and[ ]+|[ ]*,[ ]*")
_SWITCH_WORDS = ("his part", "her part", "response", "reply", "in turn", "responding")


def country_only(ref: re.Match[str]) -> bool:
    """``South Korea``, ``Seoul``: a place, not a name or a role."""
    if ref.group("cap") is None:
        return False
    return _place(ref.group(0))


@lru_cache(maxsize=4096)
def _place(phrase: str) -> bool:
    return not any(name or role for name, role, _c, _s in analyse(phrase))


def is_switch(text: str) -> bool:
    """``For his part``, ``In response``: the other side speaks now."""
    low = text.lower()
    return any(word in low for word in _SWITCH_WORDS)


SEX_AFTER = re.compile(r"[ ]+(?:that[ ]+)?(?P<p>he|she|his|her)\b")
QUOTE_MARKS = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb")
OPENERS = "\u201c\u00ab"
CLOSERS = "\u201d\u00bb"


# ``... cut ties with Iran in 2016``: a new paragraph that dates a past event is background.
BACKGROUND_YEAR = re.compile(r"\b(?:in|since|until)[ ]+(?:[A-Z][a-z]+[ ]+)?(?:19|20)\d\d\b")
WIRES = frozenset(
    ("reuters", "ap", "afp", "bloomberg", "dpa", "ansa", "efe", "upi", "associated press")
)
# ``TOKYO, May 14, 2024 (AFP) -``: a wire dateline the parser left in the body.
WIRE_DATELINE = re.compile(r"\((?:AFP|Reuters|AP|dpa|DPA|Bloomberg|UPI|ANSA|EFE)\)[ ]*[-:]")
LIST_END_WORDS = frozenset(
    "side minister secretary president counterpart diplomat premier chancellor leader".split()
)


# What may follow a one-word name met ``with``: ``talks with Lula in Beijing``.
AFTER_SINGLE_NAME = (" in ", " on ", " at ", " during ", " and ", " via ", " over ", " by ")


AND_COUNTERPART = re.compile(
    r"(?P<and>[ ]+and[ ]+)(?:his|her|their)[ ]+(?:[A-Z][\w.'-]*[ ]+){0,3}counterparts?,?[ ]+$"
)


SUFFIXES = frozenset(("Jr.", "Jr", "Sr.", "Sr"))


# ``1. At the outset, ...``: the number of a numbered paragraph is not part of what is said.
LIST_MARKER = re.compile(r"\d{1,2}\.[ \t\u00a0]+(?=\S)")
# ``SEOUL, June 2 (Yonhap) --``, ``Jakarta (ANTARA) -``, ``TOKYO, May 14, 2024 (AFP) -``.
DATELINE = re.compile(
    r"(?:[A-Z][A-Za-z.'\- ]{1,40}?,[ \u00a0]+)?"
    r"(?:[A-Z][a-z]{2,8}\.?[ \u00a0]+\d{1,2}(?:,[ \u00a0]+\d{4})?[ \u00a0]+"
    r"|[A-Z][A-Za-z. ]{1,30}[ \u00a0]+)?"
    r"\([A-Z][A-Za-z]+(?:[ \u00a0][A-Z][A-Za-z]+)?\)[ \u00a0]*(?:--|-|\u2014|\u2013)[ \u00a0]*"
    r"(?=\S)"
)


IN_VIEW = re.compile(
    r"[ ]*In[ ]+(?P<who>[A-Z][\w.' -]{1,60}?)'s[ ]+(?:opinion|view|words|assessment|estimation|"
    r"judgement|judgment)\b"
)
