"""The analyst views on the command line: ``statements``, ``compare`` and ``trend``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

VIEW_COMMANDS: frozenset[str] = frozenset()


def add_view_commands(commands: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the view subcommands to ``commands`` (the CLI's subparsers)."""
