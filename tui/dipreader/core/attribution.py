"""Who says each sentence: one participant, both or all sides together, or the narrator.

The rules are the labelling guide of DESIGN §3, read as a small grammar of readouts:

* a *reference* (a name, ``the Chinese top diplomat``, ``Seoul``, ``he``, ``the two sides``)
  followed by a speech verb (``said``, ``on his part, expressed``) attributes the sentence;
  an attribution right after a closing quote or at the end of the sentence wins over one at
  the start, and one inside a ``that`` clause or a quotation loses to the main clause;
* a sentence with no attribution continues the current speaker's run until a joint or
  narrative sentence, and is narration when there is no run;
* a transcript's speaker label gives its paragraph and the following ones to that speaker.

Everything runs on a normalised copy of the text (see ``participants.NORMALIZE``) so that
offsets stay those of the original.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from dipreader.core.model import Kind, Meeting, Sentence, Speaker
from dipreader.core.participants import (
    CAPSEQ,
    FEMALE,
    MALE,
    NORMALIZE,
    TOKEN,
    Cast,
    Mention,
    Person,
    analyse,
    find_mentions,
    looks_like_name,
)

# --- verbs -----------------------------------------------------------------------------------
_SPEECH_VERBS = """
said says say told tells noted notes stressed stresses pointed out points out expressed
expresses added adds called calls hoped hopes reiterated reiterates emphasized emphasised
emphasizes emphasises urged urges agreed agrees agree welcomed welcomes proposed proposes
believed believes stated states remarked underscored underscores underlined underlines
highlighted highlights affirmed affirms reaffirmed reaffirms conveyed conveys thanked thanks
congratulated invited appreciated appreciates acknowledged acknowledges asserted argued
explained mentioned recalled raised briefed informed outlined shared suggested recommended
encouraged condemned warned cautioned insisted maintained observed commended praised lauded
announced confirmed indicated offered pledged promised vowed assured requested asked demanded
looked forward looks forward is looking forward was looking forward described voiced extended
accepted declared hailed discussed discusses reviewed regretted rejected opposed supported
backed sought wished wishes characterized characterised laid out made clear made it clear
put forward spelled out set out elaborated touched on touched upon replied responded answered
countered denied admitted recognized recognised restated deplored objected pressed appealed
reassured concurred considered expected wants wanted spoke of spoke about spoke highly
went on continued exchanged views exchanged committed detailed presented condoled wrote
tweeted opined felt thought held that hold that holds that stands ready stood ready
expressed hope expressed his hope expressed her hope underlined noted with appreciation
echoed seconded emphasised reviewed briefed took note agreed reached consensus
"""
_MEET_VERBS = """
met meets meet met with meets with held talks held a meeting held a phone call
held a telephone call held a telephone conversation held a video call held a call
held a virtual meeting held a bilateral meeting held bilateral talks held consultations
had talks had a telephone conversation had a phone call had a meeting had a conversation
had a call had a phone conversation had a video call spoke with spoke to spoke by phone
spoke by telephone spoke over the phone spoke on the phone talked with talked by phone
received hosted visited arrived is visiting was visiting is on a visit attended travelled
traveled departed paid signed co-chaired chaired will visit will travel will meet began
concluded joined participated took part
"""


def _alternation(words: str) -> list[str]:
    phrases: list[str] = []
    for line in words.strip().splitlines():
        phrases.extend(line.split())
    return phrases


def _phrases(block: str) -> set[str]:
    """Multi-word verbs are written with single spaces in the blocks above; recover them."""
    return set(_MULTI.findall(block))


# Multi-word phrases of the blocks, recognised by their known second words.
_MULTI = re.compile(
    r"\b(?:pointed out|points out|looked forward|looks forward|is looking forward|"
    r"was looking forward|laid out|made clear|made it clear|put forward|spelled out|set out|"
    r"touched on|touched upon|spoke of|spoke about|spoke highly|went on|exchanged views|"
    r"held that|hold that|holds that|stands ready|stood ready|expressed hope|"
    r"expressed his hope|expressed her hope|noted with appreciation|took note|"
    r"reached consensus|met with|meets with|held talks|held a meeting|held a phone call|"
    r"held a telephone call|held a telephone conversation|held a video call|held a call|"
    r"held a virtual meeting|held a bilateral meeting|held bilateral talks|"
    r"held consultations|had talks|had a telephone conversation|had a phone call|"
    r"had a meeting|had a conversation|had a call|had a phone conversation|had a video call|"
    r"spoke with|spoke to|spoke by phone|spoke by telephone|spoke over the phone|"
    r"spoke on the phone|talked with|talked by phone|is visiting|was visiting|"
    r"is on a visit|will visit|will travel|will meet|took part)\b"
)


def _verb_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for block, kind in ((_SPEECH_VERBS, "speech"), (_MEET_VERBS, "meet")):
        multi = _phrases(block)
        rest = _MULTI.sub(" ", block)
        for phrase in multi:
            table[phrase] = kind
        for word in rest.split():
            table.setdefault(word, kind)
    return table


VERB_KIND: dict[str, str] = _verb_table()
_VERB_ALT = "|".join(
    re.escape(v).replace(r"\ ", "[ ]+") for v in sorted(VERB_KIND, key=len, reverse=True)
)
_ADVERBS = (
    r"(?:also|further|then|once[ ]+again|again|repeatedly|separately|in[ ]+turn|"
    r"in[ ]+particular|specifically|strongly|firmly|warmly|briefly|additionally|jointly|both|"
    r"all|has|have|had|later|earlier|first|finally|reportedly|publicly|clearly|explicitly|"
    r"particularly|especially|previously|subsequently|immediately|however|too|"
    r"(?:on|for)[ ]+(?:his|her|their|its)[ ]+part|in[ ]+response|in[ ]+reply|today|"
    r"yesterday|here|there|on[ ]+\w+day|during[ ]+the[ ]+(?:meeting|talks|call)|"
    r"at[ ]+the[ ]+(?:meeting|talks)|sincerely|highly|positively|fully|"
    r"(?:would|will|could|also)[ ]+like[ ]+to)"
)
# What follows a reference when it is the subject of a verb of speech or of meeting.
_FOLLOW = re.compile(
    r"(?:[ ]*,[^,\"\n]{1,120}?,)?(?:[ ]+|[ ]*,[ ]*)?(?:" + _ADVERBS + r"[ ]*,?[ ]+)*"
    r"(?P<verb>" + _VERB_ALT + r")\b"
)
# Verbs that make a plural subject (``the two sides``, ``they``) a joint sentence.
_JOINT_FOLLOW = re.compile(
    r"(?:[ ]*,[^,\"\n]{1,120}?,)?[ ]+(?:" + _ADVERBS + r"[ ]+)*"
    r"(?P<verb>(?:"
    + _VERB_ALT
    + r")|[a-z]+ed|agree|discuss|reaffirm|welcome|note|express|commit|underline|stress|"
    r"share|look[ ]+forward|exchange|sign|decide|vow|pledge|call|support|oppose|hope|"
    r"believe|recogni[sz]e|emphasi[sz]e|acknowledge|affirm|review|held|met|spoke|took|"
    r"gave|made|saw|had|were[ ]+(?:of[ ]+the[ ]+view|united|committed|ready|willing))\b"
)
_INVERTED = re.compile(
    r"[,\"][ ]*\"?[ ]*(?P<verb>said|added|noted|stressed|continued|emphasized|emphasised|"
    r"stated|remarked|explained|insisted|told[ ]+reporters|pointed[ ]+out|declared)"
    r"[ ]+(?=\S)"
)

# --- references ------------------------------------------------------------------------------
_PLURAL = (
    r"(?i:sides|leaders|ministers|presidents|parties|delegations|counterparts|diplomats|"
    r"heads[ ]+of[ ]+(?:state|government)|officials|secretaries|chancellors|premiers|"
    r"countries|nations|governments|two|three|four|men|women|pair|prime[ ]+ministers)"
)
_ROLE_NOUN = (
    r"(?i:top[ ]+diplomat|chief[ ]+diplomat|diplomat|side|foreign[ ]+minister|"
    r"external[ ]+affairs[ ]+minister|foreign[ ]+secretary|prime[ ]+minister|vice[ ]+president|"
    r"vice[ ]+premier|state[ ]+council+or|secretary[ ]+of[ ]+state|secretary|president|premier|"
    r"chancellor|minister|leader|counterpart|delegation|envoy|official|host|guest|emir|king|"
    r"crown[ ]+prince|prince|ambassador|spokesperson|eam)"
)
_REF = re.compile(
    r"(?P<joint>\b(?:[Tt]he|[Bb]oth|[Aa]ll)[ ]+(?:(?:two|three|four|five|six|other)[ ]+)?"
    r"(?:(?:[Ff]oreign|[Pp]rime|[Dd]efen[cs]e|[Tt]op|[A-Z][\w.'-]+)[ ]+)?" + _PLURAL + r"\b"
    r"|\b[Bb]oth\b|\b[Tt]hey\b|\b[Ii]t[ ]+was(?=[ ]+(?:agreed|decided|noted)\b))"
    r"|(?P<nom>\b[Tt]he[ ]+(?P<nadj>(?:" + TOKEN + r"[ ]+){1,3}|(?:visiting|host|other)[ ]+)?"
    r"(?P<noun>" + _ROLE_NOUN + r")\b)"
    r"|(?P<pron>\b(?:[Hh]e|[Ss]he)\b)"
    r"|(?P<poss>\b(?:[Hh]is|[Hh]er)[ ]+(?P<padj>(?:" + TOKEN + r"[ ]+){0,3})counterparts?\b)"
    r"|(?P<cap>" + CAPSEQ + r")"
)
_AND = re.compile(r"(?:[ ]*,)?[ ]+and[ ]+|[ ]*,[ ]*")
_MEET_OBJECT = re.compile(
    r"\b(?:met(?:[ ]+with)?|meets(?:[ ]+with)?|meeting[ ]+with|talks[ ]+with|call[ ]+with|"
    r"conversation[ ]+with|(?:spoke|talked)[ ]+(?:by[ ]+(?:tele)?phone[ ]+|over[ ]+the[ ]+phone[ ]+|"
    r"on[ ]+the[ ]+phone[ ]+)?(?:with|to)|received|hosted|welcomed|visit[ ]+by|"
    r"meeting[ ]+between|talks[ ]+between|consultations[ ]+with)\b"
)
_SWITCH = re.compile(
    r"(?i:\b(?:(?:for|on)[ ]+(?:his|her)[ ]+part|in[ ]+(?:response|reply|turn)|responding)\b)"
)
_SEX_AFTER = re.compile(r"[ ]+(?:that[ ]+)?(?P<p>he|she|his|her)\b")
_EMBEDDED_BEFORE = re.compile(r"(?:\bthat|\bwhich|\bwho|\bwhom|\bas|\bif|\bwhether)[ ]+$")

# --- page furniture and narrative cues --------------------------------------------------------
_TIME_LINE = re.compile(
    r"^[ ]*(?:END[ ]+)?\d{1,2}(?::\d{2})?[ ]*(?:[AaPp]\.?[ ]?[Mm]\.?)(?:[ ]+[A-Z]{2,4})?[ .]*$"
)
_FURNITURE = re.compile(
    r"^[ ]*(?:The[ ]+following[ ]+is[ ]+attributable|Readout[ ]+of\b|READOUT\b|MEDIA[ ]+NOTE|"
    r"FOR[ ]+IMMEDIATE[ ]+RELEASE|Office[ ]+of[ ]+the[ ]+Spokesperson|Press[ ]+Release|"
    r"(?:Source|Editor|Photo|Tags?|Related|Updated|Published|Posted|Reporting|Writing|"
    r"Editing|Translated|Copyright)\b[^.]{0,60}(?:[:|]|by\b)|\(?Xinhua\)?[ ]*$|END\b|"
    r"(?:\[|\()?(?:Applause|Laughter|Inaudible|Crosstalk)\b)"
)
_ELISION = re.compile(r"^[ .*#\-_=~\[\]()]*$")
_NARRATIVE = re.compile(
    r"^[ \"]*(?:(?:The|This|That|Their|His|Her)[ ]+(?:meeting|talks|call|visit|conversation|"
    r"trip|event|ceremony|forum|summit|session|consultations?|tour|exchange|dialogue|"
    r"meetings|two[ ]+countries[ ]+established|two[ ]+countries[ ]+have[ ]+had)\b|"
    r"This[ ]+(?:was|is|marks|marked)[ ]+the|It[ ]+(?:was|is)[ ]+(?:the[ ]+)?(?:first|second|"
    r"third|fourth|fifth|latest|last)|Earlier|Prior[ ]+to|Ahead[ ]+of|Following[ ]+the|"
    r"After[ ]+the[ ]+(?:meeting|talks)|Before[ ]+the[ ]+(?:meeting|talks)|Also[ ]+present|"
    r"Also[ ]+attending|Attending|Present[ ]+at|According[ ]+to|Accompanying|Later|"
    r"Last[ ]+(?:week|month|year)|Next[ ]+(?:week|month|year))\b"
)
_LABEL = re.compile(
    r"[ ]*(?P<label>(?:" + TOKEN + r")(?:[ ]+(?:" + TOKEN + r"|of|the|for|and|de|von|van|bin|al)){0,9})"
    r"[ ]*(?:\((?P<dir>[^)\n]{1,40})\)[ ]*)?:(?=[ \n]|$)"
)
_Q_LINE = re.compile(r"[ ]*(?:Q|QUESTION|Question)(?:[ ]*[:.][ ]*|[ ]{1,}(?=[A-Z\"']))")
_MODERATOR = frozenset(
    "moderator q question questioner participant audience reporter journalist staff interpreter "
    "press operator host anchor interviewer voice".split()
)

_OPENERS = "\u201c\u00ab"
_CLOSERS = "\u201d\u00bb"


@dataclass(slots=True)
class _Ref:
    start: int
    end: int
    kind: str  # joint | nom | pron | poss | cap
    group: tuple[str | None, ...]


@dataclass(slots=True)
class _Pair:
    """A reference with the verb it is the subject of."""

    ref_start: int
    verb_end: int
    verb_kind: str  # speech | meet | joint
    who: str  # "person" | "joint" | "pron" | "other"
    person: Person | None
    people: tuple[Person, ...]
    sex: str | None = None
    switch: bool = False
    embedded: bool = False
    quoted: bool = False
    after_quote: bool = False
    tail: bool = False


class _State:
    """What the reader of an article keeps in mind from sentence to sentence."""

    def __init__(self) -> None:
        self.run: Person | None = None
        self.run_joint = False
        self.run_paragraph = -1
        self.last_subject: Person | None = None
        self.last_spoke: dict[int, int] = {}  # id(person) -> sentence index


def attribute(meeting: Meeting) -> None:
    """Fill ``meeting.speakers`` and each sentence's ``kind`` and ``speaker``."""
    text = meeting.text
    norm = text.translate(NORMALIZE)
    sentences = meeting.sentences
    if not sentences:
        meeting.speakers = []
        return
    body = meeting.body_start
    end = sentences[-1].end
    cast = Cast()
    for mention in find_mentions(norm, body, end):
        cast.add(mention)
    labels = _labels(norm, sentences, body, cast)
    refs = _refs(norm, body, end)
    starts = [ref.start for ref in refs]
    quotes = _quotes(text, sentences)
    _mark_meetings(norm, refs, cast)

    state = _State()
    results: list[tuple[Kind, Person | None]] = []
    label_now: tuple[Person | None] | None = None
    pending: dict[int, Person | None] = {}
    source = meeting.source
    for index, sentence in enumerate(sentences):
        chunk = norm[sentence.start : sentence.end]
        new_paragraph = index == 0 or sentences[index - 1].paragraph != sentence.paragraph
        if sentence.start < body or (source is not None and chunk.strip() == source):
            results.append((Kind.NARRATION, None))
            continue
        if new_paragraph and index in labels:
            label_now = (labels[index],)
        if _is_furniture(chunk, sentence, sentences, index, index in labels):
            results.append((Kind.NARRATION, None))
            state.run = None
            state.run_joint = False
            continue
        if label_now is not None:
            who = label_now[0]
            results.append((Kind.STATEMENT, who) if who else (Kind.NARRATION, None))
            if who is not None:
                who.spoke = True
            continue
        if index in pending:
            who = pending.pop(index)
            results.append((Kind.STATEMENT, who) if who else (Kind.NARRATION, None))
            continue
        lo = bisect_right(starts, sentence.start - 1)
        hi = bisect_right(starts, sentence.end - 1)
        kind, who = _sentence(
            norm, sentence, refs[lo:hi], quotes, cast, state, index, new_paragraph
        )
        if kind is None:
            # A quotation that runs on into later sentences: their attribution is its own.
            ahead = _forward_quote(norm, sentences, index, quotes, refs, starts, cast, state)
            if ahead is not None:
                kind, who = Kind.STATEMENT, ahead
            else:
                kind, who = _continuation(chunk, norm, sentence, refs[lo:hi], cast, state)
        results.append((kind, who))
        if kind == Kind.STATEMENT and who is not None:
            who.spoke = True
            state.run, state.run_joint = who, False
            state.last_subject = who
            state.last_spoke[id(who)] = index
        elif kind == Kind.JOINT:
            state.run, state.run_joint = None, True
            state.run_paragraph = sentence.paragraph
        else:
            state.run, state.run_joint = None, False

    in_meeting = [p for p in cast.people if p.met or p.spoke]
    in_meeting.sort(key=lambda p: p.first)
    seen: dict[str, Speaker] = {}
    for person in in_meeting:
        if person.id not in seen:
            seen[person.id] = Speaker(person.id, person.name, person.role, person.country)
    meeting.speakers = list(seen.values())
    for sentence, (kind, who) in zip(sentences, results, strict=True):
        if kind == Kind.STATEMENT and who is not None and who.id in seen:
            sentence.kind, sentence.speaker = Kind.STATEMENT, who.id
        elif kind == Kind.JOINT:
            sentence.kind, sentence.speaker = Kind.JOINT, None
        else:
            sentence.kind, sentence.speaker = Kind.NARRATION, None


