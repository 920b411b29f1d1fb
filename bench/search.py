"""Search speed and quality on a corpus folder, against an exhaustive rapidfuzz scan.

Usage: python bench/search.py CORPUS_DIR [--queries 200] [--seed 1]
       [--no-exhaustive] [--processor]        (BENCH_VERBOSE=1 prints each miss)

Builds the index (and times it), then runs known-item queries: a phrase of 2 to 4 words from a
random sentence with one typo (two adjacent letters swapped, one dropped or one doubled),
searched once per keystroke as the user types it. The same full queries go through an
exhaustive ``process.extract(..., scorer=fuzz.partial_ratio)`` over every sentence. A query
succeeds when a sentence holding the phrase (the same words in the same order, case and
punctuation aside) is in the top 10. The last line sums it up. The exhaustive scan is called
exactly as written above (no processor: case and punctuation count); ``--processor`` gives it
rapidfuzz's ``default_process`` instead.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from dipreader.core.model import Meeting
from dipreader.core.search.index import SearchIndex
from dipreader.core.search.index_file import INDEX_FILE, load_index, save_index

_WORD = re.compile(r"[^\W_]+")


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def load(folder: Path) -> list[Meeting]:
    """The corpus through the project's loader (parsed, attributed; the app's cache is used)."""
    from dipreader.core.corpus.corpus import load as load_corpus

    return load_corpus([folder]).meetings


def norm_words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


def holds(sentence: str, phrase: list[str]) -> bool:
    return f" {' '.join(phrase)} " in f" {' '.join(norm_words(sentence))} "


def typo(word: str, rng: random.Random) -> str:
    """``word`` with one typo: adjacent letters swapped, a letter dropped or doubled."""
    letters = [index for index, char in enumerate(word) if char.isalpha()]
    for _ in range(20):
        kind = rng.choice(("swap", "drop", "double"))
        index = rng.choice(letters)
        if kind == "swap":
            if index + 1 >= len(word) or not word[index + 1].isalpha():
                continue
            if word[index] == word[index + 1]:
                continue
            changed = word[:index] + word[index + 1] + word[index] + word[index + 2 :]
        elif kind == "drop":
            changed = word[:index] + word[index + 1 :]
        else:
            changed = word[: index + 1] + word[index] + word[index + 1 :]
        if changed != word:
            return changed
    return word[:-1]


def make_queries(
    meetings: list[Meeting], count: int, rng: random.Random
) -> list[tuple[str, list[str]]]:
    """``count`` (typed query, phrase words) pairs."""
    queries: list[tuple[str, list[str]]] = []
    while len(queries) < count:
        meeting = rng.choice(meetings)
        if not meeting.sentences:
            continue
        sentence = meeting.sentence_text(rng.randrange(len(meeting.sentences)))
        tokens = sentence.split()
        size = rng.randint(2, 4)
        if len(tokens) < size:
            continue
        start = rng.randrange(len(tokens) - size + 1)
        picked = [token.strip(".,;:!?\"'“”‘’()[]") for token in tokens[start : start + size]]
        if not all(picked):
            continue
        candidates = [i for i, token in enumerate(picked) if sum(c.isalpha() for c in token) >= 3]
        if not candidates:
            continue
        target = rng.choice(candidates)
        typed = list(picked)
        typed[target] = typo(picked[target], rng)
        phrase = norm_words(" ".join(picked))
        if not phrase:
            continue
        queries.append((" ".join(typed), phrase))
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=50, help="hits asked per keystroke")
    parser.add_argument("--no-exhaustive", action="store_true", help="skip the slow scan")
    parser.add_argument(
        "--processor",
        action="store_true",
        help="give the exhaustive scan rapidfuzz's default_process (lower case, no punctuation)",
    )
    args = parser.parse_args()

    start = time.perf_counter()
    meetings = load(args.corpus)
    load_s = time.perf_counter() - start
    sentences = sum(len(meeting.sentences) for meeting in meetings)
    rss_before = rss_mb()
    print(f"loaded {len(meetings)} meetings, {sentences} sentences in {load_s:.2f} s")

    index = SearchIndex()
    start = time.perf_counter()
    index.add_many(meetings)
    build_s = time.perf_counter() - start
    words = index.vocabulary_size
    print(
        f"index build {build_s:.2f} s, {words} words, "
        f"rss +{rss_mb() - rss_before:.0f} MB (now {rss_mb():.0f})"
    )
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        save_index(index, Path(folder))
        dump_s = time.perf_counter() - start
        size = (Path(folder) / INDEX_FILE).stat().st_size
        start = time.perf_counter()
        restored = load_index(Path(folder), meetings)
        restore_s = time.perf_counter() - start
    assert restored is not None
    del restored
    print(f"index stored {size / 1e6:.1f} MB in {dump_s:.2f} s, loaded back in {restore_s:.2f} s")

    rng = random.Random(args.seed)
    queries = make_queries(meetings, args.queries, rng)
    keystroke_ms: list[float] = []
    found = 0
    for typed, phrase in queries:
        for end in range(1, len(typed) + 1):
            elapsed, _ = timed(partial(index.search, typed[:end], limit=args.limit))
            keystroke_ms.append(elapsed)
        hits = index.search(typed, limit=10)
        if any(holds(hit.text, phrase) for hit in hits):
            found += 1
        elif os.environ.get("BENCH_VERBOSE"):
            print(f"miss: {typed!r} for {' '.join(phrase)!r}", file=sys.stderr)
    success = found / len(queries)
    p50 = statistics.median(keystroke_ms)
    p95 = percentile(keystroke_ms, 0.95)
    print(
        f"{len(keystroke_ms)} keystroke searches: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(keystroke_ms):.1f} ms; success@10 {success:.3f}"
    )

    exhaustive_ms: list[float] = []
    exhaustive_found = 0
    if not args.no_exhaustive:
        texts = [
            meeting.sentence_text(i) for meeting in meetings for i in range(len(meeting.sentences))
        ]
        for typed, phrase in queries:
            elapsed, result = timed(
                partial(
                    process.extract,
                    typed,
                    texts,
                    scorer=fuzz.partial_ratio,
                    processor=utils.default_process if args.processor else None,
                    limit=10,
                )
            )
            exhaustive_ms.append(elapsed)
            assert isinstance(result, list)
            if any(holds(text, phrase) for text, _, _ in result):
                exhaustive_found += 1
    exhaustive_p95 = percentile(exhaustive_ms, 0.95) if exhaustive_ms else float("nan")
    exhaustive_success = exhaustive_found / len(queries) if exhaustive_ms else float("nan")
    print(
        f"search p50 {p50:.1f} ms, p95 {p95:.1f} ms, exhaustive p95 {exhaustive_p95:.1f} ms, "
        f"speedup {exhaustive_p95 / p95:.1f} x, success@10 {success:.3f}, "
        f"exhaustive success@10 {exhaustive_success:.3f}"
    )


if __name__ == "__main__":
    main()
