"""The parser on the seeds, sentence by sentence, and on the quirks readouts have."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dipreader.core.reading.parse import parse_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_2023 = SEEDS / "000_e2ee6582c83f05d0.txt"
SEED_2022 = SEEDS / "002_fb00f497c8c50f76.txt"

# Every sentence of each seed, in order: its first and last words.
EXPECTED_2023 = [
    ("China South Korea Photo:VCG", "China South Korea Photo:VCG"),
    ("At the request of the South Korean side", "interests of the two peoples."),
    ("Wang said during the meeting that", "cannot be moved apart."),
    ("They are complementary in their economies", "influenced by third parties."),
    ("China-South Korea relations can and should", "progress steadily."),
    ("In recent times, China-South Korea relations", "interests of the two peoples."),
    ('"We are willing to work with the South Korean side', 'be overshadowed," Wang said.'),
    ("Wang stressed that both sides should exploit", "regional peace and stability."),
    ("The Taiwan question is the core interest", "China-South Korea relations."),
    ("It is hoped that South Korea will adhere", "the Chinese top diplomat pointed out."),
    ("Park Jin, on his part, expressed that", "neighbors and strategic partners."),
    ("The smooth development of South Korea-China", "regional peace and stability."),
    ("South Korea has consistently respected", "this position has not changed."),
    (
        "South Korea is willing to further deepen",
        "open a new 30 years of bilateral relations, Park said.",
    ),
    ("Park noted that he is looking forward", "promoting cultural exchanges with China."),
    ("The two sides also exchanged views", "the situation on the Korean Peninsula."),
    ("Global Times", "Global Times"),
]
EXPECTED_2022 = [
    (
        "Bali - Chinese State Councillor and Foreign Minister Wang Yi",
        "between their two countries.",
    ),
    ("When meeting with Park on the sidelines", "a good start in bilateral relations."),
    ("Noting that this year marks the 30th anniversary", "as well as some practical challenges."),
    ("It is in the common interests of both sides", "over the past 30 years."),
    ("\u201cAs close neighbours and inseparable partners", "towards each other,\u201d Wang noted."),
    ("\u201cChina is willing to work with South Korea", "bilateral relations,\u201d Wang said."),
    ("For his part, Park called the 30th anniversary", "bilateral diplomatic ties a milestone."),
    ("The South Korean side believes that", "cooperation in various fields, he said."),
    (
        "During the meeting, the two sides agreed",
        "strengthen exchanges and in-depth communication.",
    ),
    ("They agreed in principle to realize", "between the two foreign ministers within this year."),
    ("Wang stressed that in the face of rampant", "order based on the international law."),
    ("\u201cAt present, it is particularly important", "bloc politics,\u201d he added."),
]


@pytest.mark.parametrize(
    ("path", "expected"), [(SEED_2023, EXPECTED_2023), (SEED_2022, EXPECTED_2022)]
)
def test_every_sentence_of_the_seeds(path: Path, expected: list[tuple[str, str]]) -> None:
    text = path.read_text(encoding="utf-8")
    meeting = parse_text(text, str(path))
    got = [text[s.start : s.end] for s in meeting.sentences]
    assert len(got) == len(expected), got
    for index, (sentence, (first, last)) in enumerate(zip(got, expected, strict=True)):
        assert sentence.startswith(first), (index, sentence)
        assert sentence.endswith(last), (index, sentence)


def test_seed_2023_header_caption_venue_occasion_source() -> None:
    text = SEED_2023.read_text(encoding="utf-8")
    meeting = parse_text(text, str(SEED_2023))
    assert meeting.date == date(2023, 7, 15)
    assert meeting.caption == "China South Korea Photo:VCG"
    assert meeting.venue == "Jakarta"
    assert meeting.occasion == "the ASEAN foreign ministers' meetings"
    assert meeting.source == "Global Times"
    assert text[meeting.body_start :].startswith("At the request of the South Korean side")


def test_seed_2022_dateline_is_the_venue() -> None:
    text = SEED_2022.read_text(encoding="utf-8")
    meeting = parse_text(text, str(SEED_2022))
    assert meeting.date == date(2022, 7, 8)
    assert meeting.caption is None
    assert meeting.venue == "Bali"
    assert meeting.occasion == "the G20 foreign ministers' meeting"
    assert meeting.source is None
    assert meeting.sentences[0].paragraph == 0
    assert [s.paragraph for s in meeting.sentences] == sorted(
        s.paragraph for s in meeting.sentences
    )


def _sentences(text: str) -> list[str]:
    meeting = parse_text(text, "x.txt")
    return [text[s.start : s.end] for s in meeting.sentences]


@pytest.mark.parametrize(
    "text",
    [
        "U.S. Secretary of State Antony Blinken met Wang Yi.",
        "Mr. Wang met Ms. Wong on Jan. 5 in Jakarta.",
        "The No. 1 priority is growth of 3.5 percent this year.",
        "Indian External Affairs Minister S. Jaishankar met him at 10 a.m. on Monday.",
        "Talks with the U.K. and the U.S.-China track continued.",
        "Minister Kamikawa stated that the Japan-U.S. Alliance is more important than ever.",
    ],
)
def test_abbreviations_and_decimals_stay_whole(text: str) -> None:
    assert _sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two peoples.Wang said so.", ["two peoples.", "Wang said so."]),
        (
            "progress steadily.In recent times, yes.",
            ["progress steadily.", "In recent times, yes."],
        ),
        ('he said."We will go," Wang said.', ["he said.", '"We will go," Wang said.']),
        ("he said.\u201cWe will,\u201d he added.", ["he said.", "\u201cWe will,\u201d he added."]),
        (
            "It works in the U.S. The two sides agreed.",
            ["It works in the U.S.", "The two sides agreed."],
        ),
        ("Is it? Yes! Fine.", ["Is it?", "Yes!", "Fine."]),
        ("(As interpreted.) Thank you.", ["(As interpreted.)", "Thank you."]),
        (
            "KISHIDA: (As interpreted.) Thank you, Joe. It is an honour.",
            ["KISHIDA: (As interpreted.) Thank you, Joe.", "It is an honour."],
        ),
        (
            "Ties have never been stronger. (Laughter.) We agreed.",
            ["Ties have never been stronger. (Laughter.)", "We agreed."],
        ),
        (
            "1. At the outset, Kamikawa spoke. 2. Then Wong.",
            ["1. At the outset, Kamikawa spoke.", "2. Then Wong."],
        ),
    ],
)
def test_boundaries(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_lines_are_boundaries_but_hard_wrapping_is_joined() -> None:
    text = (
        "The Roosevelt Room\n2:15 P.M. EST\n\n"
        "PRESIDENT OBAMA: Well, it is a\npleasure to be here.\n"
    )
    assert _sentences(text) == [
        "The Roosevelt Room",
        "2:15 P.M. EST",
        "PRESIDENT OBAMA: Well, it is a\npleasure to be here.",
    ]


def test_wire_dateline_gives_venue_and_agency() -> None:
    text = "BEIJING, July 8 (Xinhua) -- Chinese President Xi Jinping met with the visitor here."
    meeting = parse_text(text, "x.txt")
    assert meeting.venue == "Beijing"
    assert meeting.source == "Xinhua"
    assert meeting.date is None  # "July 8" names no year: better undated than guessed


def test_tass_dateline_gives_venue_and_agency() -> None:
    text = "MOSCOW, October 18. /TASS/. Russian Foreign Minister Sergey Lavrov met his guest."
    meeting = parse_text(text, "x.txt")
    assert meeting.venue == "Moscow"
    assert meeting.source == "TASS"


def test_source_on_a_line_of_its_own() -> None:
    text = " date 2024-01-02 Wang met Park in Seoul.\n\nXinhua\n"
    meeting = parse_text(text, "x.txt")
    assert meeting.source == "Xinhua"
    assert [text[s.start : s.end] for s in meeting.sentences][-1] == "Xinhua"


def test_impossible_date_is_undated_with_a_warning() -> None:
    meeting = parse_text(" date 2023-13-45 Wang met Park.", "x.txt")
    assert meeting.date is None
    assert any("2023-13-45" in warning for warning in meeting.warnings)


def test_date_from_text_without_header() -> None:
    meeting = parse_text("On March 3, 2021, the two ministers met in Paris.", "x.txt")
    assert meeting.date == date(2021, 3, 3)