# --- pieces ----------------------------------------------------------------------------------


def _refs(norm: str, start: int, end: int) -> list[_Ref]:
    refs: list[_Ref] = []
    for match in _REF.finditer(norm, start, end):
        kind = match.lastgroup or "cap"
        if kind in ("nadj", "noun"):
            kind = "nom"
        elif kind == "padj":
            kind = "poss"
        if match.group("joint") is not None:
            kind = "joint"
        elif match.group("nom") is not None:
            kind = "nom"
        elif match.group("pron") is not None:
            kind = "pron"
        elif match.group("poss") is not None:
            kind = "poss"
        else:
            kind = "cap"
        refs.append(
            _Ref(
                match.start(),
                match.end(),
                kind,
                (match.group(0), match.group("nadj"), match.group("noun"), match.group("padj")),
            )
        )
    return refs


def _resolve(ref: _Ref, cast: Cast, create: bool) -> tuple[str, tuple[Person, ...]]:
    """What a reference points at: ``person``/``joint`` with people, ``pron``, or ``other``."""
    whole = ref.group[0] or ""
    if ref.kind == "joint":
        return "joint", ()
    if ref.kind == "pron":
        return "pron", ()
    if ref.kind in ("nom", "poss"):
        adj = (ref.group[1] if ref.kind == "nom" else ref.group[3]) or ""
        noun = (ref.group[2] or "counterpart") if ref.kind == "nom" else "counterpart"
        country = None
        if adj.strip():
            parts = analyse(adj.strip())
            for _name, _role, found, _sex in parts:
                country = country or found
            if country is None and noun.lower() in ("side", "counterpart"):
                return "other", ()
        noun = " ".join(noun.lower().split())
        if noun == "eam":
            noun = "external affairs minister"
        person = cast.by_role(noun, country)
        return ("person", (person,)) if person is not None else ("other", ())
    parts = analyse(whole)
    people: list[Person] = []
    other = False
    for name, role, country, sex in parts:
        person: Person | None = None
        if name:
            person = cast.lookup(name)
            if person is None and create and len(name) >= 2 and looks_like_name(name):
                person = cast.add(
                    Mention(ref.start, ref.end, name, role, country, sex, role is not None)
                )
        elif role:
            head = role.split(" of ")[0].lower()
            person = cast.by_role(head, country)
        elif country:
            person = cast.by_role(None, country) if _has_country(cast, country) else None
        if person is None:
            other = True
        elif person not in people:
            people.append(person)
    if len(people) >= 2:
        return "joint", tuple(people)
    if len(people) == 1 and not (other and len(parts) > 1):
        return "person", (people[0],)
    return "other", ()


