"""Meetings into the corpus database's rows and back (see :mod:`dipreader.core.corpus.database`).

A sentence's row id is its article's id shifted left by :data:`SENTENCE_BITS` plus its number
in the article, so that one article's sentences are one range of the table's key and a
full-text hit names its article without a lookup. Rows read back are not trusted: a row that
cannot be right (a span outside the text, a text whose hash is not the one kept, a value of
the wrong type) makes its article unreadable (None) rather than a crash later.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from dipreader.core.model import Kind, Meeting, Sentence, Speaker, text_hash
from dipreader.core.people import aliases
from dipreader.core.text.untrusted import parse_json

SENTENCE_BITS = 24  # at most 16 million sentences an article (8 MiB of text has fewer)
KINDS = (Kind.STATEMENT, Kind.JOINT, Kind.NARRATION)  # a sentence's kind, by its code
KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}
PageKey = tuple[int, bytes, int]  # (sort_day, path, line): where a header sits in the list


def path_key(path: str) -> bytes:
    """A path as the database keeps it: any str (a file name that is not UTF-8 comes as lone
    surrogates) as bytes, in the order of the str."""
    return path.encode("utf-8", "surrogatepass")


def path_of(key: object) -> str:
    if not isinstance(key, bytes):
        raise ValueError("not a path")
    return key.decode("utf-8", "surrogatepass")


def sort_day(day: date | None) -> int:
    """Newest first, undated last: the order of ``corpus.sort_key``."""
    return -day.toordinal() if day else 0


def haystack(meeting: Meeting, path: str) -> str:
    """What the meeting list's filter matches (as ``ui.widgets.meeting_list.haystack``)."""
    shown = path.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    location = f"{shown}:{meeting.line}" if meeting.line else shown
    parts = [
        meeting.date_text,
        meeting.venue or "",
        meeting.occasion or "",
        meeting.title,
        location,
        *(f"{s.name} {s.role or ''} {s.country or ''}" for s in meeting.speakers),
    ]
    return " ".join(parts).casefold()


def storable(meeting: Meeting) -> bool:
    """Whether every text of ``meeting`` is valid Unicode (SQLite keeps UTF-8; a lone
    surrogate cannot be kept, and such a file is read again instead, as by the cache file)."""
    texts = [meeting.text, meeting.title, *(meeting.venue, meeting.occasion, meeting.source)]
    texts += [meeting.caption, meeting.url]
    texts += [part for s in meeting.speakers for part in (s.id, s.name, s.role, s.country)]
    try:
        for text in texts:
            if text is not None:
                text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return len(meeting.sentences) < 1 << SENTENCE_BITS


Unit = tuple[str, str, str | None, str | None]  # a speaker row's (sid, name, role, country)


class Prepared(NamedTuple):
    """A meeting as its rows, made where it was read (a worker process), so that writing it
    is little more than handing them to SQLite: the ``article`` row without its id and file
    (the rest of :data:`ARTICLE_COLUMNS`), its text, its speakers, and its sentences' columns
    (start, stop, paragraph, kind code, the position of its speaker in ``speakers`` or -1)."""

    article: tuple[Any, ...]
    text: str
    speakers: list[Unit]
    sentences: tuple[list[int], list[int], list[int], list[int], list[int]]


def prepare(meeting: Meeting, path: str) -> Prepared | None:
    """The rows of ``meeting`` read from ``path``; None when it cannot be kept (storable)."""
    if not storable(meeting):
        return None
    speakers = meeting.speakers
    position: dict[str, int] = {}
    for number, speaker in enumerate(speakers):
        position.setdefault(speaker.id, number)  # a sentence's speaker is the first of its id
    sentences = meeting.sentences
    columns = (
        [sentence.start for sentence in sentences],
        [sentence.end for sentence in sentences],
        [sentence.paragraph for sentence in sentences],
        [KIND_CODE[sentence.kind] for sentence in sentences],
        [-1 if s.speaker is None else position.get(s.speaker, -1) for s in sentences],
    )
    units = [(s.id, s.name, s.role, s.country) for s in speakers]
    return Prepared(article_values(meeting, path), meeting.text, units, columns)


def prepare_all(meetings: Sequence[Meeting], path: str) -> list[Prepared] | None:
    """The rows of each of a file's ``meetings``; None when one cannot be kept (the file is
    then left out whole)."""
    made = [prepare(meeting, path) for meeting in meetings]
    kept = [found for found in made if found is not None]
    return kept if len(kept) == len(made) else None


