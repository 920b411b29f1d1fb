"""Mentions of people: a run of capitalised words with a role, an honorific, or a role beside
it (an appositive, a lower-case role before it).
"""

from __future__ import annotations

import re

from dipreader.core.reading.cast import Mention
from dipreader.core.reading.countries import ROLE_LAST_WORDS, country_of
from dipreader.core.reading.lexicon import FEMALE, LOWER_ROLE_LAST, MALE, STYLES
from dipreader.core.reading.name_runs import CAPSEQ, CAPSEQ_LAST, TOKEN, analyse, named_parts

# Lower-case roles before a name in wire style: ``Indonesia's foreign minister Retno Marsudi``.
_LOWER_ROLE_BEFORE = re.compile(
    rf"(?:(?P<adj>(?:{TOKEN}[ ]+){{1,3}})|(?:his|her|their)[ ]+(?P<adj2>(?:{TOKEN}[ ]+){{0,3}}))?"
    r"(?P<role>(?:(?:top|chief|foreign|prime|defen[cs]e|deputy|vice|senior|external affairs|"
    r"state|national security|trade|finance)[ ]+)*(?:diplomat|minister|president|secretary|"
    r"premier|chancellor|counterpart|envoy|adviser|advisor|spokesperson|spokesman|spokeswoman|"
    r"leader|ambassador|councillor|councilor))(?:,)?[ ]+$"
)
# Only the run's greedy end can be the comma's (a run holds no comma), so CAPSEQ_LAST, which
# never gives back, finds what CAPSEQ did without trying every shorter end of every run.
_ROLE_BEFORE_COMMA = re.compile(rf"(?:^|(?<=[ \n]))(?:[Tt]he[ ]+)?(?P<role>{CAPSEQ_LAST}),[ ]+$")
# ``Wang Yi, Director of the Office ...,`` and ``Antony Blinken, the U.S. Secretary of State,``
_APPOSITIVE = re.compile(rf",[ ]+(?:the[ ]+)?(?P<role>{CAPSEQ})(?=[ ]*(?:[,.;:)]|and\b|$))")
# Wire style: ``Wang Yi, a member of the Political Bureau ... and Chinese foreign minister,``.
_LOWER_APPOSITIVE = re.compile(
    r",[ ]+(?:a|an|the)[ ]+[^,;.\"]{0,160}?(?:\b(?P<adj>[A-Z][\w'-]+)[ ]+)?"
    r"(?P<role>(?:foreign|prime|defen[cs]e|deputy|vice|state|external[ ]+affairs)[ ]+minister|"
    r"foreign[ ]+secretary|secretary[ ]+of[ ]+state|vice[ ]+president|president|premier|"
    r"chancellor|ambassador|envoy)[ ]*(?=[,.;])"
)


def find_mentions(norm: str, runs: list[tuple[int, int, str]], floor: int) -> list[Mention]:
    """Every mention of a person with a role, an honorific or a role beside the name."""
    mentions: list[Mention] = []
    for start, end, seq in runs:
        if len(seq) < 3:
            continue
        for name, role, country, sex in named_parts(seq):
            titled = role is not None or sex is not None
            if role is not None and role.lower() in STYLES:
                # ``the Foreign Minister of Saudi Arabia, Prince Faisal``: the office is the role.
                extra = _context_role(norm, start, end, floor)
                if extra is not None and extra[0] is not None:
                    role, country = extra[0], country or extra[1]
            if role is None and sex is not None:
                # ``Ms. Kamikawa Yoko, Minister for Foreign Affairs of Japan,``
                extra = _context_role(norm, start, end, floor)
                if extra is not None and extra[0] is not None:
                    role, country = extra[0], country or extra[1]
            if not titled:
                extra = _context_role(norm, start, end, floor)
                if extra is None:
                    continue  # a bare name is a person only once it speaks or is met
                role, country, sex = extra
                titled = True
            mentions.append(Mention(start, end, name, role, country, sex, titled))
    return mentions


def _role_ends(norm: str, floor: int, end: int) -> bool:
    """Whether ``norm[:end]`` ends with the last word (or two: ``Saudi Arabia``) of a role."""
    space = norm.rfind(" ", floor, end)
    if norm[(space + 1 if space + 1 > end - 24 else end - 24) : end].lower() in ROLE_LAST_WORDS:
        return True
    before = norm.rfind(" ", floor, space) if space > floor else -1
    return before >= 0 and norm[before + 1 : end].lower() in ROLE_LAST_WORDS


def _context_role(
    norm: str, start: int, end: int, floor: int
) -> tuple[str | None, str | None, str | None] | None:
    """Role, country and sex given beside a bare name: an appositive or a lower-case role."""
    sex: str | None = None
    tail = norm[end : end + 16]
    head = norm[(floor if floor > start - 12 else start - 12) : start]
    # Whether ``, `` ends at the name (in the window): told by two characters, and the tests
    # of what ends there asked only then.
    comma_before = start - 2 >= floor and norm[start - 1] == " " and norm[start - 2] == ","
    # ``for his part`` / ``for her part``: both tests need the word ``part``.
    if "part" in tail or (comma_before and head.endswith("part, ")):
        if "his part" in tail or (comma_before and head.endswith("his part, ")):
            sex = MALE
        elif "her part" in tail or (comma_before and head.endswith("her part, ")):
            sex = FEMALE
    if tail and tail[0] == "," and tail.startswith(", "):
        appositive = _APPOSITIVE.match(norm, end)
        if appositive is not None:
            parts = analyse(appositive.group("role"))
            if len(parts) == 1 and not parts[0][0] and parts[0][1]:
                return parts[0][1], parts[0][2], sex or parts[0][3]
        if tail.startswith((", a ", ", an ", ", the ")):
            lower = _LOWER_APPOSITIVE.match(norm, end)
            if lower is not None:
                role = lower.group("role")
                country = country_of(lower.group("adj")) if lower.group("adj") else None
                return role[0].upper() + role[1:], country, sex
    if comma_before and _role_ends(norm, floor, start - 2):
        # ``The Foreign Secretary, David Cameron, met ...``: the role stands before the name.
        before = _ROLE_BEFORE_COMMA.search(norm, floor if floor > start - 80 else start - 80, start)
        if before is not None:
            # ``between the President of the Republic and the President of Brazil, Lula``:
            # only the last role is this name's.
            parts = analyse(before.group("role").rsplit(" and the ", 1)[-1])
            if len(parts) == 1 and not parts[0][0] and parts[0][1]:
                return parts[0][1], parts[0][2], sex or parts[0][3]
    chunk = norm[(floor if floor > start - 20 else start - 20) : start].rstrip(" ,")
    before_word = chunk[chunk.rfind(" ") + 1 :]
    if before_word.lower() in LOWER_ROLE_LAST:
        before = _LOWER_ROLE_BEFORE.search(norm, floor if floor > start - 80 else start - 80, start)
        if before is not None and before.end() == start:
            adj = (before.group("adj") or before.group("adj2") or "").strip()
            country = None
            if adj:
                for _name, _role, found, _sex in analyse(adj):
                    country = country or found
            role = before.group("role")
            if role.endswith("counterpart"):
                return None, country, sex
            return role[0].upper() + role[1:], country, sex
    if sex:
        return None, None, sex
    return None
