"""What reading saved web pages, feeds and Markdown costs, on the real readouts.

Usage: python bench/pages.py [REAL_DIR] [--repeat N]

REAL_DIR is ``../shared/real`` by default (the Kremlin pages, the White House Markdown and
the State Department feeds). The bench prints each reader's cost per file on one core, then
copies the files ``--repeat`` times (10 by default: 1,500 pages, 400 Markdown files, 40
feeds) into a temporary folder (generated here, never kept) and loads it cold, as the app
does, on the worker processes. The last line is
``pages P ms/page, markdown M ms/file, feeds F ms/feed, cold load N files in S s``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dipreader.core.corpus.articles import load_file
from dipreader.core.corpus.corpus import load

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REAL = ROOT.parent / "shared" / "real"


def per_file(files: list[Path], read: Callable[[str], object], rounds: int = 3) -> float:
    """The median over ``rounds`` of the mean time to read one of ``files``, in ms."""
    read(str(files[0]))  # imports and first-use costs are paid once, not per file
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for path in files:
            read(str(path))
        times.append((time.perf_counter() - start) / len(files) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("real", nargs="?", type=Path, default=DEFAULT_REAL)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    pages = sorted((args.real / "kremlin").glob("*.html"))
    markdown = sorted((args.real / "whitehouse").glob("*.md"))
    feeds = sorted((args.real / "state").glob("*.rss"))
    if not (pages and markdown and feeds):
        print(f"no real readouts under {args.real}", file=sys.stderr)
        return 1

    def read(path: str) -> object:
        meetings, _ = load_file(path, 8 * 1024 * 1024)
        return meetings

    page_ms = per_file(pages, read)
    markdown_ms = per_file(markdown, read)
    feed_ms = per_file(feeds, read)
    print(f"{len(pages)} pages: {page_ms:.2f} ms each (read, extracted, parsed, attributed)")
    print(f"{len(markdown)} Markdown files: {markdown_ms:.2f} ms each")
    print(f"{len(feeds)} feeds of 10 items: {feed_ms:.2f} ms each")

    with tempfile.TemporaryDirectory(prefix="dipreader-pages-") as folder:
        root = Path(folder)
        for copy in range(args.repeat):
            for kind, files in (("kremlin", pages), ("whitehouse", markdown), ("state", feeds)):
                target = root / f"{copy:03d}" / kind
                target.mkdir(parents=True)
                for path in files:
                    # Each copy differs by a byte, so that none is a duplicate of another.
                    data = path.read_bytes()
                    (target / path.name).write_bytes(data + b"\n" * (copy + 1))
        count = len(pages + markdown + feeds) * args.repeat
        start = time.perf_counter()
        result = load([root], cache=False)
        seconds = time.perf_counter() - start
        errors = len(result.errors)
    print(f"cold load of {count} files: {len(result.meetings)} meetings, {errors} errors")
    print(
        f"pages {page_ms:.2f} ms/page, markdown {markdown_ms:.2f} ms/file, "
        f"feeds {feed_ms:.2f} ms/feed, cold load {count} files in {seconds:.2f} s"
    )
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
