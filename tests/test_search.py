"""The fuzzy sentence search: query parsing, typo tolerance, filters, highlights, storage."""

from __future__ import annotations

import dataclasses
import json
import re
import threading
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dipreader.core.corpus.corpus import load_seeds
from dipreader.core.model import Kind, Meeting, Sentence, Speaker
from dipreader.core.search import index_file
from dipreader.core.search.index import Hit, SearchIndex
from dipreader.core.search.index_file import INDEX_FILE, load_index, save_index
from dipreader.core.search.query import WORD, Query, fold_word, parse_query
from dipreader.core.search.vocabulary import article_rows


@pytest.fixture(scope="module")
def seeds() -> list[Meeting]:
    result = load_seeds()
    assert len(result.meetings) == 2
    return result.meetings


@pytest.fixture(scope="module")
def index(seeds: list[Meeting]) -> SearchIndex:
    built = SearchIndex()
    assert built.add_many(seeds) == 2
    return built


def naive_meeting(path: str, text: str, speakers: dict[str, str] | None = None) -> Meeting:
    """A meeting split at ". " by hand; ``speakers`` maps a sentence's first word to a name."""
    meeting = Meeting(path=path, text=text)
    names = speakers or {}
    for match in re.finditer(r"[^.]+\.?", text):
        chunk = match.group()
        lead = len(chunk) - len(chunk.lstrip())
        begin, end = match.start() + lead, match.end()
        if begin >= end:
            continue
        first = text[begin:end].split()[0]
        if first in names:
            name = names[first]
            sid = name.lower().replace(" ", "-")
            if not meeting.speaker(sid):
                meeting.speakers.append(Speaker(sid, name))
            meeting.sentences.append(Sentence(begin, end, 0, Kind.STATEMENT, sid))
        else:
            meeting.sentences.append(Sentence(begin, end))
    assert meeting.sentences
    return meeting


def words_of(hit: Hit) -> list[str]:
    return [fold_word(hit.text[start:end]) for start, end in hit.highlights]


# -- the query parser ------------------------------------------------------------------


def test_parse_query_splits_words_and_filters() -> None:
    query = parse_query("@park supply chain")
    assert query.terms == ("supply", "chain")
    assert query.speakers == ("park",)
    assert query.prefix  # the last word may still be being typed
    assert query.filtered


def test_parse_query_folds_case_accents_hyphens_and_quotes() -> None:
    assert parse_query("One-CHINA “principle”").terms == ("one", "china", "principle")
    assert parse_query("Séjourné’s").terms == ("sejourne", "s")
    assert parse_query("one\u00a0china").terms == ("one", "china")


def test_parse_query_prefix_only_while_a_word_is_typed() -> None:
    assert parse_query("one chi").prefix
    assert not parse_query("one china ").prefix
    assert not parse_query("one china,").prefix
    assert not parse_query("supply chain @park").prefix


def test_parse_query_joint_narration_and_multiword_names() -> None:
    query = parse_query("@joint @narration agreed @Park-Jin @park-jin")
    assert query.joint
    assert query.narration
    assert query.speakers == ("park-jin",)
    assert query.terms == ("agreed",)


def test_parse_query_empty_and_odd() -> None:
    assert parse_query("").empty
    assert parse_query("   \t\n").empty
    assert parse_query("@").empty
    assert parse_query("@ @@ ...").empty
    assert parse_query("[bold]x[/bold]").terms == ("bold", "x", "bold")
    huge = parse_query("word " * 100_000)
    assert 0 < len(huge.terms) <= 16


@given(st.text())
def test_parse_query_never_raises(raw: str) -> None:
    query = parse_query(raw)
    assert isinstance(query, Query)
    assert all(term and term == fold_word(term) for term in query.terms)
    assert all(name for name in query.speakers)


# -- finding ---------------------------------------------------------------------------


def test_typo_finds_one_china_principle_first(index: SearchIndex) -> None:
    hits = index.search("one china principel")
    assert hits
    assert "one-China principle" in hits[0].text
    assert 0 <= hits[-1].score <= hits[0].score <= 100