def _has_country(cast: Cast, country: str) -> bool:
    return any(p.country == country for p in cast.people)


def _mark_meetings(norm: str, refs: list[_Ref], cast: Cast) -> None:
    """People who meet or are met are in the meeting even if they say nothing."""
    starts = [ref.start for ref in refs]
    for index, ref in enumerate(refs):
        if ref.kind != "cap":
            continue
        follow = _FOLLOW.match(norm, ref.end)
        if follow is not None and VERB_KIND.get(_verb_key(follow.group("verb"))) == "meet":
            who, people = _resolve(ref, cast, create=True)
            for person in people:
                person.met = True
            if who == "joint":
                continue
            _mark_object(norm, follow.end(), refs, starts, cast)
        del index
    for match in _MEET_OBJECT.finditer(norm):
        _mark_object(norm, match.end(), refs, starts, cast)


def _mark_object(norm: str, at: int, refs: list[_Ref], starts: list[int], cast: Cast) -> None:
    position = bisect_right(starts, at - 1)
    for ref in refs[position : position + 4]:
        if ref.start - at > 90 or "." in norm[at : ref.start].replace(". ", ".").strip(" .")[:0]:
            break
        if ref.kind in ("cap", "poss", "nom"):
            who, people = _resolve(ref, cast, create=ref.kind == "cap")
            if who in ("person", "joint"):
                for person in people:
                    person.met = True
                # ``met with X and Y``: both are met.
                continue
            if ref.kind == "cap" and who == "other" and not analyse(ref.group[0] or ""):
                continue
            if ref.kind == "poss":
                continue
            break


