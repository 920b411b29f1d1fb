"""Small state kept between runs (the last meeting and sentence read) in ``state.json``.

Losing it costs the user a scroll, not their work: a missing or damaged file reads as empty,
and a failed save is reported by the return value, never raised. Saving writes a temporary
file beside it and renames it over, so a crash leaves the old file or the new one, whole.

Keys used by the app: ``last_path`` (str), ``last_line`` (int, a .jsonl article's line),
``last_sentence`` (int). Others may be added; unknown keys are kept.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

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
    temporary: str | None = None
    try:
        if not target.parent.is_dir():
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            target.parent.chmod(0o700)
        # mkstemp creates the file 0600.
        descriptor, temporary = tempfile.mkstemp(
            prefix=target.name + ".", suffix=".tmp", dir=target.parent
        )
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        temporary = None
    except OSError:
        return False
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return True


def update_state(path: Path | None = None, **changes: Any) -> bool:
    """Load, change some keys, save: ``update_state(last_path=p, last_sentence=3)``."""
    state = load_state(path)
    state.update(changes)
    return save_state(state, path)