@pytest.mark.parametrize(
    "query",
    ["one chnia principle", "onee china principle", "one china princple", "one chi"],
)
def test_other_typos_and_prefixes(index: SearchIndex, query: str) -> None:
    assert "one-China principle" in index.search(query, limit=3)[0].text


def test_speaker_filter_finds_parks_supply_chain(index: SearchIndex) -> None:
    hits = index.search("@park supply chain")
    assert hits
    first = hits[0]
    assert "supply chain cooperation" in first.text
    assert first.meeting.sentences[first.index].speaker == "park-jin"
    assert first.speaker is not None
    assert first.speaker.name == "Park Jin"
    assert first.sentence.kind is Kind.STATEMENT
    assert words_of(first) == ["supply", "chain"]


def test_speaker_filter_narrows_every_hit(index: SearchIndex) -> None:
    for name, speaker in (("@wang", "wang-yi"), ("@PARK", "park-jin"), ("@park-jin", "park-jin")):
        hits = index.search(f"{name} relations", limit=100)
        assert hits
        assert {hit.meeting.sentences[hit.index].speaker for hit in hits} == {speaker}
    # Both said something about the one-China principle; narrowed, each gets their own.
    park = index.search("@park one china principle")[0]
    assert park.text.startswith("South Korea has consistently respected the one-China")


def test_speaker_filter_alone_lists_that_speaker(index: SearchIndex) -> None:
    hits = index.search("@park", limit=500)
    assert hits
    assert all(hit.meeting.sentences[hit.index].speaker == "park-jin" for hit in hits)
    expected = sum(1 for m in index.meetings for s in m.sentences if s.speaker == "park-jin")
    assert len(hits) == expected


def test_joint_filter_and_unknown_speaker(index: SearchIndex) -> None:
    hits = index.search("@joint agreed", limit=100)
    assert hits
    assert all(hit.meeting.sentences[hit.index].kind is Kind.JOINT for hit in hits)
    assert index.search("@nobody one china principle") == []


def test_meeting_filter(index: SearchIndex, seeds: list[Meeting]) -> None:
    bali = next(m for m in seeds if "Bali" in m.text[:200])
    hits = index.search("bilateral relations", meeting_ids={bali.id}, limit=100)
    assert hits
    assert all(hit.meeting is bali for hit in hits)
    # The 2022 meeting never mentions the one-China principle.
    narrowed = index.search("one china principle", meeting_ids=[bali.id])
    assert not any("one-China" in hit.text for hit in narrowed)
    assert index.search("one china principle", meeting_ids=["no-such-meeting"]) == []


def test_hits_are_ordered_and_limited(index: SearchIndex) -> None:
    hits = index.search("relations", limit=4)
    assert 0 < len(hits) <= 4
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert index.search("relations", limit=0) == []


def test_highlights_cover_the_matched_words(index: SearchIndex) -> None:
    hit = index.search("one china principel")[0]
    assert words_of(hit) == ["one", "china", "principle"]
    for start, end in hit.highlights:
        assert 0 <= start < end <= len(hit.text)
    meeting = hit.meeting
    sentence = meeting.sentences[hit.index]
    start, end = hit.highlights[0]
    assert meeting.text[sentence.start + start : sentence.start + end] == "one"
    assert (hit.start, hit.end) == (sentence.start, sentence.end)


def test_plain_counterparts_match_without_changing_offsets() -> None:
    text = (
        "Minister Séjourné said that France\u00a0supports the one\u2011China policy. "
        "He praised \u201cpeople\u2013to\u2013people\u201d ties and China\u2019s role."
    )
    meeting = naive_meeting("plain.txt", text)
    index = SearchIndex()
    index.add(meeting)
    hit = index.search("france supports one-china")[0]
    assert hit.index == 0
    assert [hit.text[a:b] for a, b in hit.highlights] == ["France", "supports", "one", "China"]
    hit = index.search('"people to people" ties')[0]
    assert hit.index == 1
    assert [hit.text[a:b] for a, b in hit.highlights] == ["people", "to", "people", "ties"]
    assert index.search("china's role")[0].index == 1
    assert index.search("sejourne")[0].index == 0


