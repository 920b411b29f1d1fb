"""What a reference points at: a person of the cast, both sides, or someone outside the
meeting; who is in the meeting (met, or the subject of a meeting verb); an author's byline.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from dipreader.core.reading.cast import Mention, Person
from dipreader.core.reading.countries import country_of
from dipreader.core.reading.grammar import AFTER_SINGLE_NAME
from dipreader.core.reading.name_runs import analyse, looks_like_name
from dipreader.core.reading.scan import ArticleScan, Pair


class References(ArticleScan):
    """What the references of an article point at (see the module)."""

    def _is_person(self, ref: re.Match[str]) -> bool:
        kind, _people = self.resolve(ref, create=False)
        return kind in ("person", "joint")

    # -- resolution ----------------------------------------------------------------------------

    def resolve(self, ref: re.Match[str], create: bool) -> tuple[str, tuple[Person, ...]]:
        """What a reference points at: ``person``/``joint`` with people, ``pron``, or ``other``."""
        # Cached until someone new joins the cast; creating only matters when nobody is found.
        # By the words (``Wang`` comes back often), until someone new joins the cast.
        key = (ref.group(0), len(self.cast.people))
        cached = self._resolved.get(key)
        if cached is None or (create and not cached[0] and cached[1][0] == "other"):
            result = self._resolve(ref, create)
            self._resolved[(ref.group(0), len(self.cast.people))] = (create, result)
            return result
        return cached[1]

    def _resolve(self, ref: re.Match[str], create: bool) -> tuple[str, tuple[Person, ...]]:
        cast = self.cast
        if ref.group("joint") is not None:
            return "joint", ()
        if ref.group("pron") is not None:
            return "pron", ()
        if ref.group("nom") is not None or ref.group("poss") is not None:
            is_nom = ref.group("nom") is not None
            adj = (ref.group("nadj") if is_nom else ref.group("padj")) or ""
            noun = (ref.group("noun") or "counterpart") if is_nom else "counterpart"
            bare_noun = " ".join(noun.lower().split())
            country = None
            if is_nom and ref.group("nof"):
                country = country_of(ref.group("nof").strip()[3:].removeprefix("the ").strip())
                if country is None:
                    noun = f"{noun} {ref.group('nof').strip()}"  # ``President of the Republic``
            if is_nom and ref.group("npos"):
                country = country_of(ref.group("npos"))  # ``China's top diplomat``
            if adj.strip():
                for _name, _role, found, _sex in analyse(adj.strip()):
                    country = country or found
                if country is None and noun.lower() in ("side", "counterpart"):
                    return "other", ()
                if country is None and adj.strip().lower() not in ("visiting", "host", "other"):
                    noun = adj.strip() + " " + noun  # ``The Foreign Minister``
            noun = " ".join(noun.lower().split())
            if noun == "eam":
                noun = "external affairs minister"
            nominal = cast.by_role(noun, country)
            if nominal is None and " of " in noun:
                nominal = cast.by_role(noun.split(" of ")[0], country)
            if nominal is None and noun != bare_noun and bare_noun not in ("side", "counterpart"):
                nominal = cast.by_role(bare_noun, country)  # ``The acting president``
            return ("person", (nominal,)) if nominal is not None else ("other", ())
        parts = analyse(ref.group(0))
        if not parts:
            if ref.group(0) == "I":
                author = self._author()
                return ("person", (author,)) if author is not None else ("other", ())
            if ref.group(0) == "We" and self.collective:
                return "joint", ()
            if ref.group(0) == "We" and self.solo is not None:
                return "person", (self.solo,)  # the author's government
            if ref.group(0) == "We" and self._author() is not None:
                return "joint", ()  # the author and the one they met
            # ``His Highness stressed ...``: the one person the text gave that style to.
            styled = self._styled(ref.group(0))
            if styled is not None:
                return "person", (styled,)
        if len(parts) >= 2 and all(c and not (n or r) for n, r, c, _s in parts):
            # ``Russia and Moldova agreed``: the two sides, named by their countries.
            present = sum(1 for p in cast.people if p.met or p.spoke)
            if present >= 2 or not cast.people:
                return "joint", ()
        people: list[Person] = []
        other = False
        for name, role, country, sex in parts:
            person: Person | None = None
            if name:
                person = cast.lookup(name)
                if person is None and create and len(name) >= 2 and looks_like_name(name):
                    person = cast.add(
                        Mention(ref.start(), ref.end(), name, role, country, sex, role is not None)
                    )
            elif role:
                head = role.split(" of ")[0].lower()
                if head in ("eam",):
                    head = "external affairs minister"
                if head != role.lower():
                    # ``The President of the Republic``: the whole role first, then its head.
                    person = cast.by_role(role.lower(), country)
                if person is None:
                    person = cast.by_role(head, country)
            elif country:
                person = cast.by_role(None, country)
            if person is None:
                other = True
            elif person not in people:
                people.append(person)
        if len(people) >= 2:
            return "joint", tuple(people)
        if len(people) == 1 and not (other and len(parts) > 1):
            return "person", (people[0],)
        return "other", ()

    def _single_name(self, ref: re.Match[str]) -> Person | None:
        if ref.group("cap") is None:
            return None
        parts = analyse(ref.group(0))
        if len(parts) != 1:
            return None
        # Not unpacked into ``role`` and ``country``: mypyc would type them None past the test.
        name, no_role, no_country, sex = parts[0]
        if len(name) != 1 or no_role is not None or no_country is not None:
            return None
        if not looks_like_name(name):
            return None
        after = self.norm[ref.end() : ref.end() + 8]
        if not (after[:1] in ("", ".", ",", ";") or after.startswith(AFTER_SINGLE_NAME)):
            return None  # ``talks with Tianjin officials``: a place or a body, not a person
        return self.cast.add(Mention(ref.start(), ref.end(), name, None, None, sex, False))

    def _author(self) -> Person | None:
        """Who ``I`` is in a minister's own media release: the one person named in the
        signature, the one-line paragraphs that end the text, or in a byline that opens it."""
        return self._signature() or self._byline()

    def _byline(self) -> Person | None:
        """``Antony J. Blinken, Secretary of State``: a first paragraph of one line without
        closing punctuation, naming one person."""
        sentences = [s for s in self.sentences if s.start >= self.body][:3]
        for position, sentence in enumerate(sentences):
            alone = position + 1 == len(sentences) or (
                sentences[position + 1].paragraph != sentence.paragraph
            )
            chunk = self.norm[sentence.start : sentence.end].rstrip()
            if not alone or not chunk or chunk[-1] in ".!?\"':;" or chunk.count(" ") > 10:
                continue
            named = [
                p
                for p in self.cast.people
                if any(sentence.start <= at < sentence.end for at in p.mentions)
            ]
            if len(named) == 1 and "," in chunk and named[0].role is not None:
                self.byline_end = sentence.end
                return named[0]
            if not named and "," in chunk:
                who, _comma, office = chunk.partition(",")
                parts = analyse(who.strip())
                offices = analyse(office.strip())
                if (
                    len(parts) == 1
                    and len(parts[0][0]) >= 2
                    and looks_like_name(parts[0][0])
                    and len(offices) == 1
                    and not offices[0][0]
                    and offices[0][1]
                ):
                    name, _role, country, sex = parts[0]
                    role = offices[0][1]
                    at = sentence.start
                    self.byline_end = sentence.end
                    return self.cast.add(Mention(at, at + len(who), name, role, country, sex, True))
        return None

    def _signature(self) -> Person | None:
        sentences = self.sentences
        index = len(sentences)
        while index > 0:
            chunk = self.norm[sentences[index - 1].start : sentences[index - 1].end].rstrip()
            if not chunk or chunk[-1] in ".!?\"'" or chunk.count(" ") > 8:
                break
            index -= 1
        if index == len(sentences):
            return None
        start = sentences[index].start
        signed = [p for p in self.cast.people if any(at >= start for at in p.mentions)]
        return signed[0] if len(signed) == 1 else None

    def _styled(self, phrase: str) -> Person | None:
        """The one participant written with ``phrase`` (``His Highness``) before their name."""
        if not phrase.startswith(("His ", "Her ")):
            return None
        found = [
            person
            for person in self.cast.people
            if any(
                phrase in self.norm[max(0, at - 30) : at + len(phrase)] for at in person.mentions
            )
        ]
        return found[0] if len(found) == 1 else None

    def mark_meetings(self, all_pairs: list[list[Pair]]) -> None:
        """People who meet or are met are in the meeting even if they say nothing."""
        for pairs in all_pairs:
            for pair in pairs:
                if pair.verb_kind != "meet":
                    continue
                hosts: list[Person] = []
                for ref in pair.refs:
                    _kind, people = self.resolve(ref, create=True)
                    for person in people:
                        person.met = True
                        person.hosts = person.hosts or len(people) == 1
                        hosts.append(person)
                # ``Putin spoke with the President of Tajikistan``: not Putin himself.
                self.cast.excluded = hosts
                try:
                    self._mark_object(pair.end)
                finally:
                    self.cast.excluded = []
        # ``the meeting with the Federal Chancellor of Germany``: an office met is someone who
        # holds it, not whoever the text named without an office.
        self.cast.by_office_only = True
        try:
            for _start, v_end, _key, kind in self.verbs:
                if kind == "object":
                    self._mark_object(v_end)
        finally:
            self.cast.by_office_only = False

    def _mark_object(self, at: int) -> None:
        index = bisect_left(self.candidates, at)
        for position in self.candidates[index : index + 5]:
            if position - at > 90:
                break
            gap = self.norm[at:position]
            if ". " in gap or ";" in gap:
                break
            if gap.endswith((" in ", " at ")):
                continue  # ``a meeting between the two in San Francisco``: a place
            ref = self.ref_at(position)
            if ref is None:
                continue
            if ref.group("cap") is None and ref.group("poss") is None and ref.group("nom") is None:
                continue
            kind, people = self.resolve(ref, create=ref.group("cap") is not None)
            if kind == "other" and (
                gap.strip() == "with" or (gap == " " and self.norm.endswith("with", 0, at))
            ):
                # ``held talks with Lula``: one name, straight after ``with``, is a person.
                single = self._single_name(ref)
                if single is not None:
                    kind, people = "person", (single,)
            if kind in ("person", "joint"):
                for person in people:
                    person.met = True
                if "," in self.norm[ref.end() : ref.end() + 2] or kind == "joint":
                    continue
                if self.norm.startswith(" and ", ref.end()):
                    continue
                return
