"""The ``dipreader`` command: the reader app, and scriptable subcommands beside it.

Exit status: 0 when at least one article loaded, 1 when none did, 2 for a usage error.
Problems go to stderr, one line per file: its path (escaped) and the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dipreader import __version__
from dipreader.cli_common import EXIT_NOTHING_LOADED, EXIT_OK, EXIT_USAGE, positive_int
from dipreader.cli_views import VIEW_COMMANDS
from dipreader.core.corpus.corpus import LoadResult, load
from dipreader.core.model import Meeting
from dipreader.core.reading.reader_version import reading_compiled
from dipreader.core.settings.locations import seeds_dir
from dipreader.core.text.safe import clean, clean_line

Handler = Callable[[argparse.Namespace], int]


def _paths_help(what: str) -> str:
    return f"files or folders of articles {what} (default: the bundled sample articles)"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where bookmarks and notes live (default: the user data folder; "
        "also DIPREADER_DATA_DIR)",
    )
    parser.add_argument(
        "--max-size",
        metavar="BYTES",
        type=positive_int,
        help="largest article file read, in bytes (default 8 MiB; also DIPREADER_MAX_BYTES)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dipreader",
        description="A terminal reader for diplomatic-meeting readouts: who met whom, where, "
        "and what each side said. With no subcommand, opens the reader on PATHs.",
        epilog="Run 'dipreader SUBCOMMAND --help' for a subcommand's options.",
    )
    # Whether the reading code is compiled says how fast a first load of many articles is.
    build = "compiled" if reading_compiled() else "plain Python"
    parser.add_argument(
        "--version", action="version", version=f"dipreader {__version__} (reading code: {build})"
    )
    commands = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")

    open_ = commands.add_parser("open", help="open the reader (the default)")
    open_.add_argument("paths", nargs="*", metavar="PATH", help=_paths_help("to read"))
    _common(open_)
    open_.set_defaults(handler=cmd_open)

    list_ = commands.add_parser("list", help="list the meetings, newest first")
    list_.add_argument("paths", nargs="*", metavar="PATH", help=_paths_help("to list"))
    list_.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _common(list_)
    list_.set_defaults(handler=cmd_list)

    attribute = commands.add_parser(
        "attribute", help="show who says each sentence (JSON with --json)"
    )
    attribute.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    attribute.add_argument("--json", action="store_true", help="print JSON (DESIGN §4)")
    _common(attribute)
    attribute.set_defaults(handler=cmd_attribute)

    search = commands.add_parser("search", help="fuzzy search over every sentence")
    search.add_argument("query", help="words to find; '@name' narrows to one speaker")
    search.add_argument("paths", nargs="*", metavar="PATH", help=_paths_help("to search"))
    search.add_argument("--limit", type=positive_int, default=20, help="at most N hits (20)")
    search.add_argument("--json", action="store_true", help="print JSON")
    _common(search)
    search.set_defaults(handler=cmd_search)

    export = commands.add_parser("export", help="export bookmarks and notes")
    export.add_argument("paths", nargs="*", metavar="PATH", help=_paths_help("to anchor to"))
    export.add_argument("--format", choices=("md", "json", "csv"), default="md")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default stdout)")
    _common(export)
    export.set_defaults(handler=cmd_export)

    from dipreader.cli_views import add_view_commands  # statements, compare, trend

    add_view_commands(commands, _common)
    return parser


SUBCOMMANDS = frozenset({"open", "list", "attribute", "search", "export", *VIEW_COMMANDS})


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # ``dipreader PATH...`` opens the reader: a first word that is no subcommand is a path.
    if not args_list or (args_list[0] not in SUBCOMMANDS and args_list[0] not in _TOP_FLAGS):
        args_list.insert(0, "open")
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exit_:
        return int(exit_.code) if isinstance(exit_.code, int) else EXIT_USAGE
    if args.data_dir:
        os.environ["DIPREADER_DATA_DIR"] = str(Path(args.data_dir).expanduser())
    handler: Handler = args.handler
    try:
        return handler(args)
    except BrokenPipeError:
        # ``dipreader list | head``: the reader went away; that is not an error.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


_TOP_FLAGS = frozenset({"-h", "--help", "--version"})


def _load(args: argparse.Namespace, required: bool = False) -> LoadResult:
    paths = [Path(p) for p in getattr(args, "paths", [])] or [seeds_dir()]
    result = load(paths, max_bytes=args.max_size)
    report_problems(result, sys.stderr)
    return result


def report_problems(result: LoadResult, stream: TextIO) -> None:
    for problem in result.problems:
        label = "warning" if problem.severity == "warning" else "error"
        print(f"dipreader: {label}: {problem}", file=stream)


def _status(result: LoadResult) -> int:
    return EXIT_OK if result.meetings else EXIT_NOTHING_LOADED


def _console(stream: TextIO | None = None) -> Console:
    return Console(file=stream or sys.stdout, highlight=False, soft_wrap=False)


def cmd_open(args: argparse.Namespace) -> int:
    from dipreader.ui.app import run_app  # Textual loads only when the app is wanted

    if args.max_size:
        os.environ["DIPREADER_MAX_BYTES"] = str(args.max_size)  # the app's loader reads it
    paths = [str(Path(p)) for p in args.paths] or None
    status: int = run_app(paths)
    return status


def meeting_fields(meeting: Meeting) -> dict[str, Any]:
    """What every JSON output says of a meeting."""
    return {
        "id": meeting.id,
        "path": meeting.path,
        "line": meeting.line or None,
        "date": meeting.date.isoformat() if meeting.date else None,
        "title": meeting.title,
        "venue": meeting.venue,
        "occasion": meeting.occasion,
        "source": meeting.source,
        "url": meeting.url,
    }


def speakers_json(meeting: Meeting) -> list[dict[str, str | None]]:
    return [
        {"id": s.id, "name": s.name, "role": s.role, "country": s.country} for s in meeting.speakers
    ]


def meeting_summary(meeting: Meeting) -> dict[str, Any]:
    return {
        **meeting_fields(meeting),
        "participants": speakers_json(meeting),
        "sentences": len(meeting.sentences),
    }


def cmd_list(args: argparse.Namespace) -> int:
    result = _load(args)
    if args.json:
        _print_json([meeting_summary(m) for m in result.meetings])
        return _status(result)
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
    _console().print(table)
    return _status(result)


def attribution_json(meeting: Meeting) -> dict[str, Any]:
    """One article in the DESIGN §4 format, with the text its offsets index: a page's or a
    feed item's text is not the file's bytes."""
    return {
        **meeting_fields(meeting),
        "text": meeting.text,
        "speakers": speakers_json(meeting),
        "sentences": [
            {"start": s.start, "end": s.end, "speaker": s.speaker, "kind": str(s.kind)}
            for s in meeting.sentences
        ],
    }


def cmd_attribute(args: argparse.Namespace) -> int:
    result = _load(args)
    # Keep the order the user named the files in, not newest first: scripts zip by index.
    meetings = sorted(result.meetings, key=lambda m: (m.path, m.line))
    if args.json:
        _print_json([attribution_json(m) for m in meetings])
        return _status(result)
    console = _console()
    for meeting in meetings:
        console.print(Text(f"{clean_line(meeting.location)} — {clean_line(meeting.title)}"))
        for sentence in meeting.sentences:
            who = meeting.speaker(sentence.speaker)
            label = who.name if who else str(sentence.kind)
            line = Text(f"  {label:>16}  ", style="bold")
            line.append(clean(meeting.text[sentence.start : sentence.end]).replace("\n", " "))
            console.print(line)
        console.print()
    return _status(result)


def cmd_search(args: argparse.Namespace) -> int:
    from dipreader.core.search.search import SearchIndex

    result = _load(args)
    index = SearchIndex()
    index.add_many(result.meetings)
    hits = index.search(args.query, limit=args.limit)
    if args.json:
        rows = []
        for hit in hits:
            meeting = hit.meeting
            sentence = meeting.sentences[hit.index]
            speaker = meeting.speaker(sentence.speaker)
            rows.append(
                {
                    "path": meeting.path,
                    "line": meeting.line or None,
                    "date": meeting.date.isoformat() if meeting.date else None,
                    "speaker": speaker.name if speaker else None,
                    "kind": str(sentence.kind),
                    "start": sentence.start,
                    "end": sentence.end,
                    "text": meeting.text[sentence.start : sentence.end],
                    "score": round(hit.score, 1),
                }
            )
        _print_json(rows)
        return _status(result)
    console = _console()
    if not hits:
        print(f"no match for {clean_line(args.query)!r}", file=sys.stderr)
    for hit in hits:
        meeting = hit.meeting
        sentence = meeting.sentences[hit.index]
        speaker = meeting.speaker(sentence.speaker)
        head = Text(f"{meeting.date_text}  ", style="bold")
        head.append(clean_line(speaker.name if speaker else str(sentence.kind)), style="cyan")
        head.append(f"  {clean_line(meeting.location)}  score {hit.score:.0f}", style="dim")
        console.print(head)
        body = Text("  " + clean(meeting.text[sentence.start : sentence.end]).replace("\n", " "))
        for start, end in hit.highlights:
            body.stylize("bold reverse", start + 2, end + 2)
        console.print(body)
    return _status(result)


def cmd_export(args: argparse.Namespace) -> int:
    from dipreader.core.notes.annotation import resolve_items
    from dipreader.core.notes.export import render
    from dipreader.core.notes.store import Store

    result = _load(args)
    with Store() as store:
        if store.notice:
            print(f"dipreader: {clean_line(store.notice)}", file=sys.stderr)
        annotations = store.all()
    items = resolve_items(annotations, result.meetings)
    text = render(args.format, items)
    orphans = sum(1 for item in items if item.orphan)
    if orphans:
        print(
            f"dipreader: {orphans} of {len(items)} items no longer found in these articles "
            "(exported with their stored quote)",
            file=sys.stderr,
        )
    if args.output:
        target = Path(args.output)
        try:
            target.write_text(text, encoding="utf-8", newline="")
        except OSError as error:
            print(f"dipreader: error: {clean_line(str(target))}: {error.strerror}", file=sys.stderr)
            return EXIT_NOTHING_LOADED
        print(f"dipreader: wrote {clean_line(str(target))}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return _status(result)


def _print_json(data: object) -> None:
    # ensure_ascii keeps escape sequences in text as \u001b, never raw bytes on the terminal.
    json.dump(data, sys.stdout, ensure_ascii=True, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    raise SystemExit(main())
