"""Exports: Markdown for people, CSV for spreadsheets, W3C Web Annotation JSON-LD for tools."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from dipreader.core.model import Kind, Meeting, Sentence, Speaker
from dipreader.core.notes import export
from dipreader.core.notes.anchor import AnchorStatus, MeetingIndex
from dipreader.core.notes.annotation import (
    Annotation,
    Item,
    NoteKind,
    items_in,
    resolve_items,
    touching,
)
from dipreader.core.notes.store import Store
from dipreader.core.reading.readout import read_meeting
from dipreader.core.settings import locations
from dipreader.core.text import safe

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
HOSTILE = (
    'Wang said: "[click me](javascript:alert(1)) <script>alert(2)</script> '
    '<img src=x onerror=alert(3)> **bold** `code` | a | b |" \x1b]0;pwned\x07\x1b[2J end.'
)
OPENING = "Opening words of the readout that set the scene."
NEUTRAL = "Park said the two countries are close neighbours and partners."
JOINT = "The two sides agreed to meet again within the year."
LOST = "A passage that left with its article."


def article(
    path: str = "corpus/a.txt",
    on: date | None = date(2023, 7, 15),
    title: str = "Wang Yi and Park Jin in Jakarta",
    top: str = "",
) -> Meeting:
    """A small article with known sentences and speakers (top: text added above them)."""
    parts = [OPENING, HOSTILE, NEUTRAL, JOINT]
    text = top + " ".join(parts)
    sentences: list[Sentence] = []
    speakers = {1: "wang-yi", 2: "park-jin"}
    for number, part in enumerate(parts):
        start = text.index(part)
        kind = Kind.NARRATION
        if number in speakers:
            kind = Kind.STATEMENT
        elif number == 3:
            kind = Kind.JOINT
        sentences.append(Sentence(start, start + len(part), 0, kind, speakers.get(number)))
    return Meeting(
        path=path,
        text=text,
        date=on,
        title=title,
        speakers=[
            Speaker("wang-yi", "Wang Yi", "Foreign Minister", "China"),
            Speaker("park-jin", "Park Jin", "Foreign Minister", "South Korea"),
        ],
        sentences=sentences,
    )


def span(meeting: Meeting, quote: str) -> tuple[int, int]:
    start = meeting.text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def notes(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "notes.sqlite3") as store:
        yield store


def items_for(notes: Store, meetings: list[Meeting]) -> list[Item]:
    return resolve_items(notes.all(), meetings)


@pytest.fixture
def sample(notes: Store) -> list[Annotation]:
    """A note on the hostile sentence, a bookmark on Park's, a note that will be orphaned."""
    a = article()
    gone = Meeting(path="corpus/gone.txt", text=f"Before. {LOST} After.", title="A lost article")
    made = [
        notes.add_note(a, *span(a, HOSTILE), '=HYPERLINK("http://evil")\n# not a heading'),
        notes.add_bookmark(a, *span(a, NEUTRAL)),
        notes.add_note(gone, *span(gone, LOST), "the passage of this note is gone"),
    ]
    return made


# -- W3C Web Annotation ------------------------------------------------------------------


def annotations_of(text: str) -> list[dict[str, Any]]:
    data = json.loads(text)
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    assert data["total"] == len(data["first"]["items"])
    assert data["first"]["type"] == "AnnotationPage"
    items: list[dict[str, Any]] = data["first"]["items"]
    return items


def file_iri(path: str) -> str:
    """What a target's source is for an article file: its absolute path as a file URI."""
    return Path(os.path.abspath(path)).as_uri()


def selector(annotation: dict[str, Any], kind: str) -> dict[str, Any] | None:
    found = [s for s in annotation["target"]["selector"] if s["type"] == kind]
    return found[0] if found else None


def test_json_is_web_annotation_with_positions_in_todays_text(
    notes: Store, sample: list[Annotation]
) -> None:
    # The article gained a paragraph at the top since the notes were made.
    today = article(top="Editor's note: updated with more detail.\n\n")
    text = export.render("json", items_for(notes, [today]), generated=WHEN)
    annotations = annotations_of(text)
    assert len(annotations) == 3
    by_motivation = sorted(a["motivation"] for a in annotations)
    assert by_motivation == ["bookmarking", "commenting", "commenting"]
    for annotation in annotations:
        assert annotation["type"] == "Annotation"
        assert annotation["id"].startswith("urn:uuid:")
        quote = selector(annotation, "TextQuoteSelector")
        assert quote is not None
        position = selector(annotation, "TextPositionSelector")
        if annotation["target"]["source"] == file_iri("corpus/a.txt"):
            assert position is not None
            assert "\x1b" not in quote["exact"]
            visible = today.text[position["start"] : position["end"]]
            assert quote["exact"] == visible.replace("\x1b", "\u241b").replace("\x07", "\u2407")
            assert quote["prefix"]
            assert quote["suffix"]
        else:  # the orphan: its quote, no position
            assert annotation["target"]["source"] == file_iri("corpus/gone.txt")
            assert position is None
            assert quote["exact"] == LOST
    bookmark = next(a for a in annotations if a["motivation"] == "bookmarking")
    assert "body" not in bookmark
    bookmark_position = selector(bookmark, "TextPositionSelector")
    assert bookmark_position is not None
    assert bookmark_position["start"] == today.text.index(NEUTRAL)
    note = next(
        a for a in annotations if a["target"]["source"] == file_iri("corpus/a.txt") and "body" in a
    )
    assert note["body"] == {
        "type": "TextualBody",
        "value": '=HYPERLINK("http://evil")\n# not a heading',
        "format": "text/plain",
        "purpose": "commenting",
    }
    assert note["created"].endswith("Z")


