"""The reading code's scans that stand in for a regular expression's ``finditer`` (for speed)
find what the expression finds, on any text."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dipreader.core.reading.grammar import (
    _PLURAL,
    _PLURAL_WORDS,
    _ROLE_NOUN,
    _ROLE_WORDS,
    CAP_REF,
    JOINT_ADJ,
    JOINT_PREFIXES,
    JOINT_START,
    LOW_SCAN,
    REF,
    caseless_words,
)
from dipreader.core.reading.mentions import _ROLE_BEFORE_COMMA
from dipreader.core.reading.name_runs import (
    _CAPSEQ_RE,
    CAPITAL_BYTES,
    CAPSEQ,
    TOKEN,
    capital_marks,
)
from dipreader.core.reading.parse import _GLUED_SOURCE
from dipreader.core.reading.scan import _runs
from dipreader.core.reading.sentences import _is_boundary, _trimmed, split_line
from dipreader.core.text.fold import fold_text

ROOT = Path(__file__).resolve().parent.parent


def _sample_paths() -> list[Path]:
    """The sample articles and the labelled fixtures' texts."""
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    return paths + sorted((ROOT / "tests" / "fixtures" / "labelled").glob("*.txt"))


_PIECES = st.sampled_from(
    [
        "Wang Yi",
        "said",
        " ",
        "  ",
        "\n",
        ".",
        ". ",
        "...",
        "?!",
        "\u2026",
        "U.S.",
        "Mr.",
        "Jr.",
        "3.5",
        '"',
        "\u201d",
        ")",
        "'",
        "iPhone",
        "of the",
        "and",
        "/",
        "\u00c9lys\u00e9e",
        "\u00d7",
        "\u00ff",
        "\u0100",
        "\u0101b",
        "\u017d",
        "\u017e",
        "\u0130",
        "\u212a",
        "(As interpreted.)",
        "No. 1",
        "The",
        "de la",
    ]
)
# Punctuation often, each mark of it beside the others, so that every kind of run is met.
_MARKS = st.sampled_from([".", "!", "?", "\u2026", ".\u2026", "?!", '."', ". ", "\u2026 "])
_TEXTS = st.lists(st.one_of(_PIECES, _MARKS), max_size=40).map("".join)


@st.composite
def _windows(draw: st.DrawFn) -> tuple[str, int, int]:
    """A text and a window into it, each end cut by up to 8 characters."""
    text = draw(_TEXTS)
    start = min(draw(st.integers(0, 8)), len(text))
    return text, start, max(start, len(text) - draw(st.integers(0, 8)))


_END = re.compile(r"[.!?\u2026]+")


