"""One person, one id across the corpus: which speakers of different articles are one person.

Each article names its speakers as it writes them: "Joe Biden" in one, "Biden" in another,
"Kishida Fumio" here and "Fumio Kishida" there. Reading gives each an id from the name alone
(:func:`dipreader.core.model.speaker_id`); this module, given all the meetings, works out which
of those ids are one person and gives them one id, rewriting ``Speaker.id`` (a new Speaker in
``meeting.speakers``) and ``Sentence.speaker`` in place. It is worked out from the speakers'
names, roles and countries and the aliases articles introduce, never from anything else, and
does not depend on the order the meetings came in. The rules:

- The same words in any order are one person ("Kishida Fumio", "Fumio Kishida"), spelling
  variants folded first (``data/spellings.txt``: "Sergey"/"Sergei").
- A name whose words are part of a fuller one ("Biden", "J. Biden", "Tayyip Erdogan") joins
  the one fullest identity it fits: the words kept must be the first or the last of the
  fuller name ("Kim Jong" may be Kim Jong Un, never Kim Yo Jong), an initial the first letter
  of a word it lacks. The speaker's country and role rule candidates out: a role none of the
  candidate's roles may be (President Kadyrov of 2001 is not Head of the Republic Ramzan
  Kadyrov), and a country other than most of the candidate's meetings give, when most of the
  meetings of this way of writing the name give it too (a reading now and then gives a
  speaker the other side's country: one meeting's decides nothing). When several are left,
  one of which the same country or role is known wins; else the name joins none ("Wang"
  with both Wang Yi and Wang Wenbin in the corpus stays "wang").
- An alias the text introduces ("President Joko Widodo (Jokowi)", "..., known as Lula",
  see :mod:`dipreader.core.people.aliases`) makes that one word a name of that person everywhere.
- Two speakers of one meeting are never given one id: the article told them apart.
- A person's id is the id of their fullest name: most words, then spelled as
  ``data/spellings.txt`` spells it, then the longest, then the first in alphabetical order.

The work is linear in the number of distinct speakers (a name is compared only with the names
that share its rarest word). A loader that hands meetings on as they arrive uses
:class:`Registry`: :meth:`Registry.add` gives each meeting's speakers the best ids known so far,
and :meth:`Registry.plan` the renames that the whole corpus calls for, to apply at the end.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from dipreader.core.model import Meeting, Sentence, Speaker, speaker_id
from dipreader.core.people import aliases
from dipreader.core.people.offices import roles_agree
from dipreader.core.text.names import name_words, table

# A speaker as a unit of identity: two Speakers with the same name, role and country are the
# same unit wherever they are; its id is worked out once.
Unit = tuple[str, str | None, str | None]
# What to rename in one meeting: current id -> new id.
Renames = dict[str, str]
Plan = list[tuple[Meeting, Renames]]


@functools.cache
def _spellings() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in table("spellings.txt"):
        canonical, *others = line.split()
        for other in others:
            found[other] = canonical
    return found


@functools.cache
def _particles() -> frozenset[str]:
    return frozenset(table("name_particles.txt"))


@dataclass(frozen=True, slots=True)
class Folded:
    """A name as identity compares it."""

    words: frozenset[str]  # the words of the name (spellings folded), initials apart
    initials: tuple[str, ...]  # sorted
    significant: tuple[str, ...]  # the words that are not particles ("bin", "al"), in order

    @property
    def key(self) -> tuple[frozenset[str], tuple[str, ...]]:
        return (self.words, self.initials)


@functools.lru_cache(maxsize=16384)
def fold_name(name: str) -> Folded:
    """``Joseph R. Biden, Jr.`` -> words {joseph, biden}; ``J. Biden`` -> {biden} and j."""
    spellings = _spellings()
    particles = _particles()
    named: list[str] = []
    significant: list[str] = []
    initials: list[str] = []
    for word in name_words(name):
        if len(word) == 1:
            initials.append(word)
            continue
        word = spellings.get(word, word)
        named.append(word)
        if word not in particles:
            significant.append(word)
    return Folded(frozenset(named), tuple(sorted(initials)), tuple(significant))


def fits(short: Folded, full: Folded, orders: Iterable[tuple[str, ...]] = ()) -> bool:
    """Whether ``short`` may be a shorter way of writing ``full`` ("Biden", "J. Biden" and
    "Joseph Biden"; "Tayyip Erdogan" and "Recep Tayyip Erdogan").

    The words kept must be the first or the last words of the fuller name as some article
    writes it (``orders``, else ``full``'s own order), never words from the middle only:
    "Kim Jong" may be Kim Jong Un, never Kim Yo Jong. An initial must be the first letter of
    a word it stands for.
    """
    if not short.significant or not short.words <= full.words:
        return False
    extra = full.words - short.words
    if not extra:
        # The same words: only more initials make a name fuller ("Biden" -> "J. Biden").
        return set(short.initials) < set(full.initials)
    for letter in short.initials:
        if letter not in full.initials and not any(word[0] == letter for word in extra):
            return False
    kept = set(short.significant)
    size = len(kept)
    for order in orders or (full.significant,):
        if set(order[:size]) == kept or set(order[-size:]) == kept:
            return True
    return False


@dataclass(slots=True)
class _Form:
    """One way of writing names (the same words and initials), and the speakers written so."""

    folded: Folded
    units: dict[Unit, str] = field(default_factory=dict)  # unit -> its id as read
    orders: set[tuple[str, ...]] = field(default_factory=set)  # as articles write it
    # How many meetings name each country for them: the country a reading gives a speaker is
    # now and then the other side's, so one meeting's says little, most meetings' a lot.
    countries: Counter[str] = field(default_factory=Counter)
    roles: set[str] = field(default_factory=set)
    first_id: str = ""  # the id of the first unit seen: its id until the end

    def best_id(self) -> str:
        """The id of the fullest name written this way (see the module's doc): most words,
        then spelled as :data:`spellings.txt` spells it, then the longest, then the first."""
        spellings = _spellings()
        return min(
            self.units.values(),
            key=lambda sid: (
                -len(sid.split("-")),
                any(part in spellings for part in sid.split("-")),
                -len(sid),
                sid,
            ),
        )

    @property
    def country(self) -> str | None:
        """The country most of its meetings give it (more than half of those that give one)."""
        if not self.countries:
            return None
        (top, count), *_ = self.countries.most_common(1)
        return top if 2 * count > self.countries.total() else None


class Registry:
    """The speakers of the meetings seen so far, and who each of them is."""

    def __init__(self, known: dict[Unit, str] | None = None) -> None:
        self._meetings: list[Meeting] = []
        self._forms: dict[tuple[frozenset[str], tuple[str, ...]], _Form] = {}
        self._by_word: dict[str, list[_Form]] = {}
        self._unit_form: dict[Unit, _Form] = {}
        self._provisional: dict[Unit, str] = {}
        # Aliases: the word -> the names texts gave it to ("jokowi" -> {"Joko Widodo"}).
        self._aliases: dict[str, set[str]] = {}
        self._countries: set[str] = set()  # every country named, folded: never an alias
        self._country_names: set[str] = set()
        self._speakers: dict[tuple[str, Unit], Speaker] = {}  # new Speakers, made once each
        self._seen: dict[int, tuple[Speaker, Unit]] = {}  # by id(): kept alive here
        # Who each speaker was when the same corpus was last worked out (see plan): while
        # every speaker is one of them, meetings are only looked up, not taken in, until the
        # end shows whether the corpus is the same.
        self._known = known or {}
        self._pending: list[Meeting] = []  # meetings looked up, not taken in yet
        self._final: dict[Unit, str] = {}
        self._introduced: dict[int, list[tuple[str, str]]] = {}  # by id() of a kept meeting

    def __len__(self) -> int:
        return len(self._meetings)

    # -- collecting -----------------------------------------------------------------------

    def add(
        self,
        meeting: Meeting,
        *,
        assign: bool = True,
        introduced: list[tuple[str, str]] | None = None,
    ) -> None:
        """Take in ``meeting``; with ``assign``, give its speakers the ids known so far (in
        place: do it before anyone else sees the meeting). ``introduced``: the aliases its
        text introduces, if already known (:func:`aliases.scan`), for a meeting given
        without its text."""
        self._meetings.append(meeting)
        if introduced is not None:
            self._introduced[id(meeting)] = introduced
        units = self._units(meeting)
        known = self._known
        if assign and known and not self._unit_form and all(unit in known for unit in units):
            self._pending.append(meeting)
            provisional = self._provisional
            for unit in units:
                provisional[unit] = known[unit]
        else:
            self._take_in_pending()
            new = [unit for unit in units if unit not in self._unit_form]
            self._take_in(meeting)
            if not assign:
                return
            for unit in new:
                self._provisional[unit] = self._provisional_id(unit)
        renames = self._renames(meeting, units, self._provisional)
        if renames:
            self._rename(meeting, renames)

    def _units(self, meeting: Meeting) -> list[Unit]:
        units = []
        seen = self._seen
        for speaker in meeting.speakers:
            # Speakers are shared between the meetings that name them alike (the cache makes
            # each once): most are known by the object itself.
            found = seen.get(id(speaker))
            if found is None or found[0] is not speaker:
                found = seen[id(speaker)] = (speaker, _unit(speaker))
            units.append(found[1])
        return units

    def _take_in(self, meeting: Meeting) -> None:
        """Its speakers' names, roles and countries, and the aliases its text introduces."""
        for speaker in meeting.speakers:
            form = self._observe(speaker)
            country = speaker.country
            if country:
                form.countries[country] = form.countries.get(country, 0) + 1
        introduced = self._introduced.get(id(meeting))
        if introduced is None:
            introduced = aliases.scan(meeting.text, meeting.venue)
        for alias, name in introduced:
            self._aliases.setdefault(alias, set()).add(name)
            # The name the alias stands for is a way of writing a name even where no
            # article has that person speak: "Jokowi" then has the id of Joko Widodo.
            self._observe(Speaker(speaker_id(name), name))

    def _take_in_pending(self) -> None:
        pending, self._pending = self._pending, []
        for meeting in pending:
            self._take_in(meeting)

    def _observe(self, speaker: Speaker) -> _Form:
        unit = _unit(speaker)
        known = self._unit_form.get(unit)
        if known is not None:
            return known
        folded = fold_name(speaker.name)
        raw = _raw_id(speaker)
        form = self._forms.get(folded.key)
        if form is None:
            form = self._forms[folded.key] = _Form(folded, first_id=raw)
            for word in folded.words:
                self._by_word.setdefault(word, []).append(form)
        form.units[unit] = raw
        form.orders.add(folded.significant)
        if speaker.country and speaker.country not in self._country_names:
            self._country_names.add(speaker.country)
            self._countries.update(fold_name(speaker.country).words)
        if speaker.role:
            form.roles.add(speaker.role)
        self._unit_form[unit] = form
        return form

    def _provisional_id(self, unit: Unit) -> str:
        form = self._unit_form[unit]
        root = self._choose(unit, form)
        return (root or form).first_id

    # -- working out who is who -----------------------------------------------------------

    def _above(self, form: _Form) -> list[_Form]:
        """The forms ``form`` fits (fuller ways of writing the same name)."""
        words = form.folded.significant
        if not words:
            return []
        by_word = self._by_word
        rarest = min((by_word[word] for word in words), key=len)
        if len(rarest) == 1:
            return []  # no other name has this word
        return [
            other
            for other in rarest
            if other is not form and fits(form.folded, other.folded, other.orders)
        ]

    def _roots(self, form: _Form) -> list[_Form]:
        """The fullest forms above ``form``: each a different person it may be."""
        above = self._above(form)
        return [
            g
            for g in above
            if not any(fits(g.folded, h.folded, h.orders) for h in above if h is not g)
        ]

    def _root_of(self, form: _Form) -> _Form | None:
        """The one fullest form ``form`` leads to (itself when nothing is fuller), or None."""
        roots = self._roots(form)
        if not roots:
            return form
        return roots[0] if len(roots) == 1 else None

    def _alias_roots(self, form: _Form) -> list[_Form]:
        """The people the texts gave this one-word name to as an alias."""
        folded = form.folded
        if len(folded.words) != 1 or folded.initials:
            return []
        (word,) = folded.words
        if word in self._countries:
            return []
        found = []
        for name in sorted(self._aliases.get(word, ())):
            target = self._forms.get(fold_name(name).key)
            root = self._root_of(target) if target is not None else None
            if root is not None and root is not form:
                found.append(root)
        return found

    def _candidates(self, form: _Form) -> list[_Form]:
        """The different people ``form`` may be a shorter way of writing, or an alias of."""
        found = {id(root): root for root in (*self._roots(form), *self._alias_roots(form))}
        return list(found.values())

    def _choose(
        self, unit: Unit, form: _Form, candidates: list[_Form] | None = None
    ) -> _Form | None:
        """The fuller form ``unit`` joins, or None (it is the fullest, or it is ambiguous)."""
        roots = self._candidates(form) if candidates is None else candidates
        if not roots:
            return None
        _, role, country = unit
        if country:
            # A country rules a candidate out when most of the candidate's meetings give it
            # another, and so do most of those of this way of writing the name (the country
            # a reading gives a speaker is now and then the other side's: one meeting's alone
            # decides nothing).
            mostly = form.country
            roots = [
                r for r in roots if None in (r.country, mostly) or r.country in (country, mostly)
            ]
        if role:
            # A role none of a candidate's roles may be rules it out ("President Kadyrov" of
            # 2001 is not "Head of the Republic Ramzan Kadyrov").
            roots = [r for r in roots if not r.roles or any(roles_agree(role, x) for x in r.roles)]
        if len(roots) > 1:
            # Between several, a candidate the same country or role is known of wins over
            # one of whom nothing is known ("Biden", President: Joseph Biden, President, not
            # a "Biden-Harris Administration" that reading took for a person).
            for known in (
                [r for r in roots if country and country in r.countries],
                [r for r in roots if role and any(roles_agree(role, x) for x in r.roles)],
            ):
                if known:
                    roots = known
        return roots[0] if len(roots) == 1 else None

    def resolve(self) -> dict[Unit, str]:
        """Every speaker seen -> the id of the person they are."""
        ids: dict[Unit, str] = {}
        best: dict[int, str] = {}
        for form in self._forms.values():
            candidates = self._candidates(form)
            for unit in form.units:
                root = self._choose(unit, form, candidates) or form
                key = id(root)
                if key not in best:
                    best[key] = root.best_id()
                ids[unit] = best[key]
        return ids

    # -- renaming -------------------------------------------------------------------------

    def plan(self, *, same_corpus: bool = False) -> Plan:
        """What to rename in which meeting for every speaker to have their person's id.

        ``same_corpus``: the meetings are those the ``known`` ids were worked out for (the
        stored search index made with them matched them): when every speaker was known,
        they are the answer, and nothing is worked out again.
        """
        if same_corpus and self._pending and not self._unit_form:
            final = {unit: self._known[unit] for unit in self._provisional}
        else:
            self._take_in_pending()
            final = self.resolve()
        self._final = final
        given = self._provisional
        # A meeting whose speakers all keep the ids they were given needs nothing.
        moved = {unit for unit, sid in final.items() if given.get(unit) != sid}
        plan: Plan = []
        if not moved:
            return plan
        for meeting in self._meetings:
            units = self._units(meeting)
            if moved.isdisjoint(units):
                continue
            renames = self._renames(meeting, units, final)
            if renames:
                plan.append((meeting, renames))
        return plan

    def ids_in(self, meeting: Meeting) -> list[str]:
        """The id of each speaker of ``meeting`` (one it was given), as the last :meth:`plan`
        worked them out: two speakers of the meeting never have one."""
        renames = self._renames(meeting, self._units(meeting), self._final)
        return [renames.get(speaker.id, speaker.id) for speaker in meeting.speakers]

    def final_ids(self) -> dict[Unit, str]:
        """Every speaker -> their person's id, as the last :meth:`plan` worked it out (what
        the next start over the same corpus may take as ``known``)."""
        return dict(self._final)

    def _renames(self, meeting: Meeting, units: list[Unit], ids: dict[Unit, str]) -> Renames:
        """What to rename in ``meeting`` for its speakers to have ``ids``, never giving two
        of them one id: the fuller name (more words) keeps the person's id, the other its
        own."""
        speakers = meeting.speakers
        wanted = [ids.get(unit, speaker.id) for unit, speaker in zip(units, speakers, strict=True)]
        if all(w is s.id or w == s.id for w, s in zip(wanted, speakers, strict=True)):
            return {}  # the usual case: nothing to do
        if len(set(wanted)) == len(wanted):
            return {s.id: w for s, w in zip(speakers, wanted, strict=True) if s.id != w}
        order = sorted(range(len(speakers)), key=lambda i: (-len(fold_name(units[i][0]).words), i))
        taken: set[str] = set()
        renames: Renames = {}
        for index in order:
            speaker, want = speakers[index], wanted[index]
            if want in taken:
                want = _raw_id(speaker)
            if want in taken:
                want = speaker.id
            taken.add(want)
            if want != speaker.id:
                renames[speaker.id] = want
        return renames

    def apply(self, plan: Plan) -> list[Meeting]:
        """Carry out :meth:`plan`'s renames; the meetings changed."""
        for meeting, renames in plan:
            self._rename(meeting, renames)
        return [meeting for meeting, _ in plan]

    def _rename(self, meeting: Meeting, renames: Renames) -> None:
        speakers = []
        for speaker in meeting.speakers:
            new = renames.get(speaker.id)
            if new is not None:
                key = (new, _unit(speaker))
                made = self._speakers.get(key)
                if made is None:
                    made = self._speakers[key] = replace(speaker, id=new)
                speaker = made
            speakers.append(speaker)
        meeting.speakers = speakers
        rename_sentences(meeting.sentences, renames)


def rename_sentences(sentences: Sequence[Sentence], renames: Renames) -> None:
    """Give the sentences of these speakers their new ids (cached sentences stay packed)."""
    packed = getattr(sentences, "rename_speakers", None)
    if packed is not None:
        packed(renames)
        return
    for sentence in sentences:
        speaker = sentence.speaker
        if speaker is not None and speaker in renames:
            sentence.speaker = renames[speaker]


def apply(meetings: Iterable[Meeting]) -> list[Meeting]:
    """One person, one id across ``meetings`` (all of them at once); the meetings changed."""
    registry = Registry()
    for meeting in meetings:
        registry.add(meeting, assign=False)
    return registry.apply(registry.plan())


def _unit(speaker: Speaker) -> Unit:
    return (speaker.name, speaker.role, speaker.country)


def _raw_id(speaker: Speaker) -> str:
    """The id reading gives this name (not the one identity may have given it since)."""
    return speaker_id(speaker.name)
