"""Reliability figures of the notes store: concurrent writers, writers killed mid-write.

    python bench/store.py             # short run: 2 writers x 500, 20 kills
    python bench/store.py --writers 4 --each 2000 --kills 200

Prints how many writes were made and found, whether ``PRAGMA integrity_check`` passed, how
many acknowledged writes were lost (must be 0), and the ``synchronous`` setting as the store's
connection reports it (must be FULL). Runs in a temporary folder. Linux (fork).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dipreader.core.model import Meeting
from dipreader.core.notes.store import Store
from dipreader.core.settings import locations

SEED = (locations.seeds_dir() / "000_e2ee6582c83f05d0.txt").read_text(encoding="utf-8")
ARTICLE = Meeting(path="bench/000.txt", text=SEED)
START = SEED.index("Park Jin, on his part")
END = START + 80


def _write_many(path: Path, tag: str, count: int, ready: Any) -> None:
    notes = Store(path)
    ready.wait()
    for n in range(count):
        notes.add_note(ARTICLE, START, END, f"{tag}-{n}")
    notes.close()


def concurrent(folder: Path, writers: int, each: int) -> None:
    path = folder / "concurrent.sqlite3"
    Store(path).close()
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(writers)
    procs = [
        context.Process(target=_write_many, args=(path, f"w{i}", each, ready))
        for i in range(writers)
    ]
    began = time.perf_counter()
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    took = time.perf_counter() - began
    with Store(path) as notes:
        notes_found = {a.note for a in notes.all()}
    expected = {f"w{i}-{n}" for i in range(writers) for n in range(each)}
    with sqlite3.connect(path) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    print(f"concurrent writers:      {writers} processes x {each} notes at once")
    print(f"  exit codes:            {[p.exitcode for p in procs]}")
    print(f"  written / found:       {len(expected)} / {len(expected & notes_found)}")
    print(f"  integrity_check:       {integrity}")
    print(f"  throughput:            {len(expected) / took:,.0f} committed notes/s ({took:.2f} s)")


def _write_until_killed(path: Path, acks: Path) -> None:
    notes = Store(path)
    out = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    n = 0
    while True:
        note = notes.add_note(ARTICLE, START, END, f"note {n}")
        os.write(out, f"add {note.id}\n".encode())
        if n % 3 == 0:
            notes.update_note(note.id, f"note {n} edited")
            os.write(out, f"edit {note.id}\n".encode())
        n += 1


def kills(folder: Path, runs: int, longest: float) -> None:
    path = folder / "killed.sqlite3"
    acks = folder / "acks.txt"
    context = multiprocessing.get_context("fork")
    chance = random.Random(1)
    acknowledged = lost = bad_integrity = moved_aside = 0
    for _ in range(runs):
        acks.write_text("")
        proc = context.Process(target=_write_until_killed, args=(path, acks))
        proc.start()
        time.sleep(chance.uniform(0.0, longest))
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        lines = acks.read_text().splitlines()
        acknowledged += len(lines)
        with sqlite3.connect(path) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                bad_integrity += 1
        with Store(path) as notes:
            moved_aside += notes.moved_aside is not None
            stored = {a.id: a.note for a in notes.all()}
        for line in lines:
            action, value = line.split(" ", 1)
            if value not in stored or (action == "edit" and not stored[value].endswith("edited")):
                lost += 1
    print(f"writer killed (SIGKILL): {runs} times, after 0-{longest:.2f} s each")
    print(f"  acknowledged writes:   {acknowledged}")
    print(f"  acknowledged but lost: {lost}")
    print(f"  integrity_check fails: {bad_integrity}")
    print(f"  stores moved aside:    {moved_aside}")


def latency(folder: Path, count: int) -> None:
    with Store(folder / "latency.sqlite3") as notes:
        synchronous = notes.synchronous()  # read back from the store's connection
        times = []
        for n in range(count):
            began = time.perf_counter()
            notes.add_note(ARTICLE, START, END, f"n{n}")
            times.append(time.perf_counter() - began)
        began = time.perf_counter()
        listed = notes.all()
        listing = time.perf_counter() - began
    times.sort()
    print(
        f"one note committed:      median {statistics.median(times) * 1000:.2f} ms, "
        f"p99 {times[int(len(times) * 0.99)] * 1000:.2f} ms (synchronous={synchronous}, "
        "read back)"
    )
    print(f"listing {len(listed)} items:      {listing * 1000:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--each", type=int, default=500)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--longest", type=float, default=0.25, help="latest kill, seconds")
    args = parser.parse_args()
    if sys.platform != "linux":
        print("this benchmark forks writer processes: Linux only")
        return 1
    with tempfile.TemporaryDirectory(prefix="dipreader-bench-") as tmp:
        folder = Path(tmp)
        latency(folder, 200)
        concurrent(folder, args.writers, args.each)
        kills(folder, args.kills, args.longest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
