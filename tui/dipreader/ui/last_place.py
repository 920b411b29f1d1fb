"""Where the reader was: the meeting and sentence last open, kept between runs.

A small JSON file in the data folder (``locations.state_path()``), written atomically
(a temporary file renamed over the old one) so that a crash never leaves half a file. A
missing, unreadable or corrupt file simply means "start at the top".
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dipreader.core import locations


@dataclass(frozen=True, slots=True)
class LastPlace:
    path: str
    line: int = 0  # the article's line in a .jsonl file, 0 otherwise
    sentence: int = 0


def load(path: Path | None = None) -> LastPlace | None:
    """The last place read, or None when there is none or the file cannot be trusted."""
    target = path or locations.state_path()
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    last = data.get("last")
    if not isinstance(last, dict):
        return None
    where, line, sentence = last.get("path"), last.get("line", 0), last.get("sentence", 0)
    if not isinstance(where, str) or not where:
        return None
    if not isinstance(line, int) or not isinstance(sentence, int) or line < 0 or sentence < 0:
        return None
    return LastPlace(where, line, sentence)


def save(place: LastPlace, path: Path | None = None) -> bool:
    """Write ``place``; False (and nothing changed) when the data folder cannot be written."""
    target = path or locations.state_path()
    payload = {
        "version": 1,
        "last": {"path": place.path, "line": place.line, "sentence": place.sentence},
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temp = tempfile.mkstemp(prefix=".state-", suffix=".json", dir=target.parent)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(payload, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    return True
