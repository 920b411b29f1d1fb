"""The corpus database (core/corpus/database.py) on generated corpora: writing it, its size,
the memory and latency of a start that pages the list, and FTS5 as the search pre-filter,
trigram against word tokens with the vocabulary (fts5vocab) for the typo expansion.

Usage: python bench/database.py [CORPUS_DIR...] [--queries 200]
       [--keystroke-queries 50] [--work DIR] [--fts words,trigram] [--reuse] [--real DIR]

First, the real readouts of ``--real`` (``../shared/real``): bench/search.py's known-item
queries over them, searched through the corpus database and through the in-memory index, side
by side (``real_figures``).

For each corpus: the articles are read first through the project's loader (timed apart, wall
and CPU, on its worker processes: min(cores, 4); every file, past the app's limit a load; its
cache in ``DIR/app-cache``, so a second run reads them warm), then written into a fresh
database for each tokenizer in batches of :data:`BATCH` files (one transaction each), then
the full-text index merged (``optimize``). A fresh process opens each database, counts the
meetings and pages the first 50 headers (its peak RSS and the first page's latency), then
pages at the far end (by offset and by key), with a filter, and reads 200 random articles'
sentences. Last, the known-item queries of bench/search.py (a phrase of 2-4 words with one
typo of six kinds in turn; filters are SQL of their own and left out): each keystroke's
candidates (the top :data:`TOP` by bm25) are timed, and a query succeeds when a candidate of
the whole query holds the phrase. The hard set takes phrases in at most 3 sentences.

Words: the core's search over the database (core/search/fts_queries.py builds the FTS5 tiers
from the parsed query: phrases as typed and with one word swapped for a likely variant, the
AND of the selective words' variants ranked by bm25 and every one but perhaps one only when
that finds nothing, the readings with a space dropped or added; the variants are the
in-memory index's expansions over the fts5vocab vocabulary), and its whole search
(core/search/database_search.py: those candidates ranked by the index's ranker) timed per
keystroke in wall and CPU (``process_time``) time, with the known item in its top 10.
Trigram: the trigrams of the query's words, those in more than 8% of sentences left out (the
rarest two kept), ORed and ranked by bm25. ``--reuse`` searches the databases an earlier run
wrote (same corpus, same article count) instead of writing them; ``--fts words`` measures
word tokens only. Last line: the real readouts' figures (through the database), then a
summary of each corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # imported where used: a fresh process's figures count that import
    from dipreader.core.corpus.database import CorpusDatabase, ReadFile

ROOT = Path(__file__).resolve().parents[1]
BATCH = 500  # files a transaction
TOP = 300  # candidates handed to the ranker
SELECTIVE = 0.08  # a term in more sentences than this share does not narrow
VARIANTS = ("words", "trigram")


class Matches(Protocol):
    def matches(self, typed: str) -> list[tuple[str, bool]]:
        """FTS5 queries for what is typed, in turn, each ranked by bm25 or not."""


def _bench_search() -> ModuleType:
    """bench/search.py (its known-item queries and their test)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from repo_modules import bench

    return bench("search")


def rss_mb(field: str = "VmHWM") -> float:
    """This process's peak resident memory (VmHWM: ``ru_maxrss`` of a process started by a
    large one counts the parent's memory at the fork), or its current one (VmRSS)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def cpu_s() -> float:
    """CPU seconds of this process and of its children waited for (the reading workers are
    the fork server's children, reaped by it, and it by this process when the load ends)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def read_corpus(folder: Path) -> tuple[list[ReadFile], float, float]:
    """Every file's ReadFile, and the wall and CPU time reading took (the app's cache may
    serve it). Every file is read: the app's limit of files a load is not the bench's."""
    from dipreader.core.corpus.corpus import iter_load
    from dipreader.core.corpus.database import ReadFile
    from dipreader.core.corpus.walk import Problem
    from dipreader.core.model import Meeting

    start, cpu = time.perf_counter(), cpu_s()
    meetings: dict[str, list[Meeting]] = defaultdict(list)
    problems: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for item in iter_load([folder], max_files=sys.maxsize):
        if isinstance(item, Meeting):
            meetings[item.path].append(item)
        elif isinstance(item, Problem):
            problems[item.path].append((item.reason, item.severity, item.line))
    elapsed = time.perf_counter() - start
    cpu = cpu_s() - cpu
    files = []
    for path in sorted(set(meetings) | set(problems)):
        info = os.stat(path)
        files.append(ReadFile(path, info.st_size, info.st_mtime_ns, meetings[path], problems[path]))
    return files, elapsed, cpu


def write_database(path: Path, files: list[ReadFile], fts: str) -> dict[str, float]:
    from dipreader.core.corpus.database import CorpusDatabase

    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    database = CorpusDatabase(path, "bench", fts=fts)
    start = time.perf_counter()
    written = 0
    for low in range(0, len(files), BATCH):
        written += database.write(files[low : low + BATCH])
    write_s = time.perf_counter() - start
    start = time.perf_counter()
    database.optimize()
    optimize_s = time.perf_counter() - start
    database.close()
    assert written == len(files), database.notice
    size = sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )
    return {"write_s": write_s, "optimize_s": optimize_s, "size_mb": size / 1e6}


