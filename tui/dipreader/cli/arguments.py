"""What every subcommand shares on its command line: exit statuses and argument types."""

from __future__ import annotations

import argparse

# 0: found (or done); 1: nothing found, or nothing loaded; 2: a usage error. Every --help says so.
EXIT_STATUSES = "Exit status: 0 found, 1 nothing found or nothing loaded, 2 usage error"
EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


def positive_int(raw: str) -> int:
    """An argparse type: a whole number above zero, with a message that says what is wrong."""
    try:
        value = int(raw)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a whole number: {raw!r}") from error
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def paths_help(what: str = "") -> str:
    """The help of a PATH argument: ``what`` says what the articles are for ("to list")."""
    words = ("files or folders of articles", what, "(default: the bundled sample articles)")
    return " ".join(word for word in words if word)


def add_common(parser: argparse.ArgumentParser, *, notes: bool = False) -> None:
    """The options every subcommand takes (the largest file read), ``--data-dir`` for those
    that use the notes, and the exit statuses in its help."""
    parser.epilog = f"{parser.epilog}  {EXIT_STATUSES}." if parser.epilog else f"{EXIT_STATUSES}."
    if notes:
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
