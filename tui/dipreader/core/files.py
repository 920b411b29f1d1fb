"""Opening only regular files, and writing a whole file atomically.

Every file dipreader reads or writes of its own (articles, the cache, the store, the state,
the keymap, exports) is opened here or checked here first: a named pipe, a device or a socket
in its place is refused with a reason instead of hanging the reader (a pipe blocks ``open``
and ``read``) or eating memory without bound (``/dev/zero``). Opening uses ``O_NONBLOCK`` and
checks what was opened with ``fstat``, so a file swapped for a pipe meanwhile cannot block;
where asked (the store, an export's target) a symbolic link is refused too (``O_NOFOLLOW``).

Every file dipreader writes whole (the state, the article cache, the stored search index and
the identities beside it) is written here: into a temporary file in the same folder (made
0600 by ``mkstemp``: what dipreader keeps is the user's own), flushed and synced to the disk,
renamed over the target, and the folder synced so that the rename itself survives a crash.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

try:  # POSIX: serialise opening a database between processes
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "FileRefused",
    "FileTooLarge",
    "check_regular",
    "kind_of_file",
    "open_regular",
    "read_regular",
    "write_atomically",
    "write_bytes_atomically",
    "write_text_atomically",
]


class FileRefused(OSError):
    """Not a regular file (or a link where none is followed, or too large): the message says
    which. An OSError, so that every caller's handling of unreadable files covers it."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(errno.EINVAL, reason, os.fspath(path))
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class FileTooLarge(FileRefused):
    """A regular file over the size limit it was read with."""

    def __init__(self, path: str | os.PathLike[str], size: int, limit: int) -> None:
        super().__init__(path, f"larger than {limit:,} bytes ({size:,})")
        self.size = size
        self.limit = limit


def kind_of_file(mode: int) -> str:
    """What a file that is not a regular one is, in words (from ``st_mode``)."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def _refusal(path: str | os.PathLike[str], mode: int) -> FileRefused:
    return FileRefused(path, f"not a regular file ({kind_of_file(mode)}); not opened")


def check_regular(
    path: str | os.PathLike[str], *, follow_symlinks: bool = True
) -> os.stat_result | None:
    """The file's status if ``path`` is a regular file, None if nothing is there.

    Raises :class:`FileRefused` for a pipe, a device, a socket or a folder, and, with
    ``follow_symlinks=False``, for a symbolic link (whatever it points to); OSError for the
    rest (permission denied, a link loop).
    """
    try:
        info = os.stat(path, follow_symlinks=follow_symlinks)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise _refusal(path, info.st_mode)
    return info


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def open_regular(
    path: str | os.PathLike[str],
    flags: int = os.O_RDONLY,
    *,
    follow_symlinks: bool = True,
    mode: int = 0o600,
) -> int:
    """A descriptor of the regular file at ``path``, opened with ``flags`` without blocking.

    The path is checked before it is opened (a device is never even opened) and what was
    opened is checked again with ``fstat`` (it may have been swapped meanwhile). ``O_CREAT``
    in ``flags`` makes a missing file with ``mode``. Raises :class:`FileRefused` for anything
    but a regular file (and for a link, with ``follow_symlinks=False``), OSError otherwise
    (FileNotFoundError when there is none and ``O_CREAT`` is not given).
    """
    check_regular(path, follow_symlinks=follow_symlinks)
    extra = os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        extra |= _NOFOLLOW
    try:
        descriptor = os.open(path, flags | extra, mode)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_symlinks:
            raise FileRefused(path, "a symbolic link; not followed") from None
        if error.errno == errno.ENXIO:  # a pipe opened for writing with no reader
            raise FileRefused(path, "not a regular file (a named pipe); not opened") from None
        raise
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise _refusal(path, info.st_mode)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def read_regular(
    path: str | os.PathLike[str], max_bytes: int, *, follow_symlinks: bool = True
) -> bytes:
    """The bytes of the regular file at ``path``, never more than ``max_bytes``.

    Raises :class:`FileTooLarge` over the limit (however the file grows while it is read),
    :class:`FileRefused` for anything but a regular file, OSError otherwise.
    """
    descriptor = open_regular(path, follow_symlinks=follow_symlinks)
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise FileTooLarge(path, size, max_bytes)
        # No buffer of the limit's size for a small file: the size fstat gives (and one byte
        # more, to see the end), then smaller reads until the end or the limit.
        chunks: list[bytes] = []
        total = 0
        want = size + 1
        while total <= max_bytes:
            chunk = handle.read(min(want, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 1 << 16
    if total > max_bytes:
        raise FileTooLarge(path, total, max_bytes)
    return b"".join(chunks)


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Replace ``path`` with what ``write`` writes to the stream it is given.

    The folder must exist. Raises what ``write`` or the file system raise (OSError), with
    ``path`` as it was and no temporary file left behind; :class:`FileRefused` when ``path``
    is a symbolic link or not a regular file (the rename would replace the link, or the
    user's pipe or device, with a file).
    """
    check_regular(path, follow_symlinks=False)
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
    sync(folder)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` (see :func:`write_atomically`)."""
    write_atomically(path, lambda stream: stream.write(data))


def write_text_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` as UTF-8 (see :func:`write_atomically`)."""
    write_bytes_atomically(path, text.encode("utf-8"))


def sync(path: Path) -> None:
    """fsync the file or folder at ``path`` (a folder: to make a rename in it durable); where
    a folder cannot be opened (Windows), the rename is as durable as the system makes it."""
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if path.is_dir() else 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return
    try:
        # Some file systems refuse to sync a folder: the file itself is synced.
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


# -- the SQLite files dipreader keeps (the notes store, the corpus database) -----------------

# The files SQLite keeps beside a database.
SQLITE_SIBLINGS = ("-wal", "-shm", "-journal")
# SQLite primary result codes that mean the file itself is unusable.
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def sqlite_damage(error: sqlite3.Error) -> bool:
    """Whether ``error`` says the database file itself is damaged (rather than busy or full)."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    message = str(error).lower()  # pragma: no cover - Python without error codes
    return "malformed" in message or "not a database" in message


@contextlib.contextmanager
def opening_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``NAME.lock`` while a database is opened: two processes finding a
    damaged or stale file must not both move it aside (the second would move the first one's
    fresh file)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    descriptor = open_regular(Path(f"{path}.lock"), os.O_RDWR | os.O_CREAT, follow_symlinks=False)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
