"""Deciding a sentence from its pairs, and the rules for sentences without one: a speaker's
run goes on, a pronoun finds its person, narration and joint runs.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from dipreader.core.model import Kind, Sentence
from dipreader.core.reading.cast import Cast, Person
from dipreader.core.reading.furniture import MEETING_DID, NARRATIVE, PASSIVE_JOINT, PASSIVE_TALK
from dipreader.core.reading.grammar import (
    BACKGROUND_YEAR,
    IN_VIEW,
    JOINT,
    NARRATION,
    SEX_AFTER,
    STATEMENT,
    country_only,
)
from dipreader.core.reading.lexicon import FEMALE, MALE
from dipreader.core.reading.name_runs import analyse
from dipreader.core.reading.pairs import Article
from dipreader.core.reading.scan import Pair
from dipreader.core.reading.verbs import AND_THEN, DONE_TOGETHER, PURPOSE


class ReaderState:
    """What a reader keeps in mind from sentence to sentence."""

    def __init__(self) -> None:
        self.run: Person | None = None
        self.run_joint = False
        self.run_paragraph = -1
        self.last_subject: Person | None = None
        self.last_spoke: dict[int, int] = {}  # id(person) -> sentence index


def decide(
    article: Article, pairs: list[Pair], state: ReaderState
) -> tuple[Kind | None, Person | None]:
    """The kind and speaker of a sentence from its subject-verb pairs; None when it has none."""
    if not pairs:
        return None, None
    scored = []
    for pair in pairs:
        item = (pair, *_who(article, pair, state))
        scored.append(item)
        if pair.verb_kind == "meet" and item[1] == "person" and item[2] is not None:
            # ``X spoke with Y, during which he congratulated ...``: he is X.
            state.last_subject = item[2]
    if len(scored) == 1:
        pool = scored
    else:
        speech = [item for item in scored if item[0].verb_kind != "meet" or item[1] == "joint"]
        pool = speech or scored
    chosen = None
    for item in pool:
        if item[0].after_quote and item[1] != "other":
            chosen = item
            break
    if chosen is None:
        for item in reversed(pool):
            if item[0].tail and item[1] != "other" and not item[0].embedded:
                chosen = item
                break
    if chosen is None:
        for item in pool:
            if not item[0].embedded and item[1] != "other":
                chosen = item
                break
    if chosen is None:
        for item in pool:
            if item[1] == "other" and not item[0].embedded:
                # ``A spokesperson said Blinken had raised ...``: the main clause is someone
                # outside the meeting; what they report is the narrator's.
                return NARRATION, None
            if item[1] != "other":
                chosen = item
                break
    if chosen is None:
        return NARRATION, None
    pair, who, person = chosen
    if (
        pair.verb_kind == "meet"
        and who == "joint"
        and pair.verb not in DONE_TOGETHER
        and not AND_THEN.match(article.norm, pair.end, article.sentence_end(pair.end))
    ):
        return NARRATION, None  # ``X and Y met in Geneva``: the meeting itself
    if pair.verb_kind == "meet" and who != "joint":
        if person is not None:
            state.last_subject = person
            # ``X spoke with Y to congratulate him``, ``X met Y, saying ...``: X's words.
            if PURPOSE.match(article.norm, pair.end, article.sentence_end(pair.end)):
                return STATEMENT, person
        return NARRATION, None
    if who == "joint":
        return JOINT, None
    if person is None:
        return None, None
    return STATEMENT, person


def _who(article: Article, pair: Pair, state: ReaderState) -> tuple[str, Person | None]:
    people: list[Person] = []
    joint = False
    other = False
    for ref in pair.refs:
        kind, found = article.resolve(ref, create=pair.verb_kind == "speech")
        if kind == "pron":
            low = ref.group(0).lower()
            sex = FEMALE if low == "she" else MALE
            person = _pronoun(sex, pair.switch, article.cast, state)
            if person is None:
                return "other", None
            return "person", person
        if kind == "joint":
            joint = True
        elif kind == "person":
            if _is_counterpart(ref) and found[0] in (state.run, state.last_subject):
                found = _other_than(article.cast, found[0]) or found
        else:
            other = True
        for someone in found:  # one or two people: a loop, not a generator
            if someone not in people:
                people.append(someone)
    if joint or len(people) >= 2:
        return "joint", None
    if len(people) == 1 and not other:
        person = people[0]
        if person.sex is None:
            near = SEX_AFTER.match(article.norm, pair.end)
            if near is not None:
                person.sex = MALE if near.group("p") in ("he", "his") else FEMALE
        return "person", person
    return "other", None


def _is_counterpart(ref: re.Match[str]) -> bool:
    noun = ref.group("noun") or ""
    return ref.group("poss") is not None or noun.lower() == "counterpart"


def _other_than(cast: Cast, person: Person) -> tuple[Person, ...]:
    """``his counterpart``: the one other participant, when there is exactly one."""
    others = [p for p in cast.people if p is not person and (p.met or p.spoke)]
    return (others[0],) if len(others) == 1 else ()


def _pronoun(sex: str | None, switch: bool, cast: Cast, state: ReaderState) -> Person | None:
    """``he``/``she``: the current speaker when they fit, else the last one who fits.

    Readouts mark women (``Ms.``, ``her part``, ``she``); a person of unknown sex is taken to
    fit ``he`` and to fit ``she`` only when no known woman is present.
    """
    active = [p for p in cast.people if p.met or p.spoke] or list(cast.people)
    if sex == FEMALE:
        fits = [p for p in active if p.sex == FEMALE] or [p for p in active if p.sex is None]
    else:
        fits = [p for p in active if p.sex != FEMALE]
    run = state.run or state.last_subject
    if switch:
        others = [p for p in fits if p is not run]
        if others:
            return max(others, key=lambda p: (state.last_spoke.get(id(p), -1), -p.first))
    if run is not None and run in fits:
        chosen: Person | None = run
    elif fits:
        chosen = max(fits, key=lambda p: (state.last_spoke.get(id(p), -1), -p.first))
    else:
        chosen = run
    if chosen is not None and chosen.sex is None and sex is not None:
        chosen.sex = sex
    return chosen


def _in_view(article: Article, chunk: str) -> Person | None:
    """``In Mr Putin's opinion, ...``: the one whose opinion it is."""
    match = IN_VIEW.match(chunk)
    if match is None:
        return None
    for name, role, country, _sex in analyse(match.group("who")):
        if name:
            return article.cast.lookup(name)
        if role:
            return article.cast.by_role(role.lower(), country)
    return None


