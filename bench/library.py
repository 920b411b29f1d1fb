"""Time the library (issue 20): a generated corpus read into its corpus database cold, then
warm, then with 100 files added and 100 removed, each start in a process of its own.

    python bench/library.py --sizes 10000,100000

For each size: wall time until the first meetings are listed and until the update is done,
the CPU time of the process and of its worker processes (reaped through the fork server) with
the load average at its start (the machine may be shared), the peak memory of the process
(ru_maxrss: the worker processes are not counted) and the database's size. The corpora are
made by bench/make_corpus.py into a temporary folder (or ``--corpus DIR`` for one size), and
removed after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDED = 100


def phase(folder: Path, cache: Path) -> dict[str, float]:
    """One start: bring the library of ``folder`` up to date."""
    from dipreader.core.corpus.library import Library

    load = os.getloadavg()[0]
    began = time.monotonic()
    lib = Library([folder], folder=cache)
    first = None
    last = None
    for step in lib.update():
        if first is None and lib.database.count():
            first = time.monotonic() - began
        last = step
    done = time.monotonic() - began
    assert last is not None
    size = sum(p.stat().st_size for p in cache.rglob("corpus-*"))
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu": own.ru_utime + own.ru_stime,
        "workers_cpu": workers.ru_utime + workers.ru_stime,
        "load": load,
        "first": first if first is not None else done,
        "done": done,
        "read": last.read,
        "removed": last.removed,
        "count": lib.database.count(),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "db_mb": size / 1e6,
    }


def run_phase(folder: Path, cache: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", str(folder), str(cache)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out.splitlines()[-1])
    return result


def measure(size: int, corpus: Path | None) -> str:
    work = Path(tempfile.mkdtemp(prefix="dipreader-library-"))
    try:
        folder = corpus or work / "corpus"
        if corpus is None:
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(size), str(folder)],
                check=True,
                capture_output=True,
            )
        cache = work / "cache"
        cold = run_phase(folder, cache)
        warm = run_phase(folder, cache)
        extra = work / "added"
        extra.mkdir()
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(ADDED), str(extra)],
            check=True,
            capture_output=True,
        )
        moved = []
        for number, path in enumerate(sorted(extra.iterdir())):
            target = folder / f"added-{number:03}{path.suffix}"
            shutil.move(path, target)
            moved.append(target)
        added = run_phase(folder, cache)
        for path in moved:
            path.unlink()
        removed = run_phase(folder, cache)
        for name, figures in (("cold", cold), ("warm", warm), ("+100", added), ("-100", removed)):
            print(
                f"{size:>7,} {name:>5}: first listed {figures['first']:6.2f} s, done "
                f"{figures['done']:6.2f} s (CPU {figures['cpu']:.2f} s, workers "
                f"{figures['workers_cpu']:.2f} s, load {figures['load']:.1f}), read "
                f"{figures['read']:,.0f}, removed "
                f"{figures['removed']:,.0f}, {figures['count']:,.0f} meetings, peak "
                f"{figures['rss_mb']:,.0f} MB, database {figures['db_mb']:,.0f} MB"
            )
        return (
            f"{size:,}: cold {cold['done']:.1f} s (first {cold['first']:.2f} s), warm "
            f"{warm['done']:.2f} s, +100 files {added['done']:.2f} s, peak "
            f"{max(cold['rss_mb'], warm['rss_mb']):,.0f} MB, database {cold['db_mb']:,.0f} MB"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated corpus sizes")
    parser.add_argument("--corpus", type=Path, help="an existing corpus (one size only)")
    parser.add_argument("--phase", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(phase(*args.phase)))
        return 0
    sizes = [int(size) for size in args.sizes.split(",")]
    lines = [measure(size, args.corpus) for size in sizes]
    print("library: " + "; ".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
