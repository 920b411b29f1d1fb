"""Loading a corpus cold (nothing cached) and warm (cache valid), and the memory it takes.

    python bench/load.py CORPUS_DIR [--workers N]

Each phase runs in a fresh process with its own empty or filled cache folder, as a user's
start would: first the loader as the app drives it (for the breakdown), then the reader app
itself, headless, whose figures make the last line. Printed: when the first meetings were
there to list, when everything was read, when everything was searchable (index built), when
the caches for the next start were written (after that, as the app does), and the resident
memory with it all open.

The app's starts are repeated (``--runs``, 3 by default; each cold one with an empty cache
folder of its own) and their medians make the last line: on a shared machine one run can be
a third slower than the next.
Last line: ``load cold C s, warm W s, rss M MB, articles N``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = 100  # "the list is usable" once this many meetings are there to show


def child(corpus: str, workers: int | None, with_ui: bool) -> None:
    start = time.perf_counter()
    import resource

    if with_ui:
        import textual.app  # noqa: F401  (the app's own cost of memory is counted too)
    from dipreader.core.corpus.corpus import Loading, newest_first
    from dipreader.core.model import Meeting
    from dipreader.core.people.identity import Registry
    from dipreader.core.search.indexing import IndexBuilder

    # As the app does: speakers get the ids of the people they are as meetings arrive (the
    # rest at the end), the index grows as they arrive, or the stored one is loaded; the
    # caches for the next start are written once everything is searchable.
    builder = IndexBuilder()
    registry = Registry(builder.stored_identities())
    meetings: list[Meeting] = []
    first_at = None
    problems = 0
    loading = Loading([corpus], workers=workers)
    for item in loading:
        if isinstance(item, Meeting):
            meetings.append(item)
            registry.add(item)
            builder.add(item)
            if len(meetings) == FIRST:
                first_at = time.perf_counter() - start
        else:
            problems += 1
    loaded_at = time.perf_counter() - start
    index = builder.finish(store=False)
    plan = registry.plan(same_corpus=builder.loaded_from_cache)
    builder.rename_speakers(registry.apply(plan))
    searchable_at = time.perf_counter() - start
    loading.save()
    builder.store(registry.final_ids())
    saved_at = time.perf_counter() - start
    meetings = newest_first(meetings)
    hits = index.search("strategic partnership", limit=10)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "first": first_at if first_at is not None else loaded_at,
                "loaded": loaded_at,
                "searchable": searchable_at,
                "saved": saved_at,
                "articles": len(meetings),
                "sentences": sum(len(m.sentences) for m in meetings),
                "problems": problems,
                "rss_mb": rss_mb,
                "hits": len(hits),
                "index_from_cache": builder.loaded_from_cache,
            }
        )
    )


def app_child(corpus: str) -> None:
    """The reader itself, headless at 120x36: from this process's start to the corpus being
    searchable in the app (its loading over, its index in place), polled every 10 ms.

    Polled with ``asyncio.sleep``, not ``pilot.pause``: a pause makes the screen lay itself
    out again each time, 0.3 s of extra work over a warm start that a user's app never does.
    """
    start = time.perf_counter()
    import asyncio
    import resource

    from dipreader.ui.app import DipreaderApp

    async def run() -> dict[str, float]:
        app = DipreaderApp([corpus], restore=False)
        first_at = None
        async with app.run_test(size=(120, 36)):
            while app.loading:
                if first_at is None and len(app.meetings) >= FIRST:
                    first_at = time.perf_counter() - start
                await asyncio.sleep(0.01)
            searchable_at = time.perf_counter() - start
            with app.context.search_index() as index:
                assert index is not None
                hits = index.search("strategic partnership", limit=10)
            await app.workers.wait_for_complete()  # the caches for the next start
            saved_at = time.perf_counter() - start
            return {
                "first": first_at if first_at is not None else searchable_at,
                "searchable": searchable_at,
                "saved": saved_at,
                "articles": len(app.meetings),
                "hits": len(hits),
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }

    print(json.dumps(asyncio.run(run())))


def run_phase(corpus: str, cache: str, workers: int | None, app: bool = False) -> dict[str, float]:
    """One start in a fresh process; its figures."""
    env = dict(os.environ, DIPREADER_CACHE_DIR=cache)
    command = [sys.executable, __file__, corpus, "--child-app" if app else "--child"]
    if workers is not None:
        command += ["--workers", str(workers)]
    started = time.perf_counter()
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    figures["process"] = time.perf_counter() - started
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3, help="starts of the app, each way")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-app", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.corpus, args.workers, with_ui=True)
        return
    if args.child_app:
        app_child(args.corpus)
        return
    from dipreader.core.reading.reader_version import reading_compiled

    # A wheel built with a C compiler at hand reads about 1.6x as fast as plain Python.
    print(f"reading code: {'compiled' if reading_compiled() else 'plain Python'}")
    with tempfile.TemporaryDirectory(prefix="dipreader-bench-cache-") as cache:
        cold = run_phase(args.corpus, cache, args.workers)
        warm = run_phase(args.corpus, cache, args.workers)
    # The same again in the reader itself, which is what a user waits for.
    app_colds, app_warms = [], []
    for _ in range(max(1, args.runs)):
        with tempfile.TemporaryDirectory(prefix="dipreader-bench-cache-") as cache:
            app_colds.append(run_phase(args.corpus, cache, args.workers, app=True))
            app_warms.append(run_phase(args.corpus, cache, args.workers, app=True))
    for name, figures in (("loader cold", cold), ("loader warm", warm)):
        print(
            f"{name}: first {FIRST} listed {figures['first']:.2f} s, all read "
            f"{figures['loaded']:.2f} s, searchable {figures['searchable']:.2f} s, caches "
            f"for the next start written {figures['saved']:.2f} s "
            f"({figures['articles']:.0f} articles, {figures['sentences']:.0f} sentences, "
            f"{figures['problems']:.0f} problems, index from cache: "
            f"{bool(figures['index_from_cache'])}), peak rss {figures['rss_mb']:.0f} MB, "
            f"whole process {figures['process']:.2f} s"
        )
    for name, runs in (("app cold", app_colds), ("app warm", app_warms)):
        for run, figures in enumerate(runs, start=1):
            print(
                f"{name} {run}: first {FIRST} listed {figures['first']:.2f} s, searchable "
                f"{figures['searchable']:.2f} s, caches for the next start written "
                f"{figures['saved']:.2f} s ({figures['articles']:.0f} articles), peak rss "
                f"{figures['rss_mb']:.0f} MB, whole process {figures['process']:.2f} s"
            )
        searchable = sorted(figures["searchable"] for figures in runs)
        first = sorted(figures["first"] for figures in runs)
        print(
            f"{name}, median of {len(runs)}: searchable {statistics.median(searchable):.2f} s "
            f"({searchable[0]:.2f}-{searchable[-1]:.2f}), first {FIRST} listed "
            f"{statistics.median(first):.2f} s ({first[0]:.2f}-{first[-1]:.2f})"
        )
    # The figures of the last line are the app's: what a user of the reader waits for.
    cold_s = statistics.median(figures["searchable"] for figures in app_colds)
    warm_s = statistics.median(figures["searchable"] for figures in app_warms)
    rss = max(figures["rss_mb"] for figures in app_colds + app_warms)
    print(
        f"load cold {cold_s:.2f} s, warm {warm_s:.2f} s, rss {rss:.0f} MB, "
        f"articles {app_warms[-1]['articles']:.0f}"
    )


if __name__ == "__main__":
    try:
        import dipreader  # noqa: F401  (installed: measure that, compiled or not)
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tui"))
    main()