def continuation(
    article: Article, chunk: str, sentence: Sentence, state: ReaderState
) -> tuple[Kind, Person | None]:
    if chunk.startswith(("In ", " In ")):
        viewer = _in_view(article, chunk)
        if viewer is not None:
            return STATEMENT, viewer
    if chunk.startswith("According to "):
        ref = article.ref_at(sentence.start + 13)
        if ref is not None and ref.group("pron") is None and ref.group("joint") is None:
            who, people = article.resolve(ref, create=False)
            if who == "person" and not country_only(ref):
                return STATEMENT, people[0]  # ``According to Wang, ...``
    if MEETING_DID.match(chunk):
        return JOINT, None  # ``The meeting discussed ...``: both sides did
    if NARRATIVE.match(chunk):
        return NARRATION, None
    # The passive needs ``was`` or ``were`` (``Views were exchanged``): most sentences lack both.
    if (" was " in chunk or " were " in chunk) and (
        PASSIVE_JOINT.match(chunk) or PASSIVE_TALK.search(chunk)
    ):
        return JOINT, None
    # A participant as the subject of something other than speech is the narrator's.
    index = bisect_left(article.candidates, sentence.start)
    for position in article.candidates[index : index + 2]:
        if position - sentence.start > 40:
            break
        lead = article.norm[sentence.start : position]
        if lead.strip(' "') and not lead.rstrip().endswith(","):
            continue
        ref = article.ref_at(position)
        if ref is None or ref.group("pron") is not None or ref.group("joint") is not None:
            continue
        if (ref.group("noun") or "").lower() == "side":
            continue  # ``The Russian side is ready to ...``: a side states, it does not act
        if ref.group("cap") is not None and not any(
            n or r for n, r, _c, _s in analyse(ref.group(0))
        ):
            continue  # ``South Korea has ...``: a country, said by the current speaker
        who, people = article.resolve(ref, create=False)
        if who == "joint" and article.collective:
            return JOINT, None  # ``We are concerned ...`` in a statement of several
        if who == "person" and article.solo is not None and people[0] is article.solo:
            return STATEMENT, article.solo  # ``We welcome ...`` in the author's statement
        if who in ("person", "joint"):
            return NARRATION, None
    if state.run is not None and (
        sentence.paragraph == state.run_paragraph
        or not (article.wire or _background_year(chunk) or article.unknown_speaker(sentence))
    ):
        return STATEMENT, state.run
    if state.run_joint and (state.run_paragraph == sentence.paragraph or article.collective):
        return JOINT, None
    if article.solo is not None:
        return STATEMENT, article.solo  # a statement's every sentence is its author's
    return NARRATION, None


def _background_year(chunk: str) -> bool:
    # The year's first two digits first: the pattern, which opens with ``\b``, is tried at
    # every position of the sentence.
    return ("19" in chunk or "20" in chunk) and BACKGROUND_YEAR.search(chunk) is not None


def forward_quote(
    article: Article, all_pairs: list[list[Pair]], index: int, state: ReaderState
) -> tuple[Person, list[int]] | None:
    sentences = article.sentences
    sentence = sentences[index]
    q_end = -1
    first = bisect_left(article.quote_starts, sentence.start)
    for q_start, end in article.quotes[first : first + 8]:
        if q_start >= sentence.end:
            break
        if sentence.end < end:
            q_end = end
            break
    if q_end < 0:
        return None
    between: list[int] = []
    for later in range(index + 1, min(len(sentences), index + 8)):
        other = sentences[later]
        if other.paragraph != sentence.paragraph:
            return None
        if other.start <= q_end <= other.end:
            for pair in all_pairs[later]:
                if pair.after_quote:
                    who, person = _who(article, pair, state)
                    if who == "person" and person is not None:
                        return person, between
            return None
        between.append(later)
    return None
