"""One file read into its meetings (several for .jsonl files and feeds) and its problems.

What the file is (a page, a feed, JSON Lines, Markdown, text) is told by its content first
and its suffix second; a problem in one article of a file never stops the others.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dipreader.core.corpus.walk import LoadError, Problem, read_bytes
from dipreader.core.model import Meeting
from dipreader.core.text.decode import DecodeError, decode
from dipreader.core.text.untrusted import UntrustedError, parse_json, replaced_note

if TYPE_CHECKING:
    from dipreader.core.formats.extracted import Extracted


def load_file(path: str, max_bytes: int) -> tuple[list[Meeting], list[Problem]]:
    """Every meeting in one file (several for .jsonl and feeds) and its problems. Never raises.

    What the file is (a page, a feed, JSON Lines, Markdown, text) is told by its content first
    and its suffix second.
    """
    # Not imported by a start from the cache: only reading a file needs them.
    from dipreader.core.formats.inputs import declared_encoding, kind_of

    shown = path
    try:
        data = read_bytes(path, max_bytes)
        decoded = decode(data, declared_encoding(data))
    except (LoadError, DecodeError) as error:
        return [], [Problem(shown, str(error))]
    problems = [Problem(shown, note, "warning") for note in decoded.notes]
    text = decoded.text
    kind = kind_of(path, text)
    if kind == "jsonl":
        meetings, line_problems = _load_jsonl(text, shown)
        return meetings, problems + line_problems
    if kind == "feed":
        meetings, item_problems = _load_feed(data, shown)
        return meetings, problems + item_problems
    if kind == "other-xml":
        return [], [*problems, Problem(shown, "XML, but neither an RSS or Atom feed nor a page")]
    if not text.strip():
        return [], [*problems, Problem(shown, "empty file (nothing but white space)")]
    try:
        if kind == "text":
            from dipreader.core.reading.readout import read_meeting

            meeting = read_meeting(text, shown)
        else:
            meeting = _read_markup(kind, text, shown)
    except _ArticleError as error:
        return [], [*problems, Problem(shown, str(error))]
    except Exception as error:  # a reader bug must not cost the user the other files
        return [], [*problems, Problem(shown, f"could not be read: {type(error).__name__}")]
    problems.extend(Problem(shown, note, "warning") for note in meeting.warnings)
    return [meeting], problems


class _ArticleError(Exception):
    """The file holds no article; the message is the reason."""


def _read_markup(kind: str, text: str, shown: str) -> Meeting:
    if kind == "page":
        from dipreader.core.formats.webpage import PageError, read_page

        try:
            article = read_page(text)
        except PageError as error:
            raise _ArticleError(str(error)) from None
    else:
        from dipreader.core.formats.markdown import read_markdown

        article = read_markdown(text)
    if not article.text.strip():
        raise _ArticleError("no article text (only markup or front matter)")
    return read_extracted(article, shown)


def read_extracted(article: Extracted, path: str, line: int = 0) -> Meeting:
    """A meeting from what a page, a feed's item or Markdown gave: its metadata decides the
    title, date, source and address; the text is read like any other."""
    # The reading code: not imported by a start from the cache.
    from dipreader.core.reading.attribution import attribute
    from dipreader.core.reading.parse import parse_text
    from dipreader.core.reading.readout import make_title

    meeting = parse_text(article.text, path, line=line, find_source=False)
    # The title and source first: the reading uses them (roles the title gives, a wire).
    meeting.title = (article.title or "").strip()
    if article.source:
        meeting.source = article.source
    attribute(meeting)
    if article.date is not None:
        meeting.date = article.date
    meeting.url = article.url
    meeting.title = meeting.title or make_title(meeting)
    meeting.warnings.extend(article.notes)
    return meeting


def _load_feed(data: bytes, shown: str) -> tuple[list[Meeting], list[Problem]]:
    """One meeting per item; an item that cannot be read is named, the others still load."""
    from dipreader.core.formats.feed import FeedError, read_feed

    try:
        items, warning = read_feed(data)
    except FeedError as error:
        return [], [Problem(shown, str(error))]
    meetings: list[Meeting] = []
    problems = [Problem(shown, warning, "warning")] if warning else []
    for item in items:
        if item.article is None:
            problems.append(Problem(shown, item.problem or "could not be read", line=item.number))
            continue
        try:
            meeting = read_extracted(item.article, shown, line=item.number)
        except Exception as error:
            reason = f"could not be read: {type(error).__name__}"
            problems.append(Problem(shown, reason, line=item.number))
            continue
        problems.extend(Problem(shown, note, "warning", item.number) for note in meeting.warnings)
        meetings.append(meeting)
    if not meetings and not problems:
        problems.append(Problem(shown, "a feed with no items"))
    return meetings, problems


# A line of a .jsonl file is one flat record; anything deeper is not an article.
JSONL_MAX_DEPTH = 16


def _json_reason(reason: str) -> str:
    return reason if reason.startswith("not valid JSON") else f"not valid JSON ({reason})"


def _load_jsonl(text: str, shown: str) -> tuple[list[Meeting], list[Problem]]:
    from dipreader.core.reading.readout import read_meeting

    meetings: list[Meeting] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            # The boundary (core/text/untrusted.py): depth bounded, every string encodable.
            record, replaced = parse_json(raw, max_depth=JSONL_MAX_DEPTH)
        except UntrustedError as error:
            problems.append(Problem(shown, _json_reason(str(error)), line=number))
            continue
        if replaced:
            problems.append(Problem(shown, replaced_note(replaced), "warning", number))
        if not isinstance(record, dict):
            problems.append(
                Problem(shown, f"not a JSON object (a {type(record).__name__})", line=number)
            )
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            problems.append(Problem(shown, 'no "text" in this line', line=number))
            continue
        title = record.get("title") if isinstance(record.get("title"), str) else None
        try:
            meeting = read_meeting(body, shown, line=number, title=title)
        except Exception as error:
            problems.append(
                Problem(shown, f"could not be read: {type(error).__name__}", line=number)
            )
            continue
        raw_date = record.get("date")
        if isinstance(raw_date, str) and raw_date.strip():
            try:
                meeting.date = date.fromisoformat(raw_date.strip()[:10])
            except ValueError:
                problems.append(
                    Problem(shown, f"impossible date {raw_date[:20]!r}; undated", "warning", number)
                )
        source = record.get("source")
        if isinstance(source, str) and source.strip():
            meeting.source = source.strip()
        problems.extend(Problem(shown, note, "warning", number) for note in meeting.warnings)
        meetings.append(meeting)
    if not meetings and not problems:
        problems.append(Problem(shown, "empty file (no articles)"))
    return meetings, problems
