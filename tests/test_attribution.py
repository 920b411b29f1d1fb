"""Who says each sentence: each hard case of the labelling guide (DESIGN §3) on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dipreader.core.model import Kind, Meeting
from dipreader.core.reading.readout import read_meeting

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "fixtures" / "labelled"

INTRO = (
    "Chinese Foreign Minister Wang Yi met with South Korean Foreign Minister Park Jin "
    "in Jakarta on Friday."
)


def read(text: str) -> Meeting:
    return read_meeting(text, "test.txt")


def labels(meeting: Meeting) -> list[str]:
    out = []
    for sentence in meeting.sentences:
        if sentence.kind == Kind.STATEMENT:
            assert sentence.speaker is not None
            out.append(sentence.speaker)
        else:
            assert sentence.speaker is None
            out.append(sentence.kind.value)
    return out


def label_of(meeting: Meeting, start: str) -> str:
    for sentence, label in zip(meeting.sentences, labels(meeting), strict=True):
        if meeting.text[sentence.start : sentence.end].startswith(start):
            return label
    raise AssertionError(f"no sentence starts with {start!r}")


# --- reported and direct speech ----------------------------------------------------------------


@pytest.mark.parametrize(
    "verb",
    [
        "said",
        "noted",
        "stressed",
        "pointed out",
        "expressed",
        "added",
        "called",
        "hoped",
        "reiterated",
        "emphasized",
        "urged",
        "agreed",
        "welcomed",
        "proposed",
        "believed",
        "underlined",
        "told",
    ],
)
def test_reported_speech_verbs(verb: str) -> None:
    meeting = read(f"{INTRO} Park {verb} that the two countries are close neighbours.")
    assert labels(meeting) == ["narration", "park-jin"]


def test_attribution_at_the_end_of_a_sentence() -> None:
    meeting = read(
        f"{INTRO} Wang said China is ready to help. "
        "It is hoped that South Korea will adhere to the one-China principle, "
        "the Chinese top diplomat pointed out. "
        "South Korea is willing to deepen exchanges with China, Park said."
    )
    assert labels(meeting) == ["narration", "wang-yi", "wang-yi", "park-jin"]


def test_direct_quote_with_attribution_in_the_middle() -> None:
    meeting = read(
        f"{INTRO} Park said ties matter. "
        '"China is ready to work with South Korea," Wang said, "and to deepen cooperation."'
    )
    assert labels(meeting)[-1] == "wang-yi"


def test_quote_over_two_sentences_takes_its_closing_attribution() -> None:
    meeting = read(
        f"{INTRO}\n\n“We are neighbours. We cannot move apart,” Park said.\n\nWang agreed."
    )
    assert labels(meeting) == ["narration", "park-jin", "park-jin", "wang-yi"]


def test_for_his_part_and_on_his_part() -> None:
    meeting = read(
        f"{INTRO} Wang said relations should improve. "
        "For his part, Park called the anniversary a milestone. "
        "Wang said China welcomes this. "
        "Park Jin, on his part, expressed that South Korea respects the one-China principle."
    )
    assert labels(meeting) == ["narration", "wang-yi", "park-jin", "wang-yi", "park-jin"]


def test_a_speech_verb_inside_a_quotation_is_not_an_attribution() -> None:
    meeting = read(f'{INTRO} Wang said: "As Park said last year, we should talk more."')
    assert labels(meeting)[-1] == "wang-yi"


# --- pronouns ---------------------------------------------------------------------------------


def test_pronoun_goes_to_the_latest_of_two_men() -> None:
    meeting = read(
        "U.S. Secretary of State Antony Blinken met Russian Foreign Minister Sergey Lavrov in "
        "Geneva. Blinken said the talks were frank. Lavrov said Russia had no plans to attack. "
        "He added that NATO threatened Russia. Blinken said the United States would reply. "
        "He said the reply would come next week."
    )
    assert labels(meeting) == [
        "narration",
        "antony-blinken",
        "sergey-lavrov",
        "sergey-lavrov",
        "antony-blinken",
        "antony-blinken",
    ]


def test_for_his_part_with_a_pronoun_switches_speaker() -> None:
    meeting = read(
        f"{INTRO} Wang said relations should improve. For his part, he said Seoul agrees."
    )
    assert labels(meeting) == ["narration", "wang-yi", "park-jin"]


def test_she_goes_to_the_woman() -> None:
    meeting = read(
        "German Foreign Minister Annalena Baerbock met Chinese Foreign Minister Wang Yi in "
        "Berlin. Wang said China wants peace. “De-risking is not decoupling,” she said. "
        "He said protectionism hurts both countries."
    )
    assert labels(meeting) == ["narration", "wang-yi", "annalena-baerbock", "wang-yi"]


def test_two_women_alternate() -> None:
    meeting = read(
        "Indonesia's foreign minister Retno Marsudi met her Australian counterpart Penny Wong. "
        "Marsudi said ASEAN would not take sides. Wong, for her part, said Australia respected "
        "ASEAN centrality. She added that aid would grow."
    )
    assert labels(meeting) == ["narration", "retno-marsudi", "penny-wong", "penny-wong"]


# --- role nominals and metonyms -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("The Chinese top diplomat noted that ties matter.", "wang-yi"),
        ("The South Korean side believes that trust is crucial.", "park-jin"),
        ("The Chinese side hopes for stability.", "wang-yi"),
        ("Seoul said it wants more exchanges.", "park-jin"),
        ("Beijing urged restraint.", "wang-yi"),
        ("The Korean foreign minister said trade matters.", "park-jin"),
    ],
)
def test_role_nominals_and_metonyms(sentence: str, speaker: str) -> None:
    meeting = read(f"{INTRO} {sentence}")
    assert labels(meeting) == ["narration", speaker]


def test_the_secretary_and_the_foreign_minister() -> None:
    meeting = read(
        "Secretary of State Antony J. Blinken met with Japanese Foreign Minister Yoko Kamikawa. "
        "The Secretary underscored the alliance. The Foreign Minister thanked the Secretary."
    )
    assert labels(meeting) == ["narration", "antony-blinken", "yoko-kamikawa"]


# --- continuation, joint, narration ---------------------------------------------------------------


def test_continuation_until_a_joint_sentence() -> None:
    meeting = read(
        f"{INTRO} Wang said the two countries are neighbours. They are inseparable partners. "
        "China-South Korea relations should progress steadily. The two sides also exchanged "
        "views on the Korean Peninsula. The meeting lasted an hour."
    )
    assert labels(meeting) == [
        "narration",
        "wang-yi",
        "wang-yi",
        "wang-yi",
        "joint",
        "narration",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides agreed to strengthen exchanges.",
        "During the meeting, the two sides agreed that trust matters.",
        "They agreed in principle to exchange visits.",
        "Wang Yi and Park Jin agreed to expand cooperation.",
        "Wang and his South Korean counterpart discussed trade.",
        "Both ministers exchanged views on the region.",
        "The two sides had candid and constructive communication.",
    ],
)
def test_joint_sentences(sentence: str) -> None:
    meeting = read(f"{INTRO} {sentence}")
    assert labels(meeting) == ["narration", "joint"]


def test_the_leaders_discussed_is_joint() -> None:
    meeting = read(
        "President Joe Biden spoke today with Prime Minister Anthony Albanese of Australia. "
        "The leaders discussed the alliance. President Biden thanked the Prime Minister."
    )
    assert labels(meeting) == ["narration", "joint", "joseph-biden"]


def test_meeting_alone_is_narration_but_speech_after_it_is_not() -> None:
    meeting = read(
        "At the request of the South Korean side, Wang Yi, Director of the Office of the "
        "Central Commission for Foreign Affairs, met with South Korean Foreign Minister Park "
        "Jin in Jakarta on Friday, during which the Chinese top diplomat noted that the two "
        "sides should restart exchanges. Wang Yi met Park Jin again on Saturday."
    )
    assert labels(meeting) == ["wang-yi", "narration"]


def test_three_participants() -> None:
    meeting = read(
        "Chinese Foreign Minister Wang Yi attended a meeting in Busan together with South "
        "Korean Foreign Minister Park Jin and Japanese Foreign Minister Yoko Kamikawa. "
        "The three foreign ministers agreed to prepare a summit. Wang said cooperation has a "
        "solid foundation. Park said the mechanism should be revitalized. Kamikawa said Japan "
        "hoped for progress. She also raised North Korea's missile launches."
    )
    assert labels(meeting) == [
        "narration",
        "joint",
        "wang-yi",
        "park-jin",
        "yoko-kamikawa",
        "yoko-kamikawa",
    ]
    assert [s.id for s in meeting.speakers] == ["wang-yi", "park-jin", "yoko-kamikawa"]


# --- transcripts and page furniture ---------------------------------------------------------------


def test_transcript_labels_give_following_sentences_to_the_speaker() -> None:
    text = (
        "Remarks by President Obama and President Park Geun-hye Before Bilateral Meeting\n"
        "Oval Office\n"
        "1:44 P.M. EDT\n"
        "PRESIDENT OBAMA:  Good afternoon, everybody. Please be seated.\n"
        "President Park and I agreed on many things.\n"
        "PRESIDENT PARK:  (As interpreted.)  Thank you, President Obama.\n"
        "Q\u00a0\u00a0\u00a0 Thank you, Mr. President. Do you trust North Korea?\n"
        "PRESIDENT PARK:  (As interpreted.)  Trust is built through actions.\n"
        "END 2:31 P.M. EDT\n"
    )
    meeting = read(text)
    assert labels(meeting) == [
        "narration",
        "narration",
        "narration",
        "obama",
        "obama",
        "obama",
        "park-geun-hye",  # the label and "(As interpreted.)" stay with the words they open
        "narration",
        "narration",
        "park-geun-hye",
        "narration",
    ]


def test_retranslated_label_and_question_lines() -> None:
    text = (
        "Foreign Minister Sergey Lavrov (retranslated): We held productive talks.\n"
        "We discussed trade.\n"
        "Question: How do you assess the corridor?\n"
        "Sergey Lavrov: It is in our interests.\n"
        "MODERATOR: Thank you, everyone.\n"
    )
    meeting = read(text)
    assert labels(meeting) == [
        "sergey-lavrov",
        "sergey-lavrov",
        "narration",
        "sergey-lavrov",
        "narration",
    ]


def test_page_furniture_is_narration() -> None:
    text = (
        "Secretary Blinken’s Meeting with Japanese Foreign Minister Kamikawa\n\n"
        "Office of the Spokesperson\n\n"
        "The following is attributable to Spokesperson Matthew Miller:\n\n"
        "Secretary of State Antony J. Blinken met today with Japanese Foreign Minister Yoko "
        "Kamikawa. Secretary Blinken underscored the alliance.\n\n"
        "###\n"
    )
    meeting = read(text)
    assert labels(meeting) == [
        "narration",
        "narration",
        "narration",
        "narration",
        "antony-blinken",
        "narration",
    ]
    assert [s.id for s in meeting.speakers] == ["antony-blinken", "yoko-kamikawa"]


def test_web_text_is_matched_but_never_rewritten() -> None:
    text = (
        "Minister of Foreign Affairs Cho\u00a0Tae-yul held talks with Chinese Foreign Minister "
        "Wang\u00a0Yi in Beijing. Minister\u00a0Cho said, \u201cKorea and China are neighbors "
        "\u2014 they cannot move apart.\u201d \u201cChina is willing to work with the ROK "
        "side,\u201d Minister\u00a0Wang said."
    )
    meeting = read(text)
    assert meeting.text == text
    assert labels(meeting) == ["narration", "cho-tae-yul", "wang-yi"]
    for sentence in meeting.sentences:
        assert text[sentence.start : sentence.end].strip() == text[sentence.start : sentence.end]


# --- participants --------------------------------------------------------------------------------


def test_participants_of_the_2023_seed() -> None:
    meeting = read_meeting(
        (ROOT / "seeds" / "000_e2ee6582c83f05d0.txt").read_text(encoding="utf-8"), "seed0"
    )
    speakers = [(s.id, s.name, s.role, s.country) for s in meeting.speakers]
    assert speakers == [
        (
            "wang-yi",
            "Wang Yi",
            "Director of the Office of the Central Commission for Foreign Affairs",
            "China",
        ),
        ("park-jin", "Park Jin", "Foreign Minister", "South Korea"),
    ]


def test_participants_of_the_2022_seed() -> None:
    meeting = read_meeting(
        (ROOT / "seeds" / "002_fb00f497c8c50f76.txt").read_text(encoding="utf-8"), "seed2"
    )
    speakers = [(s.id, s.name, s.role, s.country) for s in meeting.speakers]
    assert speakers == [
        ("wang-yi", "Wang Yi", "State Councillor and Foreign Minister", "China"),
        ("park-jin", "Park Jin", "Foreign Minister", "South Korea"),
    ]


@pytest.mark.parametrize(
    ("intro", "expected"),
    [
        (
            "U.S. Secretary of State Antony Blinken met Indian External Affairs Minister "
            "S. Jaishankar.",
            [
                ("antony-blinken", "Secretary of State", "United States"),
                ("s-jaishankar", "External Affairs Minister", "India"),
            ],
        ),
        (
            "Vladimir Putin held talks with President of France Emmanuel Macron.",
            [("vladimir-putin", None, None), ("emmanuel-macron", "President", "France")],
        ),
        (
            "Japan's Foreign Minister Yoko Kamikawa met Ms. Penny Wong, Australia's Foreign "
            "Minister.",
            [
                ("yoko-kamikawa", "Foreign Minister", "Japan"),
                ("penny-wong", None, None),
            ],
        ),
    ],
)
def test_participants_roles_and_countries(
    intro: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    meeting = read(intro)
    got = [(s.id, s.role, s.country) for s in meeting.speakers]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for (sid, role, country), (_gid, got_role, got_country) in zip(expected, got, strict=True):
        if role is not None:
            assert got_role == role, sid
        if country is not None:
            assert got_country == country, sid


def test_same_person_same_id_in_every_article() -> None:
    first = read(
        "Secretary of State Antony J. Blinken met Foreign Minister Wang Yi. Blinken said hi."
    )
    second = read("U.S. Secretary of State Antony Blinken met Wang. Wang Yi said hello.")
    third = read("SECRETARY BLINKEN:  Good afternoon.")
    ids = {s.id for m in (first, second) for s in m.speakers}
    assert ids == {"antony-blinken", "wang-yi"}
    assert [s.id for s in third.speakers] == ["blinken"]  # a label alone gives only the surname


def test_surname_first_names_refer_back_by_surname() -> None:
    meeting = read(
        "South Korean Foreign Minister Cho Tae-yul held phone talks with U.S. Secretary of "
        "State Antony Blinken. Cho said Seoul will not tolerate arms dealings. "
        "Blinken said Washington stands with its ally."
    )
    assert labels(meeting) == ["narration", "cho-tae-yul", "antony-blinken"]


def test_people_only_mentioned_are_not_speakers() -> None:
    meeting = read(
        f"{INTRO} Wang conveyed President Xi Jinping's greetings to President Yoon Suk Yeol. "
        "Park thanked him."
    )
    assert [s.id for s in meeting.speakers] == ["wang-yi", "park-jin"]


def test_person_who_speaks_is_a_speaker_even_if_not_met() -> None:
    meeting = read(
        f"{INTRO} Chinese Foreign Ministry spokesperson Mao Ning said the talks were candid."
    )
    assert "mao-ning" in [s.id for s in meeting.speakers]
    assert labels(meeting)[-1] == "mao-ning"


# --- the seeds, exactly ---------------------------------------------------------------------------


def _gold(name: str) -> tuple[Path, list[tuple[str, str]]]:
    source: Path | None = None
    gold: list[tuple[str, str]] = []
    for line in (LABELLED / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#source\t"):
            source = ROOT / line.split("\t", 1)[1]
            continue
        label, _, text = line.partition("\t")
        gold.append((label, text))
    assert source is not None
    return source, gold


@pytest.mark.parametrize("name", ["seed_000.labels.tsv", "seed_002.labels.tsv"])
def test_seed_labels_exactly(name: str) -> None:
    source, gold = _gold(name)
    meeting = read_meeting(source.read_text(encoding="utf-8"), str(source))
    got = [
        (label, meeting.text[s.start : s.end])
        for label, s in zip(labels(meeting), meeting.sentences, strict=True)
    ]
    assert got == gold


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("China's top diplomat said the region needs calm.", "wang-yi"),
        ("According to Park, Seoul wants more exchanges.", "park-jin"),
        ('"We are neighbours," said Wang Yi, also a member of the Political Bureau.', "wang-yi"),
        ("The visiting minister said ties matter.", "wang-yi"),
    ],
)
def test_more_ways_to_attribute(sentence: str, speaker: str) -> None:
    meeting = read(f"{INTRO} {sentence}")
    assert labels(meeting) == ["narration", speaker]


def test_his_counterpart_is_the_other_participant() -> None:
    meeting = read(f"{INTRO} Wang said China is ready. His counterpart said Seoul is ready too.")
    assert labels(meeting) == ["narration", "wang-yi", "park-jin"]


def test_single_name_label_of_a_known_speaker() -> None:
    meeting = read(
        "Foreign Minister Sergey Lavrov held talks with Foreign Minister Wang Yi.\n"
        "Lavrov: We discussed trade.\nQuestion: And Ukraine?\nLavrov: That too.\n"
    )
    assert labels(meeting) == ["narration", "sergey-lavrov", "narration", "sergey-lavrov"]


_WORDS = (
    "Wang Yi said Park Jin noted the two sides agreed They He She For his part , "
    "the Chinese top diplomat PRESIDENT OBAMA: Q Seoul and met with Secretary Blinken The "
    'Secretary \u201c \u201d " ( ) : END 2:15 P.M. ### Foreign Minister Mr. U.S. of his '
    "counterpart According to said, added . \n \u00a0"
).split(" ")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=60), st.text(max_size=80))
def test_attribution_never_fails_and_names_only_speakers(words: list[str], noise: str) -> None:
    meeting = read(" ".join(words) + noise)
    ids = {speaker.id for speaker in meeting.speakers}
    for sentence in meeting.sentences:
        assert (sentence.kind == Kind.STATEMENT) == (sentence.speaker is not None)
        assert sentence.speaker is None or sentence.speaker in ids


def test_long_appositive_between_name_and_verb() -> None:
    meeting = read(
        f"{INTRO} Park said ties matter. Wang, also a member of the Political Bureau of the "
        "Communist Party of China Central Committee and director of the Office of the Central "
        "Commission for Foreign Affairs, said China is ready to deepen cooperation."
    )
    assert labels(meeting) == ["narration", "park-jin", "wang-yi"]


def test_role_before_a_comma_and_a_name() -> None:
    meeting = read(
        "The Foreign Secretary, David Cameron, met Chinese Foreign Minister Wang Yi in Munich. "
        "Lord Cameron raised concerns about Ukraine. Mr Wang said China stands for peace."
    )
    assert labels(meeting) == ["narration", "david-cameron", "wang-yi"]
    assert meeting.speakers[0].role == "Foreign Secretary"


# --- cases found on fresh outlets (second round) ----------------------------------------------


def test_japanese_name_written_surname_first_gets_the_given_name_first_id() -> None:
    # ``Kamikawa`` alone shows which word is the surname; English writes Yoko Kamikawa.
    meeting = read(
        "On September 5, Ms. Kamikawa Yoko, Minister for Foreign Affairs of Japan, held a "
        "meeting with Senator Penny Wong, Minister for Foreign Affairs of Australia.\n\n"
        "Minister Kamikawa stated that the two countries are special partners."
    )
    assert labels(meeting)[-1] == "yoko-kamikawa"


def test_either_order_of_a_japanese_name_is_one_id() -> None:
    surname_first = read(
        "Prime Minister Kishida Fumio of Japan met President Yoon Suk Yeol of the Republic of "
        "Korea. Prime Minister Kishida said the two countries are important neighbours."
    )
    given_first = read(
        "Japanese Prime Minister Fumio Kishida met South Korean President Yoon Suk Yeol. "
        "Kishida said the two countries are important neighbours."
    )
    assert labels(surname_first)[-1] == labels(given_first)[-1] == "fumio-kishida"


def test_chinese_and_korean_names_keep_their_order() -> None:
    meeting = read(f"{INTRO} Park said ties matter. Wang said China agrees.")
    assert labels(meeting) == ["narration", "park-jin", "wang-yi"]


def test_transcript_label_links_to_the_full_name_in_the_same_text() -> None:
    meeting = read(
        "Secretary Antony J. Blinken and Australian Foreign Minister Penny Wong at a Joint "
        "Press Availability\n\n"
        "SECRETARY BLINKEN: Thank you, Penny. It is good to be here.\n\n"
        "FOREIGN MINISTER WONG: Welcome to Brisbane.\n\n"
        "QUESTION: Mr. Secretary, will you meet the Chinese foreign minister?\n\n"
        "SECRETARY BLINKEN: We want lines of communication open."
    )
    assert labels(meeting)[1:] == [
        "antony-blinken",
        "antony-blinken",
        "penny-wong",
        "narration",
        "antony-blinken",
    ]


def test_two_spellings_of_one_presidents_name_are_one_speaker() -> None:
    meeting = read(
        "Readout of President Joe Biden's Call with Prime Minister Kishida Fumio of Japan\n\n"
        "President Joseph R. Biden, Jr. spoke today with Prime Minister Kishida Fumio of Japan. "
        "President Biden expressed his appreciation for the Prime Minister's leadership."
    )
    assert labels(meeting)[-1] == "joseph-biden"
    assert [s.id for s in meeting.speakers].count("joseph-biden") == 1


def test_the_president_of_the_republic_is_the_one_with_that_role() -> None:
    meeting = read(
        "The President of the Republic, Emmanuel Macron, spoke with the President of the "
        "Federative Republic of Brazil, Luiz Inácio Lula da Silva.\n\n"
        "The President of the Republic thanked President Lula for his welcome. "
        "President Lula underlined Brazil's priorities for its G20 presidency."
    )
    assert labels(meeting) == [
        "narration",
        "emmanuel-macron",
        "luiz-inacio-lula-da-silva",
    ]


def test_two_countries_as_one_subject_are_joint() -> None:
    meeting = read(
        "TOKYO, May 14, 2024 (AFP) - Japan and South Korea on Tuesday pledged to deepen "
        "their security cooperation, as Japanese Foreign Minister Yoko Kamikawa met her "
        "South Korean counterpart Cho Tae-yul."
    )
    assert labels(meeting) == ["joint"]


def test_wire_dateline_makes_an_unattributed_paragraph_background() -> None:
    meeting = read(
        "TOKYO, May 14, 2024 (AFP) - Japanese Foreign Minister Yoko Kamikawa met South "
        "Korean Foreign Minister Cho Tae-yul.\n\n"
        '"We should not let history define us," Cho said.\n\n'
        "North Korea fired missiles into the sea last week, according to the South Korean "
        "military."
    )
    assert labels(meeting)[-1] == "narration"


def test_a_country_described_in_the_background_is_not_its_minister() -> None:
    meeting = read(
        "BEIJING, June 3 (Reuters) - Turkish Foreign Minister Hakan Fidan met Chinese Foreign "
        "Minister Wang Yi in Beijing.\n\n"
        "Turkey, a NATO member, has sought to maintain working ties with both Russia and the "
        "West. Its trade with China reached $48 billion last year."
    )
    assert labels(meeting)[1:] == ["narration", "narration"]


def test_a_preview_in_the_future_tense_is_still_attributed() -> None:
    meeting = read(
        "Minister Mauro Vieira will receive today the Minister for Foreign Affairs of "
        "Australia, Penny Wong.\n\n"
        "The ministers will discuss trade and investment. "
        "Minister Vieira is expected to present the priorities of the G20 presidency. "
        "Minister Wong, for her part, should highlight cooperation on critical minerals. "
        "The Australian minister will also meet with the Minister of Mines."
    )
    assert labels(meeting)[1:] == ["joint", "mauro-vieira", "penny-wong", "narration"]


def test_two_women_alternate_with_she() -> None:
    meeting = read(
        "Federal Foreign Minister Annalena Baerbock received her French counterpart Catherine "
        "Colonna in Berlin.\n\n"
        "Baerbock emphasised that the friendship is the engine of Europe. "
        "She said that support for Ukraine would continue.\n\n"
        "Colonna thanked her German colleague. "
        "She stressed that Europe must become more sovereign."
    )
    assert labels(meeting)[1:] == [
        "annalena-baerbock",
        "annalena-baerbock",
        "catherine-colonna",
        "catherine-colonna",
    ]


def test_moderator_and_press_questions_are_narration() -> None:
    meeting = read(
        "Remarks by President Biden and Prime Minister Albanese in Joint Press Conference\n\n"
        "PRESIDENT BIDEN: Good afternoon.\n\n"
        "MODERATOR: We'll take two questions per side.\n\n"
        "Q Thank you, Mr. President. Are you concerned?\n\n"
        "PRIME MINISTER ALBANESE: We will cooperate where we can."
    )
    assert labels(meeting)[1:] == ["biden", "narration", "narration", "narration", "albanese"]


def test_a_paragraph_opening_with_someone_else_speaking_ends_the_run() -> None:
    meeting = read(
        "David Lammy met China's foreign minister, Wang Yi, in Beijing.\n\n"
        'Wang said China and the UK should "respect each other\'s core interests".\n\n'
        'The previous Conservative government described China as an "epoch-defining '
        'challenge". Relations soured after Beijing imposed a security law on Hong Kong.'
    )
    assert labels(meeting)[1:] == ["wang-yi", "narration", "narration"]


def test_a_country_going_on_in_a_new_paragraph_stays_with_the_speaker() -> None:
    meeting = read(
        "Chinese Foreign Minister Wang Yi met U.S. Secretary of State Antony Blinken.\n\n"
        "Wang said the two countries should respect each other.\n\n"
        "China has never sought to change the United States."
    )
    assert labels(meeting)[1:] == ["wang-yi", "wang-yi"]


def test_his_highness_is_the_participant_so_styled() -> None:
    meeting = read(
        "Riyadh, January 12, 2024, SPA -- His Highness Prince Faisal bin Farhan bin Abdullah, "
        "Minister of Foreign Affairs, received a phone call today from United States Secretary "
        "of State Antony Blinken.\n\n"
        "His Highness stressed the importance of protecting civilians."
    )
    assert labels(meeting)[-1] == "faisal-bin-farhan-bin-abdullah"


def test_a_one_word_name_met_with_is_a_participant() -> None:
    meeting = read(
        "Xi Jinping held talks with Lula in Beijing.\n\n"
        "Xi pointed out that China and Brazil are major developing countries. "
        "Lula said Brazil wants to deepen ties."
    )
    assert labels(meeting) == ["narration", "xi-jinping", "lula"]


def test_a_place_met_with_is_not_a_participant() -> None:
    meeting = read("Wang Yi met with Tianjin officials. Wang said the city matters.")
    assert [speaker.id for speaker in meeting.speakers] == ["wang-yi"]


def test_x_and_her_counterpart_y_agreed_is_joint() -> None:
    meeting = read(
        "Japanese Foreign Minister Yoko Kamikawa and her Chinese counterpart Wang Yi agreed "
        "Sunday to pursue a mutually beneficial relationship."
    )
    assert labels(meeting) == ["joint"]


def test_a_qualified_role_nominal_finds_the_role_holder() -> None:
    meeting = read(
        "Chancellor Scholz receives Chinese Premier Li Qiang\n\n"
        "Federal Chancellor Olaf Scholz received Premier Li Qiang in Berlin.\n\n"
        "The Federal Chancellor stressed that Germany does not seek to decouple from China."
    )
    assert labels(meeting)[-1] == "olaf-scholz"


def test_i_in_a_signed_media_release_is_the_minister_who_signed() -> None:
    meeting = read(
        "Meeting with Chinese Foreign Minister Wang Yi\n\n"
        "Today I met with Chinese Foreign Minister Wang Yi in Canberra.\n\n"
        "We discussed the importance of stabilising our relationship. "
        "I raised Australia's concerns about Dr Yang Hengjun.\n\n"
        "Senator the Hon Penny Wong\nMinister for Foreign Affairs"
    )
    assert labels(meeting)[2:4] == ["joint", "penny-wong"]


def test_i_without_a_signature_is_nobody_of_the_meeting() -> None:
    meeting = read(
        "Chinese Foreign Minister Wang Yi met Australian Foreign Minister Penny Wong.\n\n"
        '"I think the talks went well," a diplomat said.'
    )
    assert labels(meeting)[-1] == "narration"


def test_he_after_a_named_man_with_a_unisex_given_name() -> None:
    meeting = read(
        "External Affairs Minister S. Jaishankar met Dr. Vivian Balakrishnan, Minister for "
        "Foreign Affairs of Singapore.\n\n"
        "Dr. Balakrishnan noted the growth of digital links. He proposed closer cooperation."
    )
    assert labels(meeting)[1:] == ["vivian-balakrishnan", "vivian-balakrishnan"]


# --- wire and ministry styles (invented text) ----------------------------------------------------


def test_a_wire_dateline_does_not_hide_the_sentence_it_opens() -> None:
    meeting = read(
        "Ministers meet\n\n"
        "Foreign Minister Lee Min-ho met Foreign Minister Sato Ken in Tokyo.\n\n"
        "TOKYO, March 3 (Yonhap) -- The meeting discussed wider exchanges."
    )
    assert label_of(meeting, "TOKYO") == "joint"


def test_an_alias_the_text_introduces_names_the_same_speaker() -> None:
    meeting = read(
        "President Budi Santoso (Budiman) met Prime Minister Anna Berg in Jakarta. "
        "Budiman said the partnership was growing. Berg agreed to visit."
    )
    assert label_of(meeting, "Budiman said") == "budi-santoso"


def test_the_office_someone_meets_is_not_the_one_who_meets_it() -> None:
    meeting = read(
        "Ivan Petrov had a telephone conversation with President of Moldova, during which he "
        "spoke of trade. The Russian President also thanked Tomas Sandu for the invitation."
    )
    assert label_of(meeting, "The Russian President") == "ivan-petrov"


def test_a_name_ending_in_un_keeps_it() -> None:
    meeting = read(
        "Chairman Kim Jong Un met Foreign Minister Lavrov. Kim said the ties would grow."
    )
    assert "kim-jong-un" in [speaker.id for speaker in meeting.speakers]


def test_a_wire_style_lower_case_appositive_gives_the_role() -> None:
    meeting = read(
        "Zhou Ming, a member of the Political Bureau and Chinese foreign minister, held talks "
        "with Secretary of State Mary Cole on Friday. "
        "The Chinese foreign minister said dialogue mattered."
    )
    assert label_of(meeting, "The Chinese foreign minister") == "zhou-ming"


def test_two_participants_countries_are_a_joint_subject() -> None:
    meeting = read(
        "Russian President Ivan Petrov met Moldovan President Tomas Sandu. "
        "Russia and Moldova agreed to expand trade."
    )
    assert label_of(meeting, "Russia and") == "joint"
    # Nobody named, as in a short news item: the two countries are still the two sides.
    unnamed = read("The two presidents met in Chisinau. Russia and Moldova agreed to cooperate.")
    assert label_of(unnamed, "Russia and") == "joint"
