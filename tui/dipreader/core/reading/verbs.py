"""Verbs of a readout's grammar: of speech (``said``, ``paid special attention to``), of meeting
(``met``, ``held talks``) and what makes a joint or a purpose. The phrases are data, in
``data/verbs.txt``; the patterns built from them are here.
"""

from __future__ import annotations

import re

from dipreader.core.text.names import table


def _sections() -> dict[str, list[str]]:
    """The phrases of ``data/verbs.txt`` by section."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in table("verbs.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            current.append(" ".join(line.split()))
    return sections


_SECTIONS = _sections()


def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for section in ("speech", "meet", "object"):
        for phrase in _SECTIONS[section]:
            table.setdefault(phrase, section)
    return table


VERB_KIND: dict[str, str] = _table()


_Trie = dict[str, "_Trie"]


def trie_pattern(words: list[str]) -> str:
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
VERB_SCAN = re.compile(" (" + trie_pattern(sorted(VERB_KIND)) + r")\b")
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
GAP = re.compile(
    r"(?:,[ ]*(?:Jr|Sr)\.?)?(?:[ ]+\([^()\n]{1,40}\))?(?:[ ]*,[^,\"\n]{1,240}?,)?"
    r"(?:[ ]+|[ ]*,[ ]*)(?:" + _ADVERBS + r"[ ]*,?[ ]+)*"
)
# What a plural subject (``the two sides``, ``they``) does to make a joint sentence.
JOINT_VERB = re.compile(
    r"(?:[ ]*,[^,\"\n]{1,120}?,)?[ ]+(?:" + _ADVERBS + r"[ ]+)*(?P<w>[a-z]+ed|agree|discuss|"
    r"reaffirm|welcome|note|express|commit|underline|stress|share|look|exchange|sign|decide|"
    r"vow|pledge|call|support|oppose|hope|believe|recogni[sz]e|emphasi[sz]e|acknowledge|affirm|"
    r"review|held|met|spoke|took|gave|made|saw|had|underscore|highlight|condemn|confirm)\b"
)
JOINT_WORDS = frozenset(
    """agree discuss reaffirm welcome note express commit underline stress share look exchange
    sign decide vow pledge call support oppose hope believe recognise recognize emphasise
    emphasize acknowledge affirm review held met spoke took gave made saw had witnessed
    underscore highlight condemn confirm""".split()
)
INVERTING = frozenset(
    "said added noted stressed continued emphasized emphasised stated remarked explained "
    "insisted declared".split()
)
# ``held phone talks Saturday and discussed ...``: the meeting verb is followed by a joint one.
AND_THEN = re.compile(r"[^.;\"]{0,120}?\band[ ]+(?:also[ ]+)?(?:[a-z]+ed|agreed|held|had)\b")
# ``X and Y held talks``, ``... took part in the forum``: what two did together, not only the
# meeting itself (``X and Y met``, ``X and Y had a telephone conversation``).
DONE_TOGETHER = frozenset(_SECTIONS["together"])
# What follows a meeting verb to make it the subject's words: a purpose or a participle.
PURPOSE = re.compile(
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
EMBEDDED_WORDS = ("that", "which", "who", "whom", "as", "if", "whether")
TAIL = re.compile(
    r"[ ]*(?:[a-z]+ly[ ]*)?(?:[.!?;:\"')]|[ ]+)*$|,[ ]*(?:adding|saying|noting|stressing|"
    r"emphasi[sz]ing|calling|urging|expressing|hoping|pointing)\b"
)
# Verbs that report someone's words, and the words before them that are not a speaker.
REPORTING = frozenset("said says told added noted stated".split())
NOT_REPORTERS = frozenset(
    "as that which who it this and or but also then further had has have was were be been "
    "being is are previously earlier already repeatedly once again never not".split()
)
