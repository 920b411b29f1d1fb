"""Transcript speaker labels (``President of France Emmanuel Macron:``, ``MR. PRICE:``,
``Q``): which paragraphs belong to whom.
"""

from __future__ import annotations

import re

from dipreader.core.model import Sentence
from dipreader.core.reading.cast import Cast, Mention, Person
from dipreader.core.reading.lexicon import ROLE_HEADS, ROLE_WORDS
from dipreader.core.reading.name_runs import TOKEN, analyse, looks_like_name
from dipreader.core.reading.pairs import Article

_LABEL = re.compile(
    r"[ ]*(?P<label>(?:"
    + TOKEN
    + r")(?:[ ]+(?:"
    + TOKEN
    + r"|of|the|for|and|de|von|van|bin|al)){0,14})"
    r"[ ]*(?:\((?P<dir>[^)\n:]{1,40})\)?[ ]*)?:(?=[ \n]|$)"
)
_Q_LINE = re.compile(r"[ ]*(?:Q|QUESTION|Question)(?:[ ]*[:.][ ]*|[ ]{1,}(?=[A-Z\"']))")
_MODERATOR = frozenset(
    "moderator q question questioner participant audience reporter journalist staff interpreter "
    "press operator host anchor interviewer voice".split()
)
# Headings that end with a colon and are nobody: ``Begin Text:``.
_NOT_LABELS = frozenset(
    (
        "begin text",
        "end text",
        "text",
        "note",
        "notes",
        "editor's note",
        "background",
        "update",
        "summary",
        "subject",
        "related",
        "see also",
        "read more",
        "transcript",
        "attachment",
        "attachments",
        "photo",
        "video",
        "source",
        "sources",
        "contact",
    )
)


def speaker_labels(article: Article) -> dict[int, Person | None]:
    """Transcript speaker labels: sentence index -> the speaker (None for Q and moderators)."""
    norm = article.norm
    sentences = article.sentences
    cast = article.cast
    found: dict[int, Person | None] = {}
    named: dict[str, bool] = {}
    people = 0
    for index, sentence in enumerate(sentences):
        if sentence.start < article.body:
            continue
        if index and sentences[index - 1].paragraph == sentence.paragraph:
            continue
        if _Q_LINE.match(norm, sentence.start, sentence.end):
            found[index] = None
            continue
        if ":" not in norm[sentence.start : sentence.start + 90]:
            continue
        match = _LABEL.match(norm, sentence.start, sentence.end)
        if match is None:
            long_label = _long_label(norm, sentence, cast)
            if long_label is not None:
                found[index] = long_label
                people += 1
            continue
        label = match.group("label")
        words = label.lower().replace(".", "").split()
        if " ".join(words) in _NOT_LABELS:
            continue
        if words and words[0] in _MODERATOR:
            found[index] = None
            continue
        parts = analyse(label)
        if match.group("dir") is not None and not any(
            (n and cast.lookup(n)) or (r and cast.by_role(r.lower(), c)) for n, r, c, _s in parts
        ):
            # ``Executive Chairman of the Forum (retranslated):``, a title the text garbles or
            # that names nobody yet: the person named before it, not heard yet, it fits best.
            unheard = _unlabelled_before(cast, found, match.start(), words)
            if unheard is not None:
                found[index] = unheard
                people += 1
                continue
        if len(parts) != 1:
            continue
        name, role, country, sex = parts[0]
        if name and len(name) == 1 and role is None and sex is None:
            known = cast.lookup(name)
            if known is not None:  # ``Lavrov:`` once Sergey Lavrov has been named
                found[index] = known
                people += 1
            continue
        if name and (role is not None or sex is not None or len(name) >= 2):
            if not looks_like_name(name):
                continue
            if role is None and len(name) < 2 and not _named_outside_labels(norm, name[0], named):
                # ``MR. PRICE:`` who is never named in the story: the moderator.
                found[index] = None
                continue
            person = cast.add(Mention(match.start(), match.end(), name, role, country, sex, True))
            found[index] = person
            if person is not None:
                people += 1
        elif not name and role is not None:
            by_role = cast.by_role(role.lower(), country)
            if by_role is not None:
                found[index] = by_role
                people += 1
    return found if people else {}


# ``Head of A Just Russia political party faction in the State Duma Sergei Mironov:``: an
# office in words of any case, then a name of two capitalised words.
_LONG_LABEL = re.compile(
    r"[ ]*(?P<office>[A-Z][\w'.-]*(?:[ ]+[\w'.-]+){1,18}?)[ ]+"
    r"(?P<name>[A-Z][\w'.-]+[ ]+[A-Z][\w'.-]+)[ ]*(?:\([^)\n:]{1,40}\)?[ ]*)?:(?=[ \n]|$)"
)
_OFFICE_WORDS = frozenset("of the for to in on at and political party faction".split())


def _long_label(norm: str, sentence: Sentence, cast: Cast) -> Person | None:
    if ":" not in norm[sentence.start : sentence.start + 200]:
        return None
    match = _LONG_LABEL.match(norm, sentence.start, sentence.end)
    if match is None:
        return None
    office = match.group("office")
    words = office.lower().split()
    if words[0] == "the" or not any(word in ROLE_HEADS for word in words):
        return None
    # Its lower-case words are those of an office (``political party faction in the``), not
    # a sentence's (``meets``, ``is attributable to``).
    if any(
        word.islower() and word not in _OFFICE_WORDS and word not in ROLE_WORDS
        for word in office.split()
    ):
        return None
    name = tuple(match.group("name").split())
    if not looks_like_name(name):
        return None
    return cast.add(
        Mention(match.start("office"), match.end("name"), name, office, None, None, True)
    )


def _unlabelled_before(
    cast: Cast, found: dict[int, Person | None], at: int, words: list[str]
) -> Person | None:
    labelled = {id(person) for person in found.values() if person is not None}
    named = [
        person
        for person in cast.people
        if person.first < at and id(person) not in labelled and " " in person.name
    ]
    if len(named) > 1:
        label = set(words)

        def fit(person: Person) -> int:
            return len(label & set((person.role or "").lower().split()))

        best = max(map(fit, named))
        named = [person for person in named if fit(person) == best] if best else named
    return named[0] if len(named) == 1 else None


def _named_outside_labels(norm: str, name: str, named: dict[str, bool]) -> bool:
    """Whether ``name`` occurs other than as a speaker label (``MR. PRICE:``)."""
    key = name.lower()
    if key not in named:
        named[key] = _find_named(norm, name)
    return named[key]


def _find_named(norm: str, name: str) -> bool:
    # As written, or capitalised (``MR. PRICE:`` is ``Ned Price``): not ``price`` the word.
    forms = {name, name.capitalize()}
    for match in re.finditer("|".join(map(re.escape, sorted(forms))), norm):
        end = match.end()
        if norm.startswith(":", end) or norm[end : end + 8].lstrip().startswith("("):
            continue  # the label itself
        if match.start() and norm[match.start() - 1].isalnum():
            continue
        return True
    return False