def _verb_key(verb: str) -> str:
    return " ".join(verb.lower().split())


def _labels(norm: str, sentences: list[Sentence], body: int, cast: Cast) -> dict[int, Person | None]:
    """Transcript speaker labels: sentence index -> the speaker (None for Q and moderators)."""
    found: dict[int, Person | None] = {}
    people = 0
    for index, sentence in enumerate(sentences):
        if sentence.start < body:
            continue
        if index and sentences[index - 1].paragraph == sentence.paragraph:
            continue
        if _Q_LINE.match(norm, sentence.start, sentence.end):
            found[index] = None
            continue
        match = _LABEL.match(norm, sentence.start, sentence.end)
        if match is None:
            continue
        label = match.group("label")
        words = label.lower().replace(".", "").split()
        if words and words[0] in _MODERATOR:
            found[index] = None
            continue
        parts = analyse(label)
        if len(parts) != 1:
            continue
        name, role, country, sex = parts[0]
        if name and (role is not None or sex is not None or len(name) >= 2):
            if not looks_like_name(name):
                continue
            known = cast.lookup(name)
            if known is None and role is None and len(name) < 2:
                # ``MR. PRICE:`` who is never named in the story: the moderator.
                found[index] = None
                continue
            person = cast.add(Mention(match.start(), match.end(), name, role, country, sex, True))
            found[index] = person
            people += 1
        elif not name and role is not None:
            person = cast.by_role(role.lower(), country)
            if person is not None:
                found[index] = person
                people += 1
    return found if people else {}