def _split_by_regex(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``split_line`` as it was, with its punctuation found by the regular expression."""
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for match in _END.finditer(text, start, end):
        dot = match.end() - 1
        after = match.end()
        while after < end and text[after] in "\"'\u201d\u2019)]":
            after += 1
        cut = _is_boundary(text, match.start(), dot, after, end, sentence_start)
        if cut is not None:
            span = _trimmed(text, sentence_start, cut)
            if span is not None:
                spans.append(span)
            sentence_start = cut
    span = _trimmed(text, sentence_start, end)
    if span is not None:
        spans.append(span)
    return spans


_SPLIT_EXAMPLE = "Wait\u2026 Then? Yes! No.\u2026 Go."


@settings(max_examples=300)
@given(_windows())
@example((_SPLIT_EXAMPLE, 0, len(_SPLIT_EXAMPLE)))
def test_the_splitter_finds_its_punctuation_as_the_pattern_did(
    window: tuple[str, int, int],
) -> None:
    text, start, end = window
    assert list(split_line(text, start, end)) == _split_by_regex(text, start, end)


def test_capital_bytes_mark_every_latin1_character_a_run_may_start_with() -> None:
    starts = re.compile(CAPSEQ)
    for byte in range(256):
        assert (CAPITAL_BYTES[byte] == ord("A")) == (starts.match(chr(byte)) is not None)


def _described(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(match.span(), match.groupdict()) for match in matches]


_RUNS_EXAMPLE = "iPhone Pro and \u00c9lys\u00e9e de la R\u00e9publique met \u00d7 \u00de"


@settings(max_examples=300)
@given(_windows())
@example((_RUNS_EXAMPLE, 0, len(_RUNS_EXAMPLE)))
def test_capital_runs_are_found_where_the_pattern_finds_them(
    window: tuple[str, int, int],
) -> None:
    text, start, end = window
    marks = capital_marks(text)
    if marks is None:  # beyond Latin-1: the pattern's own scan is used
        assert any(ord(char) > 255 for char in text)
        return
    assert len(marks) == len(text)
    found = list(_runs(text, marks, start, end))
    assert _described(found) == _described(list(CAP_REF.finditer(text, start, end)))


def test_caseless_letters_admit_what_case_folding_admits() -> None:
    letters = re.compile("(?i)[a-z]")
    folded = [chr(code) for code in range(0x110000) if letters.fullmatch(chr(code))]
    for letter in "abcdefghijklmnopqrstuvwxyz":
        caseless = re.compile(caseless_words([letter]))
        blind = re.compile(f"(?i){letter}")
        assert [c for c in folded if caseless.fullmatch(c)] == [
            c for c in folded if blind.fullmatch(c)
        ]


def _blind(words: list[str]) -> re.Pattern[str]:
    """The case-blind alternation that ``caseless_words`` stands for."""
    return re.compile(
        "(?i:" + "|".join(w.replace(" ", "[ ]+").replace("-", r"\-") for w in words) + r")\b"
    )


_WORD_PIECES = st.sampled_from(
    [*_PLURAL_WORDS, *_ROLE_WORDS, "director-general", "councillor", " ", "  ", "-", "x", "s"]
)


@settings(max_examples=300)
@given(st.lists(_WORD_PIECES, max_size=6), st.randoms(use_true_random=False))
@example(["the director-general"], random.Random(0))
def test_caseless_words_match_as_the_case_blind_alternation(
    pieces: list[str], chance: random.Random
) -> None:
    text = "".join(pieces).replace("+", "l")
    # Any case, and the letters that case folding admits for ``i``, ``k`` and ``s``.
    swaps = {"i": "\u0130\u0131I", "k": "\u212aK", "s": "\u017fS"}
    text = "".join(
        chance.choice(swaps.get(c, c.upper())) if chance.random() < 0.3 else c for c in text
    )
    for words in (_PLURAL_WORDS, _ROLE_WORDS):
        caseless = re.compile(caseless_words(words) + r"\b")
        blind = _blind(words)
        for at in range(len(text)):
            mine, theirs = caseless.match(text, at), blind.match(text, at)
            assert (mine and mine.span()) == (theirs and theirs.span())


def test_caseless_words_keep_the_order_of_the_words() -> None:
    """``director`` before ``director-general``: the shorter word, listed first, is tried
    first (a plain trie would try the longer one)."""
    ref = REF.match("the director-general of the agency")
    assert ref is not None
    assert ref.group("noun") == "director"
    with pytest.raises(ValueError, match="begin alike"):
        caseless_words(["council+or", "councilor"])


# LOW_SCAN as it was written before its words were factored by prefix.
_AFTER_THE_BEFORE = (
    "two|three|four|five|six|other|leaders|ministers|parties|sides|presidents|delegations|"
    "heads|prime|top|chief|visiting|host|foreign|external|state|secretary|president|premier|"
    "chancellor|minister|leader|counterpart|delegation|envoy|official|guest|vice|high|"
    "diplomat|pair|participants|acting|head|governor"
)
_LOW_SCAN_BEFORE = re.compile(
    rf" (?:the (?=[A-Z]|(?:{_AFTER_THE_BEFORE})\b)|both |all |they |he |she |his |her |it )"
)
_LOW_TOKENS = [
    *_AFTER_THE_BEFORE.split("|"),
    *"the they he she his her it both all then them there hero item headline Xi twos".split(),
]


def test_low_scan_takes_every_word_after_the_it_took() -> None:
    for word in _AFTER_THE_BEFORE.split("|"):
        for text in (f" the {word} met", f" the {word}s met", f" the {word}"):
            found = [m.span() for m in LOW_SCAN.finditer(text)]
            assert found == [m.span() for m in _LOW_SCAN_BEFORE.finditer(text)], text


@given(st.lists(st.sampled_from(_LOW_TOKENS), max_size=30).map(lambda words: " " + " ".join(words)))
def test_low_scan_finds_what_the_alternation_found(text: str) -> None:
    assert [m.span() for m in LOW_SCAN.finditer(text)] == [
        m.span() for m in _LOW_SCAN_BEFORE.finditer(text)
    ]


# The patterns of runs of capitals as they were, with ``CAPSEQ`` where ``CAPSEQ_LAST`` is now.
_CAP_REF_BEFORE = re.compile(
    rf"(?P<cap>{CAPSEQ})(?:(?!)"
    + "".join(
        f"(?P<{name}>)"
        for name in ("joint", "nom", "npos", "nadj", "noun", "nof", "pron", "poss", "padj")
    )
    + "|)"
)
# REF and JOINT_ADJ as they were, with TOKEN, CAPSEQ and words that give back.
_REF_BEFORE = re.compile(
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
_JOINT_ADJ_BEFORE = re.compile(
    r"the[ ]+(?!United[ ]+Nations\b)(?:[A-Z][\w.'-]+(?:[ ]+and[ ]+[A-Z][\w.'-]+)?[ ]+){1,3}"
    + _PLURAL
    + r"\b"
)
_CAPSEQ_BEFORE = re.compile(CAPSEQ)
_RUN_PIECES = st.sampled_from(
    [
        *"Wang Yi Park Jin The He It A Mr Mrs Ms Dr Prof Sen Gov Lt Col Hon Amb St Jr".split(),
        *"of for and the on de da do dos das del della di du la le van von der den".split(),
        *"bin bint binti ibn al el said met his her counterpart counterparts".split(),
        *"the Foreign Ministers top diplomat Chinese's sides two leaders of State visiting".split(),
        *" , . / - ' 's ( ) \u00a0 \u00c9 \u00e9 \u00d7 \u0100 \u017d \u0101 \u0130 _ 3".split(),
        " ",
        "  ",
        "U.S.",
        "S.",
        "Mr.",
        "Prof.",
        "Jr.",
        "Mr.Wang",
    ]
)
_RUN_TEXTS = st.lists(_RUN_PIECES, max_size=30).map("".join)


def _same_runs(text: str) -> None:
    """The runs' patterns, REF and JOINT_ADJ match as they did at every position of ``text``."""
    for old, new in ((_CAP_REF_BEFORE, CAP_REF), (_CAPSEQ_BEFORE, _CAPSEQ_RE)):
        for at in range(len(text) + 1):
            mine, theirs = new.match(text, at), old.match(text, at)
            assert (mine and (mine.span(), mine.groupdict())) == (
                theirs and (theirs.span(), theirs.groupdict())
            ), (text, at)
    for at in range(len(text)):
        mine, theirs = REF.match(text, at), _REF_BEFORE.match(text, at)
        assert (mine and (mine.span(), mine.groupdict())) == (
            theirs and (theirs.span(), theirs.groupdict())
        ), (text, at)
        mine, theirs = JOINT_ADJ.match(text, at), _JOINT_ADJ_BEFORE.match(text, at)
        assert (mine and mine.span()) == (theirs and theirs.span()), (text, at)


@settings(max_examples=500)
@given(st.one_of(_RUN_TEXTS, st.lists(_RUN_PIECES, max_size=30).map(" ".join)))
@example("Mr. Wang and Mrs.Park of the U.S. de la Rosa binti Ali/Prof. Jr.")
@example("State Councillor and Foreign Minister Wang Yi and South Korean Minister Park Jin")
def test_runs_of_capitals_match_as_they_did_on_drawn_texts(text: str) -> None:
    _same_runs(text)


def test_runs_of_capitals_match_as_they_did_on_the_sample_articles() -> None:
    paths = _sample_paths()
    assert len(paths) > 20
    for path in paths:
        _same_runs(fold_text(path.read_text(encoding="utf-8-sig")))


def _same_joint_starts(text: str) -> None:
    """``JOINT_START`` fits at every position of ``text`` where the three tests it stands
    for found a plural subject's start."""
    for at in range(len(text) + 1):
        before = text.startswith(JOINT_PREFIXES, at) or (
            text.startswith("the ", at) and _JOINT_ADJ_BEFORE.match(text, at) is not None
        )
        assert (JOINT_START.match(text, at) is not None) == before, (text, at)


_JOINT_PIECES = st.sampled_from(
    [
        *{word for prefix in JOINT_PREFIXES for word in prefix.split()},
        *"the The Russian German and United Nations Presidents leaders met said".split(),
        *"sides side all ministers pair S K \u017f \u0130 x".split(),
        " ",
        "  ",
    ]
)


def test_joint_starts_take_every_prefix_the_tests_took() -> None:
    for prefix in JOINT_PREFIXES:
        for text in (prefix, f"{prefix} met", f"x {prefix}s", f"{prefix[:-1]} and"):
            _same_joint_starts(text)


@settings(max_examples=500)
@given(st.lists(_JOINT_PIECES, max_size=20).map(" ".join))
@example("the Russian and German Presidents and all three and it was noted")
def test_joint_starts_are_where_the_three_tests_found_them(text: str) -> None:
    _same_joint_starts(text)


def test_joint_starts_are_where_they_were_in_the_sample_articles() -> None:
    for path in _sample_paths():
        _same_joint_starts(fold_text(path.read_text(encoding="utf-8-sig")))


# ``_ROLE_BEFORE_COMMA`` as it was, with ``CAPSEQ``, which gives back.
_ROLE_BEFORE_COMMA_BEFORE = re.compile(rf"(?:^|(?<=[ \n]))(?:[Tt]he[ ]+)?(?P<role>{CAPSEQ}),[ ]+$")


def _same_roles_before_commas(text: str, every: bool) -> None:
    """``_ROLE_BEFORE_COMMA`` finds what it did in the 80 characters before each position
    (``every``), or before each space (where alone it can end)."""
    for end in range(len(text) + 1):
        if not every and not text.endswith(" ", 0, end):
            continue
        for start in {max(0, end - 80), max(0, end - 7)}:
            mine = _ROLE_BEFORE_COMMA.search(text, start, end)
            theirs = _ROLE_BEFORE_COMMA_BEFORE.search(text, start, end)
            assert (mine and (mine.span(), mine.groupdict())) == (
                theirs and (theirs.span(), theirs.groupdict())
            ), (text, start, end)


@settings(max_examples=300)
@given(st.lists(_RUN_PIECES, max_size=16).map("".join))
@example("The President of the Republic and the President of Brazil, Lula")
@example("the Foreign Secretary of State and Foreign , X")
def test_roles_before_a_comma_are_found_as_they_were_on_drawn_texts(text: str) -> None:
    _same_roles_before_commas(text, every=True)


def test_roles_before_a_comma_are_found_as_they_were_in_the_sample_articles() -> None:
    for path in _sample_paths():
        _same_roles_before_commas(fold_text(path.read_text(encoding="utf-8-sig")), every=False)


_ADJECTIVES = ["Chinese", "O'Neill", "U.S.", "Mr.", "Co-Chair", "South", "\u0100b", "A.B", "Xx's"]


def test_references_match_as_they_did_on_built_phrases() -> None:
    """Words of every kind (an apostrophe, initials, a title, a hyphen, beyond Latin-1) one to
    four deep before role and plural words: REF and JOINT_ADJ as they were."""
    nouns = ["Minister", "sides", "foreign minister", "counterpart", "Presidents", "said"]
    for noun in nouns:
        for count in range(1, 5):
            for first in range(len(_ADJECTIVES)):
                words = [_ADJECTIVES[(first + k) % len(_ADJECTIVES)] for k in range(count)]
                lead = " ".join(words)
                for text in (
                    f"the {lead} {noun} met",
                    f"his {lead} {noun}, ",
                    f"the {noun} of the {lead} said",
                    f"both {lead} and {words[-1]} {noun}",
                    f"{lead}'s {noun} of {lead}",
                ):
                    _same_runs(text)


# ``_GLUED_SOURCE`` as it was, with its looks back before the name's capital.
_GLUED_SOURCE_BEFORE = re.compile(
    r"(?<=[a-z0-9.!?\"\u201d\u2019)])(?<![A-Z]\.)"
    r"(?P<source>(?:[A-Z][\w&'\u2019.-]*)(?:[ \t]+(?:[A-Z][\w&'\u2019.-]*|of|the|and|&)){0,4})"
    r"[ \t]*$"
)


def _same_glued_sources(text: str, stops: list[int]) -> None:
    for stop in stops:
        for start in {0, max(0, stop - 80), max(0, stop - 3)}:
            mine = _GLUED_SOURCE.search(text, start, stop)
            theirs = _GLUED_SOURCE_BEFORE.search(text, start, stop)
            assert (mine and (mine.span(), mine.groupdict())) == (
                theirs and (theirs.span(), theirs.groupdict())
            ), (text, start, stop)


_SOURCE_PIECES = st.sampled_from(
    [
        *"Peninsula Global Times U.S. A B. of the and & said ) ! ? . 9 a \u201d \u2019 \t".split(),
        " ",
    ]
)


@settings(max_examples=300)
@given(st.lists(_SOURCE_PIECES, max_size=12).map("".join))
@example("the Peninsula.Global Times")
@example("U.S.Global Times")
def test_glued_sources_are_found_as_they_were_on_drawn_texts(text: str) -> None:
    _same_glued_sources(text, list(range(len(text) + 1)))


def test_glued_sources_are_found_as_they_were_in_the_sample_articles() -> None:
    for path in _sample_paths():
        text = path.read_text(encoding="utf-8-sig")
        stops = [at for at, char in enumerate(text) if char == "\n"] + [len(text.rstrip())]
        _same_glued_sources(text, stops)
