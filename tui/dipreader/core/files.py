"""Writing a whole file atomically: the old file or the new one, whole, whatever happens.

Every file dipreader writes whole (the state, the article cache, the stored search index and
the identities beside it) is written here: into a temporary file in the same folder (made
0600 by ``mkstemp``: what dipreader keeps is the user's own), flushed and synced to the disk,
renamed over the target, and the folder synced so that the rename itself survives a crash.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["write_atomically", "write_bytes_atomically", "write_text_atomically"]


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Replace ``path`` with what ``write`` writes to the stream it is given.

    The folder must exist. Raises what ``write`` or the file system raise (OSError), with
    ``path`` as it was and no temporary file left behind.
    """
    folder = path.parent
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` (see :func:`write_atomically`)."""
    write_atomically(path, lambda stream: stream.write(data))


def write_text_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` as UTF-8 (see :func:`write_atomically`)."""
    write_bytes_atomically(path, text.encode("utf-8"))


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable; where folders cannot be opened (Windows), the
    rename is as durable as the system makes it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        # Some file systems refuse to sync a folder: the file itself is synced.
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
