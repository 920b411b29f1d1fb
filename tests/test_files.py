"""Whole files are written atomically and durably: synced, renamed, the folder synced, 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from dipreader.core.files import write_atomically, write_bytes_atomically, write_text_atomically


def _record_fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Each fsync as (what was synced, whether it is a folder), then really synced."""
    calls: list[tuple[str, bool]] = []
    real = os.fsync

    def fsync(descriptor: int) -> None:
        info = os.fstat(descriptor)
        calls.append((os.readlink(f"/proc/self/fd/{descriptor}"), stat.S_ISDIR(info.st_mode)))
        real(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    return calls


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name descriptors")
def test_the_file_and_its_folder_are_synced_and_the_file_is_0600(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _record_fsyncs(monkeypatch)
    target = tmp_path / "state.json"
    write_text_atomically(target, "ünïcode")
    assert target.read_text(encoding="utf-8") == "ünïcode"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    synced_files = [name for name, folder in calls if not folder]
    assert len(synced_files) == 1
    assert Path(synced_files[0]).parent == tmp_path  # the temporary file, beside the target
    assert calls[-1] == (str(tmp_path), True)  # the folder, after the rename
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_replacing_keeps_0600_and_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "index.bin"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_bytes_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    def broken(stream: BinaryIO) -> None:
        stream.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, broken)
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["index.bin"]  # no temporary left
