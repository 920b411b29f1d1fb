"""Page furniture and narrative cues: titles, times, bylines, elision marks, closing marks;
sentences about the meeting itself; what both sides did in the passive.
"""

from __future__ import annotations

import re

from dipreader.core.model import Sentence

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
PASSIVE_JOINT = re.compile(
    r"(?:[A-Z][^,]{0,40},[ ]+)?(?:[A-Za-z]+[ ]+){0,2}(?i:attention|views|opinions|consensus|"
    r"agreement|understanding|issues|matters|questions|topics|prospects)[ ]+(?:was|were)[ ]+"
    r"(?:also[ ]+)?(?:paid|given|exchanged|reached|discussed|addressed|touched[ ]+upon|"
    r"reviewed|noted|considered)\b"
)
# ``... was discussed at the meeting``, ``... were addressed``: what the sides did together.
PASSIVE_TALK = re.compile(
    r"\b(?:was|were)[ ]+(?:also[ ]+|then[ ]+|further[ ]+|briefly[ ]+)?(?:discussed|addressed|"
    r"considered|examined|touched[ ]+(?:up)?on|exchanged|the[ ]+(?:subject|focus|topic)[ ]+of|"
    r"on[ ]+the[ ]+agenda)\b"
)
MEETING_DID = re.compile(
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
# Their first letters: most sentences are ruled out on one character.
_FURNITURE_INITIALS = frozenset(opener[0] for opener in _FURNITURE_OPENERS)
_ANY_FURNITURE = re.compile(
    "|".join(f"(?:{rx.pattern})" for rx in (_ELISION, _TIME_LINE, _FURNITURE))
)
NARRATIVE = re.compile(
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


def is_furniture(
    chunk: str, sentence: Sentence, sentences: list[Sentence], index: int, labelled: bool
) -> bool:
    stripped = chunk.strip()
    if not stripped:
        return True
    first = stripped[0]
    if (
        (first in _FURNITURE_INITIALS and stripped.startswith(_FURNITURE_OPENERS))
        or not first.isalpha()
    ) and _ANY_FURNITURE.match(stripped):
        return True
    if labelled:
        return False
    alone = (index == 0 or sentences[index - 1].paragraph != sentence.paragraph) and (
        index + 1 == len(sentences) or sentences[index + 1].paragraph != sentence.paragraph
    )
    # A one-line paragraph without closing punctuation: a title, a place or a byline.
    return alone and stripped[-1] not in ".!?\"'):;" and stripped.count(" ") < 25
