"""A folder made truly read-only for a test: chmod for a user, a read-only bind mount for root
(which chmod does not stop). The tests run as root, so the bind mount is the usual way."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """Within the block, nothing can be created, changed or removed in ``folder``."""
    if os.name != "posix":  # pragma: no cover - the tests run on Linux
        pytest.skip("a read-only folder is made here with POSIX means")
    if os.geteuid() != 0:
        os.chmod(folder, 0o500)
        try:
            yield
        finally:
            os.chmod(folder, 0o700)
        return
    mount = shutil.which("mount")
    if mount is None or not _run(mount, "--bind", str(folder), str(folder)):
        pytest.skip("running as root without a bind mount: no way to make a folder read-only")
    try:
        if not _run(mount, "-o", "remount,bind,ro", str(folder), str(folder)):
            pytest.skip("running as root, and a bind mount cannot be made read-only here")
        probe = folder / ".probe"
        with contextlib.suppress(OSError):
            probe.touch()
            probe.unlink()
            pytest.skip("the read-only bind mount is writable after all")
        yield
    finally:
        _run("umount", str(folder))


def _run(*command: str) -> bool:
    done = subprocess.run(command, capture_output=True, check=False, timeout=30)
    return done.returncode == 0
