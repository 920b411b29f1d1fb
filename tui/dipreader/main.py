"""The ``dipreader`` command: the scriptable subcommands (``dipreader.cli``), or the reader
app (``dipreader.ui``) on the PATHs when no subcommand is named.

The only module that knows both: the command line and the reader never import each other.
Textual loads only when the reader is opened.
"""

from __future__ import annotations

from collections.abc import Sequence

from dipreader.cli.commands import main as run_command_line


def open_reader(paths: list[str] | None) -> int:
    """Run the reader on ``paths`` (None: the bundled samples); the exit status."""
    from dipreader.ui.launch import run_reader

    return run_reader(paths)


def main(argv: Sequence[str] | None = None) -> int:
    return run_command_line(argv, open_reader=open_reader)
