"""Bookmarks and notes out of dipreader: Markdown for people, CSV for spreadsheets, and
W3C Web Annotation JSON-LD for other tools (DESIGN §4).

Every format carries the same facts: where the passage is now (resolved against the articles
as they are, so positions point into today's text), its quote, the note, and when. Items whose
passage is gone (orphans) keep their stored quote and are never left out.

Text is kept faithful except that control characters become visible placeholders
(:func:`safe.clean`): an export may be printed to a terminal. Markdown escapes the characters
that would turn a quote into markup; CSV neutralises every cell that a spreadsheet would run as
a formula, in every column.

Each format begins the same way every time (:data:`MARKDOWN_MARKER`, the CSV header row,
:data:`JSON_MARKER`): that is how ``export -o`` tells a previous export, which it may replace,
from any other file (:mod:`dipreader.core.notes.export_file`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import urllib.parse
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dipreader.core.model import Meeting
from dipreader.core.notes.anchor import MeetingIndex
from dipreader.core.notes.annotation import Annotation, Item, NoteKind, resolve_items
from dipreader.core.text import safe

FORMATS = ("md", "json", "csv")
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MARKDOWN_MARKER = "# dipreader notes\n"
JSON_LABEL = "dipreader bookmarks and notes"
# The namespace of the names of an export's collection and page (uuid5).
_EXPORT_NAMESPACE = uuid.UUID("5f0d3c7e-2a4b-5c1e-9d8f-6b7a0e1c2d3f")
# The first lines of every JSON export, as json.dumps(indent=2) writes them.
JSON_MARKER = (
    f'{{\n  "@context": "{ANNO_CONTEXT}",\n  "type": "AnnotationCollection",\n'
    f'  "label": "{JSON_LABEL}",\n'
)


def render(fmt: str, items: Sequence[Item], *, generated: datetime | None = None) -> str:
    """``items`` as text in ``fmt`` (one of :data:`FORMATS`)."""
    moment = generated if generated is not None else datetime.now(UTC)
    if fmt == "md":
        return to_markdown(items, generated=moment)
    if fmt == "json":
        return to_json(items, generated=moment)
    if fmt == "csv":
        return to_csv(items)
    raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")


def render_annotations(
    fmt: str,
    annotations: Iterable[Annotation],
    meetings: Sequence[Meeting] | MeetingIndex,
    *,
    generated: datetime | None = None,
) -> str:
    """Resolve ``annotations`` against ``meetings`` and render them: what the CLI calls."""
    return render(fmt, resolve_items(annotations, meetings), generated=generated)


# -- shared -------------------------------------------------------------------------------


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _kind_label(item: Item) -> str:
    return "Note" if item.annotation.kind is NoteKind.NOTE else "Bookmark"


_STATUS_TEXT = {
    "exact": "",
    "moved": "found at a new place after the article changed",
    "relocated": "found in another file (the article was renamed or moved)",
    "fuzzy": "the passage was edited; the closest passage is shown",
    "orphan": "not found in the articles as they are now",
}


# -- Markdown -----------------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
# Characters that start a block (heading, list, quote, setext underline) at a line's start.
_MD_LINE_START = re.compile(r"^(\s{0,3})([-+=>#]|\d+(?=[.)]))", re.MULTILINE)


def _md(text: str) -> str:
    """``text`` shown literally by any CommonMark renderer, control characters made visible."""
    escaped = _MD_INLINE.sub(r"\\\1", safe.clean(text))
    return _MD_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    lead, marker = match.group(1), match.group(2)
    if marker[0].isdigit():  # "1." -> "1\." so that it is not a list item
        return lead + marker + "\\"
    return lead + "\\" + marker


def _md_line(text: str) -> str:
    """One-line Markdown (headings, labels): newlines and tabs become spaces."""
    return _md(" ".join(text.split()))


def _md_code(text: str) -> str:
    """One line as a code span (file names): shown as is, with no escapes to read past."""
    line = safe.clean_line(text)
    longest = max((len(run) for run in re.findall(r"`+", line)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if line.startswith("`") or line.endswith("`") else ""
    return f"{fence}{padding}{line}{padding}{fence}"


def _md_blockquote(text: str) -> str:
    lines = _md(text).split("\n")
    return "\n".join(f"> {line}".rstrip() for line in lines)


def _md_paragraphs(text: str) -> str:
    """A multi-line note: its line breaks kept (two trailing spaces), blank lines kept."""
    lines = _md(text.strip("\n")).split("\n")
    out: list[str] = []
    for number, line in enumerate(lines):
        follows = number + 1 < len(lines) and lines[number + 1].strip() and line.strip()
        out.append(line.rstrip() + ("  " if follows else ""))
    return "\n".join(out)


def _group_key(item: Item) -> tuple[int, str, str, int]:
    meeting = item.meeting
    assert meeting is not None
    dated = meeting.date.toordinal() if meeting.date else 0
    return (-dated, meeting.title, meeting.path, meeting.line)


def to_markdown(items: Sequence[Item], *, generated: datetime) -> str:
    """A readable report grouped by meeting (newest first); orphans in their own section."""
    notes = sum(1 for item in items if item.annotation.kind is NoteKind.NOTE)
    orphans = [item for item in items if item.orphan]
    found = sorted(
        (item for item in items if not item.orphan),
        key=lambda item: (_group_key(item), item.resolution.start),
    )
    out = [MARKDOWN_MARKER.rstrip("\n"), ""]
    summary = (
        f"{len(items)} item{'s' if len(items) != 1 else ''}: {notes} "
        f"note{'s' if notes != 1 else ''}, {len(items) - notes} "
        f"bookmark{'s' if len(items) - notes != 1 else ''}; exported {_when(generated)}."
    )
    out.append(summary)
    if orphans:
        out.append(
            f"{len(orphans)} could not be found in the articles as they are now: "
            "see *Not found* at the end, with their quotes."
        )
    out.append("")
    group: tuple[int, str, str, int] | None = None
    for item in found:
        meeting = item.meeting
        assert meeting is not None
        if _group_key(item) != group:
            group = _group_key(item)
            title = item.title or "(untitled)"
            out += [f"## {_md_line(item.date_text)} · {_md_line(title)}", ""]
            out += [f"File: {_md_code(meeting.location)}", ""]
        out += _md_item(item)
    if orphans:
        out += ["## Not found", ""]
        out += [
            "These passages are no longer in the articles that were opened. Each is kept "
            "with its quote and where it was.",
            "",
        ]
        for item in orphans:
            anchor = item.annotation.anchor
            place = anchor.path + (f":{anchor.line}" if anchor.line else "")
            was = f"*Was in* {_md_code(place)}*, {_md_line(item.date_text)}"
            if item.title:
                was += f", {_md_line(item.title)}"
            out += _md_item(item, was=was + "*")
    return "\n".join(out).rstrip("\n") + "\n"


def _md_item(item: Item, *, was: str | None = None) -> list[str]:
    heading = f"### {_kind_label(item)}"
    if item.speaker:
        heading += f" · {_md_line(item.speaker)}"
    out = [heading, ""]
    if was is not None:
        out += [was, ""]
    out += [_md_blockquote(item.quote), ""]
    if item.annotation.note.strip():
        out += [_md_paragraphs(item.annotation.note), ""]
    facts: list[str] = []
    if not item.orphan:
        facts.append(f"characters {item.resolution.start}–{item.resolution.end}")
    verb = "noted" if item.annotation.kind is NoteKind.NOTE else "bookmarked"
    facts.append(f"{verb} {_when(item.annotation.created)}")
    if item.annotation.updated != item.annotation.created:
        facts.append(f"edited {_when(item.annotation.updated)}")
    status = _STATUS_TEXT[item.status.value] if not item.orphan else ""
    if status:
        facts.append(status)
    out += [f"*{_md_line(' · '.join(facts))}*", ""]
    return out


# -- CSV ----------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "kind",
    "status",
    "date",
    "title",
    "speaker",
    "path",
    "line",
    "start",
    "end",
    "quote",
    "note",
    "created",
    "updated",
    "stored_path",
    "stored_quote",
)

# What makes a spreadsheet read a cell as a formula: these first (fullwidth forms too, which
# some spreadsheets fold), after any white space; or a tab or carriage return first.
_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")


def _cell(value: object) -> str:
    """A cell: control characters made visible, a formula made inert with a leading ``'``."""
    text = str(value)
    cleaned = safe.clean(text)
    lead = cleaned.lstrip()
    if text[:1] in ("\t", "\r") or (lead and lead[0] in _FORMULA_START):
        return "'" + cleaned
    return cleaned


