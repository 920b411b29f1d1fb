"""Small state kept between runs (the last meeting and sentence read) in ``state.json``.

Losing it costs the user a scroll, not their work: a missing or damaged file reads as empty,
and a failed save is reported by the return value, never raised. Saving writes a temporary
file beside it and renames it over (:mod:`dipreader.core.files`), so a crash leaves the old
file or the new one, whole.

Keys used by the app: ``last_path`` (str), ``last_line`` (int, a .jsonl article's line),
``last_sentence`` (int). Others may be added; unknown keys are kept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dipreader.core.files import write_text_atomically
from dipreader.core.settings import locations


def load_state(path: Path | None = None) -> dict[str, Any]:
    """The saved state, or ``{}`` when there is none or it cannot be read."""
    target = path if path is not None else locations.state_path()
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_state(state: Mapping[str, Any], path: Path | None = None) -> bool:
    """Write ``state`` atomically (folder 0700, file 0600). False when it could not be saved."""
    target = path if path is not None else locations.state_path()
    try:
        text = json.dumps(dict(state), ensure_ascii=False, indent=1, sort_keys=True)
    except (TypeError, ValueError):
        return False
    try:
        if not target.parent.is_dir():
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            target.parent.chmod(0o700)
        write_text_atomically(target, text)
    except OSError:
        return False
    return True


def update_state(path: Path | None = None, **changes: Any) -> bool:
    """Load, change some keys, save: ``update_state(last_path=p, last_sentence=3)``."""
    state = load_state(path)
    state.update(changes)
    return save_state(state, path)
