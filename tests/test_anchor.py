"""Re-anchoring: a bookmark or note follows its passage through edits, moves and renames."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dipreader.core.model import Meeting
from dipreader.core.notes.anchor import (
    CONTEXT,
    Anchor,
    AnchorStatus,
    MeetingIndex,
    locate,
    resolve,
    resolve_all,
)
from dipreader.core.settings import locations
from dipreader.core.text.fold import fold_text

SEED = (locations.seeds_dir() / "000_e2ee6582c83f05d0.txt").read_text(encoding="utf-8")
OTHER = (locations.seeds_dir() / "002_fb00f497c8c50f76.txt").read_text(encoding="utf-8")
PATH = "corpus/000_e2ee6582c83f05d0.txt"

PARK = (
    "Park Jin, on his part, expressed that South Korea and China are neighbors and "
    "strategic partners."
)
# The seed says "eliminate interferences, coexist harmoniously" twice, with "restart" and
# "reset": a near-duplicate that a careless fuzzy match would confuse.
WANG = "Wang stressed that both sides should exploit the advantages to the full"


def meeting(text: str = SEED, path: str = PATH, line: int = 0) -> Meeting:
    return Meeting(path=path, text=text, line=line)


def anchor_on(quote: str, text: str = SEED, path: str = PATH, occurrence: int = 0) -> Anchor:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return Anchor.from_span(meeting(text, path), start, start + len(quote))


def sentence_of(text: str, opening: str) -> str:
    """The sentence of ``text`` that starts with ``opening`` (the seed has no space after
    full stops, so it ends at the first full stop after the opening)."""
    start = text.index(opening)
    return text[start : text.index(".", start) + 1]


def test_anchor_keeps_quote_context_and_hash() -> None:
    m = meeting()
    anchor = anchor_on(PARK)
    assert anchor.exact == PARK
    assert anchor.prefix == SEED[anchor.start - CONTEXT : anchor.start]
    assert anchor.suffix == SEED[anchor.end : anchor.end + CONTEXT]
    assert anchor.text_hash == m.text_hash
    assert anchor.path == PATH


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (10, 4), (0, len(SEED) + 1)])
def test_anchor_rejects_a_span_outside_the_text(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="span"):
        Anchor.from_span(meeting(), start, end)


def test_unchanged_article_resolves_to_the_stored_offsets() -> None:
    anchor = anchor_on(PARK)
    found = resolve(anchor, MeetingIndex([meeting()]))
    assert found.status is AnchorStatus.EXACT
    assert (found.start, found.end) == (anchor.start, anchor.end)
    assert found.quote == PARK
    assert not found.relocated


def test_text_added_before_the_passage() -> None:
    anchor = anchor_on(PARK)
    header, body = SEED.split("\n", 1)
    edited = header + "\nA new paragraph written at the top of the article.\n\n" + body
    found = resolve(anchor, MeetingIndex([meeting(edited)]))
    assert found.status is AnchorStatus.MOVED
    assert found.quote == PARK
    assert found.start == edited.index(PARK)


def test_text_removed_before_the_passage() -> None:
    anchor = anchor_on(PARK)
    doomed = sentence_of(SEED, "The Taiwan question")
    edited = SEED.replace(doomed, "")
    found = resolve(anchor, MeetingIndex([meeting(edited)]))
    assert found.status is AnchorStatus.MOVED
    assert found.start == edited.index(PARK)
    assert found.quote == PARK


def test_text_changed_after_the_passage_keeps_the_offsets() -> None:
    anchor = anchor_on(PARK)
    edited = SEED + "\nUpdated on Saturday."
    found = resolve(anchor, MeetingIndex([meeting(edited)]))
    assert found.status is AnchorStatus.EXACT
    assert (found.start, found.end) == (anchor.start, anchor.end)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("neighbors", "neighbours"),  # a word respelled
        ("strategic partners", "important strategic partners"),  # a word added
        ("on his part, ", ""),  # words removed
        ("expressed", "said"),  # a word replaced by a shorter one
    ],
)
def test_passage_lightly_edited_resolves_to_the_edited_passage(old: str, new: str) -> None:
    anchor = anchor_on(PARK)
    edited_park = PARK.replace(old, new)
    edited = SEED.replace(PARK, edited_park)
    found = resolve(anchor, MeetingIndex([meeting(edited)]))
    assert found.status is AnchorStatus.FUZZY
    assert found.quote == edited_park
    assert found.start == edited.index(edited_park)
    assert 75 <= found.score < 100


def test_edited_passage_is_not_confused_with_its_near_duplicate() -> None:
    quote = sentence_of(SEED, WANG)
    anchor = anchor_on(quote)
    edited_quote = quote.replace("geographical proximity", "close geographical proximity")
    edited = SEED.replace(quote, edited_quote)
    found = resolve(anchor, MeetingIndex([meeting(edited)]))
    assert found.status is AnchorStatus.FUZZY
    assert found.quote == edited_quote


def test_passage_rewritten_beyond_recognition_is_an_orphan_with_its_quote() -> None:
    anchor = anchor_on(PARK)
    edited = SEED.replace(PARK, "The minister declined to comment on the talks at all.")
    found = resolve(anchor, MeetingIndex([meeting(edited)]))
    assert found.status is AnchorStatus.ORPHAN
    assert found.meeting is None
    assert found.quote == PARK
    assert (found.start, found.end) == (anchor.start, anchor.end)


def test_short_quote_is_not_matched_fuzzily() -> None:
    text = "First line here. They agreed. Last line here."
    start = text.index("They agreed.")
    anchor = Anchor.from_span(meeting(text), start, start + len("They agreed."))
    edited = text.replace("They agreed.", "They argued.")
    assert resolve(anchor, MeetingIndex([meeting(edited)])).status is AnchorStatus.ORPHAN


def test_article_missing_entirely_is_an_orphan() -> None:
    anchor = anchor_on(PARK)
    found = resolve(anchor, MeetingIndex([meeting(OTHER, "corpus/other.txt")]))
    assert found.status is AnchorStatus.ORPHAN


def test_file_renamed_is_found_by_its_text_hash() -> None:
    anchor = anchor_on(PARK)
    renamed = meeting(path="corpus/2023/wang-park.txt")
    index = MeetingIndex([meeting(OTHER, "corpus/other.txt"), renamed])
    found = resolve(anchor, index)
    assert found.status is AnchorStatus.RELOCATED
    assert found.meeting is renamed
    assert found.relocated
    assert (found.start, found.end) == (anchor.start, anchor.end)


def test_file_moved_and_edited_is_found_by_its_quote_and_context() -> None:
    anchor = anchor_on(PARK)
    edited = "Correction appended at the top.\n" + SEED
    moved = meeting(edited, "archive/000_e2ee6582c83f05d0.txt")
    # A decoy holding the same sentence in another context: the context decides.
    decoy_text = "Unrelated opening words here. " + PARK + " Unrelated closing words."
    decoy = meeting(decoy_text, "corpus/decoy.txt")
    found = resolve(anchor, MeetingIndex([decoy, moved]))
    assert found.status is AnchorStatus.RELOCATED
    assert found.meeting is moved
    assert found.start == edited.index(PARK)


def test_file_moved_and_passage_edited_is_found_fuzzily() -> None:
    anchor = anchor_on(PARK)
    edited_park = PARK.replace("neighbors", "close neighbours")
    moved = meeting(SEED.replace(PARK, edited_park), "archive/renamed.txt")
    found = resolve(anchor, MeetingIndex([meeting(OTHER, "corpus/other.txt"), moved]))
    assert found.status is AnchorStatus.FUZZY
    assert found.meeting is moved
    assert found.relocated
    assert found.quote == edited_park


def test_passage_moved_to_another_file_while_the_old_file_remains() -> None:
    # The article was split: the passage left the old file for a new one.
    anchor = anchor_on(PARK)
    split_at = SEED.index(PARK) - 40
    old_part = meeting(SEED[:split_at], PATH)
    new_part = meeting(SEED[split_at:], "corpus/000-part2.txt")
    found = resolve(anchor, MeetingIndex([old_part, new_part]))
    assert found.status is AnchorStatus.RELOCATED
    assert found.meeting is new_part
    assert found.quote == PARK


def test_passage_gone_from_its_article_does_not_wander_to_a_similar_one() -> None:
    anchor = anchor_on(PARK)
    gone = meeting(SEED.replace(PARK, "The talks ended."))
    similar = meeting(
        SEED.replace(PARK, PARK.replace("neighbors", "close neighbours")), "corpus/reprint.txt"
    )
    found = resolve(anchor, MeetingIndex([gone, similar]))
    assert found.status is AnchorStatus.ORPHAN


def test_the_path_wins_over_a_copy_of_the_same_text() -> None:
    anchor = anchor_on(PARK)
    copy = meeting(path="backup/copy.txt")
    home = meeting()
    found = resolve(anchor, MeetingIndex([copy, home]))
    assert found.meeting is home
    assert found.status is AnchorStatus.EXACT


def test_relative_and_absolute_paths_name_the_same_file() -> None:
    anchor = anchor_on(PARK, path="corpus/a.txt")
    absolute = meeting(path=str(Path("corpus/a.txt").absolute()))
    found = resolve(anchor, MeetingIndex([absolute]))
    assert found.status is AnchorStatus.EXACT
    assert not found.relocated


TWICE = (
    "Opening words of the readout. Both sides agreed to keep in touch. Wang then spoke "
    "about trade and investment at length. Later, after lunch, the ministers met again. "
    "Both sides agreed to keep in touch. The meeting ended in the evening."
)
REPEATED = "Both sides agreed to keep in touch."


@pytest.mark.parametrize("occurrence", [0, 1])
def test_quote_appearing_twice_picks_the_right_occurrence(occurrence: int) -> None:
    anchor = anchor_on(REPEATED, TWICE, occurrence=occurrence)
    edited = "An editor's note added at the very top of the readout.\n\n" + TWICE
    found = resolve(anchor, MeetingIndex([meeting(edited)]))
    assert found.status is AnchorStatus.MOVED
    expected = edited.index(REPEATED)
    if occurrence:
        expected = edited.index(REPEATED, expected + 1)
    assert found.start == expected


def test_quote_appearing_twice_with_its_context_edited_uses_the_other_side() -> None:
    anchor = anchor_on(REPEATED, TWICE, occurrence=1)
    # The sentence before the second occurrence is rewritten; the suffix still tells.
    edited = TWICE.replace("Later, after lunch, the ministers met again.", "Then:")
    edited = "Prologue. " + edited
    found = resolve(anchor, MeetingIndex([meeting(edited)]))
    second = edited.index(REPEATED, edited.index(REPEATED) + 1)
    assert found.start == second


def test_typographic_quotes_straightened_still_match() -> None:
    curly = "Intro. \u201cWe are willing to work together,\u201d Wang said.\u00a0Outro here."
    quote = "\u201cWe are willing to work together,\u201d Wang said."
    anchor = anchor_on(quote, curly)
    plain = "New top line.\n" + '"We are willing to work together," Wang said. Outro here.'
    found = resolve(anchor, MeetingIndex([meeting(plain)]))
    assert found.found
    assert found.quote == '"We are willing to work together," Wang said.'
    assert fold_text(found.quote) == fold_text(quote)


def test_jsonl_articles_at_one_path_are_told_apart_by_line() -> None:
    first = meeting(OTHER, "feed.jsonl", line=1)
    second = meeting(SEED, "feed.jsonl", line=2)
    start = SEED.index(PARK)
    anchor = Anchor.from_span(second, start, start + len(PARK))
    found = resolve(anchor, MeetingIndex([first, second]))
    assert found.meeting is second
    assert found.status is AnchorStatus.EXACT
    # A line inserted above it in the file: the article is found at its new line.
    moved_down = meeting(SEED, "feed.jsonl", line=3)
    found = resolve(anchor, MeetingIndex([first, meeting(OTHER, "feed.jsonl", 2), moved_down]))
    assert found.meeting is moved_down
    assert found.status is AnchorStatus.RELOCATED


def test_locate_in_one_article() -> None:
    anchor = anchor_on(PARK)
    edited = "x" + SEED
    found = locate(anchor, meeting(edited))
    assert found is not None
    assert found.start == anchor.start + 1
    assert locate(anchor, meeting(OTHER)) is None


def test_resolve_all_over_many_articles() -> None:
    # Many articles, many anchors: every one is found in its own article.
    articles = [
        meeting(f"Article number {n}. " + SEED[n * 7 : n * 7 + 900], f"corpus/{n}.txt")
        for n in range(200)
    ]
    anchors = [Anchor.from_span(m, 20, 120) for m in articles]
    shifted = [meeting("Inserted. " + m.text, m.path) for m in articles]
    results = resolve_all(anchors, shifted)
    assert all(r.status is AnchorStatus.MOVED for r in results)
    assert [r.meeting for r in results] == shifted
    assert [r.quote for r in results] == [a.exact for a in anchors]


# -- the property: edits outside the passage never lose it ----------------------------------

EDIT_TEXT = st.text(
    alphabet=st.sampled_from(list("abc xyz.,\n\u00a0\u201c\u201d-WangPark")), max_size=40
)
EDITS = st.lists(
    st.tuples(st.integers(min_value=0), st.integers(0, 60), EDIT_TEXT), min_size=1, max_size=8
)


def apply_outside(
    text: str, start: int, end: int, edits: list[tuple[int, int, str]]
) -> tuple[str, int]:
    """Apply edits that never touch ``text[start:end]``; return the text and the new start."""
    size = end - start
    for where, length, insert in edits:
        outside = len(text) - size
        point = where % (outside + 1)
        if point <= start:  # before the passage: delete at most up to it
            length = min(length, start - point)
            text = text[:point] + insert + text[point + length :]
            start += len(insert) - length
        else:  # after it
            point += size
            length = min(length, len(text) - point)
            text = text[:point] + insert + text[point + length :]
    return text, start


@pytest.mark.fuzz
@given(
    start=st.integers(0, len(SEED) - 2),
    size=st.integers(1, 240),
    edits=EDITS,
)
def test_edits_outside_the_passage_always_reanchor_to_the_same_text(
    start: int, size: int, edits: list[tuple[int, int, str]]
) -> None:
    end = min(len(SEED), start + size)
    anchor = Anchor.from_span(meeting(), start, end)
    edited, new_start = apply_outside(SEED, start, end, edits)
    assume(edited != SEED)
    found = resolve(anchor, MeetingIndex([meeting(edited)]))
    assert found.found
    assert found.quote == anchor.exact
    if edited.count(anchor.exact) == 1:
        assert found.start == new_start


@pytest.mark.fuzz
@given(sentence=st.integers(0, 11), edits=EDITS)
def test_edits_outside_a_sentence_keep_it_when_the_file_is_moved_too(
    sentence: int, edits: list[tuple[int, int, str]]
) -> None:
    bounds = [0] + [i + 1 for i, ch in enumerate(SEED) if ch == "."]
    start, end = bounds[sentence], bounds[sentence + 1]
    anchor = Anchor.from_span(meeting(), start, end)
    edited, new_start = apply_outside(SEED, start, end, edits)
    moved = meeting(edited, "moved/elsewhere.txt")
    found = resolve(anchor, MeetingIndex([meeting(OTHER, "corpus/other.txt"), moved]))
    assert found.meeting is moved
    assert found.quote == anchor.exact
    if edited.count(anchor.exact) == 1:
        assert found.start == new_start


def test_moved_file_found_when_an_edit_glues_a_word_to_the_quote() -> None:
    # Found by Hypothesis: the text before the quote was cut so that a word now runs into
    # the quote's first word ("...thWang stressed"); the quote is still there verbatim.
    quote = sentence_of(SEED, WANG)
    anchor = anchor_on(quote)
    start = SEED.index(quote)
    edited = SEED[: start - 54] + "th" + SEED[start:]
    moved = meeting(edited, "moved/elsewhere.txt")
    found = resolve(anchor, MeetingIndex([meeting(OTHER, "corpus/other.txt"), moved]))
    assert found.meeting is moved
    assert found.start == start - 52


_WORDS = st.lists(
    st.sampled_from(
        "the two sides agreed to deepen talks on trade and security while both ministers "
        "noted regional stability".split()
    ),
    min_size=8,
    max_size=20,
).map(" ".join)


@given(
    prefix=_WORDS,
    quote=_WORDS,
    suffixes=st.tuples(_WORDS, _WORDS),
    fillers=st.tuples(_WORDS, _WORDS),
    which=st.integers(0, 1),
)
def test_two_occurrences_told_apart_by_their_suffix_alone(
    prefix: str,
    quote: str,
    suffixes: tuple[str, str],
    fillers: tuple[str, str],
    which: int,
) -> None:
    """The same quote twice with the same prefix: only what follows tells them apart, and
    that must decide even when the article's blocks swap places (nearness points wrong)."""
    after = [f" {suffix}. End {n}." for n, suffix in enumerate(suffixes)]
    assume(after[0][:CONTEXT] != after[1][:CONTEXT])
    lead = f"{prefix} "
    assume(len(lead) >= CONTEXT)
    blocks = [f"{fillers[n]}. {lead}{quote}{after[n]}\n\n" for n in range(2)]
    text = blocks[0] + blocks[1]
    # Exactly two places hold the quote (overlaps counted): else it is ambiguous by design.
    assume(sum(text.startswith(quote, at) for at in range(len(text))) == 2)
    start = text.index(lead + quote, len(blocks[0]) if which else 0) + len(lead)
    anchor = Anchor.from_span(meeting(text), start, start + len(quote))
    swapped = blocks[1] + blocks[0]
    found = resolve(anchor, MeetingIndex([meeting(swapped)]))
    assert found.found
    assert swapped[found.end :].startswith(after[which])
