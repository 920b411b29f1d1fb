"""Small state kept between runs (the last meeting and sentence read) in ``state.json``.

Losing it costs the user a scroll, not their work: a missing or damaged file reads as empty,
and a failed save is reported by the return value, never raised. Saving writes a temporary
file beside it and renames it over (:mod:`dipreader.core.files`), so a crash leaves the old
file or the new one, whole.

Reading goes through the boundary (:mod:`dipreader.core.text.untrusted`): only a regular file
of at most :data:`MAX_BYTES` is read (a pipe or ``/dev/zero`` in its place is refused), its
depth is bounded, and a value that is of the wrong type or holds text that cannot be text (a
lone surrogate) is reported and left out, so that the next save does not write it back; the
``last_*`` keys are one value (the last place read), left out together.

Keys used by the app: ``last_path`` (str), ``last_line`` (int, a .jsonl article's line),
``last_sentence`` (int), ``last_quote`` (str). Others may be added; unknown keys are kept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dipreader.core.files import FileRefused, read_regular, write_bytes_atomically
from dipreader.core.settings import locations
from dipreader.core.text.untrusted import UntrustedError, parse_json, scrub_value

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


def read_state(path: Path | None = None) -> tuple[dict[str, Any], list[str]]:
    """The saved state and what was wrong with it, each message naming the file and the
    reason: ``{}`` and no message when there is no file."""
    target = path if path is not None else locations.state_path()
    try:
        raw = read_regular(target, MAX_BYTES)
    except FileNotFoundError:
        return {}, []
    except FileRefused as error:
        return {}, [f"{target}: {error.reason}; the last place read is not restored"]
    except OSError as error:
        return {}, [f"{target}: cannot be read ({error.strerror or type(error).__name__})"]
    try:
        data, _ = parse_json(raw, max_depth=MAX_DEPTH, scrub_strings=False)
    except UntrustedError as error:
        return {}, [f"{target}: {error}; ignored"]
    if not isinstance(data, dict):
        return {}, [f"{target}: not a JSON object (a {type(data).__name__}); ignored"]
    state: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in data.items():
        (clean_key, clean_value), replaced = scrub_value([key, value])
        expected = KNOWN_TYPES.get(key)
        if replaced:
            problems.append(f"{target}: {clean_key!r} holds text that cannot be text; ignored")
        elif expected is not None and type(value) is not expected:
            shown = type(value).__name__
            problems.append(f"{target}: {key!r} must be {expected.__name__}, not {shown}; ignored")
        else:
            state[key] = clean_value
    if problems and any(key in PLACE_KEYS and key not in state for key in data):
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
