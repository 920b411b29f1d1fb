"""Notes that could not be saved, kept in a file beside the store until they are given back.

When a save fails (a full disk, a store that went read-only), the text the user typed stays in
the note dialog and is also written here, atomically, with the passage it was about: the next
start offers it back. The file is ``unsaved-notes.json`` in the data folder, readable by hand:

    {"format": "dipreader-unsaved-notes", "drafts": [{"id": ..., "text": ..., ...}]}

A draft is removed only once it is saved as a note (or the same dialog saved it after all). A
file that cannot be read is never rewritten: it is left as it is and said.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dipreader.core.files import read_regular, write_text_atomically
from dipreader.core.notes.anchor import Anchor
from dipreader.core.notes.annotation import Context, new_id, now
from dipreader.core.notes.records import timestamp
from dipreader.core.settings import locations

FILE_NAME = "unsaved-notes.json"
FORMAT = "dipreader-unsaved-notes"
MAX_BYTES = 16 * 1024 * 1024  # far more than anyone types; a bigger file is not ours


@dataclass(frozen=True, slots=True)
class Draft:
    """A note's text that is not in the store yet, and the passage it is about."""

    text: str
    anchor: Anchor
    context: Context = field(default_factory=Context)
    reason: str = ""  # why it could not be saved, as the user was told
    kept: str = field(default_factory=lambda: timestamp(now()))
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class Recovered:
    """What the file holds: the drafts read, and what could not be read (for the user)."""

    path: Path
    drafts: list[Draft]
    problem: str | None = None


def recovery_path() -> Path:
    return locations.data_dir() / FILE_NAME


def keep(draft: Draft, path: Path | None = None) -> Path:
    """Add (or replace, by id) ``draft`` in the file; returns its path. Raises OSError (with
    the reason) when it cannot be written, or when the file there cannot be read: a file that
    cannot be read is not overwritten."""
    target = path or recovery_path()
    entries = _entries_or_raise(target)
    entries = [e for e in entries if not (isinstance(e, dict) and e.get("id") == draft.id)]
    entries.append(_to_json(draft))
    _write(target, entries)
    return target


def forget(ids: set[str], path: Path | None = None) -> None:
    """Remove the drafts ``ids`` (saved as notes meanwhile); the file goes with the last."""
    target = path or recovery_path()
    entries = _entries_or_raise(target)
    left = [e for e in entries if not (isinstance(e, dict) and e.get("id") in ids)]
    if len(left) == len(entries):
        return
    if left:
        _write(target, left)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)


def read(path: Path | None = None) -> Recovered:
    """The drafts kept in the file (none when there is no file); never raises."""
    target = path or recovery_path()
    try:
        entries = _entries_or_raise(target)
    except OSError as error:
        return Recovered(target, [], f"{target} could not be read ({_reason(error)})")
    drafts: list[Draft] = []
    bad = 0
    for entry in entries:
        draft = _from_json(entry)
        if draft is None:
            bad += 1
        else:
            drafts.append(draft)
    problem = None
    if bad:
        problem = f"{bad} of the entries in {target} could not be read; they are left in it"
    return Recovered(target, drafts, problem)


# -- the file ---------------------------------------------------------------------------------


def _entries_or_raise(path: Path) -> list[Any]:
    """The file's list of drafts ([] when there is no file); OSError when it is unusable."""
    try:  # a regular file of bounded size, never through a link
        raw = read_regular(path, MAX_BYTES, follow_symlinks=False)
    except FileNotFoundError:
        return []
    try:
        document = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise OSError(f"{path} is not a file of unsaved notes ({error})") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise OSError(f"{path} is not a file of unsaved notes")
    entries = document.get("drafts")
    if not isinstance(entries, list):
        raise OSError(f"{path} is not a file of unsaved notes (no list of drafts)")
    return entries


def _write(path: Path, entries: list[Any]) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # ensure_ascii: any character at all (a lone surrogate too) is written as an escape.
    text = json.dumps({"format": FORMAT, "drafts": entries}, ensure_ascii=True, indent=1)
    write_text_atomically(path, text + "\n")


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


# -- a draft as JSON and back -------------------------------------------------------------------

_ANCHOR_TEXTS = ("path", "text_hash", "exact", "prefix", "suffix")
_ANCHOR_NUMBERS = ("start", "end", "line")
_CONTEXT_TEXTS = ("date", "title", "speaker")


def _to_json(draft: Draft) -> dict[str, Any]:
    anchor = draft.anchor
    return {
        "id": draft.id,
        "text": draft.text,
        "kept": draft.kept,
        "reason": draft.reason,
        "anchor": {name: getattr(anchor, name) for name in _ANCHOR_TEXTS + _ANCHOR_NUMBERS},
        "context": {name: getattr(draft.context, name) for name in _CONTEXT_TEXTS},
    }


def _from_json(entry: object) -> Draft | None:
    """A draft, or None when ``entry`` is not one (every field's type is checked)."""
    if not isinstance(entry, dict):
        return None
    anchor, context = entry.get("anchor"), entry.get("context", {})
    texts = [entry.get(name) for name in ("id", "text", "kept", "reason")]
    if not isinstance(anchor, dict) or not isinstance(context, dict):
        return None
    if not all(isinstance(value, str) for value in texts):
        return None
    anchor_texts = [anchor.get(name) for name in _ANCHOR_TEXTS]
    anchor_numbers = [anchor.get(name) for name in _ANCHOR_NUMBERS]
    context_texts = [context.get(name, "") for name in _CONTEXT_TEXTS]
    if not all(isinstance(value, str) for value in anchor_texts + context_texts):
        return None
    if not all(type(value) is int for value in anchor_numbers):
        return None
    path, digest, exact, prefix, suffix = map(str, anchor_texts)
    start, end, line = (value for value in anchor_numbers if isinstance(value, int))
    draft_id, text, kept, reason = map(str, texts)
    return Draft(
        text=text,
        anchor=Anchor(path, digest, exact, prefix, suffix, start, end, line),
        context=Context(*map(str, context_texts)),
        reason=reason,
        kept=kept,
        id=draft_id,
    )