def page_child(path: str, fts: str) -> None:
    """A fresh process: open, count, the first 50 headers; then the rest, for latency."""
    start = time.perf_counter()
    from dipreader.core.corpus.database import CorpusDatabase

    database = CorpusDatabase(Path(path), "bench", fts=fts)
    total = database.count()
    first = database.page(50)
    first_s = time.perf_counter() - start
    rss_first = rss_mb()
    figures: dict[str, float] = {"first_page_s": first_s, "rss_first_mb": rss_first}
    figures["articles"] = total

    def timed(call: Callable[[], object]) -> float:
        began = time.perf_counter()
        call()
        return (time.perf_counter() - began) * 1000

    figures["next_page_ms"] = timed(lambda: database.page(50, after=first[-1].key))
    figures["last_page_offset_ms"] = timed(lambda: database.page(50, offset=total - 50))
    figures["filtered_count_ms"] = timed(lambda: database.count("wang"))
    figures["filtered_page_ms"] = timed(lambda: database.page(50, text="wang yi jakarta"))
    figures["rare_filter_page_ms"] = timed(lambda: database.page(50, text="zzzz-no-such"))
    rng = random.Random(1)
    headers = database.page(1000, offset=rng.randrange(max(total - 1000, 1)))
    picked = rng.sample([header.article for header in headers], min(200, len(headers)))
    opened = [timed(partial(database.meeting, article)) for article in picked]
    figures["meeting_p50_ms"] = statistics.median(opened)
    figures["meeting_p95_ms"] = percentile(opened, 0.95)
    figures["vocabulary_s"] = timed(database.vocabulary) / 1000
    figures["rss_mb"] = rss_mb()
    # The search's vocabulary (the terms with their expansions), kept as a search keeps it.
    from dipreader.core.search.database_search import DatabaseSearch

    before = rss_mb("VmRSS")
    began = time.perf_counter()
    kept = DatabaseSearch(database, top=TOP).vocabulary
    figures["search_vocabulary_s"] = time.perf_counter() - began
    figures["search_vocabulary_mb"] = rss_mb("VmRSS") - before
    figures["rss_search_mb"] = rss_mb()
    del kept
    print(json.dumps(figures))


class TrigramQueries:
    """FTS5 queries of trigrams: the query words' trigrams, ORed, the commonest left out."""

    def __init__(self, vocabulary: list[tuple[str, int]], sentences: int) -> None:
        self.docs = dict(vocabulary)
        self.threshold = int(sentences * SELECTIVE)

    def matches(self, typed: str) -> list[tuple[str, bool]]:
        from dipreader.core.search.query import words

        grams = {w[i : i + 3] for w in words(typed)[:16] for i in range(len(w) - 2)}
        ranked = sorted(grams, key=lambda g: self.docs.get(g, 0))
        kept = [g for g in ranked if self.docs.get(g, 0) <= self.threshold] or ranked[:2]
        kept = [g for g in kept if self.docs.get(g, 0)]
        return [(" OR ".join(f'"{g}"' for g in kept), True)] if kept else []


