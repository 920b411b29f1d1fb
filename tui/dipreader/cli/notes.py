"""Bookmarks and notes on the command line: ``export``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dipreader.cli.arguments import EXIT_NOTHING_LOADED, add_common, paths_help
from dipreader.cli.output import load_corpus, status
from dipreader.core.text.safe import clean_line

NOTES_COMMANDS: frozenset[str] = frozenset({"export"})


def add_notes_commands(commands: Any) -> None:
    """Add ``export`` to ``commands`` (the CLI's subparsers)."""
    export = commands.add_parser("export", help="export bookmarks and notes")
    export.add_argument("paths", nargs="*", metavar="PATH", help=paths_help("to anchor to"))
    export.add_argument("--format", choices=("md", "json", "csv"), default="md")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default stdout)")
    add_common(export)
    export.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from dipreader.core.notes.annotation import resolve_items
    from dipreader.core.notes.export import render
    from dipreader.core.notes.store import Store

    result = load_corpus(args)
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
    return status(result)