def test_json_marks_a_jsonl_article_by_its_line(notes: Store) -> None:
    a = article(path="feed.jsonl")
    a.line = 4
    notes.add_bookmark(a, *span(a, NEUTRAL))
    (annotation,) = annotations_of(export.render("json", items_for(notes, [a])))
    assert annotation["target"]["source"] == file_iri("feed.jsonl") + "#line=3,4"


def test_json_of_an_edited_passage_quotes_the_text_as_it_is_now(notes: Store) -> None:
    a = article()
    notes.add_note(a, *span(a, NEUTRAL), "n")
    edited_quote = NEUTRAL.replace("close neighbours", "close neighbors")
    edited = Meeting(path=a.path, text=a.text.replace(NEUTRAL, edited_quote))
    items = items_for(notes, [edited])
    assert items[0].status is AnchorStatus.FUZZY
    (annotation,) = annotations_of(export.render("json", items))
    quote = selector(annotation, "TextQuoteSelector")
    position = selector(annotation, "TextPositionSelector")
    assert quote is not None
    assert position is not None
    assert quote["exact"] == edited_quote == edited.text[position["start"] : position["end"]]
    row = next(csv.DictReader(io.StringIO(export.render("csv", items))))
    assert row["quote"] == edited_quote
    assert row["stored_quote"] == NEUTRAL


# -- Markdown ----------------------------------------------------------------------------


def test_markdown_groups_by_meeting_with_date_title_speaker_quote_and_note(
    notes: Store, sample: list[Annotation]
) -> None:
    older = article("corpus/old.txt", on=date(2022, 7, 8), title="Wang Yi and Park Jin in Bali")
    notes.add_note(older, *span(older, JOINT), "an older meeting")
    text = export.render("md", items_for(notes, [article(), older]), generated=WHEN)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 2023-07-15 · Wang Yi and Park Jin in Jakarta",
        "## 2022-07-08 · Wang Yi and Park Jin in Bali",
        "## Not found",
    ]
    assert "### Bookmark · Park Jin" in text
    assert "### Note · Wang Yi" in text
    assert "### Note · joint" in text
    assert "> Park said the two countries are close neighbours and partners." in text
    assert "an older meeting" in text
    assert "4 items: 3 notes, 1 bookmark; exported 2026-01-02 03:04 UTC." in text
    orphan_part = text.split("## Not found", 1)[1]
    assert "> " + LOST in orphan_part
    assert "the passage of this note is gone" in orphan_part
    assert "A lost article" in orphan_part
    assert "corpus/gone.txt" in orphan_part


def test_markdown_shows_markup_in_quotes_and_notes_literally(
    notes: Store, sample: list[Annotation]
) -> None:
    text = export.render("md", items_for(notes, [article()]), generated=WHEN)
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "␛]0;pwned␇" in text.replace("\\", "")
    html = MarkdownIt("commonmark").render(text)
    # Nothing in a quote or a note became a link, a tag, emphasis, code or a heading.
    assert "<a " not in html
    assert "<script" not in html
    assert "<img" not in html
    assert "<strong>" not in html
    assert "<code>code</code>" not in html
    assert "<h1>not a heading" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "[click me](javascript:alert(1))" in html
    assert "**bold**" in html
    assert "# not a heading" in html
    assert "=HYPERLINK(&quot;http://evil&quot;)" in html


def test_markdown_keeps_the_lines_of_a_multi_line_note(notes: Store) -> None:
    a = article()
    notes.add_note(a, *span(a, NEUTRAL), "first line\nsecond line\n\nnew paragraph\n- dash\n1. one")
    html = MarkdownIt("commonmark").render(export.render("md", items_for(notes, [a])))
    assert "first line<br />\nsecond line" in html
    assert "<p>new paragraph<br />\n- dash<br />\n1. one</p>" in html


# -- CSV ---------------------------------------------------------------------------------


