"""The user's own keys: ``keymap.json`` in the data folder maps binding ids to keys.

For example ``{"article.next_same": "ctrl+n", "app.search": "slash,s"}``. Every binding of
dipreader has an id (the help screen shows them); Textual's ``App.set_keymap`` does the rest.
"""

from __future__ import annotations

import json
from pathlib import Path

from dipreader.core.settings import locations


def keymap_path() -> Path:
    return locations.data_dir() / "keymap.json"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """The keymap and, when the file exists but is unusable, why (for a notice)."""
    target = path or keymap_path()
    try:
        raw = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError) as error:
        return {}, f"cannot read {target.name}: {type(error).__name__}"
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return {}, f"{target.name} is not valid JSON; default keys used"
    if not isinstance(data, dict):
        return {}, f"{target.name} must be a JSON object of binding id -> keys"
    keymap = {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str) and v}
    skipped = len(data) - len(keymap)
    note = f"{skipped} entries of {target.name} ignored (keys must be strings)" if skipped else None
    return keymap, note
