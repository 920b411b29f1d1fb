"""Bookmarks and notes on the command line: ``export`` and ``backup``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dipreader.cli.arguments import EXIT_NOTHING, EXIT_OK, add_common, paths_help
from dipreader.cli.output import load_corpus, status
from dipreader.core.text.safe import clean_line

NOTES_COMMANDS: frozenset[str] = frozenset({"export", "backup"})


def add_notes_commands(commands: Any) -> None:
    """Add ``export`` to ``commands`` (the CLI's subparsers)."""
    export = commands.add_parser("export", help="export bookmarks and notes")
    export.add_argument("paths", nargs="*", metavar="PATH", help=paths_help("to anchor to"))
    export.add_argument(
        "--format",
        choices=("md", "json", "csv"),
        default="md",
        help="md: a Markdown report (the default); csv: a sheet, one row per item; json: W3C "
        "Web Annotation",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default stdout)")
    export.add_argument(
        "--force",
        action="store_true",
        help="with -o, replace FILE even if it is not a previous dipreader export",
    )
    add_common(export, notes=True)
    export.set_defaults(handler=cmd_export)
    add_backup_command(commands)


def cmd_export(args: argparse.Namespace) -> int:
    from dipreader.core.notes.annotation import resolve_items
    from dipreader.core.notes.export import render
    from dipreader.core.notes.export_file import ExportRefused, write_export
    from dipreader.core.notes.store import Store, StoreError
    from dipreader.core.text.untrusted import scrub

    result = load_corpus(args)
    try:
        with Store() as store:
            if store.notice:
                print(f"dipreader: {clean_line(store.notice)}", file=sys.stderr)
            annotations = store.all()
    except StoreError as failure:  # damage found only while reading: said, not a traceback
        print(f"dipreader: error: {clean_line(str(failure))}", file=sys.stderr)
        return EXIT_NOTHING
    items = resolve_items(annotations, result.meetings)
    # Text that cannot be UTF-8 (a lone surrogate) shown as U+FFFD, not a traceback.
    text = scrub(render(args.format, items))[0]
    orphans = sum(1 for item in items if item.orphan)
    if orphans:
        print(
            f"dipreader: {orphans} of {len(items)} items no longer found in these articles "
            "(exported with their stored quote)",
            file=sys.stderr,
        )
    if args.output:
        target = Path(args.output)
        try:  # atomically, 0600, never onto the store or another file (core/notes/export_file)
            write_export(target, text, force=args.force)
        except ExportRefused as error:
            print(f"dipreader: error: {clean_line(str(error))}", file=sys.stderr)
            return EXIT_NOTHING
        except OSError as error:
            reason = error.strerror or type(error).__name__
            print(
                f"dipreader: error: {clean_line(str(target))}: {reason}; nothing written",
                file=sys.stderr,
            )
            return EXIT_NOTHING
        print(f"dipreader: wrote {clean_line(str(target))}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return status(result)


def add_backup_command(commands: Any) -> None:
    """Add ``backup FILE``: a copy of the notes store in one file (SQLite's backup API)."""
    backup = commands.add_parser(
        "backup",
        help="copy every bookmark and note to FILE (a SQLite file; safe while a reader is open)",
    )
    backup.add_argument("file", metavar="FILE", help="where to write the copy")
    backup.add_argument(
        "--force", action="store_true", help="replace FILE even if it is not an earlier backup"
    )
    add_common(backup, notes=True)
    backup.set_defaults(handler=cmd_backup)


def cmd_backup(args: argparse.Namespace) -> int:
    from dipreader.core.notes.backup import backup
    from dipreader.core.notes.database import refusal
    from dipreader.core.notes.store import Store, StoreError
    from dipreader.core.settings import locations

    target = Path(args.file).expanduser()
    store_path = locations.store_path()
    if not store_path.is_file() and not store_path.is_symlink():
        print(
            f"dipreader: no notes yet: {clean_line(str(store_path))} does not exist",
            file=sys.stderr,
        )
        return EXIT_NOTHING
    refused = refusal(store_path)
    if refused is not None:  # a link or a FIFO there: nothing of dipreader's to copy
        print(f"dipreader: error: {clean_line(refused)}", file=sys.stderr)
        return EXIT_NOTHING
    try:
        with Store(store_path) as store:
            if store.notice:
                print(f"dipreader: {clean_line(store.notice)}", file=sys.stderr)
            count = backup(store, target, force=args.force)
    except StoreError as error:
        print(f"dipreader: error: {clean_line(str(error))}", file=sys.stderr)
        return EXIT_NOTHING
    items = "1 bookmark or note" if count == 1 else f"{count} bookmarks and notes"
    print(f"dipreader: backed up {items} to {clean_line(str(target))}", file=sys.stderr)
    return EXIT_OK