def test_incremental_add() -> None:
    first = naive_meeting("a.txt", "The ministers discussed fisheries. They met in Lima.")
    second = naive_meeting("b.txt", "Semiconductor supply chains were reviewed.")
    index = SearchIndex()
    assert index.add(first)
    assert index.search("semiconductor supply") == []
    assert index.add(second)
    assert index.search("semiconductor suply")[0].meeting is second
    assert not index.add(second)  # already in: nothing changes
    assert len(index) == 3
    assert index.search("fisheries")[0].meeting is first
    assert second in index
    assert first.id != second.id


def test_empty_index_and_odd_queries(index: SearchIndex) -> None:
    assert SearchIndex().search("anything") == []
    for raw in (
        "",
        "   ",
        "@",
        "@@@",
        "[bold red]x[/]",
        "[link=http://e]x[/link]",
        "\x1b]0;title\x07 china",
        "\x00\x01\x02",
        "\u202e\u2066 one",
        "İstanbul Ⅻ ﬁnance ½",
        "🙂 " * 1000,
        "principle " * 50_000,
        "a" * 100_000,
        "-- '' \"\" ...",
    ):
        hits = index.search(raw, limit=5)
        assert isinstance(hits, list)
        assert len(hits) <= 5


@given(st.text(max_size=60))
def test_search_never_raises(raw: str) -> None:
    index = _shared_index()
    hits = index.search(raw, limit=5)
    assert len(hits) <= 5
    for hit in hits:
        assert 0 <= hit.score <= 100
        assert all(0 <= a < b <= len(hit.text) for a, b in hit.highlights)


_CACHE: list[SearchIndex] = []


def _shared_index() -> SearchIndex:
    if not _CACHE:
        built = SearchIndex()
        built.add_many(load_seeds().meetings)
        _CACHE.append(built)
    return _CACHE[0]


# -- storing ---------------------------------------------------------------------------


def test_round_trip_gives_the_same_hits(seeds: list[Meeting]) -> None:
    wordless = Meeting("w.txt", "—. Fisheries talks.", sentences=[Sentence(0, 2), Sentence(3, 19)])
    index = SearchIndex()
    index.add_many([*seeds, wordless])
    data = index_file.to_bytes(index)
    restored = index_file.from_bytes(data, list(index.meetings))
    assert len(restored) == len(index)
    assert restored.search("fisheries")[0].index == 1
    for query in ("one china principel", "@park supply chain", "@joint", "relations"):
        before = [(h.meeting.id, h.index, h.score, h.highlights) for h in index.search(query)]
        after = [(h.meeting.id, h.index, h.score, h.highlights) for h in restored.search(query)]
        assert before == after
    # The restored index still grows.
    extra = naive_meeting("c.txt", "Critical minerals were discussed.")
    assert restored.add(extra)
    assert restored.search("critical mineral")[0].meeting is extra


def test_foreign_or_damaged_bytes_are_refused(index: SearchIndex, seeds: list[Meeting]) -> None:
    data = index_file.to_bytes(index)
    meetings = list(index.meetings)
    with pytest.raises(ValueError, match="search index"):
        index_file.from_bytes(data, meetings[::-1])
    # Same files, edited since: same ids, other words. The stored index is not trusted.
    edited = [dataclasses.replace(meetings[0], text=meetings[0].text.replace("Wang", "Wong"))]
    assert edited[0].id == meetings[0].id
    with pytest.raises(ValueError, match="search index"):
        index_file.from_bytes(data, edited + meetings[1:])
    with pytest.raises(ValueError, match="search index"):
        index_file.from_bytes(data[:-10], meetings)
    with pytest.raises(ValueError, match="search index"):
        index_file.from_bytes(b"not an index at all", meetings)
    with pytest.raises(ValueError, match="search index"):
        index_file.from_bytes(b"\x80\x04\x95" + data[3:], meetings)


