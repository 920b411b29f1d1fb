"""Reading the articles on the command line: ``list``, ``attribute`` and ``search``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rich.table import Table
from rich.text import Text

from dipreader.cli.arguments import EXIT_NOTHING, EXIT_USAGE, add_common, paths_help, positive_int
from dipreader.cli.output import (
    console,
    error,
    hit_json,
    load_corpus,
    meeting_json,
    on_terminal,
    print_json,
    sentence_json,
    status,
)
from dipreader.core.model import Meeting
from dipreader.core.text.safe import clean, clean_line

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
    attribute.add_argument("paths", nargs="*", metavar="PATH", help=paths_help("to read"))
    attribute.add_argument(
        "--json",
        action="store_true",
        help="print JSON: each article with its text, speakers and sentences (number from 1, "
        "offsets into the text, kind: statement, joint or narration, speaker)",
    )
    add_common(attribute)
    attribute.set_defaults(handler=cmd_attribute)

    search = commands.add_parser(
        "search",
        help="fuzzy search over every sentence",
        description="Fuzzy search over every sentence. The query: words (typos forgiven), "
        '"an exact phrase", -word (none holding it), @speaker, since:2022 and until:2023-06-30 '
        "(a year, a month or a day), source:xinhua, country:korea, "
        "kind:joint|narration|statement. A filter that cannot be read is an error (exit 2).",
    )
    search.add_argument("query", help="the query (see above)")
    search.add_argument("paths", nargs="*", metavar="PATH", help=paths_help("to search"))
    search.add_argument("--limit", type=positive_int, default=20, help="at most N hits (20)")
    for flag, meaning in _SEARCH_FLAGS.items():
        search.add_argument(f"--{flag}", metavar=flag.upper(), action="append", help=meaning)
    search.add_argument("--json", action="store_true", help="print JSON")
    add_common(search)
    search.set_defaults(handler=cmd_search)


# -- list -------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    result = load_corpus(args)
    if args.json:
        print_json([meeting_json(m) for m in result.meetings])
        return status(result)
    if not on_terminal():
        # A pipe or a file: one meeting a line, its fields separated by tabs (``cut -f2``).
        for meeting in result.meetings:
            fields = (
                meeting.date_text,
                ", ".join(s.name for s in meeting.speakers) or "—",
                meeting.venue or "—",
                meeting.source or "—",
                str(len(meeting.sentences)),
            )
            sys.stdout.write("\t".join(clean_line(f).replace("\t", " ") for f in fields) + "\n")
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
    """One article: the meeting with the text its offsets index (a page's or a feed item's
    text is not the file's bytes) and every sentence, each with its number, offsets, kind,
    speaker and text (README, "JSON output")."""
    return {
        **meeting_json(meeting),
        "text": meeting.text,
        "sentences": [sentence_json(meeting, i) for i in range(len(meeting.sentences))],
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

# Each flag means what its filter means in the query (and may be given more than once).
_SEARCH_FLAGS = {
    "since": "only meetings on or after this year, month or day (since:)",
    "until": "only meetings on or before this year, month or day (until:)",
    "speaker": "only what this speaker said (@name)",
    "source": "only articles from this source, fuzzy (source:)",
    "country": "only what speakers of this country said, fuzzy (country:)",
    "kind": "only joint, narration or statement sentences (kind:)",
}


def search_query(args: argparse.Namespace) -> str:
    """The query with the flags' filters added, written in the query language."""
    from dipreader.core.search.query import filter_token

    extra = [
        filter_token(flag, value)
        for flag in _SEARCH_FLAGS
        for value in getattr(args, flag, None) or ()
    ]
    return " ".join([args.query, *extra]) if extra else args.query


def cmd_search(args: argparse.Namespace) -> int:
    from dipreader.core.search.index import SearchIndex
    from dipreader.core.search.query import parse_query

    query = parse_query(search_query(args))
    if query.errors:
        for problem in query.errors:
            error(f"search: {problem}")
        return EXIT_USAGE
    result = load_corpus(args)
    index = SearchIndex()
    index.add_many(result.meetings)
    hits = index.search(query, limit=args.limit)
    if args.json:
        print_json([hit_json(hit.meeting, hit.index, hit.score) for hit in hits])
        return status(result) if hits else EXIT_NOTHING
    out = console()
    if not hits:
        print(f"no match for {clean_line(args.query)!r}", file=sys.stderr)
        return EXIT_NOTHING
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
