"""The ``dipreader`` command line: the parser, and running one command line.

The reader app is not imported here: ``dipreader.main`` hands in the function that opens it
(``open_reader``), so that the command line and the reader never import each other.
"""

from __future__ import annotations

import argparse
import difflib
import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from dipreader import __version__
from dipreader.cli.arguments import (
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_STATUSES,
    EXIT_USAGE,
    add_common,
    paths_help,
)
from dipreader.cli.notes import NOTES_COMMANDS, add_notes_commands
from dipreader.cli.output import error
from dipreader.cli.reading import READING_COMMANDS, add_reading_commands
from dipreader.cli.views import VIEW_COMMANDS, add_view_commands
from dipreader.core.reading.reader_version import reading_compiled

Handler = Callable[[argparse.Namespace], int]
# Opens the reader on these paths (None: the bundled samples); returns the exit status.
ReaderOpener = Callable[[list[str] | None], int]

SUBCOMMANDS = frozenset({"open", *READING_COMMANDS, *NOTES_COMMANDS, *VIEW_COMMANDS})
_TOP_FLAGS = frozenset({"-h", "--help", "--version"})


def build_parser(open_reader: ReaderOpener | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dipreader",
        description="A terminal reader for diplomatic-meeting readouts: who met whom, where, "
        "and what each side said. With no subcommand, opens the reader on PATHs.",
        epilog=f"Run 'dipreader SUBCOMMAND --help' for a subcommand's options. {EXIT_STATUSES}.",
    )
    # Whether the reading code is compiled says how fast a first load of many articles is.
    build = "compiled" if reading_compiled() else "plain Python"
    parser.add_argument(
        "--version", action="version", version=f"dipreader {__version__} (reading code: {build})"
    )
    commands = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")

    open_ = commands.add_parser("open", help="open the reader (the default)")
    open_.add_argument("paths", nargs="*", metavar="PATH", help=paths_help("to read"))
    add_common(open_, notes=True)

    def cmd_open(args: argparse.Namespace) -> int:
        return open_command(args, open_reader)

    open_.set_defaults(handler=cmd_open)

    add_reading_commands(commands)  # list, attribute, search
    add_notes_commands(commands)  # export
    add_view_commands(commands)  # statements, compare, trend
    return parser


def main(argv: Sequence[str] | None = None, *, open_reader: ReaderOpener | None = None) -> int:
    """Run one command line (``sys.argv`` when ``argv`` is None); the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    # ``dipreader PATH...`` opens the reader: a first word that is no subcommand is a path.
    if not args_list or (args_list[0] not in SUBCOMMANDS and args_list[0] not in _TOP_FLAGS):
        unknown = _unknown_subcommand(args_list[0]) if args_list else None
        if unknown is not None:
            error(unknown)
            return EXIT_USAGE
        args_list.insert(0, "open")
    parser = build_parser(open_reader)
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exit_:
        return int(exit_.code) if isinstance(exit_.code, int) else EXIT_USAGE
    data_dir = getattr(args, "data_dir", None)  # only the subcommands that use the notes
    if data_dir:
        os.environ["DIPREADER_DATA_DIR"] = str(Path(data_dir).expanduser())
    handler: Handler = args.handler
    try:
        status = handler(args)
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not at exit
        return status
    except BrokenPipeError:
        # ``dipreader list | head``: the reader of the output went away; that is no error.
        # Python would flush stdout again at exit and complain: point it at /dev/null.
        _silence_stdout()
        return EXIT_OK
    except OSError as failure:
        if not _is_stdout_failure(failure):
            raise
        # ``dipreader list > /dev/full``: say why in one line, not with a traceback.
        _silence_stdout()
        error(f"could not write the output: {failure.strerror or failure}")
        return EXIT_NOTHING
    except KeyboardInterrupt:
        return 130


def _silence_stdout() -> None:
    """Point stdout at /dev/null: Python flushes it again at exit, and must not fail there."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is no file descriptor (a test's capture): nothing is flushed at exit
    finally:
        os.close(devnull)


def _is_stdout_failure(failure: OSError) -> bool:
    """Whether writing the output failed (a full disk, a closed or broken output), as far as
    the error tells: EPIPE is a BrokenPipeError, handled above."""
    return failure.errno in (errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT, errno.EFBIG)


def _unknown_subcommand(word: str) -> str | None:
    """What to say when ``word`` reads as a mistyped subcommand rather than a path: a word
    with no folder or suffix in it that names no file (``dipreader serch x``); else None."""
    if word.startswith("-") or "/" in word or "." in word or os.path.lexists(word):
        return None
    close = difflib.get_close_matches(word, sorted(SUBCOMMANDS), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    names = ", ".join(sorted(SUBCOMMANDS))
    return f"'{word}' is neither a subcommand nor a file{hint} (subcommands: {names})"


def open_command(args: argparse.Namespace, open_reader: ReaderOpener | None) -> int:
    """``dipreader open``: the reader on the PATHs, opened by ``open_reader``."""
    if open_reader is None:
        error("the reader cannot be opened from here; run 'dipreader' or 'python -m dipreader'")
        return EXIT_USAGE
    if not sys.stdin.isatty():
        # Keys come from stdin: a reader on a pipe could not even be quit.
        error(
            "the reader needs a terminal, and stdin is not one; in a pipe, use a subcommand "
            "such as 'dipreader list' or 'dipreader search QUERY'"
        )
        return EXIT_USAGE
    if args.max_size:
        os.environ["DIPREADER_MAX_BYTES"] = str(args.max_size)  # the app's loader reads it
    paths = [str(Path(p)) for p in args.paths] or None
    return open_reader(paths)
