"""dipreader's own folder inside the cache folder, and the only cleanup it ever does.

The cache folder (``DIPREADER_CACHE_DIR``, or the platform's) may be shared with other files:
a user may point it at a folder of their own. So dipreader keeps everything in one subfolder,
:data:`OWN_FOLDER`, marked by a ``CACHEDIR.TAG`` (https://bford.info/cachedir/) that names
dipreader, and deletes only files it wrote: by name pattern, regular files only, inside that
marked subfolder, never a folder with what it holds (no ``rmtree``). A subfolder of that name
that holds files but no marker is someone else's: no cache is kept there, and it is left alone.
Caches that earlier versions wrote straight into the cache folder are left where they are.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from dipreader.core.files import FileRefused, read_regular, write_text_atomically

OWN_FOLDER = "dipreader-cache"
MARKER = "CACHEDIR.TAG"
# The tag's first line is fixed by the specification; the second says whose it is.
MARKER_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder holds dipreader's cache: derived data, rebuilt when missing.\n"
    "# dipreader deletes only the files it wrote here. https://bford.info/cachedir/\n"
)
_MARKER_START = MARKER_TEXT.split("\n", 2)[0] + "\n# This folder holds dipreader's cache"


def own_folder(base: Path) -> Path:
    """Where dipreader's cache files live inside the cache folder ``base`` (not created)."""
    return base / OWN_FOLDER


def is_own(folder: Path) -> bool:
    """True when ``folder`` carries dipreader's marker (a regular file, never a pipe)."""
    try:
        head = read_regular(folder / MARKER, 4096)
    except OSError:
        return False
    return head.decode("utf-8", "replace").startswith(_MARKER_START)


def prepare(base: Path) -> Path:
    """dipreader's own folder in ``base``, made (0700) and marked if need be.

    Raises :class:`~dipreader.core.files.FileRefused` when a folder of that name holds files
    but no marker (it is not dipreader's), OSError when it cannot be made.
    """
    folder = own_folder(base)
    if is_own(folder):
        return folder
    base.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise FileRefused(folder, "is not a folder; no cache is kept")
    if any(True for _ in folder.iterdir()):
        raise FileRefused(folder, f"holds files but no {MARKER} of dipreader; no cache is kept")
    write_text_atomically(folder / MARKER, MARKER_TEXT)
    return folder


def remove_own_files(folder: Path, pattern: re.Pattern[str], keep: Iterable[Path] = ()) -> None:
    """Delete the regular files in dipreader's marked ``folder`` whose whole name matches
    ``pattern``, except ``keep``; anything else, and any folder, is left. Best effort."""
    if not is_own(folder):
        return
    kept = {path.name for path in keep}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name in kept or entry.name == MARKER or not pattern.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)


def remove_own_subfolder(subfolder: Path, names: Iterable[str]) -> None:
    """Delete the files ``names`` (regular files only) from ``subfolder`` of dipreader's marked
    folder, then the subfolder if that left it empty: a file dipreader did not write keeps it,
    and itself. Best effort."""
    if not is_own(subfolder.parent):
        return
    for name in names:
        path = subfolder / name
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)
    with contextlib.suppress(OSError):
        subfolder.rmdir()  # only if empty
