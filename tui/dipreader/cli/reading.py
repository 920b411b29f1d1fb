"""Reading the articles on the command line: ``list``, ``attribute`` and ``search``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from dipreader.cli.arguments import add_common, paths_help, positive_int
from dipreader.cli.output import (
    console,
    load_corpus,
    meeting_fields,
    pick,
    print_json,
    sentence_json,
    speaker_json,
    status,
)
from dipreader.core.model import Meeting
from dipreader.core.text.safe import clean, clean_line

if TYPE_CHECKING:
    from dipreader.core.search.index import Hit

READING_COMMANDS: frozenset[str] = frozenset({"list", "attribute", "search"})


def add_reading_commands(commands: Any) -> None:
    """Add ``list``, ``attribute`` and ``search`` to ``commands`` (the CLI's subparsers)."""
    list_ = commands.add_parser("list", help="list the meetings, newest first")
    list_.add_argument("paths", nargs="*", metavar="PATH", help=paths_help("to list"))
    list_.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_common(list_)
    list_.set_defaults(handler=cmd_list)

    attribute = commands.add_parser(
        "attribute", help="show who says each sentence (JSON with --json)"
    )
    attribute.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    attribute.add_argument("--json", action="store_true", help="print JSON (DESIGN §4)")
    add_common(attribute)
    attribute.set_defaults(handler=cmd_attribute)

    search = commands.add_parser("search", help="fuzzy search over every sentence")
    search.add_argument("query", help="words to find; '@name' narrows to one speaker")
    search.add_argument("paths", nargs="*", metavar="PATH", help=paths_help("to search"))
    search.add_argument("--limit", type=positive_int, default=20, help="at most N hits (20)")
    search.add_argument("--json", action="store_true", help="print JSON")
    add_common(search)
    search.set_defaults(handler=cmd_search)


# -- list -------------------------------------------------------------------------------


def meeting_summary(meeting: Meeting) -> dict[str, Any]:
    return {
        **meeting_fields(meeting),
        "participants": [speaker_json(s) for s in meeting.speakers],
        "sentences": len(meeting.sentences),
    }


def cmd_list(args: argparse.Namespace) -> int:
    result = load_corpus(args)
    if args.json:
        print_json([meeting_summary(m) for m in result.meetings])
        return status(result)
    table = Table(title=None, show_lines=False, expand=False)
    for column in ("Date", "Participants", "Venue", "Source", "Sentences"):
        table.add_column(column, justify="right" if column == "Sentences" else "left")
    for meeting in result.meetings:
        table.add_row(
            Text(meeting.date_text),
            Text(clean_line(", ".join(s.name for s in meeting.speakers) or "—")),
            Text(clean_line(meeting.venue or "—")),
            Text(clean_line(meeting.source or "—")),
            Text(str(len(meeting.sentences))),
        )
    console().print(table)
    return status(result)


# -- attribute --------------------------------------------------------------------------


def attribution_json(meeting: Meeting) -> dict[str, Any]:
    """One article in the DESIGN §4 format, with the text its offsets index: a page's or a
    feed item's text is not the file's bytes. A sentence is its offsets, its speaker's id
    (the article's ``speakers`` name them) and its kind."""
    return {
        **meeting_fields(meeting),
        "text": meeting.text,
        "speakers": [speaker_json(s) for s in meeting.speakers],
        "sentences": [
            {"start": s.start, "end": s.end, "speaker": s.speaker, "kind": str(s.kind)}
            for s in meeting.sentences
        ],
    }


def cmd_attribute(args: argparse.Namespace) -> int:
    result = load_corpus(args)
    # Keep the order the user named the files in, not newest first: scripts zip by index.
    meetings = sorted(result.meetings, key=lambda m: (m.path, m.line))
    if args.json:
        print_json([attribution_json(m) for m in meetings])
        return status(result)
    out = console()
    for meeting in meetings:
        out.print(Text(f"{clean_line(meeting.location)} — {clean_line(meeting.title)}"))
        for sentence in meeting.sentences:
            who = meeting.speaker(sentence.speaker)
            label = who.name if who else str(sentence.kind)
            line = Text(f"  {label:>16}  ", style="bold")
            line.append(clean(meeting.text[sentence.start : sentence.end]).replace("\n", " "))
            out.print(line)
        out.print()
    return status(result)


# -- search -----------------------------------------------------------------------------

_HIT_PLACE = ("path", "line", "date")
_HIT_SENTENCE = ("speaker", "kind", "start", "end", "text")


def hit_json(hit: Hit) -> dict[str, Any]:
    """A search hit: where its meeting is, the sentence (by its speaker's name), the score."""
    return {
        **pick(meeting_fields(hit.meeting), _HIT_PLACE),
        **pick(sentence_json(hit.meeting, hit.index), _HIT_SENTENCE),
        "score": round(hit.score, 1),
    }


def cmd_search(args: argparse.Namespace) -> int:
    from dipreader.core.search.index import SearchIndex

    result = load_corpus(args)
    index = SearchIndex()
    index.add_many(result.meetings)
    hits = index.search(args.query, limit=args.limit)
    if args.json:
        print_json([hit_json(hit) for hit in hits])
        return status(result)
    out = console()
    if not hits:
        print(f"no match for {clean_line(args.query)!r}", file=sys.stderr)
    for hit in hits:
        meeting = hit.meeting
        sentence = meeting.sentences[hit.index]
        speaker = meeting.speaker(sentence.speaker)
        head = Text(f"{meeting.date_text}  ", style="bold")
        head.append(clean_line(speaker.name if speaker else str(sentence.kind)), style="cyan")
        head.append(f"  {clean_line(meeting.location)}  score {hit.score:.0f}", style="dim")
        out.print(head)
        body = Text("  " + clean(meeting.text[sentence.start : sentence.end]).replace("\n", " "))
        for start, end in hit.highlights:
            body.stylize("bold reverse", start + 2, end + 2)
        out.print(body)
    return status(result)
