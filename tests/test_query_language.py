"""The query language: every filter, alone and with the others, in the query and as the
CLI's flags; filters that cannot be read are errors, never dropped in silence."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from itertools import combinations

import pytest

from dipreader.core.model import Kind, Meeting
from dipreader.core.search.index import Hit, SearchIndex
from dipreader.core.search.query import filter_token, parse_query, read_day
from dipreader.main import main
from search_support import LAVROV, PARK, WANG, meeting

MEETINGS = [
    meeting(
        [
            ("park-jin", "Park said supply chain cooperation must deepen."),
            ("wang-yi", "Wang said the one-China principle is the foundation."),
            ("joint", "The two sides agreed to expand trade."),
            ("narration", "The meeting lasted an hour."),
        ],
        path="made/2022.txt",
        day=date(2022, 3, 10),
        source="Xinhua",
    ),
    meeting(
        [
            ("park-jin", "Park stressed supply chain resilience and Taiwan."),
            ("wang-yi", "Wang noted supply chain stability."),
            ("joint", "Both sides agreed on Taiwan issues."),
            ("narration", "Supply chain talks were held."),
        ],
        path="made/2023.txt",
        day=date(2023, 6, 30),
        source="Global Times",
    ),
    meeting(
        [
            ("sergey-lavrov", "Lavrov said supply chain security matters."),
            ("joint", "They agreed to meet again."),
        ],
        path="made/2024.txt",
        day=date(2024, 1, 15),
        source="TASS",
        speakers=(LAVROV, WANG),
    ),
    meeting(
        [("park-jin", "Park said supply chain ties grow."), ("joint", "All agreed.")],
        path="made/undated.txt",
        day=None,
        speakers=(PARK,),
    ),
]

Check = Callable[[Meeting, int], bool]


def _speaker(meeting: Meeting, index: int) -> str | None:
    return meeting.sentences[index].speaker


def _country(meeting: Meeting, index: int) -> str:
    speaker = meeting.speaker(_speaker(meeting, index))
    return (speaker.country or "") if speaker else ""


# Each filter as typed, and what it means, sentence by sentence.
FILTERS: dict[str, Check] = {
    "@park": lambda m, i: _speaker(m, i) == "park-jin",
    "since:2023": lambda m, i: m.date is not None and m.date >= date(2023, 1, 1),
    "until:2023-06": lambda m, i: m.date is not None and m.date <= date(2023, 6, 30),
    "source:xinhau": lambda m, i: m.source == "Xinhua",  # a typo: the source is fuzzy
    "country:korea": lambda m, i: _country(m, i) == "South Korea",
    "kind:statement": lambda m, i: m.sentences[i].kind is Kind.STATEMENT,
}


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    built = SearchIndex()
    built.add_many(MEETINGS)
    return built


def found(hits: list[Hit]) -> set[tuple[str, int]]:
    return {(hit.meeting.path, hit.index) for hit in hits}


def expected(checks: list[Check], words: tuple[str, ...] = ()) -> set[tuple[str, int]]:
    return {
        (m.path, i)
        for m in MEETINGS
        for i in range(len(m.sentences))
        if all(check(m, i) for check in checks)
        and all(word in m.sentence_text(i).lower() for word in words)
    }


@pytest.mark.parametrize(
    "names",
    [combo for size in range(1, len(FILTERS) + 1) for combo in combinations(FILTERS, size)],
    ids=" ".join,
)
def test_every_filter_and_every_combination(index: SearchIndex, names: tuple[str, ...]) -> None:
    checks = [FILTERS[name] for name in names]
    assert not parse_query(" ".join(names)).errors
    # Filters alone list every sentence they admit.
    assert found(index.search(" ".join(names), limit=1000)) == expected(checks)
    # With words, every hit is admitted, and every admitted sentence with the words is a hit.
    hits = index.search(" ".join(("supply chain", *names)), limit=1000)
    assert found(hits) <= expected(checks)
    assert expected(checks, ("supply chain",)) <= found(hits)


def test_each_kind_and_two_speakers(index: SearchIndex) -> None:
    for kind in Kind:
        hits = index.search(f"kind:{kind}", limit=100)
        assert hits
        assert {hit.sentence.kind for hit in hits} == {kind}
    both = index.search("@park @lavrov supply chain", limit=100)
    assert {hit.sentence.speaker for hit in both} == {"park-jin", "sergey-lavrov"}
    assert index.search("kind:j", limit=100) == index.search("kind:joint", limit=100)


def test_a_speaker_name_being_typed_admits_every_speaker_it_begins(index: SearchIndex) -> None:
    typed = found(index.search("@par", limit=1000))
    assert typed
    assert typed == found(index.search("@park", limit=1000))


def test_dates_are_years_months_or_days_both_ends_included(index: SearchIndex) -> None:
    assert read_day("2023") == date(2023, 1, 1)
    assert read_day("2023", end=True) == date(2023, 12, 31)
    assert read_day("2024-02", end=True) == date(2024, 2, 29)
    assert read_day("2023-06-30") == date(2023, 6, 30)
    for bad in ("23", "2023-13", "2023-02-30", "20233", "2023/06", "june"):
        assert read_day(bad) is None, bad
    on_the_day = {hit.meeting.path for hit in index.search("until:2023-06-30", limit=100)}
    assert on_the_day == {"made/2022.txt", "made/2023.txt"}
    after = {hit.meeting.path for hit in index.search("since:2023-07", limit=100)}
    assert after == {"made/2024.txt"}  # the undated meeting is in no date range


def test_an_exact_phrase_and_an_excluded_word(index: SearchIndex) -> None:
    phrase = index.search('"supply chain resilience"', limit=100)
    assert [hit.text for hit in phrase] == ["Park stressed supply chain resilience and Taiwan."]
    assert index.search('"supply chian"') == []  # exact: no typo forgiven
    folded = index.search('"ONE china Principle"')  # case and punctuation aside
    assert [hit.text for hit in folded] == ["Wang said the one-China principle is the foundation."]
    assert index.search('"one-China principle" kind:joint') == []
    without = index.search("supply chain -taiwan", limit=100)
    assert without
    assert not any("Taiwan" in hit.text for hit in without)
    joint = index.search("kind:joint -taiwan", limit=100)
    assert len(joint) == 3  # of 4
    assert not any("Taiwan" in hit.text for hit in joint)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("since:2022-13 supply", "not a date"),
        ("until:22", "not a date"),
        ("since:2023-02-30", "not a date"),
        ("kind:speech", "kind: is joint, narration, statement"),
        ("contry:korea", "did you mean country:?"),
        ("speaker:park", "no filter called speaker:"),
        ("source:", "needs a value"),
        ("source:---", "needs letters or digits"),
        ("since:2024 until:2022", "is after"),
    ],
)
def test_a_filter_that_cannot_be_read_is_an_error(index: SearchIndex, raw: str, says: str) -> None:
    query = parse_query(raw)
    assert query.errors
    assert says in " ".join(query.errors)
    assert index.search(raw) == []


def test_words_with_colons_and_dashes_are_words() -> None:
    query = parse_query("Wang said: ratio 3:1 - well-being")
    assert not query.errors
    assert query.terms == ("wang", "said", "ratio", "3", "1", "well", "being")
    assert not query.excluded
    assert filter_token("source", "Global Times") == 'source:"Global Times"'
    assert parse_query('source:"Global Times"').sources == ("global times",)
    assert filter_token("speaker", "Park Jin") == "@park-jin"


# -- the command line's flags ------------------------------------------------------------


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert main(["search", *args, "--json", "--limit", "100"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert isinstance(hits, list)
    return hits


@pytest.mark.parametrize(
    ("flags", "tokens"),
    [
        (["--speaker", "park"], "@park"),
        (["--since", "2023"], "since:2023"),
        (["--until", "2022-12"], "until:2022-12"),
        (["--source", "global times"], 'source:"global times"'),
        (["--country", "korea"], "country:korea"),
        (["--kind", "statement"], "kind:statement"),
        (["--speaker", "Wang Yi", "--until", "2022", "--kind", "statement"], "@wang-yi until:2022"),
        (["--speaker", "park", "--speaker", "wang"], "@park @wang"),
    ],
)
def test_cli_flags_mean_what_the_query_says(
    capsys: pytest.CaptureFixture[str], flags: list[str], tokens: str
) -> None:
    by_flags = cli_json(capsys, "relations", *flags)
    by_query = cli_json(capsys, f"relations {tokens}")
    assert by_flags == by_query
    assert by_flags


def test_cli_hits_carry_the_meeting_and_the_speaker(capsys: pytest.CaptureFixture[str]) -> None:
    hits = cli_json(capsys, "supply chain", "--speaker", "park", "--since", "2023")
    assert hits
    for hit in hits:
        speaker = hit["speaker"]
        assert isinstance(speaker, dict)
        assert (speaker["id"], speaker["name"]) == ("park-jin", "Park Jin")
        assert isinstance(hit["meeting_id"], str)
        assert len(hit["meeting_id"]) == 16
        assert str(hit["date"]) >= "2023"
    joint = cli_json(capsys, "agreed", "--kind", "joint")
    assert joint
    assert all(h["kind"] == "joint" and h["speaker"] is None for h in joint)


@pytest.mark.parametrize(
    "flags",
    [["--since", "2022-13"], ["--kind", "speech"], ["--until", ""], ["--source", '""']],
)
def test_cli_bad_filters_exit_2_with_the_reason(
    capsys: pytest.CaptureFixture[str], flags: list[str]
) -> None:
    assert main(["search", "relations", *flags]) == 2
    err = capsys.readouterr().err
    assert "dipreader: error: search:" in err
    assert main(["search", "relations kind:speech"]) == 2
    assert "kind: is joint, narration, statement" in capsys.readouterr().err