def article_values(meeting: Meeting, path: str) -> tuple[Any, ...]:
    """The ``article`` table's row of ``meeting`` but its id and file (the columns of
    :data:`ARTICLE_COLUMNS` after those two)."""
    return (
        path_key(path),
        meeting.line,
        sort_day(meeting.date),
        meeting.date.isoformat() if meeting.date else None,
        meeting.title,
        meeting.venue,
        meeting.occasion,
        meeting.source,
        meeting.caption,
        meeting.body_start,
        meeting.url,
        json.dumps(aliases.scan(meeting.text, meeting.venue)),  # identity's, without the text
        json.dumps(meeting.warnings),
        meeting.participants_text,
        haystack(meeting, path),
        len(meeting.sentences),
        meeting.text_hash,
    )


ARTICLE_COLUMNS = (
    "id, file, path, line, sort_day, date, title, venue, occasion, source, caption, "
    "body_start, url, aliases, warnings, participants, haystack, sentences, text_hash"
)


@dataclass(frozen=True, slots=True)
class Header:
    """One meeting as the list shows it, without its text or sentences."""

    article: int  # its row id: what :meth:`CorpusDatabase.meeting` takes
    path: str
    line: int
    date: date | None
    title: str
    venue: str | None
    occasion: str | None
    source: str | None
    participants: str
    sentences: int
    text_hash: str
    url: str | None
    key: PageKey  # give it as ``after`` for the next page

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


HEADER_COLUMNS = (
    "id, path, line, sort_day, date, title, venue, occasion, source, participants, "
    "sentences, text_hash, url"
)


def header_of(row: Sequence[Any]) -> Header | None:
    """The header of a row of :data:`HEADER_COLUMNS`; None when it cannot be right."""
    try:
        article, key, line, day, iso, title, venue, occasion, source, people, count, digest, url = (
            row
        )
        if not all(type(number) is int for number in (article, line, day, count)):
            return None
        return Header(
            article=article,
            path=path_of(key),
            line=line,
            date=date.fromisoformat(iso) if iso is not None else None,
            title=_text(title),
            venue=_optional(venue),
            occasion=_optional(occasion),
            source=_optional(source),
            participants=_text(people),
            sentences=count,
            text_hash=_text(digest),
            url=_optional(url),
            key=(day, key, line),
        )
    except (ValueError, TypeError):
        return None


def meeting_of(
    row: Sequence[Any],
    text: object,
    speakers: list[Speaker],
    speaker_rows: Sequence[int],
    sentences: Sequence[Sequence[Any]],
) -> Meeting | None:
    """The meeting of an ``article`` row (:data:`MEETING_COLUMNS`), its text, its speakers (in
    order, with their rows) and its sentence rows; None when any of it cannot be right."""
    try:
        (
            path,
            line,
            iso,
            title,
            venue,
            occasion,
            source,
            caption,
            body,
            url,
            notes,
            count,
            digest,
        ) = row
        if not isinstance(text, str) or text_hash(text) != digest or len(sentences) != count:
            return None
        if type(line) is not int or type(body) is not int or not 0 <= body <= len(text):
            return None
        warnings = json_list(notes)
        position = {row_id: index for index, row_id in enumerate(speaker_rows)}
        made: list[Sentence] = []
        end = 0
        for _, start, stop, paragraph, kind, who in sentences:
            if not (type(start) is type(stop) is type(paragraph) is type(kind) is int):
                return None
            if not end <= start < stop <= len(text) or not 0 <= kind < len(KINDS):
                return None
            if who is not None and who not in position:
                return None
            end = stop
            voice = speakers[position[who]].id if who is not None else None
            made.append(Sentence(start, stop, paragraph, KINDS[kind], voice))
        meeting = Meeting(
            path=path_of(path),
            text=text,
            date=date.fromisoformat(iso) if iso is not None else None,
            title=_text(title),
            venue=_optional(venue),
            occasion=_optional(occasion),
            source=_optional(source),
            caption=_optional(caption),
            body_start=body,
            speakers=speakers,
            sentences=made,
            line=line,
            warnings=[str(note) for note in warnings],
            url=_optional(url),
        )
    except (ValueError, TypeError):
        return None
    meeting.known_text_hash(digest)
    return meeting


MEETING_COLUMNS = (
    "path, line, date, title, venue, occasion, source, caption, body_start, url, warnings, "
    "sentences, text_hash"
)


def speaker_of(row: Sequence[Any]) -> Speaker | None:
    """A Speaker from ``(sid, name, role, country)``; None when it cannot be right."""
    sid, name, role, country = row
    if not isinstance(sid, str) or not isinstance(name, str):
        return None
    if not isinstance(role, str | None) or not isinstance(country, str | None):
        return None
    return Speaker(sid, name, role, country)


def json_list(raw: object) -> list[Any]:
    """The list a column keeps as JSON (through the boundary for JSON read from disk);
    ValueError when it is not one."""
    if not isinstance(raw, str):
        raise ValueError("not JSON")
    found, _ = parse_json(raw, max_depth=4)
    if not isinstance(found, list):
        raise ValueError("not a list")
    return found


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _optional(value: object) -> str | None:
    return value if isinstance(value, str) else None
