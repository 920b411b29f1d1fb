"""Finding article files and reading their bytes, every problem kept with its file and reason.

Only regular files are read, never more than the size limit, and folder walks are bounded,
so a named pipe, ``/dev/zero``, a link loop or a huge folder cannot hang the reader.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from dipreader.core.files import FileRefused, FileTooLarge, read_regular
from dipreader.core.text.safe import clean_line

# What a folder walk reads (a file named on the command line is read whatever its name).
ARTICLE_SUFFIXES = frozenset(
    ".txt .text .md .markdown .jsonl .html .htm .xhtml .rss .atom .xml".split()
)
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_FILES = 200_000


def max_bytes_from_env() -> int:
    """The article size limit: ``DIPREADER_MAX_BYTES`` or 8 MiB."""
    raw = os.environ.get("DIPREADER_MAX_BYTES", "")
    try:
        value = int(raw)
    except ValueError:
        return DEFAULT_MAX_BYTES
    return value if value > 0 else DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file (or one line of a .jsonl file) did not load, or loaded with a caveat."""

    path: str
    reason: str
    severity: Literal["error", "warning"] = "error"
    line: int = 0

    @property
    def where(self) -> str:
        """The path, escaped so that it is safe on a terminal, with the line if there is one."""
        shown = clean_line(self.path)
        return f"{shown}:{self.line}" if self.line else shown

    def __str__(self) -> str:
        return f"{self.where}: {clean_line(self.reason)}"


def iter_files(
    paths: Iterable[str | os.PathLike[str]], max_files: int = DEFAULT_MAX_FILES
) -> Iterator[str | Problem]:
    """Every article file under ``paths`` in a stable order, or a Problem for what cannot be.

    Folders are walked recursively in sorted order without following links to folders (no
    loops); at most ``max_files`` files are yielded.
    """
    count = 0
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        path = os.fspath(raw)
        try:
            info = os.stat(path)
        except OSError as error:
            yield Problem(path, _os_reason(error))
            continue
        if stat.S_ISDIR(info.st_mode):
            for item in _walk(path, seen_dirs):
                if isinstance(item, str):
                    count += 1
                    if count > max_files:
                        yield Problem(path, f"more than {max_files} files; the rest skipped")
                        return
                yield item
        else:
            count += 1
            yield path


MAX_DEPTH = 64


def _walk(root: str, seen: set[tuple[int, int]]) -> Iterator[str | Problem]:
    """Depth-first, sorted, without recursion (a deep tree cannot overflow the stack).

    Paths stay plain strings: at 10,000 files, pathlib's parsing is a visible cost.
    """
    stack: list[tuple[str, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            yield Problem(folder, _os_reason(error))
            continue
        subfolders: list[str] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files and folders: editors' swap files, .git
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.path)
                    continue
                if entry.is_symlink() and entry.is_dir(follow_symlinks=True):
                    continue  # a link to a folder could loop; only real folders are walked
            except OSError as error:
                yield Problem(entry.path, _os_reason(error))
                continue
            if os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES:
                yield entry.path
        if subfolders and depth + 1 > MAX_DEPTH:
            yield Problem(folder, f"folders nested deeper than {MAX_DEPTH}; not read")
            continue
        # Files of a folder come before its subfolders, each subfolder in name order.
        stack.extend((sub, depth + 1) for sub in reversed(subfolders))


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    if error.errno is not None and error.errno == 40:  # ELOOP
        return "symbolic link loop"
    return error.strerror or str(error)


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing anything but a regular file and anything over the limit
    (:func:`dipreader.core.files.read_regular`: never opened if it is a pipe or a device).

    Raises :class:`LoadError` with a reason a user can act on.
    """
    try:
        return read_regular(path, max_bytes)
    except FileTooLarge as error:
        raise LoadError(_too_large(error.size, max_bytes)) from None
    except FileRefused as error:
        raise LoadError(f"{error.reason.removesuffix('; not opened')}; skipped") from None
    except OSError as error:
        raise LoadError(_os_reason(error)) from error


def _too_large(size: int, limit: int) -> str:
    return (
        f"larger than the article size limit ({size:,} bytes > {limit:,}; "
        "raise it with --max-size or DIPREADER_MAX_BYTES)"
    )


class LoadError(Exception):
    """A file could not be loaded; the message is the reason shown to the user."""
