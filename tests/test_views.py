"""The analyst views' core: one speaker's statements, two meetings compared, a phrase's trend,
and the character charts. Seed tests assert the labelling guide's answers (a correct
attribution); the rest build meetings inline or from the benchmark's corpus generator."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from rapidfuzz import fuzz

from dipreader.core.analysis.charts import ZERO, bar, bars, resample, sparkline
from dipreader.core.analysis.compare import Comparison, compare
from dipreader.core.analysis.statements import (
    AmbiguousSpeaker,
    SpeakerNotFound,
    find_speakers,
    statements,
    statements_of,
)
from dipreader.core.analysis.trend import JOINT_KEY, MENTION_SCORE, trend
from dipreader.core.corpus.corpus import load
from dipreader.core.model import Kind, Meeting, Sentence, Speaker
from dipreader.core.search.index import SearchIndex
from dipreader.core.settings.locations import seeds_dir
from repo_modules import load_module

ROOT = Path(__file__).resolve().parent.parent

# The seeds' gold labels (DESIGN §3): Park Jin's statements in each meeting, by their openings.
PARK_2023 = (
    "Park Jin, on his part, expressed",
    "The smooth development of South Korea-China relations",
    "South Korea has consistently respected the one-China principle",
    "South Korea is willing to further deepen exchanges",
    "Park noted that he is looking forward",
)
PARK_2022 = ("For his part, Park called", "The South Korean side believes")


def _make_corpus() -> ModuleType:
    return load_module("make_corpus", ROOT / "bench" / "make_corpus.py")


@pytest.fixture(scope="module")
def seeds() -> tuple[Meeting, Meeting]:
    """(2022 meeting, 2023 meeting), read afresh (a module fixture runs before the private
    cache folder is set, so it must not touch any cache)."""
    newest, oldest = load([seeds_dir()], cache=False).meetings
    assert (oldest.date, newest.date) == (date(2022, 7, 8), date(2023, 7, 15))
    return oldest, newest


def _index(meeting: Meeting, opening: str) -> int:
    found = [
        i for i in range(len(meeting.sentences)) if meeting.sentence_text(i).startswith(opening)
    ]
    assert len(found) == 1, opening
    return found[0]


def meeting(
    path: str,
    lines: Sequence[tuple[str | None, str]],
    day: date | None = None,
    speakers: tuple[Speaker, ...] = (),
) -> Meeting:
    """A meeting from ``(speaker id or None for narration or "@joint", sentence)`` pairs."""
    text = ""
    sentences = []
    for who, line in lines:
        start = len(text)
        text += line + " "
        kind = Kind.NARRATION if who is None else Kind.JOINT if who == "@joint" else Kind.STATEMENT
        speaker = who if kind is Kind.STATEMENT else None
        sentences.append(Sentence(start, start + len(line), 0, kind, speaker))
    return Meeting(path=path, text=text, date=day, speakers=list(speakers), sentences=sentences)


PARK = Speaker("park-jin", "Park Jin", "Foreign Minister", "South Korea")
PARK_GH = Speaker("park-geun-hye", "Park Geun-hye", "President", "South Korea")
WANG = Speaker("wang-yi", "Wang Yi", "Foreign Minister", "China")
YI_WANG = Speaker("yi-wang", "Yi Wang", None, None)
SEJOURNE = Speaker("stephane-sejourne", "Stéphane Séjourné", None, "France")


# -- speakers and their statements ------------------------------------------------------


def test_a_speaker_is_found_by_id_full_name_any_case_accents_or_surname() -> None:
    ms = [meeting("a", [], speakers=(PARK, WANG, SEJOURNE))]
    for name in ("park-jin", "Park Jin", "PARK JIN", "park  jin", "Park"):
        assert find_speakers(ms, name) == [PARK], name
    assert find_speakers(ms, "Stephane Sejourne") == [SEJOURNE]
    assert find_speakers(ms, "séjourné") == [SEJOURNE]  # a surname-last name by its surname
    assert find_speakers(ms, "Kim") == []
    assert find_speakers(ms, "  ") == []
    assert find_speakers(ms, "Park Kim") == []


def test_a_full_name_beats_a_surname_and_an_ambiguous_surname_is_refused() -> None:
    ms = [
        meeting("a", [("park-jin", "Park spoke.")], date(2022, 1, 1), (PARK, WANG)),
        meeting("b", [("park-geun-hye", "Park spoke.")], date(2015, 1, 1), (PARK_GH, YI_WANG)),
    ]
    assert find_speakers(ms, "Wang Yi") == [WANG]  # not Yi Wang, whose surname is Wang too
    assert {s.id for s in find_speakers(ms, "Wang")} == {"wang-yi", "yi-wang"}
    with pytest.raises(AmbiguousSpeaker) as caught:
        statements(ms, "Park")
    assert {s.id for s in caught.value.candidates} == {"park-jin", "park-geun-hye"}
    assert "Park Jin (park-jin)" in str(caught.value)
    assert "Park Geun-hye (park-geun-hye)" in str(caught.value)
    with pytest.raises(SpeakerNotFound):
        statements(ms, "Moon")
    [(found, indices)] = statements(ms, "Park Geun-hye")
    assert found.path == "b"
    assert indices == [0]


def test_statements_are_grouped_by_meeting_oldest_first_undated_last_own_words_only() -> None:
    newer = meeting(
        "newer",
        [
            ("park-jin", "Park said one."),
            ("wang-yi", "Wang said two."),
            ("@joint", "They agreed."),
            ("park-jin", "Park said three."),
        ],
        date(2023, 7, 15),
        (WANG, PARK),
    )
    older = meeting("older", [("park-jin", "Park said zero.")], date(2022, 7, 8), (WANG, PARK))
    undated = meeting("undated", [("park-jin", "Park, undated.")], None, (PARK,))
    silent = meeting("silent", [("wang-yi", "Only Wang.")], date(2024, 1, 1), (WANG, PARK))
    grouped = statements([undated, newer, silent, older], "park-jin")
    assert [(m.path, indices) for m, indices in grouped] == [
        ("older", [0]),
        ("newer", [0, 3]),
        ("undated", [0]),
    ]


def test_park_jin_on_the_seeds_has_his_gold_statements_in_date_order(
    seeds: tuple[Meeting, Meeting],
) -> None:
    old, new = seeds
    grouped = statements([new, old], "Park Jin")
    assert [m.date for m, _ in grouped] == [old.date, new.date]
    (m2022, i2022), (m2023, i2023) = grouped
    assert i2022 == sorted(_index(m2022, opening) for opening in PARK_2022)
    assert i2023 == sorted(_index(m2023, opening) for opening in PARK_2023)
    assert statements_of([new, old], "park-jin") == grouped


# -- comparing two meetings ---------------------------------------------------------------


def _texts(meeting_: Meeting, indices: list[int]) -> list[str]:
    return [meeting_.sentence_text(i) for i in indices]


def _check_shape(result: Comparison) -> None:
    """One to one, and every compared sentence on exactly one side-by-side row."""
    lefts = [link.left for link in result.pairs]
    rights = [link.right for link in result.pairs]
    assert len(set(lefts)) == len(lefts)
    assert len(set(rights)) == len(rights)
    rows = result.rows()
    assert sorted(r[0] for r in rows if r[0] is not None) == sorted(result.left_items)
    assert sorted(r[1] for r in rows if r[1] is not None) == sorted(result.right_items)
    assert [r[0] for r in rows if r[0] is not None] == result.left_items  # left keeps its order
    assert not set(result.left_only) & set(lefts)
    assert not set(result.right_only) & set(rights)
    for link in result.echoes:  # an echo has one unpaired side, and a partner that is paired
        assert (link.left in lefts) != (link.right in rights)
    for index in range(len(result.left.sentences)):
        status = result.status("left", index)
        assert (status == "paired") == (index in lefts)
        assert (status == "only") == (index in result.left_only)
        assert (status == "skipped") == (index not in result.left_items)
        if status == "echo":
            echo = result.partner("left", index)
            assert echo is not None
            assert echo in result.echoes


def test_compare_seeds_sets_apart_taiwan_supply_chain_and_cold_war(
    seeds: tuple[Meeting, Meeting],
) -> None:
    old, new = seeds
    result = compare(old, new)
    _check_shape(result)
    only_2023 = _texts(new, result.right_only)
    for opening in (
        "The Taiwan question is the core interest of China",
        "It is hoped that South Korea will adhere to the one-China principle",
        "South Korea has consistently respected the one-China principle",
        "Park noted that he is looking forward to maintaining high-level exchanges",
    ):
        assert any(text.startswith(opening) for text in only_2023), opening
    only_2022 = _texts(old, result.left_only)
    assert any("Cold War mentality" in text for text in only_2022)
    # Real counterparts are paired: the neighbours-and-partners remarks, the mutual-respect
    # remarks, and the common interests of both sides.
    pairs = {(link.left, link.right) for link in result.pairs}
    assert (
        _index(old, "“As close neighbours"),
        _index(new, "They are complementary in their economies"),
    ) in pairs
    assert (
        _index(old, "The South Korean side believes"),
        _index(new, "South Korea is willing to further deepen"),
    ) in pairs
    common = next(link for link in result.pairs if link.left == _index(old, "It is in the common"))
    assert new.sentence_text(common.right).startswith("The smooth development")
    assert any("common interests of both" in shared for shared in common.shared)


def test_compare_is_symmetric_on_the_seeds(seeds: tuple[Meeting, Meeting]) -> None:
    old, new = seeds
    forward, backward = compare(old, new), compare(new, old)
    assert {(p.left, p.right) for p in forward.pairs} == {(p.right, p.left) for p in backward.pairs}
    assert forward.left_only == backward.right_only
    assert forward.right_only == backward.left_only


def test_shared_boilerplate_alone_makes_no_counterpart() -> None:
    """Words both readouts repeat, and one shared word, are not a shared subject."""
    left = meeting(
        "l",
        [
            (
                "a",
                "Both sides should strengthen exchanges and communication in bilateral relations.",
            ),
            ("a", "Bilateral relations need stronger exchanges and communication."),
            ("b", "Exchanges and communication remain the basis of bilateral relations."),
            ("a", "Arctic fisheries quotas must be renegotiated before the spring season."),
            ("b", "The principle of reciprocity governs visa rules."),
        ],
    )
    right = meeting(
        "r",
        [
            ("a", "Strengthening exchanges and communication in bilateral relations matters."),
            ("b", "Exchanges, communication and bilateral relations are improving."),
            ("a", "Satellite launch cooperation and lunar exploration were discussed."),
            ("b", "The one-China principle was reaffirmed."),
            ("a", "Arctic fisheries quotas must be renegotiated before the spring season ends."),
        ],
    )
    result = compare(left, right)
    _check_shape(result)
    assert _texts(right, result.right_only) == [
        # Its every content word is repeated by both meetings: no subject of its own.
        "Exchanges, communication and bilateral relations are improving.",
        "Satellite launch cooperation and lunar exploration were discussed.",
        "The one-China principle was reaffirmed.",  # shares only the word "principle"
    ]
    # A run of words is evidence even when each of its words is boilerplate.
    phrase = result.pair_of_right(0)
    assert phrase is not None
    assert phrase.left == 0
    assert "exchanges and communication in" in phrase.shared
    arctic = result.pair_of_left(3)
    assert arctic is not None
    assert arctic.right == 4
    assert arctic.score > 90
    assert "exchan" in result.boilerplate
    assert "relati" in result.boilerplate


def test_compare_with_nothing_attributed_compares_the_body() -> None:
    left = meeting("l", [(None, "Seoul and Beijing discussed fisheries quotas in the Yellow Sea.")])
    right = meeting("r", [(None, "Fisheries quotas in the Yellow Sea were discussed again.")])
    result = compare(left, right)
    assert [(p.left, p.right) for p in result.pairs] == [(0, 0)]


def _perturb(text: str, rng: random.Random) -> str:
    """A copy as another outlet might print it: a typo, another verb, or a shorter tail."""
    choice = rng.randrange(4)
    words = text.split(" ")
    if choice == 1:
        long_words = [i for i, w in enumerate(words) if len(w) > 6 and w.isalpha()]
        if long_words:
            i = rng.choice(long_words)
            words[i] = words[i][:3] + words[i][4] + words[i][3] + words[i][5:]
        return " ".join(words)
    if choice == 2:
        return re.sub(r"\b(said|noted|stressed|added)\b", "remarked", text)
    if choice == 3 and len(words) >= 20:
        return " ".join(words[: int(len(words) * 0.8)]) + "."
    return text


def test_generated_meetings_copies_pair_with_their_sources_and_new_topics_stand_alone(
    tmp_path: Path,
) -> None:
    make_corpus = _make_corpus()
    make_corpus.write_corpus(8, tmp_path, seed=7)
    loaded = load([tmp_path]).meetings
    assert len(loaded) == 8
    rng = random.Random(3)
    novel = "The delegations toured a desalination plant and a robotics laboratory together."
    paired = expected = 0
    for source, other in zip(loaded[::2], loaded[1::2], strict=True):
        items = [i for i, s in enumerate(source.sentences) if s.kind is not Kind.NARRATION]
        copied = rng.sample(items, k=min(6, len(items)))
        expected += len(copied)
        lines: list[tuple[str | None, str, int | None]] = [
            ("x", _perturb(source.sentence_text(i), rng), i) for i in copied
        ]
        extra = [i for i, s in enumerate(other.sentences) if s.kind is not Kind.NARRATION][:4]
        lines += [("x", other.sentence_text(i), None) for i in extra]
        lines.append(("x", novel, None))
        rng.shuffle(lines)
        derived = meeting("derived", [(who, text) for who, text, _ in lines], speakers=())
        copy_of = {position: origin for position, (_, _, origin) in enumerate(lines)}
        result = compare(source, derived)
        _check_shape(result)
        for index in copied:
            link = result.pair_of_left(index)
            assert link is not None, source.sentence_text(index)
            origin = copy_of[link.right]
            # Its own copy, or the copy of a sentence the generator wrote nearly the same.
            assert origin is not None, (
                source.sentence_text(index),
                derived.sentence_text(link.right),
            )
            assert (
                origin == index
                or fuzz.ratio(source.sentence_text(origin), source.sentence_text(index)) >= 80
            )
            paired += 1
        assert novel in _texts(derived, result.right_only)
    # Every copied sentence paired: six per meeting where a generated one has six to copy.
    assert paired == expected >= 4 * 4


# -- a phrase over time -------------------------------------------------------------------


def test_trend_of_one_china_on_the_seeds(seeds: tuple[Meeting, Meeting]) -> None:
    old, new = seeds
    wanted = {
        _index(new, "It is hoped that South Korea will adhere"),
        _index(new, "South Korea has consistently respected"),
    }
    for phrase in ("one-China principle", "one china principle", "One China", "one-Chna principle"):
        counted = trend([new, old], phrase)
        assert [p.meeting.date for p in counted.points] == [old.date, new.date], phrase
        assert counted.counts() == [0, 2], phrase
        assert set(counted.points[1].indices) == wanted, phrase
        assert counted.total == 2
    counted = trend([new, old], "one-China principle")
    assert dict(counted.who_totals()) == {"wang-yi": 1, "park-jin": 1}
    assert counted.counts_for("park-jin") == [0, 1]
    assert counted.label("park-jin") == "Park Jin"
    mention = counted.points[1].mentions[0]
    highlighted = [new.sentence_text(mention.index)[a:b] for a, b in mention.highlights]
    assert [w.lower() for w in highlighted] == ["one", "china", "principle"]
    cold = trend([new, old], "Cold War mentality")
    assert cold.counts() == [1, 0]
    park_only = trend([new, old], "@park one-China principle")
    assert park_only.counts() == [0, 1]


def test_scattered_words_are_not_a_mention_but_a_phrase_with_a_typo_is() -> None:
    m = meeting(
        "m",
        [
            ("a", "One delegate said China would review the principle later."),
            ("b", "They support the one-China principle."),
            ("@joint", "Both sides reaffirmed the one China principel."),
            ("a", "Supply lines and the chain of command were discussed."),
        ],
        date(2020, 1, 1),
        (Speaker("a", "A"), Speaker("b", "B")),
    )
    index = SearchIndex()
    index.add(m)
    scattered = index.search("one china principle", limit=10)
    assert any(hit.index == 0 and 0 < hit.score < MENTION_SCORE for hit in scattered)
    counted = trend([m], "one-China principle", index=index)
    assert counted.points[0].indices == [1, 2]
    assert counted.points[0].by_who() == {"b": [1], JOINT_KEY: [2]}
    assert trend([m], "supply chain").total == 0


def test_trend_counts_every_mention_beyond_what_one_search_ranks() -> None:
    ms = [
        meeting(
            f"m{n}",
            [("a", f"Supply chain item {n}-{k} was raised.") for k in range(15)]
            + [("b", "Nothing here.")],
            date(2000 + n // 12, n % 12 + 1, 1),
            (Speaker("a", "A"), Speaker("b", "B")),
        )
        for n in range(60)
    ]
    counted = trend(ms, "supply chain")
    assert counted.total == 900
    assert counted.counts() == [15] * 60
    assert counted.counts_for("b") == [0] * 60


def test_trend_on_a_generated_corpus_matches_a_plain_count(tmp_path: Path) -> None:
    make_corpus = _make_corpus()
    make_corpus.write_corpus(60, tmp_path, seed=11)
    loaded = load([tmp_path]).meetings
    phrase = re.compile(r"one[-\s\u00a0]china[\s\u00a0]principle", re.IGNORECASE)
    expected = {
        m.id: [i for i in range(len(m.sentences)) if phrase.search(m.sentence_text(i))]
        for m in loaded
    }
    assert sum(map(len, expected.values())) >= 3  # the generator writes the phrase now and then
    counted = trend(loaded, "one-China principle")
    assert {p.meeting.id: p.indices for p in counted.points} == expected
    dates = [p.meeting.date for p in counted.points]
    assert dates == sorted(dates)  # type: ignore[type-var]


def test_buckets_by_month_and_year_fill_the_gaps_and_keep_undated_apart() -> None:
    def one(path: str, day: date | None, hits: int) -> Meeting:
        lines = [("a", "The Arctic council met.")] * hits + [("a", "Nothing.")]
        return meeting(path, lines, day, (Speaker("a", "A"),))

    ms = [
        one("a", date(2020, 1, 5), 1),
        one("b", date(2020, 1, 20), 2),
        one("c", date(2020, 4, 1), 1),
        one("d", date(2022, 2, 1), 3),
        one("u", None, 1),
    ]
    counted = trend(ms, "Arctic council")
    assert counted.counts() == [1, 2, 1, 3, 1]
    months = counted.buckets("month")
    assert months[0].label == "2020-01"
    assert months[0].count == 3
    assert [b.count for b in months[1:4]] == [0, 0, 1]
    assert months[-2].label == "2022-02"
    assert months[-1].label == "undated"
    assert len(months) == 12 + 12 + 2 + 1
    years = counted.buckets("year")
    assert [(b.label, b.count) for b in years] == [
        ("2020", 4),
        ("2021", 0),
        ("2022", 3),
        ("undated", 1),
    ]
    assert years[0].count_for("a") == 4
    assert len(counted.buckets("meeting")) == 5


def test_an_empty_phrase_is_refused() -> None:
    from dipreader.core.analysis.trend import EmptyPhrase

    with pytest.raises(EmptyPhrase):
        trend([], " - ")


# -- charts ---------------------------------------------------------------------------------


def test_sparkline_tells_zero_from_little_and_scales_to_the_largest() -> None:
    line = sparkline([0, 1, 8, 4, 0])
    assert len(line) == 5
    assert line[0] == ZERO
    assert line[4] == ZERO
    assert line[1] == "▁"
    assert line[2] == "█"
    assert line[1] < line[3] < line[2]  # the ticks are in code point order
    assert sparkline([0, 0]) == ZERO * 2
    assert sparkline([0, 2, 4], top=8) == f"{ZERO}▂▄"  # one scale shared with other lines
    assert sparkline([0, 2, 4], top=1) == sparkline([0, 2, 4])  # never above full height
    assert sparkline([]) == ""


def test_resample_keeps_the_total_and_the_width() -> None:
    values = list(range(103))
    for width in (1, 7, 50, 103, 200):
        shown = resample(values, width)
        assert len(shown) == min(width, len(values))
        assert sum(shown) == sum(values)
    assert len(sparkline(values, 20)) == 20


def test_bars_are_scaled_text_with_cleaned_labels() -> None:
    assert bar(8, 8, 10) == "█" * 10
    assert bar(1, 8, 4) == "▌"
    assert bar(0, 8, 10) == ""
    lines = bars([("2022 \x1b[2J", 0), ("2023", 4), ("x", 1)], width=8)
    plain = [line.plain for line in lines]
    assert "\x1b" not in "".join(plain)
    assert plain[1].endswith("████████ 4")
    assert plain[0].endswith(f"{ZERO} 0")
    assert plain[2].endswith("██ 1")
    assert len({line.index("█") if "█" in line else line.index(ZERO) for line in plain}) == 1
