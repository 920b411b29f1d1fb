"""Who says each sentence: one participant, both or all sides together, or the narrator.

The rules are the labelling guide of DESIGN §3, read as a small grammar of readouts:

* a *reference* (a name, ``the Chinese top diplomat``, ``Seoul``, ``he``, ``the two sides``)
  that is the subject of a verb of speech (``said``, ``on his part, expressed``) attributes
  the sentence; an attribution right after a closing quote or at the end of the sentence wins
  over one at the start, and one inside a ``that`` clause or a quotation loses to the main
  clause;
* a sentence with no attribution continues the current speaker's run until a joint or
  narrative sentence, and is narration when there is no run;
* a transcript's speaker label gives its paragraph and the following ones to that speaker.

Speed matters (thousands of articles a second), so the text is scanned a few times with
regexes that start with a literal or a character class, and the subject of each verb is
looked for only among the few references just before it.

Everything runs on a normalised copy of the text (``participants.NORMALIZE``), so offsets
stay those of the original and the original is never rewritten.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from dipreader.core.model import Kind, Meeting, Sentence, Speaker
from dipreader.core.participants import (
    CAPSEQ,
    FEMALE,
    MALE,
    ROLE_HEADS,
    ROLE_WORDS,
    TOKEN,
    Cast,
    Mention,
    Person,
    analyse,
    capital_runs,
    country_of,
    english_order,
    find_mentions,
    looks_like_name,
    name_keys,
    normalise,
)

# Enum members looked up once: ``Kind.X`` goes through the enum's metaclass on every use.
_STATEMENT = Kind.STATEMENT
_JOINT = Kind.JOINT
_NARRATION = Kind.NARRATION

# --- verbs -----------------------------------------------------------------------------------
# Verbs of speech, and of stance reported as speech. Phrases use single spaces.
_SPEECH = """
said|says|say|told|tells|noted|notes|stressed|stresses|pointed out|points out|expressed|
expresses|added|adds|called|calls|hoped|hopes|reiterated|reiterates|emphasized|emphasised|
emphasizes|emphasises|urged|urges|agreed|agrees|agree|welcomed|welcomes|proposed|proposes|
believed|believes|stated|states|remarked|underscored|underscores|underlined|underlines|
highlighted|highlights|affirmed|affirms|reaffirmed|reaffirms|conveyed|conveys|thanked|thanks|
congratulated|invited|appreciated|appreciates|acknowledged|acknowledges|asserted|argued|
explained|mentioned|recalled|raised|briefed|informed|outlined|shared|suggested|recommended|
encouraged|condemned|warned|cautioned|insisted|maintained|observed|commended|praised|lauded|
announced|confirmed|indicated|offered|pledged|promised|vowed|assured|requested|asked|demanded|
looked forward|looks forward|is looking forward|was looking forward|described|voiced|extended|
accepted|declared|hailed|discussed|discusses|reviewed|regretted|rejected|opposed|supported|
backed|sought|wished|wishes|characterized|characterised|laid out|made clear|made it clear|
put forward|spelled out|set out|elaborated|touched on|touched upon|replied|responded|answered|
countered|denied|admitted|recognized|recognised|restated|deplored|objected|pressed|appealed|
reassured|concurred|considered|expected|wants|wanted|spoke of|spoke about|spoke highly|
spoke in favour|spoke in favor|spoke out|went on|continued|exchanged views|committed|detailed|
presented|condoled|wrote|tweeted|opined|felt|thought|held that|holds that|stands ready|
stood ready|echoed|took note|reached consensus|accused|criticized|criticised|blamed|
called for|called on|emphasized|noted with|expressed hope|asserts|argues|explains|
underlined|agreed on|underscored|expressed concern|expressed support|showed|briefs|thank|
will discuss|will review|will present|will highlight|will address|will stress|will raise|
will emphasize|will emphasise|will underline|will reaffirm|will convey|will exchange views|
will sign|is expected to present|is expected to discuss|is expected to raise|
is expected to highlight|are expected to discuss|are expected to sign|should highlight|
should present|should raise|is due to discuss|are due to discuss|pointed to|points to|
reaffirm|reiterate|welcome|condemn|urge|express|stress|call on|call for|recognize|recognise|
commend|encourage|reject|salute|extend|look forward|remain committed|strongly support|
inquired|inquired about|enquired|updated|exchanged opinions|exchanged greetings|regarded|
submitted|asked about|reported|reported on|reinforced|celebrated|
authorized|authorised|sent|saluted|documented|paid tribute|paid special attention|
paid particular attention|drew attention|laid stress|placed emphasis|gave a high assessment|
gave a positive assessment|passed on|is optimistic|was optimistic|approved|applauded|
expressed confidence|expressed gratitude|expressed satisfaction
"""
# Verbs of meeting: ``X met Y`` is narration (and X and Y are in the meeting).
_MEET = """
met|meets|meet|met with|meets with|held talks|held a meeting|held a phone call|
held a telephone call|held a telephone conversation|held a video call|held a call|
held a virtual meeting|held a bilateral meeting|held bilateral talks|held consultations|
held a summit meeting|held a summit|held phone talks|held a joint news conference|
held a joint press conference|had talks|had a telephone conversation|had a phone call|
had a meeting|had a conversation|had a call|had a phone conversation|had a video call|
spoke with|spoke to|spoke by phone|spoke today with|spoke yesterday with|met today with|
spoke today by phone with|spoke by phone today with|spoke by telephone|spoke over the phone|
spoke on the phone|
talked with|talked by phone|received|hosted|visited|arrived|is visiting|was visiting|
is on a visit|attended|travelled|traveled|departed|paid|co-chaired|chaired|
will visit|will travel|will meet|began|concluded|joined|participated|took part|
will take part|will participate|gave a joint news conference|gave a joint press conference|
gave a news conference
"""
# Phrases after which the person named is met (not a subject-taking verb).
_MEET_OBJECT = """
talks with|meeting with|conversation with|call with|meeting between|talks between|
consultations with|visit by|dialogue with|phone talks with|summit with|together with
"""


def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for block, kind in ((_SPEECH, "speech"), (_MEET, "meet"), (_MEET_OBJECT, "object")):
        for phrase in block.replace("\n", "").split("|"):
            phrase = phrase.strip()
            if phrase:
                table.setdefault(phrase, kind)
    return table


VERB_KIND: dict[str, str] = _table()


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: list[str]) -> str:
    """A regex for a set of phrases, factored by prefix so that ``re`` scans it fast."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        ends = "" in node
        branches = [re.escape(key) + build(child) for key, child in sorted(node.items()) if key]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if ends else body

    return build(trie)