def rows_of(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == export.CSV_COLUMNS
    return list(reader)


def test_csv_has_one_row_per_item(notes: Store, sample: list[Annotation]) -> None:
    rows = rows_of(export.render("csv", items_for(notes, [article()])))
    assert len(rows) == 3
    by_id = {row["id"]: row for row in rows}
    hostile, bookmark, orphan = (by_id[a.id] for a in sample)
    assert bookmark["kind"] == "bookmark"
    assert bookmark["status"] == "exact"
    assert bookmark["speaker"] == "Park Jin"
    assert bookmark["date"] == "2023-07-15"
    assert bookmark["title"] == "Wang Yi and Park Jin in Jakarta"
    assert bookmark["quote"] == NEUTRAL
    assert article().text[int(bookmark["start"]) : int(bookmark["end"])] == NEUTRAL
    assert hostile["note"] == '\'=HYPERLINK("http://evil")\n# not a heading'
    assert "\x1b" not in hostile["quote"]
    assert orphan["status"] == "orphan"
    assert orphan["start"] == orphan["end"] == ""
    assert orphan["quote"] == LOST
    assert orphan["title"] == "A lost article"


@pytest.mark.parametrize(
    "note",
    ["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"],
)
def test_csv_neutralises_formulas(notes: Store, note: str) -> None:
    a = article()
    notes.add_note(a, *span(a, NEUTRAL), note)
    (row,) = rows_of(export.render("csv", items_for(notes, [a])))
    assert row["note"] == "'" + safe.clean(note)  # inert, and otherwise as written


def test_csv_neutralises_a_quote_that_looks_like_a_formula(notes: Store) -> None:
    a = Meeting(path="corpus/x.txt", text="Intro here. -2 percent growth was noted. End.")
    notes.add_note(a, *span(a, "-2 percent growth was noted."), "plain note")
    (row,) = rows_of(export.render("csv", items_for(notes, [a])))
    assert row["quote"] == "'-2 percent growth was noted."
    assert row["note"] == "plain note"  # ordinary text is left alone


# -- the CLI's entry points ----------------------------------------------------------------


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="md, json, csv"):
        export.render("xml", [])


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_empty_store_exports_cleanly(fmt: str) -> None:
    text = export.render(fmt, [], generated=WHEN)
    assert text.endswith("\n")
    if fmt == "json":
        assert annotations_of(text) == []


def test_seed_articles_round_trip_through_the_store(notes: Store) -> None:
    """The issue's check: a note on a Park Jin sentence and a bookmark on a Wang Yi sentence
    survive a paragraph inserted at the top, and the JSON quotes them exactly."""
    path = locations.seeds_dir() / "000_e2ee6582c83f05d0.txt"
    original = read_meeting(path.read_text(encoding="utf-8"), str(path))
    park = "Park Jin, on his part, expressed that South Korea and China are neighbors"
    wang = "Wang said during the meeting that China and South Korea are neighboring"
    park_at = original.sentences[original.sentence_at(original.text.index(park)) or 0]
    wang_at = original.sentences[original.sentence_at(original.text.index(wang)) or 0]
    notes.add_note(original, park_at.start, park_at.end, "Park on neighbours")
    assert notes.toggle_bookmark(original, wang_at.start, wang_at.end)
    header, body = original.text.split("\n", 1)
    changed = read_meeting(header + "\nA new paragraph at the top.\n\n" + body, str(path))
    text = export.render_annotations("json", notes.all(), MeetingIndex([changed]))
    annotations = annotations_of(text)
    quotes = {}
    for annotation in annotations:
        quote = selector(annotation, "TextQuoteSelector")
        position = selector(annotation, "TextPositionSelector")
        assert quote is not None
        assert position is not None
        assert changed.text[position["start"] : position["end"]] == quote["exact"]
        quotes[annotation["motivation"]] = quote["exact"]
    assert quotes["commenting"] == original.text[park_at.start : park_at.end]
    assert quotes["bookmarking"] == original.text[wang_at.start : wang_at.end]
    items = resolve_items(notes.all(), [changed])
    assert {item.annotation.kind: item.status for item in items} == {
        NoteKind.NOTE: AnchorStatus.MOVED,
        NoteKind.BOOKMARK: AnchorStatus.MOVED,
    }


def test_items_in_an_article_and_touching_a_sentence(notes: Store) -> None:
    a = article()
    other = Meeting(path="corpus/b.txt", text="Another article altogether, with words.")
    note = notes.add_note(a, *span(a, JOINT), "joint")
    bookmark = notes.add_bookmark(a, *span(a, NEUTRAL))
    notes.add_bookmark(other, 0, 15)
    items = items_for(notes, [a, other])
    assert [i.annotation.id for i in items_in(items, a)] == [bookmark.id, note.id]
    start, end = span(a, NEUTRAL)
    assert [i.annotation.id for i in touching(items, a, start, end)] == [bookmark.id]
    assert touching(items, a, start, end, NoteKind.NOTE) == []
    whole = touching(items, a, 0, len(a.text), NoteKind.NOTE)
    assert [i.annotation.id for i in whole] == [note.id]