def candidates(database: CorpusDatabase, maker: Matches, typed: str) -> list[int]:
    """Trigrams: the top candidates of each of the query's FTS5 queries in turn, at most TOP."""
    found: dict[int, None] = {}
    for match, ranked in maker.matches(typed):
        for row in database.candidates(match, TOP, ranked=ranked):
            found.setdefault(row)
        if len(found) >= TOP:
            break
    return list(found)[:TOP]


def search_figures(
    path: Path, fts: str, queries: list[Any], hard: list[Any], keystroke_queries: int, total: int
) -> dict[str, float]:
    """Each keystroke of the first ``keystroke_queries`` queries: its candidates (wall and
    CPU), their texts, and for word tokens the whole search (core/search/database_search.py:
    candidates, texts, the index's ranker, hits with their meetings) in wall and CPU time
    (``process_time``: what others' load on the machine does not inflate); then recall."""
    from dipreader.core.corpus.database import CorpusDatabase
    from dipreader.core.search.database_search import DatabaseSearch

    search = _bench_search()
    database = CorpusDatabase(path, "bench", fts=fts)
    started = time.perf_counter()
    vocabulary = database.vocabulary()
    vocabulary_s = time.perf_counter() - started
    searcher = DatabaseSearch(database, top=TOP)
    if fts == "words":
        started = time.perf_counter()
        searcher.vocabulary  # noqa: B018 (made now: its time is the search's start-up)
        vocabulary_s += time.perf_counter() - started

        def pick(typed: str) -> list[int]:
            return searcher.candidates(typed)
    else:
        maker = TrigramQueries(vocabulary, total)

        def pick(typed: str) -> list[int]:
            return candidates(database, maker, typed)

    keystrokes: list[float] = []
    cpu_ms: list[float] = []
    texts: list[float] = []
    whole: list[float] = []
    whole_cpu: list[float] = []
    for query in queries[:keystroke_queries]:
        typed = query.typed
        for end in range(1, len(typed) + 1):
            began, cpu = time.perf_counter(), time.process_time()
            rows = pick(typed[:end])
            keystrokes.append((time.perf_counter() - began) * 1000)
            cpu_ms.append((time.process_time() - cpu) * 1000)  # what others' load hides
            began = time.perf_counter()
            database.sentence_texts(rows)
            texts.append((time.perf_counter() - began) * 1000)
            if fts == "words":
                began, cpu = time.perf_counter(), time.process_time()
                searcher.search(typed[:end], limit=50)
                whole.append((time.perf_counter() - began) * 1000)
                whole_cpu.append((time.process_time() - cpu) * 1000)

    def recall(items: list[Any]) -> float:
        found = 0
        for query in items:
            held = database.sentence_texts(pick(query.typed)).values()
            found += any(search.holds(text, query.phrase) for text in held)
        return found / max(len(items), 1)

    def top10(items: list[Any]) -> float:
        found = 0
        for query in items:
            hits = searcher.search(query.typed, limit=10)
            found += any(search.holds(hit.text, query.phrase) for hit in hits)
        return found / max(len(items), 1)

    figures = {
        "vocabulary_s": vocabulary_s,
        "terms": len(vocabulary),
        "keystrokes": len(keystrokes),
        "p50_ms": statistics.median(keystrokes),
        "p95_ms": percentile(keystrokes, 0.95),
        "max_ms": max(keystrokes),
        "cpu_p50_ms": statistics.median(cpu_ms),
        "cpu_p95_ms": percentile(cpu_ms, 0.95),
        "texts_p95_ms": percentile(texts, 0.95),
        "recall": recall(queries),
        "hard_recall": recall(hard),
    }
    if whole:
        figures |= {
            "search_p50_ms": statistics.median(whole),
            "search_p95_ms": percentile(whole, 0.95),
            "search_cpu_p50_ms": statistics.median(whole_cpu),
            "search_cpu_p95_ms": percentile(whole_cpu, 0.95),
            "top10": top10(queries),
            "hard_top10": top10(hard),
        }
    database.close()
    return figures