# A pattern that starts with a literal (the space before the verb) lets ``re`` skip ahead fast.
_VERB_SCAN = re.compile(" (" + _trie_pattern(sorted(VERB_KIND)) + r")\b")
_ADVERBS = (
    r"(?:also|further|then|once[ ]+again|again|repeatedly|separately|in[ ]+turn|"
    r"in[ ]+particular|specifically|strongly|firmly|warmly|briefly|additionally|jointly|both|"
    r"all|has|have|had|later|earlier|first|finally|reportedly|publicly|clearly|explicitly|"
    r"particularly|especially|previously|subsequently|immediately|however|too|"
    r"(?:on|for)[ ]+(?:his|her|their|its)[ ]+part|in[ ]+response|in[ ]+reply|today|"
    r"yesterday|here|there|on[ ]+\w+day|during[ ]+the[ ]+(?:meeting|talks|call)|"
    r"at[ ]+the[ ]+(?:meeting|talks)|sincerely|highly|positively|fully|"
    r"(?:would|will|could|also)[ ]+like[ ]+to|will)"
)
# Between a subject and its verb: an appositive, adverbs, ``on his part``.
_GAP = re.compile(
    r"(?:,[ ]*(?:Jr|Sr)\.?)?(?:[ ]+\([^()\n]{1,40}\))?(?:[ ]*,[^,\"\n]{1,240}?,)?"
    r"(?:[ ]+|[ ]*,[ ]*)(?:" + _ADVERBS + r"[ ]*,?[ ]+)*"
)
# What a plural subject (``the two sides``, ``they``) does to make a joint sentence.
_JOINT_VERB = re.compile(
    r"(?:[ ]*,[^,\"\n]{1,120}?,)?[ ]+(?:" + _ADVERBS + r"[ ]+)*(?P<w>[a-z]+ed|agree|discuss|"
    r"reaffirm|welcome|note|express|commit|underline|stress|share|look|exchange|sign|decide|"
    r"vow|pledge|call|support|oppose|hope|believe|recogni[sz]e|emphasi[sz]e|acknowledge|affirm|"
    r"review|held|met|spoke|took|gave|made|saw|had|underscore|highlight|condemn|confirm)\b"
)
_JOINT_WORDS = frozenset(
    """agree discuss reaffirm welcome note express commit underline stress share look exchange
    sign decide vow pledge call support oppose hope believe recognise recognize emphasise
    emphasize acknowledge affirm review held met spoke took gave made saw had witnessed
    underscore highlight condemn confirm""".split()
)
_INVERTING = frozenset(
    "said added noted stressed continued emphasized emphasised stated remarked explained "
    "insisted declared".split()
)