def _quotes(text: str, sentences: list[Sentence]) -> list[tuple[int, int]]:
    """Quoted spans, paragraph by paragraph; an unclosed quote runs to its paragraph's end."""
    spans: list[tuple[int, int]] = []
    index = 0
    count = len(sentences)
    while index < count:
        paragraph = sentences[index].paragraph
        start = sentences[index].start
        last = index
        while last + 1 < count and sentences[last + 1].paragraph == paragraph:
            last += 1
        end = sentences[last].end
        open_at: int | None = None
        for position in range(start, end):
            char = text[position]
            if char not in '"\u201c\u201d\u00ab\u00bb':
                continue
            if char in _OPENERS:
                if open_at is None:
                    open_at = position
            elif char in _CLOSERS:
                if open_at is not None:
                    spans.append((open_at, position + 1))
                    open_at = None
            elif open_at is None:
                open_at = position
            else:
                spans.append((open_at, position + 1))
                open_at = None
        if open_at is not None:
            spans.append((open_at, end))
        index = last + 1
    return spans


def _inside(quotes: list[tuple[int, int]], position: int) -> bool:
    lo, hi = 0, len(quotes)
    while lo < hi:
        mid = (lo + hi) // 2
        if quotes[mid][1] <= position:
            lo = mid + 1
        else:
            hi = mid
    return lo < len(quotes) and quotes[lo][0] < position < quotes[lo][1]


