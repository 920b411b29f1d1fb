"""The JSON export is valid W3C Web Annotation: checked against a JSON Schema of the model.

No package on PyPI ships the W3C annotation-model's own JSON schemas (looked for: none of the
annotation packages there carries them), and third-party schema files are not copied into
this repository. So the schema below is our own, written from the normative MUSTs of the Web
Annotation Data Model (https://www.w3.org/TR/annotation-model/, W3C Recommendation
2017-02-23), for the parts an export uses:

- an Annotation MUST have ``@context`` including ``http://www.w3.org/ns/anno.jsonld``, exactly
  one ``id`` that is an IRI, ``type`` including ``Annotation``, and one or more ``target``
  (§3.1); a ``body`` is optional; ``motivation`` is one of the model's Motivations (§3.3.5);
- a ``TextualBody`` MUST have a ``value`` (§3.2.4); ``format`` is a media type, ``purpose`` a
  Motivation;
- a Specific Resource MUST have exactly one ``source``, the IRI of the resource (§4), and
  its selectors: a ``TextQuoteSelector`` MUST have ``exact`` (§4.2.4), a
  ``TextPositionSelector`` MUST have ``start`` and ``end``, non-negative integers (§4.2.5);
- ``created`` and ``modified`` MUST be ``xsd:dateTime`` in UTC, written with ``Z`` (§3.3.1);
- an AnnotationCollection MUST have an IRI ``id`` and the type ``AnnotationCollection``; an
  AnnotationPage MUST have an IRI ``id``, the type ``AnnotationPage`` and ``items`` (§5).

An IRI is checked by its syntax (RFC 3987): a scheme, then no white space, control
character or ``<>"{}|\\^```, and ``%`` only as a percent-escape. A bare file path has no
scheme, which is what every annotation of earlier exports was rejected for.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema

from dipreader.core.corpus.corpus import load
from dipreader.core.model import Meeting
from dipreader.core.notes import export
from dipreader.core.notes.annotation import resolve_items
from dipreader.core.notes.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
ANNO = "http://www.w3.org/ns/anno.jsonld"

IRI = r"^[A-Za-z][A-Za-z0-9+.\-]*:(?:[^%\s<>\"{}|\\^`\x00-\x1f\x7f]|%[0-9A-Fa-f]{2})*$"
DATE_TIME_UTC = r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?Z$"
MOTIVATIONS = [
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
]


def one_or_more(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "array", "minItems": 1, "items": schema}]}


def including(value: str) -> dict[str, Any]:
    """A property that is ``value`` or a list holding it (JSON-LD allows both)."""
    return {"anyOf": [{"const": value}, {"type": "array", "contains": {"const": value}}]}


WEB_ANNOTATION: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$ref": "#/$defs/collection",
    "$defs": {
        "iri": {"type": "string", "pattern": IRI},
        "dateTime": {"type": "string", "pattern": DATE_TIME_UTC},
        "motivation": {"enum": MOTIVATIONS},
        "textQuoteSelector": {
            "type": "object",
            "required": ["type", "exact"],
            "properties": {
                "type": {"const": "TextQuoteSelector"},
                "exact": {"type": "string"},
                "prefix": {"type": "string"},
                "suffix": {"type": "string"},
            },
        },
        "textPositionSelector": {
            "type": "object",
            "required": ["type", "start", "end"],
            "properties": {
                "type": {"const": "TextPositionSelector"},
                "start": {"type": "integer", "minimum": 0},
                "end": {"type": "integer", "minimum": 0},
            },
        },
        "selector": {
            "oneOf": [
                {"$ref": "#/$defs/textQuoteSelector"},
                {"$ref": "#/$defs/textPositionSelector"},
            ]
        },
        "specificResource": {
            "type": "object",
            "required": ["source"],
            "properties": {
                "source": {"$ref": "#/$defs/iri"},
                "selector": one_or_more({"$ref": "#/$defs/selector"}),
            },
        },
        "textualBody": {
            "type": "object",
            "required": ["type", "value"],
            "properties": {
                "type": including("TextualBody"),
                "value": {"type": "string"},
                "format": {"type": "string", "pattern": "^[a-z]+/[a-z0-9.+-]+$"},
                "purpose": one_or_more({"$ref": "#/$defs/motivation"}),
            },
        },
        "annotation": {
            "type": "object",
            "required": ["@context", "id", "type", "target"],
            "properties": {
                "@context": including(ANNO),
                "id": {"$ref": "#/$defs/iri"},
                "type": including("Annotation"),
                "motivation": one_or_more({"$ref": "#/$defs/motivation"}),
                "created": {"$ref": "#/$defs/dateTime"},
                "modified": {"$ref": "#/$defs/dateTime"},
                "body": one_or_more(
                    {"oneOf": [{"$ref": "#/$defs/iri"}, {"$ref": "#/$defs/textualBody"}]}
                ),
                "target": one_or_more(
                    {"oneOf": [{"$ref": "#/$defs/iri"}, {"$ref": "#/$defs/specificResource"}]}
                ),
            },
        },
        "page": {
            "type": "object",
            "required": ["id", "type", "items"],
            "properties": {
                "id": {"$ref": "#/$defs/iri"},
                "type": including("AnnotationPage"),
                "partOf": {"$ref": "#/$defs/iri"},
                "startIndex": {"type": "integer", "minimum": 0},
                "items": {"type": "array", "items": {"$ref": "#/$defs/annotation"}},
            },
        },
        "collection": {
            "type": "object",
            "required": ["@context", "id", "type"],
            "properties": {
                "@context": including(ANNO),
                "id": {"$ref": "#/$defs/iri"},
                "type": including("AnnotationCollection"),
                "label": {"type": "string"},
                "total": {"type": "integer", "minimum": 0},
                "first": {"oneOf": [{"$ref": "#/$defs/iri"}, {"$ref": "#/$defs/page"}]},
            },
        },
    },
}

VALIDATOR = jsonschema.Draft202012Validator(WEB_ANNOTATION)
ANNOTATION = jsonschema.Draft202012Validator({**WEB_ANNOTATION, "$ref": "#/$defs/annotation"})


def problems(document: object, validator: jsonschema.Draft202012Validator = VALIDATOR) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def exported(store: Store, meetings: list[Meeting]) -> dict[str, Any]:
    text = export.render("json", resolve_items(store.all(), meetings), generated=WHEN)
    document: dict[str, Any] = json.loads(text)
    return document


def note_on(store: Store, meeting: Meeting, number: int = 0, text: str = "a note") -> None:
    sentence = meeting.sentences[number]
    store.add_note(meeting, sentence.start, sentence.end, text)


def test_the_schema_rejects_what_the_model_forbids() -> None:
    # The schema can fail: each break of a MUST is caught (the first is the old export's).
    good = {
        "@context": ANNO,
        "id": "urn:uuid:00000000-0000-4000-8000-000000000000",
        "type": "Annotation",
        "motivation": "bookmarking",
        "created": "2026-01-02T03:04:05Z",
        "target": {
            "source": "file:///x.txt",
            "selector": {"type": "TextQuoteSelector", "exact": "x"},
        },
    }
    assert problems(good, ANNOTATION) == []
    breaks = [
        ("target", {"source": "corpus/a.txt"}),  # a bare path: no IRI
        ("target", {"source": "file:///a b.txt"}),  # a space in an IRI
        ("target", {"source": "file:///a%zz.txt"}),  # a % that is no escape
        ("id", "4f0c"),
        ("@context", "http://example.org/other.jsonld"),
        ("type", "Note"),
        ("motivation", "liking"),
        ("created", "2026-01-02 03:04:05"),
        ("created", "2026-01-02T03:04:05+01:00"),
        ("body", {"type": "TextualBody"}),  # no value
        (
            "target",
            {
                "source": "file:///x",
                "selector": {"type": "TextPositionSelector", "start": -1, "end": 2},
            },
        ),
    ]
    for key, value in breaks:
        broken = {**copy.deepcopy(good), key: value}
        assert problems(broken, ANNOTATION), (key, value)
    for required in ("@context", "id", "type", "target"):
        assert problems({k: v for k, v in good.items() if k != required}, ANNOTATION), required


def test_an_export_of_files_pages_feeds_and_orphans_is_valid_web_annotation(
    tmp_path: Path,
) -> None:
    # Files whose names need escaping, a saved page, a feed item, a .jsonl line, an orphan.
    folder = tmp_path / "Readouts 2023 #1" / "Séoul"
    folder.mkdir(parents=True)
    plain = folder / "talks 100%.txt"
    plain.write_bytes((SEEDS / "000_e2ee6582c83f05d0.txt").read_bytes())
    page = folder / "page.html"
    page.write_text(
        "<html><head><title>Talks</title>"
        '<link rel="canonical" href="https://ministry.example/news/talks-2023?id=1&amp;x={y}|é">'
        "</head><body><article><p>The two foreign ministers met in Jakarta on Thursday. "
        "They agreed that trade between the two countries should keep growing this year."
        "</p></article></body></html>",
        encoding="utf-8",
    )
    lines = folder / "wire.jsonl"
    lines.write_text(
        json.dumps(
            {"date": "2024-03-05", "title": "One", "text": "The ministers met. They talked."}
        )
        + "\n"
        + json.dumps(
            {"date": "2024-03-06", "title": "Two", "text": "The leaders spoke. They agreed."}
        )
        + "\n",
        encoding="utf-8",
    )
    meetings = load([folder], cache=False).meetings
    gone = Meeting(path=str(tmp_path / "gone.txt"), text="A passage that left. Then more.")
    with Store(tmp_path / "notes.sqlite3") as store:
        for meeting in meetings:
            note_on(store, meeting, text=f"on {meeting.location}")
        store.add_note(gone, 0, 20, "its file is gone")
        store.add_bookmark(
            meetings[0], meetings[0].sentences[1].start, meetings[0].sentences[1].end
        )
        document = exported(store, meetings)
    assert problems(document) == []
    annotations = document["first"]["items"]
    assert len(annotations) == len(meetings) + 2
    for annotation in annotations:
        assert problems(annotation, ANNOTATION) == []  # each stands alone too
    sources = {a["target"]["source"] for a in annotations}
    # A file is its absolute path as a file:// URI, percent-encoded, and reads back as it.
    plain_uri = next(s for s in sources if s.endswith(".txt") and "talks" in s)
    assert plain_uri.startswith("file:///")
    assert urllib.request.url2pathname(urllib.parse.urlsplit(plain_uri).path) == str(plain)
    for escape in ("%20", "%23", "%25"):  # a space, "#" and "%" in the names
        assert escape in plain_uri
    # A saved page is its own web address, escaped where an IRI needs it.
    assert "https://ministry.example/news/talks-2023?id=1&x=%7By%7D%7C%C3%A9" in sources
    # One line of a .jsonl file: the file's URI and that line.
    assert Path(lines).as_uri() + "#line=1,2" in sources
    assert Path(gone.path).as_uri() in sources  # an orphan: where it was
    assert document["first"]["partOf"] == document["id"]
    assert document["id"] != document["first"]["id"]


def test_the_same_export_has_the_same_collection_ids(tmp_path: Path) -> None:
    meeting = load([SEEDS], cache=False).meetings[0]
    with Store(tmp_path / "notes.sqlite3") as store:
        note_on(store, meeting)
        first, second = exported(store, [meeting]), exported(store, [meeting])
    assert (first["id"], first["first"]["id"]) == (second["id"], second["first"]["id"])


def test_the_command_lines_export_is_valid_web_annotation(tmp_path: Path) -> None:
    data = tmp_path / "data"
    meetings = load([SEEDS], cache=False).meetings
    with Store(data / "notes.sqlite3") as store:
        note_on(store, meetings[0], 3, "Park on the one-China line")
        store.add_bookmark(
            meetings[1], meetings[1].sentences[0].start, meetings[1].sentences[0].end
        )
    result = subprocess.run(
        [sys.executable, "-m", "dipreader", "export", "--format", "json", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert problems(document) == []
    assert {a["target"]["source"] for a in document["first"]["items"]} == {
        Path(m.path).resolve().as_uri() for m in meetings
    }