def test_searches_while_another_thread_adds(seeds: list[Meeting]) -> None:
    topics = ["fisheries", "semiconductors", "climate", "tourism", "grain", "vaccines"]
    meetings = [
        naive_meeting(
            f"t{number}.txt",
            f"Minister {number} discussed {topics[number % 6]} cooperation. "
            f"They agreed to meet again in round {number}.",
            {"Minister": f"Minister {number % 7}"},
        )
        for number in range(600)
    ]
    index = SearchIndex()
    index.add_many(seeds)
    errors: list[BaseException] = []

    def add_all() -> None:
        try:
            for meeting in meetings:
                index.add(meeting)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    def search_too() -> None:
        try:
            while adder.is_alive():
                index.search("cooperation tourism", limit=5)
                index.search("@minister gra", limit=5)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    adder = threading.Thread(target=add_all)
    other = threading.Thread(target=search_too)
    adder.start()
    other.start()
    seen = 0
    while adder.is_alive() or seen == 0:
        for query in ("fisheries cooperation", "@minister climate", "round 5", "one china"):
            hits = index.search(query, limit=5, meeting_ids=[m.id for m in meetings[:50]])
            hits += index.search(query, limit=5)
            seen += len(hits)
    adder.join()
    other.join()
    assert not errors
    assert len(index.meetings) == 602
    assert index.search("semiconductors cooperation", limit=500)[-1].score > 50
    assert len(index.search("@minister-3", limit=1000)) == len(
        [m for m in meetings if m.speakers[0].name == "Minister 3"]
    )


def test_dropped_doubled_or_swapped_letters_beat_changed_ones() -> None:
    meeting = naive_meeting(
        "slips.txt",
        "The sides are ready. The sides have agreed. Peace so near. Peace is near.",
    )
    index = SearchIndex()
    index.add(meeting)
    # "ave" is "have" with a letter dropped, or "are" with one changed.
    assert index.search("sides ave ")[0].text == "The sides have agreed."
    # "si" is "is" with two letters swapped, or "so" with one changed.
    assert index.search("peace si ")[0].text == "Peace is near."


def test_stored_postings_out_of_range_are_dropped_not_fatal(seeds: list[Meeting]) -> None:
    index = SearchIndex()
    index.add_many(seeds)
    data = bytearray(index_file.to_bytes(index))
    # Overwrite the postings section with huge sentence numbers, keeping every size.
    magic = b"dipreader-search-index\n"
    size = int.from_bytes(data[len(magic) : len(magic) + 8], "little")
    start = len(magic) + 8
    header = json.loads(data[start : start + size])
    offset = start + size + sum(header["sections"][:3])
    length = header["sections"][3]
    data[offset : offset + length] = b"\xff" * length
    restored = index_file.from_bytes(bytes(data), seeds)
    for query in ("one china principel", "@park supply chain", "the two", "a"):
        assert restored.search(query) == []


def test_highlights_stay_aligned_in_hostile_text() -> None:
    # NUL (the index's own separator inside), a dotted capital I whose lower case is two
    # characters, escape sequences and a zero-width space: offsets must still point at words.
    text = "İstanbul hosted\x00the talks on\x1b[2J grain exports. Then they\u200bleft Ankara."
    meeting = Meeting("hostile.txt", text, sentences=[Sentence(0, 47), Sentence(48, 73)])
    index = SearchIndex()
    index.add(meeting)
    hit = index.search("istanbul the talks on grain")[0]
    assert hit.index == 0
    assert [hit.text[a:b] for a, b in hit.highlights] == ["İstanbul", "the", "talks", "on", "grain"]
    hit = index.search("ankara")[0]
    assert (hit.index, [hit.text[a:b] for a, b in hit.highlights]) == (1, ["Ankara"])