def _pairs(
    norm: str,
    sentence: Sentence,
    refs: list[_Ref],
    quotes: list[tuple[int, int]],
    cast: Cast,
) -> list[_Pair]:
    pairs: list[_Pair] = []
    end = sentence.end
    index = 0
    # The end of the last quotation closed inside this sentence.
    last_close = -1
    for q_start, q_end in quotes:
        if sentence.start <= q_end <= end and q_end > q_start + 1 and norm[q_end - 1] == '"':
            last_close = max(last_close, q_end)
    while index < len(refs):
        ref = refs[index]
        group = [ref]
        # ``X and Y``, ``X, Y and Z``: a list of references that share one verb.
        cursor = ref.end
        nxt = index + 1
        while nxt < len(refs):
            joiner = _AND.match(norm, cursor)
            if joiner is None or joiner.end() != refs[nxt].start or refs[nxt].kind == "pron":
                break
            if _resolve(refs[nxt], cast, create=False)[0] not in ("person", "joint") or (
                _resolve(group[-1], cast, create=False)[0] not in ("person", "joint")
            ):
                break
            group.append(refs[nxt])
            cursor = refs[nxt].end
            nxt += 1
        tail = group[-1]
        if tail.kind == "joint" or (len(group) > 1):
            follow = _JOINT_FOLLOW.match(norm, tail.end, end)
        else:
            follow = _FOLLOW.match(norm, tail.end, end)
            if follow is None and tail.kind == "pron":
                follow = None
        if follow is None:
            # Keep the last of a list as a subject candidate of its own (``, Wang said``).
            index = index + 1 if len(group) == 1 else nxt - 1 if nxt - 1 > index else index + 1
            continue
        verb = _verb_key(follow.group("verb"))
        verb_kind = VERB_KIND.get(verb, "joint")
        people: list[Person] = []
        who = "other"
        sex: str | None = None
        resolved_other = False
        for member in group:
            kind, found = _resolve(member, cast, create=verb_kind == "speech")
            if kind == "pron":
                who = "pron"
                low = (member.group[0] or "").lower()
                sex = FEMALE if low == "she" else MALE
            elif kind == "joint":
                who = "joint"
                people.extend(p for p in found if p not in people)
            elif kind == "person":
                people.extend(p for p in found if p not in people)
            else:
                resolved_other = True
        if who != "pron":
            if len(group) > 1 and len(people) >= 2:
                who = "joint"
            elif who != "joint" and len(people) == 1 and not resolved_other:
                who = "person"
            elif who != "joint":
                who = "other"
        if verb == "welcomed" and who == "person":
            # ``Blinken welcomed Foreign Minister X to Washington``: a meeting, not speech.
            obj = re.match(r"[ ]+(" + CAPSEQ + ")", norm[follow.end() : follow.end() + 80])
            if obj is not None:
                parts = analyse(obj.group(1))
                if any(n and cast.lookup(n) is not None for n, *_ in parts):
                    verb_kind = "meet"
        pair = _Pair(
            ref_start=ref.start,
            verb_end=follow.end(),
            verb_kind=verb_kind,
            who=who,
            person=people[0] if who == "person" else None,
            people=tuple(people),
            sex=sex,
        )
        head = norm[max(sentence.start, ref.start - 40) : ref.start]
        pair.switch = _SWITCH.search(head) is not None or _SWITCH.match(
            norm, ref.end + 1, follow.end()
        ) is not None
        pair.embedded = _EMBEDDED_BEFORE.search(head) is not None
        pair.quoted = _inside(quotes, ref.start)
        between = norm[last_close : ref.start] if last_close >= 0 else None
        pair.after_quote = (
            between is not None and ref.start >= last_close and between.strip(" ,") == ""
        )
        rest = norm[follow.end() : end]
        pair.tail = _is_tail(rest)
        if pair.who == "person" and pair.person is not None and pair.person.sex is None:
            near = _SEX_AFTER.match(norm, follow.end(), end)
            if near is not None:
                pronoun = near.group("p")
                pair.person.sex = MALE if pronoun in ("he", "his") else FEMALE
        pairs.append(pair)
        index = nxt
    return pairs