# --- references ------------------------------------------------------------------------------
_PLURAL = (
    r"(?i:sides|leaders|ministers|presidents|parties|delegations|counterparts|diplomats|"
    r"heads[ ]+of[ ]+(?:state|government)|officials|secretaries|chancellors|premiers|"
    r"countries|nations|governments|two|three|four|men|women|pair|prime[ ]+ministers|"
    r"advisors|advisers|envoys|foreign[ ]+secretaries|participants)"
)
_ROLE_NOUN = (
    r"(?i:top[ ]+diplomat|chief[ ]+diplomat|diplomat|side|foreign[ ]+minister|"
    r"head[ ]+of[ ]+(?:state|government)|managing[ ]+director|general[ ]+director|director|"
    r"head|chairman|chairwoman|governor|mayor|commissioner|spokesman|spokeswoman|adviser|"
    r"advisor|"
    r"external[ ]+affairs[ ]+minister|foreign[ ]+secretary|prime[ ]+minister|vice[ ]+president|"
    r"vice[ ]+premier|state[ ]+council+or|secretary[ ]+of[ ]+state|secretary-general|"
    r"director-general|secretary|president|premier|"
    r"chancellor|minister|leader|counterpart|delegation|envoy|official|host|guest|emir|king|"
    r"crown[ ]+prince|prince|ambassador|spokesperson|high[ ]+representative|eam)"
)
_REF = re.compile(
    r"(?P<joint>(?:[Tt]he|[Bb]oth|[Aa]ll)[ ]+(?:(?:two|three|four|five|six|other)[ ]+)?"
    r"(?:(?:[Ff]oreign|[Pp]rime|[Dd]efen[cs]e|[Tt]op|[A-Z][\w.'-]+)"
    r"(?:[ ]+and[ ]+[A-Z][\w.'-]+)?[ ]+){0,3}" + _PLURAL + r"\b"
    r"|[Bb]oth\b|[Tt]hey\b|[Ii]t[ ]+was(?=[ ]+(?:agreed|decided|noted)\b))"
    r"|(?P<nom>(?:[Tt]he[ ]+|(?P<npos>" + TOKEN + r"(?:[ ]+" + TOKEN + r")?)'s[ ]+)"
    r"(?P<nadj>(?:" + TOKEN + r"[ ]+){1,3}|(?:visiting|host|other|acting|outgoing|incoming|"
    r"interim|former|new)[ ]+)?"
    r"(?P<noun>" + _ROLE_NOUN + r")\b"
    r"(?:(?P<nof>[ ]+of[ ]+(?:the[ ]+)?" + TOKEN + r"(?:[ ]+(?:of[ ]+)?" + TOKEN + r"){0,4})"
    r"|(?![ ]+[A-Z]\w)))"
    r"|(?P<pron>(?:[Hh]e|[Ss]he)\b)"
    r"|(?P<poss>(?:[Hh]is|[Hh]er)[ ]+(?P<padj>(?:" + TOKEN + r"[ ]+){0,3})counterparts?\b)"
    r"|(?P<cap>" + CAPSEQ + r")"
)
# The same groups as ``_REF`` with only ``cap`` able to match: for plain runs of capitals.
# ``cap`` comes first so that a scan fails at once where no capital starts; the other groups
# sit in a branch that fails at once, and only make ``group(name)`` answer None (as a branch,
# not nine optional groups, it scans about as fast as ``CAPSEQ`` alone).
_CAP_REF = re.compile(
    r"(?P<cap>"
    + CAPSEQ
    + r")(?:(?!)"
    + "".join(
        f"(?P<{name}>)"
        for name in ("joint", "nom", "npos", "nadj", "noun", "nof", "pron", "poss", "padj")
    )
    + "|)"
)
_REF_OPENERS = frozenset(("The", "Both", "All", "They", "He", "She", "His", "Her", "It"))
_REF_OPENER_PREFIXES = tuple(f"{word} " for word in sorted(_REF_OPENERS))
# Lower-case words that may start a reference; ``the`` only before what a reference needs.
_LOW_SCAN = re.compile(
    r" (?:the (?=[A-Z]|(?:two|three|four|five|six|other|leaders|ministers|parties|sides|"
    r"presidents|delegations|heads|prime|top|chief|visiting|host|foreign|external|state|"
    r"secretary|president|premier|chancellor|minister|leader|counterpart|delegation|envoy|"
    r"official|guest|vice|high|diplomat|pair)\b)|both |all |they |he |she |his |her |it )"
)
_JOINT_PREFIXES = tuple(
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
_JOINT_OPENERS = ("The ", "Both ", "They ", "All ", "It was ")
_COLLECTIVE = ("We, the ", "We the ")
# ``Joko Widodo (Jokowi)``: one word in brackets after a name, not an acronym (``(PRC)``).
_ALIAS = re.compile(
    r"(?P<name>[A-Z][\w'-]+(?:[ ]+[A-Z][\w'-]+){1,3})[ ]+\((?P<alias>[A-Z][a-z]{2,20})\)"
)
# ``The message reads, in part:`` after ``X sent greetings``: what follows is X's.
_MESSAGE = re.compile(
    r"[ \"]*(?:The|His|Her|This|That)[ ]+(?:message|letter|telegram|greetings?|address|note|"
    r"congratulations)[ ]+(?:said|says|reads|read|stated|states|noted|notes)\b"
)
# ``the Russian and German Presidents``: a plural subject after adjectives of place.
_JOINT_ADJ = re.compile(
    r"the[ ]+(?!United[ ]+Nations\b)(?:[A-Z][\w.'-]+(?:[ ]+and[ ]+[A-Z][\w.'-]+)?[ ]+){1,3}"
    + _PLURAL
    + r"\b"
)
# Inside a run of capitalised words, where a second subject may start: ``X and Y``.
_JOIN_SCAN = re.compile(r" and (?=[A-Z])")
_AND = re.compile(r"(?:[ ]*,)?[ ]+and[ ]+|[ ]*,[ ]*")
_SWITCH_WORDS = ("his part", "her part", "response", "reply", "in turn", "responding")


def _country_only(ref: re.Match[str]) -> bool:
    """``South Korea``, ``Seoul``: a place, not a name or a role."""
    if ref.group("cap") is None:
        return False
    return not any(name or role for name, role, _c, _s in analyse(ref.group(0)))


def _is_switch(text: str) -> bool:
    """``For his part``, ``In response``: the other side speaks now."""
    low = text.lower()
    return any(word in low for word in _SWITCH_WORDS)


_SEX_AFTER = re.compile(r"[ ]+(?:that[ ]+)?(?P<p>he|she|his|her)\b")
# ``held phone talks Saturday and discussed ...``: the meeting verb is followed by a joint one.
_AND_THEN = re.compile(r"[^.;\"]{0,120}?\band[ ]+(?:also[ ]+)?(?:[a-z]+ed|agreed|held|had)\b")
# ``X and Y held talks``, ``... took part in the forum``: what two did together, not only the
# meeting itself (``X and Y met``, ``X and Y had a telephone conversation``).
_DONE_TOGETHER = frozenset(
    """held talks|held bilateral talks|held phone talks|held consultations|had talks|
    held a joint news conference|held a joint press conference|gave a joint news conference|
    gave a joint press conference|gave a news conference|participated|took part|
    will take part|will participate|co-chaired""".replace("\n", "").split("|")
)
_DONE_TOGETHER = frozenset(phrase.strip() for phrase in _DONE_TOGETHER)
# What follows a meeting verb to make it the subject's words: a purpose or a participle.
_PURPOSE = re.compile(
    r"[^.;\"]{0,240}?(?:\bto[ ]+(?:(?:once[ ]+again|again|also|personally|warmly)[ ]+)?"
    r"(?:express|congratulate|underscore|commend|condemn|reaffirm|offer|convey|thank|welcome|"
    r"extend|emphasi[sz]e|stress|reiterate|highlight|urge|affirm|pledge|announce|encourage|"
    r"assure|deliver|share|underline|wish|request|invite|brief|update|voice|praise|applaud|"
    r"reinforce|celebrate|congratulate|outline|make[ ]+clear|raise|press|call)\b|"
    r"\band[ ]+(?:also[ ]+)?(?:thanked|congratulated|expressed|welcomed|reaffirmed|underscored|"
    r"emphasi[sz]ed|conveyed|offered|condemned|commended|praised|stressed|urged|pledged)\b|"
    r",[ ]+(?:saying|calling|urging|expressing|stressing|noting|adding|underscoring|"
    r"emphasi[sz]ing|reaffirming|congratulating|welcoming|thanking|pledging|vowing)\b)"
)
_EMBEDDED_WORDS = ("that", "which", "who", "whom", "as", "if", "whether")
_TAIL = re.compile(
    r"[ ]*(?:[a-z]+ly[ ]*)?(?:[.!?;:\"')]|[ ]+)*$|,[ ]*(?:adding|saying|noting|stressing|"
    r"emphasi[sz]ing|calling|urging|expressing|hoping|pointing)\b"
)

# --- page furniture and narrative cues --------------------------------------------------------
_TIME_LINE = re.compile(
    r"^[ ]*(?:END[ ]+)?\d{1,2}(?::\d{2})?[ ]*(?:[AaPp]\.?[ ]?[Mm]\.?)(?:[ ]+[A-Z]{2,4})?[ .]*$"
)
_FURNITURE = re.compile(
    r"^[ ]*(?:The[ ]+(?:following|below)[ ]+(?:is|are)[ ]+attributable|Readout[ ]+of\b|READOUT\b|"
    r"MEDIA[ ]+NOTE|FOR[ ]+IMMEDIATE[ ]+RELEASE|Office[ ]+of[ ]+the[ ]+Spokesperson|"
    r"Press[ ]+Release|For[ ]+more[ ]+information\b|"
    r"\((?:Reporting|Writing|Editing|Additional[ ]+reporting)\b|"
    r"(?:Source|Editor|Photo|Tags?|Related|Updated|Published|Posted|Reporting|Writing|"
    r"Editing|Translated|Copyright|By)\b[^.]{0,60}(?:[:|]|by\b|[A-Z][a-z]+[ ]*$)|"
    r"\(?Xinhua\)?[ ]*$|END\b)"
)
# ``Views were exchanged on ...``, ``Special attention was paid to ...``: both sides did it.
_PASSIVE_JOINT = re.compile(
    r"(?:[A-Z][^,]{0,40},[ ]+)?(?:[A-Za-z]+[ ]+){0,2}(?i:attention|views|opinions|consensus|"
    r"agreement|understanding|issues|matters|questions|topics|prospects)[ ]+(?:was|were)[ ]+"
    r"(?:also[ ]+)?(?:paid|given|exchanged|reached|discussed|addressed|touched[ ]+upon|"
    r"reviewed|noted|considered)\b"
)
# ``... was discussed at the meeting``, ``... were addressed``: what the sides did together.
_PASSIVE_TALK = re.compile(
    r"\b(?:was|were)[ ]+(?:also[ ]+|then[ ]+|further[ ]+|briefly[ ]+)?(?:discussed|addressed|"
    r"considered|examined|touched[ ]+(?:up)?on|exchanged|the[ ]+(?:subject|focus|topic)[ ]+of|"
    r"on[ ]+the[ ]+agenda)\b"
)
_MEETING_DID = re.compile(
    r"[ \"]*(?:The|This)[ ]+(?:meeting|talks|conversation|call|consultations|sides|parties|"
    r"discussion|discussions)[ ]+(?:also[ ]+)?(?:discussed|considered|addressed|covered|dealt|"
    r"touched|reviewed|examined|focused|focussed|centred|centered|determined)\b"
)
_ELISION = re.compile(r"^(?:[ .*#\-_=~\[\]()/]*|\(?\d{1,2}[.)]|\((?:END|MORE|ENDS)\))$")
# What a line of page furniture can start with (a cheap test before the regex).
_FURNITURE_OPENERS = (
    "The following",
    "The below",
    "Readout",
    "READOUT",
    "MEDIA",
    "FOR IMMEDIATE",
    "Office of",
    "Press Release",
    "For more",
    "Source",
    "Editor",
    "Photo",
    "Tag",
    "Related",
    "Updated",
    "Published",
    "Posted",
    "Reporting",
    "Writing",
    "Editing",
    "Translated",
    "Copyright",
    "By",
    "Xinhua",
    "END",
)
_ANY_FURNITURE = re.compile(
    "|".join(f"(?:{rx.pattern})" for rx in (_ELISION, _TIME_LINE, _FURNITURE))
)
_NARRATIVE = re.compile(
    r"^[ \"]*(?:(?:The|This|That|Their|His|Her)[ ]+(?:meeting|talks|call|visit|conversation|"
    r"trip|event|ceremony|forum|summit|session|consultations?|tour|exchange|dialogue|"
    r"meetings|phone[ ]+talks|phone[ ]+call)\b|"
    r"This[ ]+(?:was|is|marks|marked)[ ]+the|It[ ]+(?:was|is)[ ]+(?:the[ ]+)?(?:first|second|"
    r"third|fourth|fifth|latest|last)|Earlier|Prior[ ]+to|Ahead[ ]+of|Following[ ]+the|"
    r"After[ ]+the[ ]+(?:meeting|talks)|Before[ ]+the[ ]+(?:meeting|talks)|Also[ ]+present|"
    r"Also[ ]+attending|Attending|Present[ ]+at|According[ ]+to|Accompanying|Later|"
    r"Last[ ]+(?:week|month|year)|Next[ ]+(?:week|month|year)|A[ ]+[Jj]oint[ ]+[Ss]tatement|"
    r"Relations[ ]+between|Ties[ ]+between|Tensions)\b"
)
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
_QUOTE_MARKS = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb")
_OPENERS = "\u201c\u00ab"
_CLOSERS = "\u201d\u00bb"


@dataclass(slots=True)
class _Pair:
    """A subject (one reference or a list of them) with the verb it goes with."""

    start: int  # where the subject starts
    end: int  # where the verb ends
    verb: str
    verb_kind: str  # speech | meet | joint
    refs: list[re.Match[str]]
    embedded: bool = False
    switch: bool = False
    after_quote: bool = False
    tail: bool = False


# ``... cut ties with Iran in 2016``: a new paragraph that dates a past event is background.
_BACKGROUND_YEAR = re.compile(r"\b(?:in|since|until)[ ]+(?:[A-Z][a-z]+[ ]+)?(?:19|20)\d\d\b")
_WIRES = frozenset(
    ("reuters", "ap", "afp", "bloomberg", "dpa", "ansa", "efe", "upi", "associated press")
)
# ``TOKYO, May 14, 2024 (AFP) -``: a wire dateline the parser left in the body.
_WIRE_DATELINE = re.compile(r"\((?:AFP|Reuters|AP|dpa|DPA|Bloomberg|UPI|ANSA|EFE)\)[ ]*[-:]")
# Verbs that report someone's words, and the words before them that are not a speaker.
_REPORTING = frozenset("said says told added noted stated".split())
_NOT_REPORTERS = frozenset(
    "as that which who it this and or but also then further had has have was were be been "
    "being is are previously earlier already repeatedly once again never not".split()
)
_LIST_END_WORDS = frozenset(
    "side minister secretary president counterpart diplomat premier chancellor leader".split()
)


# What may follow a one-word name met ``with``: ``talks with Lula in Beijing``.
_AFTER_SINGLE_NAME = (" in ", " on ", " at ", " during ", " and ", " via ", " over ", " by ")


_AND_COUNTERPART = re.compile(
    r"(?P<and>[ ]+and[ ]+)(?:his|her|their)[ ]+(?:[A-Z][\w.'-]*[ ]+){0,3}counterparts?,?[ ]+$"
)


_SUFFIXES = frozenset(("Jr.", "Jr", "Sr.", "Sr"))


def _capital_refs(
    norm: str, start: int, end: int
) -> tuple[list[tuple[int, int, str]], dict[int, re.Match[str] | None]]:
    """Every run of capitalised words (as ``capital_runs``), and the ``cap`` reference that
    each run which can only be one is: the scan's own match, so that ``ref_at`` need not
    match the run again."""
    runs: list[tuple[int, int, str]] = []
    refs: dict[int, re.Match[str] | None] = {}
    for match in _CAP_REF.finditer(norm, start, end):
        at = match.start()
        # As in ``capital_runs``: drop the rare match that starts inside a word (``iPhone``).
        if at and norm[at - 1].isalnum():
            continue
        seq = match.group(0)
        runs.append((at, match.end(), seq))
        # Not ``The ...``, ``He``, ``China's ...``: those may be other kinds of reference.
        if seq in _SUFFIXES:
            refs[at] = None  # ``Joseph R. Biden, Jr. spoke``: part of the name before it
        elif (
            seq not in _REF_OPENERS
            and not seq.startswith(_REF_OPENER_PREFIXES)
            and not seq.endswith("'s")
        ):
            refs[at] = match
    return runs, refs


def _taken(found: list[_Pair]) -> set[int]:
    """Where the pairs already found start, or their last subjects do: a set, since a long
    sentence may hold thousands of them."""
    return {pair.start for pair in found} | {pair.refs[-1].start() for pair in found if pair.refs}


def _pair_start(pair: _Pair) -> int:
    return pair.start


class _Article:
    """One article being read: its text, scans and the people in it."""

    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.text = meeting.text
        self.norm = normalise(meeting.text)
        self.sentences = meeting.sentences
        self.body = meeting.body_start
        self.end = self.sentences[-1].end if self.sentences else self.body
        # Runs of capitalised words, matched once with the groups of a reference so that a run
        # that can only be a ``cap`` reference is its own reference (see ``ref_at``).
        norm, body, end = self.norm, self.body, self.end
        runs, self._refs = _capital_refs(norm, body, end)
        self.cast = Cast()
        titled: list[Mention] = []
        if meeting.title:
            title = normalise(meeting.title)
            titled = [
                hint
                for hint in find_mentions(title, capital_runs(title, 0, len(title)), 0)
                if hint.role
            ]
            for hint in titled:
                self.cast.hints.append((name_keys(hint.name), hint.role, hint.country))
        for mention in find_mentions(self.norm, runs, self.body):
            self.cast.add(mention)
        if "(" in norm:
            self._aliases()
        for hint in titled:
            # ``Vladimir Putin met with ...`` as the title, ``the President`` in the body: the
            # title names who the role nominals mean.
            if self.cast.lookup(hint.name) is None:
                self.cast.adopt(hint, self.body)
        run_starts = [start for start, _end, _seq in runs]
        inner = [m.end() for m in _JOIN_SCAN.finditer(norm, body, end)]
        # Where a run of capitalised words holds several people (``Wang Yi and Park Jin``),
        # each may start a subject; remember the run each such start lies in.
        self.run_of: dict[int, int] = {}
        for position in inner:
            index = bisect_right(run_starts, position) - 1
            if index >= 0 and runs[index][1] > position:
                self.run_of[position] = run_starts[index]
        starts = set(run_starts)
        lows = [m.start() + 1 for m in _LOW_SCAN.finditer(norm, body, end)]
        starts.update(lows)
        starts.update(inner)
        self.candidates = sorted(starts)
        # Where a plural subject may start: among the lower-case starts, and sentence starts.
        joint = {
            position
            for position in lows
            if norm.startswith(_JOINT_PREFIXES, position)
            or (norm.startswith("the ", position) and _JOINT_ADJ.match(norm, position))
        }
        for sentence in self.sentences:
            if norm.startswith(_JOINT_OPENERS, sentence.start):
                joint.add(sentence.start)
        self.joint_starts = sorted(joint)
        kinds = VERB_KIND
        self.verbs: list[tuple[int, int, str, str]] = [
            (match.start(1), match.end(), key, kinds[key])
            for match in _VERB_SCAN.finditer(norm, body - 1, end)
            for key in (match.group(1),)
        ]
        self.verb_starts = [v[0] for v in self.verbs]
        text = self.text
        has_quotes = '"' in text or "\u201c" in text or "\u201d" in text or "\u00ab" in text
        self.quotes = self._quotes() if has_quotes else []
        self.quote_starts = [start for start, _end in self.quotes]
        self._sentence_starts: list[int] | None = None
        # Wire agencies attribute every paragraph: a paragraph without an attribution is the
        # reporter's background, not the last speaker going on.
        self.wire = (meeting.source or "").strip().lower() in _WIRES or (
            _WIRE_DATELINE.search(norm, 0, min(len(norm), body + 600)) is not None
        )
        self._resolved: dict[tuple[str, int], tuple[bool, tuple[str, tuple[Person, ...]]]] = {}
        # ``We, the G7 Foreign Ministers, ...``: a statement made by all its signatories.
        self.collective = any(
            norm.startswith(_COLLECTIVE, sentence.start) for sentence in self.sentences
        )
        # A statement with a byline and nobody met (set once meetings are marked).
        self.solo: Person | None = None
        self.byline_end = -1  # where the byline that names the author ends

    def _aliases(self) -> None:
        """``President Joko Widodo (Jokowi)``: the name in brackets is the same person's."""
        for match in _ALIAS.finditer(self.norm, self.body, self.end):
            person = self.cast.lookup(tuple(match.group("name").split()))
            if person is not None and " " in person.name:
                self.cast.alias(person, match.group("alias"))

    # -- scans ---------------------------------------------------------------------------------

    def sentence_end(self, position: int) -> int:
        if self._sentence_starts is None:
            self._sentence_starts = [sentence.start for sentence in self.sentences]
        index = bisect_right(self._sentence_starts, position) - 1
        return self.sentences[index].end if index >= 0 else self.end

    def ref_at(self, position: int) -> re.Match[str] | None:
        # Plain runs of capitalised words are already there, from the scan for runs.
        refs = self._refs
        if position in refs:
            return refs[position]
        ref = refs[position] = _REF.match(self.norm, position, self.end)
        return ref

    def _quotes(self) -> list[tuple[int, int]]:
        """Quoted spans, paragraph by paragraph; an unclosed quote runs to its paragraph's end."""
        text = self.text
        # Quotation marks are few: find them with ``str.find`` (fast) rather than a regex.
        marks: list[int] = []
        for char in _QUOTE_MARKS:
            at = text.find(char, self.body)
            while at >= 0:
                marks.append(at)
                at = text.find(char, at + 1)
        marks.sort()
        spans: list[tuple[int, int]] = []
        sentences = self.sentences
        index = 0
        count = len(sentences)
        cursor = 0
        while index < count and cursor < len(marks):
            paragraph = sentences[index].paragraph
            start = sentences[index].start
            last = index
            while last + 1 < count and sentences[last + 1].paragraph == paragraph:
                last += 1
            end = sentences[last].end
            open_at: int | None = None
            while cursor < len(marks) and marks[cursor] < end:
                position = marks[cursor]
                cursor += 1
                if position < start:
                    continue
                char = text[position]
                if char in _OPENERS:
                    if open_at is None:
                        open_at = position
                elif char in _CLOSERS or open_at is not None:
                    if open_at is not None:
                        spans.append((open_at, position + 1))
                        open_at = None
                else:
                    open_at = position
            if open_at is not None:
                spans.append((open_at, end))
            index = last + 1
        return spans

    def inside_quote(self, position: int) -> bool:
        index = bisect_left(self.quote_starts, position) - 1
        return index >= 0 and position < self.quotes[index][1]

    # -- subjects and verbs --------------------------------------------------------------------

    def pairs(self, sentence: Sentence) -> list[_Pair]:
        """Every subject-verb pair of one sentence, in order, outside quotations."""
        norm = self.norm
        low = bisect_left(self.verb_starts, sentence.start)
        high = bisect_left(self.verb_starts, sentence.end)
        if low == high:
            # No verb: only a plural subject (``The two sides ...``) can make a pair.
            joint = self.joint_starts
            at = bisect_left(joint, sentence.start)
            if at < len(joint) and joint[at] < sentence.end:
                found: list[_Pair] = []
                self._joint_pairs(sentence, found)
                return found
            return []
        found = []
        cand_low = bisect_left(self.candidates, sentence.start)
        taken_until = -1
        quoted = bool(self.quotes)
        candidates = self.candidates
        ref_at = self.ref_at
        gap = _GAP.fullmatch
        s_start = sentence.start
        for v_start, v_end, key, kind in self.verbs[low:high]:
            if kind == "object" or (quoted and self.inside_quote(v_start)):
                continue
            subject: re.Match[str] | None = None
            floor = v_start - 280
            if floor < taken_until:
                floor = taken_until
            if floor < s_start:
                floor = s_start
            # A subject is never across a quotation mark or three commas.
            quote = norm.rfind('"', floor, v_start)
            if quote >= 0:
                floor = quote + 1
            comma = norm.rfind(",", floor, v_start)
            if comma >= 0:
                comma = norm.rfind(",", floor, comma)
                if comma >= 0:
                    comma = norm.rfind(",", floor, comma)
                    if comma >= 0:
                        floor = comma + 1
            for index in range(bisect_left(candidates, v_start, cand_low) - 1, cand_low - 1, -1):
                position = candidates[index]
                if position < floor:
                    break
                ref = ref_at(position)
                if ref is None:
                    continue
                ref_end = ref.end()
                if ref_end > v_start or norm.startswith("'s", ref_end - 2):
                    continue  # ``Russia's continued build-up``: a possessive is no subject
                if gap(norm, ref_end, v_start) is not None:
                    # Both tests below need a comma between the reference and the verb.
                    comma_between = norm.find(",", ref_end, v_start) >= 0
                    if comma_between and self._background_place(ref, v_start):
                        continue
                    subject = ref
                    if comma_between:
                        subject = self._appositive_subject(index, cand_low, v_start) or ref
                    # The widest reference ending there: ``A and B`` read as one run.
                    outer = self.run_of.get(subject.start())
                    if outer is not None:
                        other = self.ref_at(outer)
                        if other is not None and other.end() == subject.end():
                            subject = other
                    break
            if subject is None:
                if key in _REPORTING and self._someone_else_reports(sentence, v_start):
                    found.append(_Pair(v_start, v_end, key, kind, []))
                continue
            refs = [subject]
            # ``X and Y``, ``X, Y and Z``: a list of subjects sharing the verb.
            while norm.endswith((" and ", ", "), max(0, refs[0].start() - 6), refs[0].start()):
                before = self._ref_before(refs[0].start(), cand_low)
                if before is None:
                    break
                refs.insert(0, before)
            if len(refs) == 1:
                # ``Kamikawa and her Chinese counterpart Wang Yi agreed``: both are subjects.
                # The pattern needs the word ``counterpart``: look for it with ``str.find``.
                window = max(s_start, subject.start() - 60)
                counterpart = (
                    _AND_COUNTERPART.search(norm, window, subject.start())
                    if norm.find("counterpart", window, subject.start()) >= 0
                    else None
                )
                if counterpart is not None:
                    before = self._ref_before(counterpart.end("and"), cand_low)
                    if before is not None:
                        refs.insert(0, before)
            if len(refs) == 1 and _country_only(subject):
                refs = self._countries_before(subject, cand_low) or refs
            if len(refs) > 1 and " and " not in norm[refs[0].start() : subject.start()]:
                refs = [subject]  # ``between China and South Korea, Wang said``: not a list
            elif len(refs) > 1 and _country_only(subject):
                refs = [subject]
            p_start = refs[0].start()
            pair = _Pair(p_start, v_end, key, kind, refs)
            floor_at = p_start - 16 if p_start - 16 > s_start else s_start
            space = norm.rfind(" ", floor_at, p_start - 1)
            prior_word = norm[(space if space >= floor_at else floor_at - 1) + 1 : p_start].rstrip()
            pair.embedded = prior_word in _EMBEDDED_WORDS or prior_word in _REPORTING
            if subject.group("pron") is not None:
                head = norm[max(s_start, p_start - 40) : p_start]
                pair.switch = _is_switch(head) or _is_switch(norm[subject.end() : v_start])
            found.append(pair)
            taken_until = v_end
        joint = self.joint_starts
        at = bisect_left(joint, sentence.start)
        if at < len(joint) and joint[at] < sentence.end:
            self._joint_pairs(sentence, found)
        if high > low and self.verbs[high - 1][2] in _INVERTING:
            self._inverted(sentence, found, low, high)
        if len(found) > 1:
            found.sort(key=_pair_start)
            # Which attribution ends the sentence matters only when there are several.
            for pair in found:
                if not pair.tail:
                    pair.tail = _TAIL.match(norm, pair.end, sentence.end) is not None
        if quoted and found and norm.find('"', sentence.start, sentence.end) >= 0:
            self._mark_after_quote(sentence, found)
        return found

    def unknown_speaker(self, sentence: Sentence) -> bool:
        """A verb of speech outside quotations with no participant as its subject: ``The
        previous Conservative government described China as ...`` opens a paragraph of
        someone else's words, not the last speaker's."""
        low = bisect_left(self.verb_starts, sentence.start)
        high = bisect_left(self.verb_starts, sentence.end)
        if not any(
            kind == "speech" and not (self.quotes and self.inside_quote(v_start))
            for v_start, _v_end, _key, kind in self.verbs[low:high]
        ):
            return False
        # ``China has never sought ...`` is the speaker's country going on: only a sentence
        # that opens with nobody of the meeting is someone else's.
        ref = self.ref_at(sentence.start)
        if ref is None:
            return False
        if ref.group("pron") is not None or ref.group("joint") is not None:
            return False
        kind, _people = self.resolve(ref, create=False)
        return kind == "other"

    def _background_place(self, ref: re.Match[str], v_start: int) -> bool:
        """``Turkey, a NATO member, has sought ...``: a country described by an appositive is
        the reporter's background, not its minister speaking."""
        if self.norm.find(",", ref.end(), v_start) < 0:
            return False
        if ref.group("cap") is None:
            return False
        parts = analyse(ref.group(0))
        return bool(parts) and all(
            country and not (name or role) for name, role, country, _s in parts
        )

    def _someone_else_reports(self, sentence: Sentence, v_start: int) -> bool:
        """``A State Department spokesperson said``: a speaker outside the meeting."""
        space = max(self.norm.rfind(" ", sentence.start, v_start - 1), sentence.start - 1)
        word = self.norm[space + 1 : v_start].strip().lower()
        return word.isalpha() and word not in _NOT_REPORTERS

    def _ref_before(self, start: int, floor_index: int) -> re.Match[str] | None:
        norm = self.norm
        joiner_at = start - 5 if norm.endswith(" and ", 0, start) else start - 2
        floor = max(0, joiner_at - 40)
        word_start = max(norm.rfind(" ", floor, joiner_at) + 1, floor)
        word = norm[word_start:joiner_at]
        # Only a name or a role ends right before ``and``/``,`` in a list of subjects.
        if not word[:1].isupper() and word.lower() not in _LIST_END_WORDS:
            return None
        index = bisect_left(self.candidates, start) - 1
        while index >= floor_index:
            position = self.candidates[index]
            if start - position > 120:
                return None
            ref = self.ref_at(position)
            if ref is not None and ref.end() < start:
                joiner = _AND.fullmatch(self.norm, ref.end(), start)
                if joiner is None:
                    return None
                if ref.group("pron") is not None or ref.group("joint") is not None:
                    return None
                if self.norm[ref.end() : start].strip() == "," and not self._is_person(ref):
                    return None
                if not self._is_person(ref) or _country_only(ref):
                    return None
                return ref
            index -= 1
        return None

    def _countries_before(
        self, subject: re.Match[str], floor_index: int
    ) -> list[re.Match[str]] | None:
        """``Russia and Moldova agreed``: two participants' countries as one subject."""
        start = subject.start()
        if not self.norm.endswith(" and ", 0, start):
            return None
        index = bisect_left(self.candidates, start - 5) - 1
        while index >= floor_index and start - self.candidates[index] <= 60:
            ref = self.ref_at(self.candidates[index])
            if ref is not None and ref.end() == start - 5:
                if not _country_only(ref):
                    return None
                people = {
                    id(person)
                    for one in (ref, subject)
                    for person in self.resolve(one, create=False)[1]
                }
                return [ref, subject] if len(people) == 2 else None
            index -= 1
        return None

    def _appositive_subject(self, index: int, floor: int, v_start: int) -> re.Match[str] | None:
        """``Baerbock, who has pushed for a tougher line on Beijing, said``: Baerbock."""
        # A few references back at most: an appositive holds few names, and a run of
        # ``X, Y, Z, said`` must not make every verb look at every name before it.
        for earlier in range(index - 1, max(floor, index - 9) - 1, -1):
            position = self.candidates[earlier]
            if v_start - position > 280:
                return None
            ref = self.ref_at(position)
            if ref is None or ref.end() >= self.candidates[index]:
                continue
            if not self.norm.startswith(",", ref.end()):
                continue
            if _GAP.fullmatch(self.norm, ref.end(), v_start) is not None and self._is_person(ref):
                if ref.group("cap") is not None and _country_only(ref):
                    continue
                return ref
        return None

    def _is_person(self, ref: re.Match[str]) -> bool:
        kind, _people = self.resolve(ref, create=False)
        return kind in ("person", "joint")

    def _joint_pairs(self, sentence: Sentence, found: list[_Pair]) -> None:
        """``The two sides had candid talks``: a plural subject with any finite verb."""
        low = bisect_left(self.joint_starts, sentence.start)
        high = bisect_left(self.joint_starts, sentence.end)
        if low == high:
            return
        quoted = bool(self.quotes)
        taken = _taken(found) if found else set()
        for position in self.joint_starts[low:high]:
            if position in taken or (quoted and self.inside_quote(position)):
                continue
            ref = self.ref_at(position)
            if ref is None or ref.group("joint") is None:
                continue
            follow = _JOINT_VERB.match(self.norm, ref.end(), sentence.end)
            if follow is None:
                continue
            word = follow.group("w")
            if not (word.endswith("ed") or word in _JOINT_WORDS):
                continue
            pair = _Pair(position, follow.end(), word, "joint", [ref])
            head = self.norm[max(sentence.start, position - 40) : position]
            words = head.rstrip().rsplit(" ", 1)
            pair.embedded = bool(words) and words[-1] in _EMBEDDED_WORDS
            pair.tail = _TAIL.match(self.norm, follow.end(), sentence.end) is not None
            found.append(pair)

    def _inverted(self, sentence: Sentence, found: list[_Pair], low: int, high: int) -> None:
        """``..., said Wang.``: a verb of speech near the end, after a comma or a quote."""
        norm = self.norm
        floor = sentence.end - 80
        for v_start, v_end, key, _kind in self.verbs[low:high]:
            if v_start < floor or key not in _INVERTING:
                continue
            before = norm[max(sentence.start, v_start - 4) : v_start].rstrip(' "')
            if not before.endswith(","):
                continue
            ref = _REF.match(norm, v_end + 1, sentence.end)
            if ref is None:
                continue
            if (
                not norm.startswith(",", ref.end())
                and _TAIL.match(norm, ref.end(), sentence.end) is None
            ):
                continue  # ``..., said Wang Yi, also a member of ...`` ends with an appositive
            pair = _Pair(v_start, ref.end(), key, "speech", [ref])
            pair.tail = True
            found.append(pair)

    def _mark_after_quote(self, sentence: Sentence, found: list[_Pair]) -> None:
        last_close = -1
        # Quotations are ordered and do not overlap: only those opened before the end count.
        for index in range(bisect_left(self.quote_starts, sentence.end) - 1, -1, -1):
            q_start, q_end = self.quotes[index]
            if q_end < sentence.start:
                break
            closes_here = sentence.start <= q_end <= sentence.end and q_end > q_start + 1
            if closes_here and self.norm[q_end - 1] == '"':
                last_close = max(last_close, q_end)
        if last_close < 0:
            return
        for pair in found:
            if pair.start >= last_close and self.norm[last_close : pair.start].strip(" ,") == "":
                pair.after_quote = True

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
        if not (after[:1] in ("", ".", ",", ";") or after.startswith(_AFTER_SINGLE_NAME)):
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

    def mark_meetings(self, all_pairs: list[list[_Pair]]) -> None:
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
        for _start, v_end, _key, kind in self.verbs:
            if kind == "object":
                self._mark_object(v_end)

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


class _State:
    """What a reader keeps in mind from sentence to sentence."""

    def __init__(self) -> None:
        self.run: Person | None = None
        self.run_joint = False
        self.run_paragraph = -1
        self.last_subject: Person | None = None
        self.last_spoke: dict[int, int] = {}  # id(person) -> sentence index


# ``1. At the outset, ...``: the number of a numbered paragraph is not part of what is said.
_LIST_MARKER = re.compile(r"\d{1,2}\.[ \t\u00a0]+(?=\S)")
# ``SEOUL, June 2 (Yonhap) --``, ``Jakarta (ANTARA) -``, ``TOKYO, May 14, 2024 (AFP) -``.
_DATELINE = re.compile(
    r"(?:[A-Z][A-Za-z.'\- ]{1,40}?,[ \u00a0]+)?"
    r"(?:[A-Z][a-z]{2,8}\.?[ \u00a0]+\d{1,2}(?:,[ \u00a0]+\d{4})?[ \u00a0]+"
    r"|[A-Z][A-Za-z. ]{1,30}[ \u00a0]+)?"
    r"\([A-Z][A-Za-z]+(?:[ \u00a0][A-Z][A-Za-z]+)?\)[ \u00a0]*(?:--|-|\u2014|\u2013)[ \u00a0]*"
    r"(?=\S)"
)


def attribute(meeting: Meeting) -> None:
    """Fill ``meeting.speakers`` and each sentence's ``kind`` and ``speaker``."""
    sentences = meeting.sentences
    if not sentences:
        meeting.speakers = []
        return
    # Read numbered paragraphs and sentences under a wire's dateline from their first word:
    # the number or the dateline is not what is said. Their spans are restored after.
    numbered: list[tuple[Sentence, int]] = []
    text = meeting.text
    for sentence in sentences:
        first = text[sentence.start : sentence.start + 1]
        # A marker starts with a digit (``\d`` is exactly ``str.isdecimal``), a dateline with
        # a capital and has a bracket soon: most sentences are ruled out without a regex.
        if first.isdecimal():
            marker = _LIST_MARKER.match(text, sentence.start, sentence.end)
        elif first.isupper() and text.find("(", sentence.start, sentence.start + 60) >= 0:
            marker = _DATELINE.match(text, sentence.start, sentence.end)
        else:
            continue
        if marker is not None and marker.end() < sentence.end:
            numbered.append((sentence, sentence.start))
            sentence.start = marker.end()
    try:
        _attribute(meeting, sentences)
    finally:
        for sentence, start in numbered:
            sentence.start = start


def _attribute(meeting: Meeting, sentences: list[Sentence]) -> None:
    article = _Article(meeting)
    cast = article.cast
    body = article.body
    labels = _labels(article)
    all_pairs = [
        article.pairs(s) if s.start >= body and i not in labels else []
        for i, s in enumerate(sentences)
    ]
    article.mark_meetings(all_pairs)
    author = article._author()
    if author is not None and not labels and not any(p.met for p in cast.people):
        article.solo = author

    state = _State()
    results: list[tuple[Kind, Person | None]] = []
    label_now: tuple[Person | None] | None = None
    source = meeting.source
    norm = article.norm
    pending: dict[int, Person] = {}
    furniture: set[int] = set()
    for index, sentence in enumerate(sentences):
        chunk = norm[sentence.start : sentence.end]
        if sentence.start < body or (source is not None and chunk.strip() == source):
            results.append((_NARRATION, None))
            continue
        new_paragraph = index == 0 or sentences[index - 1].paragraph != sentence.paragraph
        if new_paragraph and index in labels:
            label_now = (labels[index],)
        if _is_furniture(chunk, sentence, sentences, index, index in labels):
            results.append((_NARRATION, None))
            furniture.add(index)
            state.run, state.run_joint = None, False
            continue
        if label_now is not None:
            who = label_now[0]
            results.append((_STATEMENT, who) if who else (_NARRATION, None))
            if who is not None:
                who.spoke = True
            continue
        if index in pending:
            kind: Kind | None = _STATEMENT
            person: Person | None = pending.pop(index)
        elif state.run is not None and _MESSAGE.match(chunk):
            kind, person = _STATEMENT, state.run  # ``The message reads:``: the sender's words
        elif article.collective and chunk.startswith(_COLLECTIVE):
            kind, person = _JOINT, None  # ``We, the Foreign Ministers of ..., reaffirm``
        else:
            kind, person = _decide(article, all_pairs[index], state)
        if kind is None:
            # A quotation that runs on into later sentences: their attribution is its own.
            ahead = _forward_quote(article, all_pairs, index, state)
            if ahead is not None:
                kind, person = _STATEMENT, ahead[0]
                for later in ahead[1]:
                    pending[later] = ahead[0]
            else:
                kind, person = _continuation(article, chunk, sentence, state)
        results.append((kind, person))
        if kind == _STATEMENT and person is not None:
            person.spoke = True
            state.run, state.run_joint = person, False
            state.run_paragraph = sentence.paragraph
            state.last_subject = person
            state.last_spoke[id(person)] = index
        elif kind == _JOINT:
            state.run, state.run_joint = None, True
            state.run_paragraph = sentence.paragraph
        else:
            state.run, state.run_joint = None, False

    solo = article.solo
    if solo is not None and article.byline_end >= 0:
        # A statement under a byline is its author's throughout, what it reports of others
        # included: the author says it.
        for index, sentence in enumerate(sentences):
            if sentence.start >= article.byline_end and index not in furniture:
                results[index] = (_STATEMENT, solo)
                solo.spoke = True
    in_meeting = sorted((p for p in cast.people if p.met or p.spoke), key=lambda p: p.first)
    for person in in_meeting:
        english_order(person, norm)
    speakers: dict[str, Speaker] = {}
    for person in in_meeting:
        if person.id not in speakers:
            speakers[person.id] = Speaker(person.id, person.name, person.role, person.country)
    meeting.speakers = list(speakers.values())
    for sentence, (kind, person) in zip(sentences, results, strict=True):
        if kind == _STATEMENT and person is not None and person.id in speakers:
            sentence.kind, sentence.speaker = _STATEMENT, person.id
        elif kind == _JOINT:
            sentence.kind, sentence.speaker = _JOINT, None
        else:
            sentence.kind, sentence.speaker = _NARRATION, None


def _decide(
    article: _Article, pairs: list[_Pair], state: _State
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
                return _NARRATION, None
            if item[1] != "other":
                chosen = item
                break
    if chosen is None:
        return _NARRATION, None
    pair, who, person = chosen
    if (
        pair.verb_kind == "meet"
        and who == "joint"
        and pair.verb not in _DONE_TOGETHER
        and not _AND_THEN.match(article.norm, pair.end, article.sentence_end(pair.end))
    ):
        return _NARRATION, None  # ``X and Y met in Geneva``: the meeting itself
    if pair.verb_kind == "meet" and who != "joint":
        if person is not None:
            state.last_subject = person
            # ``X spoke with Y to congratulate him``, ``X met Y, saying ...``: X's words.
            if _PURPOSE.match(article.norm, pair.end, article.sentence_end(pair.end)):
                return _STATEMENT, person
        return _NARRATION, None
    if who == "joint":
        return _JOINT, None
    if person is None:
        return None, None
    return _STATEMENT, person


def _who(article: _Article, pair: _Pair, state: _State) -> tuple[str, Person | None]:
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
            near = _SEX_AFTER.match(article.norm, pair.end)
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


_IN_VIEW = re.compile(
    r"[ ]*In[ ]+(?P<who>[A-Z][\w.' -]{1,60}?)'s[ ]+(?:opinion|view|words|assessment|estimation|"
    r"judgement|judgment)\b"
)


def _in_view(article: _Article, chunk: str) -> Person | None:
    """``In Mr Putin's opinion, ...``: the one whose opinion it is."""
    match = _IN_VIEW.match(chunk)
    if match is None:
        return None
    for name, role, country, _sex in analyse(match.group("who")):
        if name:
            return article.cast.lookup(name)
        if role:
            return article.cast.by_role(role.lower(), country)
    return None


def _continuation(
    article: _Article, chunk: str, sentence: Sentence, state: _State
) -> tuple[Kind, Person | None]:
    if chunk.startswith(("In ", " In ")):
        viewer = _in_view(article, chunk)
        if viewer is not None:
            return _STATEMENT, viewer
    if chunk.startswith("According to "):
        ref = article.ref_at(sentence.start + 13)
        if ref is not None and ref.group("pron") is None and ref.group("joint") is None:
            who, people = article.resolve(ref, create=False)
            if who == "person" and not _country_only(ref):
                return _STATEMENT, people[0]  # ``According to Wang, ...``
    if _MEETING_DID.match(chunk):
        return _JOINT, None  # ``The meeting discussed ...``: both sides did
    if _NARRATIVE.match(chunk):
        return _NARRATION, None
    # The passive needs ``was`` or ``were`` (``Views were exchanged``): most sentences lack both.
    if (" was " in chunk or " were " in chunk) and (
        _PASSIVE_JOINT.match(chunk) or _PASSIVE_TALK.search(chunk)
    ):
        return _JOINT, None
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
            return _JOINT, None  # ``We are concerned ...`` in a statement of several
        if who == "person" and article.solo is not None and people[0] is article.solo:
            return _STATEMENT, article.solo  # ``We welcome ...`` in the author's statement
        if who in ("person", "joint"):
            return _NARRATION, None
    if state.run is not None and (
        sentence.paragraph == state.run_paragraph
        or not (article.wire or _BACKGROUND_YEAR.search(chunk) or article.unknown_speaker(sentence))
    ):
        return _STATEMENT, state.run
    if state.run_joint and (state.run_paragraph == sentence.paragraph or article.collective):
        return _JOINT, None
    if article.solo is not None:
        return _STATEMENT, article.solo  # a statement's every sentence is its author's
    return _NARRATION, None


def _forward_quote(
    article: _Article, all_pairs: list[list[_Pair]], index: int, state: _State
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


def _labels(article: _Article) -> dict[int, Person | None]:
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


def _is_furniture(
    chunk: str, sentence: Sentence, sentences: list[Sentence], index: int, labelled: bool
) -> bool:
    stripped = chunk.strip()
    if not stripped:
        return True
    if (stripped.startswith(_FURNITURE_OPENERS) or not stripped[0].isalpha()) and (
        _ANY_FURNITURE.match(stripped)
    ):
        return True
    if labelled:
        return False
    alone = (index == 0 or sentences[index - 1].paragraph != sentence.paragraph) and (
        index + 1 == len(sentences) or sentences[index + 1].paragraph != sentence.paragraph
    )
    # A one-line paragraph without closing punctuation: a title, a place or a byline.
    return alone and stripped[-1] not in ".!?\"'):;" and stripped.count(" ") < 25


__all__ = ["VERB_KIND", "attribute"]
