"""Export from inside the reader: every bookmark and note to a file in the data folder."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from dipreader.core.notes import export
from dipreader.core.notes.annotation import Item
from dipreader.core.settings import locations


def export_notes(items: Sequence[Item], fmt: str, folder: Path | None = None) -> Path:
    """Write ``items`` as ``fmt`` (md, json or csv) to a new timestamped file; its path.

    The file is created exclusively (never overwriting) and private to the user.
    """
    if fmt not in export.FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(export.FORMATS)}")
    target_dir = folder or locations.data_dir() / "exports"
    target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    moment = datetime.now(UTC)
    text = export.render(fmt, list(items), generated=moment)
    stem = f"notes-{moment:%Y%m%d-%H%M%S}"
    for number in range(100):
        name = f"{stem}.{fmt}" if number == 0 else f"{stem}-{number}.{fmt}"
        path = target_dir / name
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return path
    raise OSError(f"could not find a free file name in {target_dir}")