_TAIL = re.compile(r"[ ]*(?:[a-z]+ly[ ]*)?(?:[.!?;:\"')]|[ ]+)*$|,[ ]*(?:adding|saying|noting|stressing|"
                   r"emphasi[sz]ing|calling|urging|expressing|hoping|pointing)\b")


def _is_tail(rest: str) -> bool:
    return _TAIL.match(rest) is not None


def _choose(pairs: list[_Pair]) -> _Pair | None:
    usable = [p for p in pairs if not p.quoted]
    if not usable:
        return None
    speech = [p for p in usable if p.verb_kind != "meet" or p.who == "joint"]
    pool = speech or usable
    for pair in pool:
        if pair.after_quote:
            return pair
    for pair in reversed(pool):
        if pair.tail and pair.who != "other":
            return pair
    for pair in pool:
        if not pair.embedded and pair.who != "other":
            return pair
    for pair in pool:
        if pair.who != "other":
            return pair
    return pool[0]


def _sentence(
    norm: str,
    sentence: Sentence,
    refs: list[_Ref],
    quotes: list[tuple[int, int]],
    cast: Cast,
    state: _State,
    index: int,
    new_paragraph: bool,
) -> tuple[Kind | None, Person | None]:
    pairs = _pairs(norm, sentence, refs, quotes, cast)
    pair = _choose(pairs)
    if pair is None:
        return None, None
    if pair.verb_kind == "meet" and pair.who != "joint":
        if pair.who == "person" and pair.person is not None:
            state.last_subject = pair.person
        return Kind.NARRATION, None
    if pair.who == "joint":
        return Kind.JOINT, None
    if pair.who == "person":
        return Kind.STATEMENT, pair.person
    if pair.who == "pron":
        person = _pronoun(pair.sex, pair.switch, cast, state)
        if person is None:
            return None, None
        return Kind.STATEMENT, person
    return Kind.NARRATION, None


