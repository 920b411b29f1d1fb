"""The user's own keys: ``keymap.json`` in the config folder maps binding ids to keys.

For example ``{"article.next_same": "ctrl+n", "app.search": "slash,s"}``. Every binding of
dipreader has an id (the help screen shows them); Textual's ``App.set_keymap`` does the rest.

Earlier versions kept the file in the data folder: found there and not in the config folder,
it is copied over once (the old file is left where it is) and the user is told.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dipreader.core.files import FileRefused, read_regular
from dipreader.core.settings import locations
from dipreader.core.text.untrusted import UntrustedError, parse_json, scrub_value

if TYPE_CHECKING:
    from textual.app import App

KEYMAP_FILE = "keymap.json"


def keymap_path() -> Path:
    return locations.config_dir() / KEYMAP_FILE


def old_keymap_path() -> Path:
    """Where the keymap was kept before it moved to the config folder."""
    return locations.data_dir() / KEYMAP_FILE


def find_keymap() -> tuple[Path, str | None]:
    """The keymap file to read and, when it was just moved to the config folder, a notice.

    A keymap in the old place and none in the new one is copied over (never overwriting, the
    old file kept); should the copy fail, the old file is read this time and the notice says so.
    """
    new, old = keymap_path(), old_keymap_path()
    if new.exists() or new.is_symlink() or not old.is_file():
        return new, None
    created = False
    try:
        data = read_regular(old, MAX_BYTES)
        new.parent.mkdir(parents=True, exist_ok=True)
        with new.open("xb") as handle:  # exclusive: a keymap written meanwhile is kept
            created = True
            handle.write(data)
    except FileExistsError:
        return new, None
    except OSError as error:
        if created:  # half written: the next start copies it again
            with contextlib.suppress(OSError):
                new.unlink()
        reason = str(error) if isinstance(error, FileRefused) else type(error).__name__
        return old, f"{KEYMAP_FILE} is read from {old}; it could not be copied to {new} ({reason})"
    return new, f"{KEYMAP_FILE} now lives in {new} (copied from {old}, which is no longer read)"


# A keymap is a few dozen entries: a file near this size is not one.
MAX_BYTES = 256 * 1024
MAX_DEPTH = 4


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """The keymap and, when the file exists but is unusable, why (for a notice).

    Read through the boundary (:mod:`dipreader.core.text.untrusted`): only a regular file of
    at most :data:`MAX_BYTES` (a pipe or ``/dev/zero`` in its place is refused, never read),
    its depth bounded, and an entry whose id or keys hold text that cannot be text (a lone
    surrogate) is left out like any entry that is not two strings.
    """
    target = path or keymap_path()
    try:
        raw = read_regular(target, MAX_BYTES)
    except FileNotFoundError:
        return {}, None
    except FileRefused as error:
        reason = error.reason.removesuffix("; not opened")
        return {}, f"{target.name} not read: {reason}; default keys used"
    except OSError as error:
        return {}, f"cannot read {target.name}: {type(error).__name__}"
    try:
        data, _ = parse_json(raw, max_depth=MAX_DEPTH, scrub_strings=False)
    except UntrustedError:
        return {}, f"{target.name} is not valid JSON; default keys used"
    if not isinstance(data, dict):
        return {}, f"{target.name} must be a JSON object of binding id -> keys"
    keymap = {
        k: v
        for k, v in data.items()
        if isinstance(k, str) and isinstance(v, str) and v and not scrub_value([k, v])[1]
    }
    skipped = len(data) - len(keymap)
    note = f"{skipped} entries of {target.name} ignored (keys must be strings)" if skipped else None
    return keymap, note


def binding_ids() -> set[str]:
    """Every binding id of the reader: the App's and those of every screen and widget, the
    screens opened later included (their modules are imported for it, only when a keymap is
    there to check)."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import dipreader.ui.screens as screens
    import dipreader.ui.widgets as widgets

    for package in (screens, widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    found: set[str] = set()
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        for binding in cls.__dict__.get("BINDINGS", ()):
            binding_id = getattr(binding, "id", None)
            if binding_id:
                found.add(binding_id)
    return found


def use_keymap(app: App[Any]) -> None:
    """Take the user's keymap, saying so when it moved, when some of it is unusable, and
    when it names ids that no binding has (a typo would otherwise do nothing, silently)."""
    path, moved = find_keymap()
    if moved:
        app.notify(moved, title="Keymap moved", timeout=15, markup=False)
    keymap, note = load_keymap(path)
    if keymap:
        app.set_keymap(keymap)
        unknown = sorted(set(keymap) - binding_ids())
        if unknown:
            shown = ", ".join(unknown[:5]) + (
                f" and {len(unknown) - 5} more" if unknown[5:] else ""
            )
            app.notify(
                f"{path.name}: no binding has the id {shown}; ignored (help, ?, lists the ids)",
                title="Keymap",
                severity="warning",
                markup=False,
            )
    if note:
        app.notify(note, title="Keymap", severity="warning", markup=False)