def real_figures(folder: Path, work: Path, count: int) -> str:
    """The real readouts (``--real``, read by dipreader's own loader) in a database of their
    own, and bench/search.py's known-item queries over them (made here at each run, never
    stored) searched through the database and through the in-memory index: success@1 and
    @10, and the hard set's (phrases in at most 3 sentences), side by side."""
    from dipreader.core.corpus.database import CorpusDatabase, ReadFile
    from dipreader.core.search.database_search import DatabaseSearch

    search = _bench_search()
    meetings = search.load_real(folder) if folder.is_dir() else []
    if not meetings:
        print(f"real: no readouts in {folder}; skipped")
        return "real: none"
    by_path: dict[str, list[Any]] = defaultdict(list)
    for meeting in meetings:
        by_path[meeting.path].append(meeting)
    path = work / "real-words.sqlite3"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    database = CorpusDatabase(path, "bench", fts="words")
    files = [ReadFile(p, 0, 0, found) for p, found in sorted(by_path.items())]
    database.write(files)
    index, _ = search.build(meetings)
    queries = search.make_queries(meetings, count, random.Random(1))
    hard = search.make_queries(
        meetings, count, random.Random(2), wanted=search.rare_phrases(meetings, 3)
    )
    scores = {}
    for side, searcher in (("database", DatabaseSearch(database, top=TOP)), ("memory", index)):
        scores[side] = (
            search.score(searcher, queries, f"real {side}"),
            search.score(searcher, hard, f"real hard {side}"),
        )
    database.close()
    line = "; ".join(
        f"{side} success@1 {real.at1:.3f} @10 {real.at10:.3f}, hard @1 {hard_score.at1:.3f} "
        f"@10 {hard_score.at10:.3f}"
        for side, (real, hard_score) in scores.items()
    )
    print(
        f"real: {len(meetings)} meetings from {folder}, {len(queries)} + {len(hard)} hard "
        f"known-item queries: {line}"
    )
    (real, hard_score) = scores["database"]
    return f"real {real.at1:.3f}/{real.at10:.3f} hard {hard_score.at1:.3f}/{hard_score.at10:.3f}"


def reusable(path: Path, fts: str, articles: int) -> bool:
    """Whether a database this bench wrote earlier at ``path`` holds ``articles`` meetings."""
    from dipreader.core.corpus.database import CorpusDatabase

    if not path.exists():
        return False
    database = CorpusDatabase(path, "bench", fts=fts)
    try:
        return database.notice is None and database.count() == articles
    finally:
        database.close()