def _row(item: Item) -> list[object]:
    """The values of one item's row, in the order of :data:`CSV_COLUMNS`."""
    annotation = item.annotation
    found = not item.orphan
    return [
        annotation.id,
        annotation.kind.value,
        item.status.value,
        item.date_text,
        item.title,
        item.speaker,
        item.path,
        item.line or "",
        item.resolution.start if found else "",
        item.resolution.end if found else "",
        item.quote,
        annotation.note,
        _iso(annotation.created),
        _iso(annotation.updated),
        annotation.anchor.path,
        annotation.anchor.exact,
    ]


def to_csv(items: Sequence[Item]) -> str:
    """One row per item, newest first as given, with a header row; every cell of every
    column through :func:`_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow([_cell(value) for value in _row(item)])
    return buffer.getvalue()


# -- W3C Web Annotation -------------------------------------------------------------------


def _urn(annotation_id: str) -> str:
    try:
        return uuid.UUID(hex=annotation_id).urn
    except ValueError:
        return "urn:dipreader:" + urllib.parse.quote(annotation_id, safe="")


# A web address that a page or feed item records, usable as the target's IRI as it is, once
# what an IRI cannot hold (white space, control characters, <>"{}|\^`) is percent-encoded.
_WEB_ADDRESS = re.compile(r"https?://[^/?#\s]+", re.IGNORECASE)
_IRI_SAFE = "!#$%&'()*+,/:;=?@[]~-._"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _source(item: Item) -> str:
    """The article as an IRI (the Web Annotation model's ``target.source``): its web address
    when it records one (a page's, a feed item's link), else its file as a ``file://`` URI,
    percent-encoded; for one article of a .jsonl file, that line (RFC 5147's ``#line=``)."""
    url = (item.url or "").strip()
    if _WEB_ADDRESS.match(url):
        return urllib.parse.quote(_LONE_PERCENT.sub("%25", url), safe=_IRI_SAFE)
    uri = Path(os.path.abspath(item.path)).as_uri()
    line = item.line
    return f"{uri}#line={line - 1},{line}" if line else uri


def to_annotation(item: Item) -> dict[str, Any]:
    """One W3C Web Annotation, with its own ``@context`` so that it stands alone too (a tool
    that takes the annotations one by one)."""
    annotation = item.annotation
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": safe.clean(item.quote),
            "prefix": safe.clean(item.prefix),
            "suffix": safe.clean(item.suffix),
        }
    ]
    if not item.orphan:
        selectors.append(
            {
                "type": "TextPositionSelector",
                "start": item.resolution.start,
                "end": item.resolution.end,
            }
        )
    result: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": _urn(annotation.id),
        "type": "Annotation",
        "motivation": "commenting" if annotation.kind is NoteKind.NOTE else "bookmarking",
        "created": _iso(annotation.created),
        "modified": _iso(annotation.updated),
    }
    if annotation.kind is NoteKind.NOTE:
        result["body"] = {
            "type": "TextualBody",
            "value": safe.clean(annotation.note),
            "format": "text/plain",
            "purpose": "commenting",
        }
    result["target"] = {"source": _source(item), "selector": selectors}
    return result


def to_json(items: Sequence[Item], *, generated: datetime) -> str:
    """A W3C ``AnnotationCollection`` whose one page holds an ``Annotation`` per item. The
    collection and its page have the IRIs the model requires: ``urn:uuid:`` names made from
    the moment of the export and the items' ids, the same for the same export."""
    made = _iso(generated) + "".join(item.annotation.id for item in items)
    collection_id = uuid.uuid5(_EXPORT_NAMESPACE, made).urn
    collection = {
        "@context": ANNO_CONTEXT,
        "type": "AnnotationCollection",
        "label": JSON_LABEL,
        "id": collection_id,
        # W3C's generator: the software that made the collection (and a previous export's mark).
        "generator": {"type": "Software", "name": "dipreader"},
        "generated": _iso(generated),
        "total": len(items),
        "first": {
            "id": uuid.uuid5(_EXPORT_NAMESPACE, "page 1 of " + made).urn,
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": [to_annotation(item) for item in items],
        },
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
