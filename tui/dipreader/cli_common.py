"""What every subcommand shares: exit statuses and argument types."""

from __future__ import annotations

import argparse

# 0 when at least one article loaded, 1 when none did (or nothing matched), 2 for bad usage.
EXIT_OK, EXIT_NOTHING_LOADED, EXIT_USAGE = 0, 1, 2


def positive_int(raw: str) -> int:
    """An argparse type: a whole number above zero, with a message that says what is wrong."""
    try:
        value = int(raw)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a whole number: {raw!r}") from error
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value
