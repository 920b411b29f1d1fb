"""An export written to a file (``dipreader export -o FILE``) without ever losing one.

- Written whole to a temporary file in the target's folder, then renamed into place
  (:func:`dipreader.core.files.write_atomically`, 0600): a full disk or a crash leaves the old
  file as it was.
- Never onto the notes store, or its journal: the target is compared with them by device and
  inode, so a symbolic or hard link, or another spelling of the path, is caught too.
- Never through a symbolic link, and never onto a pipe, a device or a socket.
- A file already there is replaced only if it is a previous dipreader export, told by how
  every export begins (:data:`EXPORT_MARKERS`), or when the user says ``--force``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dipreader.core.files import (
    FileRefused,
    kind_of_file,
    open_regular,
    write_bytes_atomically,
)
from dipreader.core.notes.export import CSV_COLUMNS, JSON_MARKER, MARKDOWN_MARKER
from dipreader.core.settings import locations

# How each format's export begins, and so how a previous export is told from any other file:
# the Markdown heading, the CSV header row, the JSON-LD collection's opening lines (the same
# in exports that predate its "generator").
EXPORT_MARKERS: dict[str, bytes] = {
    "md": MARKDOWN_MARKER.encode("utf-8"),
    "csv": (",".join(CSV_COLUMNS) + "\n").encode("utf-8"),
    "json": JSON_MARKER.encode("utf-8"),
}
_HEAD = 4096
# Beside the store, SQLite keeps what is not yet in it: as much the user's notes as the store.
_STORE_COMPANIONS = ("", "-wal", "-shm", "-journal")


class ExportRefused(Exception):
    """The export was not written; the message says why and what to do."""


def is_previous_export(head: bytes) -> bool:
    """True when a file that begins with ``head`` is one dipreader exported (any format)."""
    return any(head.startswith(marker) for marker in EXPORT_MARKERS.values())


def write_export(
    target: Path, text: str, *, force: bool = False, store: Path | None = None
) -> None:
    """Write ``text`` to ``target`` atomically, 0600.

    Raises :class:`ExportRefused` onto the store (``store``, by default the user's), through a
    symbolic link, onto something other than a regular file, and, unless ``force``, onto a
    file that is not a previous export; OSError when it cannot be written (the old file kept).
    """
    store_file = store if store is not None else locations.store_path()
    if _is_store(target, store_file):
        raise ExportRefused(f"{target} is the notes store; nothing written")
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise ExportRefused(
                f"{target} is a symbolic link; not followed (name the file itself); nothing written"
            )
        if not stat.S_ISREG(info.st_mode):
            kind = kind_of_file(info.st_mode)
            raise ExportRefused(f"{target} is not a regular file ({kind}); nothing written")
        if not force and not is_previous_export(_head(target)):
            raise ExportRefused(
                f"{target} exists and is not a dipreader export; "
                "give --force to replace it; nothing written"
            )
    try:
        write_bytes_atomically(target, text.encode("utf-8"))
    except FileRefused as error:  # swapped for a link or a pipe since it was looked at
        raise ExportRefused(f"{target}: {error.reason}; nothing written") from None


def _is_store(target: Path, store: Path) -> bool:
    """True when ``target`` is the store or one of its companions: the same file (through any
    link), or the same path however spelled (the store may not exist yet)."""
    try:
        found = os.stat(target)
    except OSError:
        found = None
    where = os.path.realpath(target)
    for suffix in _STORE_COMPANIONS:
        companion = store.with_name(store.name + suffix)
        if where == os.path.realpath(companion):
            return True
        if found is None:
            continue
        try:
            known = os.stat(companion)
        except OSError:
            continue
        if (known.st_dev, known.st_ino) == (found.st_dev, found.st_ino):
            return True
    return False


def _head(target: Path) -> bytes:
    """The first bytes of the regular file ``target`` (not following a link); empty if it
    cannot be read, which makes it no export."""
    try:
        descriptor = open_regular(target, os.O_RDONLY, follow_symlinks=False)
    except OSError:
        return b""
    try:
        return os.read(descriptor, _HEAD)
    except OSError:
        return b""
    finally:
        os.close(descriptor)
