"""The people of one article (:class:`Person`) and the names that refer to them (:class:`Cast`).

Mentions of one person (``Wang Yi``, ``Wang``, ``Mr. Wang``, ``WANG YI``) are merged into one
Person, whose id (``model.speaker_id`` of the full name) is the same in every article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dipreader.core.reading.lexicon import FEMALE, FEMALE_GIVEN, JAPANESE_GIVEN, SURNAME_FIRST
from dipreader.core.reading.name_runs import (
    cached_speaker_id,
    full_key,
    is_initial,
    looks_like_name,
    lookup_keys,
    name_keys,
    person_name,
)
from dipreader.core.reading.roles import canonical_role, role_score


@dataclass(slots=True)
class Mention:
    """One person named in one run of capitalised words."""

    start: int
    end: int
    name: tuple[str, ...]  # display tokens (initials kept)
    role: str | None
    country: str | None
    sex: str | None
    titled: bool  # a role or an honorific stood before the name


@dataclass(slots=True)
class Person:
    """One participant of one article, built from the mentions of them."""

    name: str
    keys: frozenset[str]  # lower-case name tokens without initials
    role: str | None = None
    country: str | None = None
    sex: str | None = None
    first: int = 0
    met: bool = False
    spoke: bool = False
    hosts: bool = False  # the subject of ``X met Y``: the one a readout's ``The President`` is
    mentions: list[int] = field(default_factory=list)
    id: str = ""

    surname: str = ""  # kept with the name: looked up for everyone at each new mention
    aliases: frozenset[str] = frozenset()  # other names the text gives (``Jokowi``)

    def __post_init__(self) -> None:
        self.id = cached_speaker_id(self.name)
        self.surname = _surname(self.name)

    def rename(self, name: str, keys: frozenset[str]) -> None:
        self.name, self.keys, self.id = name, keys, cached_speaker_id(name)
        self.surname = _surname(name)


def _surname(name: str) -> str:
    tokens = [t for t in name.split(" ") if not is_initial(t)]
    if not tokens:
        return name
    if len(tokens) > 1 and tokens[0].lower() in SURNAME_FIRST:
        return tokens[0]
    return tokens[-1]


def english_order(person: Person, norm: str) -> None:
    """Rename a Japanese participant written surname first (``Kamikawa Yoko``) given name
    first, as English usually writes Japanese names, so that the id is the same whichever
    order an article uses. The surname is the word the text also uses alone (``Minister
    Kamikawa``); without that, a known given name in last place decides.
    """
    tokens = person.name.split(" ")
    if len(tokens) != 2:
        return
    first, last = tokens
    if person.country != "Japan" and (
        person.country is not None
        or last.lower() not in JAPANESE_GIVEN
        or first.lower() in SURNAME_FIRST
    ):
        return
    both = norm.count(person.name)
    first_alone = norm.count(first) > both
    last_alone = norm.count(last) > both
    if (first_alone and not last_alone) or (
        not last_alone and last.lower() in JAPANESE_GIVEN and first.lower() not in JAPANESE_GIVEN
    ):
        person.rename(f"{last} {first}", person.keys)


# The most people one article's cast holds. Finding who a role or a pronoun means looks at
# every one of them, so a bound keeps reading linear in the text however many names it holds.
MAX_PEOPLE = 200


class Cast:
    """The people of one article and the names that refer to them."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self._by_key: dict[str, Person | None] = {}
        self._by_full: dict[str, Person] = {}
        self._dirty = False
        # Roles the title gives (``Meeting with Defence Minister Sergei Ivanov``) for people
        # the body names by surname only: (name keys, role, country).
        self.hints: list[tuple[frozenset[str], str | None, str | None]] = []
        # People a role nominal cannot mean just now (the subject of ``X met the President``).
        self.excluded: list[Person] = []
        self.by_office_only = False  # while reading who is met: an office means its holder

    def add(self, mention: Mention) -> Person | None:
        """Merge ``mention`` into the person it names, or start a new person."""
        display = person_name(mention.name)
        keys = name_keys(display)
        if not keys:
            return None
        person = self._match(keys)
        if person is None and mention.role:
            # ``President Joe Biden`` and ``President Joseph R. Biden, Jr.``: one person.
            person = self._same_surname(display, mention.role)
            if person is not None:
                person.keys = person.keys | keys
                self._dirty = True
        changed = person is None or len(keys) > len(person.keys)
        if person is None and len(self.people) >= MAX_PEOPLE:
            return None  # no meeting has so many: the rest are read as the narrator's
        if person is None:
            person = Person(
                name=" ".join(display),
                keys=keys,
                first=mention.start,
            )
            self.people.append(person)
        elif len(keys) > len(person.keys):
            # A fuller name for someone first named by surname only (``SECRETARY BLINKEN``).
            person.rename(" ".join(display), keys)
        if mention.start < person.first:
            person.first = mention.start
        if mention.role and not person.role:
            person.role = mention.role
        if mention.country and not person.country:
            person.country = mention.country
        if mention.sex and not person.sex:
            person.sex = mention.sex
        if not person.role and self.hints:
            for hint_keys, role, country in self.hints:
                if person.keys <= hint_keys:
                    person.role = role
                    person.country = person.country or country
                    break
        if not person.sex and display[0].lower() in FEMALE_GIVEN and len(display) > 1:
            person.sex = FEMALE
        person.mentions.append(mention.start)
        if changed:
            self._dirty = True
        return person

    def adopt(self, mention: Mention, at: int) -> Person | None:
        """Someone named outside the text (in its title), as if first named at ``at``; no
        mention of them is kept, since none is in the text."""
        person = self.add(
            Mention(at, at, mention.name, mention.role, mention.country, mention.sex, True)
        )
        if person is not None and at in person.mentions:
            person.mentions.remove(at)
        return person

    def alias(self, person: Person, alias: str) -> None:
        """Another name the text gives ``person`` (``Jokowi``): it refers to them too."""
        key = alias.lower()
        if key not in person.keys and looks_like_name((alias,)):
            person.aliases = person.aliases | {key}
            self._dirty = True

    def _same_surname(self, display: tuple[str, ...], role: str) -> Person | None:
        """The one person with this (given-name-first) surname and this role, if any."""
        if len(display) < 2 or display[0].lower() in SURNAME_FIRST:
            return None  # ``Kim``, ``Lee``: many people share a surname-first surname
        surname = display[-1].lower()
        wanted = canonical_role(role)
        found = [
            p
            for p in self.people
            if p.role is not None
            and canonical_role(p.role) == wanted
            and p.surname.lower() == surname
            and " " in p.name
        ]
        return found[0] if len(found) == 1 else None

    def _match(self, keys: frozenset[str]) -> Person | None:
        if not self.people:
            return None
        if self._dirty:
            self._index()
        full = full_key(keys)
        if full in self._by_full:
            return self._by_full[full]
        candidates = [p for p in self.people if keys <= p.keys or p.keys <= keys]
        if len(candidates) == 1:
            return candidates[0]
        return None

    def _index(self) -> None:
        self._dirty = False
        counts: dict[str, list[Person]] = {}
        self._by_full = {}
        for person in self.people:
            self._by_full[full_key(person.keys)] = person
            for key in person.keys | person.aliases:
                counts.setdefault(key, []).append(person)
        self._by_key = {key: (ps[0] if len(ps) == 1 else None) for key, ps in counts.items()}

    def lookup(self, name: tuple[str, ...]) -> Person | None:
        """The person ``name`` (full or one token of it) refers to, if it is unambiguous."""
        if self._dirty:
            self._index()
        keys = lookup_keys(name)
        if not keys:
            return None
        full = full_key(keys)
        if full in self._by_full:
            return self._by_full[full]
        found: Person | None = None
        for key in keys:
            person = self._by_key.get(key)
            if person is None:
                continue
            if found is not None and found is not person:
                return None
            found = person
        if found is not None and keys <= found.keys | found.aliases:
            return found
        return None

    def by_role(self, noun: str | None, country: str | None) -> Person | None:
        """The person a role nominal (``the Secretary``, ``the Chinese top diplomat``) means."""
        best: Person | None = None
        best_score = 0
        for person in self.people:
            if self.excluded and person in self.excluded:
                continue
            if self.by_office_only and noun is not None and person.role is None:
                continue
            if country is not None and person.country is not None and person.country != country:
                continue
            score = 1
            if country is not None and person.country == country:
                score += 4
            if noun:
                score += role_score(noun, person.role)
                if score <= 1 and person.role is not None:
                    continue
            if person.met or person.spoke:
                score += 1
            # A tie goes to the one named first: ``The President`` of a readout is its host.
            if score > best_score or (
                score == best_score
                and best is not None
                and (person.hosts, -person.first) > (best.hosts, -best.first)
            ):
                best, best_score = person, score
        if noun is None and best is not None and best.country != country:
            # A bare place (``China urges ...``) names a participant only when exactly one
            # participant has no country yet and nobody else has this one.
            unknown = [p for p in self.people if p.country is None and (p.met or p.spoke)]
            if unknown != [best]:
                return None
        if country is not None and best is not None and best.country is None:
            # ``the Chinese top diplomat`` with one person of unknown country left: that is
            # where the text gives the country.
            others = [p for p in self.people if p is not best and p.country is None and p.met]
            if others:
                return None
            if noun is not None:
                best.country = country  # a bare place (``Germany has ...``) says less
        return best