def _pronoun(sex: str | None, switch: bool, cast: Cast, state: _State) -> Person | None:
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


def _continuation(
    chunk: str,
    norm: str,
    sentence: Sentence,
    refs: list[_Ref],
    cast: Cast,
    state: _State,
) -> tuple[Kind, Person | None]:
    if _NARRATIVE.match(chunk):
        return Kind.NARRATION, None
    # A participant as the subject of something other than speech is the narrator's.
    for ref in refs[:2]:
        if ref.start - sentence.start > 40:
            break
        if ref.kind in ("cap", "nom"):
            lead = norm[sentence.start : ref.start]
            if lead.strip(" \"") and not lead.rstrip().endswith(","):
                continue
            if ref.kind == "cap" and not any(n or r for n, r, _c, _s in analyse(ref.group[0] or "")):
                continue  # ``South Korea has ...``: a country, said by the current speaker
            who, _people = _resolve(ref, cast, create=False)
            if who in ("person", "joint"):
                return Kind.NARRATION, None
    if state.run is not None:
        return Kind.STATEMENT, state.run
    if state.run_joint and state.run_paragraph == sentence.paragraph:
        return Kind.JOINT, None
    return Kind.NARRATION, None


def _forward_quote(
    norm: str,
    sentences: list[Sentence],
    index: int,
    quotes: list[tuple[int, int]],
    refs: list[_Ref],
    starts: list[int],
    cast: Cast,
    state: _State,
) -> Person | None:
    sentence = sentences[index]
    for q_start, q_end in quotes:
        if sentence.start <= q_start < sentence.end < q_end:
            break
    else:
        return None
    for later in range(index + 1, min(len(sentences), index + 8)):
        other = sentences[later]
        if other.paragraph != sentence.paragraph:
            return None
        if other.start <= q_end <= other.end:
            lo = bisect_right(starts, other.start - 1)
            hi = bisect_right(starts, other.end - 1)
            pairs = _pairs(norm, other, refs[lo:hi], quotes, cast)
            for pair in pairs:
                if pair.after_quote and not pair.quoted:
                    if pair.who == "person":
                        return pair.person
                    if pair.who == "pron":
                        return _pronoun(pair.sex, pair.switch, cast, state)
            return None
    return None


def _is_furniture(
    chunk: str, sentence: Sentence, sentences: list[Sentence], index: int, labelled: bool
) -> bool:
    stripped = chunk.strip()
    if not stripped or _ELISION.match(stripped) or _TIME_LINE.match(stripped):
        return True
    if _FURNITURE.match(stripped):
        return True
    if labelled:
        return False
    alone = (index == 0 or sentences[index - 1].paragraph != sentence.paragraph) and (
        index + 1 == len(sentences) or sentences[index + 1].paragraph != sentence.paragraph
    )
    # A one-line paragraph without closing punctuation: a title, a place or a byline.
    return alone and stripped[-1] not in ".!?\"'):;" and stripped.count(" ") < 25


__all__ = ["attribute"]
