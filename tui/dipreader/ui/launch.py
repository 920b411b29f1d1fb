"""Opening the reader app: what ``dipreader.main`` calls when no subcommand is named."""

from __future__ import annotations


def run_reader(paths: list[str] | None = None) -> int:
    """Run the reader on ``paths`` (the bundled samples when there are none); the exit status."""
    from dipreader.ui.app import run_app  # Textual loads only when the reader is wanted

    status: int = run_app(paths)
    return status
