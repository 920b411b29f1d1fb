"""The user's settings kept between runs: ``settings.json`` in the config folder, beside the
keymap (``~/.config/dipreader`` on Linux, or ``DIPREADER_CONFIG_DIR``).

Keys used by the reader: ``theme`` (str, a theme's name, as the command palette lists it).
Others may be added; unknown keys are kept when one is saved.

A missing file is no settings. A file that cannot be used (not a regular file, too large,
not a JSON object, a value of the wrong type or text that cannot be text) reads as the
settings that are usable, with a message naming the file and the reason for each problem,
never an exception: a bad setting costs the user a notice and the default, never a start.
Saving writes a temporary file beside it and renames it over
(:mod:`dipreader.core.files`), so a crash leaves the old file or the new one, whole.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dipreader.core.files import write_bytes_atomically
from dipreader.core.settings import locations
from dipreader.core.settings.json_file import read_object

SETTINGS_FILE = "settings.json"
MAX_BYTES = 256 * 1024  # a few dozen bytes in use
MAX_DEPTH = 8
KNOWN_TYPES: dict[str, type] = {"theme": str}


def settings_path() -> Path:
    return locations.config_dir() / SETTINGS_FILE


def read_settings(path: Path | None = None) -> tuple[dict[str, Any], list[str]]:
    """The usable settings and what was wrong with the file, each message naming it."""
    settings, problems, _whole = _read(path if path is not None else settings_path())
    return settings, problems


def _read(target: Path) -> tuple[dict[str, Any], list[str], bool]:
    """Settings, problems, and whether the whole file was unusable (not a JSON object)."""
    read = read_object(target, max_bytes=MAX_BYTES, max_depth=MAX_DEPTH, known_types=KNOWN_TYPES)
    return read.values, [message for _kind, message in read.problems], read.whole


def save_setting(key: str, value: Any, path: Path | None = None) -> str | None:
    """Set one setting, keeping the others (a value of the wrong type is replaced); None
    when saved, else why not, for a notice. A file that is not a JSON object is never
    written over: it may be the user's, half edited."""
    target = path if path is not None else settings_path()
    settings, problems, whole = _read(target)
    if whole:
        return f"not saved: {problems[0]}"
    settings[key] = value
    try:
        data = json.dumps(settings, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        encoded = data.encode("utf-8")
    except (TypeError, ValueError) as error:
        return f"{key} cannot be saved ({error})"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(target, encoded)
    except OSError as error:
        return f"{target}: cannot be written ({error.strerror or type(error).__name__})"
    return None
