"""The analyst views over the corpus database give what they give over the meetings in
memory: everyone who speaks, who a name means, each person's statements, and a phrase's
mentions over time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dipreader.core.analysis import corpus_views
from dipreader.core.analysis.statements import (
    AmbiguousSpeaker,
    MeetingStatements,
    SpeakerNotFound,
    all_speakers,
    resolve_speaker,
    statements_of,
)
from dipreader.core.analysis.trend import EmptyPhrase, TrendPoint, trend
from dipreader.core.corpus.corpus import load
from dipreader.core.corpus.library import Library
from dipreader.core.model import Meeting
from dipreader.core.settings.locations import seeds_dir
from test_corpus_database import generated

Both = tuple[Library, list[Meeting]]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Both:
    base = tmp_path_factory.mktemp("views")
    folder = base / "articles"
    generated(folder, 200)
    for seed in seeds_dir().glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "biden.txt").write_text(
        "Talks in Seoul\n\nUS President Biden met with South Korean Foreign Minister Park Jin."
        '\n\n"We should deepen cooperation," US President Biden said.\n'
    )
    (folder / "joe.txt").write_text(
        "Talks in Washington\n\nUS President Joe Biden met with South Korean Foreign Minister "
        'Park Jin.\n\n"We should deepen cooperation," US President Joe Biden said.\n'
    )
    # One person named as fully on one day in two ways: the first in the list's order wins.
    for name, who in (("tie-a.jsonl", "Foreign Minister Park Jin"), ("tie-b.jsonl", "Park Jin")):
        record = {
            "date": "2030-01-02",
            "title": "A tie",
            "text": f'{who} met Wang Yi in Seoul. "We agree," {who} said.',
        }
        (folder / name).write_text(json.dumps(record) + "\n")
    lib = Library([folder], folder=base / "cache")
    list(lib.update(workers=1))
    return lib, load([folder], cache=False).meetings


def _places(groups: list[MeetingStatements]) -> list[tuple[str, int, list[int]]]:
    return [(Path(g.meeting.path).name, g.meeting.line, g.indices) for g in groups]


def test_everyone_who_speaks_is_the_same_person_described_the_same_way(both: Both) -> None:
    lib, meetings = both
    found = corpus_views.speakers_in(lib.database)
    assert found == all_speakers(meetings)
    assert len(found) > 20
    assert [(s.id, s.role) for s in found if s.id == "park-jin"] == [
        ("park-jin", "Foreign Minister")
    ]


def test_each_persons_statements_are_the_same_in_the_same_order(both: Both) -> None:
    lib, meetings = both
    compared = 0
    for speaker in all_speakers(meetings):
        expected = _places(statements_of(meetings, speaker.id))
        assert _places(corpus_views.statements_in(lib.database, speaker.id)) == expected
        compared += sum(len(indices) for *_, indices in expected)
    assert compared > 500
    joined = _places(corpus_views.statements_in(lib.database, "joseph-biden"))
    assert {place[0] for place in joined} == {"biden.txt", "joe.txt"}


@pytest.mark.parametrize("name", ["Park Jin", "park", "Wang", "Biden", "nobody at all"])
def test_a_name_means_whom_it_means_in_memory(both: Both, name: str) -> None:
    lib, meetings = both
    try:
        expected: object = resolve_speaker(meetings, name)
    except (SpeakerNotFound, AmbiguousSpeaker) as error:
        expected = (type(error), str(error))
    try:
        found: object = corpus_views.resolve_in(lib.database, name)
    except (SpeakerNotFound, AmbiguousSpeaker) as error:
        found = (type(error), str(error))
    assert found == expected


def _mentions(points: list[TrendPoint]) -> list[tuple[str, int, list[tuple[int, float, str]]]]:
    return [
        (Path(p.meeting.path).name, p.meeting.line, [(m.index, m.score, m.who) for m in p.mentions])
        for p in points
        if p.count
    ]


@pytest.mark.parametrize(
    "phrase",
    [
        "cooperation",
        "bilateral relations",
        "the two sides",
        "one china",
        "suply chain",  # a typo
        "deepen cooperation @biden",
        "the",
        "said that the",
        "talks",
    ],
)
def test_a_phrase_over_time_has_the_same_mentions_as_in_memory(both: Both, phrase: str) -> None:
    lib, meetings = both
    expected = trend(meetings, phrase)
    found = corpus_views.trend_in(lib.database, phrase)
    assert _mentions(found.points) == _mentions(expected.points)
    assert found.who_totals() == expected.who_totals()
    assert [found.label(who) for who, _ in found.who_totals()] == [
        expected.label(who) for who, _ in expected.who_totals()
    ]


def test_the_phrases_compared_have_mentions_to_compare(both: Both) -> None:
    _, meetings = both
    totals = {phrase: trend(meetings, phrase).total for phrase in ("cooperation", "the two sides")}
    assert all(total > 20 for total in totals.values()), totals


def test_a_phrase_of_no_words_is_refused_over_the_database_too(both: Both) -> None:
    lib, _ = both
    with pytest.raises(EmptyPhrase):
        corpus_views.trend_in(lib.database, " ,. ")
