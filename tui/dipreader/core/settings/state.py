"""Small state kept between runs (the last meeting and sentence read) in ``state.json``.

Losing it costs the user a scroll, not their work: a missing or damaged file reads as empty,
and a failed save is reported by the return value, never raised. Saving writes a temporary
file beside it and renames it over (:mod:`dipreader.core.files`), so a crash leaves the old
file or the new one, whole.

Reading goes through :mod:`dipreader.core.settings.json_file` (a regular file of at most
:data:`MAX_BYTES`, bounded depth, bad values reported and left out); the ``last_*`` keys are
one value (the last place read), left out together.

Keys used by the app: ``last_path`` (str), ``last_line`` (int, a .jsonl article's line),
``last_sentence`` (int), ``last_quote`` (str). Others may be added; unknown keys are kept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dipreader.core.files import write_bytes_atomically
from dipreader.core.settings import locations
from dipreader.core.settings.json_file import ProblemKind, read_object

MAX_BYTES = 1024 * 1024  # a few hundred bytes in use: anything near this is not ours
MAX_DEPTH = 32
# The types of the keys the app reads; a value of another type is left out.
KNOWN_TYPES: dict[str, type] = {
    "last_path": str,
    "last_line": int,
    "last_sentence": int,
    "last_quote": str,
}
# Together they are one value, the last place read: one of them bad, none of them is used.
PLACE_KEYS = frozenset(KNOWN_TYPES)
# What each kind of problem costs, said after it.
_COST: dict[ProblemKind, str] = {
    "refused": "; the last place read is not restored",
    "unreadable": "",
    "invalid": "; ignored",
    "value": "; ignored",
}


def read_state(path: Path | None = None) -> tuple[dict[str, Any], list[str]]:
    """The saved state and what was wrong with it, each message naming the file and the
    reason: ``{}`` and no message when there is no file."""
    target = path if path is not None else locations.state_path()
    read = read_object(target, max_bytes=MAX_BYTES, max_depth=MAX_DEPTH, known_types=KNOWN_TYPES)
    state = read.values
    problems = [message + _COST[kind] for kind, message in read.problems]
    if any(key in PLACE_KEYS for key in read.left_out):
        for key in PLACE_KEYS:
            state.pop(key, None)
        problems.append(f"{target}: the last place read is not restored")
    return state, problems


def load_state(path: Path | None = None) -> dict[str, Any]:
    """The saved state, or ``{}`` when there is none or it cannot be read (see
    :func:`read_state` for what was wrong)."""
    return read_state(path)[0]


def save_state(state: Mapping[str, Any], path: Path | None = None) -> bool:
    """Write ``state`` atomically (folder 0700, file 0600). False when it could not be saved
    (not JSON, text that cannot be UTF-8, a folder that cannot be written, something other
    than a regular file in the file's place)."""
    target = path if path is not None else locations.state_path()
    try:
        text = json.dumps(dict(state), ensure_ascii=False, indent=1, sort_keys=True)
        data = text.encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return False
    try:
        if not target.parent.is_dir():
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            target.parent.chmod(0o700)
        write_bytes_atomically(target, data)
    except OSError:
        return False
    return True


def update_state(path: Path | None = None, **changes: Any) -> bool:
    """Load, change some keys, save: ``update_state(last_path=p, last_sentence=3)``."""
    state = load_state(path)
    state.update(changes)
    return save_state(state, path)