def run_corpus(folder: Path, work: Path, args: argparse.Namespace) -> str:
    search = _bench_search()
    files, read_s, read_cpu_s = read_corpus(folder)
    meetings = [m for f in files for m in f.meetings]
    sentences = sum(len(m.sentences) for m in meetings)
    print(
        f"{folder}: {len(meetings)} articles, {sentences} sentences read in {read_s:.1f} s "
        f"(CPU {read_cpu_s:.1f} s, this process and the reading workers; the app's cache in "
        f"{os.environ['DIPREADER_CACHE_DIR']}); this process's peak rss {rss_mb():.0f} MB"
    )
    began = time.perf_counter()
    queries = search.make_queries(meetings, args.queries, random.Random(1))
    hard = search.make_queries(
        meetings, args.queries, random.Random(2), wanted=search.rare_phrases(meetings, 3)
    )
    made_s = time.perf_counter() - began
    print(f"  {len(queries)} + {len(hard)} hard queries made in {made_s:.0f} s")
    summary = []
    for fts in args.fts:
        path = work / f"{folder.name}-{fts}.sqlite3"
        if args.reuse and reusable(path, fts, len(meetings)):
            wrote = {"write_s": float("nan"), "optimize_s": float("nan")}
            wrote["size_mb"] = path.stat().st_size / 1e6
            print(f"  {fts}: reusing {path} ({wrote['size_mb']:.0f} MB)")
        else:
            wrote = write_database(path, files, fts)
            print(
                f"  {fts}: written in {wrote['write_s']:.1f} s "
                f"({len(meetings) / wrote['write_s']:.0f} articles/s, batches of {BATCH}), "
                f"optimize {wrote['optimize_s']:.1f} s, size {wrote['size_mb']:.0f} MB"
            )
        out = subprocess.run(
            [sys.executable, __file__, "--page-child", str(path), fts],
            capture_output=True,
            text=True,
            check=True,
        )
        page = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"  {fts}: fresh process: first 50 headers {page['first_page_s'] * 1000:.0f} ms after "
            f"start (rss {page['rss_first_mb']:.0f} MB); next page by key "
            f"{page['next_page_ms']:.1f} ms, last page by offset "
            f"{page['last_page_offset_ms']:.1f} ms, "
            f"filtered count {page['filtered_count_ms']:.1f} ms, filtered page "
            f"{page['filtered_page_ms']:.1f} ms, a filter matching nothing "
            f"{page['rare_filter_page_ms']:.1f} ms; one meeting p50 {page['meeting_p50_ms']:.2f} "
            f"p95 {page['meeting_p95_ms']:.2f} ms; vocabulary {page['vocabulary_s']:.2f} s; "
            f"peak rss {page['rss_mb']:.0f} MB; the search's vocabulary made in "
            f"{page['search_vocabulary_s']:.2f} s, {page['search_vocabulary_mb']:.0f} MB kept "
            f"(peak rss then {page['rss_search_mb']:.0f} MB)"
        )
        found = search_figures(path, fts, queries, hard, args.keystroke_queries, sentences)
        print(
            f"  {fts}: {found['terms']:.0f} terms; {found['keystrokes']:.0f} keystrokes: "
            f"candidates p50 {found['p50_ms']:.1f} ms, p95 {found['p95_ms']:.1f} ms, max "
            f"{found['max_ms']:.0f} ms, CPU p50 {found['cpu_p50_ms']:.1f} p95 "
            f"{found['cpu_p95_ms']:.1f} ms (their texts p95 {found['texts_p95_ms']:.1f} ms); "
            f"recall@{TOP} {found['recall']:.3f} ({len(queries)} queries), hard "
            f"{found['hard_recall']:.3f} ({len(hard)})"
        )
        ranked = ""
        if "search_p95_ms" in found:
            print(
                f"  {fts}: whole search (candidates, texts, ranker, hits; limit 50) p50 "
                f"{found['search_p50_ms']:.1f} ms, p95 {found['search_p95_ms']:.1f} ms wall; "
                f"CPU p50 {found['search_cpu_p50_ms']:.1f} ms, p95 "
                f"{found['search_cpu_p95_ms']:.1f} ms; known item in the top 10 "
                f"{found['top10']:.3f}, hard {found['hard_top10']:.3f}; vocabulary loaded in "
                f"{found['vocabulary_s']:.2f} s"
            )
            ranked = (
                f" search p95 {found['search_p95_ms']:.1f} ms (CPU "
                f"{found['search_cpu_p95_ms']:.1f}) top10 {found['top10']:.3f}/"
                f"{found['hard_top10']:.3f}"
            )
        summary.append(
            f"{fts} write {wrote['write_s']:.0f} s {wrote['size_mb']:.0f} MB rss "
            f"{page['rss_mb']:.0f} MB first page {page['first_page_s'] * 1000:.0f} ms p95 "
            f"{found['p95_ms']:.1f} ms recall {found['recall']:.3f}/{found['hard_recall']:.3f}"
            + ranked
        )
    return f"{len(meetings)} articles: " + "; ".join(summary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keystroke-queries", type=int, default=50)
    parser.add_argument("--work", type=Path, default=Path("/tmp/dipreader-bench-database"))
    parser.add_argument(
        "--fts",
        type=lambda text: text.split(","),
        default=list(VARIANTS),
        help="the tokenizers measured, comma-separated (words,trigram)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="search a database an earlier run wrote for the same corpus instead of writing it",
    )
    parser.add_argument(
        "--real",
        default=str(ROOT / ".." / "shared" / "real"),
        help="real readouts for the known-item comparison (../shared/real); '' for none",
    )
    parser.add_argument("--page-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.page_child:
        page_child(*args.page_child)
        return
    import sqlite3

    print(f"SQLite {sqlite3.sqlite_version} (trigram needs 3.34 or newer)")
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DIPREADER_CACHE_DIR", str(args.work / "app-cache"))
    lines = []
    if args.real:
        lines.append(real_figures(Path(args.real), args.work, args.queries))
    lines += [run_corpus(folder, args.work, args) for folder in args.corpora]
    print("database: " + " | ".join(lines))


if __name__ == "__main__":
    main()