def test_save_and_load_index_in_the_cache_folder(seeds: list[Meeting], tmp_path: Path) -> None:
    index = SearchIndex()
    index.add_many(seeds)
    folder = tmp_path / "cache"
    assert load_index(folder, seeds) is None  # nothing stored yet
    assert save_index(index, folder)
    restored = load_index(folder, seeds)
    assert restored is not None
    assert "one-China principle" in restored.search("one china principel")[0].text
    assert load_index(folder, seeds[::-1]) is None  # other order: rebuild
    (folder / INDEX_FILE).write_bytes(b"\x80\x04garbage")
    assert load_index(folder, seeds) is None
    (folder / INDEX_FILE).write_bytes(b"x" * (8 * sum(len(m.text) for m in seeds) + (1 << 20) + 1))
    assert load_index(folder, seeds) is None  # far too large to be ours: not even read
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    assert not save_index(index, blocked)
    assert not list(folder.glob(".search-index-*"))  # no temporary file left behind


# -- reading words --------------------------------------------------------------------------


def _rows_the_slow_way(text: str, spans: list[tuple[int, int]]) -> list[list[str]]:
    """What ``article_rows`` must agree with: the word regex over each sentence, folded."""
    rows = []
    for start, end in spans:
        sentence = text[start:end].replace("\x00", " ")
        lowered = sentence.lower()
        if len(lowered) != len(sentence):
            rows.append([fold_word(word) for word in WORD.findall(sentence)])
        else:
            rows.append([fold_word(word) for word in WORD.findall(lowered)])
    return rows


_ODD_TEXT = st.text(
    alphabet=st.sampled_from(
        [
            *"abcXYZ019 _-.,'\"\n\t\x00\x1f",
            "é",
            "É",
            "İ",
            "ß",
            "ﬁ",
            "’",
            "“",
            "—",
            "\xa0",
            "\u2009",
            "\u3000",
            "中",
            "٣",
            "\ud800",
        ]
    )
    | st.characters(),
    max_size=80,
)


@pytest.mark.fuzz  # also one of the long runs of .ci/run
@given(_ODD_TEXT, st.lists(st.integers(0, 80), max_size=8))
def test_article_rows_reads_the_words_of_each_sentence(text: str, cuts: list[int]) -> None:
    bounds = sorted({min(cut, len(text)) for cut in [0, *cuts, len(text)]})
    spans = list(pairwise(bounds))
    ids: dict[str, str] = {}
    words_of: dict[str, str] = {}

    def lookup(word: str) -> str:
        if word == "\x00":
            return word  # the sentence separator is its own id, as in the vocabulary
        if word not in ids:
            ids[word] = chr(0x100 + len(ids))
            words_of[ids[word]] = word
        return ids[word]

    rows = article_rows(text, spans, lookup)
    assert [[words_of[char] for char in row] for row in rows] == _rows_the_slow_way(text, spans)


def test_article_rows_on_the_seeds(seeds: list[Meeting]) -> None:
    for meeting in seeds:
        spans = [(s.start, s.end) for s in meeting.sentences]
        found = article_rows(meeting.text, spans, lambda w: w if w == "\x00" else f"<{w}>")
        slow = _rows_the_slow_way(meeting.text, spans)
        assert ["".join(f"<{w}>" for w in row) for row in slow] == found
        assert "<china>" in found[0] or any("<china>" in row for row in found)


def test_cached_meetings_index_as_read_ones_without_unpacking(seeds: list[Meeting]) -> None:
    from dipreader.core.corpus.packing import PackedSentences, pack, unpack

    copies = []
    for meeting in seeds:
        copy = unpack(pack(meeting))
        copy.path = meeting.path
        copies.append(copy)
    direct, cached = SearchIndex(), SearchIndex()
    direct.add_many(seeds)
    cached.add_many(copies)
    assert index_file.to_bytes(cached) == index_file.to_bytes(direct)
    # The index read the packed sentences as they are: none was made into an object.
    assert all(isinstance(c.sentences, PackedSentences) and c.sentences.columns() for c in copies)
    hits = cached.search("@park-jin one china")
    assert hits
    assert hits[0].speaker is not None
    assert hits[0].speaker.name == "Park Jin"
